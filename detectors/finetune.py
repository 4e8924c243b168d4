"""Contrastive fine-tuning of MiniLM's top transformer layers on pairs that differ in one property.

SetFit-style: each training text is paired with one text of the same label (pulled together,
cosine target 1) and one of the other label (pushed apart, target 0), preferring its own minimal
pair (same family, other label: "X are lazy" vs "X are not lazy") so that what separates the two
is what is said, not the register, the length or the group. Only the top `train_layers` layers
are trained: the lower layers' outputs are computed once and cached, which makes a CPU run take
minutes, and the trained layers alone (a few MB in fp16) are the shipped delta
(detectors/encoder.py applies it to the hash-pinned base model).
Seeded and single-process; with the same thread count two runs give the same weights.
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

    def train(self, texts: Sequence[str], labels: Sequence[int], families: Sequence[str]) -> dict[str, Any]:
        """Contrastive training on these (cached) texts; returns the trained layers' tensors."""
        import numpy as np
        import torch

        spec = self.spec
        torch.manual_seed(spec.seed)
        np.random.seed(spec.seed)
        rng = random.Random(spec.seed)
        for name, p in self.bert.named_parameters():
            p.requires_grad = name.startswith(self.prefixes)
        at = [self.index[t] for t in texts]
        params = [p for p in self.bert.parameters() if p.requires_grad]
        optimiser = torch.optim.AdamW(params, lr=spec.learning_rate, weight_decay=0.01)
        pairs = [p for _ in range(spec.epochs) for p in _pairs(labels, families, rng)]
        steps = (len(pairs) + spec.batch_size - 1) // spec.batch_size
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
            chunk = pairs[step * spec.batch_size : (step + 1) * spec.batch_size]
            a = self._top([at[i] for i, _, _ in chunk])
            b = self._top([at[j] for _, j, _ in chunk])
            target = torch.tensor([t for _, _, t in chunk])
            loss = torch.nn.functional.mse_loss((a * b).sum(dim=-1), target)
            optimiser.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            optimiser.step()
            schedule.step()
        self.bert.eval()
        return {n: p.detach().clone() for n, p in self.bert.named_parameters() if n.startswith(self.prefixes)}

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
