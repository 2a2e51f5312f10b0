/* runtime/runtime.h — the lifecycle entry points cmd/ calls, one per command.
 *
 * Each returns 0 or -1 with err filled ("config.json: process.args: ..."); cmd/
 * prefixes "pidbox: <command> <id>: " and prints it once. Nothing is left behind
 * on failure: no state dir, no cgroup, no process, no mount.
 */
#ifndef PX_RUNTIME_RUNTIME_H
#define PX_RUNTIME_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/error.h"

#define PX_DEFAULT_ROOT "/run/pidbox"

struct rt_global {
	const char *root;       /* state root (--root, or runtime/rootless.h's default) */
	bool systemd_cgroup;    /* --systemd-cgroup */
	bool rootless;          /* --rootless resolved: a cgroup we may not create is done without */
	bool debug;
};

struct rt_create_opts {
	const char *id;
	const char *bundle;         /* default "." */
	const char *pid_file;       /* NULL: none */
	const char *console_socket; /* NULL: none */
	const char *pidfd_socket;   /* NULL: none; see runtime/pidfd_socket.h */
	int preserve_fds;           /* fds 3..3+n-1 are passed to the container */
	bool no_pivot;
	bool no_new_keyring;
	bool detach;                /* run --detach */
	bool keep;                  /* run --keep: do not delete after exit */
	bool init;                  /* --init: pidbox's own init is pid 1 */
	bool init_group;            /* --init-group: ... and signals go to the workload's group */
	bool monitor;               /* set by rt_run in the foreground: the init dies with it, and
	                               rt_launch blocks every signal (for run's signalfd) once
	                               the inputs are read */
};

int rt_create(const struct rt_global *g, const struct rt_create_opts *o, struct px_error *err);
int rt_start(const struct rt_global *g, const char *id, struct px_error *err);
/* run = create + start, then (unless detach) monitor: forward signals, wait, delete
 * (unless keep). *exit_code gets the container's code or 128+signal. */
int rt_run(const struct rt_global *g, const struct rt_create_opts *o, int *exit_code,
           struct px_error *err);

/* The OCI state JSON (malloc'd). */
int rt_state_json(const struct rt_global *g, const char *id, char **json, struct px_error *err);

/* *warning (malloc'd, or NULL): the signal was sent, but the kernel will drop it
 * (a pid-1 workload without a handler for it, see runtime/pid1.h). */
int rt_kill(const struct rt_global *g, const char *id, int sig, bool all, char **warning,
            struct px_error *err);
int rt_delete(const struct rt_global *g, const char *id, bool force, struct px_error *err);

/* pause/resume: freeze or thaw the container's cgroup (runtime/pause.c). */
int rt_pause(const struct rt_global *g, const char *id, struct px_error *err);
int rt_resume(const struct rt_global *g, const char *id, struct px_error *err);
/* update: change the resources of a created, running or paused container. */
struct spec_resources;
int rt_update(const struct rt_global *g, const char *id, const struct spec_resources *r, struct px_error *err);
/* events: JSON lines on stdout, once (stats) or every interval_ms until the container
 * stops (runtime/events.c). */
int rt_events(const struct rt_global *g, const char *id, bool once, long interval_ms, struct px_error *err);

/* Every container under the root, as OCI state (status computed now). */
struct spec_state;
int rt_list(const struct rt_global *g, struct spec_state **out, size_t *n, struct px_error *err);
void rt_list_free(struct spec_state *states, size_t n);

#endif
