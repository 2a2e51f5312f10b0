# features: the runtime-spec features document, and that it tells the truth.
# shellcheck shell=bash

features() { rt features >"$PX_TMP/features.json" || fail "features failed"; }

# The shape features.md and features-linux.md give: required versions, arrays of
# strings, booleans, no property the spec does not define.
test_features_document() {
	features
	jq -e . "$PX_TMP/features.json" >/dev/null || fail "not JSON"
	jq -e '(.ociVersionMin | test("^[0-9]+\\.[0-9]+\\.[0-9]+")) and (.ociVersionMax | test("^[0-9]+\\.[0-9]+\\.[0-9]+"))' \
		"$PX_TMP/features.json" >/dev/null || fail "ociVersionMin/Max missing or not semver"
	jq -e '[.ociVersionMin, .ociVersionMax] | map(split("-")[0] | split(".") | map(tonumber)) | .[0] <= .[1]' \
		"$PX_TMP/features.json" >/dev/null || fail "ociVersionMax < ociVersionMin"
	jq -e '(keys - ["ociVersionMin", "ociVersionMax", "hooks", "mountOptions", "linux", "annotations",
		"potentiallyUnsafeConfigAnnotations"]) == []' "$PX_TMP/features.json" >/dev/null ||
		fail "unknown top-level property: $(jq -c keys "$PX_TMP/features.json")"
	jq -e '(.linux | keys) - ["namespaces", "capabilities", "cgroup", "seccomp", "apparmor", "selinux",
		"intelRdt", "mountExtensions", "netDevices", "memoryPolicy"] == []' "$PX_TMP/features.json" >/dev/null ||
		fail "unknown linux property: $(jq -c '.linux | keys' "$PX_TMP/features.json")"
	jq -e '[.hooks, .mountOptions, .linux.namespaces, .linux.capabilities, (.linux.seccomp.actions // []),
		(.linux.seccomp.operators // []), (.linux.seccomp.archs // []), (.linux.seccomp.knownFlags // [])]
		| all(.[]; type == "array" and all(.[]; type == "string"))' "$PX_TMP/features.json" >/dev/null ||
		fail "a list is not an array of strings"
	jq -e '[.linux.cgroup[], .linux.seccomp.enabled, .linux.apparmor.enabled, .linux.selinux.enabled]
		| all(.[]; type == "boolean")' "$PX_TMP/features.json" >/dev/null || fail "a flag is not a boolean"
	jq -e '.annotations | to_entries | all(.[]; (.value | type) == "string")' "$PX_TMP/features.json" \
		>/dev/null || fail "an annotation value is not a string"
	jq -e '.linux.capabilities | index("CAP_SYS_ADMIN") and index("CAP_CHOWN")' "$PX_TMP/features.json" \
		>/dev/null || fail "capabilities incomplete"
	jq -e '.linux.namespaces | (index("pid") and index("mount") and index("user"))' "$PX_TMP/features.json" \
		>/dev/null || fail "namespaces incomplete"
	if is_pidbox; then
		assert_eq "$(jq -r .ociVersionMax "$PX_TMP/features.json")" 1.3.0 "ociVersionMax"
		jq -e '.mountOptions | index("rbind") and index("nosuid") and index("rslave")' \
			"$PX_TMP/features.json" >/dev/null || fail "mount options incomplete"
	fi
}

# Every listed mount option works on a real mount; a spec option left out is refused.
test_features_mount_options_truthful() {
	local opt
	skip_unless_pidbox "other runtimes list filesystem options (acl) a tmpfs refuses"
	features
	new_bundle true
	for opt in $(jq -r '.mountOptions[]' "$PX_TMP/features.json"); do
		case "$opt" in
		bind | rbind | remount) continue ;; # need a source / an existing mount
		idmap | ridmap) continue ;;         # binds only: test_userns_mounts.sh
		esac
		set_config --arg o "$opt" '.mounts += [{destination: ("/mnt/" + $o), type: "tmpfs", source: "tmpfs",
			options: [$o]}]'
		mkdir -p "$B/rootfs/mnt/$opt"
	done
	must rt run -b "$B" "$PX_ID"
	for opt in rro tmpcopyup idmap; do
		jq -e --arg o "$opt" '.mountOptions | index($o)' "$PX_TMP/features.json" >/dev/null && continue
		new_bundle true
		mkdir -p "$B/rootfs/mnt/x"
		set_config --arg o "$opt" '.mounts += [{destination: "/mnt/x", type: "tmpfs", source: "tmpfs",
			options: [$o]}]'
		run rt run -b "$B" "$PX_ID"
		assert_fail
		assert_one_error_line "$opt"
	done
}

