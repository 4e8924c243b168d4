"""Dropped- and doubled-letter spellings of identity terms, for the taxonomy's automaton.

"Mslims", "imigrants", "Muuslims" and "Christtians" stay readable to people and slip past an exact
match, like the swapped letters of `taxonomy._add_transposed_forms`. The forms are added to the
taxonomy's Aho-Corasick automaton (more keys, no per-text cost), never written into the text, so
the encoder reads the text as it came. Only authored one-word `terms` get them (never the
everyday context words): doubled letters from 6 letters, dropped ones from 7; only letters after
the first change, a dropped letter is never the last, and no form that is a word of the lexicons,
an English word, name or place, or a country (or its plural: "brothers" without its "r" is
"bothers", "Americans" without its "n" is "Americas", "Hondurans" without theirs "Honduras") is
added; `REAL_WORDS` lists those, from `bench/audit_transposed.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from dataclasses import replace
from typing import Any, Protocol

# A dropped letter loses more than a swapped one: six-letter terms lose theirs into names
# ("kenyan" -> "Kenan", "malian" -> "Malan", "yoruba" -> "Yorba"), so dropping needs seven.
MIN_DOUBLED = 6
MIN_DROPPED = 7


class _Entry(Protocol):
    @property
    def kind(self) -> str: ...


def dropped(term: str) -> list[str]:
    """`term` with one inner letter (not the first, not the last) left out."""
    return [term[:i] + term[i + 1 :] for i in range(1, len(term) - 1)]


def doubled(term: str) -> list[str]:
    """`term` with one letter after the first written twice; an already doubled letter is left
    alone (a third one is a letter run, which the normaliser collapses)."""
    out = []
    for i in range(1, len(term)):
        if term[i] == term[i - 1] or (i + 1 < len(term) and term[i] == term[i + 1]):
            continue
        out.append(term[: i + 1] + term[i:])
    return out


def add_misspelt_forms(
    entries: MutableMapping[str, Any], authored: Iterable[tuple[str, _Entry]], vocabulary: frozenset[str]
) -> int:
    """Add the dropped- and doubled-letter forms of each authored `term` to `entries`; returns how many.

    `authored` are the entries before any derived form was added, so a form is never derived
    from another derived form. An entry is copied with `dataclasses.replace(entry, term=form, origin=term)`.
    """
    added = 0
    for term, entry in authored:
        if entry.kind != "term" or len(term) < MIN_DOUBLED or not term.isalpha():
            continue
        for form in (dropped(term) if len(term) >= MIN_DROPPED else []) + doubled(term):
            if form in entries or form in vocabulary or form in REAL_WORDS:
                continue
            entries[form] = replace(entry, term=form, origin=term)  # type: ignore[type-var]
            added += 1
    return added


# Forms that are English words, names, places or countries, or their plurals (web2 and GCIDE word lists
# of the `english-words` package and the emoji package's flag names; bench/audit_transposed.py).
REAL_WORDS = frozenset(
    """
    aboriginees aboriginess actresss adders agendes aghans albanias algerias amadis amaras americas
    amhars andorras anglian anglians angolas apaces apachees apachess armenias aromatic aromatics
    asperges assies aussiees australias austrias azerbaijans bahrains bangladeshs basquees beduin
    beduins bengals berbes bigener bigeners billionairees blackss blokees bolivias boomes bother
    bothers botswanas brahmis bramin bramins brazilin brazilins bridees bridemaid bridemaids
    brothes bulgarias cambodias cameronian cameronians caucasias charwoman charwomans cherokeess
    chinee chinse christianites colombias colombin colombins commiees congoese conservativees
    croatan croatans croatias curches czechss dagestans ducess duchessees duchesss ecuadoran
    ecuadorans elitees empresss eritreas estonias ethiopias etonian etonians feales femalees
    femmees finish foreignes gambias georgias geriatricss ghanian ghanians grenadin grenadins
    guatemalas guineas gujrati gujratis gypses hardim hardims headmistresss heatheries heathery
    heires heiresss heroinees heroins herones hiress honduras hostes hostesss housewifees
    housewivees hungarias icelandes indans indias indins indonesias innuits irreligiouss israels
    jamaicas japanee jewies kazakhstans kazaks kenyas korans koreas kuwaits laddies ladiess laines
    lassees latian latians latvias leftes lesbias liberias librals libyas liechtensteines
    lithuanias luthern lutherns luxembourges luxemburger luxemburgers macedonias maians maides
    malaysias mapuchees marist marists mauritanias mennonitees mexicas micronesianss micronesias
    millennias millionairees millionairess millionnaire millionnaires minorites moldovas
    monegasquees mongolianss mongolias mongolss mongos mormos moronism mosquees moters mothes
    naives namibias nativees nepals newcomes nicaraguas niecees nigerias nonreligiouss nonwhitees
    nowhites overweighs pakistans panamaian panamaians parees parses patriarchess pensiones
    pentecostalss polynesianss pommes presbyterias priestes priestesss princes princessees
    princesss progressivees qatars quakes randan randans redecks refuge refuges retiees retire
    retires retree retrees romanes romanias rommanies rommany russias rwandas salvadoras samans
    samoas scandinavias schoolmistresss senors sephardis serbias serian serians shiitees sisers
    sistes slovenees slovenias slovens somalias somals spotsman spotsmans stewardes stewardesss
    synagoguees syrias tanzanias tongas toories toriies tourettees tunisias turken turkens ugandas
    uigurs unbelieves unclees underweighs unhosed venezuelas waitresss wealthes welses weshes
    whitees whitess wiccas widowes yankes yemens zabian zabians zambias zoomes
    """.split()  # noqa: SIM905 - a word list reads better as text
)
