"""`transition regions`: find NUTS codes by code or name."""

from __future__ import annotations

import pytest


def test_bretagne_finds_frh0(cli):
    result = cli("regions", "bretagne")
    assert result.exit_code == 0
    assert result.stdout == (
        'NUTS regions matching "bretagne"\n'
        "\n"
        "  code   name       level   country   versions\n"
        " ───────────────────────────────────────────────\n"
        "  FRH0   Bretagne       2   FR        2016-2024\n"
        "  FRH    Bretagne       1   FR        2016-2024\n"
        "  FR52   Bretagne       2   FR        2013\n"
        "\n"
    )


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Wallonie", "BE3"), ("Wallonia", "BE3"), ("Flanders", "BE2"), ("Vlaanderen", "BE2"),
        ("Brittany", "FRH0"), ("Saxony", "DED"), ("Piedmont", "ITC1"), ("Lombardy", "ITC4"),
        ("Andalusia", "ES61"), ("Basque Country", "ES21"), ("Euskadi", "ES21"),
        ("Attica", "EL30"), ("East and North Finland", "FI1D"),
        ("North-Middle Sweden", "SE31"),
    ],
)
def test_names_people_use_find_the_region_first(cli, query, code):
    result = cli("regions", query)
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[4]
    assert first.split()[0] == code
    assert f"({query.replace('-', ' ')})" in first or f"({query})" in first


def test_the_common_name_is_shown_after_the_label(cli):
    result = cli("regions", "saxony")
    assert result.stdout.splitlines()[4:7] == [
        "  DED    Sachsen (Saxony)                     1   DE        2013-2024",
        "  DEE    Sachsen-Anhalt (Saxony-Anhalt)       1   DE        2013-2024",
        "  DE9    Niedersachsen (Lower Saxony)         1   DE        2013-2024",
    ]


@pytest.mark.parametrize("query", ["Lithuania", "LT", "lietuva", "Lituanie", "Litauen"])
def test_a_country_lists_its_nuts_2_regions(cli, query):
    result = cli("regions", query)
    assert result.exit_code == 0
    assert result.stdout == (
        "Lithuania (LT) and its NUTS-2 regions\n"
        "\n"
        "  code   name                                  level   country   versions\n"
        " ──────────────────────────────────────────────────────────────────────────\n"
        "  LT     Lithuania                                 0   LT        2013-2024\n"
        "  LT00   Lietuva                                   2   LT        2013\n"
        "  LT01   Sostinės regionas                         2   LT        2016-2024\n"
        "  LT02   Vidurio ir vakarų Lietuvos regionas       2   LT        2016-2024\n"
        "\n"
    )


def test_estonia_by_name_or_code_never_shows_extra_regio(cli):
    for query in ("Estonia", "EE", "ee", "Eesti"):
        result = cli("regions", query)
        rows = [line.split()[0] for line in result.stdout.splitlines()[4:] if line.strip()]
        assert rows == ["EE", "EE00"], query
    assert "EEZZ" in cli("regions", "EEZZ").stdout  # asked by code, it is still found


def test_a_country_with_a_version_and_a_level(cli):
    result = cli("regions", "Slovenia", "--version", "2016", "--level", "2")
    assert result.stdout.splitlines()[0].strip() == (
        "Slovenia (SI): its NUTS-2 regions (NUTS 2016)")
    rows = [line.split()[0] for line in result.stdout.splitlines()[4:] if line.strip()]
    assert rows == ["SI03", "SI04"]
    croatia = cli("regions", "Croatia", "--version", "2016")
    assert [line.split()[0] for line in croatia.stdout.splitlines()[4:] if line.strip()] == [
        "HR", "HR03", "HR04"]


def test_a_country_name_also_finds_other_regions_of_that_name(cli):
    rows = [line.split()[0] for line in cli("regions", "Luxembourg").stdout.splitlines()[4:]
            if line.strip()]
    assert rows[:2] == ["LU", "LU00"]
    assert "BE34" in rows  # Prov. Luxembourg (BE)
    assert "LU000" not in rows  # a country lists its NUTS-2, not its NUTS-3


@pytest.mark.parametrize("columns", ["120", "80", "60"])
def test_names_wrap_and_are_never_cut(cli, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    out = cli("regions", "Vidurio").stdout
    assert "…" not in out
    assert "Vidurio ir vakarų" in out and "regionas" in out
    assert all(len(line) <= int(columns) for line in out.splitlines())


def test_case_accents_and_codes(cli):
    for query in ("Bretagne", "BRETAGNE", "FRH0", "frh0"):
        assert "FRH0" in cli("regions", query).stdout, query
    accented = cli("regions", "andalucia")
    assert "ES61" in accented.stdout and "Andalucía" in accented.stdout


def test_level_and_version_filters(cli):
    assert "FRH " not in cli("regions", "bretagne", "--level", "2").stdout.replace("FRH0", "")
    manchester = cli("regions", "greater manchester")
    assert "UKD3" in manchester.stdout and "2016" in manchester.stdout
    gone = cli("regions", "greater manchester", "--version", "2021")
    assert gone.exit_code == 1
    assert gone.stderr.startswith("error: no NUTS region matches 'greater manchester'")


def test_without_query_lists_the_countries(cli):
    result = cli("regions")
    assert result.exit_code == 0
    assert "EL     Greece" in result.stdout and "UK     United Kingdom" in result.stdout


def test_bad_version_is_a_usage_error(cli):
    result = cli("regions", "x", "--version", "2020")
    assert result.exit_code == 2
    assert result.stderr == ("error: --version '2020' is not a NUTS version\n"
                             "  hint: one of: 2013, 2016, 2021, 2024\n")


def test_limit_says_what_is_not_shown(cli):
    result = cli("regions", "FR", "--level", "3", "--limit", "2")
    assert result.exit_code == 0
    assert result.stderr.endswith("more not shown: narrow the query, or use --level, "
                                  "--version or --limit " + result.stderr.split()[-1] + "\n")
