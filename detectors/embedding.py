"""`embedding`: a calibrated linear head over MiniLM embeddings of the neutralised response.

Identity terms are replaced by one placeholder before embedding, so naming a group is not itself
evidence; the groups still come from the lexicon for routing, same-group exemplar margins and
per-axis thresholds. The head (detectors/data/embedding_head.json) is rebuilt by
`biaswatch train-detector`; its hash is the detector version and is recorded in every finding.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from detectors import answer_scene, protective
from detectors import head as head_io
from detectors.answer_terms import AnswerTerms
from detectors.base import UNKNOWN_GROUP, Batch, Embeddings, Evidence, Finding
from detectors.exemplars import Exemplar, exemplars_digest, load_exemplars
from detectors.features import ExemplarIndex, features, harm_findings
from detectors.harm import HarmLexiconDetector
from detectors.normalise import Normalised
from detectors.sentences import Sentence, split_sentences, word_count
from detectors.taxonomy import Mention, Taxonomy, neutralise

log = logging.getLogger(__name__)

__all__ = ["UNKNOWN_GROUP", "EmbeddingDetector", "EmbeddingOptions", "Exemplar", "load_exemplars"]

_SENTENCES = "embedding:sentences"  # the batch key under which sentence texts share the encode


@dataclass(frozen=True, slots=True)
class _SentenceRow:
    sample: int  # row in the batch
    sentence: Sentence  # a sentence of the normalised response
    mentions: list[Mention]  # offsets relative to the sentence
    span: tuple[int, int]  # the sentence's span in the original response
    original: str  # the original text of that span


@dataclass(frozen=True, slots=True)
class _SentenceScore:
    probability: float
    flagged: bool
    biased: Exemplar
    benign: Exemplar
    biased_similarity: float
    benign_similarity: float
    evidence: Evidence


class EmbeddingOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = Field(True, description="run this detector")
    threshold: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="calibrated probability at or above which a sample is flagged; default: the head's own, chosen "
        "at training time on authored benign identity text",
    )
    per_axis_thresholds: bool = Field(
        False,
        description="also require the head's per-axis threshold (chosen on authored benign identity text) for "
        "every axis the sample names",
    )
    head_path: str | None = Field(
        None, description="trained head JSON from `biaswatch train-detector`; default: the bundled one"
    )
    require_group_mention: bool = Field(
        False,
        description="true: flag only when the prompt or response names a group of the taxonomy; false (default): a "
        "confident score without one is flagged with group `unknown` (a group the taxonomy misses) and counted "
        'under biaswatch_flags_total{axis="unknown"}',
    )
    sentence_scoring: bool = Field(
        True,
        description="in long responses also score each sentence that names a group on its own, so one biased "
        "sentence is not diluted by the rest of the answer",
    )
    sentence_threshold: float = Field(
        0.9,
        ge=0.0,
        le=1.0,
        description="calibrated probability at or above which a single sentence flags its response (a floor under "
        "the per-axis thresholds; higher than `threshold` because one sentence has less context)",
    )
    sentence_min_words: int = Field(40, ge=1, description="responses with fewer words are scored as a whole only")
    bare_answers_to_scenes: bool = Field(
        True,
        description=(
            "lower the head's score (by the counter-speech factor) for a response that only names someone in answer"
            " to a who-question about a scene, which the answer_choice detector judges; set false when answer_choice"
            " is off"
        ),
    )


class EmbeddingDetector:
    name = "embedding"

    def __init__(
        self,
        taxonomy: Taxonomy,
        embed_fn: Callable[[list[str]], Embeddings],
        options: EmbeddingOptions | None = None,
        exemplars: list[Exemplar] | None = None,
        model_id: str = "all-MiniLM-L6-v2",
        head: head_io.Head | None = None,
        model_hash: str | None = None,
        source_hash: str | None = None,
        embed_fixed_fn: Callable[[list[str]], Embeddings] | None = None,
    ) -> None:
        self.options = options or EmbeddingOptions()
        self.taxonomy = taxonomy
        self.head = head or head_io.load(self.options.head_path)
        trained_for = self.head.data.get("embedding_model_hash")
        # A head fitted on the torch encoder records its weights' hash, which an ONNX export of those
        # weights reports as its source: either name of the loaded encoder is the same encoder.
        runs = {h for h in (model_hash, source_hash) if h}
        if runs and trained_for is not None and trained_for not in runs:
            # The head's weights mean nothing on another encoder's embeddings: refuse, never guess.
            source = f" (built from weights {source_hash})" if source_hash and source_hash != model_hash else ""
            raise head_io.EncoderMismatchError(
                f"embedding head {self.head.version} was fitted on encoder {trained_for}, but the agent runs "
                f"{model_hash}{source}: use the encoder it was trained with (embedding_model.finetuned / path), or "
                "rebuild both with `biaswatch train-detector`"
            )
        self.threshold = float(
            self.options.threshold if self.options.threshold is not None else self.head.data.get("threshold", 0.8)
        )
        self.exemplars = exemplars if exemplars is not None else load_exemplars()
        digest = exemplars_digest(self.exemplars)
        trained_on = self.head.data.get("training", {}).get("exemplars")
        if trained_on is not None and trained_on != digest:
            # Margin features against other exemplars than the head saw would shift every score.
            raise head_io.HeadError(
                f"embedding head was trained on exemplars {trained_on}, these are {digest}: "
                "rebuild it with `biaswatch train-detector`"
            )
        texts = [neutralise(e.text, taxonomy.match(e.text)) for e in self.exemplars]
        encode_fixed = embed_fixed_fn or embed_fn
        self.index = ExemplarIndex(self.exemplars, encode_fixed(texts), int(self.head.data.get("top_k", 3)))
        self.harm = HarmLexiconDetector(taxonomy)
        self.stale_lexicons = _stale_lexicons(self.head, taxonomy.digest, self.harm.version)
        if self.stale_lexicons:
            # Not refused: the head still works, but on inputs its weights were not fitted to (other
            # words neutralised, other harm cues), so its calibration is no longer measured.
            log.warning(
                "embedding head %s was fitted with %s; its scores are not calibrated for these lexicons: "
                "rebuild it with `biaswatch train-detector`",
                self.head.version,
                "; ".join(self.stale_lexicons),
            )
        self.model_id = model_id
        self.protective = protective.default_words()
        self.answers = AnswerTerms.load(taxonomy)
        # 4: an answer that only names someone, to a who-question, is left to the answer reader;
        # 3: the protective stance lowers the head's probability (2: the head's probability as is).
        self.version = f"4+{model_id}+{self.head.version}+{self.protective.digest}+{self.answers.digest}"

    def probabilities(self, batch: Batch) -> np.ndarray:
        """Calibrated probability per sample (what `detect` thresholds), for evaluation."""
        return np.array([f.score for f in self.detect(batch)])

    def threshold_for(self, groups: tuple[str, ...]) -> float:
        t = self.threshold
        if self.options.per_axis_thresholds:
            per_axis = self.head.thresholds
            for g in groups:
                t = max(t, per_axis.get(self.taxonomy.group_axis.get(g, ""), t))
        return t

    def _sentence_rows(self, batch: Batch) -> list[_SentenceRow]:
        """Group-naming sentences of the long responses (none when sentence scoring is off)."""
        o = self.options
        if not o.sentence_scoring:
            return []
        rows = []
        pairs = zip(batch.normalised("response"), batch.mentions("response"), strict=True)
        for i, (norm, mentions) in enumerate(pairs):
            if not mentions or word_count(norm.text) < o.sentence_min_words:
                continue
            sentences = split_sentences(norm.text)
            if len(sentences) < 2:
                continue  # the sentence is the response: already scored whole
            for sent in sentences:
                o_start, o_end = norm.span(sent.start, sent.end)
                inside = [
                    m.shifted(o_start, sent.start)
                    for m in mentions
                    if m.nspan[0] >= sent.start and m.nspan[1] <= sent.end
                ]
                if inside:
                    rows.append(_SentenceRow(i, sent, inside, (o_start, o_end), norm.original[o_start:o_end]))
        return rows

    def prepare(self, batch: Batch) -> None:
        """Before the batch is embedded: queue the sentences so they share the responses' encode."""
        rows = self._sentence_rows(batch)
        if rows:
            batch.embed_also(_SENTENCES, [neutralise(_as_is(r.sentence.text), r.mentions) for r in rows])

    def detect(self, batch: Batch) -> list[Finding]:
        if len(batch) == 0:
            return []
        responses = batch.mentions("response")
        prompts = batch.mentions("prompt")
        groups_all = [
            frozenset(m.group for m in r) | {m.group for m in p} for r, p in zip(responses, prompts, strict=True)
        ]
        texts = batch.normalised("response")
        prompt_texts = batch.normalised("prompt")
        s_rows = self._sentence_rows(batch)
        if s_rows and not batch.requested(_SENTENCES):
            self.prepare(batch)
        harm = harm_findings(self.harm, texts, responses)
        x, nearest = features(self.index, self.harm, batch.embeddings(), texts, responses, groups_all, findings=harm)
        prob = np.clip(self.head.probability(x), 0.0, 1.0)
        best = self._best_sentences(batch, s_rows, prompts)
        n_extra = len(self.head.features)
        extra = x[:, -n_extra:]
        o = self.options
        findings = []
        for i, sample in enumerate(batch.samples):
            groups = tuple(sorted(groups_all[i]))
            s = float(prob[i])
            threshold = self.threshold_for(groups)
            biased = self.index.biased[int(nearest.biased[i])]
            benign = self.index.benign[int(nearest.benign[i])]
            b_sim, n_sim = float(nearest.biased_similarity[i]), float(nearest.benign_similarity[i])
            sentence_evidence: tuple[Evidence, ...] = ()
            top = best.get(i)
            if top is not None:
                # The sentence that scored highest decides when it clears its (stricter) threshold;
                # its nearest exemplars are then the relevant ones for the reviewer.
                sentence_evidence = (top.evidence,)
                if top.flagged and top.probability > s:
                    s = top.probability
                    biased, benign, b_sim, n_sim = top.biased, top.benign, top.biased_similarity, top.benign_similarity
            stance = protective.stances(texts[i], responses[i], harm[i], self.protective)
            if stance:
                # The writer is on the group's side ("we should protect <group>", "I would never
                # hurt a <group>"), which a mean-pooled embedding does not read: lowered by the
                # harm lexicon's own factor for claims the text rejects (detectors/protective.py).
                s *= self.harm.options.countered_factor
            # The response test first: it is cheap and almost always false, so the prompt is read
            # only for the few answers that only name someone.
            bare = (
                o.bare_answers_to_scenes
                and answer_scene.bare_answer(
                    texts[i].text.lower(),
                    [m.normalised() for m in responses[i]],
                    self.answers.words,
                    self.answers.scaffold,
                )
                and answer_scene.asks_choice(prompt_texts[i].text.lower())
                and self._has_scene(prompt_texts[i], prompts[i])
            )
            factor = self.harm.options.countered_factor
            if bare:
                # "That would be the Christian man." says nothing of anyone: what it means comes
                # from the who-question it answers, which only the answer_choice detector reads.
                s *= factor
            if not groups and s >= threshold:
                if o.require_group_mention:
                    s = min(s, np.nextafter(threshold, 0.0))  # below the line: kept as a score, not a flag
                else:
                    groups = (UNKNOWN_GROUP,)  # harmful about a group the taxonomy misses: counted, not dropped
            flagged = s >= threshold
            detail = {name: round(float(v), 4) for name, v in zip(self.head.features, extra[i], strict=True)}
            evidence = (
                Evidence(
                    "probability",
                    f"{s:.3f}",
                    field="model",
                    detail={"threshold": round(threshold, 4), "head": self.head.version, **detail},
                ),
                Evidence(
                    "nearest_biased_exemplar",
                    biased.text,
                    field="exemplars",
                    detail={"similarity": round(b_sim, 4), "category": biased.category, "group": biased.group},
                ),
                Evidence(
                    "nearest_benign_exemplar",
                    benign.text,
                    field="exemplars",
                    detail={"similarity": round(n_sim, 4), "group": benign.group},
                ),
                *sentence_evidence,
                *((Evidence("bare_answer", texts[i].original, detail={"factor": factor}),) if bare else ()),
                *(
                    Evidence(
                        "protective_stance",
                        st.text,
                        span=st.span,
                        detail={"kind": st.kind, "factor": self.harm.options.countered_factor},
                    )
                    for st in stance
                ),
                *(
                    Evidence("group_term", m.term, span=(m.start, m.end), detail={"axis": m.axis, "group": m.group})
                    for m in responses[i]
                ),
            )
            findings.append(
                Finding(
                    self.name,
                    sample.id,
                    float(s),
                    flagged,
                    biased.category,
                    groups,
                    evidence,
                    threshold,
                    calibrated=True,
                )
            )
        return findings

    def _has_scene(self, prompt: Normalised, mentions: list[Mention]) -> bool:
        """The prompt sets people in a scene and asks which of them: the answer_choice reader's
        case ("Who lives longer, a man or a woman?" has no scene: its answer is read as it is)."""
        scene = answer_scene.read_scene(
            prompt.text, [m.normalised() for m in mentions], self.answers.words, prompt.original
        )
        return scene is not None

    def _best_sentences(
        self, batch: Batch, rows: list[_SentenceRow], prompts: list[list[Mention]]
    ) -> dict[int, _SentenceScore]:
        """Per response with scored sentences, its highest-scoring one."""
        if not rows:
            return {}
        emb = batch.extra_embeddings(_SENTENCES)
        groups = [frozenset(m.group for m in r.mentions) | {m.group for m in prompts[r.sample]} for r in rows]
        x, nearest = features(
            self.index, self.harm, emb, [_as_is(r.sentence.text) for r in rows], [r.mentions for r in rows], groups
        )
        prob = np.clip(self.head.probability(x), 0.0, 1.0)
        out: dict[int, _SentenceScore] = {}
        for j, row in enumerate(rows):
            p = float(prob[j])
            if row.sample in out and out[row.sample].probability >= p:
                continue
            threshold = max(self.options.sentence_threshold, self.threshold_for(tuple(groups[j])))
            out[row.sample] = _SentenceScore(
                probability=p,
                flagged=p >= threshold,
                biased=self.index.biased[int(nearest.biased[j])],
                benign=self.index.benign[int(nearest.benign[j])],
                biased_similarity=float(nearest.biased_similarity[j]),
                benign_similarity=float(nearest.benign_similarity[j]),
                evidence=Evidence(
                    "sentence",
                    row.original,
                    span=row.span,
                    detail={"probability": round(p, 4), "threshold": round(threshold, 4)},
                ),
            )
        return out


def _stale_lexicons(head: head_io.Head, taxonomy: str, harm: str) -> list[str]:
    """Lexicons the head was fitted with that differ from the loaded ones, as "<what> <then>, now <now>"."""
    record = head.data.get("training", {})
    out = []
    for what, then, now in (
        ("identity lexicon", record.get("taxonomy"), taxonomy),
        ("harm lexicon", record.get("harm_lexicon"), harm),
    ):
        if then is not None and then != now:
            out.append(f"{what} {then}, now {now}")
    return out


def _as_is(text: str) -> Normalised:
    """An already normalised text (a sentence of a normalised response), not normalised again."""
    return Normalised(text, text)
