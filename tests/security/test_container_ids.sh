# Class: hostile container ids. The id names the container's state directory
# under --root (and appears in logs, cgroup and state records); an id is the
# caller's, but engines pass through names that come from users ("docker run
# --name", pod names). Attacker: whoever picks the id: "../x", a path, ".", a
# name of 5000 bytes, one with a newline. Reaches: a state directory made (and
# later removed with delete -f) anywhere the runtime can write: outside --root,
# in its parent or in /tmp. Defence: the id is checked by every command
# (cmd/flags.c cmd_check_id, runtime/state_dir.c rt_validate_id): letters, digits
# and _ + - . only, not "." or "..", at most 1024 bytes. Seen to succeed against
# a deliberately broken build (both checks made to accept anything): create
# "../pxesc-ID" made the directory pxesc-ID beside --root and ran the container.
# shellcheck shell=bash

# hostile_ids: one per line would break on the newline one: set in $ids[].
hostile_ids() {
	local long
	long=$(printf 'a%.0s' $(seq 5000))
	ids=("../pxesc-$PX_ID" "../../../../../../../../../../tmp/pxesc-$PX_ID" "/tmp/pxesc-$PX_ID"
		"pxesc-$PX_ID/../../pxesc-$PX_ID" "/" "." ".." "$long" $'pxesc\n'"$PX_ID" "pxesc-$PX_ID/sub")
}

# escapes: every name of the test found outside --root (beside it, in /tmp).
escapes() {
	find "$(dirname "$PX_ROOT")" /tmp -maxdepth 2 -name "pxesc*" 2>/dev/null
}

test_hostile_ids_create_nothing_outside_root() {
	local id i=0 cmd args
	hostile_ids
	new_bundle sleep 100
	for id in "${ids[@]}"; do
		i=$((i + 1))
		echo "\$ create/start/state/kill/exec/delete with hostile id #$i (${#id} bytes)"
		rt create -b "$B" "$id" </dev/null >"$PX_TMP/c$i.out" 2>"$PX_TMP/c$i.err"
		rc=$?
		err=$(head -c 300 "$PX_TMP/c$i.err")
		echo "  create rc=$rc err=$err"
		[ -z "$(escapes)" ] || fail "hostile id #$i made: $(escapes)"
		assert_fail
		for cmd in start state kill exec delete; do
			args=("$cmd" "$id")
			[ "$cmd" != exec ] || args+=(true)
			[ "$cmd" != delete ] || args=(delete -f "$id")
			rt "${args[@]}" </dev/null >/dev/null 2>&1 && fail "$cmd accepted hostile id #$i"
		done
		[ -z "$(escapes)" ] || fail "hostile id #$i made: $(escapes)"
		[ -z "$(ls -A "$PX_ROOT")" ] || fail "hostile id #$i: --root holds $(ls -A "$PX_ROOT")"
	done
	assert_nothing_left -
}
