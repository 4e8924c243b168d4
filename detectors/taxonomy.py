"""Identity-group taxonomy and the Aho-Corasick matcher that finds group mentions in text.

Matching runs on the normalised text (detectors/normalise.py: leetspeak, homoglyphs, spaced
letters undone); each mention carries its span in the original text (`start`, `end`, `term`,
what evidence shows) and in the normalised one (`nstart`, `nend`, what the harm grammar and
neutralisation read).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from detectors import described, misspellings, obfuscated_forms, yamlload
from detectors.lexscan import LexiconScanner, Match
from detectors.nominal import SIDES, nominal_use, side_use
from detectors.normalise import Normalised, default_normaliser, normalise_text
from detectors.predicative import predicative_use

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_WORD = re.compile(r"[a-z0-9]+")
_WORD_APOS = re.compile(r"[a-z0-9']+")
_LAST_WORD = re.compile(r"([a-z0-9']+) $")


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # span in the original text; `term` is the original text there
    end: int
    term: str
    axis: str
    group: str
    nstart: int = -1  # span in the normalised text; -1: the same as the original span
    nend: int = -1

    @property
    def nspan(self) -> tuple[int, int]:
        return (self.nstart, self.nend) if self.nstart >= 0 else (self.start, self.end)

    def shifted(self, offset: int, noffset: int) -> Mention:
        """The mention relative to a slice starting at `offset` (original) / `noffset` (normalised)."""
        ns, ne = self.nspan
        s, e = self.start - offset, self.end - offset
        return Mention(s, e, self.term, self.axis, self.group, ns - noffset, ne - noffset)

    def normalised(self) -> Mention:
        """The mention with its normalised span as its span (for code that reads normalised text)."""
        ns, ne = self.nspan
        return Mention(ns, ne, self.term, self.axis, self.group)


@dataclass(frozen=True, slots=True)
class _Entry:
    term: str
    kind: str  # "term" | "context" | "cased" | "cased_context" | "slot" | "false_friend"
    targets: tuple[tuple[str, str], ...]  # (axis, group)
    # A swapped or split spelling (`_add_split_forms`, `_add_transposed_forms`, obfuscated_forms): its
    # mention takes a following "people" in, as the authored "<term> people" phrase does.
    derived: bool = False
    # The authored term a generated form spells ("the rigth" spells "the right"), so a rule read
    # from the term holds for its misspellings too; empty for an authored term (its own `term`).
    origin: str = ""

    @property
    def authored(self) -> str:
        return self.origin or self.term


# Lexicon keys per group and the entry kind each produces. "context" terms are everyday words
# ("black", "old") that only name people when a person noun follows; "cased" terms are words
# whose lowercase form is a common verb or adjective ("polish"), so only the capitalised,
# non-imperative use counts.
_KEYS = (("terms", "term"), ("context_terms", "context"), ("cased_terms", "cased"))
# A capitalised word at the start of a sentence followed by one of these is an imperative verb
# ("Polish the silver"), not the demonym ("Polish workers").
_IMPERATIVE_OBJECTS = frozenset(
    [
        "the",
        "a",
        "an",
        "your",
        "my",
        "his",
        "her",
        "their",
        "our",
        "its",
        "it",
        "them",
        "this",
        "that",
        "these",
        "those",
        "off",
        "up",
        "some",
        "every",
        "each",
    ]
)
# The generic person nouns of "<term> people" phrases, which an obfuscated term's mention takes in.
_PEOPLE = frozenset(["people", "persons", "folks", "folk", "men", "women"])
_COORDINATORS = frozenset(["and", "or"])
# Closed-class words that never modify a person noun, so a context term followed by one and then
# a person noun ("black and people", "blind to drivers") does not describe those people.
_FUNCTION_WORDS = frozenset(
    """and or but nor for to of in on at by with from as than then so if when while because since
    into onto over under about after before like not no the a an is are was were be been being am
    it its this that these those there here who whom which what""".split()  # noqa: SIM905 - a word list reads better as text
)
_SENTENCE_OPENERS = frozenset('.!?:;"\u201c(\n')


def normalise(text: str) -> str:
    """Lowercase with apostrophes unified; same length as the input so spans stay valid."""
    low = text.lower()
    # The apostrophe table maps only non-ASCII characters; translating costs more than lowering.
    return low if low.isascii() else low.translate(_APOSTROPHES)


def spelling_variants(term: str) -> list[str]:
    """The term with hyphens and spaces swapped ("mixed-race" / "mixed race"), itself first."""
    out = [term]
    if "-" in term:
        out.append(term.replace("-", " "))
    elif " " in term and term.count(" ") <= 2 and term.split(" ", 1)[0] not in _NO_HYPHEN_HEADS:
        out.append(term.replace(" ", "-"))
    return out


# Multi-word terms starting with these are phrases, not compounds; hyphenating them is noise.
_NO_HYPHEN_HEADS = frozenset(["the", "people", "person", "persons", "a", "an", "on", "in", "of", "uses"])


_NO_PLURAL = ("ish", "ese", "ed", "less", "men", "people", "ren", "ism", "ness", "folk", "kind")


def plural_forms(term: str) -> list[str]:
    """Regular English plurals of the last word; irregular ones are listed in the lexicon."""
    head, _, last = term.rpartition(" ")
    prefix = f"{head} " if head else ""
    if term.startswith("the ") or (last.endswith("s") and not last.endswith("ss")) or last.endswith(_NO_PLURAL):
        return []  # already plural, an adjective ("british", "handicapped") or a mass noun ("judaism")
    if last.endswith(("s", "sh", "ch", "x", "z")):
        forms = [last + "es"]
    elif len(last) > 1 and last.endswith("y") and last[-2] not in "aeiou":
        forms = [last[:-1] + "ies"]
    else:
        forms = [last + "s"]
    return [prefix + f for f in forms]


# The taxonomy's own name in its shared scan; other lexicons register theirs (`share_scan`).
_OWN = "identity"
_ORIGINS = "countries"
_WORN = "worn"
_NUMBER_WORDS = "number_words"
_PRACTISED = "practised"
# Between two countries of one list of origins.
_LISTED = frozenset([" and ", " or ", ", ", " & ", ", and ", ", or ", "/"])
# Country names that are also a person's name or a word: their people only when capitalised.
_NAMES_TOO = frozenset(["jordan", "chad", "georgia", "niger", "turkey", "guinea", "israel", "us"])


class Mentions(list[Mention]):
    """The group mentions of one text, with what the lexicons sharing the scan found in it.

    `shared[key]` holds the whole-word matches (start, end, payload) of the lexicon registered
    under `key`, in the normalised text `text`, so that lexicon need not scan the text again;
    `low` is that text as the scan read it (`normalise(text)`).
    """

    __slots__ = ("low", "shared", "text")

    def __init__(self, text: str, shared: dict[str, list[Match]], low: str | None = None) -> None:
        super().__init__()
        self.text = text
        self.shared = shared
        self.low = normalise(text) if low is None else low

    def shared_matches(self, key: str, text: str) -> list[Match] | None:
        """The matches of lexicon `key` if these mentions were found in `text`; else None (scan it)."""
        return self.shared.get(key) if text == self.text else None


class Taxonomy:
    """The fixed set of axes and groups; group keys are the bounded label set for metrics."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.axes: dict[str, tuple[str, ...]] = {}
        self.group_axis: dict[str, str] = {}
        self.person_nouns = frozenset(str(w) for w in data.get("person_nouns", []))
        self._insult_nouns = frozenset(str(w) for w in data.get("insult_nouns") or [])
        self.nominal_terms = frozenset(normalise(str(w)).strip() for w in data.get("nominal_context_terms") or [])
        entries: dict[str, _Entry] = {}
        false_friends = [normalise(str(raw)).strip() for raw in data.get("false_friends") or []]
        guard = data.get("language_guard") or {}
        self._guard = LanguageGuard(guard)
        language_names: set[str] = set()
        for axis, axis_data in (data.get("axes") or {}).items():
            groups = axis_data.get("groups") or {}
            self.axes[axis] = tuple(groups)
            for group, gdata in groups.items():
                if group in self.group_axis:
                    raise ValueError(f"identity lexicon: group {group!r} appears in two axes")
                self.group_axis[group] = axis
                for key, kind in _KEYS:
                    for raw in gdata.get(key) or []:
                        for term in spelling_variants(normalise(str(raw)).strip()):
                            for form in [term, *plural_forms(term)] if kind == "term" else [term]:
                                _add(entries, form, kind, (axis, group))
                language_names.update(normalise(str(raw)).strip() for raw in gdata.get("language_names") or [])
        self._language_names = frozenset(language_names)
        self.term_count = sum(1 for e in entries.values() if e.kind != "false_friend")
        authored = list(entries.items())
        _add_split_forms(entries)
        _add_transposed_forms(entries)
        self.misspelt_count = misspellings.add_misspelt_forms(entries, authored, default_normaliser().vocabulary)
        english = obfuscated_forms.english_forms()
        self.obfuscated_count = obfuscated_forms.add_short_forms(entries, authored, _copy, english)
        keep = self.person_nouns | {t for t, e in authored if t.isalpha() and e.kind != "false_friend"}
        # A predicate's subject: a person noun, or a group's own noun ("my grandfather is deaf").
        self._subjects = self.person_nouns | {t for t, e in authored if t.isalpha() and e.kind == "term"}
        self.obfuscated_count += obfuscated_forms.add_phrase_forms(entries, authored, _copy, english, keep)
        # The language guard's phrases ("in french", "french grammar") are read at match time
        # (`LanguageGuard`), not added to the automaton: 80 names by 263 words were 21,000 keys and
        # about 10 MiB of tables. They are counted as the false friends they act as.
        self.false_friend_count = len(
            set(false_friends) | {p for name in self._language_names for p in language_phrases(name, guard)}
        )
        for name in self._language_names:
            entries.setdefault(name, _Entry(name, _LANGUAGE, ()))
        for ff in false_friends:
            entries[ff] = _Entry(ff, "false_friend", ())
        self._entries = entries
        self.countries = _countries(data, entries)
        # What the described readings anchor on (countries, numbers in words, garments, practices)
        # rides the one scan as lexicons of their own, not as terms: a country is no mention of its
        # people ("a parcel from Nigeria") unless a person noun comes from it.
        self._shared: dict[str, dict[str, Any]] = {_ORIGINS: self.countries, _NUMBER_WORDS: described.NUMBER_WORDS}
        for key in (_WORN, _PRACTISED):
            named = {normalise(str(k)).strip(): str(v) for k, v in (data.get(key) or {}).items()}
            unknown = set(named.values()) - set(self.group_axis)
            if unknown:
                raise ValueError(f"identity lexicon: {key} names groups the taxonomy lacks: {sorted(unknown)}")
            self._shared[key] = named
        # Built at the first match, not here: the harm lexicon registers its terms right after
        # loading (`share_scan`), and building the 54,000-term automaton's tables first for the
        # taxonomy alone, then again with the harm terms, cost a fifth of a second per start.
        self._scanner: LexiconScanner | None = None
        self._scanner_lock = threading.Lock()
        self.authored_term_count = sum(
            len(g.get(key) or [])
            for a in (data.get("axes") or {}).values()
            for g in (a.get("groups") or {}).values()
            for key, _ in _KEYS
        )
        self.digest = hashlib.sha256(yamlload.digest_text(data).encode()).hexdigest()[:12]

    @classmethod
    def from_file(cls, path: Path) -> Taxonomy:
        with path.open(encoding="utf-8") as fh:
            return cls(yamlload.safe_load(fh))

    @classmethod
    def default(cls) -> Taxonomy:
        ref = resources.files("detectors") / "data" / "identity_terms.yaml"
        return cls(yamlload.safe_load(ref.read_text(encoding="utf-8")))

    @property
    def insult_nouns(self) -> frozenset[str]:
        """Insults that stand for people after a group's everyday word ("those Black thugs")."""
        return self._insult_nouns

    @property
    def groups(self) -> list[str]:
        return list(self.group_axis)

    def __contains__(self, term: object) -> bool:
        """Whether `term` is one of the surface forms `terms()` lists (a look-up, not a copy)."""
        return term in self._entries

    def targets_of(self, term: str) -> tuple[str, ...]:
        """The groups a surface form names, whatever its guard: for a reader that already knows the
        word describes a person ("a liberal", "who is straight"), where `match` would want a person
        noun after an everyday word."""
        entry = self._entries.get(term)
        if entry is None or entry.kind in ("false_friend", _LANGUAGE):
            return ()
        return tuple(group for _, group in entry.targets)

    def terms(self) -> set[str]:
        """Every surface form the matcher looks for, generated forms and authored false friends
        included, and the language names the guard reads around (not its phrases: `LanguageGuard`)."""
        return set(self._entries)

    def share_scan(self, key: str, terms: dict[str, Any]) -> None:
        """Scan for `terms` (lowercased term -> payload) in the same pass as the group terms.

        Their whole-word matches then come with every `match` result (`Mentions.shared_matches`).
        Registering the same key again is a no-op; each new key rebuilds the automaton once.
        """
        with self._scanner_lock:
            if key in self._shared:
                return
            self._shared[key] = terms
            self._scanner = None  # rebuilt with these terms at the next match

    @property
    def scanner(self) -> LexiconScanner:
        """The one automaton for the group terms and every shared lexicon's terms."""
        scanner = self._scanner
        if scanner is None:
            with self._scanner_lock:  # `score` matches from two threads: build it once
                scanner = self._scanner
                if scanner is None:
                    scanner = self._scanner = LexiconScanner({_OWN: self._entries, **self._shared})
        return scanner

    def match(self, text: str | Normalised) -> Mentions:
        """Group mentions in `text`, longest match first at each place, false friends removed."""
        norm = text if isinstance(text, Normalised) else normalise_text(text)
        text = norm.text
        low = normalise(text)
        scanner = self.scanner
        found = scanner.scan(low)
        out = Mentions(text, dict(zip(scanner.names[1:], found[1:], strict=True)), low)
        raw: list[tuple[int, int, _Entry]] = found[0]
        if not raw:
            self._described(norm, low, out)
            return out
        if self._language_names:
            raw = self._guarded(low, raw)
        # Longest span wins; anything inside it (including a false friend's span) is dropped.
        raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
        kept: list[tuple[int, int, _Entry]] = []
        covered_until = -1
        for start, end, entry in raw:
            if end <= covered_until:
                continue
            if start < covered_until:
                continue
            kept.append((start, end, entry))
            covered_until = end
        # A false friend that overlaps a term and reaches past it also cancels it: "elite athletes"
        # cancels "the elite" in "the elite athletes", though the term starts first.
        friends = [(s, e) for s, e, entry in raw if entry.kind == "false_friend"]
        taken_until = -1
        for start, end, entry in kept:
            if entry.kind == "false_friend" or start < taken_until:
                continue
            if friends and any(s < end and e > start and (s < start or e > end) for s, e in friends):
                continue
            kind = entry.kind
            if entry.authored in SIDES and not side_use(low, start, end):
                continue
            if kind != "term":
                if (
                    kind in ("context", "cased_context")
                    and not self._person_follows(low, end, insults=low[start:end] not in _PITY)
                    and not (low[start:end] in self.nominal_terms and nominal_use(low, start, end))
                    and not predicative_use(low, start, end, self._subjects)
                ):
                    continue
                if kind in ("cased", "cased_context") and not _proper_use(text, low, start, end):
                    continue
                if kind == obfuscated_forms.SLOT and not self._group_slot(text, low, start, end):
                    continue
                if kind == "context" and entry.derived and _in_name(text, low, start, end):
                    continue
            if entry.derived:
                # "Aisan people" reads as the authored "asian people" does: one mention, so the harm
                # grammar sees the same noun phrase as for the plain spelling.
                nxt = _WORD.match(low, end + 1) if end < len(low) and low[end] == " " else None
                if nxt is not None and nxt.group(0) in _PEOPLE:
                    end = taken_until = nxt.end()
            o_start, o_end = norm.span(start, end)
            term = norm.original[o_start:o_end]
            for axis, group in entry.targets:
                out.append(Mention(o_start, o_end, term, axis, group, start, end))
        self._described(norm, low, out)
        return out

    def _described(self, norm: Normalised, low: str, out: Mentions) -> None:
        """Adds the groups `described` finds named by age, country, dress, practice or condition,
        each as one mention of the whole phrase, joined with any listed mention inside it
        ("immigrants from Mexico": both groups)."""
        found: list[tuple[int, int, tuple[tuple[str, str], ...]]] = []
        for start, end, group in described.ages(low, self.person_nouns, out.shared.get(_NUMBER_WORDS) or ()):
            found.append((start, end, ((self.group_axis[group], group),)))
        countries = [
            (start, end, group)
            for start, end, group in out.shared.get(_ORIGINS) or ()
            if start > 0
            and (low[start:end] not in _NAMES_TOO or norm.text[start].isupper())
            and not low.startswith("'s", end)  # "the guys from Chad's team": a name
        ]
        for i, (start, end, group) in enumerate(countries):
            head = described.origin(low, start, self.person_nouns)
            if head is None:
                continue
            found.append((head, end, ((self.group_axis[group], group),)))
            # "people from Ghana and Nigeria": every country of the list is the people's origin
            for nxt_start, nxt_end, nxt_group in countries[i + 1 :]:
                if low[end:nxt_start] not in _LISTED:
                    break
                found.append((head, nxt_end, ((self.group_axis[nxt_group], nxt_group),)))
                end = nxt_end
        for key, reader in ((_WORN, described.worn), (_PRACTISED, described.practising)):
            for start, end, group in out.shared.get(key) or ():
                head = reader(low, start, self.person_nouns) if start > 0 else None
                if head is not None:
                    found.append((head, end, ((self.group_axis[group], group),)))
        # "people with dyslexia": the condition's people, as "people with autism" (listed) is
        for m in out:
            start, end = m.nspan
            if (
                m.axis != "disability"
                or start == 0
                or self._person_follows(low, end, coordinated=False)
                or low[start:end].rsplit(" ", 1)[-1] in self.person_nouns
            ):
                continue  # "people with disabled kids", "with autistic children": the kids have it
            head = described.having(low, start, self.person_nouns)
            if head is not None:
                found.append((head, end, ()))
        if found:
            out[:] = _joined(norm, list(out), found)

    def _guarded(self, low: str, raw: list[tuple[int, int, _Entry]]) -> list[tuple[int, int, _Entry]]:
        """`raw` with each language name's guard phrase ("in french", "american english") as a false
        friend, and without the bare names that are no term."""
        out = [r for r in raw if r[2].kind != _LANGUAGE]
        for start, end, _ in raw:
            if low[start:end] in self._language_names:
                out.extend((s, e, _GUARD_FRIEND) for s, e in self._guard.phrases(low, start, end))
        return out

    def _person_follows(self, low: str, end: int, coordinated: bool = True, insults: bool = False) -> bool:
        """A person noun next, or after one modifier word ("blind marathon runner"), or after "and" or
        "or" and another group word that one follows ("deaf and blind people", "Black or Asian men");
        with `insults`, an insult that stands for people counts as one ("those Black thugs").

        A function word is no modifier: "the sky turned black and people ran" and "the screen went
        black for users" say nothing of black people.
        """
        for step in range(2):
            nxt = _WORD.match(low, end + 1) if end < len(low) and low[end] in " -" else None
            if nxt is None:
                return False
            word = nxt.group(0)
            if word in self.person_nouns or (insults and word in self._insult_nouns):
                return True
            if word in _COORDINATORS and coordinated and step == 0:
                other = _WORD.match(low, nxt.end() + 1) if low[nxt.end() : nxt.end() + 1] == " " else None
                entry = self._entries.get(other.group(0)) if other is not None else None
                if other is None or entry is None or entry.kind == "false_friend":
                    return False
                return self._person_follows(low, other.end(), coordinated=False)
            if word in _FUNCTION_WORDS:
                return False
            end = nxt.end()
        return False

    def _group_slot(self, text: str, low: str, start: int, end: int) -> bool:
        """Whether [start, end) stands where a group noun would (see `obfuscated_forms.SLOT_BEFORE`)."""
        before = _LAST_WORD.search(low, 0, start)
        if before is not None and text[before.start(1)].isupper():
            return False  # after a capitalised word: a name ("Conrad Janis is"), not a group
        if self._person_follows(low, end):
            return True
        nxt = _WORD_APOS.match(low, end + 1) if end < len(low) and low[end] == " " else None
        if nxt is not None and nxt.group(0) in obfuscated_forms.SLOT_AFTER:
            return True
        return before is not None and before.group(1) in obfuscated_forms.SLOT_BEFORE

    def groups_in(self, mentions: Iterable[Mention]) -> list[str]:
        return sorted({m.group for m in mentions})


