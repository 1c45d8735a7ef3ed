"""A level's pose as an SVG picture: the start and end frames side by side, a line figure on what it stands on.

One black line style that prints in black and white (the far leg in grey), props drawn as simple shapes,
and for knees-over-toes levels a dashed line up from the toes with the knee's path past it. The SVG is
built as text with every piece of text escaped: no scripts, no links, nothing fetched.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from kot.kinematics import HEIGHT, PAD, Block, Placed, frames, is_kot
from kot.pose import Contact, Pose, Prop, Surface

INK = "#000"
FAR = "#8a8a8a"
LINE = 2.6  # cm at figure scale: about 0.6 mm at the handout's size
GAP = 30.0  # cm between the panels
LABEL = 11.0  # label font size, cm


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _xy(p: tuple[float, float]) -> str:
    return f"{_f(p[0])},{_f(-p[1])}"


def _line(a, b, colour: str = INK, width: float = LINE, dash: str = "") -> str:  # noqa: ANN001 - points
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{_f(a[0])}" y1="{_f(-a[1])}" x2="{_f(b[0])}" y2="{_f(-b[1])}" stroke="{colour}" '
        f'stroke-width="{_f(width)}"{extra}/>'
    )


def _poly(points, colour: str = INK, width: float = LINE, fill: str = "none", closed: bool = False) -> str:  # noqa: ANN001
    tag = "polygon" if closed else "polyline"
    return (
        f'<{tag} points="{" ".join(_xy(p) for p in points)}" stroke="{colour}" stroke-width="{_f(width)}" '
        f'fill="{fill}"/>'
    )


def _rect(x0: float, y0: float, x1: float, y1: float, width: float = LINE * 0.6, fill: str = "#fff") -> str:
    return (
        f'<rect x="{_f(x0)}" y="{_f(-y1)}" width="{_f(x1 - x0)}" height="{_f(y1 - y0)}" stroke="{INK}" '
        f'stroke-width="{_f(width)}" fill="{fill}"/>'
    )


def _circle(c, r: float, width: float = LINE, fill: str = "#fff", colour: str = INK) -> str:  # noqa: ANN001
    return (
        f'<circle cx="{_f(c[0])}" cy="{_f(-c[1])}" r="{_f(r)}" stroke="{colour}" stroke-width="{_f(width)}" '
        f'fill="{fill}"/>'
    )


def _block(block: Block, dx: float = 0.0) -> list[str]:
    x0, x1 = block.x0 + dx, block.x1 + dx
    thin = LINE * 0.6
    if block.kind is Surface.slant_board:
        return [_poly([(x0, 0), (x0, block.top0), (x1, block.top1), (x1, 0)], width=thin, fill="#fff", closed=True)]
    if block.kind in (Surface.bench, Surface.chair):
        top = block.top0
        out = [
            _rect(x0, top - 5, x1, top, width=thin),
            _line((x0 + 4, top - 5), (x0 + 4, 0), width=thin),
            _line((x1 - 4, top - 5), (x1 - 4, 0), width=thin),
        ]
        if block.kind is Surface.chair:
            out.append(_line((x0 + 2, top), (x0 - 2, top + 42), width=thin))
        return out
    return [_rect(x0, 0, x1, block.top0, width=thin)]


def _figure(frame: Placed) -> list[str]:
    p = frame.points
    out = [
        _poly([p["hip"], p["other_knee"], p["other_ankle"]], colour=FAR),
        _poly([p["other_ankle"], p["other_heel"], p["other_toe"]], colour=FAR, closed=True, fill=FAR),
        _poly([p["hip"], p["knee"], p["ankle"]]),
        _poly([p["ankle"], p["heel"], p["toe"]], closed=True, fill=INK),
        _poly([p["hip"], p["shoulder"], p["neck"]]),
        _poly([p["shoulder"], p["elbow"], p["wrist"], p["hand"]]),
        _circle(p["head"], 0.065 * HEIGHT * 0.92),
    ]
    return out


def _props(pose: Pose, frame: Placed, panels: list[Placed]) -> list[str]:
    p = frame.points
    out: list[str] = []
    props = set(pose.props)
    hand, hip, shoulder = p["hand"], p["hip"], p["shoulder"]
    if Prop.wall in props:
        ahead = hand[0] > max(p["toe"][0], hip[0]) + 5 and hand[1] > hip[1] - 10
        x = hand[0] + 1.5 if ahead else min(min(shoulder[0], hip[0]) - PAD * HEIGHT, *(q[0] - 2 for q in p.values()))
        out.append(_line((x, 0), (x, 200), width=LINE * 0.8))
        side = 1 if ahead else -1
        out += [_line((x, y), (x + side * 6, y + 6), width=LINE * 0.4) for y in range(10, 200, 22)]
    if Prop.dumbbell in props:
        out += [_line((hand[0] - 9, hand[1]), (hand[0] + 9, hand[1]), width=LINE * 0.9)]
        out += [_rect(hand[0] + s - 3, hand[1] - 5, hand[0] + s + 3, hand[1] + 5, fill=INK) for s in (-9, 9)]
    if Prop.kettlebell in props:
        out += [_circle((hand[0], hand[1] - 11), 8, fill=INK), _line(hand, (hand[0], hand[1] - 4), width=LINE)]
    if Prop.bar in props:
        rest = frame.values["rest"]
        at = (hip[0], hip[1] + 14) if Contact.back in rest else (shoulder[0] - 3, shoulder[1] + 3)  # type: ignore[operator]
        out += [_circle(at, 22, width=LINE * 0.7), _circle(at, 3, fill=INK, width=0)]
    if Prop.band in props:
        knee = p["knee"]
        out.append(
            f'<ellipse cx="{_f(knee[0])}" cy="{_f(-knee[1])}" rx="6" ry="9" stroke="{INK}" '
            f'stroke-width="{_f(LINE * 0.6)}" fill="none" stroke-dasharray="3 2"/>'
        )
        rest = frame.values["rest"]
        if Contact.knees in rest or Contact.knee in rest:  # type: ignore[operator]
            post = min(p["other_toe"][0], p["toe"][0]) - 35
            out += [_line(shoulder, (post, shoulder[1] - 10), width=LINE * 0.5, dash="4 3")]
            out += [_line((post, 0), (post, shoulder[1] + 10), width=LINE)]
        elif pose.view == "side" and rest[0] in (Contact.feet, Contact.foot):  # type: ignore[index]
            post = max(p["toe"][0], knee[0]) + 40  # a band from behind the knees to a post in front
            out += [_line(knee, (post, knee[1]), width=LINE * 0.5, dash="4 3")]
            out += [_line((post, 0), (post, knee[1] + 15), width=LINE)]
    if Prop.anchor in props:
        ankle = p["ankle"]
        out.append(_rect(ankle[0] - 8, 0, ankle[0] + 8, max(ankle[1] + 6, 10), fill=FAR))
    if Prop.sled in props:
        if hand[0] > hip[0]:
            x = hand[0] + 4
            out += [_rect(x, 0, x + 50, 22), _line((x + 6, 22), (x + 6, hand[1]), width=LINE * 0.8)]
            out += [_line((x + 6, hand[1]), hand, width=LINE * 0.8)]
        else:
            x = min(p["heel"][0], p["other_heel"][0]) - 110
            out += [_rect(x, 0, x + 50, 22), _line((x + 50, 12), hand, width=LINE * 0.5, dash="4 3")]
    if Prop.treadmill in props:
        lo = min(p["heel"][0], p["other_heel"][0], p["toe"][0], p["other_toe"][0])
        hi = max(p["heel"][0], p["other_heel"][0], p["toe"][0], p["other_toe"][0])
        out += [_rect(lo - 40, -4, hi + 40, 0, fill=FAR), _line((hi + 35, 0), (hi + 45, 110), width=LINE * 0.8)]
    # a box or step the figure stands on in another frame: ahead of it before, behind it after
    if frame.values["support"] is Surface.floor:
        raised = [f for f in panels if f.blocks and f.values["support"] is not Surface.floor]
        if raised and frame not in raised:
            block = raised[0].blocks[0]
            later = panels.index(raised[0]) > panels.index(frame)
            foot_lo = min(p["heel"][0], p["other_heel"][0])
            foot_hi = max(p["toe"][0], p["other_toe"][0])
            dx = foot_hi + 25 - block.x0 if later else foot_lo - 25 - block.x1
            out = _block(block, dx) + out
    return out


def _extent(parts: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [q[0] for q in parts], [q[1] for q in parts]
    return min(xs), max(xs), min(ys), max(ys)


def _knee_path(knees: list[tuple[float, float]]) -> list[str]:
    """The knee's travel, start to end, as a dotted line with an arrowhead drawn as a small triangle."""
    if len(knees) < 2 or abs(knees[-1][0] - knees[0][0]) + abs(knees[-1][1] - knees[0][1]) < 3:
        return []
    out = [_poly(knees, width=LINE * 0.6).replace("/>", ' stroke-dasharray="2 3"/>')]
    (x0, y0), (x1, y1) = knees[-2], knees[-1]
    length = max(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5, 0.01)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    tip = (x1 + ux * 2, y1 + uy * 2)
    left = (tip[0] - ux * 7 - uy * 4, tip[1] - uy * 7 + ux * 4)
    right = (tip[0] - ux * 7 + uy * 4, tip[1] - uy * 7 - ux * 4)
    return out + [_poly([tip, left, right], width=0.5, fill=INK, closed=True)]


