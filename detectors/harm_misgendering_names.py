"""Names and titles said back against the ones asked for, for the harm lexicon (implicit derogation,
frame `identity_refused`), read by harm_misgendering's `misgendered`.

Deadnaming as a stance keeps saying the name or title the person gave up, as if it were settled:
- A name said to be the person's (`named_as`) against a name asked for ("goes by Leo ... in my car
  she's Leah", "wants to be Nate ... she'll always be Natalie"; "still <name>" too: "nice try,
  still Brian"), with a name only asked for (maybe a nickname) only when insisted on ("still",
  "always", "stay", "forever", "remain", a place the writer rules before it: "in my car", "at
  home", or the claim settled after it: "..., end of story").
- Titles swapped for the same surname (`title_swapped`): a title asked for (a request before it,
  scare quotes, or "Mx. Pollard?" not answered "yes": "wants to be Ms. Dalton", "asked to be
  called 'Ms. Feldman'") and the other sex's title kept for it after ("It's Mrs. Pollard", "We've
  told our boy to keep saying Mr. Dalton"), the span opening at the writer when the clause has one.
- Insistence as the writer's view (`to_me`): a name given up or an honorific of the other sex with
  "still" or "always" before "to me" ("She'll always be Jessica to me", "Still Mr. Thompson to me",
  "you're still Mr. to me"), the person its subject; or the view said first, with "still", "always"
  or "forever" ("to me she'll always be a girl"; a name there only against one asked for).
Not read: the name asked for said back ("Jo goes by Jo now; she's Jo to everyone"), a name when none
was asked for ("came out as a trans man, but he's still Alex: he kept his name"), someone else as
the subject ("Our old coach will always be Coach Brown to me"), another person of the same surname
("Mr. Patel? He's out today, but you can speak with Mrs. Patel", "Their father is Mr. Rivera", "it's
Mrs. Smith, his wife"), "still ... to me" of no name given up ("he'll always be my little boy to
me"), negated, a pronoun or an honorific as the name, a title kept that is the one asked for. What
states a name or title asked for is harm_gender_stated's; the refusals, keeping and sexes asserted
are harm_misgendering's.
"""

from __future__ import annotations

import re

from detectors import harm_grammar as g
from detectors.harm_gender_stated import (
    ASKED_TITLES,
    DETERMINERS,
    FEMALE,
    FEMALE_NOUN,
    FRAME,
    JOINS,
    MALE,
    MALE_NOUN,
    PRONOUNS,
    QUOTES,
    WRITER,
    Cue,
    misgendering,
    nearest,
)
from detectors.harm_grammar import Hit
from detectors.harm_prejudice import Found

# A name said to be the person's ("you're still Jennifer", "in my car she's Leah", "your name is
# still Madison", "Theresa she'll stay"), and what insists on it.
_NAMED_AS = re.compile(
    r"(?<![A-Za-z'])(?:(?:[Hh]e|[Ss]he|[Tt]hey|[Yy]ou)(?:'s|'re|'ll| is| are| will)"
    r"((?: always| still| forever| stay| stays| remain| remains| be| going to be| always going to be)*)"
    r"|(?:[Yy]our|[Hh]is|[Hh]er|[Tt]heir) name is( still)?) ([A-Z][a-z]+)(?![A-Za-z])(?! now)"
    r"|(?<![A-Za-z'])([A-Z][a-z]+) (?:she|he|they)(?:'ll| will) stay(?![a-z])"
)
_STILL_NAME = re.compile(r"(?:^|[,;:.!?] *|(?<![A-Za-z])(?:and|but|so) )[Ss]till ([A-Z][a-z]+)(?![A-Za-z])(?! now)")
_SETTLED_AFTER = re.compile(r",? (?:forever|for life|and that's that|end of story|period|full stop|to me)(?![a-z])")
_SCOPED_TO = re.compile(r"(?:in (?:my|this|our) (?:house|home|car|class|classroom|family)|at home|to me)[, ]*$")


