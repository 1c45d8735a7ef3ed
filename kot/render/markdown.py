"""GitHub-flavoured markdown of a program, for phones and GitHub: the same content as the terminal and the
handout (the progression grid, every week in detail with every cue and criterion), in plain words, valid
GFM tables. Text from files is escaped, so it can neither add markup nor inject HTML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from kot.model import Program
from kot.render import view

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def esc(text: str) -> str:
    """Markdown-safe text: one line, every character that could start markup escaped, & as an entity."""
    return _SPECIAL.sub(r"\\\1", view.line(text).replace("&", "&amp;"))


_AUTOLINK = re.compile(r"https?://[^\x00-\x20<>\x7f-\x9f]+")


def autolink(url: str) -> str:
    """A link as a CommonMark autolink, `<https://...>`, written as it is: inside the angle brackets a backslash
    is not an escape but part of the link, so escaping would break it. A link that is not a plain http(s)
    address (the models never let one through) is printed as escaped text instead."""
    return f"<{url}>" if _AUTOLINK.fullmatch(url) else esc(url)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(c or " " for c in cells) + " |"


def _table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return [_row(head), "|" + "|".join(["---"] * len(head)) + "|", *(_row(r) for r in rows), ""]


def _grid(grid: view.Grid) -> list[str]:
    head = ["Exercise", *(h.label for h in grid.weeks)]
    rows = [
        [esc(r.name), *((("**^" + c.text + "**") if c.step else c.text) if c else "-" for c in r.cells)]
        for r in grid.rows
    ]
    return [f"### {esc(grid.label)}", "", *_table(head, rows)]


def _session(program: Program, session: view.SessionView, explain: bool, log_sheet: bool) -> list[str]:
    """A session as a numbered list, one exercise per item with its cues under it: it reads on a phone (a
    wide table of cues would not), and prints as a list anywhere."""
    lines = [f"### {esc(session.label)}: {esc(session.title)}, about {session.minutes} min", ""]
    for n, item in enumerate(session.items, start=1):
        how = [
            f"tempo {esc(item.tempo)}" if item.tempo != "-" else "",
            f"rest {esc(item.rest)}" if item.rest != "-" else "",
        ]
        how_text = "; " + ", ".join(h for h in how if h) if any(how) else ""
        lines.append(f"{n}. **{esc(item.name)}**, {esc(item.level)}: **{esc(item.dose)}**{how_text}")
        lines += [f"   - {esc(c)}" for c in item.cues]
        lines.append(f"   - _Move up when:_ {esc(item.move_up)}")
        lines += [f"   - Video: {autolink(m)}" for m in item.media]
        if explain:
            lines += [f"   - _Why:_ {esc(w)}" for w in item.why]
    lines.append("")
    if log_sheet:
        boxes = "; ".join(
            f"{esc(i.name)} " + " ".join("☐" * i.sets for _ in range(2 if i.per_side else 1)) for i in session.items
        )
        for day in session.days:  # one line per session, never one for several days
            lines += [
                f"**{esc(view.days_label([day], program.inputs.days))}**",
                "",
                f"- Done (tick a box per set): {boxes}",
                "- Date: ________ · Pain during: ____/10 · Next morning: ____/10 · Notes: ______________________",
                "",
            ]
    return lines


def _checkin_log(checkins: Sequence) -> list[str]:
    rows = [
        [
            str(c.week),
            str(c.day),
            esc(c.date or ""),
            c.status,
            "-" if c.status == "skipped" else f"{c.during}/10",
            "-" if c.next_morning is None else f"{c.next_morning}/10",
            ", ".join(f"{esc(k)} {v}/10" for k, v in c.exercises.items()),
            esc(c.note or ""),
        ]
        for c in checkins
    ]
    head = ["Week", "Day", "Date", "Status", "Pain during", "Next morning", "Exercises", "Note"]
    return ["## Check-in log", "", *_table(head, rows)]


class WithFiles(str):
    """A document and the files that go beside it (relative path -> text): the markdown's pictures."""

    files: dict[str, str]

    def __new__(cls, text: str, files: dict[str, str]) -> WithFiles:
        made = super().__new__(cls, text)
        made.files = files
        return made


def _pictures(
    program: Program, pictures: Mapping[tuple[str, str], Any], folder: str
) -> tuple[list[str], dict[str, str]]:
    """A section with each level's picture, linked from `folder`, and the SVG files to write there."""
    from kot.render.figure import to_svg

    lines: list[str] = []
    files: dict[str, str] = {}
    for week in program.weeks:
        for session in week.sessions:
            for item in session.items:
                picture = pictures.get((item.exercise, item.level))
                name = f"{item.exercise}-{item.level}.svg"
                if picture is None or f"{folder}/{name}" in files:
                    continue
                title = f"{item.family_name}, level {item.level_number}: {item.name}"
                files[f"{folder}/{name}"] = to_svg(picture.pose, title=title, knee_demand=picture.knee_demand)
                lines += [f"### {esc(title)}", "", f"![{esc(title)}]({quote(folder)}/{quote(name)})", ""]
    return (["## Exercise pictures", "", *lines] if lines else []), files


def to_markdown(
    program: Program,
    *,
    explain: bool = False,
    log_sheet: bool = False,
    checkins: Sequence = (),
    pictures: Mapping[tuple[str, str], Any] | None = None,
    figure_folder: str | None = None,
) -> str:
    """The whole program as one markdown document, with the check-in log when there is one. Written to a
    file (`figure_folder` set), it links each level's picture, returned beside it as files to write."""
    lines = [f"# {esc(program.goal_name)}: {view.plan_noun(program.inputs.weeks)}", ""]
    made = view.who(program)
    if made:
        lines += [esc(made), ""]
    lines += [f"**{esc(view.header(program))}**", ""]
    lines += [f"- {esc(a)}" for a in view.assumptions(program)] + [""]
    if program.clinician_advice:
        lines += [f"> **{esc(program.clinician_advice)}**", ""]
    lines += [f"## {esc(view.stop_line(program).split(':')[0])}", ""]
    lines += [f"- {esc(s)}" for s in program.stop_signs] + [""]
    lines += ["## Pain rules", "", *[f"- {esc(r)}" for r in view.pain_rules(program)], ""]
    if beyond := view.beyond_sessions(program):
        lines += [f"## {view.BEYOND_HEADING}", "", *[f"- {esc(b)}" for b in beyond], ""]
    lines += ["## How it progresses", ""]
    for grid in view.grids(program):
        lines += _grid(grid)
    lines += [*(f"- {esc(legend)}" for legend in view.LEGEND), ""]
    files: dict[str, str] = {}
    if pictures and figure_folder:
        section, files = _pictures(program, pictures, figure_folder)
        lines += section
    for week in program.weeks:
        kind = {"lighter": ": a lighter week (about half the sets)", "same": ": the same as last week"}
        lines += [f"## Week {week.number}{kind.get(view.week_kind(week), '')}", ""]
        for session in view.sessions(program, week):
            lines += _session(program, session, explain, log_sheet)
    if program.education:
        lines += ["## Why it is built this way", "", *[f"- {esc(e)}" for e in program.education], ""]
    if checkins:
        lines += _checkin_log(checkins)
    lines += [f"_{esc(program.disclaimer)}_", ""]
    lines.append(f"<sub>Made by kot {esc(program.kot_version)} (library {esc(program.library_version)}).</sub>")
    text = "\n".join(lines) + "\n"
    return WithFiles(text, files) if files else text
