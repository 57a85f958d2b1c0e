"""``python -m puffin_bench``: run the benchmarks."""

from puffin_bench._cli import main

raise SystemExit(main())
