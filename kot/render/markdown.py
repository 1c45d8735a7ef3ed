"""GitHub-flavoured markdown of a program: readable on a phone, printable, valid GFM tables."""

from __future__ import annotations

from collections.abc import Sequence

from kot import rules
from kot.model import Item, Program, Session
from kot.render import text


def _cell(value: str) -> str:
    """Table cells cannot hold pipes or line breaks."""
    return value.replace("|", "\\|").replace("\n", " ").strip() or "-"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _session(session: Session, explain: bool, log_sheet: bool) -> list[str]:
    lines = [f"### Day {session.day}: {session.title} (~{session.estimated_minutes} min)", ""]
    head = ["Exercise", "Level", "Dose", "Tempo", "Rest", "Cues", "Move up when"]
    if log_sheet:
        head += ["Reps done (per set)", "Pain during (0-10)", "Next morning (0-10)"]
    lines += [_row(head), "|" + "|".join(["---"] * len(head)) + "|"]
    for item in session.items:
        row = [
            item.family_name,
            text.level_label(item),
            text.dose(item),
            item.tempo or "-",
            text.rest(item),
            "; ".join(item.cues),
            item.move_up_when,
        ]
        if log_sheet:
            row += [" / ".join(["__"] * item.sets), "", ""]
        lines.append(_row(row))
    if explain:
        lines.append("")
        lines += [_explain(item) for item in session.items]
    lines.append("")
    return lines


def _explain(item: Item) -> str:
    return f"- **{item.family_name}**: " + "; ".join(item.why)


def _checkin_log(checkins: Sequence) -> list[str]:
    lines = [
        "## Check-in log",
        "",
        _row(["Week", "Day", "Status", "Pain during", "Next morning", "Exercises", "Note"]),
        "|" + "|".join(["---"] * 7) + "|",
    ]
    for c in checkins:
        skipped = c.status == "skipped"
        lines.append(
            _row(
                [
                    str(c.week),
                    str(c.day),
                    c.status,
                    "-" if skipped else f"{c.during}/10",
                    "-" if c.next_morning is None else f"{c.next_morning}/10",
                    ", ".join(f"{k} {v}/10" for k, v in c.exercises.items()),
                    c.note or "",
                ]
            )
        )
    return [*lines, ""]


def to_markdown(program: Program, *, explain: bool = False, log_sheet: bool = False, checkins: Sequence = ()) -> str:
    """The whole program as one markdown document, with the check-in log when there is one."""
    i = program.inputs
    lines = [f"# {program.goal_name}: {i.weeks}-week knees-over-toes program", ""]
    lines += [f"**{text.header_line(program)}.**", "", f"**{text.pain_line(program)}.**", ""]
    lines += [f"- Equipment: {', '.join(i.equipment)}", *[f"- {a}" for a in program.assumptions], ""]
    lines += ["## Pain rules", "", *[f"- {r}" for r in program.pain_rules], ""]
    if program.stop_signs:
        lines += [f"## {rules.STOP_HEADING}", "", *[f"- {s}" for s in program.stop_signs], ""]
    if program.clinician_advice:
        lines += [f"> **{program.clinician_advice}**", ""]
    if program.education:
        lines += ["## Why knees over toes", "", *[f"- {e}" for e in program.education], ""]
    lines += [f"_{program.disclaimer}_", ""]
    for week in program.weeks:
        lines += [f"## {text.week_heading(week.number, week.phase, week.deload, week.consolidate)}", ""]
        if week.deload:
            lines += ["Lighter week: about half the sets, same exercises and levels.", ""]
        for session in week.sessions:
            lines += _session(session, explain, log_sheet)
    if checkins:
        lines += _checkin_log(checkins)
    lines.append(f"<sub>Made by kot {program.kot_version} (library {program.library_version}).</sub>")
    return "\n".join(lines) + "\n"
