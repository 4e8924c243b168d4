"""The exported encoder's manifest: what the ONNX file is, what it was made from, how well it agrees.

The weights are hashed once, at export, and the hashes are written here. At start the runtime only
compares each ONNX file's size and modification time with the manifest's; it re-hashes a file
(about 30 MB) only when those moved (a copy into an image, say), so starting `score` on a small file
never reads the 90 MB source weights.

Since recipe 4 an artefact may hold two graphs of the same weights: `model.onnx` for texts shorter
than `long.min_tokens` and `long.file` for the others (agent/encoder/export.py says why).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = "biaswatch-encoder"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ONNX_FILE = "model.onnx"
LONG_ONNX_FILE = "model-long.onnx"
# Files the runtime tokenizer reads; the others are kept for people inspecting the artefact.
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
# The export recipe (graph shape, fusion, quantisation) the runtime expects. Bump it whenever
# agent/encoder/export.py would write a different graph from the same weights: the default cache
# folder is named by it and an artefact of another recipe there is re-exported, never reused.
# 1: SDPA attention left unfused, FFN output projections fp32. 2: eager attention fused (see export.py).
# 3: the fp32 MatMuls are layers 0-1's and layer 2's FFN output instead of every FFN output.
# 4: plus a second graph, only layer 0's MatMuls fp32, for texts of at least `long.min_tokens` tokens.
EXPORT_RECIPE = 4


class ManifestError(ValueError):
    """The artefact is missing, incomplete, or not what its manifest says."""


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def file_record(path: Path) -> dict[str, Any]:
    st = path.stat()
    return {"file": path.name, "sha256": sha256_file(path), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def weights_file(model_dir: Path) -> Path | None:
    for name in WEIGHT_FILES:
        if (model_dir / name).exists():
            return model_dir / name
    return None


@dataclass(frozen=True)
class Manifest:
    directory: Path
    data: dict[str, Any]

    @property
    def onnx_path(self) -> Path:
        return self.directory / str(self.data["onnx"]["file"])

    @property
    def onnx_sha256(self) -> str:
        return str(self.data["onnx"]["sha256"])

    @property
    def long_graph(self) -> tuple[Path, int] | None:
        """The graph for long texts and the token count from which it is used (None: one graph for all)."""
        rec = self.data.get("long")
        if not rec:
            return None
        try:
            return self.directory / str(rec["file"]), int(rec["min_tokens"])
        except (KeyError, TypeError, ValueError):
            raise ManifestError(
                f"{self.directory / MANIFEST}: malformed 'long' record: re-export the encoder"
            ) from None

    @property
    def source_sha256(self) -> str:
        return str(self.data["source"]["sha256"])

    @property
    def source_name(self) -> str:
        return str(self.data["source"]["name"])

    @property
    def pooling(self) -> str:
        return str(self.data["pooling"])

    @property
    def normalize(self) -> bool:
        return bool(self.data["normalize"])

    @property
    def dimension(self) -> int:
        return int(self.data["dimension"])

    @property
    def max_seq_length(self) -> int:
        return int(self.data["max_seq_length"])

    @property
    def input_names(self) -> list[str]:
        return [str(n) for n in self.data["inputs"]]

    @property
    def recipe(self) -> int:
        """The export recipe that wrote the artefact (1 for those written before the field existed)."""
        return int(self.data.get("export", {}).get("recipe", 1))

    @property
    def encoder_hash(self) -> str:
        """What findings, heads and baselines record: the source weights plus this export of them."""
        name = f"{self.source_sha256[:16]}.onnx-{self.onnx_sha256[:8]}"
        rec = self.data.get("long")
        return f"{name}+{str(rec['sha256'])[:8]}" if rec else name

    def verify(self) -> None:
        """Check the ONNX files are the exported ones: by size and mtime, re-hashing only if they moved."""
        _verify_file(self.onnx_path, self.data["onnx"])
        long = self.long_graph
        if long is not None:
            _verify_file(long[0], self.data["long"])
        for name in self.data["tokenizer_files"]:
            if not (self.directory / name).exists():
                raise ManifestError(f"{self.directory / name}: missing (listed in the manifest)")

    def matches_source(self, model_dir: Path) -> bool | None:
        """Whether `model_dir`'s weights are the ones exported, judged by size and mtime (None: unknown)."""
        w = weights_file(model_dir)
        if w is None:
            return None
        src = self.data["source"]
        st = w.stat()
        if st.st_size != src["size"]:
            return False
        if st.st_mtime_ns == src["mtime_ns"]:
            return True
        return None  # same size, touched since: only a hash would tell


def _verify_file(path: Path, rec: dict[str, Any]) -> None:
    try:
        st = path.stat()
    except OSError as exc:
        raise ManifestError(f"{path}: {exc.strerror}") from None
    if not all(k in rec for k in ("size", "mtime_ns", "sha256")):
        raise ManifestError(f"{path}: the manifest's record of it is incomplete: re-export the encoder")
    if st.st_size != rec["size"]:
        raise ManifestError(f"{path}: {st.st_size} bytes, the manifest says {rec['size']}: re-export the encoder")
    if st.st_mtime_ns != rec["mtime_ns"] and sha256_file(path) != rec["sha256"]:
        raise ManifestError(f"{path}: sha256 differs from the manifest: re-export the encoder")


def load(directory: Path) -> Manifest:
    path = directory / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{path}: no exported encoder here (run `biaswatch export-encoder`)") from None
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: unreadable manifest: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ManifestError(f"{path}: not a biaswatch encoder manifest")
    if data.get("format_version") != FORMAT_VERSION:
        version = data.get("format_version")
        raise ManifestError(f"{path}: manifest version {version!r}, this biaswatch reads {FORMAT_VERSION}")
    return Manifest(directory, data)


def write(directory: Path, data: dict[str, Any]) -> Manifest:
    (directory / MANIFEST).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return Manifest(directory, data)
