"""Making untrusted text inert for display: no escapes, no control or bidi characters.

Rich markup is neutralised separately by printing with ``markup=False`` or ``Text``;
this module only deals with characters, so every renderer (text, JSON, CI formats) can use
it without importing rich.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Iterable
from decimal import Decimal

from transition_cli.core.i18n import N_, _, english, ngettext

# C0 controls except tab and newline, DEL, C1 controls, the Unicode bidi controls
# (embeddings, overrides, isolates, marks) that can reorder what a reader sees, and what is
# not text at all: lone surrogates (undecodable file names; not writable as UTF-8) and the
# non-characters U+FFFE / U+FFFF (forbidden in XML even escaped).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)


# Characters that show nothing at all: zero-width spaces and joiners, the word joiner and
# invisible operators, the byte-order mark, the soft hyphen, fillers, variation selectors
# and tag characters. Harmless to a terminal, but two names that look the same then differ
# (and tags can hide a whole sentence): shown as escapes too, and S008 warns of them.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200d\u2060-\u2064"
    "\u206a-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001d173-\U0001d17a"
    "\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
_SHOWN = re.compile(f"{_UNSAFE.pattern}|{INVISIBLE.pattern}")
OFF_LINE_OR_HIDDEN = re.compile(f"{_SHOWN.pattern}|[\n\t]")
"""Anything that keeps a text off one line (``is_one_line``) or hides in it (``INVISIBLE``),
found in one search: validation's quick look at a one-line text."""


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def inert(text: str, *, keep_newlines: bool = False) -> str:
    """Replace control, escape, bidi and invisible characters by visible ``\\xNN`` /
    ``\\uNNNN``."""
    if text.isascii() and text.isprintable():
        return text  # printable ASCII, no line break or tab: nothing to replace (most text)
    cleaned = _SHOWN.sub(_visible, text)
    if not keep_newlines:
        cleaned = cleaned.replace("\n", "\\n").replace("\t", " ")
    return cleaned


def lines(text: str) -> str:
    """Text that may span lines (a note), inert, its line breaks kept as breaks (``\r\n``
    and ``\r`` as ``\n``) and tabs as spaces: for a view that wraps it, or a CSV cell."""
    return inert(_LINE_BREAKS.sub("\n", text), keep_newlines=True).replace("\t", " ")


_LINE_BREAKS = re.compile(r"\r\n|\r")


def one_line(text: str, shown: str) -> str:
    """``text`` stripped, if it is one line (``is_one_line``); else ``UsageError`` naming
    the argument ``shown`` (``--title``): what the command line says, as rule S009 does of
    a file."""
    if not is_one_line(text):
        from transition_cli.core.errors import UsageError

        raise UsageError(_("{shown} '{text}': contains a line break or control "
                           "character").format(shown=shown, text=inert(text)),
                         hint=_("write it on one line, in plain text"))
    return text.strip()


def is_one_line(text: str) -> bool:
    """No line break, tab or other control, escape or bidi character: fit for a title, a
    name or a reference, which terminals, CI logs and the file's readers show on one line."""
    return _UNSAFE.search(text) is None and "\n" not in text and "\t" not in text


def diagnostic(text: str) -> str:
    """A message for stderr: inert, its own line breaks kept, and no line that a CI runner
    could take for a workflow command (``::error::...``, see ``CiGuard``)."""
    return ci_safe(inert(text, keep_newlines=True))


# ---------------------------------------------------------------------------------------
# CI logs: a line of output must not become a workflow command. GitHub's runner reads a
# line as a command when, leading whitespace trimmed, it starts with "::" (so a leading
# space is no guard), and also reads the older "##[command]" anywhere in a line (Azure
# Pipelines: "##vso[...]"), "stop-commands" among them, which would silence every later
# annotation of the step.

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LEGACY = re.compile(r"##(?:vso)?\[", re.IGNORECASE)
COMMAND_GUARD = "|"
"""Put before a "::" that would start a line; a legacy "##[" gets a space: "# #["."""


class CiGuard:
    """Breaks workflow commands in text written piece by piece (as a console writes it):
    each piece's output depends only on what came before, so nothing is held back.

    ``leading=False`` leaves lines starting with "::" alone and breaks only "##[": for
    output whose "::" lines are annotations on purpose (``check --format github``)."""

    def __init__(self, *, leading: bool = True) -> None:
        self._leading = leading
        self._head = ""  # the current line so far while it is blanks and at most one ":"
        self._tail = ""  # its last characters (a "##[" may span two pieces)
        self._open = leading  # the line may still turn out to start with "::"

    def feed(self, text: str) -> str:
        probe = self._tail + text
        if "::" not in probe and "##" not in probe:
            # Nothing to break (a command needs "::" or "##["): the lines this piece ends
            # pass as they are; only the last, which the next piece may continue, is read.
            end = max(text.rfind("\n"), text.rfind("\r"))
            if end >= 0:
                self._head, self._tail, self._open = "", "", self._leading
                return text[:end + 1] + self._piece(text[end + 1:])
        return self._feed_lines(text)

    def _feed_lines(self, text: str) -> str:
        out: list[str] = []
        pos = 0
        for brk in _LINE_BREAK.finditer(text):
            out.append(self._piece(text[pos:brk.start()]))
            out.append(brk.group())
            self._head, self._tail, self._open = "", "", self._leading
            pos = brk.end()
        out.append(self._piece(text[pos:]))
        return "".join(out)

    def _piece(self, piece: str) -> str:
        if not piece:
            return piece
        before = self._tail
        line = before + piece
        inserts: dict[int, str] = {}
        if self._open:
            whole = self._head + piece
            stripped = whole.lstrip()
            if stripped.startswith("::"):
                at = len(whole) - len(stripped) - len(self._head)  # in piece; may be < 0
                inserts[max(at, 0) + len(before)] = COMMAND_GUARD
                self._open = False
            elif stripped in ("", ":"):
                self._head = whole
            else:
                self._open = False
        for match in _LEGACY.finditer(line):
            if match.end() > len(before):
                inserts.setdefault(max(match.start() + 1, len(before)), " ")
        if inserts:
            line = "".join(line[i:j] + inserts.get(j, "") for i, j in
                           zip([0, *sorted(inserts)], [*sorted(inserts), len(line)], strict=True))
        self._tail = line[-6:]
        return line[len(before):]


