"""Death wished on a group or called for, and a world said to be better without it, for the harm
lexicon.

None needs a violent verb or an agent, so the threat readings do not see them:
- a death wish: the writer's wish (`wish_cues`: "I hope", "I wish", "I'd be happy if", "can't
  wait until", "I want to see", "I'd love to watch"; no one else's: "some racists hope ...", "do
  you really hope ...?") with the group
  as the subject of a death (`death_verbs`: "would all die", "drowned", "got cancer", "kill
  themselves") right after it: "I hope every <group> drowns", "I'd be happy if <group>
  disappeared". Only a few determiners may stand between the wish and the group, and only modals
  and adverbs (and one short place phrase) between the group and the death, so "I hope fewer
  <group> die this winter", "I pray the <group> don't drown" and "I wish the <group> who died were
  remembered" are not wishes for it. The group must be several people: a wish about one person
  ("I hope the old man dies") is no claim about a group. Not a death wished gently or already
  past ("I hope the <group> in the care home die peacefully", "I can only hope the <group> on that
  train died quickly"), an idiom or a transitive sense ("drown their sorrows", "die laughing",
  "burn off the jet lag", "die to self", "hang on to power", "suffer at the polls"), or a game
  ("... get killed in the scrum");
- a death called for: the group as subject, a modal of obligation and a death ("<group> should
  burn", "deserve to rot", "can all just disappear", a death emoji: "deserve to ⚰️"), ending its
  clause (`deaths_called_for`);
- betterment: "the world would be better (off) without <group>" (`betterment_phrases`), the group
  right after "without" and read as whole people (not "the <group> accent", "the <group>'
  mixer", "<group> who ...", "<group> landlords"), said of now or a wished future: not history
  ("India was better off without the British"), a game ("the team plays better without the
  <group>"), one person's life ("she is happier without the <group> in her life") or a plain
  question; and the same said as a condition (`betterment_conditions` + `nonexistence`): "the world
  would be better if <group> had never been born", "... safer if <group> just disappeared".
A negative question ("Wouldn't the world be better without <group>?", "Don't you think ...?")
asserts what it asks: its opening negation does not deny the claim (`question_start`). Other
negation, reporting, quoting and counter-speech are applied by the harm lexicon as for every
threat and exclusion.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.taxonomy import Mention

# harm_terms.yaml kinds read here (the harm lexicon adds them to its automaton).
# It also reads `contest_words`, which harm_suffering.py registers.
KINDS = ("wish_cues", "death_verbs", "death_emoji", "betterment_phrases", "betterment_conditions", "nonexistence")
# Between a wish and its group ("I hope that one day each and every last one of the <group> ...").
_DETERMINERS = frozenset(
    [
        *("that", "all", "the", "those", "these", "every", "each", "last", "single", "one", "of", "them"),
        *("entire", "whole", "damn", "dirty", "fucking", "bloody", "and", "day"),
    ]
)
_WISH_WORDS = 6
# Who wishes: the writer. Before the wish in its clause, after these adverbs and modals are set
# aside, only a first-person subject (or the "it" of "it would be great if"), or nothing.
_WRITERS = frozenset(["i", "we", "i'd", "we'd", "i'll", "we'll", "i'm", "we're", "id", "im", "it", "it'd", "itd"])
_WISH_ADVERBS = frozenset(
    [
        *("really", "truly", "just", "honestly", "so", "sincerely", "genuinely", "only", "can", "could"),
        *("would", "do", "still", "always", "seriously", "be", "am", "totally", "definitely", "all"),
        *("personally", "kinda", "lowkey", "secretly", "literally", "absolutely", "fucking", "very"),
    ]
)
# Before the subject: interjections only ("Honestly, I hope ...", "lol i hope ...").
_OPENERS = frozenset(
    [
        *("honestly", "yeah", "yes", "well", "lol", "tbh", "frankly", "oh", "ok", "and", "but", "so"),
        *("wouldn't", "won't", "isn't"),  # "wouldn't it be great if ...?"
    ]
)
# Wishes that look ahead: a death in the past after them is a hope about what already happened.
_FORWARD = frozenset(["hope", "hoping", "hopefully", "pray", "praying"])
_PAST_AUX = frozenset(["got", "were", "was", "went"])
# Between the group and its death: modals and adverbs, never a negation or another verb.
_DEATH_GLUE = frozenset(
    [
        *("all", "would", "will", "could", "just", "finally", "eventually", "soon", "already", "simply"),
        *("quickly", "slowly", "painfully", "someday", "one", "day", "each", "every", "last", "of", "them"),
        *("themselves", "somehow", "really", "actually", "fucking", "bloody", "everywhere", "to"),
    ]
)
_DEATH_WORDS = 4
# A place phrase may stand between the group and its death: a preposition and at most three words.
_PLACE_PREPOSITIONS = frozenset(["in", "at", "from", "across", "around", "near", "on"])
_PLACE_WORDS = 3
_NEGATIVE = frozenset(["not", "no", "never", "don't", "doesn't", "won't", "wouldn't", "didn't"])
# Right after the death, a word that makes it something else: a gentle manner ("die peacefully"),
# a cause ("die for their faith", "die to self", "die laughing").
_NOT_DEATH_AFTER = frozenset(
    [
        *("laughing", "for", "to", "peacefully", "quickly", "instantly", "painlessly", "happy", "happily"),
        *("naturally", "surrounded", "gently", "comfortably", "well", "free", "loved", "down", "away"),
    ]
)
# The verbs with a transitive or phrasal sense: an object or particle after them is that sense
# ("drown their sorrows", "burn the mortgage", "starve the virus", "burn off the jet lag").
_TRANSITIVE = frozenset(
    [
        *("drown", "drowns", "drowned", "burn", "burned", "burnt", "starve", "rot", "rots", "burning", "drowning"),
        *("starving", "hang"),
    ]
)
_OBJECTS = frozenset(
    [
        *("the", "their", "his", "her", "its", "our", "your", "my", "a", "an", "this", "that", "these", "those"),
        *("off", "out", "up", "through"),
    ]
)
# After these verbs, a word that makes them another sense than a death or harm wished: "hang on",
# "hang out", "hang in there"; "suffer at the polls", "suffer a defeat", "suffer from".
_SUFFER_OTHER = frozenset(
    [
        *("at", "in", "a", "an", "the", "their", "losses", "defeat", "defeats", "from", "setbacks", "less"),
        *("no", "through"),
    ]
)
_OTHER_SENSE = {
    "hang": frozenset(["on", "out", "around", "about", "in", "with", "up", "together", "tight", "loose", "onto"]),
    "suffer": _SUFFER_OTHER,
    "suffering": _SUFFER_OTHER,
}
# "die of old age", "die in their sleep", "die at home", "die with dignity", "die a natural death":
# a natural death, not one wished on them.
_NATURAL = frozenset(
    [
        *("old", "natural", "embarrassment", "laughter", "shame", "boredom", "peace", "sleep", "grace"),
        *("home", "dignity", "peaceful", "good"),
    ]
)
# After a group said to be better done without, words that leave it the whole group of people.
_AFTER_PEOPLE = frozenset(
    ["and", "or", "in", "on", "at", "here", "there", "around", "anymore", "forever", "now", "too"]
)
# Before "better (off) without", a verb that makes it history or a game ("was better off without",
# "plays better without"), or one person's life ("she is happier without").
_NOT_NOW = frozenset(
    [
        *("was", "were", "looked", "looks", "played", "plays", "play", "sounded", "sounds", "felt"),
        *("feels", "did", "does", "ran", "runs", "performed", "she", "he", "her", "his", "him"),
    ]
)


def death_wishes(
    low: str,
    mentions: Sequence[Mention],
    by_kind: Mapping[str, list[Hit]],
    s_start: int,
    s_end: int,
    from_emoji: Callable[[int, int], bool],
) -> list[tuple[Hit, list[Mention]]]:
    """Each wish of the writer for the death of a group named right after it, as one hit from
    wish to death."""
    deaths = [*by_kind.get("death_verbs", []), *_emoji_deaths(by_kind, from_emoji)]
    out: list[tuple[Hit, list[Mention]]] = []
    if not deaths or by_kind.get("contest_words"):
        return out
    for wish in by_kind.get("wish_cues", []):
        if not _by_the_writer(low, s_start, wish):
            continue
        for m in mentions:
            between = g.before(low, wish, m, _WISH_WORDS)
            if between is None or not set(between) <= _DETERMINERS:
                continue
            end = g.people_end(low, m, between, s_end)
            if end is None:
                continue
            death = next((d for d in deaths if _glued(low, end, d) and _a_death(low, wish, d, s_end)), None)
            if death is not None:
                out.append((Hit(wish.start, death.end, "death_wish", f"{wish.value} {death.value}"), [m]))
                break
    return out


# Between the group and its disappearance ("if <group> all just vanished").
_GONE_ADVERBS = frozenset(["all", "just", "simply", "somehow", "suddenly", "finally", "had", "would"])


def betterment(
    low: str,
    mentions: Sequence[Mention],
    by_kind: Mapping[str, list[Hit]],
    s_start: int,
    s_end: int,
) -> list[tuple[Hit, list[Mention]]]:
    """Each "better (off) without <group>", with the group it would be better without."""
    out: list[tuple[Hit, list[Mention]]] = []
    phrases = by_kind.get("betterment_phrases", [])
    conditions = by_kind.get("betterment_conditions", [])
    if not (phrases or conditions) or (g.is_question(low, s_end) and not rhetorical(low, s_start, s_end)):
        return out
    gone_words = by_kind.get("nonexistence", [])
    for h in (*phrases, *conditions):
        if _NOT_NOW.intersection(g.words(low, max(s_start, h.start - 40), h.start)[-3:]):
            continue
        for m in mentions:
            # The group right after the phrase, as whole people ("without the <group>", "if <group>").
            between = g.before(low, h, m, 3)
            end = g.people_end(low, m, between, s_end) if between is not None and set(between) <= _DETERMINERS else None
            if end is None:
                continue
            if h.kind == "betterment_phrases":
                if g.whole_people(low, end, s_end, _AFTER_PEOPLE):
                    out.append((Hit(h.start, end, "better_without", low[h.start : end]), [m]))
                continue
            gone = next(
                (n for n in gone_words if n.start >= end and set(g.words(low, end, n.start)) <= _GONE_ADVERBS), None
            )
            if gone is not None:
                out.append((Hit(h.start, gone.end, "better_if_gone", low[h.start : gone.end]), [m]))
    return out


def rhetorical(low: str, s_start: int, s_end: int) -> bool:
    """A negative question, which asserts what it asks: "Wouldn't the world be better ...?",
    "Don't you think ...?", "Isn't it time ...?"."""
    first = g.words(low, s_start, s_end)[:1]
    return bool(first) and first[0].endswith("n't") and g.is_question(low, s_end)


def question_start(low: str, s_start: int, s_end: int) -> int:
    """Where negation may be read from: after a negative question's opening auxiliary, whose
    negation asks rather than denies; the sentence's start otherwise. "Wouldn't you say the
    country would not be better off without <group>?" still denies."""
    if not rhetorical(low, s_start, s_end):
        return s_start
    first = g.WORD.search(low, s_start, s_end)
    return first.end() if first is not None else s_start


