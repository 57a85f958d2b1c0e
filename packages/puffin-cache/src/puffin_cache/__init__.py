"""puffin's cache: buckets, entries, stable digests, atomic writes, locks and clean."""

from puffin_cache._atomic import (
    TEMP_PREFIX,
    persist_dir,
    remove_tree,
    write_atomic,
    write_atomic_text,
)
from puffin_cache._bucket import CacheBucket, CacheEntry, CacheShard
from puffin_cache._cache import CACHE_DIR_ENV, CACHEDIR_TAG, Cache
from puffin_cache._clean import CleanStats
from puffin_cache._digest import (
    DEFAULT_INDEX_FOLDER,
    cache_digest,
    canonical_url,
    index_folder,
    url_digest,
)
from puffin_cache._freshness import Freshness, Refresh, Timestamp
from puffin_cache._lock import DEFAULT_LOCK_TIMEOUT, LockedFile, lock_path
from puffin_cache._record import (
    PAYLOAD_CODEC,
    CachedRecord,
    decode_payload,
    encode_payload,
    read_record,
    write_record,
)
from puffin_cache.errors import (
    CacheDirError,
    CacheWriteError,
    InvalidCacheKey,
    LockTimeout,
    PuffinCacheError,
)

# Plain sorted() order, which the workspace's export test checks (not ruff's isort order).
__all__ = [
    "CACHEDIR_TAG",
    "CACHE_DIR_ENV",
    "Cache",
    "CacheBucket",
    "CacheDirError",
    "CacheEntry",
    "CacheShard",
    "CacheWriteError",
    "CachedRecord",
    "CleanStats",
    "DEFAULT_INDEX_FOLDER",
    "DEFAULT_LOCK_TIMEOUT",
    "Freshness",
    "InvalidCacheKey",
    "LockTimeout",
    "LockedFile",
    "PAYLOAD_CODEC",
    "PuffinCacheError",
    "Refresh",
    "TEMP_PREFIX",
    "Timestamp",
    "cache_digest",
    "canonical_url",
    "decode_payload",
    "encode_payload",
    "index_folder",
    "lock_path",
    "persist_dir",
    "read_record",
    "remove_tree",
    "url_digest",
    "write_atomic",
    "write_atomic_text",
    "write_record",
]
