"""The printable handout: one self-contained HTML file (inline CSS, no scripts, no external fonts or images)
that a browser prints on A4 or Letter. A cover page with the person, the safety rules, the legend and the
progression grid; an exercise guide with each exercise once (every cue, when to move up, links and QR codes
to the coach's videos); with the log sheet, one page per week with a box per set to tick.

Every piece of text is HTML-escaped, so a cue cannot add markup or a script.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from kot.model import Program
from kot.render import view

CSS = """
:root { --ink: #1d2a33; --soft: #5b6b75; --line: #c9d3d9; --accent: #0f766e; --pale: #ecf6f4; --warn: #9f1239;
        --warnpale: #fff1f2; }
* { box-sizing: border-box; }
html { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink);
       font-size: 10.5pt; line-height: 1.35; }
body { margin: 0 auto; max-width: 186mm; padding: 8mm 0; }
h1 { font-size: 22pt; margin: 0; color: var(--accent); letter-spacing: -0.01em; }
h2 { font-size: 13pt; margin: 5mm 0 2mm; color: var(--accent); }
h3 { font-size: 11pt; margin: 0 0 1mm; }
h4 { font-size: 10pt; margin: 2mm 0 0.5mm; }
p { margin: 1mm 0; }
ul { margin: 1mm 0; padding-left: 5mm; }
li { margin: 0.4mm 0; }
.sub { font-size: 12pt; color: var(--soft); margin-top: 1mm; }
.who { font-size: 11pt; margin-top: 2mm; }
.facts { color: var(--soft); }
.cover header { border-bottom: 2px solid var(--accent); padding-bottom: 3mm; margin-bottom: 3mm; }
.alert { border: 2px solid var(--warn); background: var(--warnpale); color: var(--warn); font-weight: 600;
         padding: 2mm 3mm; border-radius: 2mm; margin: 2mm 0; }
