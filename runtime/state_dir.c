#include "runtime/state_dir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "ns/clone.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/proc.h"

int rt_validate_id(const char *id, struct px_error *err)
{
	size_t len = id ? strlen(id) : 0;

	if (len == 0)
		return px_err(err, 0, "container id must not be empty");
	if (len > 1024)
		return px_err(err, 0, "container id is longer than 1024 characters");
	if (!strcmp(id, ".") || !strcmp(id, ".."))
		return px_err(err, 0, "invalid container id \"%s\"", id);
	for (const char *p = id; *p; p++) {
		char ch = *p;
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		          ch == '_' || ch == '+' || ch == '-' || ch == '.';
		if (!ok)
			return px_err(err, 0, "invalid container id \"%s\": only letters, digits and _ + - . are allowed", id);
	}
	return 0;
}

const char *rt_state_root(const struct rt_global *g)
{
	return g->root ? g->root : PX_DEFAULT_ROOT;
}

/* Is the directory we opened still the one at its path? */
static bool still_linked(const struct rt_container *ct)
{
	struct stat held, now;

	errno = 0;
	return fstat(ct->dir_fd, &held) == 0 && stat(ct->dir, &now) == 0 && held.st_dev == now.st_dev &&
	       held.st_ino == now.st_ino;
}

