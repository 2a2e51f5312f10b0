# Privileges: a config that lists no capabilities gives the workload none, at
# create and at exec (runc and crun treat a missing process.capabilities as
# empty sets). Leaked, the runtime's own capabilities are a way out of any
# container: CAP_DAC_READ_SEARCH reads any host file by handle ("shocker"),
# CAP_SYS_ADMIN mounts a v1 cgroup hierarchy and sets its release_agent, which
# the host runs as root (CVE-2022-0492).
# shellcheck shell=bash

CAPS='grep -E "^Cap(Prm|Eff|Bnd):" /proc/self/status'

# caps_attack: what the attacker runs: its capabilities, then the two escapes.
# $1 the file handle of the host's secret (guessable in a real attack: inode and
# generation; handed over here to keep the test short).
caps_attack() {
	printf '%s' "$CAPS; /by-handle read $1 /; echo
		mount -t cgroup -o none,name=pxattack cgroup /mnt && echo /evil >/mnt/release_agent \
			&& echo RELEASE_AGENT_SET=\$(cat /mnt/release_agent); umount /mnt 2>/dev/null; true"
}

# A host file outside the rootfs, on the rootfs's filesystem (so a handle of it
# opens through the container's "/"), its handle in $handle.
plant_secret() {
	echo "host-secret-$PX_ID" >"$PX_TMP/secret"
	chmod 600 "$PX_TMP/secret"
	handle=$("$(helper by-handle)" name "$PX_TMP/secret") || fail "name_to_handle_at on the host"
	cp "$(helper by-handle)" "$B/rootfs/by-handle" || fail "copy the helper"
}

# cap_bits SET: the hex mask of Cap$SET in $out.
cap_bits() { printf '%s\n' "$out" | sed -n "s/^Cap$1:\t//p"; }

# assert_no_caps_obtained [bounding]: nothing escapes, and the sets are empty (or,
# for an exec whose process.json lists none, no wider than BOUNDING, the
# container's: runc hands the exec the container's sets there, pidbox none).
assert_no_caps_obtained() {
	local set bits
	assert_not_contains "$out" "host-secret-$PX_ID" "container output (the host file read by handle)"
	assert_not_contains "$out" "RELEASE_AGENT_SET" "container output (a cgroup release_agent written)"
	for set in Eff Prm Bnd; do
		bits=$(cap_bits "$set")
		[ -n "$bits" ] || fail "no Cap$set line in the output"
		# CAP_DAC_READ_SEARCH (2) and CAP_SYS_ADMIN (21): the escapes below
		[ $((0x$bits & (1 << 2 | 1 << 21))) -eq 0 ] || fail "Cap$set $bits holds CAP_DAC_READ_SEARCH or CAP_SYS_ADMIN"
		if is_pidbox || [ -z "${1:-}" ]; then
			assert_eq "$bits" 0000000000000000 "Cap$set"
		else
			[ $((0x$bits & ~0x$1)) -eq 0 ] || fail "Cap$set $bits is wider than the container's $1"
		fi
	done
}

# The init of a config without process.capabilities. Seen to succeed against
# c3bb862 (the code before the fix): CapEff 000001ffffffffff, the host file read
# by open_by_handle_at, and release_agent set to /evil in a fresh v1 hierarchy.
test_caps_missing_in_config_init_gets_none() {
	new_bundle
	plant_secret
	set_config --arg s "$(caps_attack "$handle")" \
		'del(.process.capabilities) | .process.noNewPrivileges = false | .process.args = ["sh", "-c", $s]'
	run rt run -b "$B" "$PX_ID"
	assert_no_caps_obtained
}

# exec into a container whose config lists no capabilities, without --cap; and
# exec --process with a process.json without capabilities into a container that
# has some. Seen to succeed against c3bb862 as above (full sets in both execs).
test_caps_missing_at_exec_gets_none() {
	new_bundle sleep 300
	plant_secret
	set_config 'del(.process.capabilities) | .process.noNewPrivileges = false'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	run rt exec "$PX_ID" sh -c "$(caps_attack "$handle")"
	assert_no_caps_obtained
	must rt delete -f "$PX_ID"

	new_bundle sleep 300
	plant_secret
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	jq -n --arg s "$(caps_attack "$handle")" '{cwd: "/", user: {uid: 0, gid: 0}, args: ["sh", "-c", $s],
		env: ["PATH=/bin:/usr/bin"]}' >"$PX_TMP/process.json"
	run rt exec --process "$PX_TMP/process.json" "$PX_ID"
	# the bundle's own: CAP_AUDIT_WRITE, CAP_KILL, CAP_NET_BIND_SERVICE
	assert_no_caps_obtained 0000000020000420
}

# exec --cap into a container without capabilities in its config: exactly the
# capability named, not the runtime's whole set.
test_caps_exec_cap_adds_to_empty_sets() {
	skip_unless_pidbox "runc 1.1.5 panics (nil pointer) on exec --cap when the config has no capabilities"
	new_bundle sleep 300
	set_config 'del(.process.capabilities)'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	must rt exec --cap CAP_KILL "$PX_ID" sh -c "$CAPS"
	assert_contains "$out" "CapEff:	0000000000000020"
	assert_contains "$out" "CapBnd:	0000000000000020"
}
