"""`kot assess`: placement self-tests. Screening, the goal's tests card by card, the assessment file; the
test list and cards; next-morning confirmation; retests kept with a plan."""

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kot import output
from kot.cli import conventions
from kot.cli import options as o
from kot.cli.conventions import App
from kot.errors import KotError, UsageError
from kot.values import replace
from kot.vocab import PAIN_MAX

app = App()

Pain = o.whole(0, PAIN_MAX)


def _pairs(values: list[str] | None, what: str) -> list[tuple[str, str]]:
    out = []
    for value in values or ():
        key, sep, rest = value.partition("=")
        if not sep or not key.strip() or not rest.strip():
            raise UsageError(f"'{value}' is not {what}", option=what.split()[0])
        out.append((key.strip(), rest.strip()))
    return out


@app.command(
    examples=[
        "kot assess -g knee-pain                      # in a terminal: screening, then each test's card",
        "kot assess -g knee-pain --pain 3 --result tib-raise=28 --result heel-raise=30,30 -o assessment.yaml",
        "kot assess --list -g knee-pain -o tests.html  # the cards to print, with room for the results",
        "kot assess show step-down",
        "kot assess assessment.yaml --next-morning 3",
        "kot assess -g knee-pain --pain 2 --result tib-raise=30 --plan client.yaml   # a retest, in the diary",
    ]
)
def assess(
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="show TEST | FILE",
            help="show TEST prints one test's card; FILE is an assessment to confirm with --next-morning.",
        ),
    ] = None,
    goal: Annotated[
        str | None,
        typer.Option("--goal", "-g", metavar="ID", autocompletion=o.goal_ids, help="The goal whose tests to do."),
    ] = None,
    result: Annotated[
        list[str] | None,
        typer.Option(
            "--result",
            metavar="TEST=VALUE",
            help="A test's result (repeatable): a number, LEFT,RIGHT for a test done on each side, or stopped.",
        ),
    ] = None,
    during: Annotated[
        list[str] | None,
        typer.Option("--during", metavar="TEST=N", help="The highest pain during a test, 0-10 (repeatable)."),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", metavar="FILE", parser=o.path, help="Screening answers and results as YAML."),
    ] = None,
    pain: Annotated[
        int | None,
        typer.Option("--pain", "-p", metavar="N", parser=Pain, help="Usual (worst everyday) knee pain, 0-10."),
    ] = None,
    symptom: Annotated[
        list[str] | None,
        typer.Option("--symptom", metavar="ID", help="A symptom you have now (repeatable): one of those listed above."),
    ] = None,
    age: Annotated[int | None, typer.Option("--age", metavar="N", parser=o.whole(10, 120), help="Your age.")] = None,
    fell: Annotated[bool, typer.Option("--fell", help="You had a fall in the past year.")] = False,
    osteoporosis: Annotated[bool, typer.Option("--osteoporosis", help="You have known osteoporosis.")] = False,
    alone: Annotated[bool, typer.Option("--alone", help="Nobody is beside you for the tests.")] = False,
    outcome: Annotated[
        list[str] | None,
        typer.Option("--outcome", metavar="ID=N", help="A clinician's score, such as visa-p=62 (repeatable)."),
    ] = None,
    plan_file: Annotated[
        Path | None,
        typer.Option("--plan", metavar="PLAN", parser=o.path, help="Keep the results in the diary with this plan."),
    ] = None,
    list_tests: Annotated[bool, typer.Option("--list", help="List the tests (a goal's, with -g).")] = False,
    next_morning: Annotated[
        int | None,
        typer.Option("--next-morning", metavar="N", parser=Pain, help="Knee pain the morning after the tests."),
    ] = None,
    when: Annotated[
        dt.date | None,
        typer.Option("--date", metavar="DATE", parser=o.date, help="The day of the tests (default today)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            parser=o.path,
            help="Write the assessment to FILE (.yaml; - for stdout); with --list, the cards to print (.html).",
        ),
    ] = None,
    force: o.Force = False,
    library: o.Library = None,
) -> None:
    """Placement self-tests: where each exercise should start, and retests that show change.

    Symptoms (--symptom): the plan's red flags (swelling, locking, giving-way, recent-trauma, hot-red-knee,
    night-pain, calf-swelling, numbness, recent-surgery) and chest-pain, dizziness, weight-loss, fever,
    long-morning-stiffness, rapid-worsening. Any one refuses the assessment (exit 3) and says whom to see.
    """
    from kot.library import load_library

    words = list(words or [])
    lib = load_library(library or [])
    width = output.console().width
    if words[:1] == ["show"]:
        _show(lib, words[1:], width)
        return
    if list_tests:
        _list(lib, goal, out, force, width)
        return
    if words:
        if len(words) > 1:
            raise UsageError(f"one assessment file at a time, not {' '.join(words)}", option="words")
        if next_morning is None:
            raise UsageError("give --next-morning N to confirm an assessment file", option="next_morning")
        _confirm(lib, Path(words[0]), next_morning)
        return
    if next_morning is not None:
        raise UsageError("--next-morning goes with an assessment file: kot assess FILE --next-morning N")
    if goal is None:
        raise UsageError("which goal's tests? give --goal (-g), such as -g knee-pain", option="goal")
    _assess(
        lib,
        goal,
        {
            "result": result,
            "during": during,
            "answers": answers,
            "pain": pain,
            "symptom": symptom,
            "age": age,
            "fell": fell,
            "osteoporosis": osteoporosis,
            "alone": alone,
            "outcome": outcome,
            "plan": plan_file,
            "date": when,
        },
        out,
        force,
        width,
    )


