"""`python -m stancewatch.cli`."""

from stancewatch.cli import main

if __name__ == "__main__":
    main()