.cols { display: flex; gap: 4mm; }
.box { flex: 1; border: 1px solid var(--line); border-radius: 2mm; padding: 2mm 3mm; }
.box h2 { margin-top: 0; font-size: 11pt; }
.box.stop { border-color: var(--warn); }
.box.stop h2 { color: var(--warn); }
.box.beyond { margin-top: 3mm; }
table { border-collapse: collapse; width: 100%; }
.grid { font-size: 9pt; margin: 1mm 0 2mm; }
.grid th, .grid td { border-bottom: 1px solid var(--line); padding: 0.8mm 1mm; text-align: left; white-space: nowrap; }
.grid th:first-child, .grid td:first-child { white-space: normal; width: 30%; }
.grid th.lighter, .grid th.same { color: var(--soft); }
.grid td.step { font-weight: 700; color: var(--accent); }
.legend { font-size: 8.5pt; color: var(--soft); }
.assumptions { font-size: 8.5pt; color: var(--soft); }
.exercise { border-top: 1px solid var(--line); padding: 2mm 0; display: flex; gap: 3mm; }
.exercise .body { flex: 1; }
.level { break-inside: avoid; overflow: hidden; }
.exercise h3, .exercise .when { break-after: avoid; }
.fig { float: right; width: 44mm; margin: 0.5mm 0 0.5mm 3mm; }
.fig svg { display: block; width: 100%; height: auto; max-height: 26mm; }
.up { overflow: hidden; }
.exercise .when { color: var(--soft); font-size: 9pt; }
.dose { font-weight: 600; }
.up { background: var(--pale); border-radius: 1.5mm; padding: 1mm 2mm; margin: 1mm 0; }
.media { font-size: 8.5pt; word-break: break-all; }
.qr { flex: none; text-align: center; font-size: 7.5pt; color: var(--soft); }
.qr svg { display: block; width: 22mm; height: 22mm; }
.why li { font-size: 9.5pt; }
.disclaimer { font-style: italic; color: var(--soft); font-size: 9pt; margin-top: 3mm; }
.log table { font-size: 9pt; table-layout: fixed; }
.log table.roomy { height: 222mm; }
.log table.crowded .fill { height: 8mm; }
.log table.crowded .notes { height: 14mm; }
.log table.crowded td { padding: 0.6mm 1.2mm; }
.log table.crowded .row { margin: 0.3mm 0; }
.log th, .log td { border: 1px solid #8a9aa4; padding: 1.2mm 1.5mm; vertical-align: top; }
.log th { background: var(--pale); text-align: left; }
.log thead th:first-child, .log tbody td:first-child { width: 36mm; }
.log .sets { line-height: 1; }
.log .side { font-size: 8pt; color: var(--soft); }
.log .row { display: flex; flex-wrap: wrap; align-items: center; gap: 1.5mm; margin: 0.8mm 0; }
.log .row .side { width: 3mm; }
.tick { display: inline-block; width: 6.5mm; height: 6.5mm; border: 0.45mm solid var(--ink); border-radius: 0.8mm;
        background: #fff; }
.log .fill { height: 11mm; }
.log .notes { height: 26mm; }
.log h2 .name { color: var(--soft); font-weight: normal; font-size: 11pt; }
.footer { font-size: 8pt; color: var(--soft); margin-top: 4mm; }
@page { margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; }
  .page-break { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
"""

BOX = '<span class="tick"></span>'  # a box to tick, drawn with borders so it prints at its size


def _e(text: str) -> str:
    return escape(view.line(text), quote=True)


def to_html(program: Program, *, log_sheet: bool = False, pictures: Mapping[tuple[str, str], Any] | None = None) -> str:
    """The handout as one HTML document; `pictures` (kot.pictures) draws each level's start and end."""
    parts = [_cover(program), _guide(program, pictures or {}), _why(program)]
    if log_sheet:
        parts += [_log_week(program, week) for week in program.weeks]
    title = f"{program.goal_name} plan" + (f" for {program.client}" if program.client else "")
    running = ""
    if program.client:  # the client's name at the top of every printed page
        running = (
            f'@page {{ @top-right {{ content: "{_css_string(view.line(program.client))}"; font-size: 8pt; '
            "color: #5b6b75; font-family: Arial, sans-serif; } }\n"
        )
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{CSS}{running}</style>\n</head>\n<body>\n"
        + "\n".join(parts)
        + f'\n<p class="footer">Made by kot {_e(program.kot_version)}.</p>\n</body>\n</html>\n'
    )


def _css_string(text: str) -> str:
    """Text safe inside a CSS string: every character but letters, digits and spaces as a hex escape, so a
    name can neither end the string nor the style sheet."""
    return "".join(c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):x} " for c in text)


def _cover(program: Program) -> str:
    i = program.inputs
    who = view.who(program)
    out = [
        '<section class="cover">',
        "<header>",
        f"<h1>{_e(program.goal_name)}</h1>",
        f'<p class="sub">{view.plan_noun(i.weeks).capitalize()}</p>',
    ]
    if who:
        out.append(f'<p class="who">{_e(who)}</p>')
    out += ["</header>", f'<p class="facts">{_e(view.header(program))}</p>']
    if program.clinician_advice:
        out.append(f'<div class="alert">{_e(program.clinician_advice)}</div>')
    stop = "".join(f"<li>{_e(s)}</li>" for s in program.stop_signs)
    rules = "".join(f"<li>{_e(r)}</li>" for r in view.pain_rules(program))
    out += [
        '<div class="cols">',
        f'<div class="box stop"><h2>{_e(view.stop_line(program).split(":")[0])}</h2><ul>{stop}</ul></div>',
        f'<div class="box rules"><h2>Pain rules</h2><ul>{rules}</ul></div>',
        "</div>",
    ]
    if beyond := view.beyond_sessions(program):
        items = "".join(f"<li>{_e(b)}</li>" for b in beyond)
        out += [f'<div class="box beyond"><h2>{_e(view.BEYOND_HEADING)}</h2><ul>{items}</ul></div>']
    out += ["<h2>How it progresses</h2>"]
    for grid in view.grids(program):
        out.append(_grid(grid))
    out.append('<p class="legend">' + "<br>".join(_e(line) for line in view.LEGEND) + "</p>")
    assumptions = "".join(f"<li>{_e(a)}</li>" for a in view.assumptions(program))
    out += [f'<ul class="assumptions">{assumptions}</ul>', "</section>"]
    return "\n".join(out)


def _grid(grid: view.Grid) -> str:
    head = "".join(f'<th class="{h.kind}">{_e(h.label)}</th>' for h in grid.weeks)
    rows = []
    for row in grid.rows:
        cells = "".join(
            "<td>-</td>"
            if c is None
            else f'<td class="step">{_e(view.STEP_MARK + c.text)}</td>'
            if c.step
            else f"<td>{_e(c.text)}</td>"
            for c in row.cells
        )
        rows.append(f"<tr><td>{_e(row.name)}</td>{cells}</tr>")
    return (
        f'<table class="grid"><caption style="text-align:left;font-weight:600">{_e(grid.label)}</caption>'
        f"<thead><tr><th>Exercise</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


@dataclass
class _Entry:
    """One exercise in the guide: each level it is done at, the weeks and doses at that level."""

    name: str
    days: set[int] = field(default_factory=set)
    levels: dict[int, tuple[view.ItemView, list[int], list[str], str]] = field(default_factory=dict)


def _entries(program: Program) -> list[_Entry]:
    entries: dict[str, _Entry] = {}
    for week in program.weeks:
        for session in week.sessions:
            for raw in session.items:
                item = view.item_view(raw)
                entry = entries.setdefault(item.exercise, _Entry(item.name))
                entry.days.add(session.day)
                shown, weeks, doses, _ = entry.levels.setdefault(item.level_number, (item, [], [], raw.level))
                if week.number not in weeks:
                    weeks.append(week.number)
                    if item.dose not in doses:
                        doses.append(item.dose)
    return list(entries.values())


def _span(weeks: Sequence[int]) -> str:
    return f"week {weeks[0]}" if len(weeks) == 1 else f"weeks {weeks[0]}-{weeks[-1]}"


def _guide(program: Program, pictures: Mapping[tuple[str, str], Any]) -> str:
    out = ['<section class="guide page-break">', "<h2>Exercise guide</h2>"]
    names = view.day_names(program.inputs.days)
    for n, entry in enumerate(_entries(program), start=1):
        days = ", ".join(names[d - 1] for d in sorted(entry.days))
        body = [f"<h3>{n}. {_e(entry.name)}</h3>", f'<p class="when">{_e(days)}</p>']
        codes = []
        for number, (item, weeks, doses, level_id) in sorted(entry.levels.items()):
            picture = pictures.get((item.exercise, level_id))
            body.append('<div class="level">')
            if picture is not None:
                body.append(f'<div class="fig">{_figure(picture)}</div>')
            body.append(f'<h4>Level {number}: {_e(item.level_name)} <span class="when">({_span(weeks)})</span></h4>')
            span = doses[0] if len(doses) == 1 else f"{doses[0]} up to {doses[-1]}"
            extra = [
                f"tempo {item.tempo}" if item.tempo != "-" else "",
                f"rest {item.rest}" if item.rest != "-" else "",
            ]
            body.append(
                f'<p class="dose">{_e(span)}{"; " + _e(", ".join(x for x in extra if x)) if any(extra) else ""}</p>'
            )
            body.append('<ul class="cues">' + "".join(f"<li>{_e(c)}</li>" for c in item.cues) + "</ul>")
            body.append(f'<p class="up"><strong>Move up when:</strong> {_e(item.move_up)}</p>')
            body.append("</div>")
            for url in item.media:
                body.append(f'<p class="media"><a href="{_e(url)}">{_e(url)}</a></p>')
                codes.append(url)
        qr = "".join(f'<div class="qr">{_qr(url)}video</div>' for url in dict.fromkeys(codes))
        out.append(f'<article class="exercise"><div class="body">{"".join(body)}</div>{qr}</article>')
    out.append("</section>")
    return "\n".join(out)


def _figure(picture: Any) -> str:
    """A level's start and end, as inline SVG (kot.render.figure escapes its text; nothing is fetched)."""
    from kot.render.figure import to_svg

    return to_svg(picture.pose, title=picture.title, knee_demand=picture.knee_demand)


def _qr(url: str) -> str:
    """A QR code for a link, as inline SVG (no image files, nothing fetched)."""
    import segno

    try:
        return segno.make(url, error="m").svg_inline(scale=2, border=1, title=url)
    except segno.DataOverflowError:  # too long for any QR code: the link above is printed all the same
        return ""


def _why(program: Program) -> str:
    out = ['<section class="why">']
    if program.education:
        out += [
            "<h2>Why it is built this way</h2>",
            "<ul>" + "".join(f"<li>{_e(e)}</li>" for e in program.education) + "</ul>",
        ]
    out += [f'<p class="disclaimer">{_e(program.disclaimer)}</p>', "</section>"]
    return "\n".join(out)


def _log_week(program: Program, week) -> str:  # noqa: ANN001 - a Week
    """One page for a week: a column per session, a box per set (per side where it applies), and lines for
    the date, the pain during and the next morning, and notes."""
    names = view.day_names(program.inputs.days)
    sessions = week.sessions
    order: dict[str, view.ItemView] = {}
    for session in sessions:
        for raw in session.items:
            order.setdefault(raw.exercise, view.item_view(raw))
    heads = "".join(
        f'<th>Day {s.day} ({names[s.day - 1]})<br><span class="side">{_e(s.title)}</span></th>' for s in sessions
    )
    rows = []
    for fid, item in order.items():
        cells = []
        for session in sessions:
            here = next((i for i in session.items if i.exercise == fid), None)
            if here is None:
                cells.append("<td></td>")
                continue
            boxes = "".join([BOX] * here.sets)
            text = (
                f'<div class="row"><span class="side">L</span>{boxes}</div>'
                f'<div class="row"><span class="side">R</span>{boxes}</div>'
                if here.per_side
                else f'<div class="row">{boxes}</div>'
            )
            cells.append(f'<td class="sets">{text}</td>')
        rows.append(
            f'<tr><td><strong>{_e(item.name)}</strong><br><span class="side">{_e(item.dose)}</span></td>'
            f"{''.join(cells)}</tr>"
        )
    blanks = "".join('<td class="fill"></td>' for _ in sessions)
    for label in ("Date", "Pain during (0-10)", "Next morning (0-10)"):
        rows.append(f"<tr><th>{label}</th>{blanks}</tr>")
    notes = "".join('<td class="notes"></td>' for _ in sessions)
    natural = 15 + sum(18 if i.per_side else 12 for i in order.values()) + 59  # mm, roughly, at their least
    fit = "roomy" if natural < 200 else "crowded"  # rows stretched to fill the page, or kept to one page
    rows.append(f"<tr><th>Notes</th>{notes}</tr>")
    kind = {"lighter": " (a lighter week)", "same": " (the same as last week)"}.get(view.week_kind(week), "")
    name = f' <span class="name">· {_e(program.client)}</span>' if program.client else ""
    extras = "".join(f'<p class="legend">{_e(x)}</p>' for x in view.week_extras(program, week))
    return (
        f'<section class="log page-break"><h2>Week {week.number} log{kind}{name}</h2>'
        '<p class="legend">Tick a box for each set done; write the pain during the session and the next '
        f"morning (0-10), and bring this page to your next session.</p>{extras}"
        f'<table class="{fit}"><thead><tr><th>Exercise</th>{heads}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )
