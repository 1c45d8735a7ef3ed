"""Forward kinematics of a level's pose, and the checks `kot validate` runs on it.

Segment lengths are fixed fractions of body height H, from Winter, Biomechanics and Motor Control of Human
Movement, 4th ed. (Wiley 2009), fig. 4.1, after Drillis and Contini (1966): ankle height 0.039 H, knee 0.285,
hip 0.530, shoulder 0.818, chin 0.870, so thigh 0.245 H, shank 0.246, trunk (hip to shoulder) 0.288; foot
length 0.152; upper arm 0.186, forearm 0.146, hand 0.108. The figure is 175 cm tall.

Human joint ranges (the `RANGES` table) are the normal adult ranges of the American Academy of Orthopaedic
Surgeons (Joint Motion: Method of Measuring and Recording, 1965) as tabulated in Norkin and White,
Measurement of Joint Motion, 5th ed. (F.A. Davis 2016): hip flexion 120, extension 30; knee flexion 135,
hyperextension up to 10; ankle dorsiflexion 20, plantarflexion 50; shoulder flexion 180, extension 60; elbow
flexion 150; hip abduction 45; shoulder abduction 180. Two widenings, for positions these exercises reach
under body weight: a full squat takes the knee to about 160 and the loaded ankle to about 40 of
dorsiflexion (Hemmerich et al., Clinical Biomechanics 2006, 21:1, "Hip, knee, and ankle kinematics of high
range of motion activities of daily living"), and the drawn trunk is one straight line, so `hip` holds the
lumbar spine's share too (AAOS thoracolumbar flexion 80): up to 160.

Coordinates are centimetres, x forward (the way the figure faces), y up, the floor at y = 0.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from kot.pose import DEFAULT_HEIGHT, FRAMES, Contact, Pose, Surface, resolve

HEIGHT = 175.0
ANKLE_H, KNEE_H, HIP_H, SHOULDER_H, CHIN_H = 0.039, 0.285, 0.530, 0.818, 0.870
THIGH, SHANK, TRUNK = HIP_H - KNEE_H, KNEE_H - ANKLE_H, SHOULDER_H - HIP_H
FOOT, UPPER_ARM, FOREARM, HAND = 0.152, 0.186, 0.146, 0.108
HEAD_R = (1.0 - CHIN_H) / 2  # the head drawn as a circle from chin to crown
NECK = CHIN_H - SHOULDER_H
HEEL_SHARE = 0.25  # of the foot's length behind the ankle
PAD = 0.03  # kneecap, buttock and back thickness over the joint, as a share of H
SEAT = 0.05

TOLERANCE = 2.5  # cm: touching, or going through, by more than this is a problem

# (low, high, what, source word) per joint: side view, and for view: front.
RANGES = {
    "trunk": (-180, 180, "trunk lean"),
    "hip": (-30, 160, "hip flexion"),
    "knee": (-10, 160, "knee flexion"),
    "ankle": (-50, 45, "ankle dorsiflexion"),
    "shoulder": (-60, 180, "shoulder flexion"),
    "elbow": (0, 150, "elbow flexion"),
}
FRONT_RANGES = {"hip": (-45, 45, "hip abduction"), "shoulder": (0, 180, "shoulder abduction")}
WRONG_WAY = {
    "knee": "bends backwards",
    "elbow": "bends backwards",
}

Point = tuple[float, float]


def _dir(theta: float) -> Point:
    """A unit vector at `theta` degrees from straight down, rotated towards the front."""
    r = math.radians(theta)
    return math.sin(r), -math.cos(r)


def _add(p: Point, v: Point, k: float) -> Point:
    return p[0] + v[0] * k, p[1] + v[1] * k


def _leg(hip: Point, lean: float, flexion: float, knee: float, ankle: float) -> dict[str, Point]:
    thigh = flexion - lean
    shank = thigh - knee
    foot = shank + 90 + ankle
    k = _add(hip, _dir(thigh), THIGH * HEIGHT)
    a = _add(k, _dir(shank), SHANK * HEIGHT)
    u = _dir(foot)
    n = (-u[1], u[0])  # the top of the foot
    sole = _add(a, n, -ANKLE_H * HEIGHT)
    return {
        "knee": k,
        "ankle": a,
        "heel": _add(sole, u, -HEEL_SHARE * FOOT * HEIGHT),
        "toe": _add(sole, u, (1 - HEEL_SHARE) * FOOT * HEIGHT),
    }


def skeleton(values: dict[str, object], front: bool = False) -> dict[str, Point]:
    """Every drawn point of a frame, the hip at (0, 0)."""
    lean = float(values["trunk"])  # type: ignore[arg-type]
    hip: Point = (0.0, 0.0)
    up = _dir(180 - lean)
    shoulder = _add(hip, up, TRUNK * HEIGHT)
    head = _add(shoulder, up, (NECK + HEAD_R) * HEIGHT)
    arm = (-1 if front else 1) * float(values["shoulder"]) - lean  # type: ignore[arg-type]
    forearm = arm + float(values["elbow"])  # type: ignore[arg-type]
    elbow = _add(shoulder, _dir(arm), UPPER_ARM * HEIGHT)
    wrist = _add(elbow, _dir(forearm), FOREARM * HEIGHT)
    points = {
        "hip": hip,
        "shoulder": shoulder,
        "neck": _add(shoulder, up, NECK * HEIGHT),
        "head": head,
        "elbow": elbow,
        "wrist": wrist,
        "hand": _add(wrist, _dir(forearm), HAND * HEIGHT * 0.6),
    }
    for prefix, keys in (("", ("hip", "knee", "ankle")), ("other_", ("other_hip", "other_knee", "other_ankle"))):
        leg = _leg(hip, lean, *(float(values[k]) for k in keys))  # type: ignore[arg-type]
        points.update({prefix + name: p for name, p in leg.items()})
    return points


@dataclass(frozen=True)
class Block:
    """A surface: its kind, its x span, and its top's height at the low and high end of the span (a slant
    board slopes; everything else is flat)."""

    kind: Surface
    x0: float
    x1: float
    top0: float
    top1: float

    def top(self, x: float) -> float:
        if self.x1 == self.x0:
            return self.top0
        return self.top0 + (self.top1 - self.top0) * (x - self.x0) / (self.x1 - self.x0)


@dataclass
class Placed:
    """A frame placed on what it rests on: its points, the surfaces under it, its resolved values."""

    name: str
    values: dict[str, object]
    points: dict[str, Point]
    blocks: list[Block] = field(default_factory=list)

    def ground(self, x: float) -> float:
        """The height of whatever is under x (the floor is 0)."""
        tops = [b.top(x) for b in self.blocks if b.x0 - 0.01 <= x <= b.x1 + 0.01]
        return max(tops, default=0.0)

    def contact_points(self, part: Contact) -> list[tuple[str, Point]]:
        p = self.points
        if part is Contact.foot:
            return [("heel", p["heel"]), ("toe", p["toe"])]
        if part is Contact.other_foot:
            return [("other_heel", p["other_heel"]), ("other_toe", p["other_toe"])]
        if part is Contact.feet:
            return [(k, p[k]) for k in ("heel", "toe", "other_heel", "other_toe")]
        pad = PAD * HEIGHT
        if part is Contact.knee:
            return [("knee", (p["knee"][0], p["knee"][1] - pad))]
        if part is Contact.other_knee:
            return [("other_knee", (p["other_knee"][0], p["other_knee"][1] - pad))]
        if part is Contact.knees:
            return [(k, (p[k][0], p[k][1] - pad)) for k in ("knee", "other_knee")]
        if part is Contact.seat:
            return [("seat", (p["hip"][0], p["hip"][1] - SEAT * HEIGHT))]
        if part is Contact.back:
            low = min((p["shoulder"], p["hip"]), key=lambda q: q[1])
            return [("back", (low[0], low[1] - pad))]
        return [("hand", p["hand"])]

    def gap(self, part: Contact) -> float:
        """How far the part is above (positive) or through (negative) what is under it: its lowest point."""
        return min(q[1] - self.ground(q[0]) for _, q in self.contact_points(part))


def _moved(points: dict[str, Point], dx: float, dy: float) -> dict[str, Point]:
    return {k: (x + dx, y + dy) for k, (x, y) in points.items()}


def _block(kind: Surface, under: list[Point], height: float, slope: int, part: Contact) -> Block:
    """A surface of `kind` placed under the given contact points, its top at `height`."""
    xs = [q[0] for q in under]
    lo, hi = min(xs), max(xs)
    if kind is Surface.slant_board:
        low_end = hi + 4
        length = 45.0
        rise = math.tan(math.radians(slope))
        return Block(kind, low_end - length, low_end, 2 + length * rise, 2.0)
    if part in (Contact.foot, Contact.feet, Contact.other_foot):
        return Block(
            kind, lo - (8 if kind is Surface.box else 6), hi + (12 if kind is Surface.box else 3), height, height
        )
    if part is Contact.back:
        return Block(kind, lo - 45, lo + 8, height, height)
    if part is Contact.seat:
        return Block(kind, lo - 30, hi + 12, height, height)
    return Block(kind, lo - 22, hi + 22, height, height)


def place(pose: Pose, name: str) -> Placed:
    """Frame `name` of the pose, placed: its first resting part on what it stands on, the x origin at the
    working toe when it stands on its feet (else at that part), so the frames of a pose line up."""
    values = resolve(pose, name)
    points = skeleton(values, front=pose.view == "front")
    rest: tuple[Contact, ...] = values["rest"]  # type: ignore[assignment]
    kind: Surface = values["support"]  # type: ignore[assignment]
    first = rest[0]
    frame = Placed(name, values, points)
    under = [q for _, q in frame.contact_points(first)]
    origin = points["toe"][0] if first in (Contact.foot, Contact.feet) else under[0][0]
    frame.points = points = _moved(points, -origin, 0)
    under = [q for _, q in frame.contact_points(first)]
    height = float(pose.height if pose.height is not None and kind is not Surface.floor else DEFAULT_HEIGHT[kind])
    floor_part = next((p for p in rest[1:] if kind is not Surface.floor), None)
    sized = kind is not Surface.slant_board and pose.height is None and floor_part is not None
    if sized:
        # a seat or bench of the height that puts the other resting part (the feet) on the floor
        low = min(q[1] for _, q in frame.contact_points(floor_part))
        frame.points = points = _moved(points, 0, -low)
        under = [q for _, q in frame.contact_points(first)]
        top = max(5.0, min(120.0, min(q[1] for q in under)))
        frame.blocks = [_block(kind, under, top, pose.slope, first)]
    else:
        if kind is not Surface.floor:
            frame.blocks = [_block(kind, under, height, pose.slope, first)]
        dy = -min(q[1] - frame.ground(q[0]) for q in under)
        frame.points = _moved(points, 0, dy + float(values["lift"]))  # type: ignore[arg-type]
    if pose.hands_on is not None and Contact.hands in rest:
        hand = frame.points["hand"]
        top = max(10.0, min(120.0, hand[1]))
        frame.blocks.append(Block(pose.hands_on, hand[0] - 6, hand[0] + 30, top, top))
    return frame


def frames(pose: Pose) -> list[Placed]:
    """The pose's key frames in order (start, mid if given, end), each placed."""
    return [place(pose, name) for name in FRAMES if getattr(pose, name) is not None]


