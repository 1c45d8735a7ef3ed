"""A streprogen program the size of `kot plan --goal knee-pain`, built and printed: bench.py's yardstick.

    pip install streprogen
    python -W ignore benchmarks/streprogen_plan.py

8 weeks, 3 days a week, the same 7 exercises every day (kot's default knee-pain plan: 8 weeks, 3 days,
6 exercises a session), each a DynamicExercise over 3-8 reps from a start weight: streprogen works out the
sets, reps and weights of every week, then renders the program as text on stdout. The rep range and
streprogen's default intensity are ones it meets without warnings (`python -W error` runs clean); bench.py
still runs it with -W ignore, as it would any program.
"""

from __future__ import annotations

WEEKS = 8
DAYS = ("A", "B", "C")
EXERCISES = (  # name, start weight in kg
    ("Split squat", 40),
    ("Nordic curl", 10),
    ("Tibialis raise", 10),
    ("Calf raise", 60),
    ("Step-up", 30),
    ("Romanian deadlift", 60),
    ("Reverse sled pull", 50),
)
MIN_REPS, MAX_REPS = 3, 8


def main() -> None:
    from streprogen import Program

    program = Program(name="bench", duration=WEEKS, units="kg", round_to=2.5)
    for day in DAYS:
        with program.Day(day):
            for name, start_weight in EXERCISES:
                program.DynamicExercise(name=name, start_weight=start_weight, min_reps=MIN_REPS, max_reps=MAX_REPS)
    program.render()
    print(program)


if __name__ == "__main__":
    main()
