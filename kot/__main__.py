"""`python -m kot`, and the `kot` command's entry point.

Why a separate entry point: importing the CLI (typer, click) takes a noticeable moment, and a Ctrl-C during
it would otherwise print a traceback before kot's error boundary exists. `run` only imports it inside a
guard; everything after that is `kot.cli.main`'s.
"""

import signal
import sys


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run() -> None:
    """Start kot: Ctrl-C at any moment, even while the CLI is still being imported, exits 130 with one line.

    `kill` (SIGTERM) and a closed terminal (SIGHUP) interrupt the same way, so a write in progress removes
    its temporary file and a diary transaction rolls back, instead of the process vanishing mid-way."""
    try:
        for number in (signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(number) is signal.SIG_DFL:
                signal.signal(number, _interrupt)
        from kot.cli import main

        main()
    except KeyboardInterrupt:
        try:
            sys.stderr.write("Interrupted.\n")
            sys.stderr.flush()
        except (AttributeError, OSError):  # no stderr (closed), or a broken one: the exit code still says it
            pass
        sys.exit(130)


if __name__ == "__main__":
    run()
