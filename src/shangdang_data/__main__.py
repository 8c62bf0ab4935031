"""`python -m shangdang_data` runs the command line."""

from shangdang_data.cli import main

main()