def named_as(cased: str, sentence: tuple[int, int], cues: list[Cue], asked: frozenset[str]) -> list[Found]:
    """A name other than the one asked for said to be the person's ("in my car she's Leah", "nice
    try, still Brian"). Only against a name asked for: with none, the name said may be the one the
    person kept ("came out as a trans man, but he's still Alex: he kept his name")."""
    if not asked:
        return []
    out = []
    s_start, s_end = sentence
    for m in _STILL_NAME.finditer(cased, s_start, s_end):
        # "nice try, still Brian", with a change said before it
        name = m.group(1).lower()
        cue = nearest([c for c in cues if c.start < m.start()], m.start())
        if name in PRONOUNS or name in HONORIFICS or name in asked or cue is None:
            continue
        out.append(Found(m.start(1) - len("still "), m.end(), frozenset([cue.group]), FRAME))
    for m in _NAMED_AS.finditer(cased, s_start, s_end):
        name = (m.group(3) or m.group(4)).lower()
        if name in PRONOUNS or name in HONORIFICS or name in asked:
            continue
        insisted = bool((m.group(1) or "").strip() or m.group(2) or m.group(4))
        insisted = insisted or _SCOPED_TO.search(cased.lower(), s_start, m.start()) is not None
        insisted = insisted or _SETTLED_AFTER.match(cased.lower(), m.end()) is not None
        cue = nearest([c for c in cues if c.start < m.start()], m.start())
        if cue is None or (cue.name_only and not insisted):
            continue  # a name asked for alone may be a nickname ("goes by Bobby, but his name is Robert")
        out.append(Found(m.start(), m.end(), frozenset([cue.group]), FRAME))
    return out


# A title asked for ("wants to be Ms. Dalton", "Mx. Pollard?", "asked to be called 'Ms. Feldman'")
# and the other sex's title kept for the same surname ("It's Mrs. Pollard", "keep saying Mr. Dalton").
_TITLE = re.compile(r"(?<![A-Za-z])(Mr|Ms|Mrs|Miss|Mx)\.? ([A-Z][a-z]+)")
_TITLE_ASKED = re.compile(
    r"(?:wants? to be|wanted to be|asked to be called|asks to be called|wants to be called|be addressed as|"
    r"now|prefers|goes by)\W*$"
)
_TITLE_KEPT = re.compile(
    r"(?:it's|it is|you're|you are|he's|she's|is|as|with|saying|calling|call|address|addressed as|stays|remains|"
    r"still)\W*$"
)
TITLE_CHARS = 400
_YES = (["yes"], ["yeah"], ["yep"], ["right"], ["correct"])
_KINSHIP = r"(?:father|mother|wife|husband|brother|sister|son|daughter|dad|mum|mom|uncle|aunt|parents?|grand[a-z]+)"
_KIN = re.compile(rf"(?<![a-z]){_KINSHIP}(?: [a-z]+)? (?:is|was|'s)\W*$")
_KIN_AFTER = re.compile(rf",? (?:his|her|their|the) {_KINSHIP}(?![a-z])")


def title_group(title: str) -> str:
    return "nonbinary" if title.lower() == "mx" else "transgender"


TITLE_NAME_CHARS = 30  # characters after a title where its surname ends
LOW_TITLE = re.compile(r"(?<![a-z])(?:mr|ms|mrs|miss|mx)\.? [a-z]+")


def title_swapped(cased: str, sentence: tuple[int, int]) -> list[Found]:
    out = []
    s_start, s_end = sentence
    low = cased.lower()
    earlier = list(_TITLE.finditer(cased, max(0, s_start - TITLE_CHARS), s_end))
    for m in earlier:
        if m.start() < s_start or _TITLE_KEPT.search(low, max(0, m.start() - 30), m.start()) is None:
            continue
        kept = ASKED_TITLES[m.group(1).lower()]
        for a in earlier:
            if a.start() >= m.start() or a.group(2) != m.group(2):
                continue
            # asked for: a request before it, scare quotes, or "Mx. Pollard?" not answered yes (not "Mr.
            # Patel? He's out today, but you can speak with Mrs. Patel": someone else)
            questioned = a.group(1) == "Mx" and cased.startswith("?", a.end())
            questioned = questioned and g.words(low, a.end(), min(len(low), a.end() + 12))[:1] not in _YES
            questioned = questioned or low[a.start() - 1 : a.start()] in QUOTES
            if not questioned and _TITLE_ASKED.search(low, max(0, a.start() - 30), a.start()) is None:
                continue
            if _KIN.search(low, max(0, m.start() - 25), m.start()) or _KIN_AFTER.match(low, m.end()):
                continue  # "Their father is Mr. Rivera", "it's Mrs. Smith, his wife": someone else
            if misgendering(kept, ASKED_TITLES[a.group(1).lower()]):
                # the span opens at the writer when the clause has one ("We've told our boy to keep
                # saying Mr. Dalton"), so a reporting verb after the writer reports nothing
                clause = g.clause_start(low, max(s_start, m.start() - 60), m.start())
                writer = next((w for w in g.WORD.finditer(low, clause, m.start()) if w.group(0) in WRITER), None)
                start = m.start() if writer is None else writer.start()
                out.append(Found(start, m.end(), frozenset([title_group(a.group(1))]), FRAME))
                break
    return out


