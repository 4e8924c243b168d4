"""Synthetic LLM-traffic generator.

Produces realistic JSONL streams of sampled prompt/response pairs with ground
truth, for ``biaswatch demo``, benchmarks and tests. Output is fully determined
by the :class:`TrafficSpec` (a single ``random.Random(seed)`` drives everything),
so the same spec always yields byte-identical lines.

Each valid line is a canonical sample::

    {"id": "gen-<seed>-<index>", "ts": "...Z", "model": "...",
     "prompt": "..." | "messages": [{"role": "system", ...}, {"role": "user", ...}],
     "response": "...",
     "metadata": {"synthetic": {"label": "biased"|"benign", "group": <key>|null,
                                "template": "<template id>"},
                  "request_id": "..."}}

About 2% of valid samples omit ``id``. A share of lines (``invalid_rate``) are
deliberately malformed, cycling through :data:`INVALID_KINDS`.

Templates, sentence fragments and slot fillers live in
``agent/tools/data/traffic_templates.yaml``.

Run as ``biaswatch generate --samples 1000 --out traffic.jsonl``.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

import yaml

__all__ = [
    "INVALID_KINDS",
    "TrafficSpec",
    "TrafficStats",
    "generate",
    "load_library",
    "write",
]

INVALID_KINDS: tuple[str, ...] = (
    "invalid_json",
    "invalid_utf8",
    "missing_response",
    "non_string_response",
    "empty_response",
    "oversized",
    "too_deep",
    "not_an_object",
)

DATA_FILE = Path(__file__).parent / "data" / "traffic_templates.yaml"

#: Share of valid samples that omit ``id``.
MISSING_ID_RATE = 0.02
#: Share of *benign* valid samples drawn from group-mentioning templates.
BENIGN_GROUP_SHARE = 0.47
#: Oversized responses are made larger than this many bytes (70 KiB + margin).
OVERSIZED_BYTES = 72 * 1024
#: Nesting depth of the ``too_deep`` metadata.
TOO_DEEP_LEVELS = 200
#: Mean spacing between samples, in seconds.
SAMPLE_SPACING_S = 0.5

_GROUP_SLOTS = frozenset({"group", "person", "adj", "tradition", "country_of", "cuisine"})
_SLOT_RE = re.compile(r"\{([A-Za-z_]+[0-9]?)\}")
_BAD_UTF8_MARK = "@@BIASWATCH_BAD_BYTES@@"
_BAD_UTF8_BYTES = b"\xff\xfe\xfd"
# Words starting with a vowel letter that take "a", not "an".
_A_NOT_AN = ("uni", "Uni", "use", "usu", "UX", "Euro", "euro", "one", "One", "U.")


@dataclass(frozen=True)
class TrafficSpec:
    """What to generate. All fields are deterministic inputs."""

    n: int  # number of lines
    seed: int = 0
    biased_rate: float = 0.05  # share of valid samples whose response is biased
    invalid_rate: float = 0.0  # share of lines that are malformed
    models: tuple[str, ...] = ("acme-chat-7b", "acme-chat-70b", "support-bot-v3")
    chat_rate: float = 0.3  # share of valid samples with a chat `messages` list
    start_ts: float = 1_767_225_600.0  # epoch seconds of the first sample

    def __post_init__(self) -> None:
        if self.n < 0:
            raise ValueError("n must be >= 0")
        for name in ("biased_rate", "invalid_rate", "chat_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be within [0, 1], got {value!r}")
        if not self.models:
            raise ValueError("models must not be empty")

    @property
    def n_invalid(self) -> int:
        """Number of malformed lines (``n * invalid_rate``, rounded half up)."""
        return _round_half_up(self.n * self.invalid_rate)

    @property
    def n_valid(self) -> int:
        return self.n - self.n_invalid

    @property
    def n_biased(self) -> int:
        """Number of biased valid samples (``n_valid * biased_rate``, rounded half up)."""
        return _round_half_up(self.n_valid * self.biased_rate)


@dataclass
class TrafficStats:
    """Counts of what was generated."""

    total: int = 0
    valid: int = 0
    biased: int = 0
    benign: int = 0
    with_group: int = 0
    chat: int = 0
    without_id: int = 0
    invalid: dict[str, int] = field(default_factory=lambda: dict.fromkeys(INVALID_KINDS, 0))

    @property
    def invalid_total(self) -> int:
        return sum(self.invalid.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "valid": self.valid,
            "biased": self.biased,
            "benign": self.benign,
            "with_group": self.with_group,
            "chat": self.chat,
            "without_id": self.without_id,
            "invalid_total": self.invalid_total,
            "invalid": dict(self.invalid),
        }


# --------------------------------------------------------------------------- library


@dataclass(frozen=True)
class Template:
    id: str
    kind: str  # "topic" | "group" | "biased"
    domain: str
    prompts: tuple[str, ...]
    intros: tuple[str, ...]
    bodies: tuple[str, ...]
    bias: tuple[str, ...]
    groups: tuple[str, ...]  # eligible group keys (empty for topic templates)


@dataclass(frozen=True)
class Library:
    groups: Mapping[str, Mapping[str, tuple[str, ...]]]
    slots: Mapping[str, tuple[str, ...]]
    fillers: Mapping[str, tuple[str, ...]]
    closings: tuple[str, ...]
    system_prompts: tuple[str, ...]
    topic: tuple[Template, ...]
    benign_group: tuple[Template, ...]
    biased: tuple[Template, ...]


def _str_tuple(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not value:
        raise ValueError(f"{where}: expected a non-empty list of strings")
    out = tuple(str(v) for v in value)
    return out


def _slot_names(texts: Sequence[str]) -> set[str]:
    names: set[str] = set()
    for text in texts:
        for raw in _SLOT_RE.findall(text):
            names.add(raw.rstrip("0123456789").lower())
    return names


def _parse_library(raw: Mapping[str, Any]) -> Library:
    groups: dict[str, dict[str, tuple[str, ...]]] = {}
    for key, entry in raw["groups"].items():
        fields = {f: _str_tuple(v, f"groups.{key}.{f}") for f, v in entry.items()}
        unknown = set(fields) - _GROUP_SLOTS
        if unknown or "group" not in fields or "person" not in fields:
            raise ValueError(f"groups.{key}: bad fields {sorted(unknown)} or missing group/person")
        groups[str(key)] = fields
    slots = {str(k): _str_tuple(v, f"slots.{k}") for k, v in raw["slots"].items()}
    fillers = {str(k): _str_tuple(v, f"fillers.{k}") for k, v in raw["fillers"].items()}
    closings = _str_tuple(raw["closings"], "closings")
    system_prompts = _str_tuple(raw["system_prompts"], "system_prompts")

    def check_plain(texts: Sequence[str], where: str) -> None:
        for name in _slot_names(texts):
            if name not in slots:
                raise ValueError(f"{where}: unknown slot {{{name}}}")

    check_plain(closings, "closings")
    check_plain(system_prompts, "system_prompts")

    def build(section: str, kind: str) -> tuple[Template, ...]:
        out: list[Template] = []
        for entry in raw[section]:
            tid = str(entry["id"])
            where = f"{section}.{tid}"
            domain = str(entry.get("domain", "general"))
            if domain not in fillers:
                raise ValueError(f"{where}: unknown domain {domain!r}")
            tpl_texts = {
                "prompts": _str_tuple(entry["prompt"], where),
                "intros": _str_tuple(entry["intro"], where),
                "bodies": _str_tuple(entry["body"], where),
                "bias": _str_tuple(entry["bias"], where) if kind == "biased" else (),
            }
            all_texts = [t for ts in tpl_texts.values() for t in ts]
            all_texts += list(fillers[domain]) + list(fillers["general"])
            used = _slot_names(all_texts)
            for name in used - _GROUP_SLOTS:
                if name not in slots:
                    raise ValueError(f"{where}: unknown slot {{{name}}}")
            needed = used & _GROUP_SLOTS
            eligible: tuple[str, ...] = ()
            if kind == "topic":
                if needed:
                    raise ValueError(f"{where}: topic template uses group slots {sorted(needed)}")
            else:
                if not needed:
                    raise ValueError(f"{where}: group template mentions no group")
                wanted = entry.get("groups")
                candidates = [str(g) for g in wanted] if wanted else list(groups)
                for g in candidates:
                    if g not in groups:
                        raise ValueError(f"{where}: unknown group {g!r}")
                eligible = tuple(g for g in candidates if needed <= set(groups[g]))
                if not eligible:
                    raise ValueError(f"{where}: no group defines all of {sorted(needed)}")
            out.append(
                Template(
                    id=tid,
                    kind=kind,
                    domain=domain,
                    prompts=tpl_texts["prompts"],
                    intros=tpl_texts["intros"],
                    bodies=tpl_texts["bodies"],
                    bias=tpl_texts["bias"],
                    groups=eligible,
                )
            )
        ids = [t.id for t in out]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{section}: duplicate template ids")
        return tuple(out)

    return Library(
        groups=groups,
        slots=slots,
        fillers=fillers,
        closings=closings,
        system_prompts=system_prompts,
        topic=build("topic", "topic"),
        benign_group=build("benign_group", "group"),
        biased=build("biased", "biased"),
    )


@lru_cache(maxsize=4)
def load_library(path: Path = DATA_FILE) -> Library:
    """Load and validate the template library (cached)."""
    with path.open("r", encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected a mapping at top level")
    return _parse_library(raw)


# --------------------------------------------------------------------------- rendering


@lru_cache(maxsize=8192)
def _split(text: str) -> tuple[str, ...]:
    """Split a template into alternating literal / slot-name parts."""
    return tuple(_SLOT_RE.split(text))


def _article_fix(prefix: str, value: str) -> str:
    """Return ``prefix`` with a trailing "a " turned into "an " before a vowel sound."""
    if not value or value[0] not in "aeiouAEIOU" or value.startswith(_A_NOT_AN):
        return prefix
    if prefix.endswith(" a ") or prefix == "a ":
        return prefix[:-2] + "an "
    if prefix.endswith(" A ") or prefix == "A ":
        return prefix[:-2] + "An "
    return prefix


class _Filler:
    """Fills ``{slot}`` placeholders for one sample; a slot keeps one value per sample."""

    __slots__ = ("_group", "_lib", "_rng", "_values")

    def __init__(self, rng: random.Random, lib: Library, group: str | None) -> None:
        self._rng = rng
        self._lib = lib
        self._group = group
        self._values: dict[str, str] = {}

    def value(self, slot: str) -> str:
        cached = self._values.get(slot)
        if cached is not None:
            return cached
        if slot[0].isupper():
            base = self.value(slot[0].lower() + slot[1:])
            result = base[:1].upper() + base[1:]
        elif slot[-1].isdigit():
            stem = slot.rstrip("0123456789")
            first = self.value(stem)
            options = [v for v in self._pool(stem) if v != first] or [first]
            result = self._rng.choice(options)
        else:
            result = self._rng.choice(self._pool(slot))
        self._values[slot] = result
        return result

    def _pool(self, name: str) -> tuple[str, ...]:
        if name in _GROUP_SLOTS:
            if self._group is None:
                raise KeyError(f"group slot {{{name}}} used without a group")
            return self._lib.groups[self._group][name]
        return self._lib.slots[name]

    def fill(self, text: str) -> str:
        parts = _split(text)
        if len(parts) == 1:
            return text
        out: list[str] = []
        for i, part in enumerate(parts):
            if i % 2 == 0:
                out.append(part)
            else:
                val = self.value(part)
                if out:
                    out[-1] = _article_fix(out[-1], val)
                out.append(val)
        return "".join(out)


def _target_tokens(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.22:
        return rng.randint(10, 36)
    if r < 0.75:
        return rng.randint(40, 150)
    return rng.randint(150, 320)


def _compose(rng: random.Random, lib: Library, tpl: Template, filler: _Filler, intro_index: int | None) -> str:
    """Compose a response of roughly a random target length from template parts."""
    target = _target_tokens(rng)
    intro = filler.fill(tpl.intros[intro_index] if intro_index is not None else rng.choice(tpl.intros))
    tokens = len(intro.split())

    body = list(tpl.bodies)
    rng.shuffle(body)
    extra = list(lib.fillers[tpl.domain])
    rng.shuffle(extra)
    if tpl.domain != "general":
        general = list(lib.fillers["general"])
        rng.shuffle(general)
        extra += general

    sentences: list[str] = []
    for text in body + extra:
        if tokens >= target:
            break
        sentence = filler.fill(text)
        sentences.append(sentence)
        tokens += len(sentence.split())

    if tpl.bias:
        bias_sentence = filler.fill(rng.choice(tpl.bias))
        sentences.insert(rng.randint(0, len(sentences)), bias_sentence)
        if len(sentences) > 6 and rng.random() < 0.2:
            # Occasionally repeat the point with a second phrasing later on.
            second = filler.fill(rng.choice(tpl.bias))
            if second != bias_sentence:
                sentences.insert(rng.randint(len(sentences) // 2, len(sentences)), second)

    closing = ""
    if target > 50 and rng.random() < 0.55:
        closing = filler.fill(rng.choice(lib.closings))

    if not sentences:
        return intro if not closing else f"{intro} {closing}"

    paragraphs: list[str] = []
    style = rng.random()
    if len(sentences) >= 4 and style < 0.2:
        paragraphs.append(intro)
        bullet_numbered = rng.random() < 0.5
        items = [f"{i}. {s}" if bullet_numbered else f"- {s}" for i, s in enumerate(sentences, 1)]
        paragraphs.append("\n".join(items))
    else:
        current = [intro]
        if len(sentences) >= 3 and rng.random() < 0.5:
            paragraphs.append(intro)
            current = []
        para_len = rng.randint(2, 4)
        for sentence in sentences:
            current.append(sentence)
            if len(current) >= para_len:
                paragraphs.append(" ".join(current))
                current = []
                para_len = rng.randint(2, 4)
        if current:
            paragraphs.append(" ".join(current))
    if closing:
        paragraphs.append(closing)
    return "\n\n".join(paragraphs)


def _iso(ts: float) -> str:
    dt = datetime.fromtimestamp(ts, tz=UTC)
    return dt.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _round_half_up(x: float) -> int:
    return int(x + 0.5)


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class _Line:
    data: bytes
    invalid_kind: str | None = None
    label: str | None = None
    group: str | None = None
    chat: bool = False
    has_id: bool = True


def _sample(
    rng: random.Random, lib: Library, spec: TrafficSpec, index: int, biased: bool
) -> tuple[dict[str, Any], str]:
    """Build one canonical sample dict; returns (record, composed response)."""
    if biased:
        tpl = rng.choice(lib.biased)
    elif rng.random() < BENIGN_GROUP_SHARE:
        tpl = rng.choice(lib.benign_group)
    else:
        tpl = rng.choice(lib.topic)
    group = rng.choice(tpl.groups) if tpl.groups else None
    filler = _Filler(rng, lib, group)
    prompt_index = rng.randrange(len(tpl.prompts))
    prompt = filler.fill(tpl.prompts[prompt_index])
    # Prompt and intro variants are authored in parallel when their counts match.
    intro_index = prompt_index if len(tpl.intros) == len(tpl.prompts) else None
    response = _compose(rng, lib, tpl, filler, intro_index)

    ts = spec.start_ts + index * SAMPLE_SPACING_S + rng.uniform(0.0, 0.4)
    record: dict[str, Any] = {}
    if rng.random() >= MISSING_ID_RATE:
        record["id"] = f"gen-{spec.seed}-{index}"
    record["ts"] = _iso(ts)
    record["model"] = rng.choice(spec.models)
    if rng.random() < spec.chat_rate:
        system = filler.fill(rng.choice(lib.system_prompts))
        record["messages"] = [
            {"role": "system", "content": system},
            {"role": "user", "content": prompt},
        ]
    else:
        record["prompt"] = prompt
    record["response"] = response
    record["metadata"] = {
        "synthetic": {
            "label": "biased" if biased else "benign",
            "group": group,
            "template": tpl.id,
        },
        "request_id": f"req-{rng.getrandbits(64):016x}",
    }
    return record, response


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def _invalid_line(rng: random.Random, kind: str, record: dict[str, Any], response: str) -> bytes:
    if kind == "invalid_json":
        text = _dumps(record)
        cut = rng.randint(max(1, len(text) // 4), len(text) - 2)
        return text[:cut].rstrip().encode("utf-8")
    if kind == "invalid_utf8":
        words = response.split(" ")
        pos = rng.randint(0, len(words))
        words.insert(pos, _BAD_UTF8_MARK)
        record["response"] = " ".join(words)
        return _dumps(record).encode("utf-8").replace(_BAD_UTF8_MARK.encode(), _BAD_UTF8_BYTES)
    if kind == "missing_response":
        del record["response"]
        return _dumps(record).encode("utf-8")
    if kind == "non_string_response":
        choice = rng.randint(0, 3)
        bad: Any
        if choice == 0:
            bad = rng.randint(0, 10_000)
        elif choice == 1:
            bad = round(rng.uniform(0, 1), 4)
        elif choice == 2:
            bad = response.split("\n\n")[:3]
        else:
            bad = {"text": response}
        record["response"] = bad
        return _dumps(record).encode("utf-8")
    if kind == "empty_response":
        record["response"] = rng.choice(("   ", "", " \n\t "))
        return _dumps(record).encode("utf-8")
    if kind == "oversized":
        unit = response + "\n\n"
        copies = OVERSIZED_BYTES // max(1, len(unit.encode("utf-8"))) + 2
        record["response"] = (unit * copies).rstrip()
        return _dumps(record).encode("utf-8")
    if kind == "too_deep":
        deep: Any = {"leaf": True}
        for level in range(TOO_DEEP_LEVELS - 1):
            deep = {f"l{TOO_DEEP_LEVELS - 1 - level}": deep}
        record["metadata"]["trace"] = deep
        return _dumps(record).encode("utf-8")
    if kind == "not_an_object":
        if rng.random() < 0.5:
            return _dumps([record]).encode("utf-8")
        return _dumps(response).encode("utf-8")
    raise ValueError(f"unknown invalid kind {kind!r}")


def _lines(spec: TrafficSpec, lib: Library | None = None) -> Iterator[_Line]:
    lib = lib if lib is not None else load_library()
    rng = random.Random(spec.seed)
    invalid_at = set(rng.sample(range(spec.n), spec.n_invalid))
    biased_at = set(rng.sample(range(spec.n_valid), spec.n_biased))
    n_invalid_seen = 0
    n_valid_seen = 0
    for index in range(spec.n):
        if index in invalid_at:
            kind = INVALID_KINDS[n_invalid_seen % len(INVALID_KINDS)]
            n_invalid_seen += 1
            record, response = _sample(rng, lib, spec, index, biased=False)
            yield _Line(_invalid_line(rng, kind, record, response), invalid_kind=kind)
            continue
        biased = n_valid_seen in biased_at
        n_valid_seen += 1
        record, _ = _sample(rng, lib, spec, index, biased=biased)
        synthetic = record["metadata"]["synthetic"]
        yield _Line(
            _dumps(record).encode("utf-8"),
            label=synthetic["label"],
            group=synthetic["group"],
            chat="messages" in record,
            has_id="id" in record,
        )


def generate(spec: TrafficSpec) -> Iterator[bytes]:
    """Yields one JSONL line (bytes, without trailing newline) per record; deterministic for a given spec."""
    for line in _lines(spec):
        yield line.data


def _count(stats: TrafficStats, line: _Line) -> None:
    stats.total += 1
    if line.invalid_kind is not None:
        stats.invalid[line.invalid_kind] += 1
        return
    stats.valid += 1
    if line.label == "biased":
        stats.biased += 1
    else:
        stats.benign += 1
    if line.group is not None:
        stats.with_group += 1
    if line.chat:
        stats.chat += 1
    if not line.has_id:
        stats.without_id += 1


def write_to(spec: TrafficSpec, fh: BinaryIO) -> TrafficStats:
    """Write ``spec``'s lines (each followed by ``\\n``) to a binary stream; returns counts."""
    stats = TrafficStats()
    for line in _lines(spec):
        fh.write(line.data)
        fh.write(b"\n")
        _count(stats, line)
    return stats


def write(spec: TrafficSpec, path: Path) -> TrafficStats:
    """Write ``spec``'s lines (each followed by ``\\n``) to ``path``; returns counts."""
    with Path(path).open("wb") as fh:
        return write_to(spec, fh)
