#include "runtime/launch.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ns/clone.h"
#include "ns/netdev.h"
#include "ns/nsjoin.h"
#include "runtime/child.h"
#include "runtime/container_cgroup.h"
#include "runtime/engine_env.h"
#include "runtime/hooks.h"
#include "runtime/lsm.h"
#include "runtime/mount_sources.h"
#include "ns/rootfs.h"
#include "runtime/pidfd_socket.h"
#include "runtime/pidns_hop.h"
#include "runtime/init_mode.h"
#include "runtime/orphan.h"
#include "runtime/protocol.h"
#include "runtime/shared_mntns.h"
#include "runtime/seccomp.h"
#include "runtime/terminal.h"
#include "runtime/resources.h"
#include "runtime/rootless.h"
#include "spec/resources.h"
#include "spec/config.h"
#include "util/cleanup.h"
#include "util/fd.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/proc.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* Everything rt_launch builds, so one function can undo it on failure. */
struct launch_work {
	struct spec_config *config;
	char *config_json; /* the text config was parsed from, for the init's re-exec */
	size_t config_len;
	char *exe_target;  /* <state dir>/exe: the init binds the binary onto it read-only */
	char *bundle, *rootfs;
	int sync[2];
	int fifo_fd, proc_fd;
	int console_fd; /* connected --console-socket, -1: none */
	bool hooks_failed; /* a create hook failed: poststop hooks run after the cleanup */
	int init_mode; /* enum ns_init_mode, from the flags or the annotation */
};

static void work_free(struct launch_work *w)
{
	spec_config_free(w->config);
	free(w->config_json);
	free(w->exe_target);
	free(w->bundle);
	free(w->rootfs);
	for (int i = 0; i < 2; i++)
		if (w->sync[i] >= 0)
			close(w->sync[i]);
	if (w->fifo_fd >= 0)
		close(w->fifo_fd);
	if (w->proc_fd >= 0)
		close(w->proc_fd);
	if (w->console_fd >= 0)
		close(w->console_fd);
}

static char *now_rfc3339(void)
{
	struct timespec ts;
	struct tm tm;
	char buf[64];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	return px_asprintf("%s.%09ldZ", buf, ts.tv_nsec);
}

/* root.path must name the directory itself, not a symlink to it (runc refuses
 * one too): whoever can replace a symlink moves the container onto another tree
 * between our check and the mounts. */
static int rt_refuse_symlink_rootfs(char *path, struct px_error *err)
{
	struct stat st;
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/') /* "rootfs/" would follow the link */
		path[--n] = '\0';
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		return px_err(err, ELOOP, "config.json: root.path: %s is a symlink", path);
	return 0;
}

static int load_bundle(const struct rt_create_opts *o, struct launch_work *w, struct px_error *err)
{
	const char *b = o->bundle ? o->bundle : ".";
	char real[PATH_MAX];
	struct stat st;

	if (!realpath(b, real))
		return px_err(err, errno, "bundle %s", b);
	w->bundle = px_xstrdup(real);
	{
		/* config.json may be a symlink, as runc allows (it opens it like any file)
		 * and bundle tools make: the bundle is the caller's, so following the link
		 * reads nothing the caller could not name. What is checked is what it
		 * points to: a regular file, of bounded size (util/fs.h). */
		_cleanup_free_ char *path = px_asprintf("%s/config.json", w->bundle);
		if (px_read_regular_at(AT_FDCWD, path, 0, PX_INPUT_MAX, &w->config_json, &w->config_len, err) < 0)
			return px_err_prefix(err, "config.json");
		if (spec_parse_config(w->config_json, w->config_len, &w->config, err) < 0)
			return px_err_prefix(err, "config.json");
	}
	if (!w->config->has_process)
		return px_err(err, 0, "config.json: process: required to create a container");
	if (rt_lsm_check(&w->config->process, w->config->linux_.mount_label, err) < 0)
		return px_err_prefix(err, "config.json");
	if (rt_init_mode(o, w->config, &w->init_mode, err) < 0)
		return -1;
	if (rt_rootless_check_joins(w->config, err) < 0)
		return -1;
	/* without one: the runtime's, and nothing that needs a mount (shared_mntns.h) */
	if (rt_check_shared_mntns(w->config, err) < 0)
		return px_err_prefix(err, "config.json");
	{
		const char *root = w->config->root_path;
		_cleanup_free_ char *joined = root[0] == '/' ? px_xstrdup(root) : px_asprintf("%s/%s", w->bundle, root);
		if (rt_refuse_symlink_rootfs(joined, err) < 0)
			return -1;
		if (!realpath(joined, real))
			return px_err(err, errno, "config.json: root.path: %s", joined);
		if (stat(real, &st) < 0 || !S_ISDIR(st.st_mode))
			return px_err_plain(err, ENOTDIR, "config.json: root.path: %s is not a directory", real);
		w->rootfs = px_xstrdup(real);
	}
	return 0;
}

