# tests/lib/docker-env.sh — a private Docker daemon for tests: its own daemon.json,
# data-root, exec-root, pidfile and socket under one directory, no iptables, no
# bridge, and the containerd that dockerd starts for itself (its state under the
# exec-root); started here and stopped by its pid. Never the machine's
# /var/run/docker.sock, /var/lib/docker or /run/containerd.
# Source it, then:
#   docker_env_init DIR CGPARENT   write DIR/daemon.json (the runtimes px-pidbox and
#                                  px-runc, by path), start dockerd with every
#                                  container under the cgroup CGPARENT, wait for its
#                                  socket; exports DOCKER_DIR, DOCKERD_PID
#   dk ARGS...                     the docker client on the private socket
#   docker_import_busybox NAME     `docker import` a busybox-static rootfs as NAME
#   docker_env_teardown            remove every container, stop dockerd (TERM, then
#                                  KILL), its containerd and shims, unmount and remove DIR
# Debian's docker.io is used by its paths (/usr/sbin/dockerd, /usr/bin/docker): a
# newer client elsewhere in PATH would speak another API version.
# shellcheck shell=bash

DOCKER_BIN=${DOCKER_BIN:-/usr/bin/docker}
DOCKERD_BIN=${DOCKERD_BIN:-/usr/sbin/dockerd}

docker_env_init() {
	local dir=$1 cgparent=$2 pidbox runc _
	mkdir -p "$dir"/data "$dir"/exec || return 1
	DOCKER_DIR=$dir
	export DOCKER_DIR
	pidbox=$(engine_runtime_path pidbox)
	runc=$(command -v runc || echo /usr/sbin/runc)
	# "runc" is a name dockerd reserves for its built-in entry: the tests name both
	# runtimes by an explicit path under names of their own
	jq -n --arg p "$pidbox" --arg r "$runc" \
		'{runtimes: {"px-pidbox": {path: $p}, "px-runc": {path: $r}}}' >"$dir"/daemon.json || return 1
	"$DOCKERD_BIN" --config-file "$dir"/daemon.json --data-root "$dir"/data \
		--exec-root "$dir"/exec --pidfile "$dir"/docker.pid -H "unix://$dir/docker.sock" \
		--iptables=false --ip6tables=false --ip-masq=false --bridge=none \
		--cgroup-parent "$cgparent" --storage-driver overlay2 --log-level warn \
		</dev/null >"$dir"/dockerd.log 2>&1 &
	DOCKERD_PID=$!
	export DOCKERD_PID
	for _ in $(seq 200); do
		[ -S "$dir"/docker.sock ] && dk version >/dev/null 2>&1 && return 0
		kill -0 "$DOCKERD_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "docker_env_init: dockerd did not come up:" >&2
	tail -20 "$dir"/dockerd.log >&2
	return 1
}

dk() { "$DOCKER_BIN" -H "unix://$DOCKER_DIR/docker.sock" "$@"; }
# the same under a timeout, for cleanups that must not hang
dk_timed() { timeout -k 5 60 "$DOCKER_BIN" -H "unix://$DOCKER_DIR/docker.sock" "$@"; }

# docker_import_busybox NAME: a tiny image (/bin/busybox + applet links, passwd,
# group) imported from a tar; CMD sh.
docker_import_busybox() {
	local name=$1 tree=$DOCKER_DIR/busybox-rootfs
	# shellcheck source=tests/lib/bundle.sh
	(. "$(dirname "${BASH_SOURCE[0]}")"/bundle.sh && make_rootfs "$tree") || return 1
	tar -C "$tree" -cf "$DOCKER_DIR"/busybox.tar . || return 1
	rm -rf --one-file-system "$tree"
	dk import --change 'CMD ["sh"]' --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
		"$DOCKER_DIR"/busybox.tar "$name" >/dev/null 2>"$DOCKER_DIR"/import.err || {
		cat "$DOCKER_DIR"/import.err >&2
		return 1
	}
	rm -f "$DOCKER_DIR"/busybox.tar
}

# the processes dockerd leaves behind when it stops: its containerd (when killed)
# and the shims, which outlive both by design; ours when their command line names
# our exec-root
docker_leftover_pids() {
	local f
	for f in /proc/[0-9]*/cmdline; do
		{ tr '\0' ' ' <"$f"; } 2>/dev/null | grep -qF -- "$DOCKER_DIR/exec/" &&
			basename "$(dirname "$f")"
	done
	return 0
}

docker_env_teardown() {
	local ids mp left p _
	[ -n "${DOCKER_DIR:-}" ] && [ -d "$DOCKER_DIR" ] || return 0
	if [ -n "${DOCKERD_PID:-}" ] && kill -0 "$DOCKERD_PID" 2>/dev/null; then
		mapfile -t ids < <(dk_timed ps -a -q 2>/dev/null)
		[ ${#ids[@]} -eq 0 ] || dk_timed rm -f "${ids[@]}" >/dev/null 2>&1
	fi
	left=$(docker_leftover_pids)
	if [ -n "${DOCKERD_PID:-}" ]; then
		kill -TERM "$DOCKERD_PID" 2>/dev/null
		# our child: a zombie (its pid still ours) until the wait below
		for _ in $(seq 100); do
			case "$(sed 's/.*) //' "/proc/$DOCKERD_PID/stat" 2>/dev/null)" in
			"" | Z*) break ;;
			esac
			sleep 0.1
		done
		kill -KILL "$DOCKERD_PID" 2>/dev/null
		wait "$DOCKERD_PID" 2>/dev/null
	fi
	for p in $left $(docker_leftover_pids); do kill -KILL "$p" 2>/dev/null; done
	awk -v d="$DOCKER_DIR" 'index($5, d "/") == 1 || $5 == d {print $5}' /proc/self/mountinfo |
		sort -r | while read -r mp; do
		umount -l "$mp" 2>/dev/null
	done
	rm -rf --one-file-system "$DOCKER_DIR"
}
