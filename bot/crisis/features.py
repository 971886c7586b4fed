"""What a clause says: the harm predicates it holds in any word order, and what is in reach.

Each predicate is a head tag with what it needs beside it in the clause: killing oneself (a kill
verb with a reflexive object, or a fixed phrase), wanting to die, self-harm (a harm verb with the
speaker's body or "again"), a means with a quantity, stock or at hand, a dangerous place with a
move to its edge, a dose question, an attempt, a farewell, a plan. A negation voids a predicate in
its reach (bot.crisis.rules decides the rest).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.crisis.clauses import Clause

ACUTE, CONCERN, LIFT = 2, 1, 0
NEGATION_BEFORE, NEGATION_AFTER = 6, 2


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


def _self_object(clause: Clause, head: int) -> int | None:
    """A reflexive object ("myself", "herself"), or "me" with the speaker as subject before it."""
    if (ref := clause.first("SELFREF", "OTHERREF")) is not None:
        return ref
    me = clause.first("OBJME")
    speaker = clause.first("SPEAKER")
    if me is not None and speaker is not None and speaker < max(me, head):
        return me
    return None


def predicates(
    clause: Clause, negated: frozenset[int]
) -> Iterable[tuple[str, int, int, int | None]]:
    """(name, level, head, other position) for every harm predicate the clause holds."""
    first = clause.first

    def has(*tags: str) -> bool:
        return any(i not in negated for i in clause.at_any(tags))

    benign = has("BENIGN")
    # Thoughts of it without a plan, a time or a means are a concern ("thoughts of killing me…").
    thinking = has("THINKV", "THOUGHTS") and not has(
        "WANT", "WILL", "PLAN", "TIME", "READY", "MEANS"
    )
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
            j = first("BODY", "AGAIN", "BLOOD", "PURPOSE")
        if j is None and has("CUT") and not has("OBJECT"):
            j = first("SPEAKER", "TIME")
        if j is not None:
            yield "self-harm", harm, i, j
    if (i := first("SELFHARM")) is not None and not benign:
        level = harm if has("SPEAKER", "AGAIN", "WANT", "URGE", "TIME", "BLOOD") else CONCERN
        yield "self-harm", level, i, first("SPEAKER", "AGAIN")
    amount = first("QTY", "STOCK", "OD", "SUFFICIENT")
    if amount is None and has("QTY", "EVERYTHING"):
        amount = first("TAKE")
    if (i := first("MEANS")) is not None and amount is not None and not benign:
        yield "method", ACUTE, i, amount
    if (i := first("METHOD")) is not None and not benign:
        yield "method", CONCERN if thinking else ACUTE, i, None
    at_hand = first("HAVEHERE", "BUY")
    if (i := first("TOOL")) is not None and at_hand is not None and not benign:
        yield "method", ACUTE, i, at_hand
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
        yield "dose question", CONCERN if thinking else ACUTE, i, first("MEANS")
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
        j := first("KILLSELF", "SUI", "OD", "OVERDOSE", "HANG", "JUMPSELF", "MEANS", "DIE")
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
    if (
        (i := first("ENDIT")) is not None
        and (j := first("WANT", "WILL", "TIME")) is not None
        and not benign
    ):
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
