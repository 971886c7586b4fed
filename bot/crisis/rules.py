"""What a clause says, as features, and how the features of a message add up to a severity.

Per clause: who it is about (the speaker, or another person: "she says she…"), which harm
predicates it holds in any word order (killing oneself, wanting to die, self-harm, a method or
means with a quantity, a dangerous place, a dose question, an attempt, a farewell, a plan), and
what voids them: a negation in reach, a past that is over ("I used to…, I'm fine now"), a topic
frame (a thesis, the news, a song, a game) or hyperbole. Per message: the highest level wins; two
different concern signals, or a concern with a plan, time, means or place, add up to acute.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.crisis.clauses import Clause

ACUTE, CONCERN, LIFT = 2, 1, 0
NEGATION_BEFORE, NEGATION_AFTER = 6, 2


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


def negated_positions(clause: Clause) -> frozenset[int]:
    """Positions in reach of a negation: a few words after it, two before, not past "and"."""
    reach: set[int] = set()
    tags = clause.tags
    for i in clause.at("NEG"):
        if "NEGVOID" in tags[i]:
            continue
        for k in range(i + 1, min(len(tags), i + 1 + NEGATION_BEFORE)):
            if "CONJ" in tags[k]:
                break
            reach.add(k)
        if "NEGPOST" not in tags[i]:
            continue
        for k in range(i - 1, max(-1, i - 1 - NEGATION_AFTER), -1):
            if "CONJ" in tags[k]:
                break
            reach.add(k)
    return frozenset(reach)


def _words(clause: Clause, *positions: int | None) -> str:
    """The words behind a feature, in message order."""
    return " ".join(clause.words[i] for i in sorted({p for p in positions if p is not None}))


def _self_object(clause: Clause, head: int) -> int | None:
    """A reflexive object ("myself", "herself"), or "me" with the speaker as subject before it."""
    if (ref := clause.first("SELFREF", "OTHERREF")) is not None:
        return ref
    me = clause.first("OBJME")
    speaker = clause.first("SPEAKER")
    if me is not None and speaker is not None and speaker < max(me, head):
        return me
    return None


def _predicates(
    clause: Clause, negated: frozenset[int]
) -> Iterable[tuple[str, int, int, int | None]]:
    """(name, level, head, other position) for every harm predicate the clause holds."""
    first = clause.first

    def has(*tags: str) -> bool:
        return any(i not in negated for i in clause.at_any(tags))

    benign = has("BENIGN")
    # Thoughts of it, without a plan, a time or a means, are a concern ("thoughts of killing myself").
    thinking = has("THINKV", "THOUGHTS") and not has("WANT", "WILL", "PLAN", "TIME", "READY", "MEANS")
    explicit = CONCERN if thinking else ACUTE
    if (i := first("KILLSELF")) is not None and not benign:
        yield "explicit", explicit, i, None
    if (i := first("KILL")) is not None and (j := _self_object(clause, i)) is not None:
        yield "explicit", explicit, i, j
    if (i := first("SUI")) is not None and has("SPEAKER", "WANT", "WILL", "PLAN", "FEEL", "THINKV"):
        intent = has("WANT", "WILL", "PLAN", "TIME", "READY", "DOIT", "MEANS")
        level = ACUTE if intent and not thinking else CONCERN
        yield "explicit", level, i, first("WANT", "PLAN", "SPEAKER", "FEEL", "THINKV")
    elif (i := first("SUI")) is not None and not thinking:
        yield "explicit", CONCERN, i, None
    if (i := first("KILLME")) is not None and (j := first("SPEAKER", "WANT")) is not None and j < i:
        yield "explicit", explicit, i, j
    if (i := first("DIE")) is not None and (j := first("WANT")) is not None and not benign:
        yield "explicit", ACUTE, i, j
    if (i := first("DIE", "WISHDEAD")) is not None and (j := first("WISH")) is not None:
        yield "passive wish", CONCERN, i, j
    elif (i := first("WISHDEAD")) is not None and not benign:
        yield "explicit", ACUTE, i, None
    # Self-harm that is a habit or was last week is a concern; now, or wanted, it is acute.
    harm = ACUTE
    if thinking or (has("HABIT", "RECENTPAST", "URGE", "WANT") and not has("TIME")):
        harm = CONCERN
    if (i := first("HARM")) is not None and not benign:
        j = _self_object(clause, i)
        if j is None:
            j = first("BODY", "AGAIN", "BLOOD")
        if j is None and has("CUT") and not has("OBJECT"):
            j = first("SPEAKER", "TIME")
        if j is not None:
            yield "self-harm", harm, i, j
    if (i := first("SELFHARM")) is not None and not benign:
        level = harm if has("SPEAKER", "AGAIN", "WANT", "URGE", "TIME", "BLOOD") else CONCERN
        yield "self-harm", level, i, first("SPEAKER", "AGAIN")
    if (i := first("MEANS")) is not None and not benign:
        if (j := first("QTY", "STOCK", "OD", "SUFFICIENT")) is not None:
            yield "method", ACUTE, i, j
        elif (j := first("TAKE")) is not None and has("QTY", "EVERYTHING"):
            yield "method", ACUTE, i, j
    if (i := first("METHOD")) is not None and not benign:
        yield "method", CONCERN if thinking else ACUTE, i, None
    if (i := first("TOOL")) is not None and not benign:
        if (j := first("HAVEHERE", "BUY")) is not None:
            yield "method", ACUTE, i, j
    if (i := first("HANG")) is not None and (
        j := first("ROPE", "SELFREF", "OTHERREF", "OBJME", "QUESTION", "LETHALW")
    ) is not None:
        yield "method", ACUTE, i, j
    if (i := first("OD")) is not None and (j := first("EVERYTHING", "QTY")) is not None:
        yield "method", ACUTE, i, j
    if (i := first("OVERDOSE")) is not None and not benign:
        yield "method", ACUTE, i, None
    if (i := first("HEIGHT")) is not None and (j := first("JUMP", "EDGE", "LOOKDOWN")) is not None:
        yield "location", ACUTE, i, j
    if (i := first("TRACK")) is not None and (j := first("JUMP", "EDGE")) is not None:
        yield "location", ACUTE, i, j
    if (i := first("WATER")) is not None and (j := first("JUMP")) is not None:
        yield "location", ACUTE, i, j
    if (i := first("JUMPSELF")) is not None:
        yield "location", ACUTE, i, None
    if (i := first("LETHAL")) is not None:
        yield "dose question", ACUTE, i, first("MEANS")
    elif (i := first("QUESTION")) is not None and not benign:
        lethal = first(
            "DIE", "KILL", "WEIGHT", "SUFFICIENT", "LETHALW", "QTY", "EVERYTHING", "PASSIVE"
        )
        if lethal is not None:
            yield "dose question", ACUTE, i, lethal
        elif (j := first("MEANS")) is not None:
            yield "dose question", CONCERN, i, j
    elif (i := first("LETHALW")) is not None and (j := first("MEANS", "QTY")) is not None:
        yield "dose question", ACUTE, i, j
    if (i := first("ATTEMPT")) is not None and (
        j := first("KILLSELF", "SUI", "OD", "OVERDOSE", "HANG", "JUMPSELF", "MEANS")
    ) is not None:
        yield "attempt", ACUTE, i, j
    if (i := first("ATTEMPTED")) is not None:
        yield "attempt", ACUTE, i, None
    if (i := first("FAREWELL")) is not None:
        yield "farewell", ACUTE, i, None
    if (i := first("GOODBYE")) is not None and (j := first("FOREVER", "EVERYONE")) is not None:
        yield "farewell", ACUTE, i, j
    if (i := first("HISTORY")) is not None:
        yield "history", CONCERN, i, None
    if (i := first("ARRANGE")) is not None:
        yield "farewell", CONCERN, i, None
    if (i := first("ENDIT")) is not None and (j := first("WANT", "WILL", "TIME")) is not None and not benign:
        yield "explicit", explicit, i, j
    if (i := first("PLANBARE")) is not None:
        yield "plan", ACUTE, i, None
    if (i := first("DOIT")) is not None and not benign:
        if (j := first("TIME", "READY", "PLAN")) is not None:
            if has("WILL", "WANT"):
                yield "plan", ACUTE, i, j
        elif has("WILL", "WANT"):
            yield "plan", CONCERN, i, None
    if (i := first("URGE")) is not None and has("SELFHARM", "HARM", "CUT", "SCARS"):
        yield "self-harm", CONCERN, i, None
    for tag, name in _CONCERNS:
        if (i := first(tag)) is not None:
            yield name, CONCERN, i, None


# Tags that can start a feature: a message none of whose words carry one is not analysed.
TRIGGERS = frozenset(
    {
        *("KILLSELF", "KILL", "KILLME", "SUI", "DIE", "WISHDEAD", "HARM", "SELFHARM", "MEANS"),
        *("METHOD", "TOOL", "HANG", "OD", "OVERDOSE", "HEIGHT", "TRACK", "WATER", "JUMPSELF"),
        *("LETHAL", "LETHALW", "ATTEMPT", "ATTEMPTED", "FAREWELL"),
        *("HISTORY", "ARRANGE", "ENDIT", "PLANBARE", "DOIT"),
        *("PASSIVE", "HOPELESS", "BURDEN", "DISAPPEAR", "THOUGHTS", "URGESH", "OBSESS", "SCARS"),
    }
)

_CONCERNS = (
    ("PASSIVE", "passive wish"),
    ("HOPELESS", "hopeless"),
    ("BURDEN", "burden"),
    ("DISAPPEAR", "passive wish"),
    ("THOUGHTS", "thoughts"),
    ("URGESH", "self-harm"),
    ("OBSESS", "thoughts"),
    ("SCARS", "self-harm"),
)


# Marks that lift a concern of the speaker's to acute, anywhere in the message.
_LIFTS = frozenset(
    {"PLAN", "MEANS", "READY", "PLACE", "GOODBYE", "STOCK", "ROPE", "TOOL", "RETRY"}
    | {"SERIOUS"}
)
# A dangerous place and a move towards its edge, anywhere in the message, are acute.
_PLACES = frozenset({"HEIGHT", "TRACK", "WATER"})
_MOVES = frozenset({"JUMP", "EDGE", "LOOKDOWN", "LETHALW", "DOIT", "STANDING"})
_MARKS = _PLACES | _MOVES | {"QTY", "STOCK", "BENIGN", "TIME"}
_NOT_LIFTS = _MARKS - _LIFTS


def signals(clauses: Iterable[Clause], message_tags: frozenset[str]) -> list[Signal]:
    """The features of a message's clauses, with negated, past, framed and hyperbole ones dropped."""
    found: list[Signal] = []
    other = False
    recovered = "RECOVERED" in message_tags
    clauses = list(clauses)
    topic = any(
        i not in negated_positions(clause) for clause in clauses for i in clause.at("FRAME")
    )
    # "jk" takes a plain statement back; "lol" after one may mask it, so it only softens it.
    marks = {
        tag
        for clause in clauses
        for tag in ("JOKE", "JOKING")
        if any(i not in negated_positions(clause) for i in clause.at(tag))
    }
    joke = "JOKING" if "JOKING" in marks else "JOKE" if "JOKE" in marks else None
    joking = joke is not None and message_tags.isdisjoint(
        {"PLAN", "PLANBARE", "MEANS", "TOOL", "SERIOUS"}
    )
    for clause in clauses:
        speaker_here = clause.has("SPEAKER", "SELFREF")
        if clause.has("OTHER", "OTHERREF") and not clause.has("SELFREF"):
            other = not speaker_here or clause.has("OTHERREF", "SAYS")
        elif speaker_here:
            other = False
        if clause.has("REPORTQ") or (
            clause.has("HYPER") and not clause.has("MEANS", "TOOL", "METHOD", "QTY")
        ):
            continue
        negated = negated_positions(clause)
        intent = any(i not in negated for i in clause.at_any(_INTENT)) and speaker_here
        framed = clause.has("FRAME") and (not intent or joking)
        topical = topic and not speaker_here and not intent
        past = clause.has("PAST", "HISTORY", "SCARS") or (recovered and clause.has("PASTV"))
        over = recovered and "AGAIN" not in message_tags
        for name, level, head, extra in _predicates(clause, negated):
            span = range(min(head, extra or head), max(head, extra or head) + 1)
            if any(i in negated for i in span):
                continue
            about_other = _subject(clause, other, head)
            if framed or (topical and not _TOPIC_WORDS.isdisjoint(clause.tags[head])):
                continue
            if past:
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
        lifting = _LIFTS | _MARKS
        for i, tags in enumerate(clause.tags):
            if "MEANS" in tags and not clause.has(
                "HAVEHERE", "QTY", "STOCK", "BUY", "TAKE", "OD", "HAVE"
            ):
                tags = tags - {"MEANS"}
            if i not in negated and not lifting.isdisjoint(tags):
                for mark in sorted(tags & lifting):
                    if mark in _MARKS and mark != "BENIGN" and clause.has("BENIGN"):
                        continue
                    found.append(Signal(mark, LIFT, clause.words[i], other))
    return found