/* The fifo is world-writable (0622, like runc's) because the container's user,
 * possibly unprivileged, opens it for writing; only root can read it. */
static int make_fifo(struct rt_container *ct, struct launch_work *w, struct px_error *err)
{
	if (mkfifoat(ct->dir_fd, RT_EXEC_FIFO, 0600) < 0)
		return px_err(err, errno, "mkfifo %s/%s", ct->dir, RT_EXEC_FIFO);
	w->fifo_fd = openat(ct->dir_fd, RT_EXEC_FIFO, O_PATH | O_CLOEXEC);
	if (w->fifo_fd < 0)
		return px_err(err, errno, "open %s/%s", ct->dir, RT_EXEC_FIFO);
	if (fchmodat(ct->dir_fd, RT_EXEC_FIFO, 0622, 0) < 0)
		return px_err(err, errno, "chmod %s/%s", ct->dir, RT_EXEC_FIFO);
	/* The container's user must be able to reach the fifo through the dir too. */
	if (fchmod(ct->dir_fd, 0711) < 0)
		return px_err(err, errno, "chmod %s", ct->dir);
	{
		/* An empty, unexecutable file: it only becomes the binary inside the init's
		 * own mount namespace, read-only (runtime/init_reexec.h). */
		_cleanup_close_ int fd = openat(ct->dir_fd, "exe", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0400);
		if (fd < 0)
			return px_err(err, errno, "create %s/exe", ct->dir);
		w->exe_target = px_asprintf("%s/exe", ct->dir);
	}
	w->proc_fd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (w->proc_fd < 0)
		return px_err(err, errno, "open /proc");
	return 0;
}

/* process.terminal and --console-socket go together: without a socket the pty
 * master would have nowhere to go, and a socket without a terminal leaves an
 * engine waiting for a pty forever (runc refuses both the same way). */
static int open_console(const struct rt_create_opts *o, struct launch_work *w, struct rt_launch *l,
                        struct px_error *err)
{
	bool terminal = w->config->process.terminal;

	if (o->console_socket && !terminal)
		return px_err(err, 0, "--console-socket: given, but process.terminal is false in config.json");
	if (!terminal)
		return 0;
	/* A foreground run is its own engine: the master comes back to us. */
	if (!o->console_socket && o->monitor) {
		int sv[2];
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
			return px_err(err, errno, "process.terminal: socketpair");
		l->console_peer = sv[0];
		w->console_fd = sv[1];
		return 0;
	}
	if (!o->console_socket)
		return px_err(err, 0, "config.json: process.terminal: true needs --console-socket (the engine's "
		                      "socket that receives the pty master)");
	w->console_fd = rt_console_connect(o->console_socket, err);
	return w->console_fd < 0 ? -1 : 0;
}

static void fill_child_args(const struct rt_create_opts *o, struct launch_work *w,
                            struct rt_child_args *a, unsigned long *clone_flags)
{
	const struct spec_config *c = w->config;
	const struct spec_namespace *user = spec_find_namespace(c, CLONE_NEWUSER);
	const struct spec_namespace *pid = spec_find_namespace(c, CLONE_NEWPID);
	unsigned long fresh = ns_new_flags(c);

