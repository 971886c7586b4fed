"""How the features of a message's clauses add up to a severity.

Per clause: who a predicate (bot.crisis.features) is about (the speaker, or another person: "she
says she…"), and what voids it: a past that is over ("I used to…, I'm fine now"), a topic frame
(a thesis, the news, a song, a game), hyperbole or a reported question. Per message: the highest
level wins; a concern of the speaker's with a plan, means, place or goodbye adds up to acute, as
do a dangerous place with a move to its edge, or a means with a quantity, anywhere in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.crisis.clauses import Clause
from bot.crisis.features import ACUTE, CONCERN, LIFT, TRIGGERS, negated_positions, predicates

__all__ = ["ACUTE", "CONCERN", "TRIGGERS", "Signal", "severity", "signals"]


@dataclass(frozen=True, slots=True)
class Signal:
    """One feature found in a clause: its name, level, the words behind it, and if about another."""

    name: str
    level: int
    words: str
    other: bool = False


def _subject(clause: Clause, previous: bool, head: int) -> bool:
    """True when the predicate at `head` is about another person, not the speaker."""
    if clause.has("SELFREF"):
        return False
    if clause.has("OTHERREF"):
        return True
    others = [i for i in clause.at("OTHER") if i < head]
    speakers = [i for i in clause.at("SPEAKER") if i < head]
    if others and (not speakers or max(others) > max(speakers) or clause.has("SAYS")):
        return not (speakers and clause.has("SAYS") and max(speakers) > max(others))
    if speakers:
        return False
    return previous


def _words(clause: Clause, *positions: int | None) -> str:
    """The words behind a feature, in message order."""
    return " ".join(clause.words[i] for i in sorted({p for p in positions if p is not None}))


_LIFTS = frozenset(
    {"PLAN", "MEANS", "READY", "PLACE", "GOODBYE", "STOCK", "ROPE", "TOOL", "RETRY"} | {"SERIOUS"}
)
# A dangerous place and a move towards its edge, anywhere in the message, are acute.
_PLACES = frozenset({"HEIGHT", "TRACK", "WATER"})
_MOVES = frozenset({"JUMP", "EDGE", "LOOKDOWN", "LETHALW", "DOIT", "STANDING"})
_MARKS = _PLACES | _MOVES | {"QTY", "STOCK", "BENIGN", "TIME", "NOACT"}
_LIFTING = _LIFTS | _MARKS
_NOT_LIFTS = _MARKS - _LIFTS
_INTENDS = frozenset({"PLAN", "MEANS", "TOOL", "STOCK", "READY", "TIME", "ROPE"})
_ACTS = frozenset({"method", "location", "attempt", "dose question"})


def signals(clauses: Iterable[Clause], message_tags: frozenset[str]) -> list[Signal]:
    """A message's features; negated, framed, hyperbole and (when over) past ones dropped."""
    found: list[Signal] = []
    other = False
    recovered = "RECOVERED" in message_tags
    read = [(clause, negated_positions(clause)) for clause in clauses]
    topic = any(i not in negated for clause, negated in read for i in clause.at("FRAME"))
    # "jk" takes a plain statement back; "lol" after one may mask it, so it only softens it.
    marks = {
        tag
        for clause, negated in read
        for tag in ("JOKE", "JOKING")
        if any(i not in negated for i in clause.at(tag))
    }
    joke = "JOKING" if "JOKING" in marks else "JOKE" if "JOKE" in marks else None
    joking = joke is not None and message_tags.isdisjoint(
        {"PLAN", "PLANBARE", "MEANS", "TOOL", "SERIOUS"}
    )
    for clause, negated in read:
        speaker_here = clause.has("SPEAKER", "SELFREF")
        if clause.has("OTHER", "OTHERREF") and not clause.has("SELFREF"):
            other = not speaker_here or clause.has("OTHERREF", "SAYS")
        elif speaker_here:
            other = False
        if clause.has("REPORTQ") or (
            clause.has("HYPER") and not clause.has("MEANS", "TOOL", "METHOD", "QTY")
        ):
            continue
        heads = not _HEADS.isdisjoint(clause.index)
        intent = any(i not in negated for i in clause.at_any(_INTENT)) and speaker_here
        framed = clause.has("FRAME") and (not intent or joking)
        topical = topic and not speaker_here and not intent
        past = clause.has("PAST", "HISTORY", "SCARS") or (recovered and clause.has("PASTV"))
        # "I wanted to die" is a past wish; "I wanted to tell you…" is not the past.
        wished = clause.has("WANTPAST")
        over = recovered and "AGAIN" not in message_tags
        for name, level, head, extra in predicates(clause, negated) if heads else ():
            span = range(min(head, extra or head), max(head, extra or head) + 1)
            if any(i in negated for i in span):
                continue
            about_other = _subject(clause, other, head)
            if framed or (topical and not _TOPIC_WORDS.isdisjoint(clause.tags[head])):
                continue
            if past or (wished and name in ("explicit", "passive wish")):
                if over:
                    continue
                level = min(level, CONCERN)
            # Someone else's wish or harm is a concern for the student; with a time, a place or
            # a means it is acute.
            if about_other and name in _OTHERS_CONCERN and not clause.has("BLOOD", "TIME"):
                level = min(level, CONCERN)
            if joking and name == "explicit":
                level = CONCERN if joke == "JOKE" else -1
            if level < CONCERN:
                continue
            found.append(Signal(name, level, _words(clause, head, extra), about_other))
        if past or framed or topical:
            continue
        for i, tags in enumerate(clause.tags):
            if "MEANS" in tags and not clause.has(
                "HAVEHERE", "QTY", "STOCK", "BUY", "TAKE", "OD", "HAVE"
            ):
                tags = tags - {"MEANS"}
            if i not in negated and not _LIFTING.isdisjoint(tags):
                for mark in sorted(tags & _LIFTING):
                    if mark in _MARKS and mark != "BENIGN" and clause.has("BENIGN"):
                        continue
                    found.append(Signal(mark, LIFT, clause.words[i], other))
    return found


