"""`python -m dsm` runs the command line."""

from dsm.cli import main

main(prog_name="dsm")
