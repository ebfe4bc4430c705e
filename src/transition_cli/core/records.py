"""``record``: a dataclass that is cheap to define.

``dataclasses.dataclass(frozen=True, slots=True)`` compiles six functions for every class
(``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``):
0.5-1 ms a class on Python 3.11, and a one-file ``check`` defines about seventy records
before it reads a byte. ``record`` lets ``dataclasses`` read the fields and make the slots
(no code compiled), shares one generic ``__repr__``, ``__eq__``, ``__hash__`` and frozen
``__setattr__`` among all records, and compiles a record's ``__init__`` (the one method
whose speed matters: twenty thousand journal entries) on its first call only.

What a record is stays a dataclass: ``dataclasses.fields``, ``replace`` and ``asdict``
work, instances compare, hash and print as a frozen dataclass's do, pickle (the process
pool of ``check``), and type checkers see a dataclass (``dataclass_transform``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from types import MemberDescriptorType
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T", bound=type)

FrozenInstanceError = dataclasses.FrozenInstanceError


@overload
def record(cls: T, /) -> T: ...


@overload
def record(*, frozen: bool = True, slots: bool = True, eq: bool = True
           ) -> Callable[[T], T]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: T | None = None, /, *, frozen: bool = True, slots: bool = True,
           eq: bool = True) -> T | Callable[[T], T]:
    """``@record`` (frozen, slots) or ``@record(frozen=False)``, like ``@dataclass(...)``."""

    def wrap(klass: T) -> T:
        return _make(klass, frozen=frozen, slots=slots, eq=eq)

    return wrap if cls is None else wrap(cls)


def _make(klass: T, *, frozen: bool, slots: bool, eq: bool) -> T:
    if not klass.__doc__:
        # dataclasses would write one from inspect.signature(): the costliest step left.
        declared = ", ".join(getattr(klass, "__annotations__", {}))
        klass.__doc__ = f"{klass.__name__}({declared})"
    made: Any = dataclasses.dataclass(klass, init=False, repr=False, eq=False, frozen=False,
                                      slots=slots)
    fields = dataclasses.fields(made)
    names = tuple(f.name for f in fields)
    compared = tuple(f.name for f in fields if f.compare)
    hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
    shown = tuple(f.name for f in fields if f.repr)
    made.__record_fields__ = names
    made.__record_compared__ = _getter(compared)
    made.__record_hashed__ = _getter(hashed)
    made.__record_shown__ = shown
    made.__record_frozen__ = frozen
    own = klass.__dict__
    if "__init__" not in own:
        made.__init__ = _lazy_init(made)
    if "__repr__" not in own:
        made.__repr__ = _repr
    if eq and "__eq__" not in own:
        made.__eq__ = _eq
        if "__hash__" not in own:
            made.__hash__ = _hash if frozen else None
    if frozen:
        made.__setattr__ = _frozen_setattr
        made.__delattr__ = _frozen_delattr
        if slots:
            made.__getstate__ = _getstate
            made.__setstate__ = _setstate
    return made  # type: ignore[no-any-return]


def _getter(names: tuple[str, ...]) -> Callable[[Any], Any]:
    if not names:
        return lambda obj: ()
    get = attrgetter(*names)
    if len(names) == 1:
        return lambda obj: (get(obj),)
    return get


def _repr(self: Any) -> str:
    cls = type(self)
    inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in cls.__record_shown__)
    return f"{cls.__qualname__}({inner})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        key = self.__class__.__record_compared__
        return bool(key(self) == key(other))
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(type(self).__record_hashed__(self))


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, name) for name in type(self).__record_fields__]


def _setstate(self: Any, state: list[Any]) -> None:
    for name, value in zip(type(self).__record_fields__, state, strict=True):
        object.__setattr__(self, name, value)


_MISSING = dataclasses.MISSING


def _lazy_init(cls: Any) -> Callable[..., None]:
    """An ``__init__`` that compiles the real one on its first call and puts it in place."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        real = _compile_init(cls)
        cls.__init__ = real
        real(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _compile_init(cls: Any) -> Callable[..., None]:
    """The ``__init__`` ``dataclasses`` would write: positional-or-keyword parameters in
    field order, defaults and default factories, ``object.__setattr__`` when frozen,
    ``__post_init__`` last. A frozen record with slots sets each field through its slot's
    own descriptor instead: the same store, half the cost of ``object.__setattr__`` (which
    looks the descriptor up again each time), and twenty thousand journal entries are
    made with it."""
    frozen = cls.__record_frozen__
    params: list[str] = []
    body: list[str] = []
    scope: dict[str, Any] = {"_setattr": object.__setattr__, "_MISSING": _MISSING}
    for f in dataclasses.fields(cls):
        value = f.name
        if f.default_factory is not _MISSING:
            scope[f"_factory_{f.name}"] = f.default_factory
            if f.init:
                params.append(f"{f.name}=_MISSING")
                value = f"_factory_{f.name}() if {f.name} is _MISSING else {f.name}"
            else:
                value = f"_factory_{f.name}()"
        elif not f.init:
            if f.default is _MISSING:
                continue
            scope[f"_default_{f.name}"] = f.default
            value = f"_default_{f.name}"
        elif f.default is not _MISSING:
            scope[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        else:
            params.append(f.name)
        slot = _slot(cls, f.name) if frozen else None
        if slot is not None:
            scope[f"_slot_{f.name}"] = slot.__set__
            body.append(f"_slot_{f.name}(self, {value})")
        else:
            body.append(f"_setattr(self, {f.name!r}, {value})" if frozen
                        else f"self.{f.name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    source = (f"def __init__(self, {', '.join(params)}):\n    "
              + ("\n    ".join(body) or "pass") + "\n")
    namespace: dict[str, Any] = {}
    exec(source, scope, namespace)  # noqa: S102 - our own text, as dataclasses does
    init: Callable[..., None] = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _slot(cls: Any, name: str) -> Any:
    """The slot that holds ``name`` in instances of ``cls``, if a slot holds it: the first
    class in the MRO that defines ``name`` must define it as a slot (a member descriptor)."""
    for klass in cls.__mro__:
        found = klass.__dict__.get(name)
        if found is not None:
            return found if isinstance(found, MemberDescriptorType) else None
    return None


__all__ = ["FrozenInstanceError", "record"]
