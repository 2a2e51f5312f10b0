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
