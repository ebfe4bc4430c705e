"""Beneficiaries: what a person types for ``--region`` to the region a strategy names.

A beneficiary is a region (one NUTS code, or the NUTS-2 regions of a NUTS-1 code such as
``FRE``) or a whole Member State (``LT``: its NUTS-2 regions), in one NUTS version: the
version the strategy's call uses (NUTS 2016 for the 2017-2018 pilots). It is given by code or
by a name, as Eurostat labels it or as people say it ("Hauts-de-France", "Wallonia",
"Lithuania"). Extra-Regio codes (``LTZZ``: territory outside any region) are never one.
"""

from __future__ import annotations

import re

from transition_cli.core.errors import UsageError
from transition_cli.core.i18n import N_, _
from transition_cli.core.model import DEFAULT_NUTS_VERSION, Region
from transition_cli.core.records import record
from transition_cli.reference import nuts

#: The version a beneficiary's codes are of when neither the call nor the person says: what
#: a file without nuts_version under a call without one means (``model.nuts_version_of``).
DEFAULT_VERSION = DEFAULT_NUTS_VERSION

_FIND_HINT = N_("find it with `transition regions NAME`")


@record
class Beneficiary:
    """A strategy's beneficiary, as ``init`` writes it."""

    region: Region
    code: str  # the NUTS code the query resolved to: FRE, LT, UKD3
    version: str  # the NUTS version of region.nuts
    member_state: bool = False  # a whole Member State (Lithuania, Slovenia)
    matched: str | None = None  # the name the query matched, when it was a name


def region_for(query: str, name: str | None = None, version: str | None = None) -> Region:
    """The region named by a NUTS code or a name, with its NUTS-2 areas in ``version``.

    ``UsageError`` (naming the option ``--region``) when the query names no region, names
    several, is an Extra-Regio code, or is not of ``version``.
    """
    return beneficiary(query, version, name=name).region


def beneficiary(
    query: str, version: str | None = None, *, name: str | None = None,
    option: str = "--region", why: str = "",
) -> Beneficiary:
    """Resolve ``query`` (a NUTS code, a region's name or a country's) in ``version``.

    Without ``version``: :data:`DEFAULT_VERSION` if the code is of it, else the newest
    version the code is of. ``why`` says where the version comes from, for messages
    ("the NUTS version of call itr-2017"). ``name`` overrides the region's name.
    """
    text = query.strip()
    if not text:
        raise UsageError(_("{option} is empty").format(option=option),
                         hint=_("give a NUTS code such as FRE, or a "
                                                      "region's name; {_FIND_HINT}").format(
                                                      _FIND_HINT=_(_FIND_HINT)))
    code = text.upper()
    found = nuts.lookup(code) if re.match(nuts.NUTS_PATTERN, code) else None
    matched = None
    if found is None:
        found, matched = _by_name(text, version, option, why)
    if found.is_extra_regio:
        country = nuts.COUNTRY_NAMES.get(found.country, found.country)
        raise UsageError(
            _("{option} {code} is an Extra-Regio code (territory of {country} outside any "
              "region), not a region").format(
              option=option, code=found.code, country=country),
            hint=_("give a region of {country}, or {country2} for the whole Member State "
                   "(`transition regions {country2}` lists them)").format(
                   country=country, country2=found.country))
    version = _version_of(found, version, option, why)
    member_state = found.level == 0
    if found.level < 2:
        areas = [r.code for r in nuts.children(found.code, level=2, version=version)
                 if not r.is_extra_regio]
    else:
        areas = [found.code]
    label = nuts.COUNTRY_NAMES.get(found.code, found.name) if member_state else found.name
    region = Region(name or matched or label, found.country, tuple(areas or [found.code]))
    return Beneficiary(region, found.code, version, member_state, matched)


def _version_of(found: nuts.NutsRegion, version: str | None, option: str, why: str) -> str:
    """``version`` if ``found`` is of it (``UsageError`` naming its versions if not)."""
    if version is None:
        return DEFAULT_VERSION if DEFAULT_VERSION in found.versions else max(found.versions)
    if version not in found.versions:
        raise _not_in_version(found, version, option, why)
    return version