def to_svg(pose: Pose, *, title: str = "", knee_demand: str = "none", width: str | None = None) -> str:
    """The pose as one SVG document: start and end side by side (the middle frame, if any, only shapes the
    knee's path). `width` sets the drawn width (CSS units); else it scales to its container."""
    placed = frames(pose)
    shown = [placed[0], placed[-1]]
    kot = is_kot(pose, knee_demand)
    body: list[str] = []
    offset = 0.0
    top = 0.0
    bottom = 0.0
    for index, frame in enumerate(shown):
        parts = [_block(b) for b in frame.blocks]
        drawn = [s for part in parts for s in part] + _props(pose, frame, shown) + _figure(frame)
        if kot:
            toe = frame.points["toe"]
            body_top = max(frame.points["knee"][1], frame.points["hip"][1]) + 10
            drawn.append(_line((toe[0], frame.ground(toe[0])), (toe[0], body_top), width=LINE * 0.5, dash="5 4"))
            grounds = {(f.values["support"], f.values["rest"][0]) for f in placed}  # type: ignore[index]
            if index == len(shown) - 1 and len(grounds) == 1:
                drawn += _knee_path([f.points["knee"] for f in placed])
        extent_points = list(frame.points.values())
        for block in frame.blocks:
            extent_points += [(block.x0, 0), (block.x1, max(block.top0, block.top1))]
        extent_points += _prop_extent(pose, frame, shown)
        lo, hi, low, high = _extent(extent_points)
        lo, hi = lo - 12, hi + 12
        shift = offset - lo
        head = frame.points["head"]
        high = max(high, head[1] + 0.065 * HEIGHT + 4)
        top, bottom = max(top, high), min(bottom, low - 4)
        label = "Start" if index == 0 else "End"
        centre = (lo + hi) / 2
        body.append(f'<g transform="translate({_f(shift)},0)">')
        body.append(_line((lo, 0), (hi, 0), width=LINE * 0.6))
        body += drawn
        body.append(
            f'<text x="{_f(centre)}" y="{_f(LABEL + 4)}" font-size="{_f(LABEL)}" text-anchor="middle" '
            f'font-family="Helvetica, Arial, sans-serif" fill="{INK}">{label}</text>'
        )
        body.append("</g>")
        offset += hi - lo + GAP
    total_w = offset - GAP
    view_top = -top - 4
    view_h = top + LABEL + 10
    size = f' width="{escape(width)}"' if width else ""
    name = escape(title) if title else "Exercise"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 {_f(view_top)} {_f(total_w)} {_f(view_h)}"{size} '
        f'role="img" aria-label={quoteattr(title or "Exercise")} stroke-linecap="round" stroke-linejoin="round">'
        f"<title>{name}</title>" + "".join(body) + "</svg>\n"
    )


