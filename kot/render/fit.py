"""Tables that never break a word: a table when every column fits its longest word at the width of the
terminal, else the same records stacked, one after another, wrapped at spaces.

Why: rich narrows a column below its longest word when the table is wider than the screen, and then cuts
words ("Backwar d") and ids a coach must type. A stacked record reads as well at 80 columns as at 40.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text


def light_table(title: str | None = None) -> Table:
    """A table with little chrome, so the words get the width: a rule under the header, no borders."""
    return Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        header_style="bold",
        title_style="bold",
    )


class Fitted:
    """`table` when its narrowest layout (each column as wide as its longest word) fits, else `stacked()`."""

    def __init__(self, table: Table, stacked: Callable[[], RenderableType]):
        self.table = table
        self.stacked = stacked

    def fits(self, console: Console, options: ConsoleOptions) -> bool:
        """Whether rich would give every column at least its longest word (else it cuts words to fit)."""
        table = self.table
        options = options.update_width(max(1, options.max_width - table._extra_width))  # as rich lays it out
        widths = table._calculate_column_widths(console, options)
        for column, width in zip(table.columns, widths, strict=True):
            if width < table._measure_column(console, options, column).minimum:
                return False
        return True

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table if self.fits(console, options) else self.stacked()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if self.fits(console, options):
            return Measurement.get(console, options, self.table)
        return Measurement.get(console, options, self.stacked())


def record(head: Text | str, fields: Sequence[tuple[str, str | Text]], indent: int = 2) -> RenderableType:
    """One record of a stacked table: its head on a line, then `label: value` lines indented under it, each
    wrapped at spaces with its continuation lines under the value."""
    head_text = head if isinstance(head, Text) else Text(head, style="bold")
    lines: list[RenderableType] = [head_text]
    for label, value in fields:
        value = value if isinstance(value, Text) else Text(value)
        if label:
            row = Table.grid(padding=(0, 1, 0, 0))
            row.add_column(no_wrap=True, style="dim")
            row.add_column()
            row.add_row(f"{label}:", value)
            lines.append(Padding(row, (0, 0, 0, indent)))
        else:
            lines.append(Padding(value, (0, 0, 0, indent)))
    return Group(*lines)


def stacked(title: str | None, records: Sequence[RenderableType]) -> RenderableType:
    """Records one after another, a blank line between them, under an optional bold title."""
    parts: list[RenderableType] = [Text(title, style="bold")] if title else []
    for number, item in enumerate(records):
        if number or title:
            parts.append(Text(""))
        parts.append(item)
    return Group(*parts)