def _joined(
    norm: Normalised, listed: list[Mention], found: list[tuple[int, int, tuple[tuple[str, str], ...]]]
) -> list[Mention]:
    """The mentions with each described phrase (normalised span, its groups) as one mention of the
    whole phrase per group, taking in the listed mentions it overlaps and their groups. One sweep
    over both, by start: a text of a thousand descriptions costs no more than its listed mentions."""
    items: list[tuple[int, int, Mention | None, tuple[tuple[str, str], ...]]] = [
        (m.nspan[0], m.nspan[1], m, ()) for m in listed
    ]
    items += [(start, end, None, targets) for start, end, targets in found]
    items.sort(key=lambda item: item[0])
    out: list[Mention] = []
    group: list[tuple[int, int, Mention | None, tuple[tuple[str, str], ...]]] = []

    def close() -> None:
        if not any(m is None for _, _, m, _ in group):
            out.extend(m for _, _, m, _ in group if m is not None)
            return
        start = min(s for s, _, _, _ in group)
        end = max(e for _, e, _, _ in group)
        pairs = dict.fromkeys(
            [
                *((m.axis, m.group) for _, _, m, _ in group if m is not None),
                *(pair for _, _, m, targets in group if m is None for pair in targets),
            ]
        )
        o_start, o_end = norm.span(start, end)
        term = norm.original[o_start:o_end]
        out.extend(Mention(o_start, o_end, term, axis, g, start, end) for axis, g in pairs)

    reach = -1
    for item in items:
        if group and item[0] >= reach:
            close()
            group = []
        group.append(item)
        reach = max(reach, item[1]) if len(group) > 1 else item[1]
    if group:
        close()
    return out


