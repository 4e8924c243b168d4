"""Sentence encoders behind `embedding_model`: the torch-free ONNX runtime, the sentence-transformers one,
the export that turns the second into the first, and what they share (batching, the artefact manifest)."""
