/* runtime/state_dir.h — a container's directory under --root.
 *
 * <root>/<id>/ holds state.json (the record, written atomically: temp + rename)
 * and exec.fifo while the container is "created". mkdir of <root>/<id> is the lock
 * against a duplicate id: of two concurrent creates exactly one mkdir succeeds.
 * flock() on the directory fd serialises commands against each other: create
 * holds it exclusively until its record is saved; start, delete and kill --all
 * take it exclusively, the other commands shared; state and list take none
 * (the record is replaced whole, by rename). After waiting for it, a command
 * checks the directory is still the one at its path (removed and re-created
 * meanwhile means "does not exist").
 */
#ifndef PX_RUNTIME_STATE_DIR_H
#define PX_RUNTIME_STATE_DIR_H

#include <stdbool.h>

#include "runtime/runtime.h"
#include "spec/config.h"
#include "spec/state.h"
#include "util/error.h"

#define RT_STATE_FILE "state.json"
#define RT_EXEC_FIFO "exec.fifo"
/* What a create is about to make, saved before it makes it (the record's format,
 * status "creating"): the cgroup path before the cgroup exists, the init's pid
 * and start time as soon as it is cloned. A create killed at any instant leaves
 * enough for `delete -f` to kill and remove everything it made. */
#define RT_INTENT_FILE "intent.json"
/* The config.json text the container was created with, kept whole: runtime.md
 * forbids later edits of the bundle's config to affect the container, and the
 * bundle may be gone. exec takes the container's settings (and, without
 * --process, the process) from it; start and delete its hooks. */
#define RT_CONFIG_FILE "config.json"

struct rt_container {
	int dir_fd;             /* <root>/<id>, O_DIRECTORY */
	char *dir;              /* its path */
	struct spec_state st;   /* the record; st.status is the *computed* status after rt_container_load */
};

/* --root, or the default /run/pidbox. */
const char *rt_state_root(const struct rt_global *g);

/* Create <root>/<id> (and <root>); EEXIST → "container <id> already exists". The
 * directory stays locked (exclusive) until rt_container_unlock(), so no other
 * command acts on a container that is still being created. */
int rt_container_claim(const struct rt_global *g, const char *id, struct rt_container *out,
                       struct px_error *err);
void rt_container_unlock(struct rt_container *ct);
/* Open and read the record, lock it (exclusive when `exclusive`), and compute the
 * live status. ENOENT → "container <id> does not exist". */
int rt_container_load(const struct rt_global *g, const char *id, bool exclusive,
                      struct rt_container *out, struct px_error *err);
int rt_container_save(struct rt_container *ct, struct px_error *err);
/* Like rt_container_load, without taking the lock (state, list): never waits.
 * Reads only what those show (spec_state_parse_view): no cgroup ownership list. */
int rt_container_peek(const struct rt_global *g, const char *id, struct rt_container *out,
                      struct px_error *err);
/* Lock exclusively and read only the intent record (status "creating"): `delete
 * -f` of a container whose state.json cannot be read. No intent: only id set. */
int rt_container_load_intent(const struct rt_global *g, const char *id, struct rt_container *out,
                             struct px_error *err);
/* The intent record as create keeps it open: made once (O_EXCL: the directory is
 * new), then rewritten in place, never through a temp file and a rename (each
 * file made costs ~0.7 ms where the state root is on ext4, and create saves its
 * intent up to 4 times). fd -1 until the first save; len is what was written. */
struct rt_intent {
	int fd;
	size_t len;
	char *text; /* what was written last: the same record is not written again */
};
/* Save intent into ct's directory. Each rewrite is one pwrite at offset 0, padded
 * with spaces to the previous length (JSON allows trailing white space) so the
 * file is never truncated: a create killed at any instant leaves either the
 * previous record or the new one, whole. Readers that could see a rewrite half
 * done take no lock (list, state) and show "creating" either way; delete takes
 * the directory's lock, so it reads only once create is gone. The same record
 * as the last one (the cgroup directories made being those named before) is
 * not written again. */
int rt_container_save_intent(struct rt_container *ct, struct rt_intent *in, const struct spec_state *intent,
                             struct px_error *err);
/* Keep the config text (RT_CONFIG_FILE): one file more per create (callgrind:
 * +0.2% of create's instructions; the kernel's file creation is the cost). */
int rt_container_save_config(struct rt_container *ct, const char *json, size_t len, struct px_error *err);
/* Parse the kept config; *out NULL when there is none (a container created
 * before it was always kept, without hooks). */
int rt_container_load_config(struct rt_container *ct, struct spec_config **out, struct px_error *err);
/* Remove the directory and everything in it. */
int rt_container_remove(const struct rt_global *g, struct rt_container *ct, struct px_error *err);
void rt_container_release(struct rt_container *ct);

/* Status now: creating / created / running / stopped / paused, from the record,
 * whether the init is still the same live process (pid + start time, zombies
 * count as dead) and whether the exec fifo still exists. An error when /proc
 * cannot say whether the init lives (never guessed as "stopped"). */
int rt_container_status(struct rt_container *ct, const char **status, struct px_error *err);

/* A pidfd for the container's init, checked to still be the same process (start
 * time matches the record): no pid-reuse race. ESRCH when it is gone. */
int rt_container_pidfd(struct rt_container *ct, struct px_error *err);

/* --pid-file: the pid, written atomically (an engine polling for the file never
 * reads it half-written) through a new temp file (O_EXCL). */
int rt_write_pid_file(const char *path, pid_t pid, struct px_error *err);

/* The id rules of runc: non-empty, [A-Za-z0-9_+.-], not "." or "..", ≤ 1024. */
int rt_validate_id(const char *id, struct px_error *err);

#endif