def is_kot(pose: Pose, knee_demand: str) -> bool:
    """Whether the level is knees-over-toes: marked so, or knee_demand high or end-range and standing on
    its feet at the end (kneeling and lying work is not about the toes)."""
    if pose.kot is not None:
        return pose.kot
    end = resolve(pose, "end")
    standing = end["rest"][0] in (Contact.foot, Contact.feet)  # type: ignore[index]
    return knee_demand in ("high", "end-range") and standing


HEELS_DOWN = re.compile(r"\bheels?\b[^.;,]*?\b(down|flat|stays? on|on the (floor|ground|step|board))\b", re.I)
HEEL_UP = re.compile(r"\bheels?\b[^.;,]*?\b(up|rise|lift)", re.I)

_PART_NAMES = {
    "heel": "the heel",
    "toe": "the toes",
    "other_heel": "the other heel",
    "other_toe": "the other foot's toes",
    "knee": "the knee",
    "other_knee": "the other knee",
    "hip": "the hips",
    "shoulder": "the shoulders",
    "head": "the head",
    "hand": "the hands",
    "elbow": "the elbow",
    "seat": "the seat",
    "back": "the back",
}
PADS = {"hip": PAD, "shoulder": PAD, "knee": PAD, "other_knee": PAD, "elbow": PAD / 2}
_CHECKED = ("heel", "toe", "other_heel", "other_toe", "knee", "other_knee", "hip", "shoulder", "elbow", "hand")