# Words that name a topic as well as a state: a frame elsewhere in the message ("the episode…,
# that overdose scene") voids them when the clause does not speak of the speaker.
_TOPIC_WORDS = frozenset({"SUI", "OVERDOSE", "SELFHARM", "THOUGHTS", "LETHAL", "KILLSELF"})
# Tags a predicate can start from: a clause with none of them is only read for marks.
_HEADS = TRIGGERS | {"GOODBYE", "QUESTION", "URGE", "DOIT"}
_OTHERS_CONCERN = frozenset({"self-harm", "explicit", "passive wish"})
_INTENT = ("WANT", "WILL", "PLAN", "READY", "PLANBARE", "STOCK", "HAVEHERE")


def severity(found: list[Signal]) -> tuple[int, list[Signal]]:
    """The level of a message's signals and the ones behind it."""
    alerts = [s for s in found if s.level > LIFT]
    benign = any(s.name == "BENIGN" for s in found)
    place = [s for s in found if s.name in _PLACES and not benign]
    move = [s for s in found if s.name in _MOVES]
    # Thinking of how easy it would be, without a plan, keeps a place or a means at concern.
    musing = any(s.name == "thoughts" for s in found) and not any(
        s.name in ("PLAN", "READY", "TIME") for s in found
    )
    beside = CONCERN if musing else ACUTE
    if place and move:
        alerts.append(
            Signal("location", beside, f"{place[0].words} {move[0].words}", place[0].other)
        )
    goodbyes = {s.words for s in found if s.name == "GOODBYE" and not s.other}
    if len(goodbyes) >= 2:
        alerts.append(Signal("farewell", ACUTE, " ".join(sorted(goodbyes))))
    means = [s for s in found if s.name == "MEANS"]
    stock = [s for s in found if s.name in ("QTY", "STOCK")]
    if means and stock:
        alerts.append(
            Signal("method", beside, f"{means[0].words} {stock[0].words}", means[0].other)
        )
    if not alerts:
        return -1, []
    # "…but I'm not going to do anything", with no plan, means or time, keeps it at concern.
    if any(s.name == "NOACT" for s in found) and not any(s.name in _INTENDS for s in found):
        alerts = [
            s if s.name in _ACTS else Signal(s.name, min(s.level, CONCERN), s.words, s.other)
            for s in alerts
        ]
    top = max(s.level for s in alerts)
    if top == ACUTE:
        return ACUTE, [s for s in alerts if s.level == ACUTE]
    own = [s for s in alerts if not s.other]
    # A mark counts only beside the concern, not when it is the concern's own words.
    said = {s.words for s in own}
    lifts = [
        s
        for s in found
        if s.level == LIFT and not s.other and s.name not in _NOT_LIFTS and s.words not in said
    ]
    # "I'll do it" with a day or a time anywhere in the message is a plan.
    if any(s.name == "plan" for s in own):
        lifts += [s for s in found if s.name == "TIME" and not s.other]
    if own and lifts:
        return ACUTE, [*alerts, *lifts]
    return CONCERN, alerts
