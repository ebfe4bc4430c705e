"""Long work says how far it has got through a callback; the command line draws it (a Rich
bar on a terminal) or ignores it. The domain never imports rich."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int | None], None]
"""``progress(stage, done, total)``: ``stage`` names the work (``FILES`` checked, ``PLANS``
judged), ``done`` how many are done, ``total`` how many there are (None while a folder
walk has not finished)."""

FILES = "files"
PLANS = "plans"
