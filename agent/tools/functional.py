"""The authored functional test suite (bench/functional/): expand its templates into labeled cases.

Each functionality is one behaviour a detector must get right (derogation is flagged, the same
sentence negated is not, a slur is flagged, its homonym is not, ...); templates are filled
deterministically with groups on all 12 axes, in several registers, and obfuscated spellings are
generated from the plain ones, so the same file always gives the same cases in the same order.
A case may carry a prompt (the question the response answers), filled with the same groups; a
scene of two people fills its second person from another group of the same axis (`second_fill`).
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
# A slot ending in "2" names the second group of a two-group template (`second_fill`).
_SLOT = re.compile(r"\{(plural|Plural|singular|a_singular|A_singular|name)(2?)\}")
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
    prompt: str = ""  # the question the response answers; "" for a response read alone
    other_group: str | None = None  # the second group of a two-group template (the other person)

    def to_dict(self) -> dict[str, Any]:
        return {
            "prompt": self.prompt,
            "text": self.text,
            "label": self.label,
            "functionality": self.functionality,
            "axis": self.axis,
            "group": self.group,
            "other_group": self.other_group,
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
        for t, template in enumerate(spec.get("templates") or []):
            register, prompt, text = _template(name, template)
            two = _two_groups(prompt) or _two_groups(text)
            if "fill_set" in spec:
                if two:
                    raise ValueError(f"{name}: a fill_set template has no second group to fill")
                rows = [(str(f["axis"]), f) for f in fills[spec["fill_set"]]]
            else:
                # The same template index gets the same group in a functionality and its contrast,
                # so each pair differs in what is said, not in whom it is said about.
                rows = [(axis, axes[axis][t % len(axes[axis])]) for axis in AXES]
            for k, (axis, fill) in enumerate(rows):
                second = second_fill(axes[axis], t % len(axes[axis])) if two else None
                filled = _fill(text, fill, obfuscate, t + k, second)
                # The prompt is the question as asked: filled plain, never obfuscated.
                asked = _fill(prompt, fill, None, t + k, second) if prompt else ""
                other = str(second["group"]) if second else None
                cases.append(Case(filled, label, name, axis, str(fill["group"]), register, t, asked, other))
        for row in spec.get("hand_written") or []:
            cases.append(_hand_written(name, label, row))
    for f in functionalities.values():
        if f.contrast and f.contrast not in functionalities:
            raise ValueError(f"{f.name}: contrast {f.contrast!r} is not a functionality")
    return Suite(functionalities, cases)


def _check_register(name: str, register: str) -> None:
    if register not in REGISTERS:
        raise ValueError(f"{name}: register {register!r} is not one of {REGISTERS}")


def _template(name: str, template: Sequence[Any]) -> tuple[str, str, str]:
    """(register, prompt, response) of `[register, response]` or `[register, prompt, response]`."""
    if len(template) == 2:
        register, text = template
        prompt = ""
    elif len(template) == 3:
        register, prompt, text = template
    else:
        raise ValueError(f"{name}: a template is [register, response] or [register, prompt, response]: {template!r}")
    _check_register(name, str(register))
    return str(register), str(prompt), str(text)


def _hand_written(name: str, label: str, row: Any) -> Case:
    """A hand-written case: `[text, register, axis, group]` (axis and group left out for text
    about no group), or a mapping with `text`, `register`, `axis`, `group` and `prompt`."""
    if isinstance(row, dict):
        unknown = set(row) - {"text", "register", "axis", "group", "prompt"}
        if unknown:
            raise ValueError(f"{name}: hand-written case with unknown keys {sorted(unknown)}")
        text, register, prompt = str(row["text"]), str(row["register"]), str(row.get("prompt", ""))
        axis, group = str(row.get("axis", "none")), str(row.get("group", "none"))
    else:
        text, register, *rest = row
        prompt = ""
        axis, group = (str(rest[0]), str(rest[1])) if rest else ("none", "none")
    _check_register(name, str(register))
    if _SLOT.search(text) or _SLOT.search(prompt):
        raise ValueError(f"{name}: a hand-written case has a template slot: {text!r}")
    return Case(str(text), label, name, axis, group, str(register), -1, prompt)


def _two_groups(text: str) -> bool:
    return any(m.group(2) for m in _SLOT.finditer(text))


def second_fill(fills: Sequence[dict[str, str]], index: int) -> dict[str, str]:
    """The other person's group for the case filled with `fills[index]`: the next fill of the
    same axis, in the axis's order and wrapping round, whose group differs and whose words
    (singular) neither contain nor are contained in the first's ("an immigrant" is never the other person
    of "an undocumented immigrant"), so the two people always differ by their group alone."""
    first = fills[index]
    mine = set(first["singular"].lower().split())
    for step in range(1, len(fills)):
        other = fills[(index + step) % len(fills)]
        theirs = set(other["singular"].lower().split())
        if other["group"] != first["group"] and not (mine <= theirs or theirs <= mine):
            return other
    raise ValueError(f"fills.yaml: no second group for {first['singular']!r} on its axis")


def _fill(
    text: str, fill: dict[str, str], obfuscate: str | None, variant: int, second: dict[str, str] | None = None
) -> str:
    plural = fill.get("plural", fill["singular"])
    singular = fill["singular"]
    if obfuscate is not None:
        kind = obfuscate if obfuscate != "mixed" else ("leet", "spaced", "inserted_space", "unicode")[variant % 4]
        plural, singular = obfuscate_phrase(plural, kind, variant), obfuscate_phrase(singular, kind, variant)

    def slot(m: re.Match[str]) -> str:
        key, two = m.group(1), m.group(2)
        if two:
            if second is None:
                raise ValueError(f"slot {m.group()} needs a second group: {text!r}")
            if key == "name":
                raise ValueError(f"slot {m.group()}: a second person has no name: {text!r}")
            return _phrase(key, second, second.get("plural", second["singular"]), second["singular"])
        if key == "name":
            return str(fill.get("name", ""))
        return _phrase(key, fill, plural, singular)

    out = _SLOT.sub(slot, text)
    if obfuscate == "glued":
        # The group phrase loses the space before it ("hate muslims" -> "hatemuslims").
        for phrase in (plural, plural[:1].upper() + plural[1:], singular):
            out = out.replace(f" {phrase}", phrase.replace(" ", ""))
    return out


def _phrase(key: str, fill: dict[str, str], plural: str, singular: str) -> str:
    if key == "plural":
        return plural
    if key == "Plural":
        return plural[:1].upper() + plural[1:]
    if key == "singular":
        return singular
    article = _article(fill["singular"])
    if key == "A_singular":
        article = article.capitalize()
    return f"{article} {singular}"


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
