"""YAML syntax errors in plain words: what PyYAML found, said as a coach editing a file would understand it.

PyYAML reports what its parser expected ("while parsing a block collection did not find expected '-'
indicator"); a person needs to know what to change on which line. Each known pattern maps to a sentence;
anything else is still said in kot's words, with the parser's detail in brackets at the end.
"""

from __future__ import annotations

import re

# (pattern of PyYAML's "context problem" text, what it means; {start} is the line where the construct began)
_PLAIN: tuple[tuple[str, str], ...] = (
    (
        r"while parsing a block collection.*expected '-' indicator",
        "this line is indented differently from the list above it (started on line {start}): line the '-' items "
        "up, and indent an item's other keys under its first one",
    ),
    (
        r"while parsing a block collection.*expected <block end>",
        "a list item's line and the lines around it do not line up: a '-' list and 'key: value' lines at the "
        "same indentation cannot be mixed",
    ),
    (
        r"while parsing a block mapping.*expected <block end>",
        "this line is indented differently from the keys above it (from line {start}): keys of one mapping "
        "must start in the same column",
    ),
    (
        r"while parsing a block mapping.*expected key",
        "this line is indented differently from the keys above it (from line {start}): keys of one mapping "
        "must start in the same column",
    ),
    (
        r"mapping values are not allowed",
        "a ':' where no key can start: check this line's indentation against the lines above, or put a "
        "value that holds ': ' in quotes",
    ),
    (
        r"while scanning a simple key.*could not find expected ':'",
        "this line is not 'key: value' (the ':' is missing), or the line before it is not finished",
    ),
    (
        r"while scanning a (quoted|double-quoted|single-quoted) scalar.*end of stream",
        "a quote opened here (line {start}) is never closed",
    ),
    (
        r"while (scanning|parsing) a (double-quoted|quoted) scalar.*unknown escape character",
        "a backslash inside double quotes starts an escape YAML does not know: use single quotes, or write \\\\",
    ),
    (
        r"while parsing a flow sequence",
        "a list in [brackets] (opened on line {start}) is not closed with ']', or its items lack commas",
    ),
    (
        r"while parsing a flow mapping",
        "a mapping in {{braces}} (opened on line {start}) is not closed with '}}', or its entries lack commas",
    ),
    (r"found character '\\t' that cannot start any token", "a tab: indent with spaces only"),
    (r"found character .*that cannot start any token", "a value cannot start with {char} in YAML: put it in quotes"),
    (
        r"found undefined alias",
        "'*' starts a YAML alias (a reference to an '&' anchor): put a value that starts with '*' in quotes",
    ),
    (
        r"expected a single document in the stream",
        "the file holds more than one YAML document (a '---' line): keep one per file",
    ),
    (
        r"while scanning an? (anchor|alias)",
        "'&' and '*' start YAML anchors and aliases: put a value that starts with them in quotes",
    ),
    (
        r"while scanning a block scalar",
        "the text block ('|' or '>') started on line {start} is not written as YAML expects: indent its lines "
        "under the key",
    ),
    (r"could not determine a constructor for the tag", "a YAML tag ('!...') that kot does not read: remove it"),
)


def plain_words(context: str | None, problem: str | None, start_line: int | None, char: str = "") -> str:
    """What a YAML syntax error means, in one sentence (the caller adds file:line:column); `char` is the
    character where the parser stopped, if known."""
    raw = " ".join(str(part) for part in (context, problem) if part)
    if char == "\t":
        return "a tab: indent with spaces only"
    for pattern, meaning in _PLAIN:
        if re.search(pattern, raw, flags=re.DOTALL):
            return meaning.format(start=start_line or "?", char=f"'{char}'" if char.strip() else "this character")
    return f"this is not valid YAML here ({raw or 'the parser gave no reason'})"
