"""`biaswatch baseline inspect`: what a baseline file holds and which scorer produced each reference.

With a configuration it also says what the agent would do with each reference at start (use it,
re-learn its score and flag references, re-learn all of it, or refuse the file), which is the check
to run before shipping a baseline to agents of another version.
"""

from __future__ import annotations

import time
from typing import Any

from agent.config import AgentConfig
from agent.drift.baseline import Baseline, BaselineError, staleness
from agent.scorer import Scorer


def describe(baseline: Baseline, path: str) -> dict[str, Any]:
    scorers: dict[str, Scorer] = {r.scorer.digest: r.scorer for r in baseline.references.values() if r.scorer}
    return {
        "path": path,
        "model_hash": baseline.model_hash,
        "revision": baseline.revision,
        "created": baseline.created,
        "origin": baseline.origin,
        "models": {
            key: {
                "samples": r.samples,
                "flag_rate": r.flag_rate,
                "score_rows": len(r.scores),
                "embedding_rows": 0 if r.embeddings is None else len(r.embeddings),
                "scorer": r.scorer.digest if r.scorer is not None else None,
            }
            for key, r in baseline.references.items()
        },
        "scorers": {digest: s.to_json() for digest, s in scorers.items()},
    }


def compare(baseline: Baseline, model_hash: str, current: Scorer) -> dict[str, Any]:
    """What an agent running `current` on `model_hash` does with each reference at start."""
    try:
        baseline.check_model(model_hash)
    except BaselineError as exc:
        return {"scorer": current.digest, "refused": str(exc), "models": {}}
    models = {}
    for key, ref in baseline.references.items():
        part, why = staleness(ref, current)
        action = {"": "use", "scores": "relearn score and flag references", "all": "relearn all"}[part]
        models[key] = {"action": action, **({"reason": why} if why else {})}
    return {"scorer": current.digest, "refused": None, "models": models}


def text(info: dict[str, Any], against: dict[str, Any] | None, current: Scorer | None) -> str:
    created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(info["created"]))
    lines = [
        f"{info['path']}: revision {info['revision']}, created {created}, origin {info['origin'] or '-'}",
        f"embedding model: {info['model_hash']}",
    ]
    for key, m in info["models"].items():
        scorer = m["scorer"] or "not recorded (format 1 file)"
        lines.append(
            f"model {key}: {m['samples']} samples, flag rate {m['flag_rate']:.4f}, {m['score_rows']} score rows, "
            f"{m['embedding_rows']} embedding rows, scorer {scorer}"
        )
    for s in info["scorers"].values():
        lines.append(Scorer.from_json(s).describe())
    if against is not None and current is not None:
        lines.append(f"this agent: {current.describe()}")
        if against["refused"]:
            lines.append(f"refused at start: {against['refused']}")
        for key, m in against["models"].items():
            lines.append(f"model {key}: {m['action']}" + (f" ({m['reason']})" if "reason" in m else ""))
    return "\n".join(lines)


def inspect_baseline(path: str, config: AgentConfig | None) -> tuple[dict[str, Any], str, bool]:
    """(JSON report, text report, whether the agent would use every reference as is)."""
    baseline = Baseline.load(path)
    info = describe(baseline, path)
    if config is None:
        return info, text(info, None, None), True
    from agent.assemble import build
    from agent.drift.runtime import model_hash

    c = build(config)
    current = c.scorer
    against = compare(baseline, model_hash(c), current)
    info["agent"] = against | {"scorer_detail": current.to_json()}
    ok = against["refused"] is None and all(m["action"] == "use" for m in against["models"].values())
    return info, text(info, against, current), ok