# Every listed capability and namespace is accepted by create, all at once.
test_features_capabilities_and_namespaces_truthful() {
	features
	new_bundle sh -c 'grep CapBnd /proc/self/status'
	set_config --slurpfile f "$PX_TMP/features.json" '.process.capabilities.bounding = $f[0].linux.capabilities
		| .process.capabilities.permitted = $f[0].linux.capabilities
		| .process.capabilities.effective = $f[0].linux.capabilities
		| .linux.namespaces = [$f[0].linux.namespaces[] | {type: .}]
		| .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]'
	must rt run -b "$B" "$PX_ID"
	assert_match "$out" 'CapBnd:' "bounding set"
}

# What features says of hooks and seccomp matches what create does with them.
test_features_hooks_and_seccomp_truthful() {
	local h a
	features
	new_bundle true
	if [ "$(jq '.hooks | length' "$PX_TMP/features.json")" = 0 ]; then
		set_config '.hooks = {prestart: [{path: "/bin/true"}]}'
		run rt run -b "$B" "$PX_ID"
		assert_fail
	else
		for h in $(jq -r '.hooks[]' "$PX_TMP/features.json"); do
			set_config --arg h "$h" '.hooks = {($h): [{path: "/bin/true"}]}'
			must rt run -b "$B" "$PX_ID"
		done
	fi
	new_bundle true
	if [ "$(jq '.linux.seccomp.enabled' "$PX_TMP/features.json")" != true ]; then
		set_config '.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW"}'
		run rt run -b "$B" "$PX_ID"
		assert_fail
	else
		for a in $(jq -r '.linux.seccomp.actions[]' "$PX_TMP/features.json"); do
			case "$a" in SCMP_ACT_ALLOW | SCMP_ACT_LOG) ;; *) continue ;; esac
			set_config --arg a "$a" '.linux.seccomp = {defaultAction: $a}'
			must rt run -b "$B" "$PX_ID"
		done
	fi
}

