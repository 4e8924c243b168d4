"""Fine-tuning of MiniLM's top transformer layers, with a classification or a contrastive objective.

- `classify` (the default): a temporary logistic layer on the mean-pooled, normalised embedding
  is trained with the layers on class-balanced, per-row weighted cross-entropy, then thrown away;
  the shipped scikit-learn head is fitted afterwards on the tuned embeddings. The loss separates
  the labels across every source at once, which pairs of two texts cannot.
- `contrastive`, SetFit-style: each training text is paired with one text of the same label
  (cosine target 1) and one of the other label (target 0), preferring its own minimal pair (same
  family, other label: "X are lazy" vs "X are not lazy") so that what separates the two is what
  is said, not the register, the length or the group.

Only the top `train_layers` layers are trained: the lower layers' outputs are computed once and
cached, which makes a CPU run take minutes, and the trained layers alone (fp16) are the shipped
delta (detectors/encoder.py applies it to the hash-pinned base model). Seeded, dropout off and
single-process; with the same thread count two runs give the same weights.
"""

from __future__ import annotations

import logging
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FinetuneSpec:
    seed: int = 13
    train_layers: int = 2
    epochs: int = 1
    batch_size: int = 32
    learning_rate: float = 2e-5
    max_tokens: int = 128
    threads: int = 2
    max_steps: int | None = None  # caps the run (tests use a handful of steps)
    objective: str = "classify"  # "classify" | "contrastive"
    head_learning_rate: float = 1e-3  # the temporary logistic layer of `classify`
    # Cosine-scale logits: the pooled embedding is unit-length, so a linear layer on it alone
    # would start with logits near 0 whatever the weights' scale.
    logit_scale: float = 20.0


OBJECTIVES = ("classify", "contrastive")


def layer_prefixes(num_layers: int, train_layers: int) -> tuple[str, ...]:
    return tuple(f"encoder.layer.{i}." for i in range(num_layers - train_layers, num_layers))


def _pairs(labels: Sequence[int], families: Sequence[str], rng: random.Random) -> list[tuple[int, int, float]]:
    by_label: dict[int, list[int]] = defaultdict(list)
    by_family: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, (y, f) in enumerate(zip(labels, families, strict=True)):
        by_label[y].append(i)
        by_family[(f, y)].append(i)
    out: list[tuple[int, int, float]] = []
    for i, (y, f) in enumerate(zip(labels, families, strict=True)):
        out.append((i, rng.choice(by_label[y]), 1.0))
        twins = by_family.get((f, 1 - y))
        j = rng.choice(twins) if twins else rng.choice(by_label[1 - y])
        out.append((i, j, 0.0))
    rng.shuffle(out)
    return out


