"""Equipment and which ladder levels may be prescribed at a pain with a kit."""

from __future__ import annotations

from kot.errors import UsageError, did_you_mean
from kot.model import (
    ALWAYS_AVAILABLE,
    HOUSEHOLD,
    KNEE_CATEGORIES,
    KNEE_DEMAND_ORDER,
    Category,
    Contraction,
    Equipment,
    ExerciseFamily,
    KneeDemand,
    LadderLevel,
    Load,
    PainBand,
    StartLevel,
)
from kot.rulebook import Rule, why
from kot.rules.pain import pain_band
from kot.values import record

# --- equipment --------------------------------------------------------------------------------------


def parse_equipment(values: list[str]) -> list[str]:
    """Split repeatable / comma-separated equipment ids; unknown ids are usage errors with a suggestion."""
    known = [e.value for e in Equipment] + ["none"]
    out: list[str] = []
    for raw in values:
        for part in (p.strip() for p in raw.split(",")):
            if not part:
                continue
            if part not in known:
                raise UsageError(
                    f"unknown equipment '{part}'{did_you_mean(part, known)}. Choices: {', '.join(known)}",
                    option="equipment",
                )
            if part not in out:
                out.append(part)
    return out


def available_equipment(requested: list[str]) -> frozenset[Equipment]:
    """Household items plus the requested ones; `none` keeps only floor and wall (domain.md)."""
    base = set(ALWAYS_AVAILABLE) if "none" in requested else set(HOUSEHOLD)
    base.update(Equipment(e) for e in requested if e != "none")
    return frozenset(base)


# --- which levels may be prescribed ------------------------------------------------------------------

HARD_LEVEL_INDEX = 2  # the third ladder level and above count as hard knee work (domain.md 3.6 #5)


def is_symptom_modifying(level: LadderLevel) -> bool:
    """Orange-band work: low knee flexion, an isometric, or a short hold at most moderately deep (3.6 #3)."""
    if level.impact:
        return False
    if KNEE_DEMAND_ORDER[level.knee_demand] <= KNEE_DEMAND_ORDER[KneeDemand.low]:
        return True
    if level.contraction is Contraction.isometric:
        return True
    return level.dosage.seconds is not None and (
        KNEE_DEMAND_ORDER[level.knee_demand] <= KNEE_DEMAND_ORDER[KneeDemand.moderate]
    )


@record(frozen=True)
class Blocked:
    """Why a level may not be prescribed: the rule and plain words."""

    rule: Rule
    text: str

    @property
    def equipment(self) -> bool:
        return self.rule is Rule.equipment

    def __str__(self) -> str:
        return self.text


def level_block(family: ExerciseFamily, index: int, pain: int, equipment: frozenset[Equipment]) -> Blocked | None:
    """Why a ladder level may not be prescribed at this pain with this kit, or None when it may."""
    level = family.levels[index]
    band = pain_band(pain)
    missing = [e.value for e in level.equipment if e not in equipment]
    if missing:
        return Blocked(Rule.equipment, f"needs {', '.join(missing)}")
    if level.max_pain < pain:
        return Blocked(Rule.pain_ceiling, f"allowed up to pain {level.max_pain}/10")
    if level.impact and band is not PainBand.green:
        return Blocked(Rule.no_impact, "jumping and landing only at pain 0-2")
    if band is PainBand.yellow and family.category is Category.knee_dominant:
        if index > HARD_LEVEL_INDEX:
            return Blocked(Rule.yellow_knee_cap, "at pain 3-4 knee strength stays on the first three levels")
        if level.load is Load.external:
            return Blocked(Rule.yellow_knee_cap, "no added weight on knee strength work at pain 3-4")
    if band is PainBand.orange and family.category in KNEE_CATEGORIES:
        if level.load is Load.external:
            return Blocked(Rule.orange_no_knee_load, "no added weight on the knee at pain 5-6")
        if not is_symptom_modifying(level):
            return Blocked(Rule.orange_symptom_modifying, "only holds and low-bend knee work at pain 5-6")
    return None


def allowed_reason(level: LadderLevel, pain: int) -> str:
    """The rule that lets a level through, for the item's `why` (the pain itself is the item's
    `planned_pain`)."""
    return why(Rule.pain_ceiling, f"level allowed up to {level.max_pain}/10, your pain {pain}/10")


START_SHARE = {StartLevel.beginner: 0.0, StartLevel.intermediate: 1 / 3, StartLevel.advanced: 2 / 3}
LEVEL_ORDER = {level: i for i, level in enumerate(StartLevel)}


def start_rung(
    family: ExerciseFamily, level: StartLevel, pain: int, kit: frozenset[Equipment], double_leg_only: bool = False
) -> tuple[int, str] | tuple[None, Blocked | None]:
    """The starting rung: a beginner's is the first; others start a share up the ladder, lowered to the
    highest rung allowed. Never higher because an easier rung lacks kit (domain.md, second round)."""
    target = int(START_SHARE[level] * len(family.levels))
    allowed = [
        i
        for i in range(target + 1)
        if level_block(family, i, pain, kit) is None and not (double_leg_only and family.levels[i].single_leg)
    ]
    if not allowed:
        return None, level_block(family, target if level is not StartLevel.beginner else 0, pain, kit)
    index = max(allowed)
    text = f"{level.value}: level {index + 1} of {len(family.levels)}"
    if index < target:
        text += (
            f" (lower than usual: level {target + 1} {level_block(family, target, pain, kit) or 'jumps on one leg'})"
        )
    return index, why(Rule.start, text)


def next_rung(
    family: ExerciseFamily, index: int, pain: int, kit: frozenset[Equipment], double_leg_only: bool = False
) -> int | None:
    """The rung to step to: the next one, when this pain and kit allow it; None otherwise. One rung at a
    time: a rung that needs missing kit is never skipped (domain.md, third round), the family holds."""
    nxt = index + 1
    if nxt >= len(family.levels) or level_block(family, nxt, pain, kit) is not None:
        return None
    if double_leg_only and family.levels[nxt].single_leg:
        return None
    return nxt


def next_rung_block(family: ExerciseFamily, index: int, pain: int, kit: frozenset[Equipment]) -> Blocked | None:
    """Why the next rung may not be used (None at the top of the ladder or when it may)."""
    return level_block(family, index + 1, pain, kit) if index + 1 < len(family.levels) else None