def _show(lib: Any, rest: list[str], width: int) -> None:
    from kot import placement
    from kot.render.assess import details

    if len(rest) != 1:
        raise UsageError("name one test: kot assess show TEST (kot assess --list shows them)", option="words")
    output.show(details(placement.find_test(lib, rest[0]), width))


def _list(lib: Any, goal: str | None, out: Path | None, force: bool, width: int) -> None:
    from kot import placement
    from kot.render.assess import cards_html, listing

    tests = placement.ordered(lib)
    notes: dict[str, list[str]] = {}
    if goal is not None:
        if goal not in lib.templates:
            from kot.generator import find_template

            find_template(lib, goal)
        tests = [t for t in tests if goal in t.goals]
        if not tests:
            import textwrap

            message = placement.untested(goal)
            output.show(textwrap.fill(message[:1].upper() + message[1:], width) + "\n")
            return
        for t in tests:
            if t.helper:
                notes[t.id] = ["At 60 or over, or after a fall in the past year: only with someone beside you."]
    if out is None or output.is_stdout(out):
        output.show(listing(tests, goal, width))
        return
    if out.suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"the test cards are written as HTML: name a .html file, not {out}", option="output")
    title = f"Placement tests for {lib.templates[goal].name}" if goal else "Placement tests"
    output.write_file(out, cards_html(tests, title, notes), force=force)


def _confirm(lib: Any, path: Path, morning: int) -> None:
    from kot import assessments, placement
    from kot.render.assess import summary

    found = assessments.read(path, lib)
    confirmed = placement.confirm(lib, found, morning)
    output.write_file(path, assessments.to_yaml(confirmed), force=True)
    output.show(summary(confirmed, _names(lib), output.console().width))


def _names(lib: Any) -> dict[str, str]:
    return {fid: lib.families[fid].name for fid in lib.families}


def _terminal() -> bool:
    return sys.stdin.isatty()


def _yes(question: str) -> bool:
    def read(answer: str) -> bool:
        if answer.lower() in ("y", "yes"):
            return True
        if answer.lower() in ("n", "no"):
            return False
        raise ValueError("Please answer yes or no.")

    return bool(conventions.ask(f"{question} [yes/no] (Enter: no)", read, optional=True))


def _whole(low: int, high: int) -> Any:
    def read(answer: str) -> int:
        number = o.number_in(answer, low, high)
        if number is None:
            raise ValueError(f"Please enter a whole number from {low} to {high}.")
        return number

    return read


