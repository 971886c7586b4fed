"""The running demo: stand-in, clock, cast and practice, and what the page may ask of them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from importlib.resources import files
from itertools import count
from zoneinfo import ZoneInfo

from bot.context import Context
from bot.schedule import load_schedule
from bot.training.scenarios import scenario, scenarios
from demo import cast, clock
from demo.botapi.chats import JSON, Person
from demo.botapi.server import BotApiStandIn, Event
from demo.practice import Practice
from demo.render import clock_view, menu_view, message_view
from scheduler.jobs import tick

PRACTICE_IDS = count(9300001)
# What the attach button sends: (file name, MIME type, what the message says of the file).
SAMPLES: dict[str, tuple[str, str, JSON]] = {
    "photo": ("sample-photo.svg", "image/svg+xml", {}),
    "document": ("notes.txt", "text/plain", {"file_name": "notes.txt"}),
    "voice": ("voice.ogg", "audio/ogg", {"duration": 4}),
}


class World:
    """Everything the page shows and does, in one place."""

    def __init__(
        self, standin: BotApiStandIn, demo_clock: clock.DemoClock, language: str, zone: str
    ) -> None:
        self.standin, self.clock, self.language = standin, demo_clock, language
        self.zone = ZoneInfo(zone)
        self.phones = cast.cast(language)
        self.ctx: Context | None = None
        self.practice: Practice | None = None
        self.subscribers: list[Callable[[JSON], None]] = []
        self._moving = asyncio.Lock()
        for phone in self.phones:
            standin.join(phone.person)
        standin.listeners.append(self._on_event)

    def publish(self, payload: JSON) -> None:
        """Send to every open page."""
        for subscriber in list(self.subscribers):
            subscriber(payload)

    async def snapshot(self) -> JSON:
        """All a newly opened page needs: phones, their chats and menus, clock, scenarios."""
        return {
            "type": "hello",
            "language": self.language,
            "phones": self._phones_view(),
            "chats": {
                str(phone.person.id): [
                    message_view(m, self.zone)
                    for m in self.standin.join(phone.person).messages.values()
                ]
                for phone in self.phones
            },
            "menus": {
                str(p.person.id): menu_view(self.standin.menu(p.person.id)) for p in self.phones
            },
            "clock": await self.clock_view(),
            "scenarios": [{"id": s.id, "title": s.title} for s in scenarios(self.language)],
        }

    async def act(self, request: JSON) -> None:
        """Do what the page asked: as a person (send, attach, press, edit), or for the demo."""
        kind = request.get("type")
        if kind == "clock":
            await self.move_clock(str(request["choice"]))
            return
        if kind == "practice":
            await self.start_practice(str(request["scenario"]))
            return
        if kind == "finish":
            if self.practice is not None:
                self.practice.finish()
            return
        person = self._typist(int(request["phone"]))
        if kind == "send" and str(request.get("text", "")).strip():
            reply_to = request.get("reply_to")
            await self.standin.write(
                person, {"text": str(request["text"])}, int(reply_to) if reply_to else None
            )
        elif kind == "attach":
            await self.standin.write(person, self._sample(str(request["kind"]), request))
        elif kind == "press":
            await self.standin.press(person, int(request["message"]), str(request["data"]))
        elif kind == "edit":
            await self.standin.edit(person, int(request["message"]), str(request["text"]))

    async def move_clock(self, choice: str) -> None:
        """Jump the simulation's time forward, run the scheduled jobs, show the new time."""
        ctx = self._ready()
        async with self._moving:
            async with ctx.sessions() as session:
                schedule = await load_schedule(session, ctx)
            country = ctx.settings.HOLIDAYS_COUNTRY
            self.clock.move_to(clock.target(choice, schedule, country, self.clock.now()))
            await tick(ctx)
            if schedule.is_open(self.clock.now()):
                await cast.back_on_duty(self.standin, ctx, self.phones)
        self.publish(await self.clock_view())

    async def clock_view(self) -> JSON:
        """The clock as the page shows it."""
        ctx = self._ready()
        async with ctx.sessions() as session:
            schedule = await load_schedule(session, ctx)
        now = self.clock.now()
        return {"type": "clock", **clock_view(now, self.zone, schedule.is_open(now))}

    async def start_practice(self, scenario_id: str) -> None:
        """A new scripted student for a scenario; a practice still going ends with its checklist."""
        if self.practice is not None:
            self.practice.finish()
            self.phones = [phone for phone in self.phones if phone.role != "practice"]
        chosen = scenario(scenario_id, self.language)
        person = Person(next(PRACTICE_IDS), chosen.student, "", self.language)
        title = f"{chosen.student} · scripted student"
        self.phones.append(cast.Phone(person, "practice", title))
        self.standin.join(person)
        supporters = [phone.person.id for phone in self.phones if phone.role == "supporter"]
        self.practice = Practice(self.standin, chosen, person, supporters, self.publish)
        self.publish({"type": "phones", "phones": self._phones_view()})
        self.publish(
            {"type": "practice", "title": chosen.title, "brief": chosen.brief, "student": person.id}
        )
        await self.practice.start()

    def _typist(self, person_id: int) -> Person:
        phone = next(p for p in self.phones if p.person.id == person_id)
        if phone.role == "practice":
            raise ValueError("the scripted student types by itself")
        return phone.person

    def _sample(self, kind: str, request: JSON) -> JSON:
        name, mime_type, meta = SAMPLES[kind]
        data = (files("demo") / "static" / name).read_bytes() if kind == "photo" else name.encode()
        content: JSON = {kind: self.standin.files.store(kind, data, mime_type, **meta)}
        if str(request.get("caption", "")).strip():
            content["caption"] = str(request["caption"])
        return content

    def _phones_view(self) -> list[JSON]:
        return [
            {"id": p.person.id, "title": p.title, "role": p.role, "scripted": p.role == "practice"}
            for p in self.phones
        ]

    def _ready(self) -> Context:
        if self.ctx is None:
            raise RuntimeError("the bot is not running yet")
        return self.ctx

    def _on_event(self, event: Event) -> None:
        if self.practice is not None:
            self.practice.on_event(event)
        if event.kind == "message" and event.message is not None:
            view = message_view(event.message, self.zone)
            self.publish({"type": "message", "chat": event.chat_id, "message": view})
        elif event.kind == "menu":
            commands = menu_view(self.standin.menu(event.chat_id or 0))
            self.publish({"type": "menu", "chat": event.chat_id, "commands": commands})
        elif event.kind == "toast":
            self.publish({"type": "toast", "chat": event.chat_id, "text": event.text})
        elif event.kind == "call":
            self.publish({"type": "call", "method": event.text, "chat": event.chat_id})