def _by_the_writer(low: str, s_start: int, wish: Hit) -> bool:
    """The wish is the writer's: nothing but a first-person subject (with adverbs and modals) or
    interjections before it in its clause."""
    before = g.words(low, g.clause_start(low, s_start, wish.start), wish.start)
    while before and before[-1] in _WISH_ADVERBS:
        before.pop()
    if before and before[-1] in _WRITERS:
        before.pop()
    elif before[-1:] == ["and"]:
        # A second verb of the writer's ("I pray to the devil and want to see <group> burn").
        before = before[:-1]
        while before and before[0] in _OPENERS:
            before.pop(0)
        return bool(before) and before[0] in _WRITERS
    return all(w in _OPENERS for w in before)


def _a_death(low: str, wish: Hit, death: Hit, s_end: int) -> bool:
    """The death is one wished on them: not past after a hope, not gentle, natural, idiomatic or
    transitive (what follows it)."""
    first = death.value.split(" ")[0]
    if wish.value.split(" ")[0] in _FORWARD and (first.endswith("ed") or first in _PAST_AUX or first == "burnt"):
        return False
    return _death_itself(low, death, s_end)


def _death_itself(low: str, death: Hit, s_end: int) -> bool:
    """What follows the death leaves it a death: not gentle, natural, idiomatic or transitive."""
    first = death.value.split(" ")[0]
    after = g.words(low, death.end, s_end)[:5]
    if after[:2] in (["for", "good"], ["to", "death"]) or (first.startswith("suffer") and after[:1] == ["for"]):
        # "die out for good", "burn to death", "suffer for what they did": not a cause ("die for
        # their faith", "die to self")
        return True
    if after[:1] and (after[0] in _NOT_DEATH_AFTER or (first in _TRANSITIVE and after[0] in _OBJECTS)):
        return False
    if after[:1] and after[0] in _OTHER_SENSE.get(first, ()):
        return False
    return not (after[:1] and after[0] in ("of", "in", "at", "with", "a") and _NATURAL.intersection(after[1:]))


