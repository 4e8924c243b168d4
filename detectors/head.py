"""The trained head: a linear model plus Platt calibration, stored as plain JSON (never a pickle).

A pickle runs code when loaded and breaks across library versions; a few hundred numbers in JSON
do neither, can be reviewed in a diff, and need only numpy at detect time.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

FORMAT = "biaswatch-head"
FORMAT_VERSION = 1
DEFAULT_FILE = "embedding_head.json"


class HeadError(ValueError):
    """The head file is unreadable, or does not fit the embedding model or exemplars in use."""


@dataclass(frozen=True)
class Head:
    data: dict[str, Any]
    digest: str  # sha256 of the file bytes, first 12 hex digits
    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    coef: npt.NDArray[np.float64]
    intercept: float
    platt_a: float
    platt_b: float

    @property
    def version(self) -> str:
        return f"head{FORMAT_VERSION}.{self.digest}"

    @property
    def features(self) -> tuple[str, ...]:
        return tuple(self.data["features"])

    @property
    def dimension(self) -> int:
        return int(self.data["dimension"])

    @property
    def thresholds(self) -> dict[str, float]:
        """Per-axis thresholds chosen on authored benign identity text at training time."""
        return {str(k): float(v) for k, v in (self.data.get("thresholds") or {}).items()}

    def decision(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        if x.shape[1] != self.coef.shape[0]:
            raise HeadError(
                f"embedding head expects {self.coef.shape[0]} features, got {x.shape[1]}: "
                "was it trained for another embedding model? rebuild it with `biaswatch train-detector`"
            )
        out: npt.NDArray[np.float64] = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return out

    def probability(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Calibrated probability of "biased"; monotone in the decision value because platt_a > 0."""
        z = self.platt_a * self.decision(x) + self.platt_b
        out: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))
        return out


def from_bytes(raw: bytes, origin: str = "<head>") -> Head:
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HeadError(f"{origin}: not a JSON embedding head: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise HeadError(f"{origin}: not a biaswatch embedding head (format {FORMAT!r} expected)")
    if data.get("format_version") != FORMAT_VERSION:
        raise HeadError(f"{origin}: head format {data.get('format_version')!r}; this biaswatch reads {FORMAT_VERSION}")
    try:
        mean = np.asarray(data["scaler"]["mean"], dtype=np.float64)
        scale = np.asarray(data["scaler"]["scale"], dtype=np.float64)
        coef = np.asarray(data["coef"], dtype=np.float64)
        a = float(data["calibration"]["a"])
        b = float(data["calibration"]["b"])
        intercept = float(data["intercept"])
        n = int(data["dimension"]) + len(data["features"])
    except (KeyError, TypeError, ValueError) as exc:
        raise HeadError(f"{origin}: embedding head is missing or has a bad field: {exc}") from None
    if not (mean.shape == scale.shape == coef.shape == (n,)):
        raise HeadError(f"{origin}: scaler/coef lengths do not match dimension + features ({n})")
    if a <= 0 or not np.all(scale > 0):
        raise HeadError(f"{origin}: calibration slope and scales must be positive")
    digest = hashlib.sha256(raw).hexdigest()[:12]
    return Head(data, digest, mean, scale, coef, intercept, a, b)


def load(path: str | Path | None = None) -> Head:
    if path is None:
        ref = resources.files("detectors") / "data" / DEFAULT_FILE
        return from_bytes(ref.read_bytes(), f"detectors/data/{DEFAULT_FILE}")
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise HeadError(f"{p}: cannot read embedding head: {exc.strerror}") from None
    return from_bytes(raw, str(p))


def dump(data: dict[str, Any]) -> bytes:
    """Canonical bytes: sorted keys, fixed float rounding, so a rebuild is byte-identical."""
    return (json.dumps(_round(data), sort_keys=True, indent=1) + "\n").encode()


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return float(f"{value:.7g}")
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_round(v) for v in value]
    return value