def _load_answers(path: Path) -> dict[str, Any]:
    from kot.saved import read_text, regular_file
    from kot.yamlio import parse_located

    regular_file(path, "an answers file")
    data = parse_located(read_text(path, "an answers file"), str(path)).data
    known = {"pain", "symptoms", "age", "fell", "osteoporosis", "alone", "results", "during", "outcomes", "date"}
    if not isinstance(data, dict):
        raise KotError(f"{path}: answers are a mapping such as 'pain: 3' and 'results: {{tib-raise: 28}}'")
    from kot.errors import did_you_mean

    for key in data:
        if key not in known:
            raise KotError(f"{path}: unknown answer '{key}'{did_you_mean(str(key), known)}")
    checks = {"pain": (0, PAIN_MAX), "age": (10, 120)}
    for key, (low, high) in checks.items():
        value = data.get(key)
        if value is not None and not (type(value) is int and low <= value <= high):
            raise KotError(f"{path}: {key} must be a whole number from {low} to {high} (got {value!r})")
    for key in ("fell", "osteoporosis", "alone"):
        if key in data and type(data[key]) is not bool:
            raise KotError(f"{path}: {key} must be true or false (got {data[key]!r})")
    for key in ("results", "during", "outcomes"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise KotError(f"{path}: {key} is a mapping such as {{tib-raise: 28}} (got {data[key]!r})")
    symptoms = data.get("symptoms")
    if symptoms is not None and not (isinstance(symptoms, list) and all(isinstance(x, str) for x in symptoms)):
        raise KotError(f"{path}: symptoms is a list of ids such as [swelling] (got {symptoms!r})")
    if data.get("date") is not None:
        try:
            dt.date.fromisoformat(str(data["date"]))
        except ValueError:
            raise KotError(f"{path}: date must be a date such as 2026-12-01 (got {data['date']!r})") from None
    return data


def _assess(lib: Any, goal: str, given: dict[str, Any], out: Path | None, force: bool, width: int) -> None:
    from kot import assessments, placement, rules
    from kot.generator import find_template
    from kot.render.assess import card, summary
    from kot.testcards import Result, Screening

    find_template(lib, goal)
    file = _load_answers(given["answers"]) if given["answers"] else {}

    def pick(name: str, key: str | None = None) -> Any:
        flag = given[name]
        return flag if flag not in (None, False, []) else file.get(key or name, flag)

    pain = pick("pain")
    symptoms = list(given["symptom"] or []) or list(file.get("symptoms") or [])
    interactive = pain is None and _terminal()
    if pain is None and not interactive:
        raise UsageError(
            "kot assess never assumes the screening: give --pain N (your usual knee pain) and any --symptom, "
            "or run it in a terminal to be asked",
            option="pain",
        )
    symptoms = placement.check_symptoms(symptoms)
    age, fell, osteo, alone = pick("age"), pick("fell"), pick("osteoporosis"), pick("alone")
    if interactive:
        output.show("Before any test, a few questions. They keep the tests safe.\n")
        symptoms = _ask_symptoms()
        pain = conventions.ask(
            "Your usual knee pain: the worst everyday pain over the last 7 days (0-10)", _whole(0, PAIN_MAX)
        )
        placement.screen(pain, symptoms)
        age = conventions.ask("Your age (Enter: skip)", _whole(10, 120), optional=True)
        fell = _yes("A fall in the past year?")
        osteo = _yes("Known osteoporosis?")
        alone = not _yes("Is someone beside you for the tests?")
    try:
        screening = Screening(symptoms=symptoms, age=age, fell=bool(fell), osteoporosis=bool(osteo), alone=bool(alone))
    except ValueError as exc:  # pydantic's ValidationError: an answers file with the wrong types
        raise KotError(f"{given['answers']}: the screening answers do not read: {exc}") from None
    placement.screen(pain, symptoms)
    band = rules.pain_band(pain)
    slots = placement.battery(lib, goal, pain, screening)
    by_id = {s.test.id: s for s in slots}
    typed = _pairs(given["result"], "result TEST=VALUE") + [(str(k), str(v)) for k, v in _file_results(file)]
    pains = {k: v for k, v in _pairs(given["during"], "during TEST=N")}
    pains.update({str(k): str(v) for k, v in (file.get("during") or {}).items()})
    results: dict[str, Result] = {}
    for test_id, text in typed:
        test = placement.find_test(lib, test_id)
        if test_id in results:
            raise UsageError(f"{test_id} is given twice", option="result")
        if test_id not in by_id:
            why = f"is not done at pain {pain}/10" if goal in test.goals else f"is not one of the {goal} tests"
            raise UsageError(f"{test_id} {why}: leave it out (kot assess --list -g {goal})", option="result")
        results[test_id] = placement.parse_value(test, text, _pain_of(pains, test_id), band)
    for test_id in pains:
        if test_id not in results:
            placement.find_test(lib, test_id)
            raise UsageError(f"--during {test_id}: give its --result too", option="during")
    outcomes = {k: _int(v, k) for k, v in _pairs(given["outcome"], "outcome ID=N")}
    outcomes.update({str(k): _int(str(v), str(k)) for k, v in (file.get("outcomes") or {}).items()})
    walk = _terminal() and not results and not outcomes
    if walk:
        _walk(slots, screening, results, band, width, card, placement.describe_record)
    date = given["date"] or (dt.date.fromisoformat(str(file["date"])) if file.get("date") else dt.date.today())
    made = placement.assess(
        lib,
        placement.Answers(goal, pain, screening, list(results.values()), outcomes, date.isoformat()),
    )
    if given["plan"] is not None:
        from kot.saved import read_program

        program = read_program(given["plan"])
        kept = assessments.record(program, made, force=force)
        output.say(f"Kept {kept} result{'s' if kept != 1 else ''} of {made.date} with {given['plan']}.")
    if out is None and walk and given["plan"] is None:
        out = _free_name(f"assessment-{made.date}")
    if out is not None:
        if output.is_stdout(out):
            output.show(assessments.to_yaml(made))
            return
        output.write_file(out, assessments.to_yaml(made), force=force)
    output.show(summary(made, _names(lib), width))
    if out is not None and not output.is_stdout(out):
        from kot.render.assess import wrapped

        output.show(
            wrapped(
                f"Next: kot plan -g {goal} --assessment {out} -o plan.yaml, and tomorrow morning: "
                f"kot assess {out} --next-morning N",
                width,
            )
        )


def _free_name(stem: str) -> Path:
    """A file name in the current folder that is not taken yet: the answers of a session are never lost."""
    path, n = Path(f"{stem}.yaml"), 1
    while path.exists() or path.is_symlink():
        n += 1
        path = Path(f"{stem}-{n}.yaml")
    return path


def _int(text: str, what: str) -> int:
    number = o.number_in(text, 0, 1000)
    if number is None:
        raise UsageError(f"{what}: '{text}' is not a whole number", option="outcome")
    return number


def _pain_of(pains: dict[str, str], test_id: str) -> int | None:
    if test_id not in pains:
        return None
    number = o.number_in(pains[test_id], 0, 10)
    if number is None:
        raise UsageError(f"--during {test_id}: '{pains[test_id]}' is not a pain from 0 to 10", option="during")
    return number


def _file_results(file: dict[str, Any]) -> list[tuple[Any, Any]]:
    results = file.get("results") or {}
    if not isinstance(results, dict):
        raise KotError("results in an answers file are a mapping such as {tib-raise: 28, heel-raise: '18,15'}")
    out = []
    for key, value in results.items():
        if isinstance(value, list):
            value = ",".join(str(v) for v in value)
        out.append((key, value))
    return out


def _ask_symptoms() -> list[str]:
    from kot import placement, rules

    labels = {k: v[0] for k, v in placement.SCREEN_SYMPTOMS.items()}
    labels.update({k: f.label for k, f in rules.RED_FLAGS.items()})
    labels = {k: labels[k] for k in placement.SYMPTOMS}
    ids = list(labels)
    listed = "\n".join(f"  {n}. {labels[i]}" for n, i in enumerate(ids, 1))
    output.show(f"Do you have any of these now?\n{listed}\n")

    def read(answer: str) -> list[str]:
        picked = []
        for part in answer.replace(" ", ",").split(","):
            if not part:
                continue
            number = o.number_in(part, 1, len(ids))
            if number is None:
                raise ValueError(f"Please enter numbers from 1 to {len(ids)}, separated by commas, or Enter for none.")
            picked.append(ids[number - 1])
        return picked

    return conventions.ask("Their numbers, such as 2,5 (Enter: none)", read, optional=True) or []


def _walk(slots: Any, screening: Any, results: dict, band: Any, width: int, card: Any, describe: Any) -> None:
    """The battery in a terminal, a card at a time; results already given are kept."""
    from kot import placement
    from kot.render.assess import wrapped

    wanted = [s for s in slots if s.test.id not in results]
    total = len(wanted)
    minutes = sum(s.test.minutes for s in wanted if s.required)
    output.show(
        "\n"
        + wrapped(
            f"{total} tests, about {minutes} minutes for the required ones. Barefoot on a non-slip floor, a "
            "counter or wall corner within reach (never hold a movable chair). Stop any test at pain above 5/10, "
            "or 2 above your pain before it.",
            width,
        )
    )
    for n, slot in enumerate(wanted, 1):
        test = slot.test
        if not placement.wanted(slot, screening, results):
            continue
        if slot.skip:
            output.show(f"\n{test.name}: skipped, {slot.skip}.\n")
            continue
        output.show("\n" + card(test, width, slot.notes, f"{n}/{total}. "))
        if not slot.required and not _yes("This one is optional. Do it now?"):
            continue

        def read(answer: str, test: Any = test) -> Any:
            return placement.parse_value(test, answer, None, band)

        value = conventions.ask(f"Result ({describe(test)}; Enter: skip)", read, optional=True)
        if value is None:
            continue
        if test.asks_pain and not value.stopped:
            hurt = conventions.ask("Highest pain during it (0-10)", _whole(0, PAIN_MAX))
            value = replace(value, pain=hurt)
            if hurt > placement.CEILING:
                output.show("Pain above 5/10: that exercise starts on level 1. Rest before the next test.\n")
        results[test.id] = value
