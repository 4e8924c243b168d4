"""Dropped- and doubled-letter spellings of identity terms, for the taxonomy's automaton.

"Mslims", "imigrants", "Muuslims" and "Christtians" stay readable to people and slip past an exact
match, like the swapped letters of `taxonomy._add_transposed_forms`. The forms are added to the
taxonomy's Aho-Corasick automaton (more keys, no per-text cost), never written into the text, so
the encoder reads the text as it came. Only authored one-word `terms` of 6+ letters get them
(never the everyday context words), only letters after the first change, a dropped letter is
never the last, and no form that is a word of the lexicons or an English word, name or place
(or its plural: "brothers" without its "r" is "bothers", "Americans" without its "n" is
"Americas") is added; `REAL_WORDS` lists those, from `bench/audit_transposed.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from dataclasses import replace
from typing import Any, Protocol

MIN_LENGTH = 6


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
    from another derived form. An entry is copied with `dataclasses.replace(entry, term=form)`.
    """
    added = 0
    for term, entry in authored:
        if entry.kind != "term" or len(term) < MIN_LENGTH or not term.isalpha():
            continue
        for form in dropped(term) + doubled(term):
            if form in entries or form in vocabulary or form in REAL_WORDS:
                continue
            entries[form] = replace(entry, term=form)  # type: ignore[type-var]
            added += 1
    return added


# Forms that are English words, names or places, or their plurals (web2 and GCIDE word lists of the
# `english-words` package, checked with bench/audit_transposed.py when the forms were added).
REAL_WORDS = frozenset(
    [
        "aboriginees", "aboriginess", "actresss", "adders", "agendes", "aghan", "aghans",
        "albanias", "amadi", "amadis", "amara", "amaras", "americas", "amhars", "anglian",
        "anglians", "angolas", "angos", "apace", "apaces", "apachees", "apachess", "aromatic",
        "aromatics", "asperges", "aspes", "assies", "aussiees", "australias", "backs", "bahrains",
        "bangladeshs", "basquees", "beduin", "beduins", "bengals", "bides", "bigener", "bigeners",
        "billionairees", "blackss", "bloes", "blokees", "bokes", "bolivias", "boomes", "bother",
        "bothers", "brahmis", "bramin", "bramins", "brazilin", "brazilins", "bridees", "bridemaid",
        "bridemaids", "brids", "bries", "brothes", "cameronian", "cameronians", "caucasias",
        "charwoman", "charwomans", "cherokeess", "chinee", "chinse", "christianites", "colombin",
        "colombins", "commiees", "congoese", "conservativees", "cubas", "curch", "curches", "dalis",
        "dalts", "ducess", "duchessees", "duchesss", "ecuadoran", "ecuadorans", "elies", "elitees",
        "eltes", "empresss", "eritreas", "ethiopias", "feales", "fells", "femalees", "femes",
        "femmees", "foreignes", "gambias", "geeks", "geriatricss", "ghanian", "ghanians", "grees",
        "guineas", "gujrati", "gujratis", "gypses", "hardim", "hardims", "headmistresss",
        "heatheries", "heathery", "heires", "heiresss", "heroinees", "heroins", "herones", "hinds",
        "hiress", "hostes", "hostesss", "housewifees", "housewivees", "indan", "indans", "indias",
        "indin", "indins", "innuits", "iraqs", "irreligiouss", "israels", "jamaicas", "japanee",
        "jewies", "kenyas", "koran", "korans", "koreas", "laddies", "lades", "ladiess", "laies",
        "laine", "laines", "lases", "lassees", "lasss", "leftes", "lesbias", "liberias", "librals",
        "libyas", "luthern", "lutherns", "maian", "maians", "maides", "mapuchees", "maris",
        "marist", "marists", "mennonitees", "mexicas", "micronesianss", "millennias",
        "millionairees", "millionairess", "millionnaire", "millionnaires", "minorites", "mormos",
        "moron", "moronism", "mosquees", "moter", "moters", "mothes", "naives", "nativees",
        "newcomes", "nicaraguas", "nices", "niecees", "nises", "nisis", "nonreligiouss",
        "nonwhitees", "nowhites", "omans", "overweighs", "pagas", "pakistans", "panamaian",
        "panamaians", "patriarchess", "pensiones", "pentecostalss", "pinas", "pinos", "pinys",
        "polynesianss", "pommes", "presbyterias", "priestes", "priestesss", "princes",
        "princessees", "princesss", "progressivees", "quakes", "quees", "rabis", "randan",
        "randans", "redecks", "refuge", "refuges", "retiees", "retire", "retires", "retree",
        "retrees", "romanes", "rommanies", "rommany", "russias", "salvadoras", "saman", "samans",
        "schoolmistresss", "senors", "sephardis", "shiitees", "siser", "sisers", "sistes", "somals",
        "spotsman", "spotsmans", "stewardes", "stewardesss", "sunns", "swans", "synagoguees",
        "tails", "tamis", "toies", "tongas", "toories", "tores", "toriies", "tourettees", "tries",
        "twees", "unbelieves", "unces", "unclees", "underweighs", "unhosed", "waitresss",
        "wealthes", "welses", "weshes", "whies", "whitees", "whitess", "whits", "wiccas", "widowes",
        "wites", "woans", "yankes", "yemens", "zabian", "zabians", "zoomes"
    ]
)
