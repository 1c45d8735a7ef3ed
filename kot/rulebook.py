"""The rule registry: every rule id kot writes, what each decides and its words; and the verdict a pain rule
returns.

Why apart from the rules: renderers and result values name rules and show their words without running any.
"""

from __future__ import annotations

from enum import Enum

from kot.values import record


class Decides(str, Enum):
    """What a rule decides: whether a plan is built at all, whether a level may be used, this week's
    prescription, or the verdict of a check-in."""

    refusal = "refusal"
    eligibility = "eligibility"
    prescription = "prescription"
    verdict = "verdict"


class Rule(str, Enum):
    """Every rule id kot writes: the first word of each `why` entry, an item's `rule`, a refusal's reason, a
    blocked level's reason and a revision's change. `RULES` says what each decides."""

    slot = "slot"
    start = "start"
    placed = "placed"
    substitute = "substitute"
    pain_ceiling = "pain-ceiling"
    irritable_knee = "irritable-knee"
    dose_up = "dose-up"
    add_set = "add-set"
    level_step = "level-step"
    level_step_for_time = "level-step-for-time"
    needs_kit = "needs-kit"
    one_knee_step = "one-knee-step"
    min_weeks = "min-weeks"
    yellow_cadence = "yellow-cadence"
    orange_no_knee_steps = "orange-no-knee-steps"
    orange_settle = "orange-settle"
    top_of_ladder = "top-of-ladder"
    maintenance = "maintenance"
    give_way = "give-way"
    double_leg_first = "double-leg-first"
    first_jumps = "first-jumps"
    knee_volume = "knee-volume"
    minute_steps = "minute-steps"
    hold_time = "hold-time"
    time_cut = "time-cut"
    consolidate = "consolidate"
    deload = "deload"
    ramp = "ramp"
    checkin_hold = "checkin-hold"
    checkin_regress = "checkin-regress"
    checkin_back = "checkin-back"
    flare_keep = "flare-keep"
    flare_no_step = "flare-no-step"
    re_band = "re-band"
    left_out = "left-out"
    # eligibility: why a level may not be prescribed
    equipment = "equipment"
    no_impact = "no-impact"
    yellow_knee_cap = "yellow-knee-cap"
    orange_no_knee_load = "orange-no-knee-load"
    orange_symptom_modifying = "orange-symptom-modifying"
    caution = "caution"
    # refusals and stops
    red_flag = "red-flag"
    pain_red_band = "pain-red-band"
    worse_three_weeks = "worse-three-weeks"
    # check-in verdicts
    pain_rules = "pain-rules"
    morning_settled = "morning-settled"
    worse_week = "worse-week"
    missed_weeks = "missed-weeks"
    escalate = "escalate"
    # condition goals
    daily_family = "daily-family"
    stage_gate = "stage-gate"


@record(frozen=True)
class RuleInfo:
    """One row of the rule registry: what the rule decides, its threshold where it has one, and what it
    means in plain words."""

    decides: Decides
    text: str
    threshold: str = ""


def _r(decides: Decides, text: str, threshold: str = "") -> RuleInfo:
    return RuleInfo(decides, text, threshold)


