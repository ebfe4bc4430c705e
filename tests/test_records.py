"""``core.records.record`` behaves as the dataclass it replaces (cheaper to define)."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import pickle
from dataclasses import field

import pytest

from transition_cli.core.model import JournalEntry, Milestone
from transition_cli.core.records import FrozenInstanceError, record


@record
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class PointDC:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()


@record
class Base:
    a: int


@record
class Child(Base):
    b: str = "b"


@record(frozen=False, slots=False)
class Counter:
    name: str
    seen: list[int] = field(default_factory=list)
    total: int = field(default=0, compare=False)


@record(slots=False)
class Derived:
    parts: tuple[str, ...]
    joined: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "joined", "+".join(self.parts))


def test_a_record_is_a_dataclass_to_every_tool() -> None:
    p = Point(1, tags=("a",))
    assert dataclasses.is_dataclass(p)
    assert [f.name for f in dataclasses.fields(p)] == ["x", "y", "tags"]
    assert dataclasses.asdict(p) == {"x": 1, "y": 0, "tags": ("a",)}
    assert dataclasses.replace(p, y=5) == Point(1, 5, ("a",))
    assert Point.__match_args__ == ("x", "y", "tags")


def test_it_prints_compares_and_hashes_as_a_frozen_dataclass() -> None:
    for args in ((1,), (1, 2), (3, 4, ("t",))):
        ours, theirs = Point(*args), PointDC(*args)
        assert repr(ours).replace("Point(", "") == repr(theirs).replace("PointDC(", "")
        assert ours == Point(*args) and hash(ours) == hash(Point(*args))
    assert Point(1) != Point(2)
    assert Point(1) != PointDC(1)  # another class is never equal, as with dataclasses
    assert len({Point(1), Point(1), Point(2)}) == 2


def test_frozen_means_frozen() -> None:
    p = Point(1)
    with pytest.raises(FrozenInstanceError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del p.x  # type: ignore[misc]
    with pytest.raises(AttributeError):
        p.other = 1  # type: ignore[attr-defined]
    assert issubclass(FrozenInstanceError, AttributeError)


def test_it_pickles_and_copies() -> None:
    for obj in (Point(1, 2, ("a",)), Child(1, "x"), Derived(("a", "b")),
                Counter("c", [1], 3)):
        assert pickle.loads(pickle.dumps(obj)) == obj
        assert copy.deepcopy(obj) == obj


def test_inheritance_defaults_factories_and_post_init() -> None:
    assert Child(1) == Child(1, "b") and repr(Child(1)) == "Child(a=1, b='b')"
    assert Child(1) != Base(1)
    c = Counter("c")
    c.seen.append(1)
    c.total = 5
    assert Counter("c").seen == []  # a fresh list each time
    assert c == Counter("c", [1])  # total is not compared
    with pytest.raises(TypeError):
        hash(c)  # mutable records are unhashable, as mutable dataclasses
    d = Derived(("a", "b"))
    assert d.joined == "a+b"
    with pytest.raises(TypeError):
        Derived(("a",), "x")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="missing 1 required positional argument"):
        Point()  # type: ignore[call-arg]


def test_the_models_records_keep_their_field_options() -> None:
    day = dt.date(2018, 3, 28)
    a = JournalEntry(3, "milestone.done", day, values={"milestone": "M1"})
    b = JournalEntry(3, "milestone.done", day, values={"milestone": "M2"})
    assert a != b and hash(a) == hash(b)  # values: compared, not hashed (hash=False)
    m = Milestone("M1", "Diagnosis", day)
    assert dataclasses.replace(m, title="Other").title == "Other"
    assert m.owner is None and m.depends_on == ()
