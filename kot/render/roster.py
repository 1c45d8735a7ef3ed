"""The coach's views of the diary: the roster of clients and the check-in history, as tables that never
break a word: a table when every column fits the terminal, else one block per row (a stacked layout)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from kot.render.csv import _write
from kot.render.view import line
from kot.results import Client, Logged

GAP = 2  # columns between two table columns


class FitOrStack:
    """Rows as a table when each cell fits whole on one line at the console's width; otherwise each row as
    a block, its first cell as a heading and the rest as `name: value` lines wrapped at spaces."""

    def __init__(self, title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], empty: str, head: int = 1):
        self.title, self.columns, self.empty, self.head = title, list(columns), empty, head
        self.rows = [[line(cell) for cell in row] for row in rows]

    def _shown(self) -> list[int]:
        """The columns with something in them (an empty column only costs width)."""
        return [n for n in range(len(self.columns)) if n < self.head or any(r[n] for r in self.rows)]

    def _widths(self) -> dict[int, int]:
        return {n: max([cell_len(self.columns[n]), *(cell_len(r[n]) for r in self.rows)]) for n in self._shown()}

    def natural_width(self) -> int:
        widths = self._widths()
        return sum(widths.values()) + GAP * (len(widths) - 1)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(self.title, style="bold")
        if not self.rows:
            yield Text(self.empty)
            return
        if self.natural_width() <= options.max_width:
            widths = self._widths()
            for n, row in enumerate([self.columns, *self.rows]):
                cells = [row[c] + " " * (w - cell_len(row[c])) for c, w in widths.items()]
                yield Text((" " * GAP).join(cells).rstrip(), style="bold" if n == 0 else "", no_wrap=True)
            return
        for n, row in enumerate(self.rows):
            if n:
                yield Text("")
            yield Text("  ".join(row[: self.head]), style="bold", overflow="fold")
            for column, cell in zip(self.columns[self.head :], row[self.head :], strict=True):
                if cell:
                    yield Text(f"  {column}: {cell}", overflow="fold")


def clients_table(rows: Sequence[Client]) -> FitOrStack:
    return FitOrStack(
        "Clients",
        ["client", "coach", "goal", "next", "last check-in", "status", "path"],
        [
            [
                r.client or "-",
                r.coach or "-",
                r.goal or "-",
                r.next_session,
                r.last_checkin or "-",
                r.status,
                r.path or "-",
            ]
            for r in rows
        ],
        "No plans to show. A plan appears here once it has a check-in (kot checkin PLAN); --attention shows "
        "only the stopped, escalated and flaring ones.",
    )


def clients_csv(rows: Sequence[Client]) -> str:
    header = ["client", "coach", "goal", "next", "last_checkin", "status", "path", "plan_id"]
    return _write(
        header,
        (
            [
                r.client or "",
                r.coach or "",
                r.goal or "",
                r.next_session,
                r.last_checkin or "",
                r.status,
                r.path or "",
                r.plan_id,
            ]
            for r in rows
        ),
    )


def history_table(logged: Sequence[Logged], *, show_plan: bool = True) -> FitOrStack:
    """Each check-in with its client, date and whole plan id (never cut)."""
    columns = ["client", "date", "session", "status", "during", "next morning", "exercises", "symptoms", "note"]
    columns += ["plan"] * show_plan
    rows = []
    for entry in logged:
        c = entry.checkin
        skipped = c.status == "skipped"
        rows.append(
            [
                entry.client or "-",
                c.date or (c.recorded_at or "")[:10] or "-",
                f"week {c.week} day {c.day}",
                c.status,
                "-" if skipped else f"{c.during}/10",
                "-" if c.next_morning is None else f"{c.next_morning}/10",
                ", ".join(f"{k} {v}/10" for k, v in c.exercises.items()),
                ", ".join(c.symptoms),
                c.note or "",
                *[c.plan_id] * show_plan,
            ]
        )
    return FitOrStack("Check-ins", columns, rows, "No check-ins yet.", head=3)
