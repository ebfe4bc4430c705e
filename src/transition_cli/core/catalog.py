"""A language's catalog, loaded for a run that speaks it (never in English runs).

The ``.po`` file in the package is the only source: it is compiled (Babel) to a ``.mo``
the first time a run needs it and kept in a cache folder under a name holding the
``.po``'s checksum (CRC-32 and size), so an edited catalog is compiled again and a stale
one is never read. Later runs read the ``.mo`` with the standard library's ``gettext`` (no
Babel import, ~6 ms for 1,160 messages). Why at first use rather than at build time: the
same path serves an installed wheel, an editable install and a source checkout, and a
translator sees an edited ``.po`` in the next run without a build step. Where no cache
folder is writable the catalog is compiled in memory for the run.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import os
import zlib
from pathlib import Path

from transition_cli.core.i18n import DOMAIN, LOCALE_DIR


def cache_dir() -> Path:
    """``$TRANSITION_CACHE_DIR``, else ``$XDG_CACHE_HOME/transition``, else
    ``~/.cache/transition``."""
    given = os.environ.get("TRANSITION_CACHE_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "transition"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_po(data: bytes) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file's bytes (fuzzy entries left out, as msgfmt)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(data))
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def load(lang: str) -> gettext.GNUTranslations:
    data = po_path(lang).read_bytes()
    # CRC-32 and size: enough to tell one .po from another, and zlib is a cheap import
    # (hashlib loads OpenSSL: ~10 ms of every French run).
    key = f"{zlib.crc32(data):08x}{len(data):08x}"
    cached = cache_dir() / f"{DOMAIN}-{lang}-{key}.mo"
    with contextlib.suppress(OSError), cached.open("rb") as stream:
        return gettext.GNUTranslations(stream)
    mo = compile_po(data)
    with contextlib.suppress(OSError):
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        partial.write_bytes(mo)
        partial.replace(cached)  # two runs compiling at once: either copy is whole
    return gettext.GNUTranslations(io.BytesIO(mo))
