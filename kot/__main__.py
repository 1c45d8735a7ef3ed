"""The console entry point, for the `kot` script and `python -m kot`: the CLI run without the cyclic
garbage collector.

Why: a kot run is short and makes few cycles, yet collection passes rescan every object of the imported
libraries (about a fifth of a start-up), and the final collection at exit walks them all once more. So the
collector is off for the run, and everything alive is frozen before Python's own exit collection, which
then has nothing to scan.
"""

import gc


def run() -> None:
    gc.disable()
    try:
        from kot.cli import main

        main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
