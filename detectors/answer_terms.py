"""The words of the answer readers (detectors/data/answer_terms.yaml), loaded once per taxonomy."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from detectors import yamlload
from detectors.answer_scene import PersonWords, origin_pattern, phrase_pattern
from detectors.taxonomy import Taxonomy


def _phrases(items: Sequence[object]) -> re.Pattern[str]:
    words = sorted({str(w).strip().lower() for w in items}, key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w'])")


@dataclass(frozen=True)
class AnswerTerms:
    words: PersonWords
    declining: frozenset[str]
    # One pattern for declining and uncertain phrases, longest first, so "can't know for sure"
    # (uncertain) is not read as "can't know" (declining).
    cues: re.Pattern[str]
    turn: re.Pattern[str]
    negation: re.Pattern[str]
    scaffold: frozenset[str]
    digest: str

    @classmethod
    def load(cls, taxonomy: Taxonomy) -> AnswerTerms:
        """The terms for `taxonomy`, read once: the answer reader and the embedding detector share them."""
        return _load(taxonomy)

    @classmethod
    def _read(cls, taxonomy: Taxonomy) -> AnswerTerms:
        ref = resources.files("detectors") / "data" / "answer_terms.yaml"
        data = yamlload.safe_load(ref.read_text(encoding="utf-8"))
        implied = {str(k).lower(): str(v) for k, v in (data.get("implied_groups") or {}).items()}
        unknown = set(implied.values()) - set(taxonomy.groups)
        if unknown:
            raise ValueError(f"answer_terms.yaml: implied_groups names groups the taxonomy lacks: {sorted(unknown)}")
        countries = taxonomy.countries
        descriptors = {str(k).lower(): str(v) for k, v in (data.get("descriptors") or {}).items()}
        unknown = set(descriptors.values()) - set(taxonomy.groups)
        if unknown:
            raise ValueError(f"answer_terms.yaml: descriptors name groups the taxonomy lacks: {sorted(unknown)}")
        declining = [str(w).lower() for w in data["declining_answers"]]
        uncertain = [str(w).lower() for w in data["uncertain_answers"]]
        return cls(
            words=PersonWords(
                frozenset(str(w).lower() for w in data["person_nouns"]) | taxonomy.person_nouns,
                implied,
                taxonomy.targets_of,
                countries,
                origin_pattern(countries),
                descriptors,
                phrase_pattern(descriptors),
                _phrases(data["grounded_questions"]),
                _phrases(data["not_scenes"]),
            ),
            declining=frozenset(declining),
            cues=_phrases([*declining, *uncertain]),
            turn=_phrases(data["turn_to_pick"]),
            negation=_phrases(data["negations"]),
            scaffold=frozenset(str(w).lower() for w in data["answer_scaffold"]),
            digest=hashlib.sha256(yamlload.digest_text(data).encode()).hexdigest()[:12],
        )


@lru_cache(maxsize=4)
def _load(taxonomy: Taxonomy) -> AnswerTerms:
    return AnswerTerms._read(taxonomy)
