"""A trans or nonbinary person's stated gender, name or pronouns refused by the writer, for the harm
lexicon (implicit derogation, frame `identity_refused`).

Misgendering and deadnaming as a stance say nothing bad about the person, only that who they said
they are will not be granted. Read next to a gender identity said in the sentence or the one before
it (a transgender or nonbinary term, "trans", "enby", `gender_cues`: "transitioned", "uses
they/them", "asked to go by he"), the nearest one giving the stated sex (a trans woman's is female,
a nonbinary person's neither; harm_gender_stated reads how each is said):
- The writer refusing a verb of calling or using (`naming_verbs`: a negation or `naming_refusals`
  before it, the writer or no one its subject: "I won't", "I'm not going to", "I refuse to", "Not
  calling ...") with what was asked for as its object (`requested_forms`: "their pronouns",
  "they/them", "her new name"), the asked-for pronoun ("I won't say 'she'"), the name asked for
  ("wants to be called Max. I'm not calling him Max"), with no name asked for a name or "anything
  but" said with the other sex's pronoun ("a trans girl. I won't call him anything but Jake"),
  "that": "I refuse to use they/them for one person"; a pronoun set only when it is the stated
  sex's ("a trans man, so I refuse to use she/her for him" is respect).
- The writer keeping one up (`kept_naming`: "I'll keep calling", "we will keep using", "I'm still
  calling") with a form given up as its object (`old_forms`: "her registered name", "his
  deadname"), a name other than the one asked for ("wants to be called Max. I'll keep calling her
  Maddie"), or a pronoun or noun of the other sex ("I'll keep saying she" of a trans man, "I will
  keep calling him my son" of a trans woman).
- A sex asserted of the person (`male_nouns`, `female_nouns` after a copula, with only an article,
  "my" or a word of insistence between; the subject a pronoun, a name opening its clause, or the
  transgender or nonbinary term itself; a pronoun or a name, which may be someone else, only with
  the sex insisted on ("still", "always", "biologically", "to me", "not my daughter", "you're a
  he", or "he's a man." ending its clause under a pronoun of that sex) and not followed by "who",
  "of", "with" or a role to others ("a brother to my kids")): the other sex than the one stated ("he's still a bloke"
  of a trans woman, "Trans women are men", "that transgender woman is biologically a male", "Trans
  women will always be men"), a binary one under a binary pronoun of a nonbinary person ("she's a
  girl with a short haircut"), or, when the stated sex is unknown ("transitioned"), one insisted on
  as the body ("biologically he is still a man") or set against the writer's own pronoun ("she's
  still a dude in a dress"). A sex hinted as the truth (`true_sex_hints`: "everybody knows what he
  really is"), a gender conceded only as talk (`conceded_identity`: "she can call herself a woman
  all she likes"), and a noun of a sex in scare quotes said in the sentence to be or have been the
  other, with a gender identity near or a time set against now ("My neighbour's 'daughter' was a
  perfectly normal boy two years ago"; not "the 'father' in the school play was a girl").

Also read (helper-139's widening, in the twenty-fifth round):
- A record the writer made (`kept_naming` also "listed", "recorded", "refers to", "written",
  "changed ... to", "using"; the writer or "this entry", "the obituary I wrote" its subject, a place
  before it: "in the family tree I've recorded him under his birth name"): an old form, the other
  sex's pronoun after "as" or "to" ("I have referred to him as he throughout" of a trans woman), a
  title against the one asked for ("asked to be called Mr. Carter. I've listed her as Mrs. Carter"),
  a name other than the one lived by ("lived as Michael. This biography refers to her as Michelle").
- The sex insisted on by the body, hair or dress described right after the noun (`sexed_looks`:
  "he's a man in a wig", "she's a girl with a short haircut"), not a quality ("a man of few words").
- A nonbinary pronoun quoted as a noun of the person (`pronoun_nouns`: "the 'they' in my office",
  "Our 'they' at reception called in sick"; not "singular 'they'", "the 'they' vs 'he' debate", "the
  'they' in this sentence"), refused as grammar ("I'm not calling one person 'they'"), or derided as
  a word before a binary pronoun is used ("Ze is not a real pronoun, so I've written him as 'he'").
Not read: the stated name, title or pronoun chosen ("I've used he throughout, as he asked"; one of a
she/they person's own: "I'll be saying 'she' mostly"), a record the writer did not make ("The court
record, which predates his transition, lists him under his birth name"), a cis person's record.

A gender, a name or pronouns are also stated in words, up to two sentences back ("wants everyone
to say 'she'", "goes by 'they'", "identifies as male"; harm_gender_stated's `STATING`); a name asked
for is weaker (maybe a nickname) and only serves the readings of names. Against these:
- A bare refusal by the writer (`bare_refusals`: "I refuse.", "Not happening.", "I'm not doing
  it", "I won't pretend otherwise", "don't expect me to play along"; "No." only as the whole
  sentence) ending its clause, a gender stated in its sentence or the one before, with no question
  and no other request between ("Their boss wants them in at Christmas. Nope." answers the boss).
- The writer's intended use (`kept_naming` also "I'll be saying", "I'll be calling you", "continue
  to refer to", "I've used", "this entry uses"): the other pronoun ("I'll be saying 'he'" of
  someone who goes by they), an old form, pronouns named by the other sex (`sexed_forms`: "I've
  used female pronouns throughout" of someone who identifies as male), an honorific of the other
  sex ("continue to refer to him as Mr. Lane").
- Insistence: "you" as the subject ("you're still a bloke to me", "you're a he"), a noun of a sex
  set against its other ("my grandson, not my granddaughter"), "remained" as a copula ("she
  remained female"); a name given up or an honorific of the other sex before "to me" (`to_me`:
  "She'll always be Jessica to me") is read by harm_misgendering_names.

Not read: respect in the same words (keeping up the new name: "I'll keep calling him Leo, his new
name"; refusing the old one: "I won't call her by her old name", "I'm not calling him Robert
anymore", a name other than the one asked for: "goes by Rob. I won't call him Robert"; "I won't
call her anything but Mia" when Mia is asked for), the same sex stated ("Trans women are women",
"she's a woman now"), negated ("she's not a man", "I won't keep calling her Maddie"), someone
else's refusal (a report: "my uncle refuses to use their pronouns"), asked ("what pronouns should
I use?"), ironic, an apology or a correction ("sorry, I misgendered her, I meant she"), a sentence
that condemns it ("refusing to use someone's pronouns is cruel"), a refusal kept to a setting ("not
going to use their pronouns in front of my parents"), a slogan quoted ("signs reading 'trans women
are men'"), the word itself ("I won't use the word pronouns", "the word 'woman'"), a form refused
that names the only identity in reach ("I refuse to use they/them in my thesis"), the writer's own
gender history ("I was a girl until I was fourteen": past tense and the writer as subject are not
read), a sentence with no gender identity said near it ("I won't call him Bob, he prefers Robert",
"I refuse to call my boss by his first name", "I'll keep calling the bank", singular "they" in
grammar advice), someone else as the subject ("her husband Tom is a man who adores her"; "they're
men who ..." with nothing insisted), a noun praised or compounded rather than asserted ("he's a
great guy", "a girl scout", "men's equals"), the same pronoun and noun when the stated sex is
unknown ("he transitioned, and he's still a man who loves fishing"). A report, a quotation or a
counter cue damps it as it damps every harm claim ("people who say trans women are men are
wrong"); the writer's own refusal or keeping ("..., but I'm still calling her Lily") is not taken
for a report by a reporting verb of the person's stated identity before it ("says he's a boy now",
"told us his pronouns", "she can say she's a woman all she wants"), but is by another's ("My aunt
says ...") and by one before a colon or a quote ("My grandfather keeps saying: I refuse ...").
A gender cue inside what the writer refuses states nothing ("I'll never use he/him for her"); a
name asked for serves only the readings of names, never "I won't call him that" alone.
Nor, of the stated shapes: the request granted in the same verbs ("I'll be saying 'they' from now
on", "I'll be calling him Theo" when Theo is asked for, "I've used female pronouns" of someone who
identifies as female), a bare refusal or "No." answering something else ("Do you want tea? No.",
"The council wants a new form. I refuse.") or followed by what it refuses ("I refuse to call my
boss Dave"), the writer's "use" ("Use 'they' when you don't know"), the refused form as its own cue
("I refuse to say 'they' in my thesis").

The twenty-sixth round reads more ways a gender is stated (harm_gender_stated) and more ways it is
refused:
- Refused: advice and policy ("Teacher B: Keep using her registered name and 'she'", "Publications
  should continue to use the birth names of transgender individuals", "My advice is to keep using",
  "you can keep using the name his parents gave him", "Staff will continue to use the registered
  name and she/her"; an old name alone as advice only with a pronoun kept, a trans term whose it is,
  and no errand that needs it: "Payroll must keep using her legal name until the deed poll clears"),
  the writer's directive ("I told them to call her 'Miss'"), "I'll say 'she'", "going with 'she'",
  "keep writing", titles kept ("I'm sticking with Mr.", "Aunt Janet"), a sex insisted on with no
  change said ("Biologically my cousin is still a man", "You'll always be my son, not my daughter")
  or with its subject left out ("..., still a dude"), the person named in the statement ("Dana's
  transitioning. ... Dana's a girl."), a stated sex told under the other pronoun ("He says he's a
  woman now"), a pronoun crossed in a refusal ("not calling him 'she'", "I won't be calling your
  daughter 'he'", "avoid using 'she' for him"), a quoted name refused after the person ("I refuse to
  call my brother-in-law 'Rachel'"), a binary pronoun in scare quotes standing for the person
  ("'she' gets mad when we call him bro"), "Sorry, but" and "I'm sorry, sir," as the refusal's
  courtesy and "sorry not sorry" as no apology.
Not read: "Don't call him 'she', he's a trans man" (an instruction to others), "I refuse to call my
brother 'Robbie', he hates it" (a nickname, no change said), "their brother is a boy with short
hair" (someone else's relation), "Sam is a woman of many talents" (a quality), "The piece uses the
victim's deadname" (someone else's document, reported), "I'll keep using my deadname on old
accounts" (the writer's own), "she's really a woman of her word" (a quality after the noun),
"Their twin sister is cis, so yes, she's actually a woman" (a cis person said so), "I call her Mum
too" ("call" is not a verb of keeping: it names relatives and nicknames).
Names said back against a name asked for ("in my car she's Leah"), the view said first ("to me
she'll always be a girl") and titles swapped for the same surname ("Mx. Pollard? ... It's Mrs.
Pollard.") are read by harm_misgendering_names.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence

from detectors import harm_grammar as g
from detectors import harm_prejudice as p
from detectors import sentences
from detectors.harm_gender_stated import (
    ASKED_TITLES,
    CUE_BEFORE,
    DERIDED_FORMS,
    DETERMINERS,
    FEMALE,
    FEMALE_NOUN,
    GROUPS,
    JOINS,
    LIVED_AS,
    MALE,
    MALE_NOUN,
    NAMED_NOW,
    NEAR,
    NEAR_AFTER,
    NEAR_BEFORE,
    NEITHER,
    PRONOUNS,
    QUOTED_TITLE,
    QUOTES,
    RENAMED,
    STATING,
    WRITER,
    Cue,
    cue_start,
    identity_cues,
    misgendering,
    names_asked,
    nearest,
    other_sex,
    sex_of,
    stated_cues,
)
from detectors.harm_gender_stated import FRAME as FRAME  # harm.py and harm_sex_rules read it here
from detectors.harm_grammar import Hit, Neighbour
from detectors.harm_misgendering_names import (
    HONORIFICS,
    LOW_TITLE,
    TITLE_CHARS,
    TITLE_NAME_CHARS,
    as_name,
    named_as,
    title_group,
    title_swapped,
    to_me,
)
from detectors.harm_prejudice import Found
from detectors.taxonomy import Mention

TRIGGERS = frozenset(
    [
        *("naming_verbs", "kept_naming", "male_nouns", "female_nouns", "conceded_identity", "true_sex_hints"),
        *("bare_refusals", "to_me", "pronoun_nouns", "titles", "name_claims"),
    ]
)
KINDS = (
    *sorted(TRIGGERS),
    *("naming_refusals", "requested_forms", "old_forms", "gender_cues", "sexed_forms", "sexed_looks"),
)


def triggered(by_kind: Mapping[str, list[Hit]]) -> bool:
    """The sentence holds a verb of calling or using, a noun of a sex, or a gender conceded."""
    return any(k in by_kind for k in TRIGGERS)


def anchored(low: str, start: int, kinds: Sequence[str]) -> bool:
    """A trigger at `start` that makes its sentence read even if it names no group: a gender
    identity said near it ("The new hire is a trans woman. Honestly, he's still a bloke to me."),
    or a noun of a sex in scare quotes ("My neighbour's 'daughter' was a normal boy")."""
    if kinds == _CLAIM_ONLY and not low.startswith(_INSISTING_CLAIMS, start):
        return False  # "she's", "you're": in every other sentence; only "still", "stay", "name is" anchor alone
    if NEAR.search(low, max(0, start - NEAR_BEFORE), start + NEAR_AFTER) is not None:
        return True
    if DERIDED_FORMS.search(low, max(0, start - NEAR_BEFORE), start) is not None:
        return True  # "Xe isn't a real word, so I've written her as 'she'"
    if "titles" in kinds and len(LOW_TITLE.findall(low, max(0, start - TITLE_CHARS), start + TITLE_NAME_CHARS)) > 1:
        return True  # "Mx. Pollard? Absolutely not. It's Mrs. Pollard."
    return start > 0 and low[start - 1] in QUOTES and not _SEX_KINDS.isdisjoint(kinds)


_SEX_KINDS = frozenset(["male_nouns", "female_nouns"])

_CLAIM_ONLY = ("name_claims",)
_INSISTING_CLAIMS = ("still", "stay", "name is")


def misgendered(
    low: str,
    text: str,
    sentence: tuple[int, int],
    mentions: list[Mention],
    by_kind: Mapping[str, list[Hit]],
    preceding: tuple[Neighbour | None, list[Mention]] = (None, []),
) -> list[Found]:
    """Each refusal of a stated name or pronoun, each name or pronoun given up kept, and each sex
    asserted against a stated gender identity, in a sentence near a gender identity said."""
    s_start, s_end = sentence
    if p.asked(low, s_start, s_end) or p.ironic(low, s_start, s_end):
        return []
    if disowned(g.words(low, s_start, min(s_end, s_start + _SENTENCE_CHARS))):
        return []
    nouns = [*by_kind.get("male_nouns", []), *by_kind.get("female_nouns", [])]
    out: list[Found] = []
    before, before_mentions = preceding
    lo = s_start if before is None else max(before[0], s_start - NEAR_BEFORE)
    hits = [h for hs in by_kind.values() for h in hs]
    if before is not None:
        hits = [*before[2], *hits]
    cues = _outside_refusals(
        low, sentence, identity_cues(low, (lo, s_end), [*before_mentions, *mentions], hits), by_kind
    )
    # stated in words, perhaps two sentences back ("He says he's a trans man. Sure, ...; she's a girl")
    cased = text if len(text) == len(low) else None
    cues = sorted([*cues, *stated_cues(low, cased, (max(0, s_start - NEAR_BEFORE), s_end))], key=cue_start)
    asked_names = names_asked(low, cased, (lo, s_end))
    if cased is not None:
        cues = sorted(
            [
                *cues,
                *(Cue(r.start(), "transgender", None, True) for r in RENAMED.finditer(cased, lo, s_end)),
                *(Cue(r.start(), "transgender", None, True) for r in LIVED_AS.finditer(cased, lo, s_end)),
                *(
                    Cue(r.start(), "transgender", sex_of(r.group(1).lower(), "") if r.group(1) else None, True)
                    for r in NAMED_NOW.finditer(cased, lo, s_end)
                ),
                *(
                    Cue(r.start(), title_group(r.group(1)), ASKED_TITLES[r.group(1).lower()])
                    for r in QUOTED_TITLE.finditer(cased, lo, s_end)
                ),
            ],
            key=cue_start,
        )
    if nouns and any(text.find(q, s_start, s_end) >= 0 for q in QUOTES):
        out.extend(_scare_quoted(low, text, sentence, nouns, cues))
    for h in by_kind.get("bare_refusals", []):
        found = _bare(low, (lo, *sentence), h, cues)
        if found is not None:
            out.append(found)
    for h in by_kind.get("to_me", []):
        found = to_me(low, cased, sentence, h, (cues, asked_names))
        if found is not None:
            out.append(found)
    cues_named = cues
    cues = [c for c in cues if not c.name_only]
    for h in p.outermost(by_kind.get("naming_verbs", [])):
        found = _refused(low, cased, sentence, h, by_kind, (cues_named, asked_names))
        if found is not None:
            out.append(found)
    for h in p.outermost(by_kind.get("kept_naming", [])):
        found = _kept(low, cased, sentence, h, by_kind, (cues_named, asked_names))
        if found is not None:
            out.append(found)
    named = sorted((m for m in mentions if m.group in GROUPS), key=lambda m: m.end)
    terms = (named, [m.end for m in named])
    for h in p.outermost(nouns):
        found = _still_a(low, sentence, h, cues)
        if found is not None:
            out.append(found)
            continue
        found = _asserted(low, cased, sentence, h, (terms, by_kind.get("sexed_looks", [])), cues_named)
        # (after the reading: a quotation is looked for only where a claim is)
        if found is not None and not (cased is not None and _quoted(cased, sentence, h.start)):
            out.append(found)  # not "Signs reading 'trans women are men' ...": a slogan cited
    if cased is not None:
        out.extend(named_as(cased, sentence, cues_named, asked_names))
        out.extend(title_swapped(cased, sentence))
    for m in _CROSSED_CLAIM.finditer(low, s_start, s_end):
        # "he says he's a woman", "she claims to identify as a man": the claim told against it
        if other_sex(_pronoun_sex(m.group(1)), MALE if MALE_NOUN.fullmatch(m.group(2)) else FEMALE):
            out.append(Found(m.start(), m.end(), frozenset(["transgender"]), FRAME))
    out.extend(_quoted_pronouns(low, sentence))
    for h in by_kind.get("pronoun_nouns", []):
        found = _pronoun_noun(low, sentence, h)
        if found is not None:
            out.append(found)
    for h in by_kind.get("true_sex_hints", []):
        found = _hinted(low, sentence, h, cues)
        if found is not None:
            out.append(found)
    for h in by_kind.get("conceded_identity", []):
        found = _conceded(low, s_start, h, nouns, cues)
        if found is not None:
            out.append(found)
    return [dataclasses.replace(f, unreported=_writers_own(low, f, by_kind)) for f in out]


# A person's stated sex told under the other sex's pronoun ("He says he's a woman now").
# (the verb and what links it to the sex: "she wants a man who cooks" and "he decided a woman should
# lead" say no one's sex)
_CROSSED_CLAIM = re.compile(
    r"(?<![a-z'])(he|she) (?:now |later |then )?"
    r"(?:(?:says|claims|insists|thinks|believes|pretends|wants|decided)(?: that)?"
    r"(?: to be| to identify as| (?:he|she)(?:'s| is))"
    r"|(?:identifies|began living|started living|began presenting|started presenting|lives|presents) as"
    r"|calls (?:him|her)self) (?:an? |now an? |really an? )?"
    r"(man|woman|boy|girl|male|female|guy|lady)(?![a-z])"
)
_SENTENCE_CHARS = 2000  # characters of a sentence read for apologies and condemnation
# An apology or a correction in the sentence ("sorry, I misgendered her, I meant she").
_APOLOGY = frozenset(["sorry", "apologise", "apologised", "apologize", "apologized", "apologising", "apologizing"])
_CORRECTION = frozenset(["misgendered", "slip", "slipped", "slipping", "mistake", "accidentally", "meant", "oops"])
# After "sorry": the apology prefaces a refusal ("Sorry, I've known her six years and she's still
# Dana to me"), it does not take one back.
_HOLDING_OUT = frozenset(["but", "still", "always", "anyway", "though"])
_ADDRESSED = frozenset(["sir", "madam", "maam", "ma'am", "mate", "love", "honey", "sweetheart", "pal", "buddy", "hun"])


def _apologised(ws: list[str]) -> bool:
    """An apology or a correction in the sentence ("sorry, I misgendered her, I meant she")."""
    if _CORRECTION.intersection(ws):
        return True
    k = next((i for i, w in enumerate(ws) if w in _APOLOGY), None)
    if k is None:
        return False
    after = ws[k + 1 :]
    if after[:1] and after[0] in _ADDRESSED:
        return False  # "I'm sorry, sir, our policy is ...": the refusal's courtesy
    return not (_HOLDING_OUT.intersection(after) or any(g.is_negation(w) for w in after))


# Words that condemn a refusal said in the sentence ("refusing to use their pronouns is cruel").
_CONDEMNING = (
    *("cruel", "disrespect", "hurt", "harass", "transphob", "bigot", "unkind", "rude", "abus", "bully"),
    *("wrong", "shame", "awful", "hateful", "nasty", "mean-spirited", "unacceptable", "dehumanis"),
)


def disowned(said: list[str]) -> bool:
    """The sentence's words apologise for a refusal or condemn it ("sorry, I misgendered her",
    "refusing to use their pronouns is cruel"); not "Sorry, but I refuse ..." nor "sorry not sorry"."""
    if said[:1] == ["sorry"] and said[1:2] == ["but"]:
        said = said[2:]  # the refusal made politely, not an apology for it
    said = _unapologetic(said)
    return _apologised(said) or _condemned(said)


def _unapologetic(ws: list[str]) -> list[str]:
    """The words without "sorry not sorry", which apologises for nothing."""
    out: list[str] = []
    for w in ws:
        out.append(w)
        if out[-3:] == ["sorry", "not", "sorry"]:
            del out[-3:]
    return out


def _condemned(ws: list[str]) -> bool:
    return any(w.startswith(_CONDEMNING) and not (i and g.is_negation(ws[i - 1])) for i, w in enumerate(ws))


# Between a refusal and its verb ("not going to start calling", "refuse to ever use").
_BRIDGE = frozenset(
    [
        *("to", "going", "gonna", "be", "ever", "even", "start", "starting", "bother", "just", "really"),
        *("actually", "suddenly", "now", "simply", "go", "and", "the", "am", "will", "do", "did"),
    ]
)
# The refusal's subject: the writer (WRITER), with softeners, or no one ("Not calling him Ava.").
_SOFT = frozenset(
    [
        *("and", "so", "but", "honestly", "just", "simply", "flat", "out", "frankly", "personally", "well"),
        *("absolutely", "definitely", "still", "ok", "okay", "look", "nope", "no", "yeah", "sorry", "then"),
        *("am", "will", "do", "shall", "lol", "tbh", "ngl", "though", "also", "certainly", "really"),
    ]
)
_SUBJECT_PRONOUNS = frozenset(["he", "she", "they", "xe", "ze"])
_OBJECT_PRONOUNS = frozenset(["him", "her", "them"])
_THAT = frozenset(["that", "this"])
# A refusal kept to a setting: the person's safety or privacy, not a stance on them.
_SCOPED = ("in front of", "around my", "around her", "around his", "around their", "around our", "around the")
_MENTIONED = frozenset(["word", "words", "term", "terms", "label"])
_THOSE = frozenset(["them", "that", "those", "it"])  # what was asked for, named before the refusal
_OBJECT_WORDS = 6
_OBJECT_CHARS = 80
_CLAUSE_CHARS = 100  # characters before a verb read for its refusal and subject
_STOPPED = frozenset(["anymore", "again", "longer"])  # "not calling him Robert anymore", "no longer"


def _clause_words(low: str, s_start: int, at: int) -> tuple[int, list[re.Match[str]]]:
    """The words of the clause before `at`, from its last comma, colon or conjunction ("The enby kid
    asked for they/them and we will not use ...")."""
    lo = max(g.colon_clause_start(low, max(s_start, at - _CLAUSE_CHARS), at), s_start)
    ws = list(g.WORD.finditer(low, lo, at))
    cut = next((i for i in range(len(ws) - 1, -1, -1) if ws[i].group(0) in JOINS), None)
    if cut is None:
        return lo, ws
    return ws[cut].start(), ws[cut:]


def _writers(ws: list[str]) -> bool:
    """The words before a refusal or a keeping are the writer's subject, or none."""
    return set(ws) <= WRITER | _SOFT


def _refusal(low: str, s_start: int, h: Hit, refusals: list[Hit]) -> int | None:
    """Where the writer's refusal of the verb at `h` starts: a negation or a word of refusal with
    only bridging words before the verb, the writer or no one before it."""
    lo, ws = _clause_words(low, s_start, h.start)
    i = len(ws)
    while i and ws[i - 1].group(0) in _BRIDGE:
        i -= 1
    if not i:
        return None
    last = ws[i - 1]
    for r in refusals:
        if lo <= r.start and r.end <= h.start and r.end >= last.end():
            start = r.start
            break
    else:
        if not g.is_negation(last.group(0)):
            return None
        start = last.start()
    subject = [w for w in ws if w.start() < start]
    said = [w.group(0) for w in subject]
    k = _writer_after_context(said)
    subject, said = subject[k:], said[k:]
    if not _writers(said) or any(g.is_negation(w) for w in said):
        return None
    # the span opens at the writer ("I refuse to ..."), not at a softener or conjunction before it
    return next((w.start() for w in subject if w.group(0) in WRITER), start)


def _object(low: str, h: Hit, s_end: int) -> list[re.Match[str]]:
    return list(g.WORD.finditer(low, h.end, min(g.clause_end(low, h.end, s_end), h.end + _OBJECT_CHARS)))[
        :_OBJECT_WORDS
    ]


def _within(hits: list[Hit], lo: int, hi: int) -> Hit | None:
    return next((x for x in hits if lo <= x.start < hi), None)


def _stated(pronoun: str, cue: Cue) -> bool:
    """The pronoun is the one the person's stated gender takes."""
    return cue.sex is not None and _pronoun_sex(pronoun) == cue.sex


def _pronoun_sex(w: str) -> str | None:
    return sex_of(w, "") if w in PRONOUNS else None


def _refused(
    low: str,
    cased: str | None,
    sentence: tuple[int, int],
    h: Hit,
    by_kind: Mapping[str, list[Hit]],
    context: tuple[list[Cue], frozenset[str]],
) -> Found | None:
    """The writer refusing to call the person what they asked for."""
    cues, asked = context
    s_start, s_end = sentence
    start = _refusal(low, s_start, h, by_kind.get("naming_refusals", []))
    if start is None:
        return None
    requested_before = any(s_start <= r.start < h.start for r in by_kind.get("requested_forms", []))
    obj = _object(low, h, s_end)
    if not obj:
        return None
    hi = obj[-1].end()
    said = [w.group(0) for w in obj]
    if any(low.startswith(x, w.start()) for w in obj for x in _SCOPED):
        return None  # "not going to use their pronouns in front of my parents": where, not whether
    if _within(by_kind.get("old_forms", []), h.end, hi) is not None or _STOPPED.intersection(said):
        return None  # "I won't call her by her old name", "not calling him Robert anymore"
    wanted = _within(by_kind.get("requested_forms", []), h.end, obj[min(len(obj), 4) - 1].end())
    # the form refused says no identity by itself: "I refuse to use they/them in my thesis"
    crossed = _crossed(low, obj, by_kind)
    if crossed is not None and not _INSTRUCTING.intersection(g.words(low, start, h.start)):
        # "I won't be calling your daughter 'he'", "call a 6ft dude with stubble 'she'": the
        # pronoun refused is the other sex's than the person described
        return Found(start, crossed, frozenset(["transgender"]), FRAME)
    outside = [c for c in cues if not h.start <= c.start < obj[-1].end()]
    cue = nearest(outside, h.start)
    if cue is None:
        # no gender said near, but the refused form says whose it is: someone's own pronouns
        # ("Not using 'their' preferred 'pronouns'"), or a pronoun of the other sex than the
        # person described ("imagine thinking i'm gonna call a 6ft dude with stubble 'she'")
        if wanted is not None and _OWNED.intersection(g.words(low, h.end, wanted.start)):
            return Found(start, wanted.end, frozenset(["transgender"]), FRAME)
        return None
    group = cue.group
    if wanted is not None:
        if _MENTIONED.intersection(g.words(low, h.end, wanted.start)):
            return None  # "I won't use the word pronouns": the word, not what anyone asked for
        if "/" in wanted.value and (cue.sex is None or sex_of(wanted.value, "") != cue.sex):
            return None  # "a trans man, so I refuse to use she/her for him": the other set refused
        return Found(start, wanted.end, frozenset([group]), FRAME)
    quoted = _within(by_kind.get("pronoun_nouns", []), h.end, hi)
    if quoted is not None and cue.sex == NEITHER and said[0] not in PRONOUNS:
        # "I'm not calling one person 'they'": the pronoun refused as grammar (not "I won't call
        # him 'they'": a pronoun first says who, read below)
        return Found(start, quoted.end, frozenset([group]), FRAME)
    first = said[0]
    strong = not cue.name_only or requested_before  # a name alone may be a nickname
    if first in _THOSE and not h.value.startswith(("call", "address", "refer")) and (asked or requested_before):
        if not strong:
            return None
        # "wants to be called Mx. Carter, but I'm not going to say that", "... what pronouns the trans
        # guy wants, I'm not using them"
        return Found(start, obj[0].end(), frozenset([group]), FRAME)
    if first in _SUBJECT_PRONOUNS and not h.value.startswith(("call", "address")):
        # "I won't say 'she'" of a trans woman; the pronoun refused must be the one stated ("I am not
        # going to say 'he' about my sister, she's trans" refuses the other)
        return Found(start, obj[0].end(), frozenset([group]), FRAME) if _stated(first, cue) else None
    if first in _POSSESSIVES and cased is not None:
        # "I refuse to call my brother-in-law 'Rachel'": the name asked for, held in quotes after
        # the person (not "I won't call my brother Robbie", a nickname)
        quoted_name = next(
            (w for w in obj[1:4] if low[w.start() - 1] in QUOTES and as_name(cased, w) is not None), None
        )
        if quoted_name is not None:
            if asked and quoted_name.group(0) not in asked:
                return None
            return Found(start, quoted_name.end(), frozenset([group]), FRAME)
    if first not in _OBJECT_PRONOUNS or len(obj) < 2:
        return None
    called, end = said[1], obj[1].end()
    if called in _SUBJECT_PRONOUNS:
        return Found(start, end, frozenset([group]), FRAME) if _stated(called, cue) else None
    if called in _THAT:
        return Found(start, end, frozenset([group]), FRAME) if strong else None
    if called == "anything" and said[2:3] in (["but"], ["other"], ["except"]):
        # "I refuse to call him anything but Uncle Mike"; not the name asked for ("anything but Mia")
        named = next((as_name(cased, w) for w in obj[3:] if as_name(cased, w) is not None), None)
        if named is None or not _other_name(named, asked, first, cue):
            return None  # no name asked for: "I refuse to call her anything but Mia" is respect
        return Found(start, end, frozenset([group]), FRAME)
    name = as_name(cased, obj[1])
    if name is None:
        return None
    if asked and name not in asked:
        return None  # "goes by Rob. I won't call him Robert": the name refused is not the one asked for
    if not asked and not other_sex(_pronoun_sex(first), cue.sex):
        return None  # none asked for: maybe a nickname ("a trans man who hates nicknames: I won't call him Benny")
    return Found(start, end, frozenset([group]), FRAME)


# A refusal told to others ("Don't call him 'she'"), not the writer's.
_INSTRUCTING = frozenset(["don't", "dont", "do", "never", "stop", "please"])
# Before "pronouns": whose they are, or that they were chosen ("their preferred pronouns").
_OWNED = frozenset(["their", "her", "his", "your", "preferred", "chosen", "new", "so-called", "so"])


def _crossed(low: str, obj: list[re.Match[str]], by_kind: Mapping[str, list[Hit]]) -> int | None:
    """The end of a quoted pronoun of the other sex than the noun before it in the object
    ("a 6ft dude with stubble 'she'"), if any."""
    said = [w.group(0) for w in obj]
    quoted = [low[w.start() - 1] in QUOTES for w in obj]
    if len(obj) > 2 and quoted[0] and said[1] == "for" and other_sex(_pronoun_sex(said[0]), _pronoun_sex(said[2])):
        return obj[2].end()  # "avoid using 'she' for him"
    if (
        len(obj) > 1
        and said[0] in ("him", "her")
        and quoted[1]
        and other_sex(_pronoun_sex(said[0]), _pronoun_sex(said[1]))
    ):
        return obj[1].end()  # "not calling him 'she'": the person's pronoun crossed by the one refused
    nouns = [*by_kind.get("male_nouns", []), *by_kind.get("female_nouns", [])]
    for n in nouns:
        if not obj[0].start() <= n.start < obj[-1].end():
            continue
        sex = MALE if n.kind == "male_nouns" else FEMALE
        for w in obj:
            if w.start() > n.end and low[w.start() - 1] in QUOTES and other_sex(_pronoun_sex(w.group(0)), sex):
                return w.end()
    return None


def _other_name(name: str, asked: frozenset[str], pronoun: str, cue: Cue) -> bool:
    """A name kept to against what was asked: a name other than the one asked for, or, with none
    asked for, one said with a pronoun of the other sex than the stated one ("a trans girl. I refuse
    to call him anything but Jake")."""
    if asked:
        return name not in asked
    return other_sex(_pronoun_sex(pronoun), cue.sex)


def _outside_refusals(
    low: str, sentence: tuple[int, int], cues: list[Cue], by_kind: Mapping[str, list[Hit]]
) -> list[Cue]:
    """The cues not inside what the writer refuses: "I'll never use he/him for her" states no gender."""
    starts = [c.start for c in cues]
    dropped: set[int] = set()
    for h in p.outermost(by_kind.get("naming_verbs", [])):
        if _refusal(low, sentence[0], h, by_kind.get("naming_refusals", [])) is not None:
            obj = _object(low, h, sentence[1])
            if obj:
                dropped.update(range(bisect_left(starts, h.start), bisect_left(starts, obj[-1].end())))
    return [c for i, c in enumerate(cues) if i not in dropped] if dropped else cues


def _quoted(cased: str, sentence: tuple[int, int], at: int) -> bool:
    """`at` inside a quotation of more than the word itself."""
    quoted = g.quotation(cased, *sentence, at)
    return quoted is not None and len(g.words(cased.lower(), *quoted)) > 1


# Before "keep calling": the writer and what makes it an intention ("I'll", "I'm going to").
_KEEPING = WRITER | _SOFT | frozenset(["going", "to", "gonna", "always", "forever", "just", "will", "shall"])
_POSSESSIVES = frozenset(["my", "our", "your", "his", "her", "their", "a"])
# A text speaking of its own usage ("this entry uses her birth name"), and "have" of "I have used".
# Whose document: the writer's ("this entry", "my summary", "the obituary I wrote").
_OWN_DOCUMENT = frozenset(["this", "my", "our", "wrote", "written"])
_DOCUMENT = frozenset(["this", "entry", "article", "biography", "post", "page", "piece", "profile", "have", "has"])
# A record the writer made ("the obituary I wrote uses ...") and what may open the clause before the
# writer ("in the family tree I've recorded him under ...").
_RECORDS = frozenset(
    [
        *("the", "my", "our", "wrote", "written", "naturally", "obviously", "deliberately", "throughout"),
        *("obituary", "summary", "report", "review", "memoir", "record", "register", "file", "newsletter"),
        *("minutes", "draft", "story", "essay", "chapter", "eulogy", "tree", "family", "bio", "note", "notes"),
    ]
)
_PLACES = frozenset(["in", "on", "for", "throughout", "across", "within", "under"])
_PLACE_WORDS = 5
_FAMILY_TITLES = {
    **{"aunt": FEMALE, "auntie": FEMALE, "uncle": MALE, "grandma": FEMALE, "grandpa": MALE},
    **{"granny": FEMALE, "grandad": MALE, "granddad": MALE},
}


# A refusal that is a whole sentence or clause ("I refuse.", "Not happening, he's a boy."), after a
# gender, name or pronouns stated; "No." and "Nope." only as the whole sentence.
_BARE_AFTER = frozenset(
    ["in", "at", "here", "now", "either", "anyway", "regardless", "mate", "then", "though", "sorry"]
)
_BARE_BEFORE = WRITER | _SOFT | frozenset(["sorry", "but", "no", "nope", "told", "him", "her", "them", "simply"])
_NO = frozenset(["no", "nope"])


def _bare(low: str, sentence: tuple[int, int, int], h: Hit, cues: list[Cue]) -> Found | None:
    """ "Jordan wants to be called 'they'. I'm not doing it.": a request refused without naming it,
    the gender stated in that sentence or the one before (`sentence`: where that one starts, then
    this one's span)."""
    lo, s_start, s_end = sentence
    before = g.words(low, max(s_start, h.start - _CLAUSE_CHARS), h.start)
    if not set(before) <= _BARE_BEFORE or any(g.is_negation(w) for w in before if w not in _NO):
        return None
    if h.value in _NO:
        if not set(g.words(low, s_start, min(s_end, s_start + 60))) <= _BARE_BEFORE:
            return None  # "No." alone, not "No one asked" nor "no way to know"
    else:
        nxt = g.next_word(low, h.end, s_end)
        if nxt is not None and nxt[0] not in _BARE_AFTER and not _PAUSE.match(low, h.end):
            return None  # "I refuse to call my boss Dave": what is refused is said, not asked before
    stated = [c for c in cues if c.start < h.start and not c.name_only]
    said = [c.start for c in cues if c.start < h.start]  # a name asked for is no other request
    if not stated or stated[-1].start < max(lo, h.start - NEAR_BEFORE) or "?" in low[stated[-1].start : h.start]:
        return None  # "Kai goes by he. Do you want tea? No.": something else asked in between
    if _REQUEST.search(low, said[-1] + 1, h.start) is not None:
        return None  # "Riley uses they/them. Their boss wants them in on Sunday. Nope.": that is refused
    return Found(h.start, h.end, frozenset([stated[-1].group]), FRAME)


_PAUSE = re.compile(r"\s*[,;:!.\u2014-]")
# Another request between the stated gender and a bare refusal: the refusal may answer it.
_REQUEST = re.compile(
    r"(?<![a-z])(?:wants?|wanted|asks?|asked|asking|would like|requests?|requested|expects?|expected|demands?|"
    r"demanded|insists?|insisted|suggests?|suggested|offers?|offered|invites?|invited|told (?:me|us))(?![a-z])"
)


def _kept(
    low: str,
    cased: str | None,
    sentence: tuple[int, int],
    h: Hit,
    by_kind: Mapping[str, list[Hit]],
    context: tuple[list[Cue], frozenset[str]],
) -> Found | None:
    """The writer keeping up a name or a pronoun the person gave up."""
    cues, asked = context
    s_start, s_end = sentence
    _, ws = _clause_words(low, s_start, h.start)
    subject = [w.group(0) for w in ws]
    while subject[:1] and subject[0] in JOINS:
        ws, subject = ws[1:], subject[1:]
    if subject[:1] and subject[0] in _PLACES:
        # "in the family tree I've recorded him ...": a place or time before the writer
        k = next((i for i, w in enumerate(subject) if w in WRITER), None)
        if k is not None and k <= _PLACE_WORDS:
            ws, subject = ws[k:], subject[k:]
    advice = _advising(low, s_start, h)
    if advice is None:
        k = _writer_after_context(subject)
        ws, subject = ws[k:], subject[k:]
        if not set(subject) <= _KEEPING | _DOCUMENT | _RECORDS or not (WRITER | _DOCUMENT).intersection(subject):
            return None
        if not (WRITER | _OWN_DOCUMENT).intersection(subject):
            return None  # "The piece uses the victim's deadname": someone else's document, reported
        if h.value.startswith("use") and not (WRITER.intersection(subject) or _DOCUMENT.intersection(subject)):
            return None
        start = next(w.start() for w in ws if w.group(0) in WRITER | _DOCUMENT)
    else:
        start = advice
    obj = _object(low, h, s_end)
    cue = nearest(cues, h.start) or _implied_by_old_form(low, h, by_kind, s_end)
    if not obj or cue is None:
        return None
    if h.value == "say" and not _said_pronoun(low, obj[0]):
        return None  # "I'd say he's a man of few words": not a pronoun chosen
    said = [w.group(0) for w in obj]
    group = frozenset([cue.group])
    sexed = _within(by_kind.get("sexed_forms", []), h.end, obj[-1].end())
    if sexed is not None and not cue.name_only:
        # "I've used male pronouns throughout" of someone who identifies as female
        sex = FEMALE if sexed.value.startswith("fem") else MALE
        if misgendering(sex, cue.sex):
            return Found(start, sexed.end, group, FRAME)
    # what was asked for, not the pronouns named by a sex ("her birth name and female pronouns")
    kept = [r for r in by_kind.get("requested_forms", []) if sexed is None or not sexed.start <= r.start < sexed.end]
    wanted = _within(kept, h.end, obj[-1].end() + 40)
    old = _within(by_kind.get("old_forms", []), h.end, s_end)
    if wanted is not None and (old is None or wanted.start < old.start):
        return None  # "I'll keep calling him Leo, his new name"
    later = _within(kept, h.end, s_end)
    if later is not None and "/" in later.value and misgendering(sex_of(later.value, ""), cue.sex):
        later = None  # "her birth name and she/her pronouns" of a trans man: the other set, not his
    if later is not None and not any(g.is_negation(w) for w in g.words(low, max(h.end, later.start - 20), later.start)):
        return None  # "keep using her legal name on payroll and her chosen name everywhere else"
    # advice to keep a legal name on the forms that need it, or a name alone (maybe an admin rule)
    admin = old is not None and _ADMIN.intersection(g.words(low, old.end, s_end))
    if old is not None and advice is not None and (admin or not _kept_pronoun(low, old.end, s_end, cue)):
        return None
    if old is not None and g.words(low, max(h.end, old.start - 12), old.start)[-1:] == ["my"]:
        return None  # "I'll keep using my deadname on old accounts": the writer's own
    if old is not None:
        return Found(start, old.end, group, FRAME)
    if sexed is not None:
        return None
    if said[0] in DETERMINERS and said[2:3] in (["as"], ["to"]) and said[3:4] and said[3] in _SUBJECT_PRONOUNS:
        # "I've changed the character to 'she'" of someone who uses ze
        return Found(start, obj[3].end(), group, FRAME) if misgendering(_pronoun_sex(said[3]), cue.sex) else None
    used = said[0] if said[0] in _SUBJECT_PRONOUNS else said[2] if said[1:2] in (["as"], ["to"]) else ""
    if used in _SUBJECT_PRONOUNS and _pronoun_sex(used) in {c.sex for c in cues if not c.name_only}:
        return None  # "uses she/they and is nonbinary; I'll be saying 'she' mostly": one of their own
    if said[0] in _SUBJECT_PRONOUNS:
        # "I'll keep saying she" of a trans man, "I'll be saying 'he'" of someone who goes by they
        return Found(start, obj[0].end(), group, FRAME) if misgendering(_pronoun_sex(said[0]), cue.sex) else None
    if said[0] in HONORIFICS or said[0] in _FAMILY_TITLES:
        # "I'm sticking with Mr.", "used Mr. throughout", "sticking with Aunt Janet" of someone who
        # asked for Ms., Mx. or "he"
        title = HONORIFICS.get(said[0]) or _FAMILY_TITLES[said[0]]
        return Found(start, obj[0].end(), group, FRAME) if misgendering(title, cue.sex) else None
    if (said[0] not in _OBJECT_PRONOUNS and said[0] != "you") or len(obj) < 2:
        return None
    if said[1] in _SUBJECT_PRONOUNS:
        # "I'm going to keep calling you she" of someone who goes by they
        return Found(start, obj[1].end(), group, FRAME) if misgendering(_pronoun_sex(said[1]), cue.sex) else None
    o = 2 if said[1] in ("as", "by", "to") and len(obj) > 2 else 1  # "refer to him as Mr. Lane"
    if o == 2 and said[o] in _SUBJECT_PRONOUNS:
        # "I have referred to him as he throughout" of a trans woman
        return Found(start, obj[o].end(), group, FRAME) if misgendering(_pronoun_sex(said[o]), cue.sex) else None
    honorific = HONORIFICS.get(said[o])
    if honorific is not None:
        # "We will continue to refer to him as Mr. Lane" of someone asking for Ms.
        return Found(start, obj[o].end(), group, FRAME) if misgendering(honorific, cue.sex) else None
    i = o + 1 if said[o] in _POSSESSIVES and len(obj) > o + 1 else o
    noun = _within([*by_kind.get("male_nouns", []), *by_kind.get("female_nouns", [])], obj[i].start(), obj[i].end())
    if noun is not None:
        # "I will keep calling him my son" of a trans woman; with the stated sex unknown, the sex
        # insisted on ("... my nephew, because that's what he is")
        sex = MALE if noun.kind == "male_nouns" else FEMALE
        insisted = cue.sex is None and "true_sex_hints" in by_kind
        return Found(start, noun.end, group, FRAME) if other_sex(sex, cue.sex) or insisted else None
    name = as_name(cased, obj[o])
    if name is not None and asked and name not in asked:
        return Found(start, obj[o].end(), group, FRAME)  # "wants to be called Max. I'll keep calling her Maddie"
    paired = name is not None and _OLD_AND_PRONOUN.match(low, obj[o].end()) is not None
    if paired and _kept_pronoun(low, obj[o].end(), s_end, cue):
        return Found(
            start, obj[o].end(), group, FRAME
        )  # "keep calling her Hannah and 'she'" of someone who says "they"
    return None


# Advice to keep a form: an imperative opening its clause ("Teacher B: Keep using her registered
# name"), a modal of duty after a short subject ("Publications should continue to use", "the teacher
# should keep calling"), or advice named ("My advice is to keep using").
_DUTY = frozenset(["should", "must", "shall"])
# Who sets a policy ("Staff will continue to use", "Our school will", "official communications
# will"), not people whose habits the writer reports ("My parents will keep calling him Samantha
# and 'she', sadly").
_INSTITUTIONS = frozenset(
    [
        *("staff", "teachers", "school", "office", "company", "team", "hr", "management", "records"),
        *("communications", "correspondence", "department", "church", "club", "congregation", "league"),
        *("system", "registry", "clinic", "hospital", "publication", "newsletter", "site", "platform"),
    ]
)
_PLEASE = frozenset(["just", "please", "simply", "so", "then", "and"])
_DUTY_TO = frozenset(
    [
        *("ought", "need", "needs", "have", "has", "best", "better", "reasonable", "fine", "okay", "ok"),
        *("acceptable", "right"),
    ]
)
_ADVICE_NOUNS = frozenset(["advice", "recommendation", "suggestion", "tip", "rule", "policy"])
_ADVICE_WORDS = 5
_REPORTING = frozenset(
    [
        *("said", "says", "say", "told", "tells", "thinks", "think", "believes", "claims", "claimed", "insists"),
        *("insisted", "wrote", "writes", "asked", "argues", "argued", "wants", "wanted", "if", "when", "whether"),
    ]
)
# After a kept name given as advice: the records that need a legal name ("on payroll", "for insurance").
_ADMIN = frozenset(
    [
        *("payroll", "insurance", "passport", "tax", "billing", "claims", "paperwork", "documents", "forms"),
        *("records", "record", "official", "legal", "certificate", "registration", "until"),
    ]
)


def _advising(low: str, s_start: int, h: Hit) -> int | None:
    """Where advice to keep the form at `h` starts, if it is advice."""
    lo = max(g.colon_clause_start(low, max(s_start, h.start - _CLAUSE_CHARS), h.start), s_start)
    comma = low.rfind(",", lo, h.start)
    lo = lo if comma < 0 else comma + 1
    ws = list(g.WORD.finditer(low, lo, h.start))
    said = [w.group(0) for w in ws]
    if set(said) <= _PLEASE:
        # the verb opens its clause: an imperative ("Keep using ...", "just use 'he'"), not "keep
        # using" inside a list nor a bare "Use 'they' when you don't know"
        if h.value.startswith(("keep", "continue", "carry on", "stick")) or h.value in ("use", "call", "say"):
            return ws[0].start() if said else h.start
        return None
    reported = _REPORTING.intersection(said[2:] if said[:1] and said[0] in WRITER else said)
    if len(said) > _ADVICE_WORDS + 2 or reported or any(g.is_negation(w) for w in said):
        return None
    duty = said[-1] in _DUTY or (said[-1] == "to" and len(said) > 1 and said[-2] in _DUTY_TO)
    duty = duty or said[-2:] in (["you", "can"], ["you", "could"])  # "you can keep using the name ..."
    # a policy ("Staff will continue to use the registered name", "official communications will refer
    # to him as"), not a person's own plan ("she will keep using her old name at work")
    duty = duty or (said[-1] in ("will", "shall") and bool(_INSTITUTIONS.intersection(said)))
    # the writer's own directive ("I told my kids to keep calling her Hannah")
    duty = duty or (said[0] in WRITER and said[1:2] in (["told"], ["tell"]) and said[-1] == "to")
    named = said[-1] == "to" and len(said) > 2 and said[-2] == "is" and bool(_ADVICE_NOUNS.intersection(said))
    return ws[0].start() if duty or named else None


def _implied_by_old_form(low: str, h: Hit, by_kind: Mapping[str, list[Hit]], s_end: int) -> Cue | None:
    """An old name kept with a quoted pronoun ("keep using your employee's birth name and 'he'"):
    the person asked for the other one."""
    old = _within(by_kind.get("old_forms", []), h.end, min(s_end, h.end + _OBJECT_CHARS))
    if old is None:
        return None
    m = _OLD_AND_PRONOUN.match(low, old.end)
    if m is None:
        # a form that exists only against a change ("his deadname", "whatever your birth
        # certificate says"), not the writer's own ("my deadname")
        own = g.words(low, max(h.end, old.start - 12), old.start)[-1:] == ["my"]
        return None if own or old.value not in _GIVEN_UP else Cue(old.start, "transgender", None)
    kept = _pronoun_sex(m.group(1)) if m.group(1) else MALE if m.group(2) in ("male", "masculine") else FEMALE
    stated = {MALE: FEMALE, FEMALE: MALE}.get(kept or "")
    return None if stated is None else Cue(old.start, "transgender", stated)


_GIVEN_UP = frozenset(
    [
        *("deadname", "dead name", "deadnames", "dead names", "birth certificate says", "the name his parents gave"),
        *("the name her parents gave", "the name their parents gave"),
    ]
)
_OLD_AND_PRONOUN = re.compile(
    r",?(?: [A-Z]?[a-z]+){0,2},? and "
    r"(?:['\"\u2018\u201c](he|she|him|her)['\"\u2019\u201d]|(male|female|masculine|feminine) pronouns)"
)


def _kept_pronoun(low: str, at: int, s_end: int, cue: Cue) -> bool:
    """A pronoun of the other sex than the stated one kept with the name ("her registered name and
    'she'"), or a sex insisted on as the reason after it."""
    ws = g.words(low, at, min(s_end, at + 40))[:4]
    if _WHOSE.match(low, at) is not None:
        return True  # "the birth names of transgender individuals"
    return any(w in PRONOUNS and misgendering(_pronoun_sex(w), cue.sex) for w in ws) or bool(_BODILY.intersection(ws))


_WHOSE = re.compile(r" of (?:all |any )?(?:trans|transgender|transsexual|nonbinary|non-binary)(?![a-z])")


def _writer_after_context(subject: list[str]) -> int:
    """Where the writer's subject starts after words setting the scene ("You should know that at
    this company we will continue ..."): the last writer word, when nothing before it reports
    someone else's words; else 0."""
    k = next((i for i in range(len(subject) - 1, -1, -1) if subject[i] in WRITER), None)
    if not k or any(g.is_negation(w) for w in subject[:k]):
        return 0
    # "I told him politely I'd be calling him 'sir'": the writer's own words, not another's
    if any(w in _REPORTING and not (i and subject[i - 1] in WRITER) for i, w in enumerate(subject[:k])):
        return 0
    return k


def _said_pronoun(low: str, w: re.Match[str]) -> bool:
    """A pronoun said as a word chosen ("say 'she'", "say he at christmas"), not a clause's subject."""
    if w.group(0) not in _SUBJECT_PRONOUNS:
        return False
    if w.start() and low[w.start() - 1] in QUOTES:
        return True
    nxt = g.next_word(low, w.end(), min(len(low), w.end() + 30))
    return nxt is None or nxt[0] in ("like", "at", "about", "for", "when", "in", "and", "because", "instead", "from")


# Between a copula and a noun of a sex: articles, "my", and words of insistence.
_INSISTING = frozenset(
    [
        *("still", "really", "actually", "biologically", "genetically", "always", "only", "just", "nothing"),
        *("truly", "basically", "simply", "obviously", "clearly", "forever", "born", "remains", "remain"),
    ]
)
# Words that insist on the body against a stated gender.
_BODILY = frozenset(
    ["biologically", "genetically", "chromosomally", "really", "actually", "truly", "born", "biological"]
)
_PLAIN = frozenset(
    [
        *("a", "an", "my", "our", "your", "but", "at", "the", "end", "of", "day", "deep", "down"),
        *("perfectly", "normal", "grown", "biological", "regular", "ordinary", "bloody", "literally"),
        *("chromosomally",),
    ]
)
_COPULAS = frozenset(["is", "are", "remains", "remain", "remained", "stays", "stay", "be"])
_WRITER_SUBJECTS = frozenset(["i", "we", "i'm", "we're", "im", "it", "that", "this", "there"])
_CONDITIONS = frozenset(["if", "whether", "unless"])


def _asserted(
    low: str,
    cased: str | None,
    sentence: tuple[int, int],
    n: Hit,
    read: tuple[tuple[list[Mention], list[int]], list[Hit]],
    cues: list[Cue],
) -> Found | None:
    """A sex asserted of a person said to be trans or nonbinary: "he's still a bloke", "Trans women
    are men", "he will always be a man"."""
    s_start, s_end = sentence
    terms, looks = read
    if low.startswith(("'s", "s'"), n.end) or low.startswith(_COMPOUNDS, n.end):
        return None  # "trans women are men's equals", "she's a girl scout leader"
    lo, ws = _clause_words(low, s_start, n.start)
    said = [w.group(0) for w in ws]
    contracted = dict(_CONTRACTED)
    for w in ws:
        # a name contracted with "is" before an article ("Dana's a girl"), not a possessive
        if w.group(0).endswith("'s") and as_name(cased, w) is not None and low.startswith((" a ", " an "), w.end()):
            contracted[w.group(0)] = w.group(0)[:-2]
    i = len(said)
    while i and said[i - 1] not in contracted and not _copula(said[i - 1]) and said[i - 1] in _PLAIN | _INSISTING:
        i -= 1
    if not i or not (_copula(said[i - 1]) or said[i - 1] in contracted) or any(g.is_negation(w) for w in said[i - 1 :]):
        return None
    if _CONDITIONS.intersection(said[: i - 1]) or "now" in said[i:]:
        return None  # "if he's a man ...", "she's a woman now"
    j = i - 1  # the copula; before "be", its modal and adverbs ("will always be", "he'll always be")
    if said[j] == "be":
        while j and said[j - 1] in _BEFORE_BE:
            j -= 1
        if j == i - 1 and not (j and said[j - 1].endswith("'ll")):
            return None  # "be" with no modal before it: "to be a man", "let him be a boy"
    at = ws[j].start()
    word = contracted.get(said[j])
    subject: tuple[str | None, int | None, Cue | None] = (word, at, None)
    if word is None:
        subject = _subject(low, cased, (lo, at), terms, ws[:j])
    pronoun, subject_start, subject_cue = subject
    if subject_start is None or pronoun in _WRITER_SUBJECTS:
        return None
    sex = MALE if n.kind == "male_nouns" else FEMALE
    insisting = bool(_INSISTING.intersection(said)) or said[j] in ("be", "remained")
    agreeing = False
    if subject_cue is None:
        # a pronoun or a name may be someone else near the person ("my dad cried. He's a man of few
        # words", "they're men who ..."): read only a sex insisted on ("still", "to me", "my son, not
        # my daughter", "you're a he"), and not a role to others ("they're still a brother to my kids")
        insisting = insisting or low.startswith(" to me", n.end) or _CONTRAST.match(low, n.end) is not None
        insisting = insisting or _SETTLED.match(low, n.end) is not None
        insisting = insisting or pronoun == "you"
        # "my son is my son", "a woman is a woman": the noun said of itself
        insisting = insisting or (pronoun is not None and pronoun == n.value)
        # the person the gender was stated of, by name ("Dana's transitioning. ... Dana's a girl.")
        # the person the gender was stated of, by name, the noun ending its clause ("Dana's
        # transitioning. ... Dana's a girl."; not "Sam is a woman of many talents")
        named = pronoun is not None and pronoun in _cue_names(cased, cues, at)
        after = g.next_word(low, n.end, s_end)
        insisting = insisting or (named and (after is None or after[0] in _AND_THEN))
        # the body, hair or dress described after the noun ("a man in a wig", "a girl with a short
        # haircut"), not a quality ("a man of few words", "with a big heart")
        described = any(x.start == n.end + 1 for x in looks)
        insisting = insisting or described
        if not insisting and g.next_word(low, n.end, s_end) is not None:
            return None
        quality = g.next_word(low, n.end, s_end)
        if quality is not None and quality[0] in _QUALIFYING and not described:
            return None  # "she's really a woman of her word": a quality, not a sex insisted on
        if _CIS.search(low, s_start, s_end) is not None:
            return None  # "Their twin sister is cis, so yes, she's actually a woman": someone else
        if _RELATIONAL.match(low, n.end) is not None and not described:
            return None
        # a bare "he's a man." ending its clause, the pronoun agreeing with the noun against the
        # stated sex: the writer's own misgendering, not someone else described
        agreeing = pronoun in ("he", "she") and _pronoun_sex(pronoun or "") == sex
    cue = subject_cue or nearest(cues, at) or _self_evident(low, n, said, s_end)
    if cue is None:
        return None
    if cue.name_only:
        # only a name asked for (maybe a nickname): the sex must be set against its other
        # ("my grandson, not my granddaughter")
        # ("my grandson, not my granddaughter"), or a name taken with a sex ("He's Daniel now") met
        # by the other sex insisted on ("Dana's a girl.")
        crossed = cue.sex is not None and insisting and other_sex(sex, cue.sex)
        if crossed or _contrasted(low, n, s_end):
            return Found(subject_start, n.end, frozenset([cue.group]), FRAME)
        return None
    cues = [c for c in cues if not c.name_only]
    if cue.sex in (NEITHER, None) and any(c.sex == sex for c in cues):
        return None  # "Kelly is nonbinary and she's a woman too, she uses she/they"
    if cue.sex == NEITHER:
        denied = insisting if subject_cue is None else pronoun in ("he", "she", "you") or insisting
    elif cue.sex is None:
        # the stated sex unknown ("transitioned"): the body insisted on, or a noun against the
        # writer's own pronoun ("she's still a dude"); not "he's still a man who loves fishing"
        denied = bool(_BODILY.intersection(said)) or other_sex(_pronoun_sex(pronoun or ""), sex)
        # "you're still a bloke to me", "you'll always be my son, not my daughter": set against
        # the person's view
        denied = denied or (insisting and (low.startswith(" to me", n.end) or _CONTRAST.match(low, n.end) is not None))
    else:
        # of a binary stated sex (not a nonbinary person's: "she's a girl" may be their sister)
        denied = cue.sex != sex and (subject_cue is not None or insisting or agreeing)
    if not denied:
        return None
    return Found(subject_start, n.end, frozenset([cue.group]), FRAME)


_QUALIFYING = frozenset(["of", "who", "whose", "that", "which"])
_CIS = re.compile(r"(?<![a-z])(?:cis|cisgender)(?![a-z])")
# A noun of a sex as the first of a compound ("a girl scout", "the boy next door").
_COMPOUNDS = tuple(
    f" {w}" for w in ("scout", "scouts", "guide", "guides", "band", "next door", "wonder", "friday", "crush", "racer")
)
# The claim closed as settled after the noun ("she's a woman and that's that", "he's a man, full stop").
_SETTLED = re.compile(r",? (?:and that's (?:that|it|final)|full stop|period|end of story|end of)(?![a-z])")
_RELATIONAL = re.compile(r" (?:to|for) (?!me(?![a-z]))[a-z]")  # "a brother to my kids", not "a man to me"
_CONTRAST = re.compile(r",? (?:and )?not (?:a|an|my|your|our) ([a-z]+)")


# "..., still a dude", "Changed her name, got the surgery, still a man to me.": the subject left out.
_STILL_A = re.compile(r"(?:^|[,;:.!?]\s*|(?<![a-z])(?:and|but|so) )still (?:an? |my )(?:[a-z]+ )?$")


def _still_a(low: str, sentence: tuple[int, int], n: Hit, cues: list[Cue]) -> Found | None:
    """A sex insisted on with its subject left out, against the gender stated."""
    s_start, _ = sentence
    m = _STILL_A.search(low, max(s_start, n.start - 30), n.start)
    if m is None:
        return None
    cue = nearest(cues, n.start)
    if cue is None:
        return None
    sex = MALE if n.kind == "male_nouns" else FEMALE
    if cue.sex is None:
        if not (low.startswith(" to me", n.end) or _CONTRAST.match(low, n.end) is not None):
            return None
    elif not misgendering(sex, cue.sex):
        return None
    start = m.start() + len(m.group(0)) - len(m.group(0).lstrip(",;:.!? "))
    return Found(start, n.end, frozenset([cue.group]), FRAME)


def _cue_names(cased: str | None, cues: list[Cue], at: int) -> frozenset[str]:
    """The names a gender identity was stated of before `at`, lowercased: "Dana's transitioning",
    "Sky uses they", "Sam is nonbinary"."""
    if cased is None:
        return frozenset()
    out = set()
    starts = [c.start for c in cues if c.start < at]
    # the gender words said before, perhaps several sentences back ("Did you hear Dana's transitioning?")
    starts += [m.start() for m in NEAR.finditer(cased.lower(), max(0, at - CUE_BEFORE), at)]
    for start in starts:
        m = _NAME_BEFORE.search(cased, max(0, start - _NAME_CHARS), start)
        if m is not None:
            out.add(m.group(1).lower())
    return frozenset(out)


_AND_THEN = frozenset(["and", "but", "so"])
_NAME_CHARS = 30
_NAME_BEFORE = re.compile(
    r"(?<![A-Za-z])([A-Z][a-z]+)(?:'s|\u2019s| is| uses| goes| has| wants| says| said| asked| now| came out)?"
    r"(?: now| just| recently| officially| also)? ?['\"\u2018\u201c]?$"
)


def _self_evident(low: str, n: Hit, said: list[str], s_end: int) -> Cue | None:
    """A sex insisted on against a change no one here states: the body and "still" or "always"
    ("Biologically my cousin is still a man"), or the other sex set against it with them ("You'll
    always be my son, not my daughter"). Said only of a change of gender."""
    if not {"still", "always"}.intersection(said):
        return None
    if _BODILY.intersection(said) or _contrasted(low, n, s_end):
        return Cue(n.start, "transgender", None)
    return None


def _contrasted(low: str, n: Hit, s_end: int) -> bool:
    """The noun of a sex set against one of the other ("my son, not my daughter")."""
    c = _CONTRAST.match(low, n.end, s_end)
    if c is None:
        return False
    other = FEMALE_NOUN if n.kind == "male_nouns" else MALE_NOUN
    return other.fullmatch(c.group(1)) is not None


_BEFORE_BE = frozenset(["will", "always", "forever", "still", "ever", "just", "only", "shall", "must"])


_CONTRACTED = {
    **{"he's": "he", "she's": "she", "they're": "they", "you're": "you"},
    **{"hes": "he", "shes": "she", "theyre": "they", "youre": "you"},
}


def _copula(w: str) -> bool:
    """A copula, or a pronoun contracted with one ("he's", "they're")."""
    return w in _COPULAS or w in _CONTRACTED


_HEAD_CHARS = 30  # characters from a group term to the copula, its noun between


def _subject(
    low: str,
    cased: str | None,
    span: tuple[int, int],
    terms: tuple[list[Mention], list[int]],
    before: list[re.Match[str]],
) -> tuple[str | None, int | None, Cue | None]:
    """The subject ending right before the copula at `at`: a pronoun, a name, or a transgender or
    nonbinary term (the cue itself: "Trans women are men")."""
    lo, at = span
    named, ends = terms  # the transgender and nonbinary terms, by end
    for m in named[bisect_left(ends, at - _HEAD_CHARS) : bisect_right(ends, at)]:
        if m.start < lo:
            continue
        # the term, or the term and its noun ("that transgender woman is ...")
        head = g.words(low, m.end, at)
        if len(head) <= 1:
            return None, m.start, Cue(m.start, m.group, sex_of(" ".join([m.term.lower(), *head]), m.group))
    if not before:
        return None, None, None
    last = before[-1]
    w = last.group(0).removesuffix("'ll")
    if w in ("he", "she", "they", "you"):
        return w, last.start(), None
    if as_name(cased, last) is not None and (len(before) == 1 or before[-2].group(0) in JOINS | _SOFT):
        return w, last.start(), None  # a name opening its clause ("but Kelly is still a man"), not "her husband Tom"
    relation = w in _RELATIONS or MALE_NOUN.fullmatch(w) is not None or FEMALE_NOUN.fullmatch(w) is not None
    if relation and len(before) > 1 and before[-2].group(0) in _WRITERS_OWN:
        return w, before[-2].start(), None  # "my cousin is still a man"
    return None, None, None


_WRITERS_OWN = frozenset(["my", "our", "your"])  # not "their brother is a boy": someone else's
# The people a writer names by their relation ("my cousin", "our coworker").
_RELATIONS = frozenset(
    [
        *("cousin", "brother", "sister", "son", "daughter", "uncle", "aunt", "niece", "nephew", "sibling", "child"),
        *("kid", "friend", "colleague", "coworker", "co-worker", "boss", "teacher", "neighbour", "neighbor"),
        *("student", "classmate", "roommate", "flatmate", "partner", "grandson", "granddaughter", "grandchild"),
    ]
)


# Before a gender conceded: the person calling themself a sex ("she can call herself a woman").
_SELF_NAMING = frozenset(["herself", "himself", "themselves", "themself", "yourself"])
_CONCEDE_CHARS = 80
# "she can say she's a woman all she wants": the person's own claim of a sex
_CLAIMING = frozenset(["say", "says", "claim", "claims", "insist", "insists", "pretend", "pretends"])
_SAID_SELF = frozenset(["she's", "he's", "they're", "shes", "hes", "theyre", "she", "he", "they"])


def _conceded(low: str, s_start: int, c: Hit, nouns: list[Hit], cues: list[Cue]) -> Found | None:
    """ "She can call herself a woman all she likes, but ...": a sex named by the person, conceded only
    as talk."""
    lo = max(g.clause_start(low, s_start, c.start), c.start - _CONCEDE_CHARS)
    noun = next((n for n in nouns if lo <= n.start and n.end <= c.start), None)
    if noun is None:
        return None
    ws = g.words(low, lo, noun.start)
    claimed = _CLAIMING.intersection(ws) and _SAID_SELF.intersection(ws)
    if not _SELF_NAMING.intersection(ws) and "identify" not in ws and "identifies" not in ws and not claimed:
        return None
    cue = nearest(cues, c.start)
    return Found(lo, c.end, frozenset([cue.group if cue is not None else "transgender"]), FRAME)


def _writers_own(low: str, f: Found, by_kind: Mapping[str, list[Hit]]) -> bool:
    """The claim is the writer's own act: it opens with the writer ("I'm still calling her Lily"),
    or follows a gender conceded in the sentence ("can say she's a woman all she wants, she's still
    a man"), so a reporting cue before it ("asked to be called Liam, but ...") reports nothing. Only a
    cue in the person's stated identity ("says he's a boy") or in the words conceded ("she can say
    she's a woman all she wants") is passed over; not another's ("My aunt says ..."), nor one before
    a colon or a quote ("My grandfather keeps saying: I refuse ...")."""
    s0 = max(_sentence_end_before(low, x, f.start) for x in (". ", "! ", "? ", "\n"))
    s0 = max(s0, f.start - _OWN_CHARS)
    opened = low[s0 : f.start].rstrip(" ")
    if opened.endswith((":", '"', "\u201c", " '", "\u2018")):
        return False
    stated = [(m.start(), m.end()) for m in STATING.finditer(low, s0, f.start)]
    first = g.first_words(low, f.start, f.end, 1)
    mine = bool(first) and first[0] in WRITER
    passed = False  # a reporting cue passed over as the person's own words: no one else's report
    for c in by_kind.get("reporting_cues", []):
        if not s0 <= c.start < f.start:
            continue
        passed = True
        if any(x in low[c.end : f.start] for x in _OPENING_MARKS):
            return False
        if (mine or first[:1] == ["you"]) and any(x in low[c.end : f.start] for x in ",;"):
            continue  # "The system says Lucy, so I'll be calling you Lucy": the report closed before the writer
        if any(a <= c.start < b for a, b in stated) or any(
            c.end <= r.start <= c.end + _TOLD_CHARS for r in by_kind.get("requested_forms", [])
        ):
            continue  # "says he's a boy now, but I'm still calling her Lily", "told us his pronouns"
        if set(g.words(low, g.clause_start(low, s0, c.start), c.start)) <= _CONCEDING:
            continue  # "she can say she's a woman all she wants"
        if g.words(low, max(s0, c.start - 12), c.start)[-1:] in (["you"], ["you've"], ["youve"]):
            continue  # "based on what you've told me, you are female": the person's own words, judged
        return False
    if passed or mine or (first and (first[0] in _CONTRACTED or first[0] == "you")):
        return True  # "Dylan calls himself a woman, but he's still a guy", "you are female": the writer's assertion
    return any(c.end <= f.start for c in by_kind.get("conceded_identity", []))


def _sentence_end_before(low: str, mark: str, at: int) -> int:
    """Where the sentence ended by the last `mark` before `at` (within `_OWN_CHARS`) ends, passing
    over an abbreviation's period ("Mr. Feldman")."""
    lo = max(0, at - _OWN_CHARS)
    k = low.rfind(mark, lo, at)
    while k >= 0 and mark == ". " and sentences.ends_with_abbreviation(low[: k + 1], initials=False):
        k = low.rfind(mark, lo, k)
    return k + len(mark) if k >= 0 else lo


_OWN_CHARS = 300
_TOLD_CHARS = 12
_OPENING_MARKS = (":", '"', "\u201c", "\u2018")
# The subject and modals of a gender conceded as talk ("she can say", "he may claim").
_CONCEDING = frozenset(["she", "he", "they", "you", "can", "could", "may", "might", "will", "and", "but", "so"])


# A binary pronoun in scare quotes standing for the person ("'she' has an adam's apple", "'she' gets
# mad when we call him bro"), the other sex named of them right after.
_QUOTED_PRONOUN = re.compile(
    r"(?:^|(?<=[\s,.;:!?(]))['\"\u2018\u201c](she|he|her|him)['\"\u2019\u201d] "
    r"(?:has|have|still|gets|got|is|was|wants|needs|says|keeps|can|will|does|did|looks|sounds|thinks|just|times|"
    r"gonna|really|clearly|obviously)(?![a-z])"
)
_HIS = re.compile(r"(?<![a-z])(?:him|his|man|men's|guy|bro|dude|boy|bloke|lad|male|fella)(?![a-z])")
_HERS = re.compile(r"(?<![a-z])(?:her|hers|woman|women's|girl|lady|gal|female)(?![a-z])")
_CONTRARY_CHARS = 120


def _quoted_pronouns(low: str, sentence: tuple[int, int]) -> list[Found]:
    s_start, s_end = sentence
    out = []
    for m in _QUOTED_PRONOUN.finditer(low, s_start, s_end):
        contrary = _HIS if m.group(1) in ("she", "her") else _HERS
        if contrary.search(low, m.end(), min(len(low), s_end + _CONTRARY_CHARS)) is not None:
            out.append(Found(m.start(), m.end(), frozenset(["transgender"]), FRAME))
    return out


def _pronoun_noun(low: str, sentence: tuple[int, int], h: Hit) -> Found | None:
    """ "The 'they' in my office", "Our 'they' at reception called in sick": a nonbinary pronoun
    mocked as a noun of the person, a determiner before it (not "singular 'they'", "the word
    'they'") and the person's doings or place after it (not "the 'they' vs 'he' debate", "the 'they'
    in this sentence refers to ...")."""
    s_start, s_end = sentence
    before = g.words(low, max(s_start, h.start - _CLAUSE_CHARS), h.start)[-2:]
    if not before or any(w in _GRAMMAR for w in before):
        return None
    if before[-1] not in _NOUN_DETERMINERS and (len(before) < 2 or before[-2] not in _NOUN_DETERMINERS):
        return None
    after = g.words(low, h.end, min(s_end, h.end + _OBJECT_CHARS))[:_AFTER_WORDS]
    if not after or after[0] in _NOT_PERSONAL or _GRAMMAR.intersection(after):
        return None
    return Found(
        h.start - len(before[-1]) - 1 if before[-1] in _NOUN_DETERMINERS else h.start,
        h.end,
        frozenset(["nonbinary"]),
        FRAME,
    )


_AFTER_WORDS = 3
_NOUN_DETERMINERS = frozenset(["the", "a", "our", "my", "this", "that", "your", "resident", "token"])
# Words of grammar or usage near a quoted pronoun: the word discussed, not a person mocked.
_GRAMMAR = frozenset(
    [
        *("singular", "plural", "generic", "epicene", "word", "words", "pronoun", "pronouns", "term", "usage"),
        *("sentence", "sentences", "paragraph", "clause", "line", "passage", "text", "example", "grammar"),
        *("debate", "question", "form", "rule", "refers", "referring", "antecedent", "verb", "style", "quote"),
    ]
)
_NOT_PERSONAL = frozenset(["vs", "versus", "or", "and", "is", "was", "means", "here", "there", "instead", "for"])


def _hinted(low: str, sentence: tuple[int, int], h: Hit, cues: list[Cue]) -> Found | None:
    """ "My cousin transitioned, but everybody knows what he really is": a sex hinted as the truth,
    ending its clause (not "what she really is: the funniest person we know"), not negated."""
    s_start, s_end = sentence
    lo = g.clause_start(low, max(s_start, h.start - _CLAUSE_CHARS), h.start)
    if any(g.is_negation(w) for w in g.words(low, lo, h.start)):
        return None
    rest = low[h.end : min(s_end, h.end + 4)].lstrip(" ")
    if rest and rest[0] not in ".!;" and not rest.startswith(("and ", "but ")):
        return None  # "what she really is, a brilliant engineer"
    cue = nearest(cues, h.start)
    if cue is None:
        return None
    return Found(lo, h.end, frozenset([cue.group]), FRAME)


# Between a scare-quoted noun and the noun of the other sex it is said to be ("The 'woman' in this
# article was a bloke with a beard").
_SCARE_WORDS = 10
_SCARE_CHARS = 120
_BEING = frozenset(["was", "were", "is", "are", "been"])
_DETERMINED = frozenset(["the", "this", "that", "my", "our", "your", "his", "her", "their", "a", "so-called"])


def _scare_quoted(low: str, text: str, sentence: tuple[int, int], nouns: list[Hit], cues: list[Cue]) -> list[Found]:
    """A noun of a sex in scare quotes, said in the sentence to have been a noun of the other sex:
    "My neighbour's 'daughter' was a perfectly normal boy two years ago", with a gender identity
    said near or a time set against now (not "the 'father' in the school play was a girl")."""
    s_start, s_end = sentence
    strong = [c.start for c in cues if not c.name_only]
    near = any(bisect_left(strong, q.start - NEAR_BEFORE) < bisect_left(strong, q.end + NEAR_AFTER) for q in nouns)
    if not near and _THEN.search(low, s_start, min(s_end, s_start + _SENTENCE_CHARS)) is None:
        return []
    nouns = sorted(nouns)
    starts = [n.start for n in nouns]
    for q in nouns:
        if not g.single_quoted(text, q.start, q.end) and not g.double_quoted(text, q.start, q.end):
            continue
        before = g.words(low, max(s_start, q.start - 30), q.start)[-1:]
        if not before or not (before[0] in _DETERMINED or before[0].endswith("'s")):
            continue  # "the word 'woman'", "she said 'son'": a word quoted, not a person doubted
        for n in nouns[bisect_right(starts, q.end) : bisect_right(starts, q.end + _SCARE_CHARS)]:
            if n.kind == q.kind:
                continue
            between = g.words(low, q.end, n.start)
            if len(between) > _SCARE_WORDS or any(g.is_negation(w) for w in between):
                continue
            if _BEING.intersection(between):
                return [Found(q.start - 1, n.end, frozenset(["transgender"]), FRAME)]
    return []


# A time set against now ("two years ago", "until last spring", "used to be").
_THEN = re.compile(
    r"(?<![a-z])(?:ago|until|till|used to|back then|years back|before (?:she|he|they|the)|since|last "
    r"(?:year|spring|summer|autumn|fall|winter|month|week)|as a (?:kid|child|baby))(?![a-z])"
)
