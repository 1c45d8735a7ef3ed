"""Pain bands, refusal and the pain-monitoring verdicts of check-ins."""

from __future__ import annotations

from kot.errors import PlanRefused
from kot.model import PainBand
from kot.rulebook import Action, Rule, Verdict
from kot.values import record

# --- pain bands and refusal -------------------------------------------------------------------------

GREEN_MAX_PAIN = 2
YELLOW_MIN_PAIN = 3
ORANGE_MIN_PAIN = 5
RED_MIN_PAIN = 7
TARGET_PAIN = 3  # aim for 3/10 or less during exercise
CEILING_PAIN = 5  # never above 5/10

PAIN_RULES = [
    f"Aim for {TARGET_PAIN}/10 or less during exercise; never above {CEILING_PAIN}/10.",
    "Pain should settle back to its usual level by the next morning.",
    "Pain should not be worse from one week to the next.",
    "If any of these is broken, go back one ladder level or halve the sets of that exercise next time: "
    "keep moving, just less.",
    "Move up only when the current level feels like pain-free muscle burn, with full range and good form.",
]

STOP_SIGNS = [
    "the knee swells, locks or gives way",
    "the knee is hot or red, or you have a fever",
    "pain or swelling in the calf",
    "pain at night or at rest that wakes you",
    "numbness or tingling in the leg",
    f"pain above {CEILING_PAIN}/10 that has not settled by the next morning",
]

DISCLAIMER = (
    "Not medical advice. kot cannot examine you or diagnose a knee, and no exercise here is a cure. "
    "If pain is severe, rising or worrying, see a physiotherapist or doctor and follow their program."
)

ORANGE_ADVICE = (
    "See a physiotherapist: your knee is irritable (pain 5-6/10). This plan keeps to gentle, pain-easing work "
    "until it settles, and a physiotherapist can find out why it hurts and guide the loading."
)


@record(frozen=True)
class RedFlag:
    label: str
    advice: str


RED_FLAGS: dict[str, RedFlag] = {
    "swelling": RedFlag(
        "swelling after an injury",
        "See a doctor or physiotherapist before training; urgent care if it swelled within hours of the injury.",
    ),
    "locking": RedFlag(
        "the knee locks or gets stuck",
        "See a doctor or physiotherapist to have the knee examined before training it.",
    ),
    "giving-way": RedFlag(
        "the knee gives way",
        "See a doctor or physiotherapist to have the knee's stability examined before training it.",
    ),
    "recent-trauma": RedFlag(
        "a recent fall, twist or blow to the knee",
        "See a doctor before loading the knee; go today if you cannot take four steps or bend it to 90 degrees.",
    ),
    "hot-red-knee": RedFlag(
        "a hot, red or swollen knee, or fever",
        "Seek urgent medical care today.",
    ),
    "night-pain": RedFlag(
        "pain at night or at rest that wakes you",
        "See a doctor to find the cause before training.",
    ),
    "calf-swelling": RedFlag(
        "calf swelling or tenderness",
        "Seek urgent medical care today; call emergency services if you are also short of breath.",
    ),
    "numbness": RedFlag(
        "numbness, tingling or weakness in the leg",
        "See a doctor to have the nerves checked before training.",
    ),
    "recent-surgery": RedFlag(
        "knee surgery or an injection in the last 12 weeks",
        "Ask your surgeon or physiotherapist for clearance and follow their rehabilitation program.",
    ),
    # Atypical for knee osteoarthritis (NICE NG226; clinical.md C): an inflammatory or other cause to rule out.
    "long-morning-stiffness": RedFlag(
        "morning stiffness in the joints that lasts more than 30 minutes",
        "See a doctor: stiffness that long can come from joint inflammation, which needs its own checks first.",
    ),
    "rapid-worsening": RedFlag(
        "knee pain or swelling getting quickly worse over days or weeks",
        "See a doctor soon to find out why it is getting worse before training the knee.",
    ),
}


def pain_band(pain: int) -> PainBand:
    """green 0-2, yellow 3-4, orange 5-6, red 7-10."""
    if pain <= GREEN_MAX_PAIN:
        return PainBand.green
    if pain < ORANGE_MIN_PAIN:
        return PainBand.yellow
    if pain < RED_MIN_PAIN:
        return PainBand.orange
    return PainBand.red


def irritable(band: PainBand) -> bool:
    """Yellow and orange: a knee that needs the symptom-easing core in every session."""
    return band in (PainBand.yellow, PainBand.orange)


def red_flag_findings(symptoms: list[str]) -> tuple[list[str], list[str]]:
    """Reasons and whom-to-see advice for red-flag symptoms (domain.md 2.9), in a stable order."""
    flags = [(s, RED_FLAGS[s]) for s in sorted(set(symptoms))]
    return (
        [f"{Rule.red_flag.value}:{s}: you reported {flag.label}." for s, flag in flags],
        list(dict.fromkeys(flag.advice for _, flag in flags)),
    )


def check_refusal(pain: int, symptoms: list[str]) -> None:
    """Raise PlanRefused for the red band or any red-flag symptom (domain.md 2.9)."""
    reasons, advice = red_flag_findings(symptoms)
    if pain_band(pain) is PainBand.red:
        reasons.append(f"{Rule.pain_red_band.value}: pain {pain}/10 is too high for self-guided loading (7 or more).")
        advice.append("See a physiotherapist or doctor; come back when everyday pain is 6/10 or less.")
    if reasons:
        raise PlanRefused(reasons, " ".join(advice) + " No exercise program was built.")


