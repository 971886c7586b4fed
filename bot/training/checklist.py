"""What the trainee did against the scenario's checklist."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.training.scenarios import Check, Phrases

TRAINEE, STUDENT, SILENCE = "trainee", "student", "silence"
KIND_ENDING = "kind_ending"
LAST_WORDS = 2  # a kind ending is in one of the trainee's last two texts before the end


@dataclass
class Transcript:
    """The practice conversation in order: (who, text); the student's silence is an entry too."""

    entries: list[tuple[str, str]] = field(default_factory=list)
    ended: bool = False

    def trainee_texts(self) -> list[str]:
        """What the trainee wrote that was not a command."""
        return [text for who, text in self.entries if who == TRAINEE and not text.startswith("/")]

    def commands(self) -> set[str]:
        """The commands the trainee used, without the slash."""
        return {
            text[1:].split()[0].split("@")[0].lower()
            for who, text in self.entries
            if who == TRAINEE and text.startswith("/") and len(text) > 1
        }


@dataclass(frozen=True)
class Result:
    """One checklist line and whether the trainee did it."""

    label: str
    done: bool


def evaluate(
    checklist: tuple[Check, ...], transcript: Transcript, phrases: Phrases
) -> list[Result]:
    """Tick each line of the checklist from the transcript."""
    return [Result(check.label, _done(check, transcript, phrases)) for check in checklist]


def _done(check: Check, transcript: Transcript, phrases: Phrases) -> bool:
    texts = transcript.trainee_texts()
    said = check.phrases is not None and any(phrases.match(check.phrases, t) for t in texts)
    if check.rule == "said":
        return said or not transcript.commands().isdisjoint(check.commands)
    if check.rule == "not_said":
        return bool(texts) and not said
    if check.rule == "ended_kindly":
        last = texts[-LAST_WORDS:]
        return transcript.ended and any(phrases.match(KIND_ENDING, t) for t in last)
    if check.rule == "after_silence":
        whos = [who for who, _ in transcript.entries]
        if SILENCE not in whos:
            return False
        later = transcript.entries[whos.index(SILENCE) :]
        return any(who == TRAINEE and not text.startswith("/") for who, text in later)
    raise ValueError(f"unknown checklist rule {check.rule!r}")
