#!/bin/bash
# tests/fuzz/run.sh [NAME-REGEX] — run each libFuzzer harness ($BUILD/fuzz/fuzz_*, built
# by `make fuzz-build`) for FUZZ_SECONDS (default 60) from its seed corpus in
# tests/fuzz/corpus/<name>/. One test per harness: "ok fuzz_NAME" when it ran the
# time out without a crash, a sanitizer report, a leak or a broken promise; else
# "not ok" with the report, and the input that did it kept in $FUZZ_ARTIFACTS
# (default /tmp/pidbox-fuzz-artifacts). Ends with "N passed, M failed, K skipped".
# What the fuzzer learns goes to a scratch corpus: the tree's seeds stay small.
set -u
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-build}
secs=${FUZZ_SECONDS:-60}
filter=${1:-.}
artifacts=${FUZZ_ARTIFACTS:-/tmp/pidbox-fuzz-artifacts}
passed=0 failed=0 skipped=0

work=$(mktemp -d /tmp/pidbox-fuzz.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT
mkdir -p "$artifacts"

for src in "$here"/fuzz_*.c; do
	name=$(basename "$src" .c)
	[[ $name =~ $filter ]] || continue
	bin=$BUILD/fuzz/$name
	seeds=$here/corpus/${name#fuzz_}
	if [ ! -x "$bin" ]; then
		# only when the toolchain is not there; make check builds them
		skipped=$((skipped + 1))
		echo "ok $name # skip $bin not built (make fuzz-build needs clang and libclang-rt-14-dev)"
		continue
	fi
	mkdir -p "$work/$name"
	start=$SECONDS
	# -timeout: one input taking 10 s is a hang; -rss_limit_mb: a parser that
	# balloons on small input is a bug too; -max_len 64k: configs are small
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$artifacts/$name-" \
		"$work/$name" "$seeds" >"$work/$name.log" 2>&1
	rc=$?
	runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$name.log" | grep -o '[0-9]*$')
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok $name ($((SECONDS - start))s, ${runs:-?} inputs)"
	else
		failed=$((failed + 1))
		echo "not ok $name (exit $rc; input kept in $artifacts/$name-*)"
		grep -v '^#\|^INFO\|^\[' "$work/$name.log" | head -60 | sed 's/^/#   /'
	fi
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
