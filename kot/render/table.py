"""The terminal view of a program: the overview (header, safety, the progression grid, one week in detail,
what to do next), every week with `--full`, and one session to do with `kot today`.

Every piece of text from a file goes into a rich Text as plain text, never markup, so a cue reading
"[/]" or "[link=...]" prints as written. Wide tables wrap their cells; nothing is cut with an ellipsis.
"""

from __future__ import annotations

import math

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from kot.model import Program
from kot.render import view
from kot.render.commands import fit_command

LABEL_WIDTH = 16
CELL_WIDTH = 9  # '^L2 4x30s'


def program_view(
    program: Program,
    *,
    week: int | None = None,
    full: bool = False,
    explain: bool = False,
    saved: str | None = None,
    save: str | None = None,
) -> RenderableType:
    """What `kot plan` and `kot show` print: the overview, with week 1 (or `week`) in detail, or every week."""
    parts: list[RenderableType] = [_header(program), _safety(program)]
    parts += [_Grids(program)]  # on the first screen: what the plan asks beside it and assumed come after it
    if beyond := view.beyond_sessions(program):
        parts += [Text("\n" + view.BEYOND_HEADING + ":", style="bold"), _bullets(beyond)]
    parts += [_assumptions(program)]
    for w in program.weeks if full else [program.weeks[(week or 1) - 1]]:
        parts.append(_week_detail(program, w, explain))
    if program.education:
        parts += [Text("\nWhy it is built this way", style="bold"), _bullets([view.line(e) for e in program.education])]
    parts.append(Text(view.line(program.disclaimer), style="italic"))
    parts.append(_Commands(view.next_steps(program, saved, save)))
    return Group(*parts)


class _Hanging:
    """`marker body`, every line of the body hanging under its first word, never under the marker.

    Why not a two-column grid: the overview prints dozens of these, nested, and a table measures every cell
    before it renders it; this renders the body once, at the width left of the marker."""

    def __init__(self, marker: str, body: RenderableType, width: int = 0):
        self.marker = marker.rjust(width)
        self.body = body

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = len(self.marker) + 1
        inner = options.update(width=max(1, options.max_width - indent), height=None)
        lines = console.render_lines(self.body, inner, pad=False, new_lines=False)
        for number, line in enumerate(lines):
            yield Segment(self.marker + " " if number == 0 else " " * indent)
            yield from _rstrip(line)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        indent = len(self.marker) + 1
        body = Measurement.get(console, options.update_width(max(1, options.max_width - indent)), self.body)
        return Measurement(body.minimum + indent, body.maximum + indent)


class _Commands:
    """Lines of text with command lines among them ("  kot ...   # what it does"), fitted to the width so
    that a copied command still runs as written: a line too long keeps its comment on a line of its own
    (a shell comment) and breaks between words with a backslash, never inside a word."""

    def __init__(self, text: str, style: str = "bold"):
        self.lines = text.splitlines()
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines:
            for piece in fit_command(line, options.max_width):
                if piece.startswith(" "):  # a command or its comment, already fitted: never wrapped again
                    yield Text(piece, style=self.style, no_wrap=True, overflow="ignore")
                else:
                    yield Text(piece, style=self.style)


def _rstrip(line: list[Segment]) -> list[Segment]:
    """A rendered line without the spaces wrapping leaves at its end."""
    while line and not line[-1].control and line[-1].text.endswith(" "):
        last = line.pop()
        if kept := last.text.rstrip(" "):
            return [*line, Segment(kept, last.style)]
    return line


def _bullets(lines: list[str], style: str = "", marker: str = "-") -> Group:
    """A list whose wrapped lines hang under their first word, never under the marker."""
    return Group(*(_Hanging(marker, Text(entry, style=style, overflow="fold")) for entry in lines))


def _header(program: Program) -> RenderableType:
    text = Text(view.header(program), style="bold")
    made = view.who(program)
    if made:
        text.append("\n" + made)
    return text


def _assumptions(program: Program) -> RenderableType:
    """What the plan assumed and left out: after the grid, so the grid starts on the first screen."""
    found = view.assumptions(program)
    if not found:
        return Group()
    return Group(Text("\nWhat this plan assumes", style="bold"), _bullets(found, style="dim"))


def _safety(program: Program) -> RenderableType:
    parts: list[RenderableType] = [Text("")]
    if program.clinician_advice:
        parts.append(Text(view.line(program.clinician_advice), style="bold red"))
    parts.append(Text(view.stop_line(program), style="bold"))
    parts += [Text("Pain rules:", style="bold"), _bullets(view.pain_rules(program))]
    return Group(*parts)


