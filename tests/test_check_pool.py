"""How ``check`` hands a folder's files to its worker processes: every file once, in the
order found, in tasks that start small, grow while many files are left and shrink again
at the end, with the walk never far ahead of what was sent."""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import given
from hypothesis import strategies as st

from transition_cli import check


@given(st.integers(0, 12_000), st.integers(1, 8))
def test_tasks_hold_every_file_once_in_order_and_the_walk_stays_close(
    count: int, workers: int,
) -> None:
    read = 0

    def walk() -> Iterator[tuple[str, bool]]:
        nonlocal read
        for i in range(count):
            read += 1
            yield f"f{i}.toml", False

    sent: list[tuple[str, bool]] = []
    sizes = []
    for chunk in check._chunks(walk(), workers):
        if not sent:  # the first task goes before the walk reads on
            assert read <= check.CHUNK_FILES
        sent += chunk
        sizes.append(len(chunk))
        assert read - len(sent) <= check.LOOKAHEAD_FILES
    assert sent == [(f"f{i}.toml", False) for i in range(count)]
    assert all(1 <= size <= check.MAX_CHUNK_FILES for size in sizes)
    assert all(size >= check.CHUNK_FILES for size in sizes[:-1])
    # At the end, tasks are small enough that the workers finish together.
    assert all(size <= check.CHUNK_FILES for size in sizes[-2 * workers:])


def test_a_big_folder_goes_in_few_tasks() -> None:
    """2,000 files on 2 cores: about 30 tasks, not 125 of 16 files."""
    sizes = [len(c) for c in check._chunks(((f"f{i}", False) for i in range(2000)), 2)]
    assert sizes[0] == check.CHUNK_FILES
    assert max(sizes) > 10 * check.CHUNK_FILES
    assert len(sizes) <= 40
