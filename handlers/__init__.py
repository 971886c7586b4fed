"""aiogram routers per role; `make_routers` builds a fresh set for each dispatcher."""

from __future__ import annotations

from aiogram import Router

from handlers import common, coordinator, student, supporter


def make_routers() -> list[Router]:
    """The routers in the order they are tried.

    Students (most of the traffic) first: the student role excludes the others, and students have
    no handler that the common ones must precede. Coordinators stay before supporters (coordinator
    /resources subcommands win over the supporter's picker).
    """
    return [
        student.make_router(),
        common.make_router(),
        coordinator.make_router(),
        supporter.make_router(),
        common.make_unknown_router(),
    ]