def _not_in_version(found: nuts.NutsRegion, version: str, option: str, why: str) -> UsageError:
    valid = sorted(found.versions)
    only = " only" if len(valid) == 1 else ""
    where = f" ({why})" if why else ""
    if found.country == "UK" and version > valid[-1]:
        hint = (_("the UK left NUTS after Brexit: {code} is a region only for calls whose "
                  "plans use NUTS {valid} or earlier (their nuts_version)").format(
                  code=found.code, valid=valid[-1]))
    else:
        hint = (_("use the region's code in NUTS {version}: `transition regions {country} "
                  "--version {version}` lists {country}'s regions").format(
                  version=version, country=found.country))
    return UsageError(_("{option} {code} ({name}) is a code of NUTS {valid}{only}, not of NUTS "
                        "{version}{where}").format(
                        option=option, code=found.code, name=found.name, valid=', '.join(valid),
                        only=only, version=version, where=where), hint=hint)


def _by_name(
    text: str, version: str | None, option: str, why: str
) -> tuple[nuts.NutsRegion, str | None]:
    """The one region a name means: its label or a common name, in ``version``."""
    hits = [h for h in nuts.named(text) if not h.region.is_extra_regio]
    country = nuts.country_named(text)
    if country is not None:  # a Member State, by its name in English or a common one
        found = nuts.lookup(country)
        assert found is not None  # country_named() gives codes of the table only
        return found, next((h.alias for h in hits if h.region.code == country), None)
    if not hits:
        if re.match(nuts.NUTS_PATTERN, text.upper()):
            close = nuts.suggest(text, version) or nuts.suggest(text)
            raise UsageError(_("{option} {text}: unknown NUTS code").format(
                               option=option, text=text.upper()),
                             hint=(_("did you mean {close}? ").format(close=', '.join(close))
                                   if close else "")
                             + _("{_FIND_HINT} (it finds names too)").format(
                                 _FIND_HINT=_(_FIND_HINT)))
        near = [h.region for h in nuts.search_hits(text, 3, version=version)]
        shown = ", ".join(f"{r.code} ({r.name})" for r in near)
        raise UsageError(_("{option} {text!r}: no region of that name").format(
                           option=option, text=text),
                         hint=(_("did you mean {shown}? ").format(shown=shown) if shown else "")
                         + _("give the NUTS code; {_FIND_HINT}").format(_FIND_HINT=_(_FIND_HINT)))
    if version is None:  # the default version, else the newest a region of that name is in
        newest = max(v for h in hits for v in h.region.versions)
        version = DEFAULT_VERSION if any(DEFAULT_VERSION in h.region.versions
                                         for h in hits) else newest
    in_version = [h for h in hits if version in h.region.versions]
    if not in_version:  # known by that name, but only in other versions: say which
        raise _not_in_version(hits[0].region, version, option, why)
    hits = in_version
    if any(h.region.level < 3 for h in hits):
        hits = [h for h in hits if h.region.level < 3]  # a region, not one of its NUTS-3
    # Several codes may name one territory (FRH Bretagne and its only NUTS-2, FRH0): keep
    # the widest of each territory, and refuse a name shared by different territories.
    territories: dict[tuple[str, ...], nuts.Hit] = {}
    for hit in sorted(hits, key=lambda h: h.region.level):
        territories.setdefault(_territory(hit.region, version), hit)
    if len(territories) > 1:
        shown = ", ".join(f"{h.region.code} ({h.region.name})" for h in territories.values())
        raise UsageError(_("{option} {text!r} names several regions: {shown}").format(
                           option=option, text=text, shown=shown),
                         hint=_("give the NUTS code of the one you mean; {_FIND_HINT}").format(
                                _FIND_HINT=_(_FIND_HINT)))
    [hit] = territories.values()
    return hit.region, hit.alias


def _territory(region: nuts.NutsRegion, version: str) -> tuple[str, ...]:
    """The NUTS-2 regions a code covers in ``version`` (itself below NUTS-2), as a key."""
    if region.level >= 2:
        return (region.code,)
    return tuple(r.code for r in nuts.children(region.code, level=2, version=version)
                 if not r.is_extra_regio) or (region.code,)
