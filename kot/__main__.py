"""`python -m kot`."""

from kot.cli import main

main()