def _countries(data: dict[str, Any], entries: dict[str, _Entry]) -> dict[str, str]:
    """Country name -> the nationality group of its people, from the flag emoji the lexicon names
    with their nationals ("Nigeria: Nigerians"), plus `country_aliases` ("uk" -> "united kingdom")."""
    out: dict[str, str] = {}
    for name, nationals in (data.get("emoji") or {}).items():
        words = normalise(str(nationals)).strip()
        entry = entries.get(words) or entries.get(words.removeprefix("the "))
        groups = {g for a, g in entry.targets if a == "nationality"} if entry is not None else set()
        if len(groups) == 1:  # only flags name nationals; other emoji name a faith, a pride, a need
            out[normalise(str(name)).strip()] = groups.pop()
    for alias, country in (data.get("country_aliases") or {}).items():
        if normalise(str(country)).strip() in out:
            out[normalise(str(alias)).strip()] = out[normalise(str(country)).strip()]
    return out


def _in_name(text: str, low: str, start: int, end: int) -> bool:
    """A capitalised word right after another ("Judy Yung is"): a surname, not a misspelt group word."""
    if not (text[start].isupper() and text[start + 1 : end].islower()):
        return False
    before = _LAST_WORD.search(low, 0, start)
    return before is not None and text[before.start(1)].isupper()


