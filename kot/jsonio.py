"""The one JSON form kot prints and saves: indented, non-ASCII kept as is, ending in a newline.

Why one function: a plan, a list, a schema and the diary all print the same way, and a change to the form
(say, sorted keys) is made once.
"""

from __future__ import annotations

import json
from typing import Any


def dump_json(data: Any) -> str:
    """Plain data as kot's JSON text."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
