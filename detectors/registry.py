"""Detectors by name: the built-ins plus any registered under the `biaswatch.detectors` entry point."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points

from pydantic import BaseModel

from detectors.base import Detector, Embeddings
from detectors.taxonomy import Taxonomy

ENTRY_POINT_GROUP = "biaswatch.detectors"


@dataclass(frozen=True)
class DetectorContext:
    taxonomy: Taxonomy
    # Supplied by the agent, which owns model loading; None when no detector needs embeddings.
    embed_fn: Callable[[list[str]], Embeddings] | None = None
    model_id: str = "all-MiniLM-L6-v2"
    model_hash: str | None = None  # the loaded encoder's; the embedding head refuses another
    # The weights the encoder was built from (for onnx, the export's source: a head fitted on the
    # torch encoder is valid on its export, whose agreement is measured in docs/performance.md).
    source_hash: str | None = None
    # Encodes texts fixed at load time (the exemplars); the agent keeps their embeddings on disk
    # between starts. embed_fn when None.
    embed_fixed_fn: Callable[[list[str]], Embeddings] | None = None


@dataclass(frozen=True)
class DetectorSpec:
    options: type[BaseModel]
    factory: Callable[[DetectorContext, BaseModel], Detector]
    needs_embeddings: bool = False


def _groups(ctx: DetectorContext, opts: BaseModel) -> Detector:
    from detectors.groups import GroupsDetector, GroupsOptions

    assert isinstance(opts, GroupsOptions)
    return GroupsDetector(ctx.taxonomy, opts)


def _harm(ctx: DetectorContext, opts: BaseModel) -> Detector:
    from detectors.harm import HarmLexiconDetector, HarmOptions

    assert isinstance(opts, HarmOptions)
    return HarmLexiconDetector(ctx.taxonomy, opts)


def _answer_choice(ctx: DetectorContext, opts: BaseModel) -> Detector:
    from detectors.answer_choice import AnswerChoiceDetector, AnswerChoiceOptions

    assert isinstance(opts, AnswerChoiceOptions)
    return AnswerChoiceDetector(ctx.taxonomy, opts)


def _embedding(ctx: DetectorContext, opts: BaseModel) -> Detector:
    from detectors.embedding import EmbeddingDetector, EmbeddingOptions

    assert isinstance(opts, EmbeddingOptions)
    if ctx.embed_fn is None:
        raise RuntimeError("the embedding detector needs the embedding model")
    return EmbeddingDetector(
        ctx.taxonomy,
        ctx.embed_fn,
        opts,
        model_id=ctx.model_id,
        model_hash=ctx.model_hash,
        source_hash=ctx.source_hash,
        embed_fixed_fn=ctx.embed_fixed_fn,
    )


def _builtin() -> dict[str, DetectorSpec]:
    from detectors.answer_choice import AnswerChoiceOptions
    from detectors.embedding import EmbeddingOptions
    from detectors.groups import GroupsOptions
    from detectors.harm import HarmOptions

    return {
        "groups": DetectorSpec(GroupsOptions, _groups),
        "harm_lexicon": DetectorSpec(HarmOptions, _harm),
        "answer_choice": DetectorSpec(AnswerChoiceOptions, _answer_choice),
        "embedding": DetectorSpec(EmbeddingOptions, _embedding, needs_embeddings=True),
    }


def available() -> dict[str, DetectorSpec]:
    specs = _builtin()
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in specs:
            continue  # built-ins cannot be shadowed by a plugin
        spec = ep.load()
        if not isinstance(spec, DetectorSpec):
            raise TypeError(f"entry point {ep.name!r} must point at a DetectorSpec, got {type(spec)!r}")
        specs[ep.name] = spec
    return specs