def _glued(low: str, end: int, death: Hit) -> bool:
    """The death follows the group with only modals and adverbs between, after at most one short
    place phrase ("every <group> in this city drops dead")."""
    if death.start < end:
        return False
    between = g.words(low, end, death.start)
    if between[:1] and between[0] in _PLACE_PREPOSITIONS:
        place = next((i for i, w in enumerate(between[1 : _PLACE_WORDS + 2], 1) if w in _DEATH_GLUE), len(between))
        if place > _PLACE_WORDS + 1 or _NEGATIVE.intersection(between[:place]):
            return False
        between = between[place:]
    return len(between) <= _DEATH_WORDS and set(between) <= _DEATH_GLUE


# A death called for, with no wish: the group, a modal of obligation or desert, and a death in the
# base form ("<group> should burn", "<group> deserve to rot", "<group> must all perish", "<group>
# can all just disappear"), or a death emoji in the verb's place ("<group> deserve to ⚰️"). The
# listed threats already hold "should die" and the violent passives ("should be burned"). Not
# "suffer" (also a faith's or a war's: "<group> must suffer for their faith").
_CALLED_DEATHS = frozenset(
    [
        *("burn", "rot", "starve", "starve to death", "perish", "drown", "disappear", "vanish", "go extinct"),
        *("die out", "drop dead", "cease to exist", "stop existing", "kill themselves", "get cancer"),
    ]
)
_DEATH_MODALS = (*g.OBLIGATIONS, ("can",))
# "can" states a fact ("<group> can burn easily in the sun"); a call only with these after it
# ("<group> can all just disappear", "can go rot").
_CAN_GLUE = frozenset(["all", "just", "go"])
# Between the group and its modal, and between the modal and the death.
_CALL_GLUE = frozenset(["all", "just", "simply", "really", "fucking", "bloody", "finally", "slowly", "go"])
# After the death, what ends its clause or leaves it intransitive ("burn in hell", "rot already").
_DEATH_TAIL = frozenset(
    [
        *("in", "alive", "to", "for", "already", "now", "slowly", "forever", "together", "too", "tonight"),
        *("today", "asap", "lol", "lmao", "and", "or", "first", "then", "instead"),
        # a condition or a reason leaves it called for ("<group> deserve to starve if they can't pay")
        *("if", "unless", "because", "since", "until", "like"),
    ]
)