def _proper_use(text: str, low: str, start: int, end: int) -> bool:
    """Capitalised, and not an imperative verb opening a sentence ("Polish the silver")."""
    if not text[start].isupper():
        return False
    before = text[:start].rstrip()
    if before and before[-1] not in _SENTENCE_OPENERS:
        return True
    nxt = _WORD.match(low, end + 1) if end < len(low) and low[end] == " " else None
    return nxt is None or nxt.group(0) not in _IMPERATIVE_OBJECTS


_LANGUAGE = "language"  # a language name that is no term: found only for its guard phrases
# Context terms after which an insult is pity, not a name for the group's people ("those poor freaks").
_PITY = frozenset(["poor"])
_GUARD_FRIEND = _Entry("", "false_friend", ())


class LanguageGuard:
    """The phrases in which a demonym that is also a language names the language: a word or phrase
    of `language_guard.before` right before it ("speaks French", "translated into French"), or of
    `after` right after it ("French grammar", "French is spoken"), as whole words with one space
    between, as the automaton matched them when they were generated into it."""

    def __init__(self, guard: dict[str, Any]) -> None:
        self.before = frozenset(normalise(str(w)).strip() for w in guard.get("before") or [])
        self.after = frozenset(normalise(str(w)).strip() for w in guard.get("after") or [])
        self._reach = max((len(p.split(" ")) for p in self.before | self.after), default=0)

    def phrases(self, low: str, start: int, end: int) -> list[tuple[int, int]]:
        """The spans of the guard phrases around the language name at `start:end`."""
        out = []
        # A window of `_reach` words of up to 23 letters each is all a phrase can take.
        if start > 0 and low[start - 1] == " ":
            words = _WORD.findall(low, max(0, start - 24 * self._reach), start - 1)
            for n in range(1, min(self._reach, len(words)) + 1):
                phrase = " ".join(words[-n:])
                at = start - 1 - len(phrase)
                if phrase in self.before and low.startswith(phrase, at) and (at == 0 or not _word_char(low[at - 1])):
                    out.append((at, end))
        if end < len(low) and low[end] == " ":
            words = _WORD.findall(low, end + 1, end + 1 + 24 * self._reach)
            for n in range(1, min(self._reach, len(words)) + 1):
                phrase = " ".join(words[:n])
                stop = end + 1 + len(phrase)
                if (
                    phrase in self.after
                    and low.startswith(phrase, end + 1)
                    and (stop == len(low) or not _word_char(low[stop]))
                ):
                    out.append((start, stop))
        return out