# The seccomp lists are exact: every listed action and flag is taken by create
# (SCMP_ACT_NOTIFY on a rule, with an agent at listenerPath), every name of the
# spec's vocabulary left out is refused by create, and supportedFlags (what the
# kernel takes) is a part of knownFlags.
test_features_seccomp_exact() {
	local a f agent sock=$PX_TMP/agent.sock
	local spec_actions="SCMP_ACT_ALLOW SCMP_ACT_ERRNO SCMP_ACT_KILL SCMP_ACT_KILL_PROCESS SCMP_ACT_KILL_THREAD
		SCMP_ACT_LOG SCMP_ACT_NOTIFY SCMP_ACT_TRACE SCMP_ACT_TRAP"
	local spec_flags="SECCOMP_FILTER_FLAG_TSYNC SECCOMP_FILTER_FLAG_LOG SECCOMP_FILTER_FLAG_SPEC_ALLOW
		SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"
	agent=$(helper seccomp-agent)
	[ -x "$agent" ] || fail "$agent missing (make unit)"
	features
	[ "$(jq .linux.seccomp.enabled "$PX_TMP/features.json")" = true ] || skip "$RUNTIME: no seccomp"
	jq -e '(.linux.seccomp.supportedFlags // []) - (.linux.seccomp.knownFlags // []) == []' \
		"$PX_TMP/features.json" >/dev/null || fail "supportedFlags not within knownFlags"
	if is_pidbox; then # runc 1.1 has neither list
		jq -e '.linux.seccomp | has("knownFlags") and has("supportedFlags")' "$PX_TMP/features.json" \
			>/dev/null || fail "knownFlags/supportedFlags missing"
	fi
	new_bundle true
	for a in $spec_actions; do
		if [ "$a" = SCMP_ACT_NOTIFY ]; then
			bg "$agent" "$sock" "$PX_TMP/agent-state.json" 1 >/dev/null
			wait_file "$sock"
			set_config --arg a "$a" --arg l "$sock" '.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW",
				listenerPath: $l, syscalls: [{names: ["mkdirat", "mkdir"], action: $a}]}'
		else
			# on a syscall `true` never makes, so that even KILL lets it exit 0
			set_config --arg a "$a" '.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW",
				syscalls: [{names: ["mkdirat", "mkdir"], action: $a}]}'
		fi
		run rt run -b "$B" "$PX_ID"
		if jq -e --arg a "$a" '.linux.seccomp.actions | index($a)' "$PX_TMP/features.json" >/dev/null; then
			[ "$rc" = 0 ] || fail "listed action $a refused"
		else
			[ "$rc" != 0 ] || fail "action $a accepted but not listed"
		fi
		[ "$a" != SCMP_ACT_NOTIFY ] || wait "$bg_pid" || fail "seccomp agent failed"
	done
	for f in $spec_flags; do
		set_config --arg f "$f" '.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW", flags: [$f]}'
		run rt run -b "$B" "$PX_ID"
		if jq -e --arg f "$f" '.linux.seccomp.knownFlags // [] | index($f)' "$PX_TMP/features.json" >/dev/null; then
			[ "$rc" = 0 ] || fail "listed flag $f refused"
		elif is_pidbox; then # runc 1.1 lists no flags but takes some
			[ "$rc" != 0 ] || fail "flag $f accepted but not listed"
		fi
	done
}

# memoryPolicy and netDevices: listed exactly as they work. Every listed mode
# and flag runs a container (set_mempolicy accepted on this one-node host, except
# where the kernel's own rules refuse a flag with MPOL_BIND: none do); a
# netDevices "enabled" true is backed by a real move (test_net_devices.sh).
test_features_memory_policy_and_net_devices() {
	local m f
	skip_unless_pidbox "runc 1.1 predates memoryPolicy and netDevices"
	features
	assert_eq "$(jq -c '.linux.memoryPolicy.modes | sort' "$PX_TMP/features.json")" \
		'["MPOL_BIND","MPOL_DEFAULT","MPOL_INTERLEAVE","MPOL_LOCAL","MPOL_PREFERRED","MPOL_PREFERRED_MANY","MPOL_WEIGHTED_INTERLEAVE"]' \
		"memoryPolicy.modes"
	assert_eq "$(jq -c '.linux.memoryPolicy.flags | sort' "$PX_TMP/features.json")" \
		'["MPOL_F_NUMA_BALANCING","MPOL_F_RELATIVE_NODES","MPOL_F_STATIC_NODES"]' "memoryPolicy.flags"
	assert_eq "$(jq -c .linux.netDevices "$PX_TMP/features.json")" '{"enabled":true}' "netDevices"
	[ -e /proc/self/numa_maps ] || return 0
	new_bundle true
	for m in $(jq -r '.linux.memoryPolicy.modes[]' "$PX_TMP/features.json"); do
		case $m in MPOL_DEFAULT | MPOL_LOCAL) set_config --arg m "$m" '.linux.memoryPolicy = {mode: $m}' ;;
		*) set_config --arg m "$m" '.linux.memoryPolicy = {mode: $m, nodes: "0"}' ;;
		esac
		run rt run -b "$B" "$PX_ID"
		[ "$rc" -eq 0 ] || fail "listed mode $m does not run: $err"
	done
	for f in $(jq -r '.linux.memoryPolicy.flags[]' "$PX_TMP/features.json"); do
		set_config --arg f "$f" '.linux.memoryPolicy = {mode: "MPOL_BIND", nodes: "0", flags: [$f]}'
		run rt run -b "$B" "$PX_ID"
		[ "$rc" -eq 0 ] || fail "listed flag $f does not run: $err"
	done
}
