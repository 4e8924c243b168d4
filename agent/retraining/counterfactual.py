"""Counterfactual rewriting for the harvest: the same text about another group of the same axis.

Group mentions (found by the taxonomy matcher) are replaced by the target group's term, in the
number of the original (singular or plural) and its capitalisation, with a/an fixed before it.
Swapping between women and men also swaps the gendered words around the mention: pronouns,
possessives ("her" as determiner becomes "his", as object "him"), family and role nouns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from detectors.taxonomy import Mention, Taxonomy, plural_forms

# Authored pairs (feminine, masculine), singular and plural.
GENDER_PAIRS = [
    ("woman", "man"), ("women", "men"), ("female", "male"), ("females", "males"), ("girl", "boy"),
    ("girls", "boys"), ("lady", "gentleman"), ("ladies", "gentlemen"), ("mother", "father"),
    ("mothers", "fathers"), ("mom", "dad"), ("moms", "dads"), ("mum", "dad"), ("mums", "dads"),
    ("wife", "husband"), ("wives", "husbands"), ("daughter", "son"), ("daughters", "sons"),
    ("sister", "brother"), ("sisters", "brothers"), ("aunt", "uncle"), ("aunts", "uncles"),
    ("niece", "nephew"), ("nieces", "nephews"), ("grandmother", "grandfather"),
    ("grandmothers", "grandfathers"), ("grandma", "grandpa"), ("girlfriend", "boyfriend"),
    ("girlfriends", "boyfriends"), ("bride", "groom"), ("brides", "grooms"), ("widow", "widower"),
    ("widows", "widowers"), ("schoolgirl", "schoolboy"), ("schoolgirls", "schoolboys"),
    ("businesswoman", "businessman"), ("businesswomen", "businessmen"), ("chairwoman", "chairman"),
    ("spokeswoman", "spokesman"), ("policewoman", "policeman"), ("policewomen", "policemen"),
    ("actress", "actor"), ("actresses", "actors"), ("waitress", "waiter"), ("waitresses", "waiters"),
    ("stepmother", "stepfather"), ("granddaughter", "grandson"), ("heroine", "hero"),
    ("heroines", "heroes"), ("princess", "prince"), ("queen", "king"), ("queens", "kings"),
    ("duchess", "duke"), ("she", "he"), ("hers", "his"), ("herself", "himself"), ("mrs", "mr"),
    ("ms", "mr"), ("madam", "sir"), ("womanhood", "manhood"), ("girlhood", "boyhood"),
    ("feminine", "masculine"), ("sorority", "fraternity"),
]  # fmt: skip
_TO_MALE = dict(GENDER_PAIRS)
# "mum" and "ms" also map to dad/mr; the reverse takes the first pair listed.
_TO_FEMALE: dict[str, str] = {}
for _f, _m in GENDER_PAIRS:
    _TO_FEMALE.setdefault(_m, _f)
# Words after which "her" is an object pronoun ("told her that"), not a determiner ("her job").
_NOT_A_NOUN_NEXT = frozenset(
    re.split(
        r"\s+",
        "to and or but for with at in on that because when if as than so about from by of into after before "
        "again too also is was be has had will would can could should",
    )
)
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


@dataclass(frozen=True)
class GroupTerms:
    singular: str
    plural: str


# Axes whose group names are proper nouns in English ("a Christian", "Mexicans").
_PROPER_AXES = frozenset(["religion", "nationality", "race_ethnicity"])
_ADJECTIVE_AXES = frozenset(
    ["gender_identity", "sexual_orientation", "race_ethnicity", "disability", "body_type", "socioeconomic", "age"]
)
_LOWER_GROUPS = frozenset(["black", "white", "people_of_color", "multiracial", "atheist"])


def group_terms(data: dict[str, Any]) -> dict[str, GroupTerms]:
    """A singular and a plural noun phrase per group, chosen from the identity lexicon's terms."""
    out: dict[str, GroupTerms] = {}
    for axis, axis_data in (data.get("axes") or {}).items():
        for group, gdata in (axis_data.get("groups") or {}).items():
            terms = [str(t) for t in (gdata.get("terms") or []) + (gdata.get("context_terms") or [])]
            terms = [t for t in terms if not t.startswith("the ")]
            if not terms:
                continue
            # Where group names are adjectives ("gay", "blind"), "X people" and "X person": respectful
            # ("gays" is not) and grammatical in any sentence. Elsewhere the lexicon's first noun.
            nouns = axis not in _ADJECTIVE_AXES
            plural = None if nouns else next((t for t in terms if _people(t, "people")), None)
            if nouns and plural_forms(terms[0]):
                plural = plural_forms(terms[0])[0]
            plural = plural or next((t for t in terms if _looks_plural(t)), None)
            if plural is None:
                forms = plural_forms(terms[0])
                plural = forms[0] if forms else terms[0]
            singular = None if nouns else next((t for t in terms if _people(t, "person")), None)
            singular = singular or next((t for t in terms if plural in plural_forms(t)), None)
            if singular is None:
                singular = plural[: -len("people")] + "person" if plural.endswith(" people") else terms[0]
            if axis in _PROPER_AXES and group not in _LOWER_GROUPS:
                singular, plural = _title(singular), _title(plural)
            out[group] = GroupTerms(singular, plural)
    return out


