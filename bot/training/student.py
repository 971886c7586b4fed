"""The scripted student: the next line, or a branch when the trainee said one of its phrases."""

from __future__ import annotations

from collections.abc import Sequence

from bot.training.scenarios import Phrases, Scenario


class ScriptedStudent:
    """Walks a scenario's steps, one answer per message (or burst of messages) of the trainee."""

    def __init__(self, scenario: Scenario, phrases: Phrases) -> None:
        self.scenario, self.phrases = scenario, phrases
        self.position = 0
        self.silent = False

    def opening(self) -> tuple[str, ...]:
        """The first step's lines, written before anyone has accepted."""
        self.position = 1
        return self.scenario.steps[0].say

    def answer(self, trainee: Sequence[str]) -> tuple[str, ...]:
        """The lines that answer what the trainee just wrote; none when silent or done."""
        steps = self.scenario.steps
        if self.position >= len(steps):
            return ()
        step = steps[self.position]
        said = " ".join(trainee)
        for branch in step.branches:
            if self.phrases.match(branch.phrases, said):
                self.position = self._index(branch.goto) if branch.goto else self.position + 1
                return branch.say
        if not step.stay:
            self.position += 1
        if not step.say:
            self.silent = True
        return step.say

    def _index(self, step_id: str) -> int:
        return next(i for i, step in enumerate(self.scenario.steps) if step.id == step_id)
