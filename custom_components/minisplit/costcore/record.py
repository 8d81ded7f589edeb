"""Record: the base of the cost core's value objects, in place of frozen dataclasses.

`dataclasses` costs the command line ~19 ms of start-up (it imports `inspect`, `re`, `ast`,
`dis`...) and each `@dataclass` compiles generated code at import; a cost estimate is a handful
of small immutable objects, so they are plain classes with `__slots__` and a hand-written
`__init__`, and this base gives them what `@dataclass(frozen=True, slots=True)` gave: equality
and hashing by their fields, a repr, `replace()` (also as `copy.replace`), pickling, and
immutability.

A subclass names its fields in `_fields`, in the order of its `__init__` parameters, makes them
its `__slots__`, and its `__init__` passes their values to `_assign` in that order
(tests/costcore/test_record.py checks every record's order). Further slots hold private state (a
cache), neither compared, hashed, shown nor copied.
"""

from __future__ import annotations

# The command line's start-up: `typing` costs ~5 ms to import; type checkers treat any name
# TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Self

_set = object.__setattr__


class Record:
    """An immutable value object compared, hashed and shown by its fields (see the module)."""

    __slots__ = ()
    #: The fields, in the order of the `__init__` parameters.
    _fields: tuple[str, ...] = ()

    def _assign(self, *values: object) -> None:
        """Set the fields, in their order, once (from `__init__`)."""
        for name, value in zip(self._fields, values, strict=True):
            _set(self, name, value)

    def _values(self) -> tuple[object, ...]:
        return tuple([getattr(self, name) for name in self._fields])

    def __setattr__(self, name: str, value: object) -> None:
        """Refuse: records are immutable (use `replace`)."""
        msg = f"cannot assign to field {name!r} of an immutable {type(self).__name__}"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> None:
        """Refuse: records are immutable."""
        msg = f"cannot delete field {name!r} of an immutable {type(self).__name__}"
        raise AttributeError(msg)

    def __eq__(self, other: object) -> bool:
        """Equal to a record of the same class with equal fields."""
        if other.__class__ is not self.__class__:
            return NotImplemented
        # The class check above makes `other` a record; a cast would import typing.
        values: tuple[object, ...] = other._values()  # type: ignore[attr-defined]
        return self._values() == values

    def __hash__(self) -> int:
        """The hash of the fields (a TypeError when a field is a dict, as with a dataclass)."""
        return hash(self._values())

    def __repr__(self) -> str:
        """`Class(field=value, ...)`, as a dataclass shows itself."""
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({fields})"

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed, as `dataclasses.replace` makes one."""
        unknown = changes.keys() - set(self._fields)
        if unknown:
            msg = f"{type(self).__name__} has no field {', '.join(sorted(unknown))}"
            raise TypeError(msg)
        values = {name: changes.get(name, getattr(self, name)) for name in self._fields}
        return type(self)(**values)

    __replace__ = replace

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle and copy through `__init__` (private state such as caches starts empty)."""
        return _rebuild, (type(self), self._values())


def _rebuild(cls: type[Record], values: tuple[object, ...]) -> Record:
    """A record from its class and field values (what `__reduce__` pickles)."""
    return cls(**dict(zip(cls._fields, values, strict=True)))
