"""Tests for agent/decode.py: raw bytes to a Sample, or to an Invalid with a bounded reason."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.config import FieldMapping, LimitsConfig
from agent.decode import REASONS, Decoder, Invalid, content_id
from agent.sample import Sample

NOW = 1_700_000_000.0


def _decoder(mapping: FieldMapping | None = None, limits: LimitsConfig | None = None) -> Decoder:
    return Decoder(mapping or FieldMapping(), limits or LimitsConfig())


def _enc(obj: Any) -> bytes:
    return json.dumps(obj).encode("utf-8")


def _sample(result: Sample | Invalid) -> Sample:
    assert isinstance(result, Sample), f"expected a Sample, got {result!r}"
    return result


def _reason(result: Sample | Invalid) -> str:
    assert isinstance(result, Invalid), f"expected an Invalid, got {result!r}"
    assert result.reason in REASONS
    assert result.message
    return result.reason


def _nested_dict(levels: int) -> dict[str, Any]:
    """A dict nested `levels` deep (the outer one counts as level 1)."""
    deep: dict[str, Any] = {}
    for _ in range(levels - 1):
        deep = {"a": deep}
    return deep


# --- valid records -----------------------------------------------------------------------


def test_canonical_sample_decodes_every_field() -> None:
    record = {
        "id": "req-1",
        "ts": "2024-05-01T12:00:00Z",
        "model": "gpt-x",
        "prompt": "Tell me about nurses.",
        "response": "Nurses work long shifts.",
        "metadata": {"tenant": "acme", "tags": ["a", "b"]},
    }
    sample = _sample(_decoder().decode(_enc(record), NOW))
    assert sample.id == "req-1"
    assert sample.ts == datetime(2024, 5, 1, 12, 0, tzinfo=UTC).timestamp()
    assert sample.model == "gpt-x"
    assert sample.prompt == "Tell me about nurses."
    assert sample.messages is None
    assert sample.response == "Nurses work long shifts."
    assert sample.metadata == {"tenant": "acme", "tags": ["a", "b"]}
    assert sample.truncated is False
    assert sample.prompt_text == "Tell me about nurses."


def test_minimal_record_gets_defaults() -> None:
    sample = _sample(_decoder().decode(b'{"response": "hello"}', NOW))
    assert sample.model == "unknown"
    assert sample.ts == NOW  # no timestamp: the receive time
    assert sample.prompt is None
    assert sample.prompt_text == ""
    assert sample.metadata == {}
    assert sample.id.startswith("sha256:")


def test_integer_id_becomes_a_string() -> None:
    sample = _sample(_decoder().decode(_enc({"id": 42, "response": "x"}), NOW))
    assert sample.id == "42"


def test_every_reason_is_distinct() -> None:
    assert len(set(REASONS)) == len(REASONS)


# --- every reason from a realistic bad input ---------------------------------------------

BIG = 256  # the smallest max_record_bytes the config allows


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"", "empty_record"),
        (b"   \t  ", "empty_record"),
        (b'{"response": "caf\xe9"}', "invalid_utf8"),  # latin-1 e-acute
        (b"\xff\xfe{}", "invalid_utf8"),
        (b'{"response": "unterminated', "invalid_json"),
        (b"{'response': 'single quotes'}", "invalid_json"),
        (b'{"response": "a"} trailing', "invalid_json"),
        (b'["response", "a"]', "not_an_object"),
        (b'"just a string"', "not_an_object"),
        (b"42", "not_an_object"),
        (b"null", "not_an_object"),
        (b'{"prompt": "hi"}', "missing_response"),
        (b'{"response": null}', "missing_response"),
        (b'{"response": 42}', "invalid_response"),
        (b'{"response": {"text": "x"}}', "invalid_response"),
        (b'{"response": ["x"]}', "invalid_response"),
        (b'{"response": "   \\n\\t "}', "empty_response"),
        (b'{"response": ""}', "empty_response"),
        (b'{"response": "x", "prompt": 7}', "invalid_prompt"),
        (b'{"response": "x", "prompt": {"text": "hi"}}', "invalid_prompt"),
        (b'{"response": "x", "messages": "hi"}', "invalid_prompt"),
        (b'{"response": "x", "messages": ["hi"]}', "invalid_prompt"),
        (b'{"response": "x", "prompt": ["not a message object"]}', "invalid_prompt"),
        (b'{"response": "x", "id": ["a"]}', "invalid_id"),
        (b'{"response": "x", "id": true}', "invalid_id"),
        (b'{"response": "x", "id": false}', "invalid_id"),
        (b'{"response": "x", "id": 1.5}', "invalid_id"),
        (b'{"response": "x", "id": ""}', "invalid_id"),
        (b'{"response": "x", "id": "   "}', "invalid_id"),
        (b'{"response": "x", "id": {"k": 1}}', "invalid_id"),
        (b'{"response": "x", "ts": "yesterday"}', "invalid_timestamp"),
        (b'{"response": "x", "ts": true}', "invalid_timestamp"),
        (b'{"response": "x", "ts": -5}', "invalid_timestamp"),
        (b'{"response": "x", "ts": NaN}', "invalid_timestamp"),
        (b'{"response": "x", "ts": Infinity}', "invalid_timestamp"),
        (b'{"response": "x", "ts": [2024]}', "invalid_timestamp"),
        (b'{"response": "x", "metadata": "tenant=acme"}', "invalid_metadata"),
        (b'{"response": "x", "metadata": [1, 2]}', "invalid_metadata"),
        (b'{"response": "x", "metadata": 3}', "invalid_metadata"),
    ],
)
def test_bad_input_gets_its_reason(payload: bytes, reason: str) -> None:
    assert _reason(_decoder().decode(payload, NOW)) == reason


def test_id_longer_than_256_characters_is_invalid() -> None:
    assert _reason(_decoder().decode(_enc({"id": "x" * 257, "response": "r"}), NOW)) == "invalid_id"
    assert _sample(_decoder().decode(_enc({"id": "x" * 256, "response": "r"}), NOW)).id == "x" * 256


def test_oversized_record_is_rejected_by_default() -> None:
    limits = LimitsConfig(max_record_bytes=1024)
    payload = _enc({"response": "y" * 2000})
    result = _decoder(limits=limits).decode(payload, NOW)
    assert _reason(result) == "oversized"
    assert isinstance(result, Invalid)
    assert str(len(payload)) in result.message
    assert "1024" in result.message


def test_record_exactly_at_the_limit_is_accepted() -> None:
    limits = LimitsConfig(max_record_bytes=BIG)
    prefix = b'{"response": "'
    payload = prefix + b"z" * (BIG - len(prefix) - 2) + b'"}'
    assert len(payload) == BIG
    assert _sample(_decoder(limits=limits).decode(payload, NOW)).response == "z" * (BIG - len(prefix) - 2)


def test_oversized_record_is_truncated_under_truncate_policy() -> None:
    limit = 1024
    limits = LimitsConfig(max_record_bytes=limit, oversize_policy="truncate")
    record = {"id": "big", "prompt": "p" * 3000, "response": "é" * 3000}  # 2-byte characters
    payload = json.dumps(record, ensure_ascii=False).encode("utf-8")
    assert len(payload) > limit
    sample = _sample(_decoder(limits=limits).decode(payload, NOW))
    assert sample.truncated is True
    assert sample.id == "big"
    assert sample.prompt is not None
    kept = len(sample.response.encode("utf-8")) + len(sample.prompt.encode("utf-8"))
    assert kept <= limit
    assert sample.response and set(sample.response) == {"é"}  # cut on a character boundary
    assert sample.prompt == "p" * (limit // 2)
    assert sample.to_dict()["truncated"] is True


def test_truncate_policy_still_rejects_beyond_the_hard_cap() -> None:
    limits = LimitsConfig(max_record_bytes=BIG, oversize_policy="truncate")
    payload = _enc({"response": "q" * (BIG * 16 + 10)})
    assert _reason(_decoder(limits=limits).decode(payload, NOW)) == "oversized"


def test_oversized_chat_record_under_truncate_policy_fits_the_limit() -> None:
    """`truncate: cut prompt/response to fit`: a chat prompt (`messages`) counts as the prompt.

    Either the sample is cut to fit (and marked truncated) or the record is rejected as oversized;
    a sample that still carries every byte of the oversized chat history is neither.
    """
    limit = 1024
    limits = LimitsConfig(max_record_bytes=limit, oversize_policy="truncate")
    record = {
        "id": "chat-big",
        "messages": [{"role": "user", "content": "u" * 3000}],
        "response": "short answer",
    }
    result = _decoder(limits=limits).decode(_enc(record), NOW)
    if isinstance(result, Invalid):
        assert result.reason == "oversized"
    else:
        kept = len(result.prompt_text.encode("utf-8")) + len(result.response.encode("utf-8"))
        assert kept <= limit, f"sample keeps {kept} bytes of prompt and response; the limit is {limit}"
        assert result.truncated is True


def test_deeply_nested_metadata_is_too_deep() -> None:
    record = {"response": "x", "metadata": _nested_dict(200)}
    assert _reason(_decoder().decode(_enc(record), NOW)) == "too_deep"


def test_deeply_nested_messages_are_too_deep() -> None:
    content: Any = "x"
    for _ in range(100):
        content = [content]
    record = {"response": "x", "messages": [{"role": "user", "content": content}]}
    assert _reason(_decoder().decode(_enc(record), NOW)) == "too_deep"


def test_depth_limit_boundary_counts_the_record_itself() -> None:
    limits = LimitsConfig(max_depth=8)
    # The record is level 1, so metadata may nest 7 levels for a total of 8.
    ok = {"response": "x", "metadata": _nested_dict(7)}
    too_deep = {"response": "x", "metadata": _nested_dict(8)}
    assert isinstance(_decoder(limits=limits).decode(_enc(ok), NOW), Sample)
    assert _reason(_decoder(limits=limits).decode(_enc(too_deep), NOW)) == "too_deep"


def test_json_nested_beyond_the_recursion_limit_is_too_deep() -> None:
    levels = 100_000
    payload = b'{"response": "x", "metadata": ' + b'{"a":' * levels + b"{}" + b"}" * levels + b"}"
    limits = LimitsConfig(max_record_bytes=len(payload) + 1)
    assert _reason(_decoder(limits=limits).decode(payload, NOW)) == "too_deep"
    bare = b"[" * levels + b"]" * levels
    assert _reason(_decoder(limits=limits).decode(bare, NOW)) == "too_deep"


# --- content-hash ids --------------------------------------------------------------------


def test_content_hash_id_is_stable_and_ignores_receive_time() -> None:
    payload = _enc({"model": "m", "prompt": "p", "response": "r", "ts": 1700000000})
    first = _sample(_decoder().decode(payload, NOW))
    second = _sample(_decoder().decode(payload, NOW + 3600))
    assert first.id == second.id
    assert first.id.startswith("sha256:")
    assert len(first.id) == len("sha256:") + 32
    assert first.id == content_id("m", "p", None, "r", 1700000000)


def test_content_hash_id_is_independent_of_key_order() -> None:
    a = _sample(_decoder().decode(b'{"model": "m", "response": "r", "prompt": "p"}', NOW))
    b = _sample(_decoder().decode(b'{"prompt": "p", "response": "r", "model": "m"}', NOW))
    assert a.id == b.id


@pytest.mark.parametrize(
    "change",
    [
        {"response": "r2"},
        {"prompt": "p2"},
        {"model": "m2"},
        {"ts": 1700000001},
        {"prompt": None, "messages": [{"role": "user", "content": "p"}]},
    ],
)
def test_content_hash_id_changes_with_content(change: dict[str, Any]) -> None:
    base = {"model": "m", "prompt": "p", "response": "r", "ts": 1700000000}
    changed = {**base, **change}
    a = _sample(_decoder().decode(_enc(base), NOW))
    b = _sample(_decoder().decode(_enc(changed), NOW))
    assert a.id != b.id


# --- field mapping -----------------------------------------------------------------------


def test_field_mapping_follows_dotted_paths_and_list_indices() -> None:
    mapping = FieldMapping(
        id="request.id",
        ts="request.created",
        model="request.model",
        prompt="request.input",
        messages=None,
        response="choices.0.message.content",
        metadata="request.labels",
    )
    record = {
        "request": {
            "id": "abc-123",
            "created": 1700000000,
            "model": "llama",
            "input": "question?",
            "labels": {"team": "x"},
        },
        "choices": [{"message": {"role": "assistant", "content": "the answer"}}, {"message": {"content": "alt"}}],
    }
    sample = _sample(_decoder(mapping).decode(_enc(record), NOW))
    assert sample.id == "abc-123"
    assert sample.ts == 1700000000.0
    assert sample.model == "llama"
    assert sample.prompt == "question?"
    assert sample.response == "the answer"
    assert sample.metadata == {"team": "x"}


def test_field_mapping_second_list_element() -> None:
    mapping = FieldMapping(response="choices.1.text")
    sample = _sample(_decoder(mapping).decode(_enc({"choices": [{"text": "a"}, {"text": "b"}]}), NOW))
    assert sample.response == "b"


@pytest.mark.parametrize(
    "record",
    [
        {"choices": []},  # index past the end
        {"choices": {"text": "x"}},  # not a list
        {"choices": [{"message": {}}]},
        {"response": "top-level response is not the mapped path"},
    ],
)
def test_field_mapping_missing_path_is_missing_response(record: dict[str, Any]) -> None:
    mapping = FieldMapping(response="choices.0.message.content")
    result = _decoder(mapping).decode(_enc(record), NOW)
    assert _reason(result) == "missing_response"
    assert isinstance(result, Invalid)
    assert "choices.0.message.content" in result.message


def test_numeric_key_in_an_object_is_looked_up_as_a_string() -> None:
    mapping = FieldMapping(response="outputs.0")
    sample = _sample(_decoder(mapping).decode(_enc({"outputs": {"0": "from a dict"}}), NOW))
    assert sample.response == "from a dict"


# --- chat prompts ------------------------------------------------------------------------

CHAT = [
    {"role": "system", "content": "You are helpful."},
    {"role": "user", "content": "Describe engineers."},
    {"role": "assistant", "content": "Earlier assistant turn."},
    {"role": "user", "content": "And nurses?"},
    {"role": "tool", "content": {"not": "a string"}},
]


def test_chat_messages_prompt_text_joins_non_assistant_turns() -> None:
    sample = _sample(_decoder().decode(_enc({"messages": CHAT, "response": "r"}), NOW))
    assert sample.prompt is None
    assert sample.messages == CHAT
    assert sample.prompt_text == "You are helpful.\nDescribe engineers.\nAnd nurses?"


def test_chat_list_under_prompt_is_treated_as_messages() -> None:
    sample = _sample(_decoder().decode(_enc({"prompt": CHAT, "response": "r"}), NOW))
    assert sample.prompt is None
    assert sample.messages == CHAT
    assert "Earlier assistant turn." not in sample.prompt_text
    assert sample.prompt_text.startswith("You are helpful.")


def test_messages_at_a_mapped_path() -> None:
    mapping = FieldMapping(messages="request.messages", response="output")
    record = {"request": {"messages": [{"role": "user", "content": "hi"}]}, "output": "hello"}
    sample = _sample(_decoder(mapping).decode(_enc(record), NOW))
    assert sample.prompt_text == "hi"


# --- timestamps --------------------------------------------------------------------------

EPOCH = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("ts", "expected"),
    [
        ("2024-05-01T12:00:00Z", EPOCH),
        ("2024-05-01T12:00:00+00:00", EPOCH),
        ("2024-05-01T14:00:00+02:00", EPOCH),
        ("2024-05-01T12:00:00", EPOCH),  # naive: taken as UTC
        ("2024-05-01T12:00:00.250Z", EPOCH + 0.25),
        (" 2024-05-01T12:00:00Z ", EPOCH),
        (int(EPOCH), EPOCH),
        (EPOCH + 0.5, EPOCH + 0.5),
        (int(EPOCH * 1000), EPOCH),  # epoch milliseconds
        (int(EPOCH * 1000) + 250, EPOCH + 0.25),
        (0, 0.0),
    ],
)
def test_timestamp_formats(ts: Any, expected: float) -> None:
    sample = _sample(_decoder().decode(_enc({"response": "r", "ts": ts}), NOW))
    assert sample.ts == pytest.approx(expected, abs=1e-6)


def test_null_timestamp_falls_back_to_receive_time() -> None:
    assert _sample(_decoder().decode(b'{"response": "r", "ts": null}', NOW)).ts == NOW


# --- text repair: lone surrogates and NULs become U+FFFD once, here ----------------------


def test_lone_surrogates_and_nuls_are_replaced_everywhere_and_reported() -> None:
    raw = (
        b'{"id": "a\\ud800", "prompt": "p\\u0000", "response": "cut off \\ud83d", '
        b'"metadata": {"k\\udc00": ["v\\ud800", {"deep": "\\u0000"}]}, "extra": "\\udfff"}'
    )
    sample = _sample(_decoder().decode(raw, NOW))
    assert sample.id == "a\ufffd"
    assert sample.prompt == "p\ufffd"
    assert sample.response == "cut off \ufffd"
    assert sample.metadata == {"k\ufffd": ["v\ufffd", {"deep": "\ufffd"}]}
    assert sample.repairs == ("lone_surrogate", "nul")
    # Everything downstream can encode it now: SQLite, Kafka and JSON writers all do this.
    json.dumps(sample.to_dict(), ensure_ascii=False).encode("utf-8")
    assert sample.to_dict()["repaired"] == ["lone_surrogate", "nul"]


def test_a_valid_surrogate_pair_is_kept_and_not_reported() -> None:
    sample = _sample(_decoder().decode(b'{"response": "smile \\ud83d\\ude00"}', NOW))
    assert sample.response == "smile \U0001f600"
    assert sample.repairs == ()
    assert "repaired" not in sample.to_dict()


def test_surrogates_encoded_as_bytes_are_invalid_utf8_not_repaired() -> None:
    # CESU-8 style bytes for U+D800 are not UTF-8: refused and dead-lettered raw, as before.
    assert _reason(_decoder().decode(b'{"response": "x\xed\xa0\x80"}', NOW)) == "invalid_utf8"


def test_nesting_is_limited_in_unmapped_fields_too() -> None:
    limits = LimitsConfig(max_depth=5)
    deep = {"response": "ok", "unmapped": _nested_dict(5)}  # 6 levels with the record itself
    assert _reason(_decoder(limits=limits).decode(_enc(deep), NOW)) == "too_deep"
    shallow = {"response": "ok", "unmapped": _nested_dict(4)}
    _sample(_decoder(limits=limits).decode(_enc(shallow), NOW))


def _depth_reference(value: object, limit: int) -> bool:
    """The previous check: every value stacked, containers tested as they are popped."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        cur, depth = stack.pop()
        if isinstance(cur, dict | list):
            if depth > limit:
                return True
            stack.extend((v, depth + 1) for v in (cur.values() if isinstance(cur, dict) else cur))
    return False


