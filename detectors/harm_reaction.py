"""Contempt for a group shown with an emoji reaction, for the harm lexicon.

On social media the insult is often a reaction rather than a word: "<group> = 🤮", "<group> make
me 🤢", "all these <group> 👎". The normaliser writes each emoji's name ("face vomiting"), and
`contempt_emoji` lists the names that show disgust, mockery or rejection. The reaction counts only
when it was written as an emoji (a person typing "thumbs down" is describing, not reacting), comes
right after the group with nothing but linking words between ("=", "are", "make me", "so"), and the
group is not inside a relative clause whose head it is said of ("people who hate <group> 🤮" is
disgust at the haters). The same emoji after anything else ("the <group> buffet last night 🤢")
is not about the group, and neither is "<group> != 🤮". The group must not be the object of a
preposition ("hate toward <group> = 👎" reacts to the hate). A scene may also stand between them:
the group opening its clause and a place or what its people are doing ("<group> at the gym 🤢",
"a <group> teacher at my kid's school 🙄🤢"; `_scene`), not what is done to them. Negation,
counter-speech and reporting apply as to every derogation.
"""

from __future__ import annotations

from collections.abc import Mapping

from detectors import harm_grammar as g
from detectors.harm_grammar import Hit
from detectors.normalise import Normalised
from detectors.taxonomy import Mention

# harm_terms.yaml kinds read here (the harm lexicon adds them to its automaton).
KINDS = ("contempt_emoji",)
_LINKS = frozenset(
    [
        *("=", "is", "are", "r", "be", "make", "makes", "made", "me", "so", "just", "literally", "honestly"),
        *("all", "these", "those", "them", "they", "tbh", "ngl", "lol", "smh", "like", "really", "tho"),
    ]
)
_REACH = 4  # words between the group and the reaction
_PREPOSITIONS = frozenset(["toward", "towards", "against", "about", "at", "on", "over"])


# A scene with the group's people before the reaction ("<group> at the gym 🤢", "a <group> teacher
# at my kid's school 🙄🤢", "<group> men holding hands on the train 🤮"): the group opens its clause
# behind at most a count or an article, the scene starts with a place or what they are doing (a
# preposition or an "-ing" verb), and no finite verb, negation or new clause is in it ("<group> kids
# got bullied at school 🤮" reacts to the bullying, "... and the driver was rude to them 🤮").
_SCENE_OPENERS = frozenset(
    ["a", "an", "the", "two", "three", "some", "another", "these", "those", "all", "more", "new", "this", "that"]
)
_SCENE_STARTS = frozenset(
    [
        *("at", "in", "on", "near", "outside", "inside", "around", "everywhere", "all", "with", "from", "into"),
        *("across", "next", "behind", "again", "here", "there", "now", "today", "tonight"),
    ]
)
_NOT_SCENES = frozenset(
    [
        *("is", "are", "was", "were", "got", "get", "gets", "has", "have", "had", "be", "been", "being"),
        *("getting", "said", "says", "did", "does", "do", "will", "would", "can", "could", "should", "must"),
        *("not", "no", "never", "and", "but", "who", "that", "which", "because", "while", "when", "by"),
        # what the group suffers ("<group> drowning at sea 😡"), and illness, which the same emoji
        # show ("... going to the doctors 🤮")
        *("drowning", "dying", "starving", "suffering", "struggling", "fleeing", "freezing", "crying"),
        *("doctor", "doctors", "hospital", "clinic", "sick", "flu", "covid", "ill"),
        # where a group is held or made to live ("<group> in camps 🤮", "living in tents 🤮")
        *("camp", "camps", "cage", "cages", "detention", "prison", "jail", "tents", "living", "working"),
    ]
)
# Anger shown at a scene is as often on the group's behalf ("<group> turned away at the border 😡"):
# only disgust and mockery react to the people in it.
_ANGER = frozenset(
    ["enraged face", "angry face", "pouting face", "face with steam from nose", "face with symbols on mouth"]
)
# Interjections between the scene and the reaction ("<group> at the gym again ugh 🤮").
_INTERJECTIONS = frozenset(["ugh", "lol", "lmao", "smh", "omg", "tbh", "ngl", "again", "yikes", "eww", "ew"])
_SCENE_WORDS = 8  # a scene is a short phrase; a longer run is a clause of its own
# Words in "-ing" that are no verb ("<group> during the war 🤮").
_NOT_GERUNDS = frozenset(["during", "morning", "evening", "nothing", "something", "anything", "everything", "building"])


def contempt(
    low: str,
    m: Mention,
    s_start: int,
    by_kind: Mapping[str, list[Hit]],
    norm: Normalised,
    persons: frozenset[str] = frozenset(),
) -> Hit | None:
    """The emoji reaction of contempt said of the group of `m`, if any; `persons` are the role
    nouns that may follow the group's adjective in a scene ("a <group> teacher at ...")."""
    for h in by_kind.get("contempt_emoji", []):
        if not norm.from_emoji(h.start, h.end):
            continue
        between = g.after(low, m, h, _REACH)
        linked = between is not None and all(w in _LINKS for w in between) and not g.unequal(low, m.end, h.start)
        if not linked and not _scene(low, m, h, s_start, norm, persons):
            continue
        led = g.words(low, max(s_start, m.start - 16), m.start)[-1:]
        if led and led[0] in _PREPOSITIONS:
            continue
        if not g.in_relative_clause(low, m, h, s_start):
            return h
    return None


def _scene(low: str, m: Mention, h: Hit, s_start: int, norm: Normalised, persons: frozenset[str]) -> bool:
    """The reaction follows a scene with the group's people in it, opened by the group."""
    if (
        h.value in _ANGER
        or h.start < m.end
        or not set(g.words(low, g.clause_start(low, s_start, m.start), m.start)) <= _SCENE_OPENERS
    ):
        return False
    end = g.group_end(low, m, h.start, persons)
    nxt = g.next_word(low, end, h.start)
    if nxt is not None and nxt[0] in persons:
        end = nxt[1]  # one person of the group: "a <group> teacher at ..."
    end = g.role_end(low, end, h.start, persons, plural=False)
    scene = [w.group(0) for w in g.WORD.finditer(low, end, h.start) if not norm.from_emoji(w.start(), w.end())]
    while scene and scene[-1] in _INTERJECTIONS:
        scene.pop()
    if not scene or len(scene) > _SCENE_WORDS or _NOT_SCENES.intersection(scene):
        return False
    arrived = scene[:2] in (["moved", "in"], ["moving", "in"])  # "<group> family moved in next door"
    doing = scene[0].endswith("ing") and len(scene[0]) > 4 and scene[0] not in _NOT_GERUNDS
    if not (arrived or doing or scene[0] in _SCENE_STARTS):
        return False
    if any(_participle(w) for w in scene[2 if arrived else 0 :]):
        return False  # a deed done to them: "<group> students harassed again 🤮"
    # Disgust aimed at someone else right after the reaction, its other emoji left out ("... 🤢🤮 at
    # the bullies").
    words_after = (w for w in g.WORD.finditer(low, h.end, len(low)) if not norm.from_emoji(w.start(), w.end()))
    following = next(words_after, None)
    return following is None or following.group(0) != "at"


def _participle(word: str) -> bool:
    """A past participle by its ending: "harassed", "attacked"; not "red", "bed" or "speed"."""
    return len(word) > 4 and word.endswith("ed") and not word.endswith("eed")
