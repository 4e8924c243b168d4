"""Redaction cost per text, with and without PII (docs/retraining.md): the authored test corpus
embedded in flagged-looking sentences, and the same number of PII-free sentences."""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agent.config import RedactionConfig
from agent.retraining.redact import Redactor
from tests.pii_corpus import CUSTOM_PATTERNS, TEMPLATES, corpus


def per_text_ms(redactor: Redactor, texts: list[str], rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for t in texts:
            redactor.redact(t)
        times.append((time.perf_counter() - start) / len(texts) * 1000)
    return statistics.median(times)


def main() -> None:
    redactor = Redactor(RedactionConfig.model_validate({"custom": CUSTOM_PATTERNS}))
    with_pii = [TEMPLATES[i % len(TEMPLATES)].format(pii=w) for i, (_, w) in enumerate(corpus())]
    plain = [TEMPLATES[i % len(TEMPLATES)].format(pii="the usual channels") for i in range(len(with_pii))]
    out = {
        "texts": len(with_pii),
        "ms_per_text_with_pii": round(per_text_ms(redactor, with_pii), 3),
        "ms_per_text_without_pii": round(per_text_ms(redactor, plain), 3),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