def _word_char(c: str) -> bool:
    """As the automaton's whole-word matching reads it: an apostrophe is a boundary ("grammar's")."""
    return c.isalnum()


def language_phrases(name: str, guard: dict[str, Any]) -> list[str]:
    """Phrases in which a demonym names a language ("in French", "French grammar")."""
    before = [f"{normalise(str(w)).strip()} {name}" for w in guard.get("before") or []]
    after = [f"{name} {normalise(str(w)).strip()}" for w in guard.get("after") or []]
    return before + after


_MIN_SPLIT = 4  # a four-letter word splits only in its middle ("je ws"); "gay s", "jew s" never
# A split form whose two pieces are both words ("home less", "de af", "Pol ish") names a group only
# before a person noun: the kind it takes.
_GATED = {"term": "context", "context": "context", "cased": "cased_context"}


def _add_split_forms(entries: dict[str, _Entry]) -> None:
    """Each one-word term of 4+ letters also with one space inserted ("im migrants", "je ws").

    People break a group word to slip past a filter; this costs nothing per text (the automaton
    just has more keys) where a pass joining every pair of neighbouring words would not. When
    both pieces are words ("home less"), the form counts only before a person noun ("home less
    people", never "a home less crowded").
    """
    vocabulary = default_normaliser().vocabulary
    english = obfuscated_forms.english_splits()
    for term, entry in list(entries.items()):
        if entry.kind not in _GATED or len(term) < _MIN_SPLIT or not term.isalpha():
            continue
        for i in range(2, len(term) - 1):
            head, tail = term[:i], term[i:]
            form = f"{head} {tail}"
            if form in entries:
                continue
            # Long terms keep the rule they always had (pieces judged by the lexicons' words); the
            # four-letter ones, new, are judged by English words too ("de af").
            both = (head in vocabulary and tail in vocabulary) or (len(term) < _MIN_SPLIT + 1 and form in english)
            if both and (head in entries or tail in entries):
                # "french women", "men as": a piece matches on its own, and a gated form that failed
                # its gate would still hide it (the longest match wins before the gates are read).
                continue
            kind = _GATED[entry.kind] if both else entry.kind
            entries[form] = _Entry(form, kind, entry.targets, True, entry.authored)


