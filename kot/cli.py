"""The typer app: parse options, call one library function, render, map errors to exit codes.

Heavy modules (yaml, rich tables, pydantic models, the generator) are imported inside the commands so that
`kot --help` and `kot --version` start fast. No `from __future__ import annotations` here: typer would
have to evaluate every string annotation again at start-up.
"""

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from kot import __version__
from kot.vocab import ExportFormat, HistoryFormat, ListFormat, PlanFormat, SchemaKind, StartLevel, Symptom

if TYPE_CHECKING:
    from kot.errors import PlanRefused
    from kot.library import Library
    from kot.model import Program

app = typer.Typer(name="kot", no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  help="Knees-over-toes training programs by goal and pain level.")
exercises_app = typer.Typer(help="Browse the exercise library.", no_args_is_help=True)
goals_app = typer.Typer(help="The goal templates (kot goals = kot goals list).", invoke_without_command=True)
app.add_typer(exercises_app, name="exercises")
app.add_typer(goals_app, name="goals")

LibraryOpt = Annotated[list[Path], typer.Option("--library", "-L", metavar="DIR", help="Extra library folder holding exercises/ "
                       "and/or programs/; repeatable, later wins by id. Also KOT_LIBRARY (path-separated).")]
FormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kot {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False,
) -> None:
    """Knees-over-toes training programs by goal and pain level."""


def _library(extra: list[Path] | None) -> "Library":
    from kot.library import load_library

    return load_library(list(extra or []))


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def _emit(program: "Program", fmt: str | None, output: Path | None, force: bool, week: int | None, explain: bool,
          log_sheet: bool = False, checkins: Sequence = ()) -> None:
    """Print a program, or write it to a file atomically."""
    from kot.output import choose_format, only_week, render, write_atomic

    chosen = choose_format(fmt, output)
    if chosen == "ics":
        raise _usage("--output", "calendar files come from `kot export PLAN -o plan.ics --start YYYY-MM-DD`")
    shown = only_week(program, week)
    if output is not None:
        write_atomic(output, render(shown, chosen, explain=explain, log_sheet=log_sheet, checkins=checkins), force=force)
        _console(stderr=True).print(f"Wrote {output}")
    elif chosen == "table":
        from kot.render.table import program_view

        _console().print(program_view(shown, explain=explain))
    else:
        sys.stdout.write(render(shown, chosen, explain=explain, log_sheet=log_sheet, checkins=checkins))


def _usage(option: str, message: str) -> Exception:
    from kot.errors import UsageError

    return UsageError(f"Invalid value for '{option}': {message}")


