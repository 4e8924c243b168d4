"""Undo the spellings people use to slip past a lexicon or an encoder, keeping an offset map.

Hate that is spelt "w0men", "m u s l i m s", "muuuslims", "blackpeople", with a Cyrillic "а" or
with a knife emoji never reaches a word list, and MiniLM turns most emoji into `[UNK]`. Every
text is normalised once per sample (the batch shares it, DESIGN.md's batch contract) before the
identity lexicon, the harm lexicon and the encoder see it: Unicode compatibility forms and
accents folded (NFKD, marks dropped: the uncased encoder drops them too), invisible characters
removed, homoglyphs mapped to the Latin letter they imitate, symbols written for letters inside
a word read as those letters ("f🅰️ggots", detectors/letter_symbols.py), emoji turned into their names (an
emoji that stands for a group into the group's words, "✡️" -> "Jews", a run of one emoji read
once, the skin tone of an emoji that depicts a person kept when the taxonomy reads it),
leetspeak inside words undone, letter runs collapsed, spaced-out letters joined, and glued
words split when a piece is an identity term (into slogan words, or, for a run that is no
English word, by wordninja's segmenter when the segments read as terms and slogan words:
"allgaymen", "hatenon-binarypeople"). Clean text comes back unchanged (the same
object's characters, no map), so the embedding of ordinary text, and hence the head's
features and the drift baselines, do not move. Each normalised character records the range
of the original text it came from, so every evidence span points into what the user sent.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import product
from typing import Any

import ahocorasick

from detectors import letter_symbols, yamlload
from detectors.masked import MASKED, MaskedWords


@dataclass(frozen=True, slots=True)
class Normalised:
    """A normalised text and, per character of it, the range of the original it came from."""

    original: str
    text: str
    starts: array[int] | None = None  # None: the text is the original, offsets are the identity
    ends: array[int] | None = None

    @property
    def changed(self) -> bool:
        return self.starts is not None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original-text span of the normalised span [start, end)."""
        if self.starts is None or self.ends is None:
            return start, end
        n = len(self.text)
        if end <= start:
            pos = self.starts[start] if start < n else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[min(end, n) - 1]

    def original_slice(self, start: int, end: int) -> str:
        a, b = self.span(start, end)
        return self.original[a:b]

    def from_emoji(self, start: int, end: int) -> bool:
        """The normalised span was written with no letter: an emoji the normaliser named."""
        return self.changed and not any(c.isalpha() for c in self.original_slice(start, end))


# (input start, input end, replacement): the replacement's characters come from input[start:end];
# start == end inserts.
Edit = tuple[int, int, str]


def _apply(state: Normalised, edits: list[Edit]) -> Normalised:
    """Apply sorted, non-overlapping edits to `state.text`, composing the offset maps."""
    if not edits:
        return state
    text = state.text
    n = len(text)
    if state.starts is None or state.ends is None:
        starts = array("l", range(n))
        ends = array("l", range(1, n + 1))
    else:
        starts, ends = state.starts, state.ends
    out: list[str] = []
    new_s: array[int] = array("l")
    new_e: array[int] = array("l")
    at = 0
    for a, b, repl in edits:
        if a > at:
            out.append(text[at:a])
            new_s.extend(starts[at:a])
            new_e.extend(ends[at:a])
        if repl:
            if b > a:
                lo, hi = starts[a], ends[b - 1]
            else:
                lo = hi = starts[a] if a < n else len(state.original)
            out.append(repl)
            new_s.extend([lo] * len(repl))
            new_e.extend([hi] * len(repl))
        at = max(at, b)
    if at < n:
        out.append(text[at:])
        new_s.extend(starts[at:])
        new_e.extend(ends[at:])
    return Normalised(state.original, "".join(out), new_s, new_e)


# Invisible characters people put inside words to break matching (zero-width space/joiners,
# word joiner, soft hyphen, BOM, bidi controls, Mongolian vowel separator); all are category Cf
# except the variation selectors and combining marks, dropped as category M below.
_SKIN_TONES = frozenset(chr(c) for c in range(0x1F3FB, 0x1F400))
_SKIN_TONE_NAME = re.compile(r"[_ ,:]*(?:light|medium-light|medium|medium-dark|dark)[_ ]skin[_ ]tone")
_SKIN_TONE = re.compile(r"(?:light|medium-light|medium|medium-dark|dark)[_ ]skin[_ ]tone")
# Words that describe how a person emoji looks ("person: beard", "man: red hair", "woman with
# headscarf"); with a person noun and nothing else, the emoji depicts a person, whose tone is kept.
_LOOKS = frozenset(
    """beard blond hair red curly white bald with headscarf hijabi wearing turban old older in a
    wheelchair blind deaf""".split()  # noqa: SIM905 - reads better as text
)
# A direction variant of a person emoji ("person in manual wheelchair facing right") is the same person.
_FACING = re.compile(r" facing right$")