	memset(a, 0, sizeof *a);
	a->hop_procfs_fd = a->hop_tty_fd = -1;
	a->config = c;
	a->id = o->id;
	a->rootfs = w->rootfs;
	a->bundle = w->bundle;
	a->sync_fd = w->sync[1];
	a->fifo_fd = w->fifo_fd;
	a->host_proc_fd = w->proc_fd;
	a->preserve_fds = o->preserve_fds;
	a->console_fd = w->console_fd;
	a->no_pivot = o->no_pivot;
	a->no_new_keyring = o->no_new_keyring;
	a->exe_target = w->exe_target;
	a->init_mode = w->init_mode;
	a->monitor_pid = o->monitor ? getpid() : 0;
	a->runtime_root = geteuid() == 0;
	a->config_json = w->config_json;
	a->config_len = w->config_len;
	a->orphan = (struct rt_orphan_guard){ .parent = getpid(), .host_proc_fd = w->proc_fd };
	/* Made by the child itself: cgroup (after it is in its cgroup) and time (its
	 * offsets must be written before anyone enters it). */
	a->new_timens = (fresh & CLONE_NEWTIME) != 0;
	a->new_cgroupns = (fresh & CLONE_NEWCGROUP) != 0;
	fresh &= ~(unsigned long)(CLONE_NEWCGROUP | CLONE_NEWTIME);
	a->unshare_flags = 0;
	if (user && user->path) {
		/* Namespaces made after joining a user namespace must be owned by it, so
		 * the child makes them with unshare() once it has joined. */
		a->unshare_flags |= fresh;
		*clone_flags = 0;
	} else {
		a->new_userns = (fresh & CLONE_NEWUSER) != 0;
		/* (not for the hop: its maps are written later, runtime/pidns_hop.c) */
		a->dumpable_until_go = a->new_userns && geteuid() != 0 && !(pid && pid->path);
		*clone_flags = fresh;
	}
	/* A pid namespace by path: our child only hops into it to clone the init
	 * there, from the re-executed binary (runtime/pidns_hop.h). */
	a->pidns_hop = pid && pid->path;
	if (a->pidns_hop) {
		a->hop_clone_flags = *clone_flags;
		*clone_flags = 0;
	}
	a->cloned_mntns = (*clone_flags & CLONE_NEWNS) != 0;
}

