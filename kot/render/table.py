"""Rich tables for the terminal: a header, then one table per session grouped by week."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from kot import rules
from kot.model import Program, Session
from kot.render import text


def _session_table(session: Session, explain: bool) -> Table:
    table = Table(
        title=f"Day {session.day}: {session.title} (~{session.estimated_minutes} min)",
        title_justify="left",
        expand=True,
        show_lines=True,
        pad_edge=False,
    )
    table.add_column("Exercise", ratio=5)
    table.add_column("Dose", no_wrap=True)
    table.add_column("Tempo", no_wrap=True)
    table.add_column("Rest", no_wrap=True)
    table.add_column("Cues", ratio=4)
    for item in session.items:
        cell = Text(item.family_name, style="bold")
        cell.append(f"\nL{text.level_label(item)}", style="dim")
        cell.append(f"\nMove up when: {item.move_up_when}", style="italic")
        if explain:
            for why in item.why:
                cell.append(f"\n- {why}", style="italic cyan")
        table.add_row(cell, text.dose(item), item.tempo or "-", text.rest(item), "\n".join(f"- {c}" for c in item.cues))
    return table


def header(program: Program) -> RenderableType:
    lines = Text()
    lines.append(text.header_line(program) + "\n", style="bold")
    band_style = {"green": "green", "yellow": "yellow", "orange": "dark_orange"}.get(program.pain_band.value, "red")
    lines.append(text.pain_line(program) + "\n", style=band_style)
    kit = ", ".join(program.inputs.equipment)
    lines.append(f"Equipment: {kit}\n")
    for assumption in program.assumptions:
        lines.append(f"- {assumption}\n", style="dim")
    lines.append("\nPain rules\n", style="bold")
    for rule in program.pain_rules:
        lines.append(f"- {rule}\n")
    if program.stop_signs:
        lines.append(f"\n{rules.STOP_HEADING}: " + "; ".join(program.stop_signs) + ".\n", style="bold")
    if program.clinician_advice:
        lines.append(f"\n{program.clinician_advice}\n", style="bold dark_orange")
    if program.education:
        lines.append("\nWhy knees over toes\n", style="bold")
        for line in program.education:
            lines.append(f"- {line}\n")
    lines.append(f"\n{program.disclaimer}", style="italic")
    return Panel(lines, title=f"kot {program.kot_version}", title_align="left")


def program_view(program: Program, week: int | None = None, explain: bool = False) -> RenderableType:
    """Everything `kot plan` prints as tables."""
    parts: list[RenderableType] = [header(program)]
    for w in program.weeks:
        if week is not None and w.number != week:
            continue
        style = "bold magenta" if w.deload else "bold"
        parts.append(Text("\n" + text.week_heading(w.number, w.phase, w.deload, w.consolidate), style=style))
        parts.extend(_session_table(s, explain) for s in w.sessions)
    return Group(*parts)
