"""The moment one tick runs for: one institution and its opening hours around that moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.schedule import Schedule
from storage.models import Conversation, Institution


@dataclass(frozen=True)
class Moment:
    """The moment one tick runs for, one institution, and its opening hours around it."""

    at: datetime
    schedule: Schedule
    institution: Institution
    open_ids: frozenset[int] = frozenset()

    def mine(self, conversation: Conversation) -> bool:
        """Whether a request or conversation belongs to this moment's institution."""
        return conversation.institution_id in (self.institution.id, None)

    def local_time(self, moment: datetime) -> str:
        """A moment as the clock on the wall shows it, e.g. "20:00"."""
        return moment.astimezone(self.schedule.zone).strftime("%H:%M")

    @property
    def today(self) -> date:
        """The local date of the tick."""
        return self.at.astimezone(self.schedule.zone).date()