static void kill_child(pid_t pid, int pidfd)
{
	if (pid <= 0)
		return;
	if (pidfd >= 0)
		ns_pidfd_send_signal(pidfd, SIGKILL, NULL);
	else
		kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

static int died_during_setup(struct rt_launch *l, struct px_error *err)
{
	return rt_died_during_setup(l->pidfd, "container process", &l->pid, err);
}

/* A send to the child failed. Either it failed before it needed our next word
 * (namespaces, sysctl) and its error is still queued on the socket and says why,
 * or it died without one (killed, crashed): say that, not "Broken pipe". */
static int child_gone(struct rt_launch *l, struct launch_work *w, struct px_error *err)
{
	struct px_error why = { 0 };

	if (rt_msg_expect(w->sync[0], RT_MSG_READY, &why) < 0 && why.code != ECONNRESET) {
		*err = why;
		return -1;
	}
	return died_during_setup(l, err);
}

/* The state hooks get during create: the record is not written yet. Borrowed
 * pointers only, nothing to free. */
static struct spec_state creating_state(const struct rt_create_opts *o, const struct launch_work *w,
                                        const struct rt_launch *l, const char *status)
{
	const struct spec_config *c = w->config;

	return (struct spec_state){ .oci_version = c->oci_version, .id = (char *)o->id, .status = (char *)status,
		                    .pid = l->pid, .bundle = w->bundle, .rootfs = w->rootfs,
		                    .annotations = c->annotations, .n_annotations = c->n_annotations };
}

/* The init stopped before pivot_root (RT_MSG_HOOKS): prestart and createRuntime
 * in our namespaces, createContainer in the container's (runtime/hooks.h). */
static int run_create_hooks(const struct rt_create_opts *o, struct launch_work *w, struct rt_launch *l,
                            struct px_error *err)
{
	struct spec_state st = creating_state(o, w, l, "creating");

	if (rt_msg_expect(w->sync[0], RT_MSG_HOOKS, err) < 0)
		return -1;
	if (rt_run_hooks(w->config, SPEC_HOOK_PRESTART, &st, -1, err) < 0 ||
	    rt_run_hooks(w->config, SPEC_HOOK_CREATE_RUNTIME, &st, -1, err) < 0 ||
	    rt_run_hooks(w->config, SPEC_HOOK_CREATE_CONTAINER, &st, l->pidfd, err) < 0) {
		w->hooks_failed = true;
		return -1;
	}
	if (rt_msg_send(w->sync[0], RT_MSG_HOOKS_DONE, err) < 0)
		return child_gone(l, w, err);
	return 0;
}

/* SCMP_ACT_NOTIFY: the init loaded its filter and sends us the listener, which
 * goes on to the seccomp agent at linux.seccomp.listenerPath. */
static int pass_seccomp_listener(const struct rt_create_opts *o, struct launch_work *w, struct rt_launch *l,
                                 struct px_error *err)
{
	struct spec_state st = creating_state(o, w, l, "creating");

	return rt_seccomp_relay_listener(w->sync[0], w->config->linux_.seccomp, &st, st.pid, err);
}

/* Before each thing create makes that outlives it (the cgroup, the init), the
 * intent record names it: a create killed at any instant leaves what `delete -f`
 * needs (runtime/state_dir.h). Before the cgroup exists, the directories cg_create
 * will make are counted as pidbox's (and only those: cgroup/cgroup.h
 * "ownership"); after, those it made; pid 0 until the init exists. */
static int save_intent(const struct rt_create_opts *o, const struct launch_work *w, struct rt_launch *l,
                       const char *cgroup_path, struct px_error *err)
{
	struct spec_state st = creating_state(o, w, l, "creating");
	int rc;

	st.cgroup_path = (char *)cgroup_path;
	st.owner = (char *)"";
	if (l->pid > 0) {
		struct px_proc_stat ps;
		if (px_proc_read_stat(l->pid, &ps, err) < 0)
			return px_err_prefix(err, "container process");
		st.init_start_time = ps.start_time;
	}
	if (l->cg) {
		rt_record_cgroup_ownership(&st, l->cg, l->pid);
	} else {
		st.cgroup_created = cg_would_create(cgroup_path, &st.n_cgroup_created, err);
		if (!st.cgroup_created)
			return -1;
		st.has_cgroup_created = true;
	}
	rc = rt_container_save_intent(&l->ct, &l->intent, &st, err);
	for (size_t i = 0; i < st.n_cgroup_created; i++)
		free(st.cgroup_created[i]);
	free(st.cgroup_created);
	return rc;
}

/* With a pid namespace joined by path, the child that did the setup and the
 * init it cloned are both in the cgroup for a moment (runtime/pidns_hop.h):
 * pids.limit is written once the child is gone, not before. */
static bool defers_pids_limit(const struct spec_config *c)
{
	const struct spec_namespace *pid = spec_find_namespace(c, CLONE_NEWPID);

	return pid && (pid->path || rt_pidns_new_in_joined_userns(c)) && c->linux_.resources &&
	       c->linux_.resources->has_pids_limit;
}

static int apply_resources(struct cg_handle *cg, struct spec_config *c, struct px_error *err)
{
	bool defer = defers_pids_limit(c);
	int rc;

	if (defer)
		c->linux_.resources->has_pids_limit = false;
	rc = rt_apply_resources(cg, c, err);
	if (defer)
		c->linux_.resources->has_pids_limit = true;
	return rc;
}

/* linux.netDevices, before "go": the interfaces are in the container's network
 * namespace before any of its setup (its sysctls may name them) and any hook.
 * The namespace is the joined one's path, or the one the clone made (a new one
 * made by the child's unshare, after joining a user namespace, is refused by
 * spec_check_net_devices). */
static int move_net_devices(const struct launch_work *w, const struct rt_launch *l, struct px_error *err)
{
	const struct spec_linux *lx = &w->config->linux_;
	const struct spec_namespace *net = spec_find_namespace(w->config, CLONE_NEWNET);
	_cleanup_close_ int fd = -1;
	char rel[32];

	if (!lx->n_net_devices)
		return 0;
	snprintf(rel, sizeof rel, "%d/ns/net", (int)l->pid);
	fd = net->path ? open(net->path, O_RDONLY | O_CLOEXEC) : openat(w->proc_fd, rel, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return px_err(err, errno, "config.json: linux.netDevices: open the network namespace %s",
		              net->path ? net->path : rel);
	if (ns_move_net_devices(fd, lx->net_devices, lx->n_net_devices, err) < 0)
		return px_err_prefix(err, "config.json");
	return 0;
}

/* The child cloned the init into the joined pid namespace and exits. */
static int adopt_init(struct launch_work *w, struct rt_launch *l, struct px_error *err)
{
	const struct spec_resources *r = w->config->linux_.resources;

	if (rt_pidns_hop_adopt(w->sync[0], &l->pid, &l->pidfd, err) < 0)
		return -1;
	if (defers_pids_limit(w->config)) {
		struct spec_resources pids = { .has_pids_limit = true, .pids_limit = r->pids_limit };
		if (cg_update(l->cg, &pids, err) < 0)
			return px_err_prefix(err, "config.json: linux.resources.pids");
	}
	return 0;
}

static int spawn(const struct rt_create_opts *o, struct launch_work *w, struct rt_launch *l,
                 struct px_error *err)
{
	struct rt_child_args a;
	unsigned long flags;
	bool in_cgroup = false;
	struct px_proc_stat ps;

	fill_child_args(o, w, &a, &flags);
	l->pid = ns_clone(flags, cg_enter_fd(l->cg), &l->pidfd, &in_cgroup, err);
	if (l->pid < 0)
		return px_err_prefix(err, "create the container process");
	if (l->pid == 0)
		rt_child_main(&a);
	close(w->sync[1]);
	w->sync[1] = -1;
	/* the child waits for "go": it cannot exec or die on its own before this */
	if (save_intent(o, w, l, cg_path(l->cg), err) < 0)
		return -1;
	if (!a.pidns_hop && ns_write_id_maps(l->pid, w->config, err) < 0)
		return px_err_prefix(err, "config.json");
	if (move_net_devices(w, l, err) < 0)
		return -1;
	if (rt_msg_send(w->sync[0], RT_MSG_GO, err) < 0)
		return child_gone(l, w, err);
	if (a.pidns_hop && a.new_userns && rt_pidns_hop_maps(w->sync[0], w->config, l->pid, err) < 0)
		return err->code == ECONNRESET ? died_during_setup(l, err) : -1;
	/* Moving a process between v1 cgroups waits for an RCU grace period in the
	 * kernel (measured ~10 ms here, the largest single cost of a `run`). The child
	 * re-execs and enters its namespaces meanwhile, and waits for "placed" only
	 * where it needs its cgroup. */
	if (!in_cgroup && cg_add_pid(l->cg, l->pid, err) < 0)
		return -1;
	if (rt_msg_send(w->sync[0], RT_MSG_PLACED, err) < 0)
		return child_gone(l, w, err);
	/* a new pid namespace in a joined user namespace: the init comes now */
	if (rt_pidns_new_in_joined_userns(w->config)) {
		if (adopt_init(w, l, err) < 0)
			return err->code == ECONNRESET ? died_during_setup(l, err) : -1;
		if (save_intent(o, w, l, cg_path(l->cg), err) < 0)
			return -1;
	}
	if (ns_config_mounts_from_host(w->config, a.runtime_root)) {
		struct rt_mount_sources ms = { .config = w->config, .rootfs = w->rootfs, .bundle = w->bundle,
			                       .sync_fd = w->sync[0], .proc_fd = w->proc_fd, .pid = l->pid,
			                       .pidfd = l->pidfd, .root = a.runtime_root };
		if (rt_mount_sources_serve(&ms, err) < 0)
			return err->code == ECONNRESET ? died_during_setup(l, err) : -1;
	}
	if (rt_has_create_hooks(w->config) && run_create_hooks(o, w, l, err) < 0) {
		if (err->code == ECONNRESET)
			return died_during_setup(l, err);
		return -1;
	}
	/* The listener is sent the moment the filter is loaded: with a joined pid
	 * namespace and no_new_privs off, by the setup child before it clones the
	 * init (runtime/pidns_hop.h), so it comes before the init's pidfd. */
	bool notify = w->config->linux_.seccomp && w->config->linux_.seccomp->uses_notify;
	bool listener_first = notify && a.pidns_hop && !w->config->process.no_new_privileges;
	if (listener_first && pass_seccomp_listener(o, w, l, err) < 0)
		return err->code == ECONNRESET ? died_during_setup(l, err) : -1;
	if (a.pidns_hop) {
		if (adopt_init(w, l, err) < 0)
			return err->code == ECONNRESET ? died_during_setup(l, err) : -1;
		/* the init is another process than the one cloned: record it */
		if (save_intent(o, w, l, cg_path(l->cg), err) < 0)
			return -1;
	}
	if (notify && !listener_first && pass_seccomp_listener(o, w, l, err) < 0)
		return err->code == ECONNRESET ? died_during_setup(l, err) : -1;
	if (rt_msg_expect(w->sync[0], RT_MSG_READY, err) < 0) {
		if (err->code == ECONNRESET)
			return died_during_setup(l, err);
		return -1;
	}
	if (px_proc_read_stat(l->pid, &ps, err) < 0)
		return px_err_prefix(err, "container process");
	l->ct.st.init_start_time = ps.start_time;
	return 0;
}

static int record_created(const struct rt_global *g, const struct rt_create_opts *o,
                          struct launch_work *w, struct rt_launch *l, struct px_error *err)
{
	struct spec_state *s = &l->ct.st;
	const struct spec_config *c = w->config;

	s->oci_version = px_xstrdup(c->oci_version);
	s->id = px_xstrdup(o->id);
	s->status = px_xstrdup("created");
	s->pid = l->pid;
	s->bundle = px_xstrdup(w->bundle);
	s->rootfs = px_xstrdup(w->rootfs);
	s->created = now_rfc3339();
	s->owner = px_xstrdup("");
	s->cgroup_path = px_xstrdup(cg_path(l->cg));
	s->ns_flags = ns_new_flags(c);
	s->use_init = w->init_mode != 0;
	s->rootless = g->rootless;
	if (geteuid() != 0) { /* runc's list names the state dir's owner: ours, not root */
		free(s->owner);
		s->owner = rt_user_name(geteuid());
	}
	rt_record_cgroup_ownership(s, l->cg, l->pid);
	if (c->n_annotations) {
		s->annotations = px_xcalloc(c->n_annotations, sizeof *s->annotations);
		for (size_t i = 0; i < c->n_annotations; i++) {
			s->annotations[i].key = px_xstrdup(c->annotations[i].key);
			s->annotations[i].value = px_xstrdup(c->annotations[i].value);
		}
		s->n_annotations = c->n_annotations;
	}
	s->hooks = spec_has_hooks(&c->hooks);
	s->hooks_known = true;
	if (rt_container_save_config(&l->ct, w->config_json, w->config_len, err) < 0 ||
	    rt_container_save(&l->ct, err) < 0)
		return -1;
	if (o->pid_file && rt_write_pid_file(o->pid_file, l->pid, err) < 0)
		return -1;
	if (o->pidfd_socket && rt_pidfd_socket_send(o->pidfd_socket, l->pidfd, RT_PIDFD_KIND_INIT, err) < 0)
		return -1;
	return 0;
}

int rt_launch(const struct rt_global *g, const struct rt_create_opts *o, struct rt_launch *l,
              struct px_error *err)
{
	struct launch_work w = { .sync = { -1, -1 }, .fifo_fd = -1, .proc_fd = -1, .console_fd = -1 };
	_cleanup_free_ char *cg_path_str = NULL;
	struct px_error ignored;
	bool claimed = false;
	/* socket activation: the LISTEN_FDS fds come first, then --preserve-fds */
	int listen_fds = rt_listen_fds();
	struct rt_create_opts with_listen = *o;

	with_listen.preserve_fds += listen_fds;
	o = &with_listen;

	memset(l, 0, sizeof *l);
	l->pidfd = -1;
	l->intent.fd = -1;
	l->ct.dir_fd = -1;
	l->console_peer = -1;
	/* Every fd we pass on must be one the caller passed us: a number it left
	 * free would be filled by one of ours (state dir, exec fifo, host /proc)
	 * and handed to the workload. Checked against what was open before pidbox
	 * opened anything (util/fd.h). */
	if (o->preserve_fds > px_fds_inherited())
		return px_err_plain(err, EBADF, "%s: fd %d was not passed by the caller (LISTEN_FDS %d, "
		                    "--preserve-fds %d)", listen_fds ? "LISTEN_FDS/--preserve-fds" : "--preserve-fds",
		                    3 + px_fds_inherited(), listen_fds, o->preserve_fds - listen_fds);
	if (load_bundle(o, &w, err) < 0)
		goto fail;
	/* Only now: while config.json was read, TERM/INT had to keep their default
	 * action (nothing is made yet), so that a read that hangs can be interrupted. */
	if (o->monitor) {
		sigset_t all;
		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, NULL);
	}
	if (open_console(o, &w, l, err) < 0)
		goto fail;
	if (rt_container_claim(g, o->id, &l->ct, err) < 0)
		goto fail;
	claimed = true;
	if (cg_resolve_path(w.config->linux_.cgroups_path, o->id, g->systemd_cgroup, &cg_path_str, err) < 0) {
		px_err_prefix(err, "config.json: linux.cgroupsPath");
		goto fail;
	}
	if (save_intent(o, &w, l, cg_path_str, err) < 0)
		goto fail;
	if ((g->rootless ? cg_create_rootless : cg_create)(cg_path_str, &l->cg, err) < 0) {
		/* a cgroup that is someone else's is the config's fault; a failed mkdir
		 * (a parent removed under us again and again, no memory) is not */
		if (err->code == EBUSY)
			px_err_prefix(err, "config.json: linux.cgroupsPath");
		goto fail;
	}
	if (save_intent(o, &w, l, cg_path_str, err) < 0)
		goto fail;
	if (apply_resources(l->cg, w.config, err) < 0)
		goto fail;
	if (make_fifo(&l->ct, &w, err) < 0)
		goto fail;
	if (rt_engine_env_apply(&l->ct, listen_fds, &w.config_json, &w.config_len, &w.config, err) < 0)
		goto fail;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, w.sync) < 0) {
		px_err(err, errno, "socketpair");
		goto fail;
	}
	if (spawn(o, &w, l, err) < 0 || record_created(g, o, &w, l, err) < 0 ||
	    rt_notify_start(&l->ct, l->pid, l->pidfd, err) < 0)
		goto fail;
	rt_container_unlock(&l->ct);
	/* state.json says it all from now on; a foreground run need not hold this */
	close(l->intent.fd);
	l->intent.fd = -1;
	work_free(&w);
	return 0;