def _prop_extent(pose: Pose, frame: Placed, panels: list[Placed]) -> list[tuple[float, float]]:
    """Points the props reach, so the panel is wide enough for them (read back from the drawn shapes)."""
    import re

    found: list[tuple[float, float]] = []
    for shape in _props(pose, frame, panels):
        numbers = dict(re.findall(r'(?<![\w-])(\w+)="(-?[\d.]+)"', shape))
        for xk, yk in (("x1", "y1"), ("x2", "y2"), ("cx", "cy"), ("x", "y")):
            if xk in numbers and yk in numbers:
                found.append((float(numbers[xk]), -float(numbers[yk])))
        if "width" in numbers and "x" in numbers and "height" in numbers:
            found.append(
                (float(numbers["x"]) + float(numbers["width"]), -float(numbers["y"]) - float(numbers["height"]))
            )
        for pair in re.findall(r"(-?[\d.]+),(-?[\d.]+)", shape):
            found.append((float(pair[0]), -float(pair[1])))
    return found


def family_svg(family, level: int | None = None) -> str:  # noqa: ANN001 - an ExerciseFamily
    """`kot exercises show ID -f svg`: one level's picture (`level`, counted from 1), or every level's, one
    under the other with its name."""
    from kot.errors import KotError, UsageError

    levels = list(enumerate(family.levels, start=1))
    if level is not None:
        if not 1 <= level <= len(levels):
            raise UsageError(f"{family.id} has levels 1 to {len(levels)}, not {level}", option="level")
        levels = [levels[level - 1]]
    missing = [f"{n} ({lv.id})" for n, lv in levels if lv.pose is None]
    if missing:
        raise KotError(
            f"{family.id}: level {', '.join(missing)} has no pose to draw; add a pose to the level in its file "
            "(kot schema exercise lists its fields)"
        )
    if len(levels) == 1:
        n, lv = levels[0]
        return to_svg(lv.pose, title=f"{family.name}, level {n}: {lv.name}", knee_demand=lv.knee_demand.value)
    parts, y, width = [], 0.0, 0.0
    for n, lv in levels:
        inner = to_svg(lv.pose, title=f"Level {n}: {lv.name}", knee_demand=lv.knee_demand.value)
        box = inner.split('viewBox="', 1)[1].split('"', 1)[0].split()
        w, h = float(box[2]), float(box[3])
        caption = escape(f"Level {n}: {lv.name}")
        parts.append(
            f'<text x="0" y="{_f(y + LABEL)}" font-size="{_f(LABEL)}" font-family="Helvetica, Arial, sans-serif" '
            f'font-weight="bold" fill="{INK}">{caption}</text>'
        )
        parts.append(inner.replace("<svg ", f'<svg x="0" y="{_f(y + LABEL + 6)}" width="{_f(w)}" height="{_f(h)}" ', 1))
        y += LABEL + 6 + h + 20
        width = max(width, w)
    title = escape(family.name)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(width)} {_f(y)}" role="img" '
        f"aria-label={quoteattr(family.name)}><title>{title}</title>" + "".join(parts) + "</svg>\n"
    )