def deaths_called_for(
    low: str,
    mentions: Sequence[Mention],
    by_kind: Mapping[str, list[Hit]],
    s_start: int,
    s_end: int,
    from_emoji: Callable[[int, int], bool],
) -> list[tuple[Hit, list[Mention]]]:
    """Each death called for a group named as its subject, as one hit from the group to the death."""
    out: list[tuple[Hit, list[Mention]]] = []
    if by_kind.get("contest_words"):
        return out
    listed = by_kind.get("threats", [])
    deaths = [d for d in by_kind.get("death_verbs", []) if d.value in _CALLED_DEATHS]
    for d in (*deaths, *_emoji_deaths(by_kind, from_emoji)):
        if any(t.start <= d.start < t.end for t in listed):
            continue  # "can burn in hell": a listed threat already
        # The emoji after the death are its tone ("<group> should burn 🔥"), not what it is done to.
        clause = g.clause_end(low, d.end, s_end)
        tail = [w.group(0) for w in g.WORD.finditer(low, d.end, clause) if not from_emoji(w.start(), w.end())]
        if tail and (tail[0] not in _DEATH_TAIL or not _death_itself(low, d, s_end)):
            continue
        before = g.words(low, g.clause_start(low, s_start, d.start), d.start)
        called = g.called_subject(low, mentions, before, _DEATH_MODALS, _CALL_GLUE, s_start, s_end)
        if called is None or (called[1] == ("can",) and not _CAN_GLUE.intersection(called[2])):
            continue
        m = called[0]
        out.append((Hit(m.start, d.end, "death_called_for", low[m.start : d.end]), [m]))
    return out


def _emoji_deaths(by_kind: Mapping[str, list[Hit]], from_emoji: Callable[[int, int], bool]) -> list[Hit]:
    """The death emoji's names that were written as the emoji ("coffin" for ⚰️, not the word)."""
    return [d for d in by_kind.get("death_emoji", []) if from_emoji(d.start, d.end)]