_MIN_TRANSPOSED = 6  # shorter words swap into real words too often ("trans" / "tarns")
# Swapped forms that are English words or given names (checked against the web2 and GCIDE word
# lists when the forms were added; re-check with bench/audit_transposed.py after adding terms).
_TRANSPOSED_WORDS = frozenset(
    [
        "birdes",
        "bolkes",
        "chinees",
        "christina",
        "christinas",
        "colombina",
        "colombinas",
        "grandam",
        "grandams",
        "hasidism",
        "japanees",
        "laides",
        "latian",
        "latians",
        "lation",
        "lations",
        "millionaries",
        "nicees",
        "nisies",
        "pariss",
        "pionys",
        "prasees",
        "queres",
        "retieres",
        "romain",
        "romaines",
        "romains",
        "surinamees",
        "troies",
    ]
)


def _add_transposed_forms(entries: dict[str, _Entry]) -> None:
    """Each long one-word `term` also with two neighbouring inner letters swapped ("mulsims").

    Swapping letters keeps a word readable to people ("typoglycaemia") while it slips past an exact
    match. Only `terms` (never the everyday context words), only letters after the first, and never
    a form that is itself a word of the lexicons, so a real word is not turned into a mention.
    """
    vocabulary = default_normaliser().vocabulary
    for term, entry in list(entries.items()):
        if entry.kind != "term" or len(term) < _MIN_TRANSPOSED or not term.isalpha():
            continue
        for i in range(1, len(term) - 1):
            if term[i] == term[i + 1]:
                continue
            form = term[:i] + term[i + 1] + term[i] + term[i + 2 :]
            if form in entries or form in vocabulary or form in _TRANSPOSED_WORDS:
                continue
            entries[form] = _Entry(form, entry.kind, entry.targets, True, entry.authored)


def _copy(entry: _Entry, form: str, kind: str) -> _Entry:
    return _Entry(form, kind, entry.targets, True, entry.authored)


def _add(entries: dict[str, _Entry], term: str, kind: str, target: tuple[str, str]) -> None:
    existing = entries.get(term)
    if existing is None or existing.kind == "false_friend":
        entries[term] = _Entry(term, kind, (target,))
    elif target not in existing.targets:
        # "term" beats "context" when the same surface form is listed both ways.
        new_kind = "term" if "term" in (existing.kind, kind) else existing.kind
        entries[term] = _Entry(term, new_kind, (*existing.targets, target))


def neutralise(text: str | Normalised, mentions: list[Mention], placeholder: str = "someone") -> str:
    """The normalised text with each mentioned identity term replaced by one placeholder.

    `mentions` come from matching this same text; their normalised spans are used.
    """
    norm = text if isinstance(text, Normalised) else normalise_text(text)
    text = norm.text
    if not mentions:
        return text
    parts: list[str] = []
    last = 0
    for m in sorted({mm.nspan for mm in mentions}):
        if m[0] < last:
            continue
        parts.append(text[last : m[0]])
        parts.append(placeholder)
        last = m[1]
    parts.append(text[last:])
    return "".join(parts)