def _surface_word(frame: Placed, x: float) -> str:
    block = max((b for b in frame.blocks if b.x0 - 0.01 <= x <= b.x1 + 0.01), key=lambda b: b.top(x), default=None)
    return f"the {block.kind.value.replace('-', ' ')}" if block else "the floor"


def problems(pose: Pose, knee_demand: str, cues: list[str]) -> list[tuple[tuple[str | int, ...], str]]:
    """What is wrong with a pose, as (path inside the level, message) pairs."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    ranges = {**RANGES, **(FRONT_RANGES if pose.view == "front" else {})}
    reported: set[tuple[str | int, ...]] = set()
    for name in FRAMES:
        if getattr(pose, name) is None:
            continue
        values = resolve(pose, name)
        where: dict[str, tuple[str | int, ...]] = values["where"]  # type: ignore[assignment]
        for key, path in where.items():
            joint = key.removeprefix("other_")
            low, high, what = ranges[joint]
            value = values[key]
            at = ("pose", *path)
            if at in reported or low <= value <= high:  # type: ignore[operator]
                continue
            reported.add(at)
            side = "other leg's " if key.startswith("other_") else ""
            if value < low and joint in WRONG_WAY and value < 0:  # type: ignore[operator]
                found.append(
                    (at, f"the {side}{joint} {WRONG_WAY[joint]} ({value} degrees): flexion is positive, 0 is straight")
                )
            else:
                found.append(
                    (
                        at,
                        f"{side}{what} {value} degrees is outside the human range {low} to {high} "
                        "(AAOS, Norkin and White)",
                    )
                )
    if found:
        return found  # a figure bent past what a body does: its geometry says nothing more
    placed = frames(pose)
    for frame in placed:
        at = ("pose", frame.name)
        rest: tuple[Contact, ...] = frame.values["rest"]  # type: ignore[assignment]
        for part in rest[1:]:
            gap = frame.gap(part)
            if abs(gap) > TOLERANCE:
                spot = frame.contact_points(part)[0][1][0]
                surface = _surface_word(frame, spot)
                state = f"floats {gap:.0f} cm above" if gap > 0 else f"goes {-gap:.0f} cm through"
                name = part.value.replace("-", " ")
                plural = name.endswith(("s", "feet"))
                verb_state = state.replace("floats", "float").replace("goes", "go") if plural else state
                found.append((at, f"the {name} {verb_state} {surface}, where it should rest"))
        for key in _CHECKED:
            x, y = frame.points[key]
            depth = frame.ground(x) + PADS.get(key, 0.0) * HEIGHT - y
            if depth > TOLERANCE:
                name = _PART_NAMES[key]
                verb = "go" if name.endswith("s") else "goes"
                found.append((at, f"{name} {verb} {depth:.0f} cm through {_surface_word(frame, x)}"))
                break
        if pose.heels == "down":
            heel = frame.points["heel"]
            lift = heel[1] - frame.ground(heel[0])
            if lift > TOLERANCE:
                found.append((at, f"heels: down, but the heel is {lift:.0f} cm off {_surface_word(frame, heel[0])}"))
    if is_kot(pose, knee_demand):
        end = placed[-1]
        ahead = end.points["knee"][0] - end.points["toe"][0]
        if ahead < 1:
            found.append(
                (
                    ("pose", "end"),
                    "a knees-over-toes level: the knee must end ahead of the toes "
                    f"(it is {-ahead:.0f} cm behind them); bend the knee and ankle further",
                )
            )
    said = next((c for c in cues if HEELS_DOWN.search(c) and not HEEL_UP.search(c)), None)
    if said is not None and pose.heels is None:
        found.append((("pose",), f"the cues say the heel stays down ('{said}'): add heels: down"))
    return found
