"""The authored functional test suite (bench/functional/): expand its templates into labeled cases.

Each functionality is one behaviour a detector must get right (derogation is flagged, the same
sentence negated is not, a slur is flagged, its homonym is not, ...); templates are filled
deterministically with groups on all 12 axes, in several registers, and obfuscated spellings are
generated from the plain ones, so the same file always gives the same cases in the same order.
`biaswatch eval --functional` scores them (agent/tools/functional_eval.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from agent.errors import UsageError

LABELS = ("biased", "benign")
AXES = (
    "gender",
    "gender_identity",
    "sexual_orientation",
    "race_ethnicity",
    "nationality",
    "immigration_status",
    "religion",
    "age",
    "disability",
    "body_type",
    "socioeconomic",
    "political",
)
REGISTERS = ("first_person", "second_person", "dialogue", "assistant", "encyclopaedic", "social_media")
OBFUSCATIONS = ("leet", "spaced", "glued", "inserted_space", "swapped", "unicode", "mixed")
_SLOT = re.compile(r"\{(plural|Plural|singular|a_singular|name)\}")
# Words a group phrase shares with every other group; obfuscation targets the word that names it.
_GENERIC = frozenset(["people", "person", "men", "man", "women", "woman", "users", "user", "guys"])
_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "$"}
_HOMOGLYPHS = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "c": "\u0441", "p": "\u0440", "i": "\u0456", "x": "\u0445"}


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    label: str  # "biased" | "benign"
    functionality: str
    axis: str  # one of AXES, or "none" for text about no group
    group: str  # a taxonomy group key, or "none"
    register: str
    template: int  # index of the template within its functionality

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "label": self.label,
            "functionality": self.functionality,
            "axis": self.axis,
            "group": self.group,
            "register": self.register,
        }


@dataclass(frozen=True, slots=True)
class Functionality:
    name: str
    label: str
    contrast: str
    tests: str


@dataclass(frozen=True, slots=True)
class Suite:
    functionalities: dict[str, Functionality]
    cases: list[Case]


def default_dir() -> Path:
    """bench/functional in the source tree this package runs from."""
    return Path(__file__).resolve().parents[2] / "bench" / "functional"


def load_suite(directory: Path | None = None) -> Suite:
    """Read templates.yaml and fills.yaml from `directory` and expand every case."""
    d = directory or default_dir()
    try:
        templates = yaml.safe_load((d / "templates.yaml").read_text(encoding="utf-8"))
        fills = yaml.safe_load((d / "fills.yaml").read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(
            f"functional suite not found in {d} ({exc.strerror}): run from a source checkout or pass --suite DIR"
        ) from None
    return expand(templates, fills)


def expand(templates: dict[str, Any], fills: dict[str, Any]) -> Suite:
    axes: dict[str, list[dict[str, str]]] = fills["axes"]
    missing = [a for a in AXES if not axes.get(a)]
    if missing:
        raise ValueError(f"fills.yaml: no fills for axes {missing}")
    functionalities: dict[str, Functionality] = {}
    cases: list[Case] = []
    for name, spec in templates["functionalities"].items():
        label = str(spec["label"])
        if label not in LABELS:
            raise ValueError(f"{name}: label {label!r} is not one of {LABELS}")
        functionalities[name] = Functionality(name, label, str(spec.get("contrast", "")), str(spec.get("tests", "")))
        obfuscate = spec.get("obfuscate")
        if obfuscate is not None and obfuscate not in OBFUSCATIONS:
            raise ValueError(f"{name}: obfuscate {obfuscate!r} is not one of {OBFUSCATIONS}")
        for t, (register, text) in enumerate(spec.get("templates") or []):
            _check_register(name, register)
            if "fill_set" in spec:
                rows = [(str(f["axis"]), f) for f in fills[spec["fill_set"]]]
            else:
                # The same template index gets the same group in a functionality and its contrast,
                # so each pair differs in what is said, not in whom it is said about.
                rows = [(axis, axes[axis][t % len(axes[axis])]) for axis in AXES]
            for k, (axis, fill) in enumerate(rows):
                filled = _fill(str(text), fill, obfuscate, t + k)
                cases.append(Case(filled, label, name, axis, str(fill["group"]), register, t))
        for row in spec.get("hand_written") or []:
            text, register, *rest = row
            _check_register(name, register)
            axis, group = (str(rest[0]), str(rest[1])) if rest else ("none", "none")
            cases.append(Case(str(text), label, name, axis, group, str(register), -1))
    for f in functionalities.values():
        if f.contrast and f.contrast not in functionalities:
            raise ValueError(f"{f.name}: contrast {f.contrast!r} is not a functionality")
    return Suite(functionalities, cases)


def _check_register(name: str, register: str) -> None:
    if register not in REGISTERS:
        raise ValueError(f"{name}: register {register!r} is not one of {REGISTERS}")


def _fill(text: str, fill: dict[str, str], obfuscate: str | None, variant: int) -> str:
    plural = fill.get("plural", fill["singular"])
    singular = fill["singular"]
    if obfuscate is not None:
        kind = obfuscate if obfuscate != "mixed" else ("leet", "spaced", "inserted_space", "unicode")[variant % 4]
        plural, singular = obfuscate_phrase(plural, kind, variant), obfuscate_phrase(singular, kind, variant)

    def slot(m: re.Match[str]) -> str:
        key = m.group(1)
        if key == "plural":
            return plural
        if key == "Plural":
            return plural[:1].upper() + plural[1:]
        if key == "singular":
            return singular
        if key == "a_singular":
            return f"{_article(fill['singular'])} {singular}"
        return str(fill.get("name", ""))

    out = _SLOT.sub(slot, text)
    if obfuscate == "glued":
        # The group phrase loses the space before it ("hate muslims" -> "hatemuslims").
        for phrase in (plural, plural[:1].upper() + plural[1:], singular):
            out = out.replace(f" {phrase}", phrase.replace(" ", ""))
    return out


def _article(word: str) -> str:
    w = word.lower()
    vowel = w[:1] in "aeiou" and not w.startswith(("uni", "use", "eu", "one"))
    return "an" if vowel else "a"


def _key_word(words: list[str]) -> int:
    for i, w in enumerate(words):
        if w.lower() not in _GENERIC and len(w) >= 3:
            return i
    return max(range(len(words)), key=lambda i: len(words[i]))


def obfuscate_phrase(phrase: str, kind: str, variant: int = 0) -> str:
    """The phrase with its naming word spelt `kind`'s way; deterministic in `variant`."""
    words = phrase.split(" ")
    i = _key_word(words)
    w = words[i]
    if kind == "leet":
        chars = list(w)
        done = 0
        for j in range(1, len(chars)):
            if chars[j].lower() in _LEET and done < 2:
                chars[j] = _LEET[chars[j].lower()]
                done += 1
        w = "".join(chars)
    elif kind == "spaced":
        w = (" ", "-", ".")[variant % 3].join(w.replace("-", ""))
    elif kind == "inserted_space":
        cut = max(2, len(w) // 2)
        w = f"{w[:cut]} {w[cut:]}" if len(w) >= 4 else w
    elif kind == "swapped":
        j = max(1, len(w) // 2 - 1)
        if len(w) >= 3:
            w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif kind == "unicode":
        w = _unicode(w, variant)
    elif kind != "glued":
        raise ValueError(f"unknown obfuscation {kind!r}")
    words[i] = w
    return " ".join(words)


def _unicode(w: str, variant: int) -> str:
    v = variant % 4
    if v == 0:  # Cyrillic look-alikes
        return "".join(_HOMOGLYPHS.get(c, c) if k > 0 else c for k, c in enumerate(w))
    if v == 1:  # zero-width spaces between letters
        return "\u200b".join(w[k : k + 2] for k in range(0, len(w), 2))
    if v == 2:  # one vowel stretched
        for k, c in enumerate(w):
            if k > 0 and c.lower() in "aeiou":
                return w[:k] + c * 4 + w[k + 1 :]
        return w + w[-1] * 3
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in w)  # fullwidth forms


def stratified_slice(cases: Sequence[Case], per_functionality: int) -> list[Case]:
    """A fixed small slice: `per_functionality` cases from each functionality, spread over its axes."""
    by_f: dict[str, list[Case]] = {}
    for c in cases:
        by_f.setdefault(c.functionality, []).append(c)
    out: list[Case] = []
    for k, group in enumerate(by_f.values()):
        n = len(group)
        start = 5 * k  # each functionality starts on another axis, so small slices cover all axes
        # Cases run template by template, each over the 12 axes: a prime stride that does not
        # divide n visits every case once and moves to another axis and template at each step.
        stride = next(p for p in (13, 17, 19, 23, 29, 31) if n % p)
        out.extend(group[(start + i * stride) % n] for i in range(min(per_functionality, n)))
    return out


def counts(cases: Iterable[Case]) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in cases:
        out[c.functionality] = out.get(c.functionality, 0) + 1
    return out
