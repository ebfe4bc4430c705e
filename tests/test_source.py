from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from transition_cli.files.source import Locator

TEXT = '''\
# comment
transition = "strategy/1"
period = { start = 2018-01-01, end = 2019-12-31 }

[region]
  name = "Bretagne"
"quoted key" = 1

[[milestones]]
id = "M1"
notes = """
fake = "not a key"
"""
after = 1

[[milestones]]
id = "M2"

[[clusters]]
id = "c"
[[clusters.members]]
name = "x"
[[clusters.members]]
name = "y"
'''


def test_keys_and_tables_are_located():
    loc = Locator(TEXT)
    assert loc.find(("transition",)) == (2, 1)
    assert loc.find(("region", "name")) == (6, 3)
    assert loc.find(("region", "quoted key")) == (7, 1)
    assert loc.find(("milestones", 0, "id")) == (10, 1)
    assert loc.find(("milestones", 1, "id")) == (17, 1)
    assert loc.find(("milestones", 1)) == (16, 1)
    assert loc.find(("clusters", 0, "members", 1, "name")) == (24, 1)


def test_multiline_strings_are_not_keys():
    loc = Locator(TEXT)
    assert loc.find(("milestones", 0, "fake")) == (9, 1)  # falls back to the table
    assert loc.find(("milestones", 0, "after")) == (14, 1)


def test_inline_values_fall_back_to_the_enclosing_key():
    assert Locator(TEXT).find(("period", "end")) == (3, 1)


def test_unknown_paths_have_no_position():
    assert Locator(TEXT).find(("nothing",)) == (None, None)


@given(st.text(max_size=300), st.lists(st.one_of(st.text(max_size=5), st.integers(0, 3)),
                                       max_size=4))
def test_locator_never_raises(text, path):
    line, _column = Locator(text).find(tuple(path))
    assert line is None or line >= 1
