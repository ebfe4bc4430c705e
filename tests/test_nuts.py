"""Tests for transition_cli.reference.nuts: the NUTS reference table and its queries."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import unicodedata
from collections.abc import Iterator
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transition_cli.reference import nuts
from transition_cli.reference.nuts import (
    COUNTRY_NAMES,
    EU_MEMBER_STATES,
    VERSIONS,
    NutsRegion,
    children,
    country_of,
    lookup,
    regions,
    search,
    suggest,
)


def codes(found: list[NutsRegion]) -> list[str]:
    return [r.code for r in found]


# --- lookup -------------------------------------------------------------------------------


def test_lookup_is_case_insensitive_and_fills_every_field() -> None:
    region = lookup(" frh0 ")
    assert region == NutsRegion(
        code="FRH0",
        name="Bretagne",
        level=2,
        country="FR",
        versions=frozenset({"2016", "2021", "2024"}),  # FR52 in NUTS 2013
    )


def test_lookup_unknown_code_is_none() -> None:
    assert lookup("XX99") is None
    assert lookup("") is None
    assert lookup("FRH0 extra") is None


def test_lookup_with_version() -> None:
    assert lookup("FRE1", "2024") is not None
    # Utrecht was recoded by the NUTS 2024 boundary shift.
    assert lookup("NL31", "2021") is not None
    assert lookup("NL31", "2024") is None
    assert lookup("NL35", "2024") is not None
    assert lookup("NL35", "2021") is None


def test_lookup_rejects_an_unknown_version() -> None:
    with pytest.raises(ValueError, match="unknown NUTS version"):
        lookup("FRE", "2020")


def test_uk_codes_exist_until_2016_only() -> None:
    manchester = lookup("UKD3", "2016")
    assert manchester is not None
    assert manchester.name == "Greater Manchester"
    # NUTS 2013 and 2016 (Eurostat's correspondence table); the UK left after Brexit.
    assert manchester.versions == frozenset({"2013", "2016"})
    assert lookup("UKD3", "2021") is None
    assert lookup("UKD3", "2024") is None
    uk = lookup("UK")
    assert uk is not None
    assert (uk.level, uk.name) == (0, "United Kingdom")


def test_pilot_regions_resolve() -> None:
    expected = {
        "FRE": "Hauts-de-France",
        "DED": "Sachsen",
        "ITC1": "Piemonte",
        "SE31": "Norra Mellansverige",
        "FRH0": "Bretagne",
        "EE00": "Eesti",
        "ES13": "Cantabria",
        "FRB0": "Centre — Val de Loire",
        "FRF": "Grand Est",
    }
    for code, name in expected.items():
        region = lookup(code, "2021")
        assert region is not None, code
        assert region.name == name


def test_non_latin_labels_are_transliterated() -> None:
    attiki = lookup("EL30")
    assert attiki is not None
    assert attiki.name == "Attiki"
    assert attiki.country == "EL"
    severozapaden = lookup("BG31")
    assert severozapaden is not None
    assert severozapaden.name == "Severozapaden"
    for region in regions():
        letters = [ch for ch in region.name if ch.isalpha()]
        assert all(unicodedata.name(ch).startswith("LATIN") for ch in letters), region


# --- children -----------------------------------------------------------------------------


def test_children_of_hauts_de_france() -> None:
    assert codes(children("FRE", level=2)) == ["FRE1", "FRE2"]
    assert [r.name for r in children("FRE", level=2)] == ["Nord-Pas de Calais", "Picardie"]


def test_children_of_sachsen_and_wallonie() -> None:
    assert codes(children("DED", 2)) == ["DED2", "DED4", "DED5"]
    assert codes(children("be3")) == ["BE31", "BE32", "BE33", "BE34", "BE35"]


def test_children_default_to_the_next_level_and_respect_the_version() -> None:
    assert codes(children("EE")) == ["EE0", "EEZ"]
    assert children("UK") == []  # not in NUTS 2021
    assert codes(children("UKD", version="2016")) == ["UKD1", "UKD3", "UKD4", "UKD6", "UKD7"]
    assert codes(children("LT", level=2, version="2013")) == ["LT00", "LTZZ"]
    assert codes(children("LT", level=2, version="2016")) == ["LT01", "LT02", "LTZZ"]
    assert "NL35" in codes(children("NL3", version="2024"))
    assert "NL35" not in codes(children("NL3", version="2021"))


def test_children_edge_cases() -> None:
    assert children("XX") == []
    assert children("FRE1", level=1) == []  # not below
    assert children("FRE1", level=2) == []  # itself is not its own child
    with pytest.raises(ValueError, match="level"):
        children("FRE", level=4)
    with pytest.raises(ValueError, match="version"):
        children("FRE", version="2020")
    assert children("FRE", version="2013") == []  # French regions were recoded in 2016


def test_descendants_at_level_3() -> None:
    nord = children("FRE1", 3)
    assert codes(nord) == ["FRE11", "FRE12"]
    hauts_de_france = children("FRE", 3)
    assert len(hauts_de_france) == 5
    assert all(r.code.startswith(("FRE1", "FRE2")) for r in hauts_de_france)


def test_northern_ireland_codes_of_nuts_2016_sit_under_ukn0() -> None:
    # NUTS 2016 codes them UKN10-UKN16 under UKN0 (there is no UKN1); NUTS 2021 recoded
    # them UKN0A-UKN0G, but the UK is not in NUTS 2021 as published after Brexit.
    derry = lookup("UKN10", "2016")
    assert derry is not None
    assert derry.name == "Derry City and Strabane"
    assert lookup("UKN0A") is None
    assert nuts.parent_of("UKN10") == "UKN0"
    assert nuts.parent_of("ukd3") == "UKD"
    assert nuts.parent_of("UK") is None
    assert codes(children("UKN0", version="2016")) == [
        "UKN06", "UKN07", "UKN08", "UKN09", *(f"UKN1{i}" for i in range(7))]
    assert len(children("UKN0", version="2013")) == 5  # UKN01-UKN05
    assert len(children("UKN", level=3, version="2016")) == 11


# --- search -------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["bretagne", "Bretagne", "BRETAGNE", "FRH0", "frh0", "Brétagne"])
def test_search_finds_bretagne_first(query: str) -> None:
    found = search(query)
    assert found
    assert found[0].code == "FRH0"


def test_exact_code_comes_before_prefix_and_name_matches() -> None:
    found = codes(search("FRE", limit=50))
    assert found[0] == "FRE"
    assert found[1:3] == ["FRE1", "FRE2"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Provence-Alpes-Cote", "FRL0"),
        ("provence alpes cote d'azur", "FRL0"),
        ("PROVENCE-ALPES-CÔTE D\u2019AZUR", "FRL0"),  # typographic apostrophe
        ("koln", "DEA2"),
        ("Lodzkie", "PL71"),
        ("ile de france", "FR10"),
        ("Aland", "FI20"),
        ("greater manchester", "UKD3"),
    ],
)
def test_search_is_accent_case_and_punctuation_insensitive(query: str, code: str) -> None:
    assert search(query)[0].code == code


def test_search_version_filter_and_limit() -> None:
    assert search("Greater Manchester", version="2021") == []
    assert len(search("a", limit=5)) == 5
    assert search("a", limit=0) == []
    assert search("") == []
    assert search("   ") == []
    assert search("zzzz-no-such-region") == []


def test_search_order_is_deterministic() -> None:
    first = codes(search("nord", limit=100))
    assert first == codes(search("NORD", limit=100))
    assert len(first) == len(set(first))


@settings(max_examples=300, deadline=None)
@given(query=st.text(max_size=40), limit=st.integers(min_value=-3, max_value=60))
def test_search_never_raises_and_results_round_trip(query: str, limit: int) -> None:
    found = search(query, limit)
    assert len(found) <= max(limit, 0)
    for region in found:
        assert lookup(region.code) == region


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=12))
def test_lookup_and_suggest_never_raise(text: str) -> None:
    lookup(text)
    for code in suggest(text):
        assert lookup(code) is not None


# --- suggest ------------------------------------------------------------------------------


def test_suggest_close_codes_for_a_typo() -> None:
    assert suggest("FRE3")[:2] == ["FRE1", "FRE2"]
    assert suggest("DED3") == ["DED2", "DED4", "DED5"]
    assert suggest("frh-0")[0] == "FRH0"
    assert len(suggest("ITC7", n=5)) == 5


def test_suggest_maps_iso_country_codes() -> None:
    assert suggest("GR30")[0] == "EL30"
    assert suggest("GB", "2016")[0] == "UK"


def test_suggest_respects_the_version() -> None:
    assert "UKD1" in suggest("UKD2", "2016")
    assert all(lookup(c, "2021") for c in suggest("UKD2", "2021"))
    assert suggest("") == []
    assert suggest("FRE3", n=0) == []


# --- countries ----------------------------------------------------------------------------


def test_country_of() -> None:
    assert country_of("FRH0") == "FR"
    assert country_of("el30") == "EL"
    assert country_of("GR30") == "EL"
    assert country_of("GB") == "UK"
    assert country_of("UKD3") == "UK"
    for bad in ("", "F", "1A", "ÉL30"):
        with pytest.raises(ValueError, match="not a NUTS code"):
            country_of(bad)


def test_member_states_and_country_names() -> None:
    assert len(EU_MEMBER_STATES) == 28
    assert {"EL", "UK", "HR"} <= EU_MEMBER_STATES
    assert not {"GR", "GB", "NO", "CH"} & EU_MEMBER_STATES
    assert EU_MEMBER_STATES | {"NO", "IS", "LI", "CH"} <= set(COUNTRY_NAMES)
    assert COUNTRY_NAMES["EL"] == "Greece"
    assert VERSIONS == ("2013", "2016", "2021", "2024")


# --- the table as a whole -----------------------------------------------------------------


def test_counts_per_version() -> None:
    def count(version: str, level: int) -> int:
        return sum(not r.is_extra_regio for r in regions(version, level))

    # Eurostat's published counts leave out the Extra-Regio codes (FRZZ...).
    assert count("2021", 2) == 242
    assert count("2024", 2) == 244
    assert count("2021", 1) == count("2024", 1) == 92
    assert count("2021", 3) == 1166
    assert count("2024", 3) == 1165
    assert len(regions("2021", 2)) == 269  # 242 + 27 Extra-Regio
    assert len(regions("2024", 2)) == 271
    # NUTS 2016 and 2013 (EU28), from Eurostat's correspondence table (FACTS.md: 281).
    assert count("2016", 2) == 281
    assert len(regions("2016", 2)) == 281 + 28
    assert count("2013", 2) == 276
    assert count("2016", 1) == 104
    assert count("2016", 3) == 1348  # Eurostat: 104, 281 and 1,348 regions in NUTS 2016
    assert sum(r.country == "UK" for r in regions("2016", 2)) == 41 + 1  # + UKZZ
    assert {r.country for r in regions("2016")} == EU_MEMBER_STATES
    assert {r.country for r in regions("2021")} == EU_MEMBER_STATES - {"UK"}


@pytest.mark.parametrize(
    ("code", "versions"),
    [
        # Croatia: two NUTS-2 regions in 2016, four in 2021 (HR03 kept, HR04 split).
        ("HR03", {"2013", "2016", "2021", "2024"}),
        ("HR04", {"2013", "2016"}),
        ("HR02", {"2021", "2024"}),
        ("HR05", {"2021", "2024"}),
        ("HR06", {"2021", "2024"}),
        # Lithuania: one NUTS-2 region in 2013, two since 2016; Slovenia two throughout.
        ("LT00", {"2013"}),
        ("LT01", {"2016", "2021", "2024"}),
        ("LT02", {"2016", "2021", "2024"}),
        ("SI03", {"2013", "2016", "2021", "2024"}),
        ("SI04", {"2013", "2016", "2021", "2024"}),
        # France recoded its regions in 2016; Portugal's 2024 regions; the UK until 2016.
        ("FR52", {"2013"}),
        ("FRH0", {"2016", "2021", "2024"}),
        ("PT19", {"2024"}),
        ("PT16", {"2013", "2016", "2021"}),
        ("UKD3", {"2013", "2016"}),
        ("IE05", {"2016", "2021", "2024"}),
        ("IE02", {"2013"}),
    ],
)
def test_exact_versions(code: str, versions: set[str]) -> None:
    region = lookup(code)
    assert region is not None
    assert region.versions == versions


def test_table_invariants() -> None:
    everything = regions()
    assert codes(everything) == sorted(codes(everything))
    for region in everything:
        assert region.level == len(region.code) - 2
        assert region.country == region.code[:2]
        assert region.country in COUNTRY_NAMES
        assert region.versions and region.versions <= set(VERSIONS)
        assert region.name == region.name.strip() and region.name
        if region.level > 0:
            parent = lookup(nuts.parent_of(region.code) or "")
            assert parent is not None, region.code
            assert region.versions <= parent.versions, region.code


def test_extra_regio() -> None:
    frzz = lookup("FRZZ")
    assert frzz is not None
    assert frzz.is_extra_regio
    fr = lookup("FR")
    assert fr is not None
    assert not fr.is_extra_regio
    assert fr.name == "France"


def test_data_file_is_sorted_utf8_with_a_header() -> None:
    raw = (resources.files("transition_cli") / "data" / "nuts.tsv").read_bytes()
    text = raw.decode("utf-8")
    assert "\r" not in text
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert lines[0] == "code\tlevel\tversions\tname"
    rows = [line.split("\t") for line in lines[1:]]
    assert all(len(row) == 4 for row in rows)
    keys = [row[0] for row in rows]
    assert keys == sorted(set(keys))


# --- lazy loading -------------------------------------------------------------------------


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    nuts._table.cache_clear()
    nuts._folded_names.cache_clear()
    yield
    nuts._table.cache_clear()
    nuts._folded_names.cache_clear()


def test_data_is_read_once_on_first_use(monkeypatch: pytest.MonkeyPatch, fresh_cache: None) -> None:
    reads: list[int] = []
    real = nuts._read_data

    def counting() -> str:
        reads.append(1)
        return real()

    monkeypatch.setattr(nuts, "_read_data", counting)
    assert reads == []
    assert lookup("FRE") is not None
    assert search("bretagne")
    assert children("FRE")
    assert suggest("FRE3")
    assert len(reads) == 1


def test_importing_the_module_does_not_read_the_file() -> None:
    # A fresh interpreter with an audit hook sees every open(); import must not open the
    # data file, the first query must open it once, later queries not again.
    script = textwrap.dedent(
        """
        import sys
        opened = []
        sys.addaudithook(
            lambda event, args: opened.append(str(args[0]))
            if event == "open" and str(args[0]).endswith("nuts.tsv") else None
        )
        import transition_cli.reference.nuts as nuts
        assert opened == [], opened
        assert nuts.lookup("FRE") is not None
        assert len(opened) == 1, opened
        nuts.search("Bretagne"); nuts.children("FRE"); nuts.lookup("DED")
        assert len(opened) == 1, opened
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
