"""The closed vocabularies of kot: plain enums with no heavy imports, shared by the models and the CLI.

Why separate: the CLI needs these choices at import time, and importing them must not build the models.
"""

from __future__ import annotations

from enum import Enum

PAIN_MAX = 10  # the 0-10 pain scale every pain number uses
PLAN_PAIN_MAX = 6  # the highest everyday pain kot plans for; 7 or more is refused
WEEKS_MAX = 52  # the longest plan


class Category(str, Enum):
    """Where a family sits in the ground-up session order (domain.md 3.1, 3.6 #4); declaration order is that order."""

    locomotion = "locomotion"
    balance = "balance"
    lower_leg = "lower-leg"
    knee_isometric = "knee-isometric"
    plyometric = "plyometric"
    knee_dominant = "knee-dominant"
    hip = "hip"
    posterior_chain = "posterior-chain"
    trunk = "trunk"
    mobility = "mobility"


CATEGORY_ORDER = {c: i for i, c in enumerate(Category)}
KNEE_CATEGORIES = frozenset({Category.knee_dominant, Category.knee_isometric, Category.plyometric})


class Equipment(str, Enum):
    """Equipment ids a person can declare (domain.md, Decisions that bind)."""

    floor = "floor"
    wall = "wall"
    step = "step"
    chair = "chair"
    slant_board = "slant-board"
    tib_bar = "tib-bar"
    dumbbell = "dumbbell"
    kettlebell = "kettlebell"
    barbell = "barbell"
    band = "band"
    bench = "bench"
    box = "box"
    sled = "sled"
    treadmill = "treadmill"
    nordic_anchor = "nordic-anchor"
    pull_up_bar = "pull-up-bar"
    ankle_weight = "ankle-weight"


HOUSEHOLD = (Equipment.floor, Equipment.wall, Equipment.step, Equipment.chair)
ALWAYS_AVAILABLE = (Equipment.floor, Equipment.wall)


class KneeDemand(str, Enum):
    """Peak knee flexion under load; orders how hard a level is on an irritable knee."""

    none = "none"
    low = "low"
    moderate = "moderate"
    high = "high"
    end_range = "end-range"


KNEE_DEMAND_ORDER = {d: i for i, d in enumerate(KneeDemand)}


class Load(str, Enum):
    """How a level is loaded: yellow and orange bands never load the knee externally."""

    assisted = "assisted"
    bodyweight = "bodyweight"
    external = "external"


class Contraction(str, Enum):
    isotonic = "isotonic"
    isometric = "isometric"
    eccentric = "eccentric"
    plyometric = "plyometric"
    stretch = "stretch"
    locomotion = "locomotion"


class PainBand(str, Enum):
    green = "green"
    yellow = "yellow"
    orange = "orange"
    red = "red"


class StartLevel(str, Enum):
    beginner = "beginner"
    intermediate = "intermediate"
    advanced = "advanced"


class Block(str, Enum):
    """The parts of a session, in the order they are done (domain.md, second round): warm-up first, balance
    right after it (clinical.md, decision 2), jumps while fresh, then strength ground-up, then mobility."""

    warm_up = "warm-up"
    balance = "balance"
    power = "power"
    strength = "strength"
    mobility = "mobility"


BLOCK_ORDER = {b: i for i, b in enumerate(Block)}


class SlotDays(str, Enum):
    """Which sessions a template slot fills."""

    all = "all"
    knee = "knee"
    light = "light"


class Symptom(str, Enum):
    """Red-flag symptoms (domain.md 2.9; clinical.md C adds the atypical features of knee osteoarthritis):
    any one refuses the plan."""

    swelling = "swelling"
    locking = "locking"
    giving_way = "giving-way"
    recent_trauma = "recent-trauma"
    hot_red_knee = "hot-red-knee"
    night_pain = "night-pain"
    calf_swelling = "calf-swelling"
    numbness = "numbness"
    recent_surgery = "recent-surgery"
    long_morning_stiffness = "long-morning-stiffness"
    rapid_worsening = "rapid-worsening"
