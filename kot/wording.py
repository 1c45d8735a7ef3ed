"""How doses and pain bands read: the words a plan, a renderer and the rules share.

Why its own module: renderers print doses and bands without importing the rules that choose them.
"""

from __future__ import annotations

from kot.model import Dosage, PainBand


def amount_text(reps: int | None, seconds: int | None) -> str:
    """'12', '45 s', '10 min'."""
    if reps is not None:
        return str(reps)
    seconds = seconds or 0
    return f"{seconds // 60} min" if seconds >= 120 and seconds % 60 == 0 else f"{seconds} s"


def dose_text(sets: int, reps: int | None, seconds: int | None, per_side: bool) -> str:
    """'3 x 12 each side', '4 x 45 s', '1 x 10 min'."""
    return f"{sets} x {amount_text(reps, seconds)}" + (" each side" if per_side else "")


def span(low: int, high: int, text=str) -> str:  # noqa: ANN001 - a formatter for one value
    """'8-12', or '12' when the range is one number."""
    return text(low) if low == high else f"{text(low)}-{text(high)}"


def dosage_text(dosage: Dosage) -> str:
    """A level's dose range: '2-3 x 8-12 each side', '4-5 x 30-45 s', '1 x 5-10 min'."""
    low, high = dosage.amount
    if dosage.reps is not None:
        amount = span(low, high)
    elif low >= 120 and low % 60 == 0 and high % 60 == 0:
        amount = span(low // 60, high // 60) + " min"
    else:
        amount = span(low, high) + " s"
    return f"{span(*dosage.sets)} x {amount}" + (" each side" if dosage.per_side else "")


STOP_HEADING = "Stop and see a physiotherapist or doctor if"


# The one description of each band, short (a header, a re-band note) and in full (a plan's assumptions).
BAND_PAIN = {PainBand.green: (0, 2), PainBand.yellow: (3, 4), PainBand.orange: (5, 6), PainBand.red: (7, 10)}
BAND_RANGE = {band: f"pain {low}-{high}" for band, (low, high) in BAND_PAIN.items()}
BAND_SHORT = {
    PainBand.green: "the full ladders",
    PainBand.yellow: "easier knee levels, no added weight or jumping",
    PainBand.orange: "gentle, pain-easing work only",
}
BAND_LONG = {
    PainBand.yellow: "Pain 3-4/10: every session has a pain-easing knee hold and hip work; knee strength stays on "
    "the first three levels, with no added weight and no jumping; knee exercises move up a level at most "
    "every other week, and every 4th week repeats the week before.",
    PainBand.orange: "Pain 5-6/10: gentle, pain-easing work only (holds and low-bend knee work) in every session; "
    "the knee exercises stay on their level; the first two weeks keep the starting dose.",
}


def band_words(band: PainBand) -> str:
    """'pain 3-4: easier knee levels, no added weight or jumping'."""
    return f"{BAND_RANGE[band]}: {BAND_SHORT[band]}" if band in BAND_SHORT else BAND_RANGE[band]


# In the orange band the pain target is the person's usual pain, never above 5/10 (domain.md, third round:
# "the pain target reads 'no more than your usual pain, never above 5/10', matching the check-in rules").
# Cues and education written for the 3/10 target are read in those words there, most specific first.
ORANGE_PAIN_WORDS = (
    ("Keep pain at 3/10 or less", "Keep pain no higher than your usual pain"),
    ("pain 3/10 or less", "pain no higher than usual"),
    ("3/10 or less", "no more than your usual pain"),
    ("above 3/10", "above your usual pain"),
    ("up to 3/10", "up to your usual pain"),
)


def pain_target_words(text: str, band: PainBand) -> str:
    """A cue or an education line with its pain target as the band's rules put it."""
    if band is PainBand.orange:
        for old, new in ORANGE_PAIN_WORDS:
            text = text.replace(old, new)
    return text