# Leetspeak: the letter each symbol most often stands for, then the alternatives worth a try.
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a", "$": "s", "|": "l"}
_LEET_ALT = {"1": "il", "|": "li", "!": "il", "6": "gb", "9": "gq", "0": "o", "5": "s"}
_LEET_CHARS = frozenset(_LEET) | {"!", "6"}
# A number with a suffix is a number, even when its digits spell a word as leetspeak ("1980s" is
# "igbos", "1950s" "iosos"): decades, ordinals, times and sizes.
_NUMERAL = re.compile(r"\d{2,}(?:'?s|st|nd|rd|th|am|pm|k|m|x|g|gb|mb)?")
# Candidates: word-ish tokens with a leet symbol touching a letter, or a run of 3+ equal letters.
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@$|!")
_SUSPECT = re.compile(r"[A-Za-z][0-9@$|!]|[0-9@$|][A-Za-z]|([A-Za-z])\1\1")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Every non-ASCII character of every emoji the `emoji` library knows, and more (tested against the
# library's table in tests/test_normalise_emoji.py): text with none of them holds no emoji, so it
# never loads the library's table (about 35 ms of CPU and a few MB).
_MAYBE_EMOJI = re.compile(
    "[\u00a9\u00ae\u200d\u203c\u2049\u20e3\u2122-\u2b55\u3030\u303d\u3297\u3299\ufe0f"
    "\U0001f000-\U0001faff\U000e0020-\U000e007f]"
)
_PHRASE_WORDS = re.compile(r"[a-z]+")
_TRIPLES = tuple(c * 3 for c in "abcdefghijklmnopqrstuvwxyz")


def _class_table() -> bytes:
    table = bytearray(b"." * 256)
    for c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
        table[c] = ord("a")
    for c in b"0123456789@$|!":
        table[c] = ord("1")
    for c in b"-._*/":
        table[c] = ord("-")
    table[ord(" ")] = ord(" ")
    return bytes(table)


_CLASSES = _class_table()
_RUN = re.compile(r"([A-Za-z])\1{2,}", re.IGNORECASE)
# Three or more single letters with one repeated separator: "m u s l i m s", "w-o-m-e-n", "g.a.y".
_SPACED = re.compile(r"(?<![A-Za-z0-9])[A-Za-z](?P<sep>[ .\-_*/]|\. )[A-Za-z](?:(?P=sep)[A-Za-z])+(?![A-Za-z0-9])")
# Emails and URLs: their symbols are not leetspeak. (A handle, "@john", reads as leetspeak only
# when it spells a known word, like "@rabs"; the leet rule below settles that.)
_NOT_WORDS = re.compile(r"\S+@\S+\.\S+|https?://\S+|www\.\S+")
_MAX_CANDIDATES = 32
# Clean tokens remembered by the fast path: ordinary text reuses a few thousand words; the bound
# keeps a pathological stream (every token new) to a few MB.
_PLAIN_CACHE = 1 << 15
# Glued words are split only into pieces of at least this length, one of them an identity term
# of at least _MIN_TERM letters ("manslaughter" must not become "man slaughter").
_MIN_PIECE = 2
_MIN_TERM = 4
_MIN_GLUED = 7
# Glued slogans are a few words long ("thoseworking-classpeople" is 24 letters). A longer run is
# no slogan, and segmenting it costs time in its length: hostile input sends runs of 100,000
# letters, which took 98 s to normalise before this bound and the once-per-run scan below.
_MAX_GLUED = 64
# Person nouns that follow a group adjective in glued slogans ("oldpeople", "thoseshortmen").
_SCAN_NOUNS = ("people", "person", "persons", "folks")

# Short words that glue onto group terms in slogans; authored, the rest come from the lexicons.
_GLUE_WORDS = frozenset(
    """all the are is be these those go back home out get we they them our your you hate love kill about
    ban stop no not more every most real true so very just do dont should must die gas burn shoot
    deport send fuck fucking damn bloody stupid dirty filthy lazy evil like i'm im my me and of to
    for with from on in at by an people folk folks""".split()  # noqa: SIM905 - reads better as text
)


class Normaliser:
    """Normalises text against a vocabulary (the lexicons' words) that settles ambiguous cases."""

    def __init__(
        self,
        vocabulary: Iterable[str],
        group_words: Iterable[str],
        scan_words: Iterable[str] = (),
        emoji_words: Mapping[str, str] | None = None,
        person_words: Iterable[str] = (),
        skin_tones: Iterable[str] = (),
        phrases: Iterable[str] = (),
        taboo_words: Iterable[str] = (),
    ) -> None:
        """`group_words`: one-word identity terms (pieces a glued word may split into); `scan_words`:
        the words whose appearance inside a longer letter run makes it a glued-word candidate;
        `emoji_words`: the words written for an emoji that stands for a group, by the emoji's name
        (lowercase); `skin_tones`: the tones ("dark skin tone") kept in front of a person emoji
        ("dark skin tone woman"), where `person_words` make an emoji's name a person; other tones
        are dropped; `phrases`: the identity terms (lowercase, with their spaced and hyphenated
        spellings): a glued run that is no English word is segmented into words
        (`segment_words`) when the segments spell one of them ("allgaymen", "hatenon-binarypeople"),
        and words of them also make a run a candidate. Without `phrases`, no segmentation;
        `taboo_words`: the words a starred-out word ("n*gger") may be read as (`detectors.masked`)."""
        self.emoji_words = {k.lower(): v for k, v in (emoji_words or {}).items()}
        self.person_words = frozenset(w.lower() for w in person_words)
        self.skin_tones = frozenset(t.lower() for t in skin_tones)
        self.vocabulary = frozenset(w.lower() for w in vocabulary)
        self.group_words = frozenset(w.lower() for w in group_words if len(w) >= _MIN_PIECE + 1)
        # Glued words split only into group words and a short authored list of slogan words: with
        # the whole lexicon vocabulary, "transparent" became "trans parent".
        self._pieces = self.group_words | _GLUE_WORDS
        self._max_piece = max((len(w) for w in self._pieces), default=1)
        self._homoglyphs = _homoglyph_table()
        self._masked = MaskedWords(taboo_words)
        self._token = lru_cache(maxsize=65536)(self._token_edits)
        self._splits = lru_cache(maxsize=65536)(self._split)
        self._segments = lru_cache(maxsize=65536)(self._segment)
        self._phrases = frozenset(p.lower() for p in phrases)
        self._max_phrase_words = max((len(_PHRASE_WORDS.findall(p)) for p in self._phrases), default=0)
        # One pass finds group words inside longer letter runs (the only glued-word candidates)
        # and runs of three equal letters (value None).
        self._scan_automaton = ahocorasick.Automaton()
        scan = {w.lower() for w in scan_words} or {w for w in self.group_words if len(w) >= _MIN_TERM}
        # Segmentation looks at runs holding any word of a term, short ones too ("allgaymen",
        # "hatemen"): an English word ("amend", "mention") is never segmented, so they cost a
        # look-up per new token, not a false mention.
        # Only the long words (`scan`) start the split into slogan words: with "man" it cut "managed"
        # into "man aged".
        for w in {w for p in self._phrases for w in _PHRASE_WORDS.findall(p) if len(w) >= _MIN_PIECE + 1}:
            self._scan_automaton.add_word(w, (w, False))
        for w in scan:
            if w.isalpha():
                self._scan_automaton.add_word(w, (w, True))
        for run in _TRIPLES:
            self._scan_automaton.add_word(run, ("", False))
        self._scan_automaton.make_automaton()
        # Tokens known to need no edit, for the fast path (see `_plain`).
        self._plain_tokens: set[str] = set()

    def __call__(self, text: str) -> Normalised:
        if text.isascii() and self._plain(text):
            return Normalised(text, text)
        return self.full(text, known=True)

    def _plain(self, text: str) -> bool:
        """Whether ASCII `text` certainly comes back unchanged from `full`, decided per word.

        Every gate in `full` but one looks inside a whitespace-separated token (leet symbols
        touching letters, "w-o-m-e-n", letter runs, glued words), so a token that passed once
        passes everywhere and the verdict is cached: a set lookup per token instead of an
        automaton pass and five substring searches over the text. The one gate that spans
        tokens, single letters between single spaces ("m u s l i m s"), is checked on the text;
        the other ("g. a. y") needs a token that is a letter and a separator, which is never
        cached. A False answer only means "take the full path".
        """
        tokens = text.split()
        cache = self._plain_tokens
        if not cache.issuperset(tokens):
            for token in tokens:
                if token in cache:
                    continue
                if not self._plain_token(token):
                    return False
                if len(cache) >= _PLAIN_CACHE:
                    cache.clear()  # bounded; clearing (not freezing) follows a vocabulary that drifts
                cache.add(token)
        return b" a a a " not in b" " + text.encode("ascii").translate(_CLASSES) + b" "

    def _plain_token(self, token: str) -> bool:
        classes = token.encode("ascii").translate(_CLASSES)
        if "*" in token and MASKED.search(token) is not None:
            return False
        if b"a1" in classes or b"1a" in classes or b"a-a-a" in classes or classes == b"a-":
            return False
        glued, runs = self._scan(token.lower(), token)
        return not glued and not runs

    def full(self, text: str, known: bool = False) -> Normalised:
        """The normalisation without the per-token fast path (what `__call__` must always equal).

        `known`: skip, in the glued-word scan, the tokens the fast path already judged plain.
        """
        state = Normalised(text, text)
        if not text:
            return state
        if not text.isascii():
            # Before the emoji names: "f🅰️ggots" is a word, not "f A button (blood type) ggots".
            state = _apply(state, letter_symbols.edits(state.text))
            state = _apply(state, _emoji_edits(state.text, self.emoji_words, self.person_words, self.skin_tones))
            state = _apply(state, _fold_edits(state.text))
            if not state.text.isascii():
                # Homoglyphs are judged per word, after folding has taken what it could.
                state = _apply(state, self._homoglyph_edits(state.text))
        if "*" in state.text:
            # Before the leet and letter-run passes, which then see the word as its letters.
            state = _apply(state, self._masked.edits(state.text))
        t = state.text
        # Cheap gates first: clean text (almost all traffic) must cost a few byte scans, not a
        # regex pass per obfuscation. Each character becomes its class (letter "a", leet symbol
        # "1", separator "-", space " ") and the patterns are plain substring searches.
        classes = b" " + t.encode("ascii", "replace").translate(_CLASSES) + b" "
        if b" a a a " in classes or b"a-a-a" in classes or b"a- a- a" in classes:
            state = _apply(state, _spaced_edits(t))
            t = state.text
            classes = b" " + t.encode("ascii", "replace").translate(_CLASSES) + b" "
        low = t.lower()
        glued, runs = self._scan_unknown(low, t) if known and t.isascii() else self._scan(low, t)
        suspect = runs or b"a1" in classes or b"1a" in classes
        if suspect or glued:
            state = _apply(state, self._word_edits(t, suspect, glued))
        return state

    def _scan(self, low: str, text: str) -> tuple[set[tuple[int, int]], bool]:
        """One automaton pass: glued words that split into group words, and whether a letter repeats 3+ times.

        A glued candidate is a long letter run containing a group word without a word boundary
        ("blackpeople"), kept only when it splits into known pieces (cached per run).
        """
        out: set[tuple[int, int]] = set()
        runs = False
        n = len(low)
        # The letter run around the last word found. Words come by where they end, so the words
        # inside one run come one after another: each run is measured once, and a run of many group
        # words ("menmenmen...") costs its length, not its length per word.
        run_a = run_b = -1
        tried: set[tuple[int, int, bool]] = set()
        for end_index, (word, slogan) in self._scan_automaton.iter(low):
            if not word:
                runs = True
                continue
            start, end = end_index - len(word) + 1, end_index + 1
            if not ((start > 0 and low[start - 1].isalpha()) or (end < n and low[end].isalpha())):
                continue
            if not (run_a <= start and end <= run_b):
                run_a, run_b = _letter_run(low, start, end)
            a, b = run_a, run_b
            if (a, b, slogan) in tried or b - a > _MAX_GLUED:
                continue
            tried.add((a, b, slogan))
            if slogan and b - a >= _MIN_GLUED and self._splits(low[a:b]) and not _english(low[a:b]):
                out.add((a, b))
                continue
            if not self._phrases or _name_shaped(text, a, b):
                continue
            # Not a split into slogan words: a run of letters and inner hyphens ("hatenon-binarypeople")
            # that is no English word may still segment into words, one of them naming a group.
            while a > 1 and low[a - 1] == "-" and low[a - 2].isalpha():
                a -= 2
                while a > 0 and low[a - 1].isalpha():
                    a -= 1
            while b < n - 1 and low[b] == "-" and low[b + 1].isalpha():
                b += 2
                while b < n and low[b].isalpha():
                    b += 1
            if b - a >= _MIN_GLUED and self._segments(low[a:b]):
                out.add((a, b))
        return out, runs

    def _scan_unknown(self, low: str, text: str) -> tuple[set[tuple[int, int]], bool]:
        """`_scan` of ASCII `text`, skipped when only tokens known to be plain could hold a find.

        Most text reaching the full path is clean but for one token ("Great!" has a leet symbol
        after a letter), and its other tokens were judged by the fast path already: a token in the
        plain cache has no glued run and no letter run. What `_scan` finds never crosses
        whitespace (candidates are letters and inner hyphens), so when no other token holds a find
        the whole text holds none; otherwise the text is scanned for where they are.
        """
        for token in set(text.split()).difference(self._plain_tokens):
            glued, runs = self._scan(token.lower(), token)
            if glued or runs:
                return self._scan(low, text)
        return set(), False

    def _homoglyph_edits(self, text: str) -> list[Edit]:
        edits: list[Edit] = []
        for m in re.finditer(r"\w+", text):
            word = m.group(0)
            if word.isascii():
                continue
            mapped = [self._homoglyphs.get(c) if not c.isascii() else c for c in word]
            # Only words whose every foreign letter imitates a Latin one: real Cyrillic or Greek
            # words have letters with no Latin look-alike and stay as they are.
            if any(x is None for x in mapped):
                continue
            for j, c in enumerate(word):
                if not c.isascii():
                    edits.append((m.start() + j, m.start() + j + 1, mapped[j] or c))
        return edits

    def _word_edits(self, text: str, suspect: bool, glued: set[tuple[int, int]]) -> list[Edit]:
        skip = [(m.start(), m.end()) for m in _NOT_WORDS.finditer(text)] if ("@" in text or "/" in text) else []
        spans = set(glued)
        if suspect:
            n = len(text)
            for m in _SUSPECT.finditer(text):
                # Widen the suspicious pair to its whole token.
                a, b = m.start(), m.end()
                while a > 0 and text[a - 1] in _TOKEN_CHARS:
                    a -= 1
                while b < n and text[b] in _TOKEN_CHARS:
                    b += 1
                spans.add((a, b))
        edits: list[Edit] = []
        done_until = -1
        for start, end in sorted(spans):
            if start < done_until or (skip and any(a <= start < b for a, b in skip)):
                continue
            done_until = end
            for a, b, repl in self._token(text[start:end]):
                edits.append((start + a, start + b, repl))
        return edits

    def _token_edits(self, token: str) -> tuple[Edit, ...]:
        """Edits inside one token: leetspeak, then letter runs, then glued words."""
        low = token.lower()
        edits: list[Edit] = []
        letters = low
        if any(c in _LEET_CHARS for c in low):
            mapped = self._leet(low)
            if mapped is not None:
                edits.extend((i, i + 1, mapped[i]) for i in range(len(low)) if mapped[i] != low[i])
                letters = mapped
        kept = list(range(len(letters)))
        if _RUN.search(letters) is not None:
            kept = self._collapse(letters)
            edits.extend((i, i + 1, "") for i in range(len(letters)) if i not in set(kept))
        word = "".join(letters[i] for i in kept)
        if len(word) >= _MIN_GLUED and word not in self.vocabulary:
            cuts = self._splits(word) if word.isalpha() else ()
            if not cuts and self._phrases and not _name_shaped(token, 0, len(token)):
                cuts = self._segments(word)
            for cut in cuts:
                edits.append((kept[cut], kept[cut], " "))
        edits.sort(key=lambda e: (e[0], e[1]))
        return tuple(_merge(edits, token))

    def _known(self, word: str) -> bool:
        w = word.removesuffix("'s")
        return w in self.vocabulary or (w.endswith("s") and w[:-1] in self.vocabulary)

    def _leet(self, low: str) -> str | None:
        """The token with its leet symbols read as letters, or None when they are not leetspeak."""
        if _NUMERAL.fullmatch(low):
            return None
        positions = [i for i, c in enumerate(low) if c in _LEET_CHARS]
        options = [sorted({_LEET.get(low[i], ""), *_LEET_ALT.get(low[i], "")} - {""}) for i in positions]
        if any(not o for o in options):
            return None
        count = 1
        for o in options:
            count *= len(o)
        if count <= _MAX_CANDIDATES:
            for choice in product(*options):
                chars = list(low)
                for i, c in zip(positions, choice, strict=True):
                    chars[i] = c
                cand = "".join(chars)
                if self._known(self._collapsed_default(cand)) or self._known(cand):
                    return cand
        # Not a known word: read it as leetspeak only when every symbol sits between letters
        # ("w0men", "mu$lims"), which numbers ("3rd", "mp3", "2020") and punctuation never do.
        n = len(low)
        inside = all(0 < i < n - 1 and low[i - 1].isalpha() and low[i + 1].isalpha() for i in positions)
        if not inside or any(low[i] in "!|" for i in positions) or sum(c.isalpha() for c in low) < 2:
            return None
        return "".join(_LEET.get(c, c) if i in positions else c for i, c in enumerate(low))

    @staticmethod
    def _collapsed_default(word: str) -> str:
        return _RUN.sub(lambda r: r.group(1) * 2, word)

    def _collapse(self, word: str) -> list[int]:
        """Indices kept after cutting each run of 3+ letters to 1 or 2, preferring a known word."""
        runs = [(r.start(), r.end()) for r in _RUN.finditer(word)]
        best: list[int] | None = None
        for lengths in product((1, 2), repeat=min(len(runs), 5)):
            kept = self._kept(word, runs, lengths)
            if self._known("".join(word[i] for i in kept)):
                best = kept
                break
        return best if best is not None else self._kept(word, runs, (2,) * len(runs))

    @staticmethod
    def _kept(word: str, runs: list[tuple[int, int]], lengths: tuple[int, ...]) -> list[int]:
        drop: set[int] = set()
        for k, (a, b) in enumerate(runs):
            keep = lengths[k] if k < len(lengths) else 2
            drop.update(range(a + keep, b))
        return [i for i in range(len(word)) if i not in drop]

    def _split(self, word: str) -> tuple[int, ...]:
        """Cut points splitting a glued word into known pieces, one an identity term; else none."""
        n = len(word)
        # best[i]: fewest pieces covering word[:i], with the cut before the last piece.
        best: list[tuple[int, int] | None] = [None] * (n + 1)
        best[0] = (0, -1)
        for i in range(_MIN_PIECE, n + 1):
            for j in range(max(0, i - self._max_piece), i - _MIN_PIECE + 1):
                prev = best[j]
                if prev is None or word[j:i] not in self._pieces:
                    continue
                if best[i] is None or prev[0] + 1 < best[i][0]:  # type: ignore[index]
                    best[i] = (prev[0] + 1, j)
        if best[n] is None or best[n][0] < 2:  # type: ignore[index]
            return ()
        cuts: list[int] = []
        i = n
        while i > 0:
            entry = best[i]
            assert entry is not None
            if entry[1] > 0:
                cuts.append(entry[1])
            i = entry[1]
        cuts.sort()
        pieces = [word[a:b] for a, b in zip([0, *cuts], [*cuts, n], strict=True)]
        if not any(p in self.group_words or (p.endswith("s") and p[:-1] in self.group_words) for p in pieces):
            return ()
        return tuple(cuts)

    def _segment(self, run: str) -> tuple[int, ...]:
        """Cut points segmenting the non-words of `run` (letters and inner hyphens) into English
        words, when some segments together spell an identity term; else none.

        Parts that are words stay whole ("old-fashioned"); a part that segments into a
        one-letter piece other than "a"/"i" or a piece that is no word ("goverment" ->
        "g over ment") is a typo, not glued words, and stops the whole run.
        """
        vocabulary, split_words = segment_words()
        pieces: list[tuple[int, int, bool]] = []  # (start, end, made by a cut)
        cuts: list[int] = []
        for m in _PHRASE_WORDS.finditer(run):
            part = m.group(0)
            if part in vocabulary:
                pieces.append((m.start(), m.end(), False))
                continue
            pos = m.start()
            for k, seg in enumerate(split_words(part)):
                if seg not in vocabulary or (len(seg) < 2 and seg not in ("a", "i")):
                    return ()
                if k:
                    cuts.append(pos)
                pieces.append((pos, pos + len(seg), True))
                pos += len(seg)
        if not cuts:
            return ()
        # covered[i]: pieces[:i] read as terms and slogan words, and whether a term took a cut piece.
        # Every piece must be one or the other: "cornerman" (corner + man) and "Allinson" are not
        # glued slogans, "allgaymen" (all + gay men) is.
        covered: list[bool | None] = [None] * (len(pieces) + 1)
        covered[0] = False
        for i in range(len(pieces)):
            if covered[i] is None:
                continue
            if run[pieces[i][0] : pieces[i][1]] in self._pieces:
                covered[i + 1] = bool(covered[i + 1]) or bool(covered[i])
            phrase = ""
            made = False
            for j in range(i, min(i + self._max_phrase_words, len(pieces))):
                start, end, cut = pieces[j]
                if j > i:
                    phrase += run[pieces[j - 1][1] : start] or " "
                phrase += run[start:end]
                made = made or cut
                if phrase in self._phrases:
                    covered[j + 1] = bool(covered[j + 1]) or made or bool(covered[i])
        return tuple(cuts) if covered[-1] else ()


def _name_shaped(text: str, a: int, b: int) -> bool:
    """A capital then lower case only ("Tallman", "Albertson"): a name, never segmented."""
    return text[a : a + 1].isupper() and (text[a + 1 : b].islower() or b - a == 1)


def _merge(edits: list[Edit], token: str) -> list[Edit]:
    """Edits sorted, an insertion placed before a replacement at the same index."""
    return sorted(edits, key=lambda e: (e[0], e[1] - e[0]))


@lru_cache(maxsize=1)
def segment_words() -> tuple[Mapping[str, float], Callable[[str], list[str]]]:
    """wordninja's English vocabulary (125k words by Wikipedia frequency) and its segmenter.

    Imported on the first glued-word candidate, not before: loading it costs about 18 MB and a
    fraction of a second, which traffic with no candidate never pays.
    """
    import wordninja  # type: ignore[import-untyped]

    model = wordninja.DEFAULT_LANGUAGE_MODEL
    # The model's word -> cost table is its vocabulary; wordninja has no public accessor for it.
    vocabulary: Mapping[str, float] = model._wordcost
    return vocabulary, lambda part: [str(w) for w in model.split(part)]


def _english(run: str) -> bool:
    """An English word ("managing", "imaging"), never a glued slogan though it splits into group
    words ("man" + "aging"). Asked only of runs that split, so wordninja loads only for those."""
    return run in segment_words()[0]


# The combining long solidus that strikes a symbol through ("≠", "≢", "∉").
_NEGATION_OVERLAY = "\u0338"


def _fold_edits(text: str) -> list[Edit]:
    """Invisible characters and marks removed; compatibility forms and accents folded to ASCII."""
    edits: list[Edit] = []
    for i, c in enumerate(text):
        if c < "\x80":
            continue
        cat = unicodedata.category(c)
        if cat == "Cf" or cat[0] == "M" or c in _SKIN_TONES:
            edits.append((i, i + 1, ""))
            continue
        decomposed = unicodedata.normalize("NFKD", c)
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if _NEGATION_OVERLAY in decomposed and folded:
            folded = "!" + folded  # "≠" is "=" struck through: dropping the stroke would invert it
        if folded and folded != c and folded.isascii():
            edits.append((i, i + 1, folded))
    return edits


def _emoji_edits(text: str, words: Mapping[str, str], persons: frozenset[str], tones: frozenset[str]) -> list[Edit]:
    if _MAYBE_EMOJI.search(text) is None:
        return []  # accented letters, dashes, quotes: no emoji, and the library's tables stay unloaded
    import emoji  # a runtime dependency; imported here so text without emoji never pays for it

    # The library tokenises in Python; handing it only the non-ASCII runs keeps long texts cheap.
    found = [
        (run.start() + int(item["match_start"]), run.start() + int(item["match_end"]), str(item["emoji"]))
        for run in _NON_ASCII.finditer(text)
        for item in emoji.emoji_list(run.group(0))
    ]
    edits: list[Edit] = []
    spaced_until = -1  # where the last name ended with a space of its own
    i = 0
    while i < len(found):
        a, b, symbol = found[i]
        i += 1
        # A run of one emoji ("🐀🐀🐀", "🔪 🔪") is emphasis, read once like a run of letters, so
        # the grammar sees "<group> are rat" and not "rat rat rat".
        while i < len(found) and found[i][2] == symbol and not text[b : found[i][0]].strip():
            b = found[i][1]
            i += 1
        name = _emoji_name(symbol, words, persons, tones)
        if not name:
            edits.append((a, b, ""))
            continue
        # Words, spaced from their neighbours, so "🔪some" reads "knife some" (and "🐀🐷" one space).
        before = " " if a > 0 and not text[a - 1].isspace() and a != spaced_until else ""
        after = " " if b < len(text) and not text[b].isspace() else ""
        spaced_until = b if after else -1
        edits.append((a, b, f"{before}{name}{after}"))
    return edits


@lru_cache(maxsize=4096)
def _emoji_name_cached(symbol: str) -> tuple[str, tuple[str, ...]]:
    """The emoji's name without skin tones, and the tones it carried."""
    import emoji

    raw = emoji.demojize(symbol, delimiters=("", ""))
    tones = tuple(t.replace("_", " ") for t in _SKIN_TONE.findall(raw))
    name = " ".join(_SKIN_TONE_NAME.sub("", raw).replace("_", " ").replace(":", " ").split())
    return name, tones


def _emoji_name(symbol: str, words: Mapping[str, str], persons: frozenset[str], tones: frozenset[str]) -> str:
    """What an emoji reads as: the group's words when it stands for a group (`words`), else its name.

    A skin tone of `tones` is kept in front of a person ("dark skin tone woman"), where it
    describes the person depicted, so the taxonomy's context terms can read it. On a hand or a
    face ("thumbs up dark skin tone") and on a person doing something ("police officer", "person
    bouncing ball", "man facepalming") it is mostly the writer's own tone and names no one, so it
    is dropped, as are other tones and the tones of a couple of two tones.
    """
    name, carried = _emoji_name_cached(symbol)
    if not name:
        return ""
    name = words.get(_FACING.sub("", name.lower()), name)
    words_ = name.lower().split()
    depicted = any(w in persons for w in words_) and all(w in persons or w in _LOOKS for w in words_)
    if carried and len(set(carried)) == 1 and carried[0] in tones and depicted:
        return f"{carried[0]} {name}"
    return name


def _spaced_edits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in _SPACED.finditer(text):
        for i in range(m.start(), m.end()):
            if not text[i].isalpha():
                edits.append((i, i + 1, ""))
    return edits


@lru_cache(maxsize=1)
def _homoglyph_table() -> dict[str, str]:
    """Each non-ASCII character that imitates one ASCII letter or digit, from Unicode's confusables."""
    from confusable_homoglyphs import confusables

    data: dict[str, Any] = confusables.confusables_data
    out: dict[str, str] = {}
    # The table lists each pair both ways: a look-alike under the Latin letter and the reverse.
    for key, entries in data.items():
        for entry in entries:
            c = str(entry.get("c", ""))
            if len(key) != 1 or len(c) != 1:
                continue
            latin, other = (key, c) if key.isascii() else (c, key)
            if latin.isascii() and latin.isalnum() and not other.isascii():
                out.setdefault(other, latin.lower() if latin.isalpha() else latin)
    for c in list(out):
        # Case survives: a capital look-alike becomes a capital, so cased terms still read.
        if c.isupper() and out[c].isalpha():
            out[c] = out[c].upper()
    return out


def _words(phrases: Iterable[Any]) -> set[str]:
    out: set[str] = set()
    for p in phrases:
        if isinstance(p, dict):
            p = p.get("term", "")
        out.update(w for w in re.split(r"[^a-z']+", str(p).lower()) if len(w) >= _MIN_PIECE)
    return out


# The harm lexicon's lists whose words a starred-out word may stand for.
_TABOO_LISTS = ("slurs", "negative_attributes", "dehumanising", "dehumanising_predicates", "profane_intensifiers")


@lru_cache(maxsize=1)
def default_normaliser() -> Normaliser:
    """The normaliser over the bundled lexicons' words."""
    base = resources.files("detectors") / "data"
    identity = yamlload.safe_load((base / "identity_terms.yaml").read_text(encoding="utf-8"))
    harm = yamlload.safe_load((base / "harm_terms.yaml").read_text(encoding="utf-8"))
    words: set[str] = set()
    # Group words for glued-word splitting: whole one-word terms only (a word taken out of a
    # phrase, "very" from "very old people", names no group), everyday context words only when long.
    groups: set[str] = set()
    phrases: set[str] = set()
    scan: set[str] = set(_SCAN_NOUNS)
    tones: set[str] = set()
    for axis in (identity.get("axes") or {}).values():
        for gdata in (axis.get("groups") or {}).values():
            for key in ("terms", "context_terms", "cased_terms"):
                items = [str(t).lower() for t in gdata.get(key) or []]
                words |= _words(items)
                groups |= {t for t in items if t.isalpha()}
                for t in items:
                    phrases.update((t, t.replace("-", " "), t.replace(" ", "-")))
                # Short or everyday words ("men", "old", "thin") sit inside too many ordinary words
                # to be worth a look each time; they still count as pieces once a scan word fires.
                minimum = _MIN_TERM if key != "context_terms" else _MIN_TERM + 1
                scan |= {t for t in items if t.isalpha() and len(t) >= minimum}
                tones |= {t for t in items if key == "context_terms" and t.endswith("skin tone")}
    persons = [str(w) for w in identity.get("person_nouns") or []]
    vocab = words | _words(persons)
    for items in harm.values():
        if isinstance(items, list):
            vocab |= _words(items)
    vocab |= {w + "s" for w in words if not w.endswith("s")}
    plurals = {w + "s" for w in groups if not w.endswith("s")}
    emoji_words = {str(k): str(v) for k, v in (identity.get("emoji") or {}).items()}
    # What people star out: slurs, insults, words for vermin and filth, and the groups' names.
    taboo = groups | plurals
    for key in _TABOO_LISTS:
        taboo |= _words(harm.get(key) or [])
    return Normaliser(
        vocab,
        groups | plurals,
        scan | {w + "s" for w in scan if not w.endswith("s")},
        emoji_words=emoji_words,
        person_words=persons,
        skin_tones=tones,
        phrases=phrases | {p + "s" for p in phrases if not p.endswith("s")},
        taboo_words=taboo,
    )


def normalise_text(text: str) -> Normalised:
    """`text` normalised by the default normaliser (see the module docstring)."""
    return default_normaliser()(text)


def _letter_run(low: str, start: int, end: int) -> tuple[int, int]:
    """The run of letters holding `low[start:end]` (itself letters): where it starts and ends (exclusive)."""
    n = len(low)
    while start > 0 and low[start - 1].isalpha():
        start -= 1
    while end < n and low[end].isalpha():
        end += 1
    return start, end