# --- check-ins: the pain-monitoring model, relative to the person's usual pain ------------------------------

PROGRESS_DURING = TARGET_PAIN  # pain during at most max(3, usual) and at most 5 keeps progressing
HOLD_MORNING_ABOVE_USUAL = 1  # next morning one above usual: hold
REGRESS_MORNING_ABOVE_USUAL = 2  # two or more above usual: regress
ESCALATE_MORNING = 5  # next-morning pain of 5+ in two sessions of a week: escalate
ESCALATE_SESSIONS = 2
ESCALATE_REGRESS_WEEKS = 2  # two regress weeks in a row: orange band and "see a physiotherapist"
STOP_REGRESS_WEEKS = 3  # a third: stop the plan and refer
WORSE_WEEK = 2  # a week's worst next morning 2+ above the week before: regress
MISSED_WEEKS = 2  # two missed weeks in a row: step back one week's worth on return
ESCALATED_PAIN = ORANGE_MIN_PAIN


def worse(a: Verdict | None, b: Verdict) -> Verdict:
    return b if a is None or b.action.severity > a.action.severity else a


def within_rules(pain: int, usual: int) -> bool:
    """The one test of "within the pain rules" during exercise: at most max(3, usual) and never above 5."""
    return pain <= max(TARGET_PAIN, usual) and pain <= CEILING_PAIN


def pain_target(usual: int) -> int:
    """The most pain during exercise that still counts as within the rules, for this usual pain."""
    return min(max(TARGET_PAIN, usual), CEILING_PAIN)


def _over(what: str, pain: int, usual: int) -> str:
    """Plain words for pain above the rules: names the limit that was crossed."""
    if pain > CEILING_PAIN:
        return f"{what} {pain}/10, above {CEILING_PAIN}/10"
    return f"{what} {pain}/10, above {pain_target(usual)}/10" + (
        f" (your usual {usual}/10)" if usual > TARGET_PAIN else ""
    )


def is_flare(pain: int, usual: int) -> bool:
    """Pain during above 5 and above the usual pain: a flare, whatever else happened."""
    return pain > CEILING_PAIN and pain > usual


def is_stop(pain: int) -> bool:
    return pain >= RED_MIN_PAIN


def session_verdict(during: int, next_morning: int | None, status: str, usual: int, where: str) -> Verdict:
    """One session against the person's usual pain (domain.md, Adaptation to check-ins)."""
    if status == "skipped":
        return Verdict(Action.missed, f"{where} missed", Rule.missed_weeks)
    worst = max(during, next_morning or 0)
    if is_stop(worst) or is_stop(usual):
        return Verdict(Action.stop, f"{where} pain {max(worst, usual)}/10", Rule.pain_red_band)
    if is_flare(during, usual):
        return Verdict(Action.regress, _over(f"{where} pain during", during, usual), Rule.pain_rules)
    if next_morning is not None and next_morning >= usual + REGRESS_MORNING_ABOVE_USUAL:
        return Verdict(
            Action.regress,
            f"{where} next morning {next_morning}/10, {next_morning - usual} above your usual {usual}/10",
            Rule.morning_settled,
        )
    if not within_rules(during, usual):
        return Verdict(Action.hold, _over(f"{where} pain during", during, usual), Rule.pain_rules)
    if next_morning is None:
        return Verdict(Action.hold, f"{where} next morning not known yet: not counted as settled", Rule.morning_settled)
    if next_morning >= usual + HOLD_MORNING_ABOVE_USUAL:
        return Verdict(
            Action.hold, f"{where} next morning {next_morning}/10, above your usual {usual}/10", Rule.morning_settled
        )
    if status == "partial":
        return Verdict(Action.hold, f"{where} only partly done", Rule.pain_rules)
    return Verdict(Action.progress, f"{where} pain during {during}/10, settled by the next morning", Rule.pain_rules)


def exercise_verdict(pain: int, usual: int, where: str) -> Verdict:
    """One exercise a check-in named as painful, by the same rules as a whole session."""
    if is_stop(pain):
        return Verdict(Action.stop, f"{where} pain {pain}/10", Rule.pain_red_band)
    if is_flare(pain, usual):
        return Verdict(Action.regress, _over(f"{where} pain", pain, usual), Rule.pain_rules)
    if not within_rules(pain, usual):
        return Verdict(Action.hold, _over(f"{where} pain", pain, usual), Rule.pain_rules)
    return Verdict(Action.progress, f"{where} pain {pain}/10", Rule.pain_rules)


def pain_words(pain: int) -> str:
    """The pain target during exercise in the words of the check-in rules: 3/10 or less, or, when the
    everyday pain is above 3 (the orange band), no more than the usual pain and never above 5/10."""
    if pain_band(pain) is PainBand.orange:
        return f"pain no more than your usual, never above {CEILING_PAIN}/10"
    return f"pain {TARGET_PAIN}/10 or less"


def pain_rules(pain: int) -> list[str]:
    """The pain rules printed with a plan built for this pain."""
    first = (
        f"Aim for no more than your usual pain during exercise; never above {CEILING_PAIN}/10."
        if pain_band(pain) is PainBand.orange
        else PAIN_RULES[0]
    )
    return [first, *PAIN_RULES[1:]]