_P, _E, _V, _X = Decides.prescription, Decides.eligibility, Decides.verdict, Decides.refusal
RULES: dict[Rule, RuleInfo] = {
    Rule.slot: _r(_P, "which template slot the item fills"),
    Rule.start: _r(_P, "the starting rung for the declared level"),
    Rule.placed: _r(_P, "the starting rung a placement test chose"),
    Rule.substitute: _r(_P, "a stand-in family for one that does not fit"),
    Rule.pain_ceiling: _r(_E, "the level is allowed at this pain", "max_pain >= pain"),
    Rule.irritable_knee: _r(_P, "a knee isometric every session and hip work every week", "pain 3-6"),
    Rule.dose_up: _r(_P, "reps or seconds up inside the level's range", "about 10% a week, at most 25%"),
    Rule.add_set: _r(_P, "top of the range on every set: one more set, back at the bottom"),
    Rule.level_step: _r(_P, "the level's printed criterion was reached last week: next rung, bottom of its ranges"),
    Rule.level_step_for_time: _r(
        _P, "a non-knee family whose printed criterion is as much as fits in the session steps at that dose"
    ),
    Rule.needs_kit: _r(_P, "the next rung needs kit the person lacks: hold at the top of this rung"),
    Rule.one_knee_step: _r(_P, "at most one knee level step a week and two in all", "1 knee, 2 in all"),
    Rule.min_weeks: _r(_P, "too few weeks on this level to step yet"),
    Rule.yellow_cadence: _r(_P, "knee level steps at most every other week", "pain 3-4"),
    Rule.orange_no_knee_steps: _r(_P, "knee work stays on its rung", "pain 5-6"),
    Rule.orange_settle: _r(_P, "the first two weeks hold the starting dose", "pain 5-6"),
    Rule.top_of_ladder: _r(_P, "nothing higher is allowed: hold"),
    Rule.maintenance: _r(_P, "held at its top for two working weeks: a maintenance dose", "2 working weeks"),
    Rule.give_way: _r(
        _P,
        "held by the session time for two working weeks while others progress: a maintenance dose, "
        "back to progressing when they are done",
        "2 working weeks",
    ),
    Rule.double_leg_first: _r(_P, "the first two weeks of jumping are two-legged only", "2 weeks"),
    Rule.first_jumps: _r(_P, "the first jumping week: at most two sessions, 40 foot contacts each", "2 x 40"),
    Rule.knee_volume: _r(_P, "weekly knee volume grows at most 25% in working weeks", "25%"),
    Rule.minute_steps: _r(_P, "2-4 minutes of timed work cannot grow a whole minute within 25%: held"),
    Rule.hold_time: _r(_P, "more dose would overrun the session time: held"),
    Rule.time_cut: _r(_P, "a dose shortened so the session fits its time"),
    Rule.consolidate: _r(_P, "every 4th week repeats the dose, no level steps", "pain 3-6"),
    Rule.deload: _r(_P, "every 4th week about half the sets", "pain 0-2, 6+ weeks"),
    Rule.ramp: _r(_P, "a family done in fewer sessions in its first weeks (Nordic curls)"),
    Rule.checkin_hold: _r(_P, "a check-in asked to repeat the dose"),
    Rule.checkin_regress: _r(_P, "a flare: the exercise that caused it goes down a rung, or half the sets"),
    Rule.checkin_back: _r(_P, "two missed weeks: the dose steps back one week's worth", "2 weeks"),
    Rule.flare_keep: _r(_P, "a flare keeps the knee hold at its dose: it is the pain-easing exercise"),
    Rule.flare_no_step: _r(_P, "during a flare or an escalation no knee exercise steps up or starts"),
    Rule.re_band: _r(_P, "the band changed with the usual pain: the level moves to what it allows"),
    Rule.left_out: _r(_P, "an exercise a revision left out"),
    Rule.equipment: _r(_E, "the level needs kit the person lacks"),
    Rule.no_impact: _r(_E, "jumping and landing only in the green band", "pain 0-2"),
    Rule.yellow_knee_cap: _r(_E, "knee strength on the first three rungs, no added weight", "pain 3-4"),
    Rule.orange_no_knee_load: _r(_E, "no added weight on the knee", "pain 5-6"),
    Rule.orange_symptom_modifying: _r(_E, "only holds and low-bend knee work", "pain 5-6"),
    Rule.caution: _r(_E, "a screening caution keeps a family or its higher levels out of every plan", "osteoporosis"),
    Rule.red_flag: _r(_X, "a red-flag symptom: no plan, see someone"),
    Rule.pain_red_band: _r(_X, "pain of 7 or more: no plan, see someone", "pain >= 7"),
    Rule.worse_three_weeks: _r(_X, "a third worse week in a row stops the plan", "3 weeks"),
    Rule.pain_rules: _r(_V, "pain during at most max(3, usual) and at most 5", "3, usual, 5"),
    Rule.morning_settled: _r(_V, "next-morning pain back to usual", "usual + 1 holds, usual + 2 regresses"),
    Rule.worse_week: _r(_V, "a week's worst next morning 2 or more above the week before", "+2"),
    Rule.missed_weeks: _r(_V, "missed sessions never count as progress"),
    Rule.escalate: _r(_V, "two worse weeks, or two mornings of 5+, move the plan to the orange band", "2"),
    Rule.daily_family: _r(_P, "the goal allows this family every day, off-session days too"),
    Rule.stage_gate: _r(_P, "gated work joins once the diary shows its gate met two weeks running", "2 weeks"),
}


# How a change reads outside --explain: a few words, no rule id.
CHANGE_WORDS = {
    Rule.checkin_hold: "held after the check-ins",
    Rule.checkin_regress: "eased: the likely cause of the flare",
    Rule.checkin_back: "a week back after missed weeks",
    Rule.flare_keep: "the pain-easing hold keeps its dose",
    Rule.flare_no_step: "no step while a flare settles",
    Rule.re_band: "the new pain band",
    Rule.left_out: "left out",
    Rule.level_step: "next level",
    Rule.level_step_for_time: "next level",
    Rule.dose_up: "a little more",
    Rule.add_set: "one more set",
    Rule.maintenance: "a maintenance dose",
    Rule.give_way: "a maintenance dose while others progress",
    Rule.orange_settle: "settling weeks",
    Rule.start: "new",
}


def change_words(rule_id: str) -> str:
    """Plain words for the rule behind a revision's change."""
    try:
        rule = Rule(rule_id)
    except ValueError:
        return "changed"
    return CHANGE_WORDS.get(rule) or RULES[rule].text


def why(rule: Rule, text: str) -> str:
    """One `why` entry: the rule id, then plain words."""
    return f"{rule.value}: {text}"


class Action(str, Enum):
    """What a verdict asks of the coming week, mildest first (`severity` orders them)."""

    progress = "progress"
    missed = "missed"
    hold = "hold"
    regress = "regress"
    stop = "stop"

    @property
    def severity(self) -> int:
        return list(Action).index(self)


@record(frozen=True)
class Verdict:
    """The pain-monitoring verdict of a session, a week or, for the generator, one family's coming week:
    the action, the rule that chose it, and plain words."""

    action: Action
    reason: str
    rule: Rule = Rule.pain_rules