class Finetuner:
    """Lower-layer states cached once per text; top layers trained on pairs, then used to embed.

    `embed` runs the cached states through the (trained) top layers: the same numbers the
    materialised model computes, up to fp16 rounding of the cache (checked at construction).
    """

    def __init__(self, model: Any, texts: Sequence[str], spec: FinetuneSpec) -> None:
        import torch

        torch.manual_seed(spec.seed)
        torch.set_num_threads(spec.threads)
        self.model, self.spec = model, spec
        self.bert = model[0].auto_model
        n_layers = len(self.bert.encoder.layer)
        if not 1 <= spec.train_layers <= n_layers:
            raise ValueError(f"fine-tuning: train_layers must be 1-{n_layers}, not {spec.train_layers}")
        self.first = n_layers - spec.train_layers
        self.prefixes = layer_prefixes(n_layers, spec.train_layers)
        self.index = {t: i for i, t in enumerate(dict.fromkeys(texts))}
        unique = list(self.index)
        self.cache: list[Any] = [None] * len(unique)
        order = sorted(range(len(unique)), key=lambda i: len(unique[i]))
        self.bert.eval()
        with torch.no_grad():
            for start in range(0, len(order), 64):
                idx = order[start : start + 64]
                enc = model.tokenizer(
                    [unique[i] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=spec.max_tokens,
                    return_tensors="pt",
                )
                hidden = self.bert(**enc, output_hidden_states=True).hidden_states[self.first]
                lengths = enc["attention_mask"].sum(dim=1).tolist()
                for k, i in enumerate(idx):
                    self.cache[i] = hidden[k, : lengths[k]].to(torch.float16).clone()
        _check_equivalence(model, unique[:8], self._top, spec)

    def _top(self, batch_idx: list[int]) -> Any:
        """Mean-pooled, normalised embeddings from the cached lower-layer states through the top layers."""
        import torch

        length = max(self.cache[i].shape[0] for i in batch_idx)
        h = torch.zeros(len(batch_idx), length, self.cache[batch_idx[0]].shape[1])
        mask = torch.zeros(len(batch_idx), length)
        for k, i in enumerate(batch_idx):
            n = self.cache[i].shape[0]
            h[k, :n] = self.cache[i].float()
            mask[k, :n] = 1.0
        additive = (1.0 - mask[:, None, None, :]) * torch.finfo(torch.float32).min
        for layer in self.bert.encoder.layer[self.first :]:
            out = layer(h, additive)
            h = out[0] if isinstance(out, tuple) else out
        pooled = (h * mask[..., None]).sum(dim=1) / mask.sum(dim=1, keepdim=True)
        return torch.nn.functional.normalize(pooled, dim=-1)

    def train(
        self,
        texts: Sequence[str],
        labels: Sequence[int],
        families: Sequence[str],
        weights: Sequence[float] | None = None,
    ) -> dict[str, Any]:
        """Train on these (cached) texts with the spec's objective; returns the trained layers' tensors.

        `weights` (one per text, default 1) scale each row's loss under `classify`; the classes
        are balanced on top, so the weights set how much each source counts, not the base rate.
        """
        import numpy as np
        import torch

        spec = self.spec
        if spec.objective not in OBJECTIVES:
            raise ValueError(f"fine-tuning objective must be one of {', '.join(OBJECTIVES)}, not {spec.objective!r}")
        torch.manual_seed(spec.seed)
        np.random.seed(spec.seed)
        rng = random.Random(spec.seed)
        for name, p in self.bert.named_parameters():
            p.requires_grad = name.startswith(self.prefixes)
        at = [self.index[t] for t in texts]
        params = [p for p in self.bert.parameters() if p.requires_grad]
        if spec.objective == "classify":
            order = [i for _ in range(spec.epochs) for i in rng.sample(range(len(texts)), len(texts))]
            loss_of = self._classify_loss(labels, weights)
            groups: list[dict[str, Any]] = [{"params": params, "lr": spec.learning_rate}, *loss_of.param_groups]
            batches = [[at[i] for i in order[k : k + spec.batch_size]] for k in range(0, len(order), spec.batch_size)]
            rows = [order[k : k + spec.batch_size] for k in range(0, len(order), spec.batch_size)]
        else:
            pairs = [p for _ in range(spec.epochs) for p in _pairs(labels, families, rng)]
            groups = [{"params": params, "lr": spec.learning_rate}]
            rows = [[] for _ in range(0, len(pairs), spec.batch_size)]
        optimiser = torch.optim.AdamW(groups, weight_decay=0.01)
        steps = len(rows)
        if spec.max_steps is not None:
            steps = min(steps, spec.max_steps)
        warmup = max(1, steps // 10)
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimiser, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (steps - s) / max(1, steps - warmup))
        )
        self.bert.train()
        # Dropout off: the run is then a deterministic function of the seed and the thread count.
        for module in self.bert.modules():
            if isinstance(module, torch.nn.Dropout):
                module.p = 0.0
        started = time.monotonic()
        for step in range(steps):
            if step % 50 == 0:
                log.info("fine-tuning step %d of %d (%.0f s)", step, steps, time.monotonic() - started)
            if spec.objective == "classify":
                loss = loss_of(self._top(batches[step]), rows[step])
            else:
                chunk = pairs[step * spec.batch_size : (step + 1) * spec.batch_size]
                a = self._top([at[i] for i, _, _ in chunk])
                b = self._top([at[j] for _, j, _ in chunk])
                target = torch.tensor([t for _, _, t in chunk])
                loss = torch.nn.functional.mse_loss((a * b).sum(dim=-1), target)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
        self.bert.eval()
        return {n: p.detach().clone() for n, p in self.bert.named_parameters() if n.startswith(self.prefixes)}

    def _classify_loss(self, labels: Sequence[int], weights: Sequence[float] | None) -> _ClassifyLoss:
        return _ClassifyLoss(labels, weights, self.bert.config.hidden_size, self.spec)

    def load(self, tensors: dict[str, Any]) -> None:
        """Put these top-layer weights in the model (say, the fp16-rounded ones the loader will use)."""
        import torch

        with torch.no_grad():
            params = dict(self.bert.named_parameters())
            for name, t in tensors.items():
                params[name].copy_(t)

    def embed(self, texts: Sequence[str]) -> Any:
        """Embeddings (float32 numpy) of cached texts through the current top layers."""
        import numpy as np
        import torch

        out = np.zeros((len(texts), self.bert.config.hidden_size), dtype=np.float32)
        idx = [self.index[t] for t in texts]
        order = sorted(range(len(texts)), key=lambda k: self.cache[idx[k]].shape[0])
        with torch.no_grad():
            for start in range(0, len(order), 64):
                ks = order[start : start + 64]
                out[ks] = self._top([idx[k] for k in ks]).numpy()
        return out


