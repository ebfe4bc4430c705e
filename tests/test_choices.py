"""Each list of choices has one source, and everything that names a choice follows it."""

from __future__ import annotations

from pathlib import Path

from transition_cli.choices import SEPARATORS, SORT_KEYS

ROOT = Path(__file__).resolve().parents[1]


def test_every_state_a_view_can_show_has_its_style_and_its_json_value() -> None:
    from transition_cli.render.status import GATE_STYLE
    from transition_cli.render.tables import STATE_STYLE
    from transition_cli.views import GATE_STATES, RAG_ORDER

    assert set(GATE_STYLE) == set(GATE_STATES)
    assert set(STATE_STYLE) == {"upcoming", "open", "closed"}
    status_json = (ROOT / "docs" / "STATUS-JSON.md").read_text(encoding="utf-8")
    for state in (*GATE_STATES, *RAG_ORDER):
        assert f'"{state}"' in status_json, state


def test_every_sort_key_sorts_the_portfolio() -> None:
    from transition_cli.views import _SORTS

    assert set(_SORTS) == set(SORT_KEYS)


def test_the_commands_offer_the_choices_of_the_lists(cli) -> None:
    for args, values in ((("status", "--help"), SORT_KEYS), (("export", "--help"), SEPARATORS)):
        shown = cli(*args).stdout
        for value in values:
            assert value in shown
