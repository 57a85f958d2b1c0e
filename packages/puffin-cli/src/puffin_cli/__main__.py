"""`python -m puffin_cli`."""

from puffin_cli._main import main

main()
