"""The redactor's gates never hide a match: wherever a pattern matches, its gate lets the text through.

agent/retraining/redact.py runs each built-in pattern only when the text holds something that
pattern cannot match without (a digit, `://`, an e-mail separator, a key prefix, `:`/`=` and a
credential word). These tests check that each gate is necessary for its pattern on the authored PII
corpus in every template, on ordinary and hostile text, and on generated text built from the
characters and words the patterns look for; and that gated redaction of the corpus is unchanged.
"""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

import agent.retraining.redact as r
from agent.config import RedactionConfig
from agent.retraining.redact import Redactor
from tests.pii_corpus import CUSTOM_PATTERNS, TEMPLATES, corpus


def gate_misses(text: str) -> list[str]:
    """The patterns that match `text` although their gate would skip it (must be none)."""
    digits = r._DIGIT.search(text) is not None
    missed = []
    if r._KEY_SHAPES.search(text) and not r._KEY_GATE.search(text):
        missed.append("key shapes")
    if r._ASSIGNED.search(text) and not (("=" in text or ":" in text) and r._ASSIGNED_GATE.search(text)):
        missed.append("assigned")
    if r._EMAIL.search(text) and not r._EMAIL_GATE.search(text):
        missed.append("email")
    if r._URL.search(text) and r._URL_GATE not in text:
        missed.append("url")
    if r._IPV6.search(text) and text.count(":") < 2:
        missed.append("ipv6")
    for name in ("_CARD", "_IBAN", "_IPV4", "_PHONE_CANDIDATE", "_INTL_PHONE"):
        if getattr(r, name).search(text) and not digits:
            missed.append(name)
    if any(any(c.isdigit() for c in m.group()) for m in r._TOKEN.finditer(text)) and not digits:
        missed.append("token")
    return missed


ORDINARY = [
    "",
    "The committee met on Tuesday: the budget was approved.",
    "Password reset: use the link we e-mailed; the key = the one on your card.",
    "Authorization header, bearer tokens and API keys are secrets.",
    "Contact us at help (at) example (dot) com or help[AT]example[DOT]org.",
    "skip-level meetings, sk-learn, hf_hub and npm_config; eyJhbGciOi is a prefix.",
    "AKIAIOSFODNN7EXAMPLE and ASIA, ghp_ and xoxb- alone.",
    "Ports :: and ::1, fe80::1%eth0, 2001:db8::ff00:42:8329.",
    "Arabic-Indic digits \u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0662\u0663\u0664\u0665 and \u00b2.",
    "pa\u017f\u017fword: hunter22 and \u212aey=abcdef12",
    "http://user:pass@host.example/path?token=abc123",
]


def test_every_gate_is_necessary_on_the_corpus_and_ordinary_text() -> None:
    texts = [tpl.format(pii=written) for item, written in corpus() for tpl in TEMPLATES] + ORDINARY
    assert len(texts) > 1000
    assert [(t, gate_misses(t)) for t in texts if gate_misses(t)] == []


def test_gated_redaction_still_replaces_every_corpus_item() -> None:
    redactor = Redactor(RedactionConfig.model_validate({"custom": CUSTOM_PATTERNS}))
    missed = [w for item, w in corpus() if f"<{item.kind}>" not in redactor.redact(f"Write to {w} today.").text]
    assert missed == []
    # Gated out: prose with no digit, separator, prefix or credential word costs no pattern a match.
    assert redactor.find("Immigrants are hard-working people; the report says so.") == []


EXAMPLES = int(os.environ.get("BIASWATCH_FUZZ_EXAMPLES", "300"))
_FRAGMENTS = [
    "@",
    "[at]",
    "(AT)",
    " ",
    ".",
    ":",
    "=",
    "-",
    "_",
    "/",
    "://",
    "https",
    "example",
    "com",
    "password",
    "PWD",
    "api_key",
    "token",
    "Bearer ",
    "authorization",
    "AKIA",
    "ghp_",
    "sk-",
    "eyJ",
    "SG.",
    "-----BEGIN RSA PRIVATE KEY-----",
    "0",
    "4",
    "9",
    "12",
    "+44",
    "\u0663",
    "\u00b2",
    "\u017f",
    "\u212a",
    "A",
    "z",
    "x" * 12,
    "Q7vR2mX9kL4pW8nB",
]


@settings(max_examples=EXAMPLES, derandomize=EXAMPLES <= 1000, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=30))
def test_every_gate_is_necessary_on_generated_text(parts: list[str]) -> None:
    text = "".join(parts)
    assert gate_misses(text) == []


# --- short texts found clean are remembered -------------------------------------------------------


def _fresh() -> Redactor:
    return Redactor(RedactionConfig.model_validate({"custom": CUSTOM_PATTERNS}))


def test_remembered_short_texts_redact_as_the_full_look_does() -> None:
    redactor = _fresh()
    texts = [w for _, w in corpus()] + [f"at {w}" for _, w in corpus()] + ORDINARY + ["biased", "women", "gender"]
    first = [redactor.redact(t) for t in texts]
    again = [redactor.redact(t) for t in texts]  # the clean ones now come from the memo
    assert first == again == [_fresh()._redact(t) for t in texts]
    remembered = redactor._clean
    assert {"biased", "women", "gender"} <= remembered
    # Only clean texts are kept: nothing the redactor removes stays in memory through the memo.
    assert not any(redactor._redact(t).matches for t in remembered)
    assert not any(w in remembered for _, w in corpus())
    assert all(len(t) <= r._CLEAN_MAX_CHARS for t in remembered)


@settings(max_examples=EXAMPLES, derandomize=EXAMPLES <= 1000, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_FRAGMENTS), max_size=6).map("".join), min_size=1, max_size=8))
def test_the_memo_changes_no_redaction_on_generated_text(texts: list[str]) -> None:
    redactor = _fresh()
    for text in texts + texts:
        assert redactor.redact(text) == redactor._redact(text), text


def test_the_memo_is_bounded() -> None:
    redactor = _fresh()
    for i in range(r._CLEAN_ENTRIES + 10):
        redactor.redact(f"word{'x' * (i % 7)}{chr(0x4E00 + i)}")
    assert 0 < len(redactor._clean) <= r._CLEAN_ENTRIES
