"""Regenerate tests/data/encoder_torch_embeddings.npz: torch embeddings of authored sentences.

Run after changing the shipped encoder: `.venv/bin/python tests/data/make_encoder_fixture.py`.
The ONNX runtime is checked against these rows (tests/test_onnx_encoder.py), so the check needs no
torch at test time. The sentences are written for this fixture.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TEXTS = (
    "Yes.",
    "The bridge opened to traffic in the spring after four years of construction.",
    "Glaciers in the northern valley have retreated by several hundred metres since the survey began.",
    "Could you summarise the attached quarterly report in three bullet points?",
    "The recipe calls for two cups of flour, a pinch of salt and a little warm water.",
    "People from that region are all lazy and cannot be trusted with money.",
    "Women make up just under half of the country's registered engineers, according to the census.",
    "My grandmother emigrated in her twenties and ran a bakery for forty years.",
    "The committee will publish its findings once every member has reviewed the draft.",
    "Older workers never learn new software, so there is no point in training them.",
    "The library extends its opening hours during the examination period.",
    "Photosynthesis converts light energy into chemical energy stored in glucose.",
    "The orchestra performed the symphony without an interval, which surprised some of the audience.",
    "To install the package, run the installer and restart the terminal afterwards.",
    "The river floods most winters, and the town has raised its embankments twice since the war.",
    "Immigrants founded many of the small businesses on the high street during the last century.",
    (
        "The museum's collection began with a private donation of maps. Over the following decades it grew "
        "to include navigational instruments, ship models and logbooks. A new wing opened in the nineties to "
        "hold the larger exhibits. Today the museum runs school visits, evening lectures and a small research "
        "library that is open to the public by appointment. Volunteers catalogue new acquisitions each week."
    ),
    " ".join(
        [
            "The plateau lies at an average altitude of four thousand metres.",
            "Its climate is cold and dry for most of the year.",
            "Herders move their animals between summer and winter pastures.",
            "A railway line reached the regional capital early this century.",
            "Tourism has grown since then, bringing both income and pressure on water supplies.",
            "Several lakes on the plateau are considered sacred by local communities.",
        ]
        * 4
    ),
)

OUT = Path(__file__).with_name("encoder_torch_embeddings.npz")


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    from agent.config import EmbeddingModelConfig
    from agent.embedder import source_model_path
    from agent.encoder.manifest import sha256_file, weights_file

    path = source_model_path(EmbeddingModelConfig())  # the shipped encoder: base + bundled delta
    weights = weights_file(path)
    assert weights is not None
    model = SentenceTransformer(str(path), device="cpu")
    model.max_seq_length = 256
    emb = model.encode(list(TEXTS), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
    np.savez_compressed(
        OUT, texts=np.array(TEXTS), embeddings=emb.astype(np.float32), source_sha256=np.array(sha256_file(weights))
    )
    print(f"wrote {OUT}: {emb.shape}")


if __name__ == "__main__":
    main()
