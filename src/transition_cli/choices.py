"""The fixed lists of choices the commands offer and the views read: output forms, CSV
separators, portfolio orders. The commands' choices and help, the views and the docs' lists
read (or are tested against) these. Nothing here imports more than the gettext mark: the
command line names the choices at start-up. ``check``'s formats are in
``render/formats.py``; file kinds in ``core/model.py`` (``FILE_KINDS``, ``PLAN_KINDS``);
journal kinds in ``ledger/kinds.py``.
"""

from __future__ import annotations

from collections.abc import Mapping

from transition_cli.core.i18n import N_  # loaded by every run already (the language)

STATUS_FORMATS = ("text", "json")
REPORT_FORMATS = ("markdown", "html")
EXPORT_FORMATS = ("csv",)
SEPARATORS: Mapping[str, str] = {"comma": ",", "semicolon": ";"}

SORT_KEYS: Mapping[str, str] = {
    "status": N_("worst first"), "name": N_("by region or partnership name"),
    "file": N_("by file name"), "late": N_("most late milestones first"),
    "committed": N_("most committed first"), "call": N_("by call"),
}
"""Portfolio orders, with what each means."""