@app.command()
def plan(
    goal: Annotated[str, typer.Option("--goal", "-g", help="Goal template id (see `kot goals`): knee-pain, athletic, mobility, longevity, or your own.")],
    pain: Annotated[Optional[int], typer.Option("--pain", "-p", min=0, max=10, help="Worst everyday knee pain over the last 7 days, 0-10. Default: the goal's stated assumption.")] = None,
    weeks: Annotated[Optional[int], typer.Option("--weeks", "-w", min=1, max=52, help="Program length, 1-52 weeks. Default: the goal's (8 for knee-pain).")] = None,
    days: Annotated[int, typer.Option("--days", "-d", min=1, max=7, help="Training days per week, 1-7.")] = 3,
    minutes: Annotated[int, typer.Option("--minutes", "-m", min=10, max=180, help="Time budget per session, 10-180 minutes.")] = 30,
    equipment: Annotated[Optional[list[str]], typer.Option("--equipment", "-e", help="Equipment ids, repeatable or comma-separated, added to the household items (floor, wall, step, chair); `none` keeps only floor and wall.")] = None,
    level: Annotated[StartLevel, typer.Option("--level", help="Where on each ladder to start.")] = StartLevel.beginner,
    symptom: Annotated[Optional[list[Symptom]], typer.Option("--symptom", help="A red-flag symptom (repeatable); any one refuses the plan and says whom to see.")] = None,
    library: LibraryOpt = None,
    fmt: Annotated[Optional[PlanFormat], typer.Option("--format", "-f", help="Output format. Default: table, or from the --output suffix.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to a file (.md, .json, .yaml, .csv) instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Allow replacing an existing output file.")] = False,
    week: Annotated[Optional[int], typer.Option("--week", min=1, max=52, help="Show only week N (the program is still built whole).")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show, for every prescription, the rules that chose it.")] = False,
) -> None:
    """Build a program and print it.

    --pain means your worst everyday knee pain over the last 7 days (0-10). Pain 7 or more, or any
    --symptom, refuses the plan (exit 3) and says whom to see instead.
    """
    from kot.errors import PlanRefused
    from kot.generator import PlanRequest, build_program

    request = PlanRequest(goal=goal, pain=pain, weeks=weeks, days=days, minutes=minutes, equipment=tuple(equipment or ()),
                          level=level, symptoms=tuple(s.value for s in symptom or ()))
    chosen = fmt.value if fmt else None
    try:
        program = build_program(request, _library(library))
    except PlanRefused as refusal:
        _refuse(refusal, chosen or ("json" if output and output.suffix == ".json" else None))
        return
    _emit(program, chosen, output, force, week, explain)


def _refuse(refusal: "PlanRefused", fmt: str | None) -> None:
    import json

    if fmt != "json":
        raise refusal
    sys.stdout.write(json.dumps({"status": "refused", "reasons": refusal.reasons, "advice": refusal.advice}, indent=2) + "\n")
    raise typer.Exit(3)


def _print_refusal(refusal: "PlanRefused") -> None:
    err = _console(stderr=True)
    err.print("[bold red]Plan refused for safety.[/]")
    for reason in refusal.reasons:
        err.print(f"- {reason}", markup=False, soft_wrap=True)
    err.print(refusal.advice, markup=False, soft_wrap=True)


@app.command()
def show(
    file: Annotated[Path, typer.Argument(help="A saved program (.yaml or .json from `kot plan -o`).")],
    fmt: Annotated[Optional[PlanFormat], typer.Option("--format", "-f", help="Output format.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to a file instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Allow replacing an existing output file.")] = False,
    week: Annotated[Optional[int], typer.Option("--week", min=1, max=52, help="Show only week N.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show the rules behind every prescription.")] = False,
) -> None:
    """Render a saved program again, exactly as `kot plan` printed it."""
    from kot.saved import read_program

    _emit(read_program(file), fmt.value if fmt else None, output, force, week, explain)


@app.command()
def export(
    file: Annotated[Path, typer.Argument(help="A saved program (.yaml or .json from `kot plan -o`).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Target file: .md, .csv, .json, .yaml or .ics.")],
    fmt: Annotated[Optional[ExportFormat], typer.Option("--format", "-f", help="Output format. Default: from the suffix.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Allow replacing an existing output file.")] = False,
    log_sheet: Annotated[bool, typer.Option("--log-sheet", help="Markdown: blank cells per set for reps done and pain, to print and fill in.")] = False,
    start: Annotated[Optional[str], typer.Option("--start", help="Calendar: the first training day, YYYY-MM-DD.")] = None,
    time: Annotated[str, typer.Option("--time", help="Calendar: session start time, HH:MM.")] = "07:00",
    weekdays: Annotated[Optional[str], typer.Option("--weekdays", help="Calendar: training weekdays, e.g. mon,wed,fri (default: spread evenly).")] = None,
) -> None:
    """Write a saved program to another format (markdown, CSV, calendar, JSON, YAML)."""
    from kot.output import choose_format, write_atomic
    from kot.saved import read_program

    program = read_program(file)
    chosen = choose_format(fmt.value if fmt else None, output)
    if chosen == "ics":
        from kot.render.ics import to_ics

        if start is None:
            raise _usage("--start", "a calendar needs the first training day, e.g. --start 2026-12-01")
        write_atomic(output, to_ics(program, start=start, time=time, weekdays=weekdays), force=force)
        _console(stderr=True).print(f"Wrote {output}")
        return
    from kot.checkins import logged

    _emit(program, chosen, output, force, None, False, log_sheet=log_sheet, checkins=logged(program.plan_id))


def _print(fmt: ListFormat, view, data, file_kind: str | None = None) -> None:
    """A browse result as a rich view, JSON, or YAML (a file to fork when it is one entry)."""
    from kot import browse

    if fmt is ListFormat.table:
        _console().print(view())
    elif fmt is ListFormat.yaml and file_kind:
        sys.stdout.write(browse.as_file(data, file_kind))
    else:
        sys.stdout.write(browse.dump(data, fmt.value))


@exercises_app.command("list")
def exercises_list(
    category: Annotated[Optional[str], typer.Option("--category", help="Only this category, e.g. knee-dominant.")] = None,
    equipment: Annotated[Optional[list[str]], typer.Option("--equipment", "-e", help="Only families with a level doable with household items plus these.")] = None,
    pain: Annotated[Optional[int], typer.Option("--pain", "-p", min=0, max=10, help="Only families with a level allowed at this pain.")] = None,
    goal: Annotated[Optional[str], typer.Option("--goal", "-g", help="Only families serving this goal.")] = None,
    fmt: FormatOpt = ListFormat.table,
    library: LibraryOpt = None,
) -> None:
    """List exercise families, with filters."""
    from kot import browse

    families = browse.filter_families(_library(library), category=category, equipment=equipment, pain=pain, goal=goal)
    _print(fmt, lambda: browse.families_table(families), [browse.family_data(f) for f in families])


@exercises_app.command("show")
def exercises_show(
    family_id: Annotated[str, typer.Argument(metavar="ID", help="Exercise family id, e.g. tibialis-raise.")],
    fmt: FormatOpt = ListFormat.table,
    library: LibraryOpt = None,
) -> None:
    """Show one exercise family and its ladder (`--format yaml` prints a file to fork)."""
    from kot import browse

    family = browse.find(_library(library).families, family_id, "exercise family")
    _print(fmt, lambda: browse.family_view(family), browse.family_data(family), file_kind="exercise")


@goals_app.callback()
def _goals_default(ctx: typer.Context, fmt: FormatOpt = ListFormat.table, library: LibraryOpt = None) -> None:
    if ctx.invoked_subcommand is None:
        goals_list(fmt=fmt, library=library)


@goals_app.command("list")
def goals_list(fmt: FormatOpt = ListFormat.table, library: LibraryOpt = None) -> None:
    """List goal templates."""
    from kot import browse

    templates = sorted(_library(library).templates.values(), key=lambda t: t.id)
    _print(fmt, lambda: browse.templates_table(templates), [browse.template_data(t) for t in templates])


@goals_app.command("show")
def goals_show(
    goal_id: Annotated[str, typer.Argument(metavar="ID", help="Goal template id, e.g. knee-pain.")],
    fmt: FormatOpt = ListFormat.table,
    library: LibraryOpt = None,
) -> None:
    """Show one goal template (`--format yaml` prints a file to fork)."""
    from kot import browse

    template = browse.find(_library(library).templates, goal_id, "goal")
    _print(fmt, lambda: browse.template_view(template), browse.template_data(template), file_kind="template")


@app.command()
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or library folders to check (default: the built-in library, KOT_LIBRARY and --library).")] = None,
    library: LibraryOpt = None,
) -> None:
    """Check exercise, goal and saved-plan files: every schema problem and safety lint in one pass."""
    from kot.errors import DataError
    from kot.library import validate as check

    try:
        checked = check(list(paths or []), list(library or []))
    except DataError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        files = len({p.file for p in exc.problems})
        typer.echo(f"{len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''} in {files} file{'s' if files != 1 else ''}", err=True)
        raise typer.Exit(1) from None
    typer.echo(checked.summary())


