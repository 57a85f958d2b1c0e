"""A worker process for the concurrency test of test_git_concurrency.py.

It waits until START (a `time.time()` value) so that all workers begin together,
fetches the git URL into the cache and prints the commit and the checkout path.

    python puffin_git_worker.py CACHE_ROOT GIT_URL START
"""

from __future__ import annotations

import sys
import time

from distribution_types import GitSourceDist
from puffin_cache import Cache
from puffin_git import GitSource
from puffin_pep508 import VerbatimUrl


def main() -> None:
    root, url, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
    dist = GitSourceDist.from_git_url("pkg", VerbatimUrl.parse_url(url))
    time.sleep(max(0.0, start - time.time()))
    checkout = GitSource(Cache.from_path(root)).fetch(dist)
    print(checkout.commit, checkout.path)


if __name__ == "__main__":
    main()
