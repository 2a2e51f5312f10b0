# podman's default seccomp profile, user namespaces with --uidmap.
# shellcheck shell=bash

test_seccomp_default_profile() {
	# podman sends its default profile unless told otherwise; the kernel shows the filter
	must pod run --rm "$IMG" grep -E '^Seccomp:' /proc/self/status
	assert_match "$out" 'Seccomp:[[:space:]]+2' "seccomp mode with the default profile"
	must pod run --rm --security-opt seccomp=unconfined "$IMG" grep '^Seccomp:' /proc/self/status
	assert_match "$out" 'Seccomp:[[:space:]]+0' "seccomp=unconfined"
	# a profile of the user's: the rule reaches the kernel (mkdir denied with EPERM)
	cat >"$PX_TMP/profile.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
JSON
	run pod run --rm --security-opt "seccomp=$PX_TMP/profile.json" "$IMG" mkdir /tmp/d
	assert_fail
	assert_contains "$err" "Operation not permitted" "mkdir under the profile"
	must pod run --rm "$IMG" mkdir /tmp/d
}

# --uidmap: the container's root is host uid 200000, and sees itself as 0
test_userns_uidmap() {
	local pid
	must pod run -d --name "$PX_ID" --uidmap 0:200000:65536 --gidmap 0:200000:65536 "$IMG" \
		sh -c 'id -u; cat /proc/self/uid_map; touch /tmp/x && echo wrote; sleep 1000'
	pod_wait_state "$PX_ID" running
	pod_wait_log "$PX_ID" wrote
	pid=$(pod_inspect "$PX_ID" '{{.State.Pid}}')
	assert_eq "$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")" 200000 "host uid of the container's root"
	must pod logs "$PX_ID"
	assert_match "$out" '^0
[[:space:]]+0[[:space:]]+200000[[:space:]]+65536
wrote' "id and uid_map inside"
}

# --uidmap with a volume: a root-only host directory is reachable (the runtime opens
# bind sources), and with ":idmap" the host's owners show as the container's ids.
# runc 1.1.5 fails the first (EACCES for host uid 200000) and has no idmap.
test_userns_volumes() {
	skip_unless_pidbox "runc 1.1.5: EACCES on the root-only source, and no idmapped mounts"
	mkdir -p "$PX_TMP/priv/vol" "$PX_TMP/idm"
	chmod 700 "$PX_TMP/priv"
	echo secret >"$PX_TMP/priv/vol/f"
	echo x >"$PX_TMP/idm/f"
	chown 5:6 "$PX_TMP/idm/f"
	must pod run --rm --uidmap 0:200000:65536 --gidmap 0:200000:65536 \
		-v "$PX_TMP/priv/vol:/vol" -v "$PX_TMP/idm:/idm:idmap" "$IMG" \
		sh -c 'cat /vol/f; stat -c %u:%g /idm/f'
	assert_eq "$out" $'secret\n5:6' "the private file, the idmapped owner"
}
