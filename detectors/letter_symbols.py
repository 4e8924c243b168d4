"""Symbols written for letters inside a word: "f🅰️ggots", "s🅿️🅰️z", "🅽🅸🅶🅶🅴🆁", "🇳 🇮 🇬 🇬 🇪 🇷".

Emoji and enclosed letters that show a letter (the blood-type buttons 🅰️ 🅱️ 🅾️, 🅿️, the negative
squared and circled alphabets, a lone regional-indicator letter, squared words such as 🆖 and
🆗) are how hate is spelt past a word list. Read by name, "f🅰️ggots" became "f A button (blood
type) ggots", which neither the lexicons nor the encoder recognise. A symbol is read as its letters
only where it is part of a word: touching a letter or another such symbol ("🅰️ for effort" keeps
its name, "Microsoft®" keeps its mark: ® and © need the emoji presentation selector to be
letters). A regional-indicator letter next to another is half of a flag and is left to the emoji
names; one on its own has no other reading. The normaliser applies these edits before it names
emoji, so the spaced-letter and lexicon passes see ordinary letters.
"""

from __future__ import annotations

import re

_VS16 = "\ufe0f"
# Symbols that show one or more letters (an authored table of what each shows).
_WORDS = {
    "\U0001f196": "ng",  # 🆖
    "\U0001f197": "ok",  # 🆗
    "\U0001f192": "cool",  # 🆒
    "\U0001f193": "free",  # 🆓
    "\U0001f195": "new",  # 🆕
    "\U0001f199": "up",  # 🆙
    "\U0001f198": "sos",  # 🆘
    "\U0001f194": "id",  # 🆔
    "\U0001f19a": "vs",  # 🆚
    "\U0001f18e": "ab",  # 🆎
    "\U0001f191": "cl",  # 🆑
    "\u2139": "i",  # ℹ️
    "\u24c2": "m",  # Ⓜ️
    "\u274c": "x",  # ❌
    "\u2716": "x",  # ✖️
    "\u2b55": "o",  # ⭕
    "\U0001f4b2": "s",  # 💲
    "\U0001f4a4": "z",  # 💤
}
# Pictures whose own meaning is the usual one at a word's edge ("Wrong❌", "I ❌racism", "Good
# night💤"): read as a letter only inside a word (`_read`). 💲 and ℹ️ stay letters at an edge, where
# they mostly spell a plural or a final letter ("gro💲💲", "<slur>💲", "pakℹ️").
_PICTURES = frozenset("\u274c\u2716\u2b55\U0001f4a4")
# Letters only with the emoji presentation selector: bare, they are a brand's mark.
_SELECTED = {"\u00ae": "r", "\u00a9": "c"}
_REGIONAL = (0x1F1E6, 0x1F1FF)
_ALPHABETS = (0x1F130, 0x1F150, 0x1F170)  # squared, negative circled, negative squared A-Z
_KEYCAP = re.compile("([0-9])\ufe0f?\u20e3")
_CANDIDATE = re.compile(
    "["
    + "".join(f"{chr(base)}-{chr(base + 25)}" for base in _ALPHABETS)
    + f"{chr(_REGIONAL[0])}-{chr(_REGIONAL[1])}"
    + "".join(_WORDS)
    + "".join(_SELECTED)
    + "]"
)


def _alphabet_letter(o: int) -> str | None:
    for base in _ALPHABETS:
        if base <= o < base + 26:
            return chr(ord("a") + o - base)
    return None


def _letters(c: str, selected: bool) -> str | None:
    o = ord(c)
    letter = _alphabet_letter(o)
    if letter is not None:
        return letter
    if _REGIONAL[0] <= o <= _REGIONAL[1]:
        return chr(ord("a") + o - _REGIONAL[0])
    if c in _SELECTED:
        return _SELECTED[c] if selected else None
    return _WORDS.get(c)


def _regional(c: str) -> bool:
    return _REGIONAL[0] <= ord(c) <= _REGIONAL[1]


def edits(text: str) -> list[tuple[int, int, str]]:
    """(start, end, letters) for each symbol that stands for letters in a word of `text`."""
    keycaps = [(m.start(), m.end(), m.group(1)) for m in _KEYCAP.finditer(text)] if "\u20e3" in text else []
    if not keycaps and _CANDIDATE.search(text) is None:
        return []
    # Every letter symbol with its span (its presentation selector included) and letters; a keycap
    # digit is its digit, which the leetspeak pass then reads ("b1️⃣tch").
    found: list[tuple[int, int, str]] = list(keycaps)
    for m in _CANDIDATE.finditer(text):
        a = m.start()
        b = a + 1
        selected = b < len(text) and text[b] == _VS16
        letters = _letters(text[a], selected)
        if letters is None:
            continue
        found.append((a, b + 1 if selected else b, letters))
    found.sort()
    out: list[tuple[int, int, str]] = []
    run: list[tuple[int, int, str]] = []
    for item in found:
        if run and run[-1][1] != item[0]:
            out.extend(_read(text, run))
            run = []
        run.append(item)
    if run:
        out.extend(_read(text, run))
    return out


def _read(text: str, run: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The symbols of one run (adjacent symbols) that are letters: the whole run when it touches a
    letter ("f🅰️ggots", "🆖R") or spells with two or more different alphabet symbols ("🅽🅸🅶🅶🅴🆁");
    a run of pictures only inside a word; never a repeated symbol alone ("❌❌❌" is emphasis) nor a
    flag's two regional letters."""
    if any(_regional(text[a]) for a, _, _ in run):
        return [item for item in run if len(run) == 1 and _regional(text[item[0]])]
    a, b = run[0][0], run[-1][1]
    before = a > 0 and text[a - 1].isascii() and text[a - 1].isalpha()
    after = b < len(text) and text[b].isascii() and text[b].isalpha()
    if all(text[x] in _PICTURES for x, _, _ in run):
        # A picture that can stand for a letter is at a word's edge far more often as itself: a
        # letter only with letters on both sides ("f❌ck").
        return run if before and after else []
    spelt = len({text[x] for x, _, _ in run}) >= 2 and any(_alphabet(text[x]) for x, _, _ in run)
    return run if before or after or spelt else []


def _alphabet(c: str) -> bool:
    return _alphabet_letter(ord(c)) is not None
