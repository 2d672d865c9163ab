"""`python -m stancewatch.cli`."""

from stancewatch.cli import main

main()
