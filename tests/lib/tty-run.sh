# tests/lib/tty-run.sh — tty_run CMD...: run a command with a pseudo-terminal as its
# stdin, stdout and stderr (script(1)), as a person at a terminal would, so that
# `podman run -t` or `ctr tasks exec -t` take their terminal path. Sets $out (the
# terminal's output, CRs removed) and $rc; needs $PX_TMP.
# shellcheck shell=bash

tty_run() {
	local cmd
	cmd=$(printf '%q ' "$@")
	echo "\$ (on a terminal) $*"
	script -qec "$cmd" /dev/null </dev/null >"$PX_TMP/tty.out" 2>&1
	rc=$?
	out=$(tr -d '\r' <"$PX_TMP/tty.out")
	printf '%s\n' "$out" | sed 's/^/  out: /'
	echo "  rc=$rc"
}
