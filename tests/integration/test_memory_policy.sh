# linux.memoryPolicy (runtime-spec 1.3): set_mempolicy(2) before the workload,
# seen by the kernel in /proc/self/numa_maps (the task's policy is shown for
# every mapping without one of its own). This host has one NUMA node (0): what
# needs two is left to the kernel's answer, which must come back clearly.
# shellcheck shell=bash

# assert_numa_policy WANT: the bundle's container (cat, a child of its shell)
# shows policy WANT on every line of its numa_maps.
assert_numa_policy() {
	must_in_container 'cat /proc/self/numa_maps'
	[ -n "$out" ] || fail "empty numa_maps"
	# each line: address, policy, then details after a space
	assert_eq "$(awk -v w="$1" '{ sub(/^[0-9a-f]+ /, "")
		if (index($0, w) != 1 || (length($0) > length(w) && substr($0, length(w) + 1, 1) != " ")) bad++ }
		END { print bad + 0 }' <<<"$out")" 0 "numa_maps lines without \"$1\": $out"
}

test_memory_policy_modes_in_numa_maps() {
	local m mode nodes want
	skip_unless_pidbox "runc 1.1 predates linux.memoryPolicy (it would run with the default policy)"
	[ -e /proc/self/numa_maps ] || skip "no /proc/self/numa_maps (kernel without CONFIG_NUMA)"
	# the kernel's mpol_to_str() names, with the nodes after ':'
	for m in "MPOL_BIND|0|bind:0" "MPOL_INTERLEAVE|0|interleave:0" "MPOL_PREFERRED|0|prefer:0" \
		"MPOL_PREFERRED_MANY|0|prefer (many):0" "MPOL_WEIGHTED_INTERLEAVE|0|weighted interleave:0" \
		"MPOL_LOCAL||local" "MPOL_DEFAULT||default"; do
		IFS='|' read -r mode nodes want <<<"$m"
		new_bundle
		set_config --arg m "$mode" --arg n "$nodes" '.linux.memoryPolicy = {mode: $m, nodes: $n}'
		assert_numa_policy "$want"
	done
}

# The three flags, as numa_maps names them after "=".
test_memory_policy_flags_in_numa_maps() {
	local m mode flag want
	skip_unless_pidbox "runc 1.1 predates linux.memoryPolicy (it would run with the default policy)"
	[ -e /proc/self/numa_maps ] || skip "no /proc/self/numa_maps (kernel without CONFIG_NUMA)"
	for m in "MPOL_BIND|MPOL_F_STATIC_NODES|bind=static:0" \
		"MPOL_INTERLEAVE|MPOL_F_RELATIVE_NODES|interleave=relative:0" \
		"MPOL_BIND|MPOL_F_NUMA_BALANCING|bind=balancing:0"; do
		IFS='|' read -r mode flag want <<<"$m"
		new_bundle
		set_config --arg m "$mode" --arg f "$flag" '.linux.memoryPolicy = {mode: $m, nodes: "0", flags: [$f]}'
		assert_numa_policy "$want"
	done
}

# Every process of the container has it: one started by exec too.
test_memory_policy_exec() {
	skip_unless_pidbox "runc 1.1 predates linux.memoryPolicy (it would run with the default policy)"
	[ -e /proc/self/numa_maps ] || skip "no /proc/self/numa_maps (kernel without CONFIG_NUMA)"
	new_bundle sleep 1000
	set_config '.linux.memoryPolicy = {mode: "MPOL_INTERLEAVE", nodes: "0"}'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	must rt exec "$PX_ID" cat /proc/self/numa_maps
	assert_eq "$(grep -cv ' interleave:0' <<<"$out")" 0 "exec'd process's numa_maps: $out"
	must rt delete -f "$PX_ID"
}

# What config.json gets wrong: one line naming the field, nothing left.
test_memory_policy_refused_in_config() {
	local c
	skip_unless_pidbox "runc 1.1 does not know linux.memoryPolicy"
	while IFS='|' read -r c want; do
		new_bundle true
		set_config --argjson p "$c" '.linux.memoryPolicy = $p'
		run rt run -b "$B" "$PX_ID"
		assert_fail
		assert_one_error_line "$want"
		assert_nothing_left
	done <<'CASES'
{"nodes": "0"}|linux.memoryPolicy.mode: required, must be a string
{"mode": "MPOL_BOGUS"}|linux.memoryPolicy.mode: unknown mode "MPOL_BOGUS"
{"mode": "MPOL_BIND"}|linux.memoryPolicy.nodes: required with MPOL_BIND
{"mode": "MPOL_BIND", "nodes": "0-"}|linux.memoryPolicy.nodes: "0-" is not a node list like "0-3,7"
{"mode": "MPOL_BIND", "nodes": "5000"}|linux.memoryPolicy.nodes: "5000" is not a node list like "0-3,7"
{"mode": "MPOL_LOCAL", "nodes": "0"}|linux.memoryPolicy.nodes: MPOL_LOCAL takes no nodes
{"mode": "MPOL_DEFAULT", "flags": ["MPOL_F_STATIC_NODES"]}|linux.memoryPolicy.flags: MPOL_DEFAULT takes no flags
{"mode": "MPOL_BIND", "nodes": "0", "flags": ["MPOL_F_NOPE"]}|linux.memoryPolicy.flags[0]: unknown flag "MPOL_F_NOPE"
{"mode": "MPOL_BIND", "nodes": "0", "flags": ["MPOL_F_STATIC_NODES", "MPOL_F_RELATIVE_NODES"]}|linux.memoryPolicy.flags: MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES exclude each other
CASES
}

# What only the kernel knows: a node this host does not have, a flag it does not
# take with the mode (MPOL_F_NUMA_BALANCING goes with MPOL_BIND and, since 6.x,
# MPOL_PREFERRED_MANY only). One line with the policy and the usable nodes.
test_memory_policy_refused_by_kernel() {
	local c
	skip_unless_pidbox "runc 1.1 does not know linux.memoryPolicy"
	[ "$(cat /sys/devices/system/node/online 2>/dev/null)" = 0 ] || skip "the host has more NUMA nodes than 0"
	while IFS='|' read -r c want; do
		new_bundle true
		set_config --argjson p "$c" '.linux.memoryPolicy = $p'
		run rt run -b "$B" "$PX_ID"
		assert_fail
		assert_one_error_line "$want"
		assert_nothing_left
	done <<'CASES'
{"mode": "MPOL_BIND", "nodes": "1"}|linux.memoryPolicy: MPOL_BIND nodes 1: refused by the kernel (nodes this process may use: 0): Invalid argument
{"mode": "MPOL_INTERLEAVE", "nodes": "0", "flags": ["MPOL_F_NUMA_BALANCING"]}|linux.memoryPolicy: MPOL_INTERLEAVE nodes 0 MPOL_F_NUMA_BALANCING: refused by the kernel (nodes this process may use: 0): Invalid argument
CASES
}