class _Grids:
    """The progression grids, split into blocks of weeks that fit the width (never cut)."""

    def __init__(self, program: Program):
        self.grids = view.grids(program)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for grid in self.grids:
            yield Text(f"\nHow it progresses: {grid.label}", style="bold")
            count = len(grid.weeks)
            cell = max([CELL_WIDTH - 2, *(len(c.text) + c.step for r in grid.rows for c in r.cells if c)])
            label = _label_width(grid, width, cell, count)
            per_block = max(1, (width - label - 1) // (cell + 1))
            blocks = math.ceil(count / per_block)
            size = math.ceil(count / blocks)
            for start in range(0, count, size):
                yield _grid_block(grid, start, min(count, start + size), label, cell)
        yield Text("\n".join(view.LEGEND), style="dim")


def _label_width(grid: view.Grid, width: int, cell: int, count: int) -> int:
    """The exercise names on one line when that still leaves room for four weeks (or all, if fewer), else
    LABEL_WIDTH columns, wrapped at spaces."""
    longest = max([8, *(len(row.name) for row in grid.rows)])
    if width - longest - 1 >= min(count, 4) * (cell + 1):
        return longest
    return min(longest, LABEL_WIDTH)


def _grid_block(grid: view.Grid, start: int, end: int, label: int, cell: int) -> Table:
    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), header_style="bold")
    table.add_column("", width=label)
    for head in grid.weeks[start:end]:
        table.add_column(Text(head.label, style="magenta" if head.kind else ""), min_width=cell, no_wrap=True)
    for row in grid.rows:
        cells: list[Text] = [Text(row.name)]
        for cell in row.cells[start:end]:
            if cell is None:
                cells.append(Text("-", style="dim"))
            elif cell.step:
                cells.append(Text(view.STEP_MARK + cell.text, style="bold green"))
            else:
                cells.append(Text(cell.text))
        table.add_row(*cells)
    return table


def _week_detail(program: Program, week, explain: bool) -> RenderableType:  # noqa: ANN001 - a Week
    kind = {"lighter": " (a lighter week: about half the sets)", "same": " (the same as last week)"}
    head = Text(f"\nWeek {week.number} in detail{kind.get(view.week_kind(week), '')}", style="bold underline")
    parts: list[RenderableType] = [head]
    for session in view.sessions(program, week):
        parts.append(_session(session, explain))
    return Group(*parts)


def _session(session: view.SessionView, explain: bool, boxes: bool = False) -> RenderableType:
    head = Text(f"\n{session.label}: {session.title}, about {session.minutes} min", style="bold")
    width = len(f"{len(session.items)}.")
    items = Group(
        *(_Hanging(f"{n}.", _item(item, explain, boxes), width) for n, item in enumerate(session.items, start=1))
    )
    return Group(head, items)


def _item(item: view.ItemView, explain: bool, boxes: bool) -> RenderableType:
    text = Text(item.name, style="bold")
    text.append(f", {item.level}")
    extra = [f"tempo {item.tempo}" if item.tempo != "-" else "", f"rest {item.rest}" if item.rest != "-" else ""]
    text.append(f"\n{item.dose}", style="bold cyan")
    if any(extra):
        text.append("; " + ", ".join(e for e in extra if e))
    if boxes:
        sides = ["left ", "right"] if item.per_side else [""]
        for side in sides:
            text.append("\n" + (f"{side} " if side else "") + "  ".join("[ ]" for _ in range(item.sets)))
    parts: list[RenderableType] = [text, _bullets(list(item.cues))]
    parts.append(Text.assemble(("Move up when: ", "italic"), (item.move_up, "italic")))
    for m in item.media:
        parts.append(Text(f"Video: {m}", style="dim"))
    if explain:
        parts.append(_bullets(list(item.why), style="cyan", marker=">"))
    return Group(*parts)


def today_view(program: Program, week: int, day: int, path: str, note: str = "") -> RenderableType:
    """One session to do: every cue, the criteria, boxes to tick per set, and the check-in line."""
    session = next(s for s in view.sessions(program, program.weeks[week - 1]) if day in s.days)
    title = Text(
        f"Week {week}, day {day} ({view.day_names(program.inputs.days)[day - 1]}): {session.title}, "
        f"about {session.minutes} min",
        style="bold",
    )
    parts: list[RenderableType] = [title]
    if note:
        parts.append(Text(note, style="dim"))
    if program.clinician_advice:
        parts.append(Text(view.line(program.clinician_advice), style="bold red"))
    parts.append(_session(session, explain=False, boxes=True).renderables[1])
    if extras := view.week_extras(program, program.weeks[week - 1]):
        parts += [Text("\nThis week, beside the sessions:", style="bold"), _bullets(extras)]
    parts.append(Text("\n" + view.stop_line(program), style="bold"))
    parts.append(Text("Pain rules: " + " ".join(view.pain_rules(program)[:2])))
    parts.append(Text("\nAfterwards, record how it went (one line, to copy):", style="bold"))
    return Group(*parts)