class _ClassifyLoss:
    """Class-balanced, row-weighted logistic loss of a temporary linear layer on the pooled embedding."""

    def __init__(self, labels: Sequence[int], weights: Sequence[float] | None, width: int, spec: FinetuneSpec) -> None:
        import numpy as np
        import torch

        y = np.asarray(labels, dtype=np.float64)
        w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=np.float64)
        if len(w) != len(y) or (w < 0).any():
            raise ValueError("fine-tuning weights: one non-negative weight per text")
        pos, neg = float((w * y).sum()), float((w * (1 - y)).sum())
        if pos <= 0 or neg <= 0:
            raise ValueError("fine-tuning needs rows of both labels with a positive weight")
        balance = np.where(y == 1, (pos + neg) / (2 * pos), (pos + neg) / (2 * neg))
        self.y = torch.tensor(y, dtype=torch.float32)
        self.w = torch.tensor(balance * w, dtype=torch.float32)
        self.scale = spec.logit_scale
        self.layer = torch.nn.Linear(width, 1)
        self.param_groups = [{"params": list(self.layer.parameters()), "lr": spec.head_learning_rate}]

    def __call__(self, embeddings: Any, rows: list[int]) -> Any:
        import torch

        logits = self.layer(embeddings * self.scale).squeeze(-1)
        losses = torch.nn.functional.binary_cross_entropy_with_logits(logits, self.y[rows], reduction="none")
        return (losses * self.w[rows]).mean()


def _check_equivalence(model: Any, texts: Sequence[str], top: Any, spec: FinetuneSpec) -> None:
    """The cached path must reproduce the model's own embeddings, or the training is of something else."""
    import torch

    if not texts:
        return
    saved = model.max_seq_length
    model.max_seq_length = spec.max_tokens
    want = torch.tensor(model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True))
    model.max_seq_length = saved
    with torch.no_grad():
        got = top(list(range(len(texts))))
    err = float((want - got).abs().max())
    if err > 2e-2:
        raise RuntimeError(f"fine-tuning: cached top-layer path differs from the model by {err:.3g}")
