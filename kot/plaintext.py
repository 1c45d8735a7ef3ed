"""Plain text: which characters text from a file, a note or the command line may hold, and how a value is
quoted in a message so that it reaches the terminal as text, never as terminal control.

Why refuse rather than strip: a cue that holds ESC or BEL was not typed by a coach on purpose; saying where
it is lets them fix the file, where stripping would hide it. Refused are the C0 and C1 control characters
and DEL (ESC can clear a screen or retitle a terminal, CR can overwrite a line), the bidirectional
overrides (they make text read differently from what it holds), lone surrogates (not text at all; printing
one crashes an encoder), and line breaks in one-line fields (names, cues, ids).
"""

from __future__ import annotations

import re

# Line breaks: LF, and the Unicode line and paragraph separators. NEL (U+0085) is a C1 control.
_BREAKS = r"\n\u2028\u2029"
_CONTROLS = r"\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_ANY = re.compile(f"[{_CONTROLS}{_BREAKS}]")
_NOT_BREAK = re.compile(f"[{_CONTROLS}]")

_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "BS",
    "\x09": "a tab",
    "\x0b": "VT",
    "\x0c": "FF",
    "\x0d": "CR, a carriage return",
    "\x1b": "ESC, the start of a terminal escape",
    "\x7f": "DEL",
    "\x85": "NEL",
}


def _describe(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if 0xDC80 <= ord(char) <= 0xDCFF:  # how Python keeps a byte of a command line or file name that is not UTF-8
        return f"a byte that is not UTF-8 (0x{ord(char) - 0xDC00:02X})"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return f"a lone surrogate ({code}), which is not a character"
    if char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        return f"a bidirectional override ({code}), which makes text display differently from what it holds"
    name = _NAMES.get(char)
    return f"a control character ({code}{', ' + name if name else ''})"


def problem(text: str, *, one_line: bool = True) -> str | None:
    """What is wrong with text a person or a file gave, or None when it is plain text.

    `one_line`: the field is a name, a cue or an id, which a line break would split on display."""
    found = (_ANY if one_line else _NOT_BREAK).search(text)
    if found is None:
        return None
    char, at = found.group(), found.start() + 1
    if char in "\n\u2028\u2029":
        return f"must be one line (character {at} is a line break)"
    return f"character {at} is {_describe(char)}; remove it"


def check(text: str, *, one_line: bool = True) -> str:
    """The text itself, or ValueError saying which character is not allowed and where (for validators)."""
    found = problem(text, one_line=one_line)
    if found is not None:
        raise ValueError(found)
    return text


_UNSAFE = re.compile(f"[{_CONTROLS}]")
# In a whole file, comments included: what `_CONTROLS` refuses and the YAML reader lets through (it refuses
# the other control characters itself): NEL, the bidirectional overrides, and a CR that ends no line (CRLF).
_IN_FILE = re.compile(r"[\x85\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def file_problems(text: str, limit: int = 20) -> list[tuple[int, int, str]]:
    """Where a whole file's text holds a character no kot file may hold anywhere, comments included, as
    (line, column, message), at most `limit` of them.

    Why comments too: `kot exercises show -f yaml` prints a file as it is and `kot new` copies it, so a
    bidirectional override in a comment would reach a terminal, or a fork, unseen."""
    found = []
    for match in _IN_FILE.finditer(text):
        at = match.start()
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        char = match.group()
        what = "CR, a carriage return not followed by a line feed" if char == "\r" else _describe(char)
        found.append((line, column, f"{what}; remove it (comments too may not hold one)"))
        if len(found) == limit:
            break
    return found


def visible(text: str) -> str:
    """Text for a message on the terminal: control characters and other unsafe ones are shown as escapes
    (`\\x1b`), so a file name or value quoted in an error can never drive the terminal. Line breaks stay."""
    return _UNSAFE.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
