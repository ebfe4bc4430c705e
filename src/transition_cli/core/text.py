"""Making untrusted text inert for display: no escapes, no control or bidi characters.

Rich markup is neutralised separately by printing with ``markup=False`` or ``Text``;
this module only deals with characters, so every renderer (text, JSON, CI formats) can use
it without importing rich.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

# C0 controls except tab and newline, DEL, C1 controls, the Unicode bidi controls
# (embeddings, overrides, isolates, marks) that can reorder what a reader sees, and what is
# not text at all: lone surrogates (undecodable file names; not writable as UTF-8) and the
# non-characters U+FFFE / U+FFFF (forbidden in XML even escaped).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def inert(text: str, *, keep_newlines: bool = False) -> str:
    """Replace control, escape and bidi characters by visible ``\\xNN`` / ``\\uNNNN``."""
    cleaned = _UNSAFE.sub(_visible, text)
    if not keep_newlines:
        cleaned = cleaned.replace("\n", "\\n").replace("\t", " ")
    return cleaned


def is_one_line(text: str) -> bool:
    """No line break, tab or other control, escape or bidi character: fit for a title, a
    name or a reference, which terminals, CI logs and the file's readers show on one line."""
    return _UNSAFE.search(text) is None and "\n" not in text and "\t" not in text


def diagnostic(text: str) -> str:
    """A message for stderr: inert, its own line breaks kept, and no line that a CI runner
    could take for a workflow command (``::error::...``)."""
    lines = inert(text, keep_newlines=True).split("\n")
    return "\n".join(" " + line if line.startswith("::") else line for line in lines)


def plural(count: int, word: str) -> str:
    """``1 file``, ``2 files``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def did_you_mean(value: str, known: Iterable[str], *, limit: int = 12) -> str:
    """A hint for an unknown name: the closest known one, and the known ones listed."""
    names = sorted(known)
    close = difflib.get_close_matches(value, names, n=1)
    listed = ", ".join(names[:limit]) + (", ..." if len(names) > limit else "")
    if close:
        return f'did you mean "{close[0]}"? (known: {listed})'
    return f"known: {listed}" if names else "none is defined yet"
