"""Expand the authored minimal pairs (detectors/data/pairs.yaml) into labelled training rows.

Every biased row comes with benign rows of the same register and group (the claim's benign
clauses, the biased clause inside counter-speech or reporting, the same words about a
non-protected target), and all rows of one claim share a `pair` id so that cross-validation
keeps them in one fold and contrastive fine-tuning can draw the minimal pairs from it. Seeded:
the same seed gives the same rows in the same order.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class PairRow:
    text: str
    label: int  # 1 = biased against a group
    pair: str  # rows that form one minimal-pair family
    group: str  # the group filled in ("" for non-protected targets)
    register: str
    kind: str  # "claim" | "counter" | "other" | "self" | "pair" | "not_protected"


def load_pairs_data() -> dict[str, Any]:
    ref = resources.files("detectors") / "data" / "pairs.yaml"
    data: dict[str, Any] = yaml.safe_load(ref.read_text(encoding="utf-8"))
    return data


def pairs_digest(data: dict[str, Any]) -> str:
    return hashlib.sha256(yaml.safe_dump(data, sort_keys=True).encode()).hexdigest()[:12]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _fill(clause: str, plural: str, one: str) -> str:
    return clause.replace("{P}", _cap(plural)).replace("{S}", _cap(one)).replace("{p}", plural).replace("{s}", one)


def _wrap(register: str, clause: str) -> str:
    if register.startswith(("{C}", "{c}")):
        clause = _cap(clause) if register.startswith("{C}") else clause
    text = register.replace("{C}", _cap(clause)).replace("{c}", clause)
    # A clause ending in "?" or "!" must not get a second full stop from the wrapper.
    return text.replace("?.", "?").replace("!.", "!")


def expand(data: dict[str, Any], seed: int, groups_per_frame: int = 2) -> list[PairRow]:
    """All training rows the authored pairs describe (a few thousand; see the module docstring)."""
    rng = random.Random(seed)
    fills: dict[str, tuple[str, str]] = {g: (str(v[0]), str(v[1])) for g, v in data["fills"].items()}
    groups = sorted(fills)
    registers = [(name, str(t)) for name, ts in data["registers"].items() for t in ts]
    rows: list[PairRow] = []
    for c_index, claim in enumerate(data["claims"]):
        biased = str(claim["biased"])
        benign = [str(b) for b in claim["benign"]]
        for r_index, (reg_name, reg) in enumerate(registers):
            pair = f"claim:{c_index}:{r_index}"
            for g in rng.sample(groups, groups_per_frame):
                plural, one = fills[g]
                rows.append(PairRow(_wrap(reg, _fill(biased, plural, one)), 1, pair, g, reg_name, "claim"))
                for b in benign:
                    rows.append(PairRow(_wrap(reg, _fill(b, plural, one)), 0, pair, g, reg_name, "claim"))
        for f_index, frame in enumerate(data.get("counter") or []):
            g = rng.choice(groups)
            reg_name, reg = rng.choice(registers)
            plural, one = fills[g]
            clause = str(frame).replace("{b}", _fill(biased, plural, one))
            rows.append(PairRow(_wrap(reg, clause), 0, f"claim:{c_index}:counter:{f_index}", g, reg_name, "counter"))
            # Its biased twin in the same register, so the frame is the only difference.
            rows.append(
                PairRow(
                    _wrap(reg, _fill(biased, plural, one)),
                    1,
                    f"claim:{c_index}:counter:{f_index}",
                    g,
                    reg_name,
                    "claim",
                )
            )
        for o_index, other in enumerate(claim.get("other") or []):
            for reg_name, reg in rng.sample(registers, 3):
                rows.append(
                    PairRow(_wrap(reg, str(other)), 0, f"claim:{c_index}:other:{o_index}", "", reg_name, "other")
                )
    self_data = data.get("self") or {}
    descriptors = [(g, str(d)) for g, ds in (self_data.get("descriptors") or {}).items() for d in ds]
    roles = [str(r) for r in self_data.get("roles") or []]
    benign_self = [str(t) for t in self_data.get("benign") or []]
    biased_self = [str(t) for t in self_data.get("biased") or []]

    def article(word: str) -> str:
        return "an" if word[:1].lower() in "aeiou" else "a"

    for d_index, (g, d) in enumerate(descriptors):
        for r in rng.sample(roles, min(4, len(roles))):
            pair = f"self:{d_index}:{r}"
            for t in rng.sample(benign_self, 2):
                text = t.replace("a {d}", f"{article(d)} {d}").replace("{d}", d).replace("{r}", r)
                rows.append(PairRow(text, 0, pair, g, "first_person", "self"))
            target = rng.choice([x for x in groups if x != g])
            t = rng.choice(biased_self)
            text = _fill(t.replace("a {d}", f"{article(d)} {d}").replace("{d}", d).replace("{r}", r), *fills[target])
            rows.append(PairRow(text, 1, pair, target, "first_person", "self"))
    for p_index, (b, n) in enumerate(data.get("pairs") or []):
        rows.append(PairRow(str(b), 1, f"pair:{p_index}", "", "mixed", "pair"))
        rows.append(PairRow(str(n), 0, f"pair:{p_index}", "", "mixed", "pair"))
    for n_index, text in enumerate(data.get("not_protected") or []):
        rows.append(PairRow(str(text), 0, f"np:{n_index}", "", "mixed", "not_protected"))
    return rows
