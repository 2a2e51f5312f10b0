/* spec/state.h — container state as JSON, both directions.
 *
 * Two shapes of the same struct:
 *  - the OCI state printed by `pidbox state` (runtime.md "State" plus the fields
 *    runc adds: rootfs, created, owner) — spec_state_to_oci_json();
 *  - pidbox's own state.json in <root>/<id>/, which also keeps what later commands
 *    need to act safely (the init's start time to defeat pid reuse, the cgroup
 *    path, the config's namespace flags) — spec_state_to_record_json() and
 *    spec_state_parse_record().
 * Pure: no syscalls. spec_state_free() frees the strings (not the struct).
 */
#ifndef PX_SPEC_STATE_H
#define PX_SPEC_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "spec/config.h"
#include "util/error.h"

struct spec_state {
	char *oci_version;
	char *id;
	char *status;     /* "creating" | "created" | "running" | "stopped" | "paused" */
	pid_t pid;        /* host pid of the container's init; 0 when stopped/none */
	char *bundle;     /* absolute */
	char *rootfs;     /* absolute */
	char *created;    /* RFC 3339 UTC with nanoseconds, e.g. 2026-11-22T12:00:00.123456789Z */
	char *owner;      /* "" for root, as runc */
	struct spec_annotation *annotations;
	size_t n_annotations;

	/* record-only fields */
	uint64_t init_start_time; /* /proc/<pid>/stat field 22: identifies the process */
	char *cgroup_path;        /* the container's cgroup, relative to each hierarchy root */
	unsigned long ns_flags;   /* CLONE_NEW* the container created (not joined) */
	bool use_init;            /* pidbox's built-in init is pid 1 (--init) */
	bool rootless;            /* created rootless: a cgroup directory missing was left out (cg_drop_missing) */
	/* what pidbox may remove and kill (cgroup/cgroup.h "ownership"): per hierarchy
	 * where it made the container's cgroup directory, "<levels> <mount point>";
	 * has_cgroup_created false: a record from before (every directory is pidbox's) */
	char **cgroup_created;
	size_t n_cgroup_created;
	bool has_cgroup_created;
	uint64_t mnt_ns; /* inode of the init's mount namespace, 0: unknown */
	/* the config kept in the state dir has hooks; hooks_known false: a record
	 * from before the config was always kept (it was kept only with hooks) */
	bool hooks, hooks_known;
};

/* Malloc'd JSON text. The OCI form omits record-only fields and, like runc, prints
 * pid 0 when stopped; it is indented by two spaces and ends in "\n". The record is
 * one compact line without a newline, keeps the real pid, and leaves out unset
 * (NULL) strings so parsing it gives NULL back. */
char *spec_state_to_oci_json(const struct spec_state *s);
/* The pid the OCI views show (state, list): 0 once stopped, as runc. */
pid_t spec_state_oci_pid(const struct spec_state *s);
char *spec_state_to_record_json(const struct spec_state *s);

/* Parse a record written by spec_state_to_record_json(). id, pid and status are
 * required; unknown keys are ignored (a newer pidbox's record). On error *out is
 * zeroed and nothing needs freeing. */
int spec_state_parse_record(const char *json, size_t len, struct spec_state *out, struct px_error *err);
/* The same record, only what `state` and `list` show and need for the live status
 * (the OCI fields, the init's start time, the cgroup path), in one pass without a
 * tree (spec/state_view.c): the record-only lists are skipped. Same errors as
 * spec_state_parse_record for the fields it reads. */
int spec_state_parse_view(const char *json, size_t len, struct spec_state *out, struct px_error *err);

void spec_state_free(struct spec_state *s);

#endif
