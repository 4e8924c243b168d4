"""Hostile records and HTTP bodies for the fuzz suite: Hypothesis strategies, and a seeded plain
generator of the same shapes for the 10,000-line `score` run (bench/fuzz_score.py).

What they hold: lone surrogates as JSON escapes (what truncated LLM output produces), NULs and other
control characters, huge strings, deep nesting, wrong types in every field, truncated JSON, mixed
arrays, and bytes that are not UTF-8.
"""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import strategies as st

FIELDS = ("id", "ts", "model", "prompt", "messages", "response", "metadata")
SURROGATES = ("\\ud800", "\\udfff", "\\ud83d", "\\udc00", "\\ud800\\ud800", "\\u0000")

# Text Hypothesis can encode (it never draws lone surrogates itself): controls, NULs, astral, RTL.
_text = st.text(st.characters(codec="utf-8"), max_size=60)
_hostile_text = st.one_of(
    _text,
    st.sampled_from(["", " ", "\x00", "\x00" * 5, "\u202e\u0000x", "\r\n\t", "\ufffe", "\U0001f600" * 3]),
    st.integers(1, 200_000).map(lambda n: "x" * n),  # huge, up to beyond max_record_bytes
)
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), _hostile_text
)


def _nested(leaves: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        leaves,
        lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(_text, kids, max_size=4)),
        max_leaves=12,
    )


_deep = st.integers(1, 120).map(lambda n: json.loads("[" * n + "]" * n))
_values = st.one_of(_scalars, _nested(_scalars), _deep)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """An object with some canonical fields, each possibly of the wrong type, plus unmapped ones."""
    out: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=len(FIELDS))):
        if name == "response" and draw(st.booleans()):
            out[name] = draw(_hostile_text)
        elif name == "messages" and draw(st.booleans()):
            out[name] = draw(st.lists(st.fixed_dictionaries({"role": _text, "content": _values}), max_size=4))
        else:
            out[name] = draw(_values)
    out.update(draw(st.dictionaries(_text, _values, max_size=3)))
    return out


def _mutate(raw: bytes, choice: int, where: int, what: int) -> bytes:
    if choice == 0 or not raw:
        return raw
    at = where % (len(raw) + 1)
    if choice == 1:  # a surrogate or NUL escape inside the first string value we can find
        quote = raw.find(b'"', at)
        if quote == -1:
            quote = raw.find(b'"')
        if quote == -1:
            return raw
        return raw[: quote + 1] + SURROGATES[what % len(SURROGATES)].encode() + raw[quote + 1 :]
    if choice == 2:  # truncated JSON
        return raw[:at]
    if choice == 3:  # bytes that are not UTF-8
        return raw[:at] + bytes([0x80 + what % 0x7F]) + raw[at:]
    return raw[:at] + b"\x00" + raw[at:]  # a raw NUL (invalid JSON inside a string)


@st.composite
def lines(draw: st.DrawFn) -> bytes:
    """One JSONL line: a hostile record, a bare value or a mixed array, maybe mangled."""
    value = draw(st.one_of(records(), records(), _values, st.lists(st.one_of(records(), _values), max_size=3)))
    raw = json.dumps(value, ensure_ascii=draw(st.booleans())).encode("utf-8", errors="surrogatepass")
    raw = _mutate(raw, draw(st.integers(0, 5)), draw(st.integers(0, 1 << 20)), draw(st.integers(0, 255)))
    return raw.replace(b"\n", b"\\n")  # one line stays one line


@st.composite
def http_bodies(draw: st.DrawFn) -> tuple[str, bytes]:
    """(Content-Type, body): JSON objects and arrays, NDJSON, or garbage under either type."""
    ctype = draw(st.sampled_from(["application/json", "application/x-ndjson", "application/json; charset=latin-1"]))
    parts = draw(st.lists(lines(), min_size=1, max_size=5))
    if ctype.startswith("application/x-ndjson"):
        return ctype, b"\n".join(parts)
    if len(parts) == 1:
        return ctype, parts[0]
    return ctype, b"[" + b",".join(parts) + b"]"


# --- the same shapes from a seeded generator, for long runs outside Hypothesis -------------------


def _random_value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth < 3 and roll < 0.15:
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if depth < 3 and roll < 0.3:
        return {rng.choice((*FIELDS, "x", "")): _random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}
    if roll < 0.33:
        n = rng.randint(1, 200)
        return json.loads("[" * n + "]" * n)
    if roll < 0.4:
        return rng.choice([None, True, 0, -1, 1.5, 1e308, float("inf")])
    if roll < 0.42:
        return "x" * rng.randint(1, 150_000)
    chars = [
        chr(
            rng.choice(
                [
                    rng.randint(0, 0x20),
                    rng.randint(0x20, 0x7E),
                    rng.randint(0xA0, 0xD7FF),
                    rng.randint(0xE000, 0x10FFFF),
                ]
            )
        )
        for _ in range(rng.randint(0, 40))
    ]
    return "".join(chars)


def random_line(rng: random.Random) -> bytes:
    record: Any
    if rng.random() < 0.85:
        record = {f: _random_value(rng) for f in FIELDS if rng.random() < 0.4}
        if rng.random() < 0.8:
            record["response"] = "All immigrants are lazy criminals, " + str(_random_value(rng))[:80]
    else:
        record = _random_value(rng)
    raw = json.dumps(record, ensure_ascii=rng.random() < 0.5).encode("utf-8", errors="surrogatepass")
    # Mostly well-formed JSON (so the detectors and outputs are exercised, not only the parser).
    mutation = rng.choices(range(5), weights=[50, 25, 10, 8, 7])[0]
    raw = _mutate(raw, mutation, rng.randint(0, 1 << 20), rng.randint(0, 255))
    return raw.replace(b"\n", b"\\n")
