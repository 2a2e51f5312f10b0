#!/bin/bash
# tests/rootless/run.sh [REGEX] — pidbox run by an ordinary user (runtime/rootless.h).
#
# Makes its own unprivileged user with a subordinate id range in /etc/subuid and
# /etc/subgid, runs the tests/rootless/test_*.sh functions through the integration
# runner (tests/integration/run.sh: same helpers, same per-test cleanup), each
# test switching to that user for the runtime's commands, and removes the user and
# its ranges afterwards, also when a test fails or the run is interrupted.
# RUNTIME=runc runs the same tests against runc's rootless mode.
# Needs root, setpriv (util-linux), useradd/userdel and newuidmap/newgidmap
# (Debian packages passwd and uidmap).
set -u
here=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$here/../.." && pwd)
filter=${1:-.}

if [ "$(id -u)" -ne 0 ]; then
	echo "rootless/run.sh: needs root (it creates the test user)" >&2
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi
for tool in useradd userdel usermod setpriv newuidmap newgidmap jq; do
	if ! command -v "$tool" >/dev/null; then
		echo "rootless/run.sh: $tool is missing (packages passwd, util-linux, uidmap, jq)" >&2
		echo "0 passed, 1 failed, 0 skipped"
		exit 1
	fi
done

user=pxrl$$
# a range of 65536 ids above every range already given out
sub_start() {
	awk -F: 'BEGIN { m = 1000000 } { e = $2 + $3; if (e > m) m = e } END { print m + 65536 }' "$1" 2>/dev/null ||
		echo 1065536
}

# del_subids: remove every range of $user from /etc/subuid and /etc/subgid
# through usermod (it locks the files, which other tools may be editing too)
del_subids() {
	local start count
	while IFS=: read -r _ start count; do
		usermod --del-subuids "$start-$((start + count - 1))" "$user"
	done < <(grep "^$user:" /etc/subuid)
	while IFS=: read -r _ start count; do
		usermod --del-subgids "$start-$((start + count - 1))" "$user"
	done < <(grep "^$user:" /etc/subgid)
}

cleanup() {
	local p
	if id "$user" >/dev/null 2>&1; then
		# the user exists only for this run: whatever still runs as it is ours
		for p in $(pgrep -u "$user"); do kill -KILL "$p" 2>/dev/null; done
		del_subids
		userdel "$user" 2>/dev/null
	fi
	if grep -q "^$user:" /etc/subuid /etc/subgid 2>/dev/null; then
		echo "rootless/run.sh: ranges of $user left in /etc/subuid or /etc/subgid" >&2
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

useradd -M -d /nonexistent -s /usr/sbin/nologin -U "$user" || {
	echo "rootless/run.sh: useradd $user failed" >&2
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
}
# useradd may have given the user ranges already (SUB_UID_COUNT in login.defs):
# replace them by ours, so that the tests know them
del_subids
su=$(sub_start /etc/subuid)
sg=$(sub_start /etc/subgid)
usermod --add-subuids "$su-$((su + 65535))" --add-subgids "$sg-$((sg + 65535))" "$user" || exit 1

export PX_RL_USER=$user PX_RL_UID PX_RL_GID PX_RL_SUBUID=$su PX_RL_SUBGID=$sg
PX_RL_UID=$(id -u "$user")
PX_RL_GID=$(id -g "$user")
echo "# rootless user $user ($PX_RL_UID:$PX_RL_GID), subuid $su+65536, subgid $sg+65536"
"$TOP"/tests/integration/run.sh "$filter" "$here"
