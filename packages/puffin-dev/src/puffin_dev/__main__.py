"""``python -m puffin_dev``: the developer commands."""

from puffin_dev._cli import main

raise SystemExit(main())