# Words that name a topic as well as a state: a frame elsewhere in the message ("the episode…,
# that overdose scene") voids them when the clause does not speak of the speaker.
_TOPIC_WORDS = frozenset({"SUI", "OVERDOSE", "SELFHARM", "THOUGHTS", "LETHAL", "KILLSELF"})
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
        s.name in ("PLAN", "READY") for s in found
    )
    beside = CONCERN if musing else ACUTE
    if place and move:
        alerts.append(Signal("location", beside, f"{place[0].words} {move[0].words}", place[0].other))
    goodbyes = {s.words for s in found if s.name == "GOODBYE" and not s.other}
    if len(goodbyes) >= 2:
        alerts.append(Signal("farewell", ACUTE, " ".join(sorted(goodbyes))))
    means = [s for s in found if s.name == "MEANS"]
    stock = [s for s in found if s.name in ("QTY", "STOCK")]
    if means and stock:
        alerts.append(Signal("method", beside, f"{means[0].words} {stock[0].words}", means[0].other))
    if not alerts:
        return -1, []
    top = max(s.level for s in alerts)
    if top == ACUTE:
        return ACUTE, [s for s in alerts if s.level == ACUTE]
    own = [s for s in alerts if not s.other]
    lifts = [s for s in found if s.level == LIFT and not s.other and s.name not in _NOT_LIFTS]
    # "I'll do it" with a day or a time anywhere in the message is a plan.
    if any(s.name == "plan" for s in own):
        lifts += [s for s in found if s.name == "TIME" and not s.other]
    if own and lifts:
        return ACUTE, [*alerts, *lifts]
    return CONCERN, alerts
