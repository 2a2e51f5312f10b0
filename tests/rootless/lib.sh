# tests/rootless/lib.sh — helpers for tests run by an ordinary user (sourced by the
# test files of tests/rootless/, after tests/integration/lib.sh). run.sh made the
# user: PX_RL_USER, PX_RL_UID, PX_RL_GID, and its ranges PX_RL_SUBUID, PX_RL_SUBGID
# (65536 ids each).
# shellcheck shell=bash

RL_XDG=$PX_TMP/xdg # this test's XDG_RUNTIME_DIR
RB=$PX_TMP/rb      # this test's rootless bundle

# shellcheck disable=SC2153 # exported by run.sh
# as_user CMD...: run CMD as the test user, without a capability, with the
# environment a login would give (XDG_RUNTIME_DIR=$RL_XDG unless RL_NO_XDG=1).
# RL_CAPS="--inh-caps=+x --ambient-caps=+x" gives him capability x (still not root).
as_user() {
	local xdg=XDG_RUNTIME_DIR=$RL_XDG
	[ -z "${RL_NO_XDG:-}" ] || xdg=
	# shellcheck disable=SC2086 # RL_CAPS: setpriv's capability options, split
	setpriv --reuid="$PX_RL_UID" --regid="$PX_RL_GID" --init-groups ${RL_CAPS:-} \
		env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin USER="$PX_RL_USER" HOME=/nonexistent \
		${xdg:+"$xdg"} "$@"
}

# urt ARGS...: the runtime as the test user, with the test's --root (which the
# runner's cleanup force-deletes as root afterwards, whatever the test left).
urt() { as_user "$RUNTIME" --root "$PX_ROOT" "$@"; }

# rl_cleanup: force-delete, as root, what a failed test left in the XDG state
# root (the runner cleans --root $PX_ROOT itself).
rl_cleanup() {
	local c
	for c in "$RL_XDG"/pidbox/*/ "$RL_XDG"/runc/*/; do
		[ -d "$c" ] || continue
		"$RUNTIME" --root "$(dirname "$c")" delete -f "$(basename "$c")" >/dev/null 2>&1
	done
}

# rl_setup: give the test user this test's state root and XDG_RUNTIME_DIR.
rl_setup() {
	trap rl_cleanup EXIT
	trap 'exit 143' TERM
	[ -n "${PX_RL_UID:-}" ] || fail "PX_RL_UID unset: run tests/rootless/run.sh, which creates the user"
	chown "$PX_RL_UID:$PX_RL_GID" "$PX_ROOT" || fail "chown $PX_ROOT"
	mkdir -p "$RL_XDG" || fail "mkdir $RL_XDG"
	chown "$PX_RL_UID:$PX_RL_GID" "$RL_XDG" || fail "chown $RL_XDG"
	chmod 700 "$RL_XDG"
}

# rl_bundle: a busybox bundle in $RB whose config.json is what `<runtime> spec
# --rootless` writes as the test user, with terminal false (no terminal here) and
# args `sh`; rl_set changes it further.
rl_bundle() {
	rl_setup
	mkdir -p "$RB" || fail "mkdir $RB"
	cp -a "$PX_ROOTFS_TEMPLATE" "$RB"/rootfs || fail "copy the rootfs to $RB"
	chown "$PX_RL_UID:$PX_RL_GID" "$RB"
	run as_user "$RUNTIME" spec --rootless -b "$RB"
	assert_ok
	rl_set '.process.terminal = false | .process.args = ["sh"]'
}
# rl_set [jq options...] FILTER: patch $RB/config.json (it stays the user's).
rl_set() {
	bundle_set "$RB" "$@" || fail "bundle_set $*"
	chown "$PX_RL_UID:$PX_RL_GID" "$RB/config.json" && chmod 644 "$RB/config.json"
}

# rl_in_container SCRIPT: `run` the rootless bundle with `sh -c SCRIPT` as the
# user; $out/$err/$rc as run.
rl_in_container() {
	[ -f "$RB/config.json" ] || rl_bundle
	# shellcheck disable=SC2016 # $s is jq's
	rl_set --arg s "$1" '.process.args = ["sh", "-c", $s]'
	run urt run -b "$RB" "$PX_ID"
}

# squeeze TEXT: runs of blanks to one space, no leading blank (for id maps)
squeeze() { printf '%s\n' "$1" | sed -E 's/^[[:space:]]+//; s/[[:space:]]+/ /g'; }

# rl_detached CMD...: a runtime command whose container keeps running (create,
# run -d, exec -d), as the user, its stdio on files so that no $(...) waits for the
# container ($PX_TMP/detached.out, .err); sets $rc and $err.
rl_detached() {
	echo "\$ (as $PX_RL_USER) $*"
	as_user "$@" </dev/null >"$PX_TMP/detached.out" 2>"$PX_TMP/detached.err"
	rc=$?
	err=$(cat "$PX_TMP/detached.err")
	[ -z "$err" ] || printf '%s\n' "$err" | sed 's/^/  err: /'
	echo "  rc=$rc"
}
