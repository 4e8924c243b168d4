#!/bin/sh
# Install size of the runtime (no torch): a fresh venv with biaswatch[embeddings] only, then du of its
# site-packages, largest packages first. The venv's own installer (pip, setuptools) is removed
# before measuring, as the image removes it (deploy/Containerfile): it installs, it never runs.
# Usage: sh bench/install_size.sh DIR
set -eu
dir=${1:-bench-output/runtime-venv}
rm -rf "$dir"
python3 -m venv "$dir"
"$dir/bin/python" -m pip install --quiet --disable-pip-version-check '.[embeddings]'
rm -rf build  # setuptools builds in the tree
"$dir/bin/python" -m pip uninstall --quiet --yes setuptools pip
site=$("$dir/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "site-packages total: $(du -sm "$site" | cut -f1) MB"
du -sm "$site"/* | sort -rn | head -15
"$dir/bin/python" -c 'import importlib.util as u; print("torch installed:", u.find_spec("torch") is not None)'
