"""The hashes kot uses, without importing hashlib: its import loads OpenSSL, 3 ms of a warm `kot plan`.

CPython ships its own blake2 and sha256 modules; hashlib is the fallback for a Python built without them.
The digests are the same either way.
"""

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

try:
    from _sha256 import sha256  # Python 3.11
except ImportError:  # pragma: no cover - Python 3.12 on
    try:
        from _sha2 import sha256
    except ImportError:
        from hashlib import sha256

__all__ = ["blake2b", "sha256"]