fail:
	kill_child(l->pid, l->pidfd);
	l->pid = 0;
	if (l->cg && cg_destroy(l->cg, &ignored) < 0) {
		/* Keep the state dir: its intent record is what lets `delete -f` finish
		 * the job later; without it the cgroups would be nobody's. */
		px_warn("could not remove the container's cgroup (%s): `pidbox delete -f %s` will", ignored.msg,
		        o->id);
		claimed = false;
	}
	if (claimed)
		rt_container_remove(g, &l->ct, &ignored);
	/* runtime.md: a failed create hook stops the container, which is destroyed,
	 * and then the poststop hooks run. */
	if (w.hooks_failed) {
		struct spec_state st = creating_state(o, &w, l, "stopped");
		rt_run_poststop_hooks(w.config, &st);
	}
	rt_launch_release(l);
	work_free(&w);
	return -1;
}

void rt_launch_release(struct rt_launch *l)
{
	if (l->intent.fd >= 0)
		close(l->intent.fd);
	l->intent.fd = -1;
	free(l->intent.text);
	l->intent.text = NULL;
	if (l->console_peer >= 0)
		close(l->console_peer);
	l->console_peer = -1;
	if (l->pidfd >= 0)
		close(l->pidfd);
	l->pidfd = -1;
	if (l->cg)
		cg_close(l->cg);
	l->cg = NULL;
	rt_container_release(&l->ct);
}
