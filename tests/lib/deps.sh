#!/bin/bash
# tests/lib/deps.sh [--all] — apt-get install what building and testing pidbox need,
# only when something is missing (a no-op on a ready machine). --all adds the
# runtimes and tools bench/ compares against. The engines pidbox is tested under
# (podman with conmon, containerd, Docker, buildah) come with runc, their control runtime. Debian 12, as root.
set -euo pipefail

pkgs=(build-essential pkg-config libcap-dev libseccomp-dev libyajl-dev libcgroup-dev
	busybox-static jq python3-jsonschema golang-github-opencontainers-specs-dev
	iproute2 util-linux procps strace # strace: tests/faults, tests/integration/test_robustness.sh
	clang libclang-rt-14-dev # tests/fuzz (libFuzzer), make check SANITIZE=1 (ASan+UBSan)
	tini catatonit # tests/integration/test_pid1_compare.sh, bench/pid1-memory
	qemu-system-x86 linux-image-amd64 crun cpio xz-utils # tests/guest: a pure cgroup v2 VM
	podman conmon containerd runc # tests/podman, tests/containerd
	docker.io buildah # tests/docker, tests/buildah (a private dockerd/buildah each)
	uidmap passwd # newuidmap/newgidmap, useradd: tests/rootless
	libcap2-bin) # setcap: tests/security/test_privilege_gain.sh
if [ "${1:-}" = --all ]; then
	pkgs+=(hyperfine valgrind shellcheck)
fi

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -gt 0 ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages (${missing[*]}); run as root to install them" >&2
	exit 1
fi
echo "deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# The kernel is only booted by tests/guest under QEMU, with an initramfs of its own:
# skip the initramfs-tools hook that would spend ~30 s building one for /boot.
export INITRD=No
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
