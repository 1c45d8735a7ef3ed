"""The `pose` of a ladder level: a few joint angles per key frame, from which kot draws the exercise.

Why numbers and not pictures: a coach's own exercise gets a picture the moment it is written, and the claim
the method rests on (the knee travels past the toes) becomes something `kot validate` can check.

Conventions (shared/interface.md, "Pictures drawn from the library's own data"): a side view, the person
facing right. Angles are joint angles from anatomical zero, in whole degrees:
- `trunk`: lean of the hip-to-shoulder line from vertical, forward positive (-90 = lying on the back).
- `hip`: flexion, the thigh forward of the trunk line (0 standing straight, negative = extension).
- `knee`: flexion (0 straight, positive bent; negative would be the knee bending backwards).
- `ankle`: dorsiflexion (0 = shin square to the foot, positive = shin towards the toes, negative = pointing
  the toes).
- `shoulder`: flexion, the arm forward of the trunk line (0 hanging, 90 forward, 180 overhead).
- `elbow`: flexion (0 straight).
`other` gives the other leg's hip, knee and ankle where they differ from the working leg's. `view: front` draws
frontal-plane work (side-lying leg lifts, side planks) seen from the front: `hip` and `shoulder` are then
abduction.

A frame lists only what differs from `start`; everything missing is 0 (standing straight, arms hanging).
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal

from kot.values import Spec, field, raw_check, value

Angle = Annotated[int, Spec(strict=True, ge=-180, le=180)]
Cm = Annotated[int, Spec(strict=True, ge=1, le=150)]


class Surface(str, Enum):
    """What a body part rests on."""

    floor = "floor"
    step = "step"
    slant_board = "slant-board"
    box = "box"
    bench = "bench"
    chair = "chair"


class Contact(str, Enum):
    """A body part that rests on a surface in a frame."""

    foot = "foot"  # the working foot (its heel or toes, whichever is lower)
    other_foot = "other-foot"
    feet = "feet"
    knee = "knee"
    other_knee = "other-knee"
    knees = "knees"
    seat = "seat"
    back = "back"
    hands = "hands"


class Prop(str, Enum):
    """Things drawn around the figure (what it stands or sits on is `support` / `hands_on`)."""

    wall = "wall"
    band = "band"
    dumbbell = "dumbbell"
    kettlebell = "kettlebell"
    sled = "sled"
    bar = "bar"
    bench = "bench"
    box = "box"
    step = "step"
    anchor = "anchor"
    treadmill = "treadmill"


# Heights in cm when a pose gives none.
DEFAULT_HEIGHT = {
    Surface.floor: 0,
    Surface.step: 20,
    Surface.slant_board: 0,
    Surface.box: 50,
    Surface.bench: 45,
    Surface.chair: 45,
}


def _no_on(data: object) -> object:
    """`on` is a yes/no word in YAML 1.1 (the key would read as true): kot's word is `support`."""
    if isinstance(data, dict) and ("on" in data or True in data):
        raise ValueError("write support: (what it stands on), not on: (YAML reads on as yes/no)")
    return data


@value
class Leg:
    """The other leg's angles, where they differ from the working leg's."""

    hip: Annotated[Angle | None, Spec("hip flexion, degrees (negative = extension)")] = None
    knee: Annotated[Angle | None, Spec("knee flexion, degrees (0 = straight)")] = None
    ankle: Annotated[Angle | None, Spec("ankle dorsiflexion, degrees (negative = toes pointed)")] = None


