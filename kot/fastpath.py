"""`kot plan` printed to stdout without typer: the command line read by kot's one table of options
(kot.commandline.PLAN), the plan built, rendered and printed by the very calls the typer command makes
(kot.planning, kot.output).

It takes only what it fully understands: known options with values their parsers accept, printing to stdout
(no --output, no --assessment), except in a folder that looks like a library it was not given (the CLI
notes it).
Anything else, and anything that goes wrong before the first byte is printed (an unknown goal, a refused
plan, a week the plan does not have, a broken library), it hands to the full CLI untouched, which reads the
command line again and says what it says today: same messages, same exit codes. Once printing started, a
failure ends the run through the CLI's own error boundary.

Why: typer and click cost more start-up than building a plan, and `kot plan` is the command run most.
"""

from __future__ import annotations

import os
from typing import Any

from kot.commandline import PLAN, REQUIRED, BadValue, unnamed_library

# Options the fast path leaves to the full CLI, whatever their value: a file to write (and its next-step
# hint, its identity), and a placement read from a file (and its baseline kept in the diary).
DEFERRED = ("out", "assessment")
_FLAGS = {flag: opt for opt in PLAN.options for flag in opt.flags}


def read(args: list[str]) -> dict[str, Any] | None:
    """The values of `kot plan`'s options on this command line (after `plan`), by option name; None unless
    every word is understood: a known option, given a value its parser takes (no value that starts with a
    dash: click may read it otherwise), no argument, nothing the fast path leaves to the CLI."""
    given: dict[str, Any] = {}
    words = iter(args)
    for word in words:
        if word.startswith("--"):
            flag, attached, text = word.partition("=")
        elif word.startswith("-") and len(word) > 2:
            flag, attached, text = word[:2], "=", word[2:]
        else:
            flag, attached, text = word, "", ""
        opt = _FLAGS.get(flag)
        if opt is None or opt.name in DEFERRED:
            return None
        if opt.is_flag:
            if attached:
                return None
            given[opt.name] = True
            continue
        if not attached:
            text = next(words, None)
            if text is None:
                return None
        if text.startswith("-"):
            return None
        if opt.repeatable:
            given.setdefault(opt.name, []).append(text)
        else:
            given[opt.name] = text  # click keeps the last
    values = {}
    for opt in PLAN.options:
        raw = given.get(opt.name, opt.default)
        if raw is REQUIRED:
            return None  # a required option is missing
        try:
            if opt.name not in given or opt.is_flag:
                values[opt.name] = raw
            elif opt.repeatable:
                values[opt.name] = [opt.read(text) for text in raw]
            else:
                values[opt.name] = opt.read(raw)
        except BadValue:
            return None
    return values


def attempt(args: list[str]) -> int | None:
    """Run this command line through the fast path when it is a `kot plan` the fast path understands: the
    exit code; else None, having printed nothing, for the full CLI to run it."""
    if not args or args[0] != "plan" or "_KOT_COMPLETE" in os.environ:  # click's shell completion
        return None
    values = read(args[1:])
    if values is None or unnamed_library(values["library"] or []):  # the CLI notes it: let it
        return None
    from kot import output, planning

    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # as kot.cli.main does
    output.standard_streams()
    try:
        made = planning.make(values, announce_refusal=False)
        options = planning.emit_options(values, made)
        fmt, pager = options.pop("fmt"), options.pop("pager")
        del options["output"], options["force"]
        chosen, kind = output.choose((output.PLAN,), fmt, None, "table")
        rendered = output.render(kind, chosen.name, made.program, **options)
    except Exception:  # noqa: BLE001 - nothing is printed yet: the full CLI runs it again and reports it
        return None
    try:
        output.show(rendered, pager=pager)
        planning.finish(values, made)
        code = 0
    except output.StdoutClosed:
        code = 0
    except Exception as exc:  # noqa: BLE001 - the CLI's one boundary turns it into a message and a code
        from kot.cli import _report

        code = _report(exc, debug=False)
    return output.finish(code)
