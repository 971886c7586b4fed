"""A practice run: a scripted student writes to the real bot and answers the trainee's messages."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.actions import Heard
from bot.training.checklist import SILENCE, STUDENT, TRAINEE, Transcript, evaluate
from bot.training.scenarios import Scenario, phrases
from bot.training.student import ScriptedStudent
from demo.botapi.chats import JSON, Message, Person
from demo.botapi.server import BotApiStandIn, Event

REPLY_DELAY = 1.5  # seconds the student "types"; messages in that time are answered together


class Practice:
    """One scenario played through the stand-in; the checklist is published when it ends."""

    def __init__(
        self,
        standin: BotApiStandIn,
        scenario: Scenario,
        student: Person,
        supporters: list[int],
        publish: Callable[[JSON], None],
    ) -> None:
        self.standin, self.scenario, self.person = standin, scenario, student
        self.supporters, self.publish = supporters, publish
        self.script = ScriptedStudent(scenario, phrases(scenario.language))
        self.said: list[tuple[int | None, str]] = []  # (supporter chat, or None: the student)
        self.trainee: int | None = None
        self.ended = False
        self.finished = False
        self._burst: list[str] = []
        self._heard_at = 0.0
        self._answering: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """The student's first message(s), before anyone accepted."""
        for line in self.script.opening():
            await self._say(line)

    def on_event(self, event: Event) -> None:
        """Follow the student's chat and the praatmaten's messages."""
        message = event.message
        if self.finished or event.kind != "message" or message is None or message.edited:
            return
        if message.chat_id == self.person.id and message.from_bot:
            self._to_student(message)
        elif message.chat_id in self.supporters and not message.from_bot and message.body:
            self.said.append((message.chat_id, message.body))

    def finish(self) -> None:
        """Tick the checklist and show it."""
        if self.finished:
            return
        self.finished = True
        trainee = self.trainee or self.supporters[0]
        transcript = Transcript(ended=self.ended)
        for chat, text in self.said:
            if chat is None:
                transcript.entries.append((STUDENT, text) if text else (SILENCE, ""))
            elif chat == trainee:
                transcript.entries.append((TRAINEE, text))
        results = evaluate(self.scenario.checklist, transcript, phrases(self.scenario.language))
        self.publish(
            {
                "type": "checklist",
                "title": self.scenario.title,
                "items": [{"label": r.label, "done": r.done} for r in results],
            }
        )

    def _to_student(self, message: Message) -> None:
        if message.copied_from and message.copied_from[0] in self.supporters:
            self.trainee = self.trainee or message.copied_from[0]
            if message.body:
                self._burst.append(message.body)
                self._heard_at = asyncio.get_running_loop().time()
                if self._answering is None or self._answering.done():
                    self._answering = asyncio.create_task(self._answer_bursts())
        elif any(Heard.unpack(b.get("callback_data", "")) for row in message.buttons for b in row):
            # The feedback question: the conversation has ended.
            self.ended = True
            self.finish()

    async def _answer_bursts(self) -> None:
        loop = asyncio.get_running_loop()
        while self._burst and not self.finished:
            wait = self._heard_at + REPLY_DELAY - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            heard, self._burst = self._burst, []
            lines = self.script.answer(heard)
            if not lines and self.script.silent:
                self.said.append((None, ""))
            for line in lines:
                await self._say(line)

    async def _say(self, line: str) -> None:
        self.said.append((None, line))
        await self.standin.write(self.person, {"text": line})
