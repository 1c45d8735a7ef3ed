"""What each field of a library or plan file means, in a coach's words: the hover help an editor with the
YAML language server shows, through the JSON Schemas (`kot schema`, schemas/).

Why a table here, not `Field(description=...)` on every model field: most fields are plain (an id, a name),
and this keeps model.py about types and limits. A description given on the model itself wins; this fills
in every field that has none. A test holds every field of every shipped schema to having one.
"""

from __future__ import annotations

from typing import Any

# model (class) name -> field -> description
FIELDS: dict[str, dict[str, str]] = {
    "ExerciseFamily": {
        "id": "this family's id, kebab-case (my-raise): goals name it in prefer, and the file is named after it",
        "name": "the exercise's name as people see it, e.g. Tibialis raise",
        "category": "the kind of work: which session slots the family can fill (lower-leg, knee-dominant, ...)",
        "pattern": "the movement pattern, kebab-case (ankle-dorsiflexion): families of one pattern are not "
        "prescribed together",
        "description": "one or two sentences on what it trains and why, shown with the family",
        "aliases": "other names people use for it (tib raise): shown, and found by search",
        "sources": "where its numbers come from (books, programs, studies)",
        "levels": "the ladder, easiest first: a level is prescribed only when the one before it is mastered",
    },
    "LadderLevel": {
        "id": "this level's id, kebab-case, unique in the library (wall-tibialis-raise)",
        "name": "the level's name as people see it, e.g. Wall tibialis raise, feet close",
        "dosage": "sets, reps or seconds (a number or a [low, high] range), tempo and rest of this level",
        "impact": "true for jumping and landing: only prescribed at pain 0-2",
        "single_leg": "true when one leg works at a time",
        "knee_demand": "how hard the level works the knee: none, low, moderate, high or end-range (deep "
        "flexion); the pain rules limit the higher ones",
        "load": "bodyweight, or the kind of external load (dumbbell, barbell, sled, ...)",
        "contraction": "isotonic (moving), isometric (holding still) or eccentric (lowering): isometric holds "
        "ease pain",
        "cues": "how to do it: one to six short coaching cues, shown with every prescription",
        "sources": "where this level's numbers come from",
    },
    "Dosage": {
        "sets": "sets per session: a number, or [low, high] to progress through",
        "per_side": "true when the dose is for each side (each leg)",
        "rest_seconds": "rest between sets, in seconds",
    },
    "GoalTemplate": {
        "id": "this goal's id, kebab-case (my-knee): kot plan --goal uses it",
        "name": "the goal's name as people see it, e.g. Knee pain",
        "description": "what the plan is for, in one or two sentences",
        "default_weeks": "the plan's length when --weeks is not given (1-52)",
        "phases": "the plan's phases in order, each a share of its weeks",
        "slots": "the session's places for exercises, in ground-up order: each names a category and the "
        "families to try first",
        "must_include_each_week": "categories every week must train (a list inside means any one of them)",
        "daily": "family ids done in every session, whatever the slots hold",
        "knee_days": "how many sessions a week carry knee strength work",
        "plyometrics": "whether jumps are allowed, from which week and at which pain bands",
        "progression": "how fast doses grow, how often levels step up and how often a week is lighter",
        "education": "short notes on why the plan is built this way, shown with it",
        "min_strength_days": "the fewest sessions a week with strength work",
    },
    "Phase": {
        "name": "the phase's name, e.g. Settle and groove",
        "share": "its share of the plan's weeks, from above 0 to 1",
        "focus": "what the phase is about, in a few words",
    },
    "Slot": {"category": "the category of the family that fills it (lower-leg, knee-dominant, hip, ...)"},
    "Plyometrics": {
        "allowed": "true when this goal may prescribe jumps (never above pain 2)",
        "earliest_week": "the first week jumps may appear (3 or later)",
        "bands": "the pain bands at which jumps are allowed (green: pain 0-2)",
    },
    "KneeDays": {
        "min": "the fewest sessions a week with knee strength work",
        "max": "the most sessions a week with knee strength work",
    },
    "Program": {
        "kot_version": "the kot that wrote the plan",
        "format_version": "the version of this file format (a newer kot reads older ones)",
        "checkins_applied": "how many check-ins the current revision was adapted to",
        "status": "ok for a plan (a refusal is never saved)",
        "goal_name": "the goal's name, as shown",
        "pain_band": "the pain rules the plan follows: green (pain 0-2), yellow (3-4) or orange (5-6)",
        "pain_assumed": "true when --pain was not given and the goal's assumed pain was used",
        "pain_rules": "the pain rules, as shown with the plan",
        "education": "why the plan is built this way, as shown",
        "disclaimer": "the closing note: not medical advice",
        "clinician_advice": "advice to see a physiotherapist, when the pain band calls for it",
        "inputs": "what the plan was asked for: goal, pain, weeks, days, minutes, equipment, level",
        "assumptions": "what the plan assumed and left out, in plain words",
        "library_version": "a hash of the library that built it",
        "weeks": "every week of the plan, its sessions and their prescriptions",
    },
    "Inputs": {
        "goal": "the goal id (--goal)",
        "pain": "worst everyday knee pain over the last 7 days, 0-10 (--pain)",
        "weeks": "the plan's length in weeks (--weeks)",
        "days": "training days a week (--days)",
        "minutes": "time per session in minutes (--minutes)",
        "equipment": "equipment ids beyond the household items (--equipment)",
        "level": "where on each ladder it started: beginner, intermediate or advanced (--level)",
        "symptoms": "red-flag symptoms given (any one refuses a plan, so a saved plan has none)",
    },
    "Week": {
        "number": "the week's number, from 1",
        "phase": "the phase the week belongs to",
        "deload": "true for a lighter week (about half the sets)",
        "sessions": "the week's sessions, by day",
    },
    "Session": {
        "day": "the session's number in the week (day 1, 2, ...)",
        "title": "what the session holds, in a few words",
        "estimated_minutes": "about how long it takes, in minutes",
        "items": "the exercises, in order, each with its dose",
    },
    "Criterion": {
        "sets": "the sets the level's move-up criterion asks for",
        "reps": "the reps per set it asks for (empty for timed work)",
        "seconds": "the seconds per set it asks for (empty for reps)",
    },
    "Item": {
        "exercise": "the family's id",
        "level": "the level's id",
        "name": "the level's name",
        "family_name": "the family's name",
        "level_number": "the level's place on the family's ladder (1 is the easiest)",
        "category": "the family's category",
        "block": "the part of the session it is in: warm-up, power, strength or mobility",
        "sets": "sets to do",
        "reps": "reps per set (or foot contacts for jumps); empty for timed work",
        "seconds": "seconds per set for timed work; empty for reps",
        "tempo": "seconds to lower, pause and rise (a fourth number: pause at the top)",
        "rest_seconds": "rest between sets, in seconds",
        "per_side": "true when the dose is for each side",
        "load": "bodyweight, or the kind of external load",
        "equipment": "the equipment it needs",
        "impact": "true for jumping and landing",
        "max_pain": "the highest pain at which this level may be prescribed",
        "knee_demand": "how hard it works the knee: none, low, moderate, high or end-range",
        "cues": "how to do it",
        "media": "links to videos of it",
        "why": "the rules that chose this prescription (kot show --explain)",
    },
}


def describe(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with a description on every property that lacks one and is known here (in place)."""
    models = [(schema.get("title", ""), schema)] + list(schema.get("$defs", {}).items())
    for name, node in models:
        known = FIELDS.get(name, {})
        for field, prop in node.get("properties", {}).items():
            if "description" not in prop and field in known:
                prop["description"] = known[field]
    return schema