@app.command()
def schema(kind: Annotated[SchemaKind, typer.Argument(help="Which file kind.")]) -> None:
    """Print the JSON Schema of a file kind (for editors and CI)."""
    from kot.browse import json_schema

    sys.stdout.write(json_schema(kind.value))


@app.command()
def checkin(
    plan_file: Annotated[Path, typer.Argument(metavar="PLAN", help="The saved program (.yaml or .json).")],
    week: Annotated[int, typer.Option("--week", "-w", min=1, max=52, help="Week of the session.")],
    day: Annotated[int, typer.Option("--day", "-d", min=1, max=7, help="Day (session number) in that week.")],
    during: Annotated[Optional[int], typer.Option("--during", min=0, max=10, help="Worst knee pain during the session, 0-10 (asked for in a terminal).")] = None,
    next_morning: Annotated[Optional[int], typer.Option("--next-morning", min=0, max=10, help="Knee pain the next morning, 0-10 (record again to add it later).")] = None,
    done: Annotated[bool, typer.Option("--done", help="The whole dose was done (the default).")] = False,
    partial: Annotated[bool, typer.Option("--partial", help="Only part of the dose was done.")] = False,
    skipped: Annotated[bool, typer.Option("--skipped", help="The session was missed.")] = False,
    exercise: Annotated[Optional[list[str]], typer.Option("--exercise", "-x", help="ID=PAIN for one exercise that hurt, e.g. step-down=5; repeatable.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="A free-text note.")] = None,
    symptom: Annotated[Optional[list[Symptom]], typer.Option("--symptom", help="A new red-flag symptom; stops the plan and says whom to see.")] = None,
) -> None:
    """Record how a session went: pain during, pain next morning, done or not."""
    from kot import adapt, checkins
    from kot.saved import read_program
    from kot.store import CheckIn, Store

    if done + partial + skipped > 1:
        raise _usage("--done/--partial/--skipped", "choose one")
    status = "skipped" if skipped else "partial" if partial else "done"
    program = read_program(plan_file)
    pains = checkins.parse_exercise_pains(exercise or [])
    checkins.check_session(program, week, day, list(pains))
    if during is None:
        during = 0 if skipped else _ask("Worst knee pain during the session (0-10)", "--during")
    if next_morning is None and not skipped and sys.stdin.isatty():
        next_morning = _ask("Knee pain the next morning (0-10, Enter if not known yet)", "--next-morning", optional=True)
    try:
        entry = CheckIn(program.plan_id, week, day, during, next_morning, status, pains,
                        tuple(s.value for s in symptom or ()), note)
    except ValueError as exc:
        raise _usage("checkin", str(exc)) from None
    with Store.open() as store:
        replaced, verdict = checkins.record(store, program, entry)
    err = _console(stderr=True)
    saved = f"{'Replaced' if replaced else 'Recorded'} week {week} day {day}"
    try:
        adapt.check_stop([entry])
    except Exception:
        err.print(f"{saved}.", markup=False)
        raise
    err.print(f"{saved}: {verdict.reason}; {checkins.NEXT_STEP[verdict.action]}", markup=False, soft_wrap=True)


def _ask(question: str, option: str, optional: bool = False) -> int | None:
    """Ask for a pain number in a terminal; from a script, never wait: the option is required."""
    if not sys.stdin.isatty():
        raise _usage(option, "required when not run in a terminal")
    from rich.prompt import IntPrompt

    while True:
        answer = IntPrompt.ask(question, default=None if optional else ..., show_default=False)
        if answer is None and optional:
            return None
        if answer is not None and 0 <= answer <= 10:
            return answer
        _console(stderr=True).print("Please enter a whole number from 0 to 10.")


@app.command()
def history(
    plan_file: Annotated[Optional[Path], typer.Argument(metavar="[PLAN]", help="A saved program; without it, every plan's check-ins.")] = None,
    fmt: Annotated[HistoryFormat, typer.Option("--format", "-f", help="Output format.")] = HistoryFormat.table,
    import_file: Annotated[Optional[Path], typer.Option("--import", help="Restore check-ins from a JSON export.")] = None,
) -> None:
    """Show or export the check-ins of a plan, or restore an export."""
    import json

    from kot.store import Store

    with Store.open() as store:
        if import_file is not None:
            count = store.import_rows(_read_json(import_file))
            _console(stderr=True).print(f"Imported {count} check-in{'s' if count != 1 else ''} from {import_file}")
            return
        plan_id = _plan_id(plan_file) if plan_file else None
        rows = store.export(plan_id)
        if fmt is HistoryFormat.table:
            from kot.render.progress import history_table

            shown = store.checkins(plan_id) if plan_id else [c for p in store.plans() for c in store.checkins(p)]
            _console().print(history_table(shown, show_plan=plan_id is None))
        elif fmt is HistoryFormat.json:
            sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        else:
            from kot.render.csv import history_csv

            sys.stdout.write(history_csv(rows))


def _read_json(path: Path):
    import json

    from kot.errors import KotError

    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KotError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KotError(f"{path}: not a JSON export of check-ins ({exc})") from None


def _plan_id(plan_file: Path) -> str:
    from kot.saved import read_program

    return read_program(plan_file).plan_id


@app.command("next")
def next_revision(
    plan_file: Annotated[Path, typer.Argument(metavar="PLAN", help="The saved program (.yaml or .json).")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Where to write the new revision (default: PLAN.rN.yaml beside it).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Allow replacing an existing output file.")] = False,
    library: LibraryOpt = None,
) -> None:
    """Adapt a plan to its check-ins and write the next revision; print what changed and why."""
    from kot import adapt
    from kot.output import render, write_atomic
    from kot.saved import read_program
    from kot.store import Store

    program = read_program(plan_file)
    with Store.open() as store:
        found = store.checkins(program.plan_id)
    if not found:
        _console(stderr=True).print("No check-ins for this plan yet: record one with `kot checkin`. Nothing changed.")
        return
    lib = _library(library)
    adapted = adapt.adapt_program(program, found, lib)
    base = re.sub(r"\.r\d+$", "", plan_file.stem)  # plan.r2.yaml -> plan.r3.yaml, not plan.r2.r3.yaml
    target = output or plan_file.with_name(f"{base}.r{adapted.revision}{plan_file.suffix}")
    write_atomic(target, render(adapted, "json" if target.suffix == ".json" else "yaml"), force=force)
    lines = adapt.changes(program, adapted)
    out = _console()
    out.print(f"Revision {adapted.revision} from {len(found)} check-in{'s' if len(found) != 1 else ''}: {target}", markup=False, soft_wrap=True)
    if lib.version != program.library_version:
        out.print("Note: the exercise library changed since this plan was made; the new revision uses the current one.")
    upcoming = [line for line in lines if line.startswith(f"week {_first_changed_week(lines)} ")]
    for line in upcoming or ["No changes: keep following the plan."]:
        out.print(f"- {line}", markup=False, soft_wrap=True)
    if len(lines) > len(upcoming):
        out.print(f"(+{len(lines) - len(upcoming)} later prescriptions follow from these; `kot show {target}` shows them all)",
                  markup=False, soft_wrap=True)


def _first_changed_week(lines: list[str]) -> str:
    return lines[0].split()[1] if lines else ""


@app.command()
def progress(plan_file: Annotated[Path, typer.Argument(metavar="PLAN", help="The saved program (.yaml or .json).")]) -> None:
    """Chart pain and weekly volume from the check-ins, with a short summary."""
    from kot import checkins
    from kot.render.progress import progress_view
    from kot.saved import read_program
    from kot.store import Store

    program = read_program(plan_file)
    with Store.open() as store:
        found = store.checkins(program.plan_id)
    _console().print(progress_view(found, checkins.trend(program, found), checkins.summary(program, found)))


@app.command()
def simulate(
    goal: Annotated[str, typer.Option("--goal", "-g", help="Goal template id.")],
    responses: Annotated[str, typer.Option("--responses", "-r", help="Comma-separated weekly responses: green (pain <= 3, settled), amber (4-5, or next morning +1), red (above 5, or next morning +2), skip.")],
    pain: Annotated[Optional[int], typer.Option("--pain", "-p", min=0, max=10, help="Worst everyday knee pain over the last 7 days, 0-10.")] = None,
    weeks: Annotated[Optional[int], typer.Option("--weeks", "-w", min=1, max=52, help="Program length in weeks.")] = None,
    days: Annotated[int, typer.Option("--days", "-d", min=1, max=7, help="Training days per week.")] = 3,
    minutes: Annotated[int, typer.Option("--minutes", "-m", min=10, max=180, help="Time budget per session.")] = 30,
    equipment: Annotated[Optional[list[str]], typer.Option("--equipment", "-e", help="Equipment ids, as for `kot plan`.")] = None,
    level: Annotated[StartLevel, typer.Option("--level", help="Where on each ladder to start.")] = StartLevel.beginner,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="table or json (yaml prints json-shaped YAML).")] = ListFormat.table,
    library: LibraryOpt = None,
) -> None:
    """Walk hypothetical weekly responses through the adaptation rules (nothing is saved)."""
    from kot import adapt, browse
    from kot.generator import PlanRequest

    wanted = [r.strip() for r in responses.split(",") if r.strip()]
    choices = [*adapt.RESPONSES, "skip"]
    for r in wanted:
        if r not in choices:
            raise _usage("--responses", f"'{r}' is not one of {', '.join(choices)}")
    request = PlanRequest(goal=goal, pain=pain, weeks=weeks, days=days, minutes=minutes,
                          equipment=tuple(equipment or ()), level=level)
    final, walked = adapt.simulate(request, _library(library), wanted)
    if fmt is ListFormat.table:
        from kot.render.progress import simulation_view

        _console().print(simulation_view(walked, final))
    else:
        data = [{"week": w.week, "response": w.response, "verdict": w.verdict, "changes": w.changes} for w in walked]
        sys.stdout.write(browse.dump(data, fmt.value))


def main(argv: list[str] | None = None) -> None:
    """Run the CLI, mapping every error to one message and the contract's exit code."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # kot uses none; the lookup costs start-up
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        command = typer.main.get_command(app)
        code = command.main(args=args, prog_name="kot", standalone_mode=False)
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        code = 130
    except typer.TyperException as exc:  # click's usage errors: bad options and values
        show = getattr(exc, "show", None)
        show() if show else typer.echo(f"Error: {exc.format_message()}", err=True)
        code = exc.exit_code
    except KeyboardInterrupt:
        typer.echo("Interrupted.", err=True)
        code = 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 0
    except Exception as exc:  # noqa: BLE001 - the one place that turns errors into exit codes
        code = _report(exc, debug)
    sys.exit(code if isinstance(code, int) else 0)


def _report(exc: Exception, debug: bool) -> int:
    from kot.errors import DataError, KotError, PlanRefused

    if isinstance(exc, PlanRefused):
        _print_refusal(exc)
        return exc.exit_code

    if isinstance(exc, DataError):
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        return exc.exit_code
    if isinstance(exc, KotError):
        typer.echo(f"Error: {exc}", err=True)
        return exc.exit_code
    if debug:
        import traceback

        traceback.print_exception(exc)
    typer.echo(f"kot: internal error (a bug): {type(exc).__name__}: {exc}. Run again with --debug for details.", err=True)
    return 70
