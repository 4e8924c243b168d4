# Every target that runs code depends on `setup`, so both README commands work on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: setup lock model demo test lint typecheck pytest fuzz bench-memory bench bench-kafka bench-drift bench-inference install-size eval-dev eval-external eval-logo-finetuned eval-functional train-detector image image-test bench-sidecar clean

# Where pip finds the CPU build of torch (--find-links): a wheel directory on this machine, e.g.
# https://download.pytorch.org/whl/cpu/torch/ elsewhere. The lock pins the CPU wheel's hash, so a
# CUDA build of the same version never matches.
TORCH_CPU_SOURCE ?= /opt/wheels
LOCK_DEV := requirements/dev.txt
LOCK_RUNTIME := requirements/runtime.txt
PIP_COMPILE = $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-find-links --no-emit-index-url --find-links $(TORCH_CPU_SOURCE)

setup: $(STAMP)

# Installs exactly what the lock says (hashes required), then the project itself without resolving.
$(STAMP): pyproject.toml $(LOCK_DEV)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --find-links $(TORCH_CPU_SOURCE) \
		--require-hashes -r $(LOCK_DEV)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@# A pin added to pyproject but not locked yet shows here, not as an ImportError in some test.
	@$(PY) -m pip check --disable-pip-version-check >/dev/null || { $(PY) -m pip check; \
		echo "requirements/dev.txt does not satisfy pyproject.toml: run make lock" >&2; exit 1; }
	touch $(STAMP)

# Regenerate the lock after editing pyproject's pins or merging a branch that did (README, Development).
lock:
	test -x $(VENV)/bin/pip-compile || $(MAKE) setup
	nice -n 10 $(PIP_COMPILE) --all-extras -o $(LOCK_DEV) pyproject.toml
	nice -n 10 $(PIP_COMPILE) -o $(LOCK_RUNTIME) pyproject.toml

# The int8 ONNX encoder the agent runs (a build product, never committed): exported from the
# configured sentence-transformers model into the user cache, where the agent looks by default.
# A no-op when it is up to date. Images build it in a stage that has torch (deploy/).
model: setup
	$(VENV)/bin/biaswatch export-encoder

demo: setup model
	$(VENV)/bin/biaswatch demo

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: setup
	$(VENV)/bin/mypy

# --durations: CI output names the slowest tests (the per-test timeout is in pyproject).
pytest: setup model
	$(PY) -m pytest -q --durations=15

test: lint typecheck pytest

bench: setup model
	$(PY) bench/bench_pipeline.py
	$(PY) bench/bench_kafka.py
	$(PY) bench/bench_inference.py

bench-inference: setup model
	$(PY) bench/bench_inference.py

# Site-packages of a fresh venv with only the runtime extra (what the agent's image carries).
install-size:
	sh bench/install_size.sh bench-output/runtime-venv

# The fuzz suite at full size: 10,000 Hypothesis examples per target (decode, score, the HTTP
# source; the statistics print each target's count), then `biaswatch score` over 10,000 hostile
# lines with the lexicon detectors and again with every detector (the shared embedding step is what
# a lone surrogate used to kill). CI runs a derandomised slice of the first.
fuzz: setup model
	BIASWATCH_FUZZ_EXAMPLES=10000 $(PY) -m pytest -q -p no:cacheprovider --timeout 0 --hypothesis-show-statistics tests/test_fuzz.py
	$(PY) bench/fuzz_score.py --lines 10000
	$(PY) bench/fuzz_score.py --lines 10000 --detectors all

# RSS of a replay with every detector over 50,000 mixed-length samples, allocator bounds on and off.
bench-memory: setup model
	$(PY) bench/bench_memory.py --samples 50000

# Measured RSS/CPU of the sidecar configuration: the figures behind deploy/'s requests and limits.
bench-sidecar: setup model
	$(PY) bench/bench_sidecar.py

bench-kafka: setup
	$(PY) bench/bench_kafka.py

# The alibi-detect comparison runs in its own throwaway venv (BSL licence: never a dependency);
# if it cannot be installed here, our own figures still stand and the reason is in its log.
bench-drift: setup
	$(PY) bench/bench_drift.py
	-sh bench/alibi_venv.sh bench-output/alibi-venv > bench-output/alibi-install.log 2>&1 \
		&& bench-output/alibi-venv/bin/python bench/bench_alibi.py bench-output/drift-mmd-arrays.npz \
		| tee bench-output/drift-alibi.json
	$(PY) bench/time_mmd.py bench-output/drift-mmd-arrays.npz | tee bench-output/drift-ours.json

# Dev-set figures for docs/detection.md (needs ../shared/data/dev; never part of the tests).
eval-dev: setup model
	$(PY) bench/eval_dev.py

# HatemojiBuild test split and RedditBias leave-one-group-out (needs ../shared/data/train; never a test).
eval-external: setup model
	$(PY) bench/eval_external.py

# RedditBias leave-one-group-out with the encoder fine-tuned per fold (about an hour; never a test).
eval-logo-finetuned: setup
	$(PY) bench/logo_finetuned.py

# The authored functional suite (bench/functional, 2,100+ cases) through the whole pipeline; CI runs a slice.
eval-functional: setup model
	mkdir -p bench-output
	$(VENV)/bin/biaswatch eval --functional --output bench-output/functional.json

# Rebuild detectors/data/embedding_head.json after editing exemplars or benign_identity.yaml.
train-detector: setup
	$(VENV)/bin/biaswatch train-detector

# The container image (deploy/Containerfile), built with podman as root; see docs/deploy.md.
image:
	bash deploy/build-image.sh

# Smoke test of the built image: mounted, its entrypoint run with chroot (no container runtime here).
image-test: setup image
	BIASWATCH_IMAGE_TEST=1 $(PY) -m pytest -q tests/test_image.py

clean:
	rm -rf demo-output .pytest_cache .mypy_cache .ruff_cache
