"""Quantisation recipes for the ONNX encoder export, measured (issue 14): fidelity and CPU per candidate.

Each candidate is the fused fp32 graph `biaswatch export-encoder` optimises, quantised another way
(dynamic int8 with some nodes kept fp32, static QOperator/QDQ calibrated on authored text that is
not the fidelity sample, 8-bit MatMulNBits with per-block activation scales). Fidelity is the
cosine to the shipped fine-tuned torch encoder on the export's fidelity sample, one text per pass
through `OnnxEncoder` exactly as the runtime encodes; CPU is `time.process_time` of encoding the
same mixed-length responses in one process, candidates alternating, several rounds.

    nice -n 19 .venv/bin/python bench/quant_study.py sensitivity      # all-int8 but one node fp32
    nice -n 19 .venv/bin/python bench/quant_study.py fidelity r2 all_int8 ...
    nice -n 19 .venv/bin/python bench/quant_study.py speed --rounds 4 r2 ...
    nice -n 19 .venv/bin/python bench/quant_study.py passes r2 r3     # ms per pass by length
    nice -n 19 .venv/bin/python bench/quant_study.py list

Work files (fp32 and fused graphs, torch reference embeddings, candidate artefacts, results.json)
go to --work (default /tmp/biaswatch-quant-study); the fused graph and references are reused.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from agent.encoder import fidelity
from agent.encoder import manifest as mf

log = logging.getLogger("quant_study")


# --------------------------------------------------------------------------- shared work files


class Study:
    def __init__(self, work: Path) -> None:
        self.work = work
        work.mkdir(parents=True, exist_ok=True)
        self._st: Any = None
        self.torch_too = False  # time the torch encoder in each speed round too
        self.results_path = work / "results.json"
        self.results: dict[str, Any] = json.loads(self.results_path.read_text()) if self.results_path.exists() else {}

    def save(self) -> None:
        # Merged into what is on disk: another study process may have written other candidates.
        disk = json.loads(self.results_path.read_text()) if self.results_path.exists() else {}
        for name, entry in self.results.items():
            disk.setdefault(name, {}).update(entry)
        self.results = disk
        self.results_path.write_text(json.dumps(disk, indent=1, sort_keys=True))

    @property
    def source(self) -> Path:
        from agent.config import EmbeddingModelConfig
        from agent.embedder import source_model_path

        return source_model_path(EmbeddingModelConfig())

    @property
    def st(self) -> Any:
        if self._st is None:
            from sentence_transformers import SentenceTransformer

            self._st = SentenceTransformer(str(self.source), device="cpu")
            self._st.max_seq_length = 256
        return self._st

    @property
    def fused(self) -> Path:
        """The fp32 graph after onnxruntime's BERT fusion: what export.py quantises."""
        from agent.encoder import export as ex

        out = self.work / "optimised.onnx"
        if not out.exists():
            fp32 = self.work / "fp32.onnx"
            ex._export_fp32(self.st, fp32)
            ex._optimise(fp32, out, self.st)
        return out

    def reference(self, name: str, texts: list[str]) -> np.ndarray:
        path = self.work / f"ref-{name}.npy"
        if path.exists():
            loaded: np.ndarray = np.load(path)
            return loaded
        ref: np.ndarray = self.st.encode(
            texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        np.save(path, ref)
        return ref

    def artefact(self, name: str, build: Callable[[Path, Path], None]) -> Path:
        """A runtime-loadable folder (model.onnx, tokenizer, manifest) for the candidate `name`."""
        d = self.work / "cand" / name
        if (d / mf.MANIFEST).exists():
            return d
        tmp = self.work / "cand" / f".{name}.{os.getpid()}.tmp"
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        t0 = time.perf_counter()
        build(self.fused, tmp / mf.ONNX_FILE)
        log.info("%s built in %.1f s", name, time.perf_counter() - t0)
        for extra in tmp.glob("*.data"):
            extra.unlink()
        for f in mf.TOKENIZER_FILES:
            if (self.source / f).exists():
                shutil.copy2(self.source / f, tmp / f)
        mf.write(
            tmp,
            {
                "format": mf.FORMAT,
                "format_version": mf.FORMAT_VERSION,
                "onnx": mf.file_record(tmp / mf.ONNX_FILE),
                "source": {"name": self.source.name, "sha256": "0" * 64},
                "tokenizer_files": [f for f in mf.TOKENIZER_FILES if (tmp / f).exists()],
                "inputs": ["input_ids", "attention_mask", "token_type_ids"],
                "pooling": "mean",
                "normalize": True,
                "max_seq_length": 256,
                "dimension": 384,
                "export": {"recipe": f"study:{name}"},
            },
        )
        if d.exists():
            shutil.rmtree(d)
        tmp.rename(d)
        return d


def encoder(d: Path, threads: int | None = None, level: str | None = None) -> Any:
    from agent.encoder.onnx_backend import OnnxEncoder

    # Nothing remembered between rounds: a speed round answered from the memo times the memo.
    enc = OnnxEncoder(d, max_seq_length=256, threads=threads, remember=0)
    if level is not None:
        # Session-option candidates: rebuild the session with another graph optimisation level.
        import onnxruntime as ort

        opts = ort.SessionOptions()
        if threads:
            opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = getattr(ort.GraphOptimizationLevel, level)
        opts.enable_mem_pattern = False
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        enc._session = ort.InferenceSession(
            str(d / mf.ONNX_FILE), sess_options=opts, providers=["CPUExecutionProvider"]
        )
    return enc


# --------------------------------------------------------------------------- graph facts


def quantisable_nodes(path: Path) -> list[tuple[str, str]]:
    """(name, op) of the nodes dynamic quantisation turns into integer ops, in graph order."""
    import onnx

    g = onnx.load(str(path), load_external_data=False).graph
    inits = {i.name for i in g.initializer}
    out = []
    for n in g.node:
        if n.op_type == "MatMul" and n.input[1] in inits:
            out.append((n.name, "MatMul"))
        elif n.op_type in ("Attention", "EmbedLayerNormalization"):
            out.append((n.name, n.op_type))
    return out


def short_name(node: str) -> str:
    """'/encoder/layer.3/output/dense/MatMul' -> 'L3.ffn_out'; fused names as they are."""
    parts = node.split("/")
    layer = next((p.split(".")[1] for p in parts if p.startswith("layer.")), None)
    if layer is None:
        return node
    if "attention" in node and "output" in node:
        role = "attn_out"
    elif "intermediate" in node:
        role = "ffn_in"
    elif "output" in node:
        role = "ffn_out"
    else:
        role = node
    return f"L{layer}.{role}"


def ffn_out(path: Path) -> list[str]:
    """Recipe 2's fp32 set: every layer's feed-forward output projection."""
    return [n for n, op in quantisable_nodes(path) if op == "MatMul" and short_name(n).endswith(".ffn_out")]


def shipped(path: Path) -> list[str]:
    """The fp32 set agent/encoder/export.py ships now (recipe 3)."""
    from agent.encoder.export import float_matmuls

    return float_matmuls(path)


# --------------------------------------------------------------------------- quantisers


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """The quantisers log every tensor they skip on the root logger."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.setLevel(level)


def dynamic(
    exclude: Callable[[Path], list[str]], reduce_range: bool = False, u8u8: bool = False, **extra: Any
) -> Callable[[Path, Path], None]:
    def build(src: Path, dst: Path) -> None:
        from onnx import TensorProto
        from onnxruntime.quantization import QuantType, quantize_dynamic

        with _quiet():
            quantize_dynamic(
                str(src),
                str(dst),
                per_channel=True,
                reduce_range=reduce_range,
                weight_type=QuantType.QUInt8 if u8u8 else QuantType.QInt8,
                nodes_to_exclude=exclude(src),
                extra_options={"DefaultTensorType": TensorProto.FLOAT, **extra},
            )

    return build


def calibration_texts(n: int, seed: int = 7) -> list[str]:
    """Authored text that is not in the fidelity sample: the expanded minimal pairs (all registers,
    self-descriptions, counter-speech) and the benign templates/background, minus any sample text,
    plus multi-sentence responses built from the background sentences (not the encyclopaedic ones)."""
    from importlib import resources

    import yaml

    from detectors.pairs import expand, load_pairs_data

    held = set(fidelity.sample())
    rows = [r.text for r in expand(load_pairs_data(), seed=seed)]
    data = yaml.safe_load((resources.files("detectors") / "data" / "benign_identity.yaml").read_text("utf-8"))
    background = [str(t) for t in data.get("background") or []]
    templates = [str(t) for t in data.get("templates") or []]
    pool = sorted({t for t in rows + background + templates if t not in held})
    rng = random.Random(seed)
    out = rng.sample(pool, min(n, len(pool)))
    for k in range(max(4, n // 20)):
        out.append(" ".join(rng.choice(background + out[:50]) for _ in range(2 + k % 10)))
    return [t for t in out if t not in held]


class _Reader:
    """One text per calibration pass, as the runtime encodes."""

    def __init__(self, texts: list[str], tokenizer_dir: Path) -> None:
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(tokenizer_dir / "tokenizer.json"))
        tok.no_padding()
        tok.enable_truncation(max_length=256)
        self._it = iter(tok.encode_batch(texts, add_special_tokens=True))

    def get_next(self) -> dict[str, np.ndarray] | None:
        e = next(self._it, None)
        if e is None:
            return None
        return {
            "input_ids": np.asarray([e.ids], dtype=np.int64),
            "attention_mask": np.asarray([e.attention_mask], dtype=np.int64),
            "token_type_ids": np.asarray([e.type_ids], dtype=np.int64),
        }

    def rewind(self) -> None:  # pragma: no cover - the quantiser's interface
        raise NotImplementedError


def static(
    study: Study,
    fmt: str,
    method: str,
    n_calib: int,
    exclude: Callable[[Path], list[str]] = lambda p: [],
    ops: list[str] | None = None,
    per_channel: bool = True,
    **extra: Any,
) -> Callable[[Path, Path], None]:
    def build(src: Path, dst: Path) -> None:
        from onnx import TensorProto
        from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static

        texts = calibration_texts(n_calib)
        with _quiet():
            quantize_static(
                str(src),
                str(dst),
                _Reader(texts, study.source),
                quant_format=QuantFormat.QDQ if fmt == "qdq" else QuantFormat.QOperator,
                op_types_to_quantize=ops,
                per_channel=per_channel,
                reduce_range=False,
                activation_type=QuantType.QUInt8,
                weight_type=QuantType.QInt8,
                nodes_to_exclude=exclude(src),
                calibrate_method=getattr(CalibrationMethod, method),
                extra_options={"DefaultTensorType": TensorProto.FLOAT, **extra},
            )

    return build


def nbits(
    bits: int, block: int, accuracy: int, which: Callable[[Path], list[str]] | None = None, then_dynamic: bool = False
) -> Callable[[Path, Path], None]:
    """MatMulNBits (weights in blocks, each with its own scale; accuracy level 4 quantises the
    activations to int8 per row and block at run time, not per tensor), on the MatMuls `which`
    names (all MatMuls when None); with `then_dynamic` the rest (QAttention, the embeddings and
    any MatMul left) goes through the dynamic per-channel quantiser as in recipe 2."""

    def build(src: Path, dst: Path) -> None:
        import onnx
        from onnxruntime.quantization.matmul_nbits_quantizer import DefaultWeightOnlyQuantConfig, MatMulNBitsQuantizer

        model = onnx.load(str(src))
        chosen = set(which(src)) if which else None
        excl = [
            n.name for n in model.graph.node if n.op_type == "MatMul" and chosen is not None and n.name not in chosen
        ]
        cfg = DefaultWeightOnlyQuantConfig(
            block_size=block, is_symmetric=True, accuracy_level=accuracy, bits=bits, op_types_to_quantize=("MatMul",)
        )
        with _quiet():
            q = MatMulNBitsQuantizer(model, nodes_to_exclude=excl, algo_config=cfg)
            q.process()
            mid = dst.with_suffix(".nbits.onnx") if then_dynamic else dst
            q.model.save_model_to_file(str(mid), use_external_data_format=False)
        if then_dynamic:
            dynamic(lambda p: [])(mid, dst)
            mid.unlink()

    return build


def channel_max(src: Path, inputs: list[str], texts: list[str], tokenizer_dir: Path) -> dict[str, np.ndarray]:
    """Per-channel max |x| of the named tensors over `texts`, one text per pass."""
    import onnx
    import onnxruntime as ort

    model = onnx.load(str(src))
    for t in inputs:
        model.graph.output.append(onnx.helper.make_tensor_value_info(t, onnx.TensorProto.FLOAT, None))
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    reader = _Reader(texts, tokenizer_dir)
    out: dict[str, np.ndarray] = {}
    while (feed := reader.get_next()) is not None:
        for t, v in zip(inputs, sess.run(inputs, feed), strict=True):
            m = np.abs(v.reshape(-1, v.shape[-1])).max(axis=0)
            out[t] = np.maximum(out[t], m) if t in out else m
    return out


def smooth(
    study: Study,
    alpha: float,
    roles: tuple[str, ...],
    n_calib: int = 400,
    exclude: Callable[[Path], list[str]] = lambda p: [],
    **dyn: Any,
) -> Callable[[Path, Path], None]:
    """SmoothQuant before dynamic int8: divide each quantised input channel j by
    s_j = max|x_j|^alpha / max|w_j|^(1-alpha) (an fp32 Mul in front of the node) and multiply
    row j of the weight by s_j, so the product is unchanged while the activation's outlier
    channels (post-attention layer-norm channels 63/99/223, GELU outputs: 15x the median channel)
    no longer set the one per-tensor uint8 scale. Channel maxima come from authored calibration
    text that is not the fidelity sample."""

    def build(src: Path, dst: Path) -> None:
        import onnx
        from onnx import numpy_helper

        model = onnx.load(str(src))
        g = model.graph
        inits = {i.name: i for i in g.initializer}
        chosen = []
        for n in g.node:
            role = "attn_qkv" if n.op_type == "Attention" else short_name(n.name).partition(".")[2]
            if role in roles and (n.op_type == "Attention" or (n.op_type == "MatMul" and n.input[1] in inits)):
                chosen.append(n)
        xmax = channel_max(src, sorted({n.input[0] for n in chosen}), calibration_texts(n_calib), study.source)
        for k, n in enumerate(chosen):
            w_init = inits[n.input[1]]
            w = numpy_helper.to_array(w_init).astype(np.float32)
            wmax = np.abs(w).max(axis=1)
            s = np.power(np.maximum(xmax[n.input[0]], 1e-5), alpha) / np.power(np.maximum(wmax, 1e-5), 1 - alpha)
            s = np.clip(s, 1e-2, 1e2).astype(np.float32)
            w_init.CopyFrom(numpy_helper.from_array((w * s[:, None]).astype(np.float32), w_init.name))
            inv = numpy_helper.from_array((1.0 / s).astype(np.float32), f"smooth_inv_{k}")
            g.initializer.append(inv)
            out = f"{n.input[0]}_smoothed_{k}"
            g.node.append(onnx.helper.make_node("Mul", [n.input[0], inv.name], [out], name=f"Smooth_{k}"))
            n.input[0] = out
        mid = dst.with_suffix(".smooth.onnx")
        # Topological order: the new Mul nodes were appended after their consumers.
        from onnxruntime.transformers.onnx_model import OnnxModel

        om = OnnxModel(model)
        om.topological_sort()
        onnx.save(om.model, str(mid))
        dynamic(exclude, **dyn)(mid, dst)
        mid.unlink()

    return build


# --------------------------------------------------------------------------- candidates


def _copy(src: Path, dst: Path) -> None:
    shutil.copy2(src, dst)


ALL_ROLES = ("attn_qkv", "attn_out", "ffn_in", "ffn_out")


def candidates(study: Study) -> dict[str, Callable[[Path, Path], None]]:
    c: dict[str, Callable[[Path, Path], None]] = {
        "fp32": _copy,  # the fused graph, unquantised
        "r2": dynamic(ffn_out),  # recipe 2
        "r3": dynamic(shipped),  # what export.py writes today
        "all_int8": dynamic(lambda p: []),
        "all_int8_rr": dynamic(lambda p: [], reduce_range=True),
        "all_int8_u8u8": dynamic(lambda p: [], u8u8=True),
    }
    # Static: QOperator turns Attention into QAttention with a calibrated input scale; QDQ leaves
    # the fused Attention fp32 (no QDQ rule for it) and lets the session fuse the QDQ MatMuls.
    for fmt in ("qop", "qdq"):
        for method in ("MinMax", "Entropy", "Percentile"):
            c[f"static_{fmt}_{method}"] = static(study, fmt, method, 400)
            c[f"static_{fmt}_{method}_ffnout_fp32"] = static(study, fmt, method, 400, exclude=ffn_out)
            c[f"static_{fmt}_{method}_per_tensor"] = static(study, fmt, method, 400, per_channel=False)
    for alpha in (0.2, 0.35, 0.5, 0.65, 0.8):
        a = f"{alpha:g}".replace(".", "")
        c[f"smooth{a}_all"] = smooth(study, alpha, ("attn_qkv", "attn_out", "ffn_in", "ffn_out"))
        c[f"smooth{a}_ffn"] = smooth(study, alpha, ("ffn_in", "ffn_out"))
        c[f"smooth{a}_all_rr"] = smooth(study, alpha, ALL_ROLES, reduce_range=True)
        c[f"smooth{a}_all_u8u8"] = smooth(study, alpha, ALL_ROLES, u8u8=True)
        c[f"smooth{a}_all_ffnout_fp32"] = smooth(study, alpha, ("attn_qkv", "attn_out", "ffn_in"), exclude=ffn_out)
    for bits in (8, 4):
        for block in (32, 128):
            c[f"nbits{bits}_b{block}_all"] = nbits(bits, block, 4)
            c[f"nbits{bits}_b{block}_ffnout_rest_dyn"] = nbits(bits, block, 4, which=ffn_out, then_dynamic=True)
            c[f"nbits{bits}_b{block}_all_rest_dyn"] = nbits(bits, block, 4, then_dynamic=True)
    return c


def named(study: Study, name: str) -> Callable[[Path, Path], None]:
    """A registry candidate, or a generated one: `dyn_fp32:<node>[,<node>...]` (short or full names),
    `nbits8_b<block>:<short>[,...]` (those MatMuls as 8-bit MatMulNBits, the rest dynamic)."""
    table = candidates(study)
    if name in table:
        return table[name]
    kind, _, arg = name.partition(":")
    nodes = quantisable_nodes(study.fused)
    by_short = {short_name(n): n for n, _ in nodes}

    def resolve(_: Path) -> list[str]:
        return [by_short.get(s, s) for s in arg.split(",") if s]

    if kind == "dyn_fp32":
        return dynamic(resolve)
    if kind == "dyn_fp32_u8u8":
        return dynamic(resolve, u8u8=True)
    if kind.startswith("nbits"):
        bits = int(kind[5 : kind.index("_")])
        block = int(kind.split("_b")[1])
        return nbits(bits, block, 4, which=resolve, then_dynamic=True)
    raise SystemExit(f"unknown candidate {name!r}")


# --------------------------------------------------------------------------- measurements


def measure_fidelity(
    study: Study, name: str, texts: list[str], ref: np.ndarray, key: str = "fidelity"
) -> dict[str, Any]:
    d = study.artefact(name, named(study, name))
    enc = encoder(d)
    got = enc.encode(texts)
    rep = fidelity.cosine_report(ref, got, texts)
    a = ref / np.linalg.norm(ref, axis=1, keepdims=True)
    cos = (a * got).sum(axis=1)
    rep["worst10_mean"] = round(float(np.sort(cos)[:10].mean()), 5)
    rep["size_mb"] = round((d / mf.ONNX_FILE).stat().st_size / 1e6, 1)
    study.results.setdefault(name, {})[key] = rep
    study.save()
    return rep


def heldout_texts() -> list[str]:
    """Authored text outside the fidelity sample (another draw than the static calibration's)."""
    return calibration_texts(800, seed=11)


def cmd_fidelity(study: Study, names: list[str], which: str = "sample") -> None:
    texts = fidelity.sample() if which == "sample" else heldout_texts()
    ref = study.reference(which, texts)
    for name in names:
        t0 = time.process_time()
        rep = measure_fidelity(study, name, texts, ref, key="fidelity" if which == "sample" else f"fidelity_{which}")
        print(
            f"{name:45s} mean {rep['mean']:.5f} p01 {rep['p01']:.5f} min {rep['min']:.5f} "
            f"worst10 {rep['worst10_mean']:.5f} {rep['size_mb']} MB  ({time.process_time() - t0:.0f} s CPU)  "
            f"worst: {rep['worst'][:2]}",
            flush=True,
        )


def cmd_sensitivity(study: Study) -> None:
    """Everything int8 except one node at a time: how much each node's quantisation costs."""
    nodes = quantisable_nodes(study.fused)
    names = ["all_int8"] + [f"dyn_fp32:{short_name(n)}" for n, _ in nodes]
    cmd_fidelity(study, names)


def bench_texts(n: int) -> list[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_inference import responses

    return responses(n, seed=1)


def cmd_speed(study: Study, names: list[str], rounds: int, n: int, threads: int | None) -> None:
    """CPU seconds per candidate on the same responses, alternating, in this one process."""
    texts = bench_texts(n)
    encs = {}
    for name in names:
        base, _, level = name.partition("@")  # name@ORT_ENABLE_EXTENDED: a session-option variant
        base, _, thr = base.partition("#")  # name#1: one intra-op thread
        d = study.artefact(base, named(study, base))
        encs[name] = encoder(d, threads=int(thr) if thr else threads, level=level or None)
        encs[name].encode(texts[:5])  # warm up
    torch_cpu: list[float] = []
    cpu: dict[str, list[float]] = {k: [] for k in encs}
    wall: dict[str, list[float]] = {k: [] for k in encs}
    for r in range(rounds):
        order = list(encs) if r % 2 == 0 else list(reversed(encs))
        for name in order:
            w0, c0 = time.perf_counter(), time.process_time()
            encs[name].encode(texts)
            cpu[name].append(time.process_time() - c0)
            wall[name].append(time.perf_counter() - w0)
        if study.torch_too:
            c0 = time.process_time()
            study.st.encode(texts, show_progress_bar=False, normalize_embeddings=True)
            torch_cpu.append(time.process_time() - c0)
        print(
            f"round {r + 1} load {os.getloadavg()[0]:.2f}: "
            + ", ".join(f"{k} {cpu[k][-1]:.2f}" for k in encs)
            + (f", torch {torch_cpu[-1]:.2f}" if torch_cpu else ""),
            flush=True,
        )
    ref = names[0]
    for name in encs:
        med = statistics.median(cpu[name])
        ratio = statistics.median(a / b for a, b in zip(cpu[ref], cpu[name], strict=True))
        wall_med = statistics.median(wall[name])
        line = f"{name:45s} CPU median {med:.2f} s  wall median {wall_med:.2f} s  {ref}/this {ratio:.3f}"
        if torch_cpu:
            line += f"  torch/this {statistics.median(t / c for t, c in zip(torch_cpu, cpu[name], strict=True)):.3f}"
        print(line, flush=True)
        study.results.setdefault(name, {}).setdefault("speed", []).append(
            {
                "texts": n,
                "rounds": rounds,
                "cpu_s": [round(x, 3) for x in cpu[name]],
                "wall_s": [round(x, 3) for x in wall[name]],
                "torch_cpu_s": [round(x, 3) for x in torch_cpu],
                "against": ref,
                "ratio_median": round(ratio, 4),
                "at": time.strftime("%H:%M", time.gmtime()),
            }
        )
    study.save()


def cmd_passes(study: Study, names: list[str], rounds: int, lengths: list[int], reps: int) -> None:
    """CPU milliseconds per single-text pass at fixed token counts (real text cut to length),
    candidates alternating within each round: a finer comparison than whole encodes."""
    long_text = " ".join(bench_texts(40))
    encs = {n: encoder(study.artefact(n, named(study, n))) for n in names}
    ids = next(iter(encs.values()))._tokenizer.encode(long_text).ids
    feeds = {}
    for n_tok in lengths:
        row = ids[: n_tok - 1] + ids[-1:]  # keep [SEP] last
        feeds[n_tok] = {
            "input_ids": np.asarray([row], dtype=np.int64),
            "attention_mask": np.ones((1, n_tok), dtype=np.int64),
            "token_type_ids": np.zeros((1, n_tok), dtype=np.int64),
        }
    ms: dict[tuple[str, int], list[float]] = {(n, t): [] for n in encs for t in lengths}
    for r in range(rounds):
        for n_tok in lengths:
            order = list(encs) if r % 2 == 0 else list(reversed(encs))
            for name in order:
                sess = encs[name]._session
                sess.run(None, feeds[n_tok])
                c0 = time.process_time()
                for _ in range(reps):
                    sess.run(None, feeds[n_tok])
                ms[(name, n_tok)].append((time.process_time() - c0) / reps * 1000)
    ref = names[0]
    print(f"load {os.getloadavg()[0]:.2f}")
    for n_tok in lengths:
        cells = []
        for name in encs:
            med = statistics.median(ms[(name, n_tok)])
            ratio = statistics.median(a / b for a, b in zip(ms[(ref, n_tok)], ms[(name, n_tok)], strict=True))
            cells.append(f"{name[:30]} {med:.2f} ms ({ref}/this {ratio:.3f})")
        print(f"{n_tok:4d} tokens: " + "; ".join(cells), flush=True)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", type=Path, default=Path("/tmp/biaswatch-quant-study"))
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list")
    sub.add_parser("sensitivity")
    f = sub.add_parser("fidelity")
    f.add_argument("names", nargs="+")
    f.add_argument("--set", choices=["sample", "heldout"], default="sample", dest="which")
    s = sub.add_parser("speed")
    s.add_argument("names", nargs="+")
    s.add_argument("--rounds", type=int, default=4)
    s.add_argument("--texts", type=int, default=200)
    s.add_argument("--threads", type=int, default=None)
    s.add_argument("--torch", action="store_true", help="time the torch encoder in each round too")
    pp = sub.add_parser("passes")
    pp.add_argument("names", nargs="+")
    pp.add_argument("--rounds", type=int, default=6)
    pp.add_argument("--reps", type=int, default=20)
    pp.add_argument("--lengths", type=int, nargs="+", default=[8, 16, 32, 64, 128, 256])
    args = p.parse_args()
    study = Study(args.work)
    study.torch_too = getattr(args, "torch", False)
    if args.cmd == "list":
        for n, op in quantisable_nodes(study.fused):
            print(f"{short_name(n):12s} {op:24s} {n}")
        print("registry:", " ".join(candidates(study)))
    elif args.cmd == "sensitivity":
        cmd_sensitivity(study)
    elif args.cmd == "fidelity":
        cmd_fidelity(study, args.names, args.which)
    elif args.cmd == "passes":
        cmd_passes(study, args.names, args.rounds, args.lengths, args.reps)
    else:
        cmd_speed(study, args.names, args.rounds, args.texts, args.threads)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
