#!/usr/bin/env bash
# `make image`: build deploy/Containerfile here, where there is no Docker daemon and no registry
# access. A minimal bookworm made with debootstrap is imported as the base (same release and
# python3 as debian:bookworm-slim), then podman builds with chroot isolation. Local wheel caches
# (/opt/wheels, /opt/pypi*) are mounted read-only when present so pip need not download.
set -euo pipefail
cd "$(dirname "$0")/.."

TAG=${IMAGE_TAG:-localhost/biaswatch:0.1.0}
BASE=${LOCAL_BASE:-localhost/biaswatch-base:bookworm}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
WORK=${IMAGE_WORK:-/var/tmp/biaswatch-image}

if ! podman image exists "$BASE"; then
    rm -rf "$WORK/rootfs" && mkdir -p "$WORK"
    debootstrap --variant=minbase bookworm "$WORK/rootfs" "$MIRROR"
    # What bookworm-slim leaves out, and apt state the image need not carry.
    rm -rf "$WORK"/rootfs/var/lib/apt/lists/* "$WORK"/rootfs/var/cache/apt/*.bin \
        "$WORK"/rootfs/usr/share/doc/* "$WORK"/rootfs/usr/share/man/* "$WORK"/rootfs/usr/share/locale/*
    tar -C "$WORK/rootfs" -c . | podman import --change 'CMD ["bash"]' - "$BASE"
    rm -rf "$WORK/rootfs"
fi

args=(--isolation chroot --ulimit nofile=1024:1024 --ulimit nproc=1024:1024
      --build-arg "BASE_IMAGE=$BASE" -f deploy/Containerfile -t "$TAG")
if [ -d /opt/wheels ] && ls /opt/wheels/torch-*+cpu-*.whl >/dev/null 2>&1; then
    args+=(--volume /opt/wheels:/opt/wheels:ro --build-arg TORCH_FIND_LINKS=/opt/wheels)
fi
# A TLS-intercepting proxy in front of PyPI (as on this machine) needs the host's CA bundle; it is
# mounted for the build only and never committed into a layer.
ca=${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}
if [ -f "$ca" ]; then
    args+=(--volume "$ca:/run/build-ca.crt:ro" --build-arg PIP_CERT=/run/build-ca.crt)
fi
extra=""
for d in /opt/pypi /opt/pypi-more; do
    if [ -d "$d/simple" ]; then
        args+=(--volume "$d:$d:ro")
        extra="$extra file://$d/simple"
    fi
done
if [ -n "$extra" ]; then
    args+=(--build-arg "PIP_EXTRA_INDEX_URL=${extra# }")
fi
podman build "${args[@]}" .
podman image inspect "$TAG" --format '{{.Size}}' | awk '{printf "image %s: %.0f MB\n", "'"$TAG"'", $1/1e6}'
