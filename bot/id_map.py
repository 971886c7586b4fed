"""The id map of the latest relays, in memory: a reply may come before its map is committed."""

from __future__ import annotations

from collections import OrderedDict

RECENT = 10_000


class RecentLinks:
    """The last relayed messages' ids on both sides (the database keeps the full map)."""

    def __init__(self, size: int = RECENT) -> None:
        self._size = size
        self._by_student: OrderedDict[tuple[int, int], int] = OrderedDict()
        self._by_supporter: OrderedDict[tuple[int, int], tuple[int, int]] = OrderedDict()

    def note(
        self, conversation_id: int, supporter_id: int, student_message: int, supporter_message: int
    ) -> None:
        """Remember one relayed message, forgetting the oldest beyond the size."""
        self._by_student[(conversation_id, student_message)] = supporter_message
        self._by_supporter[(supporter_id, supporter_message)] = (conversation_id, student_message)
        for recent in (self._by_student, self._by_supporter):
            while len(recent) > self._size:
                recent.popitem(last=False)

    def supporter_side(self, conversation_id: int, student_message: int) -> int | None:
        """The supporter-side id of a recent student-side message."""
        return self._by_student.get((conversation_id, student_message))

    def student_side(self, supporter_id: int, supporter_message: int) -> tuple[int, int] | None:
        """(conversation id, student-side id) of a recent supporter-side message."""
        return self._by_supporter.get((supporter_id, supporter_message))