int rt_container_claim(const struct rt_global *g, const char *id, struct rt_container *out,
                       struct px_error *err)
{
	memset(out, 0, sizeof *out);
	out->dir_fd = -1;
	if (rt_validate_id(id, err) < 0)
		return -1;
	if (px_mkdir_p(rt_state_root(g), 0700, err) < 0)
		return px_err_prefix(err, "state root");
	out->dir = px_asprintf("%s/%s", rt_state_root(g), id);
	if (mkdir(out->dir, 0700) < 0) {
		int e = errno;
		free(out->dir);
		out->dir = NULL;
		if (e == EEXIST)
			return px_err_plain(err, EEXIST, "container with id \"%s\" already exists", id);
		return px_err(err, e, "mkdir %s/%s", rt_state_root(g), id);
	}
	out->dir_fd = open(out->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (out->dir_fd < 0) {
		int e = errno;
		rmdir(out->dir);
		px_err(err, e, "open %s", out->dir);
		free(out->dir);
		out->dir = NULL;
		return -1;
	}
	/* Held until the record is saved (rt_container_unlock): other commands wait
	 * instead of acting on a half-made container. A `delete` that slipped in
	 * between our mkdir and this lock has removed the directory: check. */
	if (flock(out->dir_fd, LOCK_EX) < 0 || !still_linked(out)) {
		int e = errno;
		rt_container_release(out);
		return px_err_plain(err, e ? e : ENOENT, "container \"%s\" was deleted while being created", id);
	}
	return 0;
}

void rt_container_unlock(struct rt_container *ct)
{
	flock(ct->dir_fd, LOCK_UN);
}

static int open_dir(const struct rt_global *g, const char *id, struct rt_container *out, struct px_error *err)
{
	memset(out, 0, sizeof *out);
	out->dir_fd = -1;
	if (rt_validate_id(id, err) < 0)
		return -1;
	out->dir = px_asprintf("%s/%s", rt_state_root(g), id);
	out->dir_fd = open(out->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (out->dir_fd < 0) {
		int e = errno;
		rt_container_release(out);
		if (e == ENOENT)
			return px_err_plain(err, ENOENT, "container \"%s\" does not exist", id);
		return px_err(err, e, "open %s/%s", rt_state_root(g), id);
	}
	return 0;
}

static int lock_dir(const struct rt_global *g, const char *id, bool exclusive, struct rt_container *ct,
                    struct px_error *err)
{
	if (flock(ct->dir_fd, exclusive ? LOCK_EX : LOCK_SH) < 0) {
		int e = errno;
		rt_container_release(ct);
		return px_err(err, e, "lock %s/%s", rt_state_root(g), id);
	}
	/* While we waited for the lock, the holder may have removed the directory
	 * (a failed create, a delete), and a new create may have claimed the id:
	 * what we locked must still be what the path names. */
	if (!still_linked(ct)) {
		rt_container_release(ct);
		return px_err_plain(err, ENOENT, "container \"%s\" does not exist", id);
	}
	return 0;
}

/* A directory without a record is a create still under way, or one killed
 * before it finished: "creating", with what its intent record says it made. */
static void load_creating(const char *id, struct rt_container *ct)
{
	_cleanup_free_ char *json = NULL;
	size_t len;
	struct px_error e;

	if (px_read_regular_at(ct->dir_fd, RT_INTENT_FILE, O_NOFOLLOW, PX_INPUT_MAX, &json, &len, &e) < 0 ||
	    spec_state_parse_record(json, len, &ct->st, &e) < 0) {
		memset(&ct->st, 0, sizeof ct->st);
		ct->st.id = px_xstrdup(id);
		ct->st.oci_version = px_xstrdup(SPEC_OCI_VERSION);
	}
	free(ct->st.status);
	ct->st.status = px_xstrdup("creating");
}

/* view: only what `state` and `list` show (spec_state_parse_view), not the
 * whole record a command that acts on the container needs. */
static int read_record(const struct rt_global *g, const char *id, bool view, struct rt_container *out,
                       struct px_error *err)
{
	_cleanup_free_ char *json = NULL;
	size_t len;
	const char *now;

	/* pidbox's own file: never follow a symlink planted in its place, and never read
	 * what is not a plain file (its bytes could end up quoted in a JSON error) */
	if (px_read_regular_at(out->dir_fd, RT_STATE_FILE, O_NOFOLLOW, PX_INPUT_MAX, &json, &len, err) < 0) {
		if (err->code == ENOENT) {
			load_creating(id, out);
			return 0;
		}
		rt_container_release(out);
		return px_err_prefix(err, "container \"%s\"", id);
	}
	if ((view ? spec_state_parse_view : spec_state_parse_record)(json, len, &out->st, err) < 0) {
		rt_container_release(out);
		return px_err_prefix(err, "%s/%s/%s", rt_state_root(g), id, RT_STATE_FILE);
	}
	if (rt_container_status(out, &now, err) < 0) {
		rt_container_release(out);
		return px_err_prefix(err, "container \"%s\"", id);
	}
	if (!out->st.status || strcmp(out->st.status, now)) {
		free(out->st.status);
		out->st.status = px_xstrdup(now);
	}
	return 0;
}

int rt_container_load(const struct rt_global *g, const char *id, bool exclusive,
                      struct rt_container *out, struct px_error *err)
{
	if (open_dir(g, id, out, err) < 0 || lock_dir(g, id, exclusive, out, err) < 0)
		return -1;
	return read_record(g, id, false, out, err);
}

/* No lock: the record is only ever replaced whole (rename), so reading it needs
 * none, and a create holding its lock through long hooks cannot stall a view. */
int rt_write_pid_file(const char *path, pid_t pid, struct px_error *err)
{
	char buf[32];
	int n = snprintf(buf, sizeof buf, "%d", (int)pid);

	if (px_write_file_atomic_at(AT_FDCWD, path, buf, (size_t)n, 0644, err) < 0)
		return px_err_prefix(err, "--pid-file");
	return 0;
}

int rt_container_peek(const struct rt_global *g, const char *id, struct rt_container *out,
                      struct px_error *err)
{
	if (open_dir(g, id, out, err) < 0)
		return -1;
	return read_record(g, id, true, out, err);
}

int rt_container_load_intent(const struct rt_global *g, const char *id, struct rt_container *out,
                             struct px_error *err)
{
	if (open_dir(g, id, out, err) < 0 || lock_dir(g, id, true, out, err) < 0)
		return -1;
	load_creating(id, out);
	return 0;
}

int rt_container_save_intent(struct rt_container *ct, struct rt_intent *in, const struct spec_state *intent,
                             struct px_error *err)
{
	_cleanup_free_ char *json = spec_state_to_record_json(intent);
	size_t len = strlen(json), own = len, done = 0;

	if (in->text && !strcmp(in->text, json))
		return 0;
	if (in->fd < 0) {
		in->fd = openat(ct->dir_fd, RT_INTENT_FILE, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (in->fd < 0)
			return px_err(err, errno, "save what create is about to make: create %s", RT_INTENT_FILE);
		in->len = 0;
	}
	if (len < in->len) {
		json = px_xrealloc(json, in->len + 1);
		memset(json + len, ' ', in->len - len);
		len = in->len;
	}
	while (done < len) {
		ssize_t n = pwrite(in->fd, json + done, len - done, (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return px_err(err, n < 0 ? errno : EIO, "save what create is about to make: write %s",
			              RT_INTENT_FILE);
		done += (size_t)n;
	}
	in->len = len;
	free(in->text);
	json[own] = '\0'; /* the record without its padding */
	in->text = px_steal_ptr(&json);
	return 0;
}

int rt_container_save(struct rt_container *ct, struct px_error *err)
{
	_cleanup_free_ char *json = spec_state_to_record_json(&ct->st);
	/* Atomic, not fsynced: the record describes live processes, which a machine
	 * crash ends too, and a record torn by one is what `list` warns about and
	 * `delete -f` undoes from the intent record. A flush costs ~0.6 ms per create
	 * where the state root is on disk (it is a tmpfs on most hosts). */
	if (px_write_file_atomic_at(ct->dir_fd, RT_STATE_FILE, json, strlen(json), 0600, err) < 0)
		return px_err_prefix(err, "save state");
	return 0;
}

int rt_container_save_config(struct rt_container *ct, const char *json, size_t len, struct px_error *err)
{
	/* Written in place, not through a temp file and a rename (a journalled
	 * metadata change less per create): the file is new in a directory that is
	 * ours and locked, and it is read only once state.json, written after it,
	 * says the container exists. A create killed halfway leaves a torn copy
	 * only for `delete -f`, which then warns that the poststop hooks could not
	 * be read. */
	_cleanup_close_ int fd = openat(ct->dir_fd, RT_CONFIG_FILE, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	                                0600);

	if (fd < 0 || px_write_all(fd, json, len) < 0)
		return px_err(err, errno, "keep config.json in the state dir");
	return 0;
}

int rt_container_load_config(struct rt_container *ct, struct spec_config **out, struct px_error *err)
{
	_cleanup_free_ char *text = NULL;
	size_t len;

	*out = NULL;
	/* pidbox's own copy, like state.json: no symlink, nothing but a plain file */
	if (px_read_regular_at(ct->dir_fd, RT_CONFIG_FILE, O_NOFOLLOW, PX_INPUT_MAX, &text, &len, err) < 0)
		return err->code == ENOENT ? 0 : -1;
	if (spec_parse_config(text, len, out, err) < 0)
		return px_err_prefix(err, "%s/%s", ct->dir, RT_CONFIG_FILE);
	return 0;
}

int rt_container_remove(const struct rt_global *g, struct rt_container *ct, struct px_error *err)
{
	const char *slash;
	_cleanup_close_ int root_fd = -1;

	if (!ct->dir)
		return 0;
	slash = strrchr(ct->dir, '/');
	root_fd = open(rt_state_root(g), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root_fd < 0)
		return px_err(err, errno, "open %s", rt_state_root(g));
	if (px_rm_rf_at(root_fd, slash ? slash + 1 : ct->dir, err) < 0)
		return px_err_prefix(err, "remove state");
	return 0;
}

void rt_container_release(struct rt_container *ct)
{
	if (ct->dir_fd >= 0)
		close(ct->dir_fd);
	ct->dir_fd = -1;
	free(ct->dir);
	ct->dir = NULL;
	spec_state_free(&ct->st);
	memset(&ct->st, 0, sizeof ct->st);
}

/* The record's pid is the init only while its start time matches: a later process
 * that happens to get the same pid is somebody else's. A zombie counts as gone.
 * 1: alive, 0: gone for sure, -1 (err set): cannot tell. Only a definite answer
 * may make a container "stopped": a delete acts on it. */
static int init_alive(const struct rt_container *ct, struct px_error *err)
{
	struct px_proc_stat ps;

	if (ct->st.pid <= 0)
		return 0;
	if (px_proc_read_stat(ct->st.pid, &ps, err) < 0) {
		int fd;
		if (err->code == ESRCH)
			return 0;
		/* /proc failed us (EMFILE, ENOMEM, a hidepid mount...): ask the kernel
		 * directly whether any process has that pid. */
		fd = px_pidfd_open(ct->st.pid);
		if (fd < 0 && errno == ESRCH)
			return 0;
		if (fd >= 0)
			close(fd);
		return px_err_prefix(err, "cannot tell whether its process %d is alive", (int)ct->st.pid);
	}
	return ps.start_time == ct->st.init_start_time && ps.state != 'Z' && ps.state != 'X';
}

/* Paused is the cgroup's state (v2 "frozen 1", v1 freezer not THAWED), as runc
 * reports it, not a record kept beside it that could disagree. */
static bool cgroup_frozen(struct rt_container *ct)
{
	struct px_error e;
	bool frozen = false;

	if (!ct->st.cgroup_path || cg_path_is_frozen(ct->st.cgroup_path, &frozen, &e) < 0)
		return false;
	return frozen;
}

int rt_container_status(struct rt_container *ct, const char **status, struct px_error *err)
{
	int alive;

	if (ct->st.status && !strcmp(ct->st.status, "creating")) {
		*status = "creating";
		return 0;
	}
	alive = init_alive(ct, err);
	if (alive < 0)
		return -1;
	if (!alive)
		*status = "stopped";
	else if (faccessat(ct->dir_fd, RT_EXEC_FIFO, F_OK, 0) == 0)
		*status = "created";
	else
		*status = cgroup_frozen(ct) ? "paused" : "running";
	return 0;
}

int rt_container_pidfd(struct rt_container *ct, struct px_error *err)
{
	int fd, alive;

	if (ct->st.pid <= 0)
		return px_err_plain(err, ESRCH, "container has no process");
	fd = ns_pidfd_open(ct->st.pid, err);
	if (fd < 0)
		return -1;
	/* Check after opening: from now on the pidfd pins this exact process, so if
	 * the record still names a live init, this pidfd is that init. */
	alive = init_alive(ct, err);
	if (alive <= 0) {
		close(fd);
		if (alive < 0)
			return -1;
		return px_err_plain(err, ESRCH, "container process %d has exited", (int)ct->st.pid);
	}
	return fd;
}
