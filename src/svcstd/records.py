"""Equality and order by a key, for records that leave some fields out of comparisons.

svcstd's records are msgspec Structs (see docs/development.md): Struct classes are built in
C, which keeps start-up fast, but a Struct compares every field, with no per-field opt-out.
A record whose comparisons should ignore a field (a finding's hint, a calendar's holiday
lookup) or use a derived value (a duration's elapsed minutes) puts one of these mixins
first among its bases and says what it is compared by in ``_key``::

    class Finding(KeyedOrder, Struct, frozen=True): ...
"""

from __future__ import annotations

from functools import total_ordering
from typing import Any, TypeGuard

# A tuple of fields, or one value (a duration's minutes): hashable, and ordered for KeyedOrder.
Key = Any


class KeyedEquality:
    """Equal when of the same class with equal keys; hashed by the key."""

    # No instance dictionary: a Struct with one is larger and slower to make.
    __slots__ = ()

    def _key(self) -> Key:
        """What the record is compared and hashed by."""
        raise NotImplementedError

    def _same_kind(self, other: object) -> TypeGuard[KeyedEquality]:
        # Only records of the very same class compare, as dataclasses' generated methods did.
        return type(other) is type(self)

    def __eq__(self, other: object) -> bool:
        if not self._same_kind(other):
            return NotImplemented
        return bool(self._key() == other._key())

    def __hash__(self) -> int:
        return hash(self._key())


@total_ordering  # <=, > and >= from __lt__ and __eq__, on this mixin (a Struct has its own)
class KeyedOrder(KeyedEquality):
    """Also ordered by the key (``sorted`` and ``<`` compare keys)."""

    __slots__ = ()

    def __lt__(self, other: object) -> bool:
        if not self._same_kind(other):
            return NotImplemented
        return bool(self._key() < other._key())