def _people(term: str, noun: str) -> bool:
    return term.endswith(" " + noun) or term.startswith(noun + " ")


def _title(term: str) -> str:
    return " ".join(w[:1].upper() + w[1:] if w not in ("of", "and", "person", "people") else w for w in term.split(" "))


def _looks_plural(term: str) -> bool:
    last = term.rsplit(" ", 1)[-1]
    return (last.endswith("s") and not last.endswith("ss")) or last in {"people", "men", "women", "children", "folk"}


def _case_like(word: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word  # proper nouns keep their capitals from group_terms


def _fix_article(before: str, word: str) -> str:
    m = re.search(r"\b(an?|An?)(\s+)$", before)
    if m is None:
        return before
    want = "an" if word[:1].lower() in "aeiou" else "a"
    article = want if m.group(1)[0] == "a" else want.capitalize()
    return before[: m.start(1)] + article + m.group(2)


def swap_gender(text: str, to_male: bool) -> str:
    """Every gendered word swapped (pronouns, possessives, family and role nouns)."""
    table = _TO_MALE if to_male else _TO_FEMALE
    out: list[str] = []
    last = 0
    for m in _WORD.finditer(text):
        word = m.group()
        low = word.lower()
        if to_male and low == "her":
            nxt = _WORD.match(text, m.end() + 1) if m.end() < len(text) and text[m.end()] == " " else None
            repl = "his" if nxt is not None and nxt.group().lower() not in _NOT_A_NOUN_NEXT else "him"
        elif not to_male and low in ("him", "his"):
            if low == "him":
                repl = "her"
            else:
                nxt = _WORD.match(text, m.end() + 1) if m.end() < len(text) and text[m.end()] == " " else None
                repl = "her" if nxt is not None and nxt.group().lower() not in _NOT_A_NOUN_NEXT else "hers"
        elif low in table:
            repl = table[low]
        else:
            continue
        out.append(text[last : m.start()])
        out.append(_case_like(repl, word))
        last = m.end()
    out.append(text[last:])
    return "".join(out)


class Counterfactuals:
    def __init__(self, taxonomy: Taxonomy, data: dict[str, Any]) -> None:
        self.taxonomy = taxonomy
        self.terms = group_terms(data)

    def mentions_of(self, text: str, group: str) -> list[Mention]:
        return [m for m in self.taxonomy.match(text) if m.group == group]

    def swap(self, text: str, source: str, target: str) -> str:
        """`text` with mentions of `source` replaced by `target` (same axis), grammar kept."""
        if self.taxonomy.group_axis.get(source) == "gender" and self.taxonomy.group_axis.get(target) == "gender":
            return swap_gender(text, to_male=(target == "men"))
        terms = self.terms[target]
        out: list[str] = []
        last = 0
        for m in sorted(self.mentions_of(text, source), key=lambda m: m.start):
            if m.start < last:
                continue
            word = terms.plural if _looks_plural(m.term.lower()) else terms.singular
            word = _case_like(word, m.term)
            out.append(_fix_article(text[last : m.start], word))
            out.append(word)
            last = m.end
        out.append(text[last:])
        return "".join(out)