@value
class Frame:
    """One key frame: joint angles in degrees (what is left out is taken from `start`, else 0) and what the
    body rests on."""

    __get_pydantic_core_schema__ = raw_check(_no_on)

    trunk: Annotated[Angle | None, Spec("trunk lean from vertical, forward positive")] = None
    hip: Annotated[Angle | None, Spec("working hip flexion (negative = extension)")] = None
    knee: Annotated[Angle | None, Spec("working knee flexion (0 = straight)")] = None
    ankle: Annotated[Angle | None, Spec("working ankle dorsiflexion (negative = toes pointed)")] = None
    shoulder: Annotated[Angle | None, Spec("shoulder flexion (0 = arms hanging, 180 = overhead)")] = None
    elbow: Annotated[Angle | None, Spec("elbow flexion (0 = straight)")] = None
    other: Annotated[Leg | None, Spec("the other leg, where it differs from the working leg")] = None
    rest: Annotated[
        list[Contact] | None,
        Spec(
            "what touches a surface: the first is placed on it, the others are checked to touch (default: feet)",
            min_length=1,
            max_length=4,
        ),
    ] = None
    support: Annotated[Surface | None, Spec("what the first `rest` part is on, when not the pose's")] = None
    lift: Annotated[Cm | None, Spec("cm in the air (a jump's flight)")] = None


@value
class Pose:
    """Key frames of a side-view figure doing the level, drawn in the handout and checked by `kot validate`."""

    __get_pydantic_core_schema__ = raw_check(_no_on)

    support: Annotated[Surface, Spec("what the first resting part is on (default floor)")] = Surface.floor
    height: Annotated[Cm | None, Spec("cm: height of the step, box, bench or chair it is on")] = None
    slope: Annotated[int, Spec("slant board angle, degrees", ge=5, le=45, strict=True)] = 25
    hands_on: Annotated[Surface | None, Spec("what the hands rest on (a chair, a step)")] = None
    props: Annotated[list[Prop], Spec("things drawn around the figure", max_length=6)] = field(default_factory=list)
    heels: Annotated[Literal["down"] | None, Spec("down: the working heel stays on its surface")] = None
    kot: Annotated[
        bool | None,
        Spec(
            "knees over toes: the knee ends ahead of the toes (checked); default: knee_demand high "
            "or end-range when the end frame stands on the feet",
            strict=True,
        ),
    ] = None
    view: Annotated[Literal["side", "front"], Spec("front: hip and shoulder are abduction")] = "side"
    start: Annotated[Frame, Spec("the first key frame; later frames list only what changes from it")]
    mid: Annotated[Frame | None, Spec("an optional middle frame (shapes the knee's drawn path)")] = None
    end: Annotated[Frame, Spec("the last key frame: the hold, the bottom or the landing")]


JOINTS = ("trunk", "hip", "knee", "ankle", "shoulder", "elbow")
LEG = ("hip", "knee", "ankle")
FRAMES = ("start", "mid", "end")


def resolve(pose: Pose, name: str) -> dict[str, object]:
    """A frame's full set of values: its own, else start's, else the defaults (0 degrees, rest on the feet).

    The other leg's angle is the frame's `other`, else start's `other`, else the working leg's in that frame.
    Also says where each angle was written (the frame's own name or "start"), for locating problems."""
    frame: Frame = getattr(pose, name)
    start = pose.start
    out: dict[str, object] = {}
    where: dict[str, tuple[str | int, ...]] = {}
    for joint in JOINTS:
        own, base = getattr(frame, joint), getattr(start, joint)
        out[joint] = own if own is not None else base if base is not None else 0
        where[joint] = (name, joint) if own is not None else ("start", joint) if base is not None else (name,)
    for joint in LEG:
        own = getattr(frame.other, joint) if frame.other else None
        base = getattr(start.other, joint) if start.other else None
        key = "other_" + joint
        out[key] = own if own is not None else base if base is not None else out[joint]
        where[key] = (
            (name, "other", joint)
            if own is not None
            else ("start", "other", joint)
            if base is not None
            else where[joint]
        )
    out["rest"] = tuple(frame.rest or start.rest or (Contact.feet,))
    out["support"] = frame.support or pose.support
    out["lift"] = frame.lift or 0
    out["where"] = where
    return out