def as_name(cased: str | None, w: re.Match[str]) -> str | None:
    """The word as a person's name: capitalised in the text, no pronoun."""
    if cased is None or not cased[w.start()].isupper() or w.group(0) in PRONOUNS:
        return None
    return w.group(0)


HONORIFICS = {"mr": MALE, "mrs": FEMALE, "ms": FEMALE, "miss": FEMALE, "sir": MALE, "madam": FEMALE}


def to_me(
    low: str, cased: str | None, sentence: tuple[int, int], h: Hit, context: tuple[list[Cue], frozenset[str]]
) -> Found | None:
    """ "He'll always be Ashley to me", "Still Mr. Thompson to me": a name the person gave up, or an
    honorific of the other sex, insisted on as the writer's view."""
    cues, asked = context
    s_start, s_end = sentence
    after = _TO_ME_FIRST.match(cased or "", h.end, s_end)
    if after is not None:
        return _to_me_first(low, cased, h, after, context)
    lo = g.clause_start(low, max(s_start, h.start - 60), h.start)
    ws = list(g.WORD.finditer(low, lo, h.start))
    said = [w.group(0) for w in ws]
    if len(ws) < 2 or not {"still", "always"}.intersection(said) or any(g.is_negation(w) for w in said):
        return None
    # the person as the subject ("He'll always be Ashley to me", "Still Mr. Thompson to me"), not
    # someone else ("Our old coach will always be Coach Brown to me")
    k = next((i for i, w in enumerate(said) if w not in _OPENERS), len(said) - 1)
    first = said[k].split("'")[0]
    if first not in _TO_ME_SUBJECTS and (as_name(cased, ws[k]) is None or first in DETERMINERS):
        return None
    cue = nearest(cues, h.start)
    if cue is None:
        return None
    # "Still Mr. Thompson to me", "you're still Mr. to me"
    honorific = HONORIFICS.get(said[-1], HONORIFICS.get(said[-2]))
    if honorific is not None:
        sex = honorific
        named = None
    else:
        sex = None
        named = as_name(cased, ws[-1])
    if honorific is not None:
        # a title asked for gives a sex too ("wants us to call him Ms. Lindqvist")
        strong = [c for c in cues if c.sex is not None and c.start < h.start]
        if not strong or not misgendering(sex, strong[-1].sex):
            return None
    elif named is None or not asked or named.lower() in asked:
        return None
    return Found(ws[0].start(), h.end, frozenset([cue.group]), FRAME)


_TO_ME_SUBJECTS = frozenset(["he", "she", "they", "you", "still", "always", "forever"])
# "to me, he's still Daniel", "to me she'll always be a girl": the view said first
_TO_ME_FIRST = re.compile(
    r",? (?:[Hh]e|[Ss]he|[Tt]hey|[Yy]ou)(?:'s|'re|'ll| is| are| will)(?: always| forever| still| be)* "
    r"(?:an? |my )?([A-Za-z]+)"
)


def _to_me_first(
    low: str, cased: str | None, h: Hit, after: re.Match[str], context: tuple[list[Cue], frozenset[str]]
) -> Found | None:
    cues, asked = context
    if not {"still", "always", "forever"}.intersection(g.words(low, h.end, after.start(1))):
        return None
    cue = nearest(cues, h.start)
    if cue is None:
        return None
    said = after.group(1)
    noun = MALE if MALE_NOUN.fullmatch(said.lower()) else FEMALE if FEMALE_NOUN.fullmatch(said.lower()) else None
    if noun is not None:
        if not misgendering(noun, cue.sex):
            return None
    elif not (said[0].isupper() and said.lower() not in PRONOUNS and asked and said.lower() not in asked):
        return None  # a name only against one asked for: with none, maybe the name the person kept
    return Found(h.start, after.end(), frozenset([cue.group]), FRAME)


_OPENERS = JOINS | frozenset(["honestly", "frankly", "personally", "well", "ok", "okay", "look", "yeah", "sorry"])
