"""The language people read: ``_()`` and ``ngettext()`` for every layer.

English is the source language: in an English run ``_()`` hands its message back and this
module imports nothing else (no gettext, no Babel, no catalog). Another language loads its
catalog (``core.catalog``) when it is activated, once per run.

A language is supported when ``transition_cli/locale/<lang>/LC_MESSAGES/transition.po``
exists: adding German is adding ``locale/de/LC_MESSAGES/transition.po``.

Messages with values use named fields, never f-strings (which gettext cannot extract):
``_("{name}: not an amount").format(name=...)``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from transition_cli.core.errors import UsageError

SOURCE = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "transition"
ENV = "TRANSITION_LANG"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


class Translations(Protocol):
    def gettext(self, message: str, /) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


class _Run:
    """The language of this run and its catalog (None in English)."""

    language = SOURCE
    catalog: Translations | None = None


_run = _Run()


def _(message: str) -> str:
    """``message`` in the language of the run (itself in English)."""
    catalog = _run.catalog
    if catalog is None or not message:
        return message
    return catalog.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` for ``n`` things, in the language of the run."""
    catalog = _run.catalog
    if catalog is None:
        return singular if n == 1 else plural
    return catalog.ngettext(singular, plural, n)


def N_(message: str) -> str:  # gettext's name: mark now, translate later
    """Marks ``message`` for the catalog where it is defined (a constant); ``_()``
    translates it where it is shown."""
    return message


def language() -> str:
    """The language of the run: ``"en"``, ``"fr"``, ..."""
    return _run.language


def english() -> bool:
    return _run.language == SOURCE


def languages() -> tuple[str, ...]:
    """The languages this installation speaks: English and each catalog shipped."""
    try:
        found = sorted(p.name for p in LOCALE_DIR.iterdir()
                       if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())
    except OSError:
        found = []
    return (SOURCE, *(lang for lang in found if lang != SOURCE))


def activate(lang: str) -> None:
    """Speak ``lang`` from now on (a supported language, see ``languages``)."""
    if lang == _run.language:
        return
    if lang == SOURCE:
        _run.language, _run.catalog = SOURCE, None
        return
    from transition_cli.core.catalog import load

    _run.catalog = load(lang)
    _run.language = lang


def _normal(value: str) -> str:
    return value.strip().lower().replace("-", "_")


def from_locale(value: str) -> str | None:
    """The language of a POSIX locale (``fr_BE.UTF-8`` -> ``fr``); None for C/POSIX."""
    code = _normal(value).split(".", 1)[0].split("@", 1)[0].split("_", 1)[0]
    return None if code in ("", "c", "posix") else code


def choose(given: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The language asked for: ``given`` (``--lang``), else ``TRANSITION_LANG``, else the
    locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first set); English by default.

    A language asked for by name (``--lang``, ``TRANSITION_LANG``) that this installation
    does not speak is a usage error naming those it speaks; a locale it does not speak
    (a German desktop) is English.
    """
    env = os.environ if environ is None else environ
    supported = languages()
    for value, where in ((given, "--lang"), (env.get(ENV), ENV)):
        if value:
            lang = _normal(value)
            if lang in supported:
                return lang
            spoken = from_locale(value)  # fr_FR, fr-BE, fr_FR.UTF-8: the language part
            if spoken in supported:
                return spoken
            raise UsageError(
                f"{where} {value!r}: not a language transition speaks",
                hint="supported: " + ", ".join(supported))
    for name in LOCALE_VARIABLES:
        value = env.get(name)
        if value:
            spoken = from_locale(value)
            return spoken if spoken in supported else SOURCE
    return SOURCE
