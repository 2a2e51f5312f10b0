# volumes (bind and named), tmpfs, docker cp, docker export.
# shellcheck shell=bash

test_volumes() {
	mkdir -p "$PX_TMP"/host && echo from-host >"$PX_TMP"/host/in
	must dkr run --rm -v "$PX_TMP/host:/data" "$IMG" sh -c 'cat /data/in; echo from-container >/data/out'
	assert_eq "$out" from-host "bind volume read"
	assert_eq "$(cat "$PX_TMP"/host/out)" from-container "bind volume written"
	must dkr run --rm -v "$PX_TMP/host:/data:ro" "$IMG" sh -c 'echo x >/data/no || echo refused'
	assert_contains "$out" refused "read-only bind volume"
	# a named volume keeps its contents from one container to the next
	must dkr run --rm -v "$PX_ID-vol:/v" "$IMG" sh -c 'echo kept >/v/f'
	must dkr run --rm -v "$PX_ID-vol:/v" "$IMG" cat /v/f
	assert_eq "$out" kept "named volume"
	must dkr run --rm --tmpfs /run/t:mode=1770 "$IMG" sh -c 'stat -c %a /run/t; stat -f -c %T /run/t'
	assert_eq "$out" "1770
tmpfs" "--tmpfs mode"
}

test_cp_export() {
	must dkr run -d --name "$PX_ID" "$IMG" sleep 1000
	dk_wait_state "$PX_ID" running
	echo copied-in >"$PX_TMP"/f
	must dk cp "$PX_TMP"/f "$PX_ID":/tmp/f
	must dk exec "$PX_ID" sh -c 'cat /tmp/f; echo made-inside >/tmp/g'
	assert_eq "$out" copied-in "docker cp into the container"
	must dk cp "$PX_ID":/tmp/g "$PX_TMP"/g
	assert_eq "$(cat "$PX_TMP"/g)" made-inside "docker cp out of the container"
	must dk export -o "$PX_TMP"/c.tar "$PX_ID"
	tar -tf "$PX_TMP"/c.tar | grep -qx 'tmp/g' || fail "tmp/g not in docker export"
}
