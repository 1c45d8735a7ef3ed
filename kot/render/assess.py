"""What `kot assess` prints: a test's card, the list of tests, an assessment's placements, the retests over
time, and the printable cards (one self-contained HTML file with a place to write each result).

Plain text wrapped at word boundaries to the width given; every text from a file is shown literally, and
HTML-escaped in the cards.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from html import escape

from kot.render import view
from kot.render.html import CSS
from kot.testcards import Assessment, PlacementTest


def _wrap(text: str, width: int, indent: str = "", first: str | None = None) -> list[str]:
    return textwrap.wrap(
        view.line(text),
        width=max(width, 30),
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent]


def wrapped(text: str, width: int = 80) -> str:
    return "\n".join(_wrap(text, width)) + "\n"


def card(test: PlacementTest, width: int = 80, notes: Sequence[str] = (), number: str = "") -> str:
    """One test's card: what you need, how to do it, when to stop, what to write down."""
    out = [f"{number}{view.line(test.name)} ({test.code}, about {test.minutes} min)"]
    for note in notes:
        out += _wrap(note, width, "  ", "! ")
    out += _wrap("You need: " + ", ".join(test.kit) + ".", width, "  ", "")
    out.append("How to do it:")
    for n, step in enumerate(test.steps, 1):
        out += _wrap(step, width, "     ", f"  {n}. ")
    out.append("Stop when:")
    for stop in test.stop_when:
        out += _wrap(stop, width, "    ", "  - ")
    pain = " and the highest pain you felt during it (0-10)" if test.asks_pain else ""
    out += _wrap(f"Write down: {test.record.what}{pain}.", width, "  ", "")
    return "\n".join(out) + "\n"


def record_words(test: PlacementTest) -> str:
    r = test.record
    return f"{r.what}, {r.range[0]}-{r.range[1]} {r.unit}"


def details(test: PlacementTest, width: int = 80) -> str:
    """`kot assess show TEST`: the card, then its norms, change threshold and what it places."""
    out = [card(test, width).rstrip("\n"), "Norms:"]
    for norm in test.norms or ():
        out += _wrap(f"{' '.join(norm.text.split())} ({norm.source})", width, "    ", "  - ")
    if not test.norms:
        out.append("  - none published")
    if test.change:
        out += _wrap(
            f"A change counts from {test.change.counts_from} {test.record.unit} ({test.change.kind.upper()}: "
            f"{test.change.source}); less is no clear change.",
            width,
            "  ",
        )
    if test.places:
        out.append("Starting levels it gives (the last line that holds):")
        for places in test.places:
            for row in places.rows:
                out += _wrap(f"{places.family} level {row.rung}: {row.reason}", width, "    ", "  - ")
    for flag in test.flags:
        out += _wrap(" ".join(flag.text.split()), width, "    ", f"  Flag {flag.id}: ")
    return "\n".join(out) + "\n"


def listing(tests: Sequence[PlacementTest], goal: str | None, width: int = 80) -> str:
    """`kot assess --list`: every test (or a goal's), with its minutes, what it records and its goals."""
    out = []
    for t in tests:
        use = f" [{t.goals[goal]}]" if goal else ""
        out += _wrap(f"{t.id}{use}: {t.name}, {t.minutes} min; {record_words(t)}", width, "    ", f"{t.code:>3} ")
        if not goal:
            out += _wrap("goals: " + ", ".join(f"{g} ({u})" for g, u in t.goals.items()), width, "    ", "    ")
    return "\n".join(out) + "\n"


def summary(assessment: Assessment, families: dict[str, str], width: int = 80) -> str:
    """What an assessment found: placements with reasons, flags, notes, and what next."""
    out = [f"Assessment of {assessment.date} for {assessment.goal}, usual pain {assessment.usual_pain}/10"]
    if assessment.placements:
        out.append("Starting levels:")
        for p in assessment.placements:
            name = families.get(p.family, p.family)
            out += _wrap(f"{name}: level {p.rung}, {p.dose}. {p.reason}", width, "    ", "  - ")
    else:
        out.append("No test placed a starting level: the plan starts every exercise on level 1.")
    for flag in assessment.flags:
        out += _wrap(flag.text, width, "    ", "  ! ")
    if assessment.week1_orange:
        hurt = "Pain went above 5/10 in a test: week 1 of the plan keeps to the gentle rules."
        out += _wrap(hurt, width, "    ", "  ! ")
    for note in assessment.notes:
        out += _wrap(note, width, "    ", "  - ")
    if assessment.next_morning is None:
        out += _wrap(
            "Provisional until the next morning: enter that morning's knee pain, and any knee test that "
            "flared it moves its exercises one level down.",
            width,
            "  ",
        )
    return "\n".join(out) + "\n"


def progress_lines(trends, width: int = 80) -> str:  # noqa: ANN001 - assessments.Trend list
    """Each test and outcome over time, with its change word."""
    if not trends:
        return ""
    out = ["Tests and outcomes over time (a change counts only beyond the test's smallest real change):"]
    for t in trends:
        cells = []
        for taken, shown, word in t.points:
            cells.append(f"{taken} {shown}" + (f" ({word})" if word else ""))
        out += _wrap(f"{view.line(t.name)} [{t.unit}]: " + "; ".join(cells), width, "    ", "  - ")
    return "\n".join(out) + "\n"


# --- printable cards --------------------------------------------------------------------------------------

CARD_CSS = """
.card { break-inside: avoid; border-top: 2px solid var(--accent); padding: 2mm 0 3mm; }
.result { border: 1px solid var(--line); border-radius: 2mm; padding: 2mm 3mm; margin-top: 2mm; }
.result .fill { display: inline-block; min-width: 30mm; border-bottom: 1px solid var(--ink); height: 6mm; }
.note { color: var(--warn); font-weight: 600; }
"""


def _e(text: str) -> str:
    return escape(view.line(" ".join(str(text).split())), quote=True)


def cards_html(tests: Sequence[PlacementTest], title: str, notes: dict[str, Sequence[str]] | None = None) -> str:
    """The cards as one HTML page to print: each with a place to write the result (and the pain)."""
    parts = [f"<h1>{_e(title)}</h1>"]
    parts.append(
        "<p>Do the tests in this order, barefoot on a non-slip floor, with a counter or wall corner within "
        "reach. Stop any test at pain above 5/10, or 2 points above your pain before it.</p>"
    )
    parts.append(
        '<p class="result">Date <span class="fill"></span> Usual knee pain (0-10) <span class="fill"></span></p>'
    )
    for t in tests:
        html = [f'<section class="card"><h2>{_e(t.code)}. {_e(t.name)}</h2>']
        html += [f'<p class="note">{_e(n)}</p>' for n in (notes or {}).get(t.id, ())]
        html.append(f"<p><b>You need:</b> {_e(', '.join(t.kit))}. About {t.minutes} min.</p>")
        html.append("<ol>" + "".join(f"<li>{_e(s)}</li>" for s in t.steps) + "</ol>")
        html.append("<p><b>Stop when:</b></p><ul>" + "".join(f"<li>{_e(s)}</li>" for s in t.stop_when) + "</ul>")
        sides = (
            'Left <span class="fill"></span> Right <span class="fill"></span>'
            if t.record.per_side
            else '<span class="fill"></span>'
        )
        pain = ' Pain during (0-10) <span class="fill"></span>' if t.asks_pain else ""
        html.append(f'<p class="result"><b>{_e(record_words(t))}:</b> {sides}{pain}</p></section>')
        parts.append("\n".join(html))
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{CSS}{CARD_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(parts)
        + "\n</body>\n</html>\n"
    )
