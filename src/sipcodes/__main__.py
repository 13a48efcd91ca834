"""`python -m sipcodes` runs the command line."""

from .cli import main

main()