def test_the_depth_check_agrees_with_stacking_every_value() -> None:
    from agent.decode import _depth_exceeds

    values: list[object] = ["x", 1, None, {}, [], {"a": 1}, [[[]]], {"a": {"b": [1, {"c": "d"}]}, "e": []}]
    values += [_nested_dict(n) for n in range(1, 9)]
    values += [{"response": "x", "messages": [{"role": "user", "content": [{"x": [1]}]}] * 3}]
    for value in values:
        for limit in range(0, 10):
            assert _depth_exceeds(value, limit) == _depth_reference(value, limit), (value, limit)
    assert _depth_exceeds(_nested_dict(8), 5) and not _depth_exceeds(_nested_dict(3), 5)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='ab{}[]"\\ é', max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(alphabet="ab{[", max_size=3), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(metadata=_JSON_VALUES, limit=st.integers(min_value=2, max_value=6))
def test_decode_skips_the_depth_walk_only_where_it_cannot_fail(metadata: Any, limit: int) -> None:
    # `decode` skips the walk when the text has no more brackets than the limit; the outcome must be
    # the walk's own on every record (nested metadata, brackets inside strings and keys too).
    decoder = _decoder(limits=LimitsConfig(max_depth=limit))
    text = json.dumps({"id": "1", "response": "hi", "metadata": {"m": metadata}, "extra": metadata}, ensure_ascii=False)
    got = decoder.decode(text.encode("utf-8"), 0.0)
    want = decoder.from_object(json.loads(text), 0.0, repair_text="\\u" in text, check_depth=True)
    assert got == want
    assert isinstance(got, Sample) or got.reason == "too_deep"


def test_decode_still_refuses_deep_records() -> None:
    decoder = _decoder(limits=LimitsConfig(max_depth=3))
    deep = {"response": "hi", "metadata": {"a": {"b": {}}}}
    assert decoder.decode(json.dumps(deep).encode(), 0.0) == Invalid("too_deep", "JSON nesting exceeds 3 levels")
    shallow = {"response": "hi", "metadata": {"a": "{{{{[[[["}}
    assert isinstance(decoder.decode(json.dumps(shallow).encode(), 0.0), Sample)
