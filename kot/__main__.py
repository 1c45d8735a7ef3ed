"""The console entry point, for the `kot` script and `python -m kot`: the CLI run without the cyclic
garbage collector, and with Ctrl-C handled from the first moment.

Why no collector: a kot run is short and makes few cycles, yet collection passes rescan every object of the
imported libraries (about a fifth of a start-up), and the final collection at exit walks them all once more.
So the collector is off for the run, and everything alive is frozen before Python's own exit collection,
which then has nothing to scan.

Why the guard here: importing the CLI (typer, click) takes a noticeable moment, and a Ctrl-C during it would
otherwise print a traceback before kot's error boundary (`kot.cli.main`) exists.

Why kot.fastpath first: `kot plan` printed to stdout runs without typer when the fast path understands its
command line; anything else it hands to the full CLI before printing anything.
"""

import gc
import sys

try:  # the C module under `signal`, whose import builds its enums: 5 ms of a warm `kot plan`
    import _signal as signals
except ImportError:  # pragma: no cover - a Python without it
    import signal as signals


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run() -> None:
    """Start kot: Ctrl-C at any moment, even while the CLI is still being imported, exits 130 with one line.

    `kill` (SIGTERM) and a closed terminal (SIGHUP) interrupt the same way, so a write in progress removes
    its temporary file and a diary transaction rolls back, instead of the process vanishing mid-way."""
    gc.disable()
    try:
        for number in (signals.SIGTERM, signals.SIGHUP):
            if signals.getsignal(number) == signals.SIG_DFL:
                signals.signal(number, _interrupt)
        from kot.fastpath import attempt

        code = attempt(sys.argv[1:])
        if code is not None:
            sys.exit(code)
        from kot.cli import main

        main()
    except KeyboardInterrupt:
        try:
            sys.stderr.write("Interrupted.\n")
            sys.stderr.flush()
        except (AttributeError, OSError):  # no stderr (closed), or a broken one: the exit code still says it
            pass
        sys.exit(130)
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
