"""The table of names people use for regions (data/nuts_names.tsv), and finding by them."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transition_cli.core.errors import UsageError
from transition_cli.reference import nuts
from transition_cli.reference.regions import beneficiary, region_for


def rows() -> list[tuple[str, str, str]]:
    text = (resources.files("transition_cli") / "data" / "nuts_names.tsv").read_text(
        encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert lines[0] == "code\tlanguage\tname"
    out = []
    for line in lines[1:]:
        code, language, name = line.split("\t")
        out.append((code, language, name))
    return out


ROWS = rows()


def test_the_file_is_well_formed_and_sorted_by_code_and_language():
    assert len(ROWS) > 300
    assert [(c, lang) for c, lang, _ in ROWS] == sorted((c, lang) for c, lang, _ in ROWS)
    # No name twice for a code in one language (Hesse is English and French).
    assert len({(c, lang, nuts._fold(n)) for c, lang, n in ROWS}) == len(ROWS)
    for code, language, name in ROWS:
        assert re.fullmatch(r"[a-z]{2}", language), (code, language)
        assert name == name.strip() and "  " not in name and name, code


@pytest.mark.parametrize(("code", "language", "name"), ROWS, ids=str)
def test_each_name_is_of_a_real_region_and_finds_it_first(code, language, name):
    region = nuts.lookup(code)
    assert region is not None, code
    assert not region.is_extra_regio
    # A common name says something the label does not.
    assert nuts._fold(name) != nuts._fold(region.name)
    # It finds its region first (or, for a recoded region, one of its codes).
    codes = {c for c, _, n in ROWS if nuts._fold(n) == nuts._fold(name)}
    found = nuts.search_hits(name, 5)
    assert found[0].region.code in codes, (name, [h.region.code for h in found])
    if region.level > 0:
        assert found[0].alias is not None


def test_a_name_never_hides_another_regions_label():
    # A common name equal to another code's label would send people to the wrong region,
    # unless that code covers the same ground (LT0 "Lietuva" for the country LT).
    labels: dict[str, list[str]] = {}
    for region in nuts.regions():
        labels.setdefault(nuts._fold(region.name), []).append(region.code)
    for code, _, name in ROWS:
        for other in labels.get(nuts._fold(name), []):
            related = other.startswith(code) or code.startswith(other)
            assert related, (name, code, other)


def test_a_name_of_several_codes_names_one_region_in_each_version():
    by_name: dict[str, set[str]] = {}
    for code, _, name in ROWS:
        by_name.setdefault(nuts._fold(name), set()).add(code)
    for name, codes in by_name.items():
        versions = [v for c in codes for v in (nuts.lookup(c) or nuts.regions()[0]).versions]
        assert len(versions) == len(set(versions)), (name, codes)


# The twelve beneficiaries (FACTS.md), the partnership leads and the names of issue 14,
# as people write them, with the code each names.
PEOPLES_NAMES = [
    ("Hauts-de-France", "FRE"), ("Norra Mellansverige", "SE31"), ("North-Middle Sweden", "SE31"),
    ("Piemonte", "ITC1"), ("Piedmont", "ITC1"), ("Sachsen", "DED"), ("Saxony", "DED"),
    ("Wallonie", "BE3"), ("Wallonia", "BE3"), ("Cantabria", "ES13"),
    ("Centre-Val de Loire", "FRB"), ("East and North Finland", "FI1D"), ("Grand Est", "FRF"),
    ("Greater Manchester", "UKD3"), ("Lithuania", "LT"), ("Slovenia", "SI"),
    ("Noord-Brabant", "NL41"), ("Flanders", "BE2"), ("Vlaanderen", "BE2"), ("Norte", "PT11"),
    ("Bretagne", "FRH"), ("Brittany", "FRH0"), ("Lombardia", "ITC4"), ("Lombardy", "ITC4"),
    ("Toscana", "ITI1"), ("Scotland", "UKM"), ("País Vasco", "ES21"),
    ("Basque Country", "ES21"), ("Euskadi", "ES21"), ("Andalucía", "ES61"),
    ("Andalusia", "ES61"), ("Emilia-Romagna", "ITH5"), ("Estonia", "EE"), ("Attica", "EL30"),
]


@pytest.mark.parametrize(("name", "code"), PEOPLES_NAMES)
def test_peoples_names_resolve_in_nuts_2016(name, code):
    found = beneficiary(name, "2016")
    assert found.code == code
    assert found.version == "2016"
    assert not any(nuts.lookup(c).is_extra_regio for c in found.region.nuts)  # type: ignore[union-attr]


def test_common_names():
    assert nuts.common_names("BE3") == ("Wallonien", "Wallonia", "Walloon Region", "Wallonie")
    assert nuts.common_names("fi1d")[0] == "East and North Finland"
    assert nuts.common_names("FRE1") == ()


@pytest.mark.parametrize(("query", "version", "nuts_codes"), [
    ("LT", "2013", ("LT00",)),
    ("LT", "2016", ("LT01", "LT02")),
    ("Lithuania", "2024", ("LT01", "LT02")),
    ("HR", "2016", ("HR03", "HR04")),
    ("HR", "2021", ("HR02", "HR03", "HR05", "HR06")),
    ("Slovenia", "2016", ("SI03", "SI04")),
    ("UKN0", "2016", ("UKN0",)),
    ("Hauts-de-France", None, ("FRE1", "FRE2")),
    ("UKD3", None, ("UKD3",)),  # not of the default 2021: its newest version, 2016
])
def test_region_for_takes_the_version(query, version, nuts_codes):
    region = region_for(query, version=version)
    assert region.nuts == nuts_codes
    assert not any(code.endswith("ZZ") for code in region.nuts)


def test_region_for_names_the_versions_of_a_code_of_another_version():
    with pytest.raises(UsageError) as caught:
        region_for("LT00", version="2016")
    assert str(caught.value) == ("--region LT00 (Lietuva) is a code of NUTS 2013 only, not "
                                 "of NUTS 2016")


def test_a_name_of_two_regions_asks_for_the_code():
    with pytest.raises(UsageError) as caught:
        region_for("Nord-Est", version="2016")
    assert str(caught.value) == ("--region 'Nord-Est' names several regions: ITH (Nord-Est), "
                                 "RO21 (Nord-Est)")
    assert caught.value.hint == ("give the NUTS code of the one you mean; find it with "
                                 "`transition regions NAME`")


@settings(max_examples=300, deadline=None)
@given(query=st.text(max_size=30), version=st.sampled_from([None, *nuts.VERSIONS]))
def test_any_region_query_resolves_or_says_why(query, version):
    try:
        found = beneficiary(query, version)
    except UsageError as exc:
        assert str(exc) and exc.hint
    else:
        assert found.region.nuts
        for code in found.region.nuts:
            region = nuts.lookup(code, found.version)
            assert region is not None and not region.is_extra_regio