def ci_safe(text: str) -> str:
    """Whole text with no line a CI runner would read as a workflow command."""
    return CiGuard().feed(text)


def shell_command(*words: str) -> str:
    """A command line to paste into a shell: each word quoted as the shell needs it
    (``transition log 'b$(touch x).toml'``), so a file name is never run as code."""
    return " ".join(map(_quoted, words))


@functools.lru_cache(maxsize=4096)
def _quoted(word: str) -> str:
    """``shlex.quote``, once per word: a check of many files writes the same file names,
    verbs and dates into thousands of hints."""
    import shlex

    return shlex.quote(word)


def plural(count: int | Decimal, word: str, many: str | None = None) -> str:
    """``1 file``, ``2 files``, ``0.5 days``, ``1 entry``/``3 entries`` (``many`` for a
    plural that is not ``word`` + s). Days and other decimals are written without trailing
    zeros (``3.00`` is ``3``): the one way every message counts things."""
    if isinstance(count, Decimal):
        text = f"{count:f}"
        shown = text.rstrip("0").rstrip(".") if "." in text else text
        one = count == 1
    else:
        shown, one = str(count), count == 1
    if not english():
        return _counted(count, word, many or word + "s")
    return f"{shown} {word if one else (many or word + 's')}"


def said_date(day: dt.date) -> str:
    """A date in a sentence: ``2018-03-31`` in English (as the files write it), ``31 mars
    2018`` in French (CLDR's long date via Babel). Tables keep ISO dates, which sort."""
    if english():
        return day.isoformat()
    from transition_cli.core.l10n import long_date

    return long_date(day)


def _counted(count: int | Decimal, word: str, many: str) -> str:
    """``plural`` in the language of the run: the catalog's plural forms of ``{n} word``
    (``COUNTED`` lists the things counted), the number as the language writes it."""
    if isinstance(count, int) and abs(count) < 10_000:
        n, shown = count, str(count)  # needs no grouping: no CLDR (Babel) to load for it
    else:
        from transition_cli.core.money import days

        n = count if isinstance(count, int) else int(
            count.to_integral_value(rounding="ROUND_DOWN"))
        shown = days(Decimal(count))
    forms = ngettext  # by name: the forms counted are listed below, for the catalog
    return forms("{n} " + word, "{n} " + many, n).format(n=shown)


TERMS = (
    # words of the files' vocabulary shown in sentences and tables, translated as ``_(word)``
    N_("planned"), N_("started"), N_("done"), N_("cancelled"), N_("late"), N_("due"),
    N_("overdue"), N_("submitted"), N_("red"), N_("amber"), N_("green"), N_("open"),
    N_("closed"), N_("none"), N_("error"), N_("warning"), N_("the Commission"),
    N_("the region"), N_("milestone"), N_("deliverable"), N_("payment"), N_("deadline"),
    N_("output"), N_("result"), N_("strategy"), N_("partnership"), N_("calls"), N_("firm"),
    N_("research-centre"), N_("university"), N_("other"), N_("commission"), N_("region"),
)


def _counts() -> None:
    """The things ``plural`` counts, for the catalog (never called)."""
    ngettext("{n} day", "{n} days", 1)
    ngettext("{n} entry", "{n} entries", 1)
    ngettext("{n} file", "{n} files", 1)
    ngettext("{n} item", "{n} items", 1)
    ngettext("{n} plan", "{n} plans", 1)
    ngettext("{n} deliverable", "{n} deliverables", 1)
    ngettext("{n} error", "{n} errors", 1)
    ngettext("{n} warning", "{n} warnings", 1)
    ngettext("{n} event", "{n} events", 1)
    ngettext("{n} finding", "{n} findings", 1)
    ngettext("{n} milestone", "{n} milestones", 1)
    ngettext("{n} row", "{n} rows", 1)
    ngettext("{n} member", "{n} members", 1)
    ngettext("{n} more partnership file", "{n} more partnership files", 1)


def did_you_mean(value: str, known: Iterable[str], *, limit: int = 12) -> str:
    """A hint for an unknown name: the closest known one, and the known ones listed."""
    names = sorted(known)
    close = closest(value, names)
    listed = ", ".join(names[:limit]) + (", ..." if len(names) > limit else "")
    if close:
        return _('did you mean "{close}"? (known: {listed})').format(close=close,
                                                                     listed=listed)
    return _("known: {listed}").format(listed=listed) if names else _("none is defined yet")


def closest(value: str, known: Iterable[str]) -> str | None:
    """The known name ``value`` most likely means: the same but for case (``m1`` for
    ``M1``), else the closest spelling (``research-center`` for ``research-centre``), else
    None when none is close."""
    names = list(known)
    same = [k for k in names if k.casefold() == value.casefold()]
    if same:
        return same[0]
    folded = {k.casefold(): k for k in names}
    close = difflib.get_close_matches(value.casefold(), list(folded), n=1)
    return folded[close[0]] if close else None
