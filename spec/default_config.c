/* spec/default_config.c — the config.json `pidbox spec` writes.
 *
 * The same container `runc spec` describes, so tutorials written for runc work,
 * with these differences: hostname "pidbox"; no ambient capabilities (runc 1.2+
 * dropped them: without inheritable ones the kernel refuses them anyway).
 * As runc: terminal true (so a --console-socket an engine passes is accepted);
 * linux.resources holds the deny-all device rule only (rootless: none, as
 * runc --rootless, which cannot own a device cgroup); a cgroup namespace only
 * when the caller says the host is pure cgroup v2, as runc adds one only there
 * (on a v1/hybrid host a v1 cgroup mount in a cgroup namespace is not what runc's
 * users get). */
#include <stdbool.h>
#include <unistd.h>

#include "spec/config.h"
#include "spec/json_gen.h"

static const char *const caps[] = { "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE", NULL };

static const char *const masked_paths[] = {
	"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
	"/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi", NULL,
};

static const char *const readonly_paths[] = {
	"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger", NULL,
};

static void gen_process(yajl_gen g)
{
	static const char *const args[] = { "sh", NULL };
	static const char *const env[] = {
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", NULL,
	};
	static const char *const sets[] = { "bounding", "effective", "permitted" };

	spec_gen_kmap(g, "process");
	spec_gen_kbool(g, "terminal", true);
	spec_gen_kmap(g, "user");
	spec_gen_kint(g, "uid", 0);
	spec_gen_kint(g, "gid", 0);
	yajl_gen_map_close(g);
	spec_gen_kstrv(g, "args", args);
	spec_gen_kstrv(g, "env", env);
	spec_gen_kstr(g, "cwd", "/");
	spec_gen_kmap(g, "capabilities");
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
		spec_gen_kstrv(g, sets[i], caps);
	yajl_gen_map_close(g);
	spec_gen_karray(g, "rlimits");
	yajl_gen_map_open(g);
	spec_gen_kstr(g, "type", "RLIMIT_NOFILE");
	spec_gen_kint(g, "hard", 1024);
	spec_gen_kint(g, "soft", 1024);
	yajl_gen_map_close(g);
	yajl_gen_array_close(g);
	spec_gen_kbool(g, "noNewPrivileges", true);
	yajl_gen_map_close(g);
}

static void gen_mount(yajl_gen g, const char *dest, const char *type, const char *source,
                      const char *const *options)
{
	yajl_gen_map_open(g);
	spec_gen_kstr(g, "destination", dest);
	spec_gen_kstr(g, "type", type);
	spec_gen_kstr(g, "source", source);
	if (options)
		spec_gen_kstrv(g, "options", options);
	yajl_gen_map_close(g);
}

static void gen_mounts(yajl_gen g, bool rootless)
{
	static const char *const dev[] = { "nosuid", "strictatime", "mode=755", "size=65536k", NULL };
	/* gid=5 names the host's tty group, which a rootless user namespace does not
	 * map, so the rootless variant leaves it out (as runc does). */
	static const char *const pts[] = { "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5", NULL };
	static const char *const pts_rootless[] = { "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", NULL };
	static const char *const shm[] = { "nosuid", "noexec", "nodev", "mode=1777", "size=65536k", NULL };
	static const char *const mqueue[] = { "nosuid", "noexec", "nodev", NULL };
	static const char *const sys[] = { "nosuid", "noexec", "nodev", "ro", NULL };
	static const char *const sys_rootless[] = { "rbind", "nosuid", "noexec", "nodev", "ro", NULL };
	static const char *const cgroup[] = { "nosuid", "noexec", "nodev", "relatime", "ro", NULL };

	spec_gen_karray(g, "mounts");
	gen_mount(g, "/proc", "proc", "proc", NULL);
	gen_mount(g, "/dev", "tmpfs", "tmpfs", dev);
	gen_mount(g, "/dev/pts", "devpts", "devpts", rootless ? pts_rootless : pts);
	gen_mount(g, "/dev/shm", "tmpfs", "shm", shm);
	gen_mount(g, "/dev/mqueue", "mqueue", "mqueue", mqueue);
	/* Without its own network namespace a rootless container may not mount a
	 * fresh sysfs; it bind-mounts the host's read-only instead. */
	if (rootless)
		gen_mount(g, "/sys", "none", "/sys", sys_rootless);
	else
		gen_mount(g, "/sys", "sysfs", "sysfs", sys);
	gen_mount(g, "/sys/fs/cgroup", "cgroup", "cgroup", cgroup);
	yajl_gen_array_close(g);
}

static void gen_mapping(yajl_gen g, const char *key, unsigned host_id)
{
	spec_gen_karray(g, key);
	yajl_gen_map_open(g);
	spec_gen_kint(g, "containerID", 0);
	spec_gen_kint(g, "hostID", host_id);
	spec_gen_kint(g, "size", 1);
	yajl_gen_map_close(g);
	yajl_gen_array_close(g);
}

static void gen_linux(yajl_gen g, bool rootless, bool cgroup_ns)
{
	/* Rootless drops network (a new one would have no connectivity without a
	 * helper such as slirp4netns), as runc --rootless does. */
	const char *const namespaces[] = { "pid", rootless ? NULL : "network", "ipc", "uts", "mount",
	                                   cgroup_ns ? "cgroup" : NULL, rootless ? "user" : NULL };

	spec_gen_kmap(g, "linux");
	if (rootless) {
		/* The caller becomes root in the container: the one mapping an
		 * unprivileged process may write. */
		gen_mapping(g, "uidMappings", (unsigned)getuid());
		gen_mapping(g, "gidMappings", (unsigned)getgid());
	}
	if (!rootless) {
		/* runc's: say in the config what the device cgroup starts from */
		spec_gen_kmap(g, "resources");
		spec_gen_karray(g, "devices");
		yajl_gen_map_open(g);
		spec_gen_kbool(g, "allow", false);
		spec_gen_kstr(g, "access", "rwm");
		yajl_gen_map_close(g);
		yajl_gen_array_close(g);
		yajl_gen_map_close(g);
	}
	spec_gen_karray(g, "namespaces");
	for (size_t i = 0; i < sizeof namespaces / sizeof namespaces[0]; i++) {
		if (!namespaces[i])
			continue;
		yajl_gen_map_open(g);
		spec_gen_kstr(g, "type", namespaces[i]);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	spec_gen_kstrv(g, "maskedPaths", masked_paths);
	spec_gen_kstrv(g, "readonlyPaths", readonly_paths);
	yajl_gen_map_close(g);
}

char *spec_default_config_json(bool rootless, bool cgroup_ns)
{
	yajl_gen g = spec_gen_new("\t");

	yajl_gen_map_open(g);
	spec_gen_kstr(g, "ociVersion", SPEC_OCI_VERSION);
	gen_process(g);
	spec_gen_kmap(g, "root");
	spec_gen_kstr(g, "path", "rootfs");
	spec_gen_kbool(g, "readonly", true);
	yajl_gen_map_close(g);
	spec_gen_kstr(g, "hostname", "pidbox");
	gen_mounts(g, rootless);
	gen_linux(g, rootless, cgroup_ns);
	yajl_gen_map_close(g);
	return spec_gen_finish(g);
}
