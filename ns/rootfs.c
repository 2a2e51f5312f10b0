/* ns/rootfs.c — ns_setup_rootfs(): the order of the steps, nothing else.
 * The steps themselves live in mounts.c, mount_cgroup.c, devices.c, masked.c and
 * pivot.c; see ns/rootfs.h for the contract.
 */
#include "ns/rootfs_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/log.h"

/* What the config mounts on /dev: decides who makes the default devices. */
enum ns_dev_kind { NS_DEV_IMAGE, NS_DEV_OWN_FS, NS_DEV_BIND };

static enum ns_dev_kind ns_config_dev(const struct spec_config *c)
{
	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct spec_mount *m = &c->mounts[i];

		if (!ns_dest_is_dev(m->destination))
			continue;
		if (m->type && strcmp(m->type, "bind") == 0)
			return NS_DEV_BIND;
		for (size_t o = 0; o < m->n_options; o++) {
			if (!strcmp(m->options[o], "bind") || !strcmp(m->options[o], "rbind"))
				return NS_DEV_BIND;
		}
		return NS_DEV_OWN_FS;
	}
	return NS_DEV_IMAGE;
}

/* The default devices are the runtime's to supply (config-linux.md) unless /dev is
 * a bind (the caller's /dev, runc's rule). With no mount on /dev they go into the
 * image's own /dev, made if missing (runc does the same); a /dev that is a symlink
 * is refused, before any mount: the nodes, and the mount points of /dev/pts and
 * the like, would land wherever it points. */
static int ns_check_image_dev(int rootfd, const struct spec_config *c, struct px_error *err)
{
	struct stat st;
	int r;

	if (ns_config_dev(c) != NS_DEV_IMAGE)
		return 0;
	r = ns_lstat_in_root(rootfd, "/dev", &st, err);
	if (r == 1 && S_ISLNK(st.st_mode))
		return px_err(err, ELOOP, "/dev in the rootfs is a symlink and no mount covers it: "
		                          "refusing to create the default devices through it");
	if (r == 1 && !S_ISDIR(st.st_mode))
		return px_err(err, ENOTDIR, "/dev in the rootfs is not a directory");
	return r < 0 ? -1 : 0;
}

static int ns_default_devices(int rootfd, const struct spec_config *c, bool in_userns,
                              struct px_error *err)
{
	if (ns_config_dev(c) == NS_DEV_BIND)
		return 0;
	if (ns_config_dev(c) == NS_DEV_IMAGE) {
		_cleanup_close_ int fd = ns_mkdir_in_root(rootfd, "/dev", err);

		if (fd < 0)
			return -1;
	}
	return ns_setup_default_devices(rootfd, in_userns, err);
}

/* Step 1: nothing we mount may propagate to the host. rslave (the default) still
 * lets host mounts appear in the container; "private" cuts both ways. A shared or
 * unbindable rootfsPropagation is applied to the new "/" only after pivot_root
 * (step 7): making the inherited mounts shared here would put them in the host's
 * peer groups. */
static int ns_isolate_root(const struct spec_config *c, struct px_error *err)
{
	unsigned long prop = c->linux_.rootfs_propagation & MS_PRIVATE ? MS_PRIVATE : MS_SLAVE;

	if (mount(NULL, "/", NULL, MS_REC | prop, NULL) < 0)
		return px_err(err, errno, "make / recursively %s",
		              prop == MS_PRIVATE ? "private" : "slave");
	return 0;
}

static int ns_mount_all(int rootfd, const struct spec_config *c, const char *bundle,
                        bool in_userns, struct px_error *err)
{
	if (ns_check_image_dev(rootfd, c, err) < 0)
		return -1;
	for (size_t i = 0; i < c->n_mounts; i++) {
		if (ns_mount_entry(rootfd, &c->mounts[i], i, bundle, err) < 0)
			return -1;
	}
	if (ns_default_devices(rootfd, c, in_userns, err) < 0)
		return -1;
	if (ns_create_devices(rootfd, c, in_userns, err) < 0)
		return -1;
	/* After every mount: a masked /proc/kcore must be the container's /proc's. */
	if (ns_mask_paths(rootfd, c, err) < 0 || ns_readonly_paths(rootfd, c, err) < 0)
		return -1;
	return 0;
}

/* Steps 6 and 7, inside the new root. */
static int ns_finish_root(const struct spec_config *c, struct px_error *err)
{
	if (c->root_readonly) {
		_cleanup_close_ int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);

		if (fd < 0)
			return px_err(err, errno, "open /");
		if (ns_remount_bind("/", fd, MS_RDONLY, err) < 0)
			return px_err_prefix(err, "root.readonly");
	}
	if (c->linux_.rootfs_propagation &&
	    mount(NULL, "/", NULL, c->linux_.rootfs_propagation, NULL) < 0)
		return px_err(err, errno, "rootfsPropagation %#lx on /", c->linux_.rootfs_propagation);
	return 0;
}

int ns_setup_rootfs(const struct spec_config *c, const char *rootfs, const char *bundle,
                    bool no_pivot, bool in_userns, struct px_error *err)
{
	return ns_setup_rootfs_with(c, rootfs, bundle, no_pivot, in_userns, NULL, NULL, err);
}

/* No mount namespace of its own (runtime/shared_mntns.h): the process is in the
 * runtime's, where nothing may be mounted (the config was checked to ask for no
 * mount). The devices are files made in the rootfs, resolved inside it; the root
 * is a chroot, as runc's without a mount namespace. */
static int ns_setup_rootfs_shared(const struct spec_config *c, const char *rootfs,
                                  ns_before_pivot_fn before_pivot, void *arg, struct px_error *err)
{
	_cleanup_close_ int rootfd = open(rootfs, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (rootfd < 0)
		return px_err(err, errno, "open rootfs %s", rootfs);
	if (ns_check_image_dev(rootfd, c, err) < 0 || ns_default_devices(rootfd, c, false, err) < 0 ||
	    ns_create_devices(rootfd, c, false, err) < 0)
		return -1;
	if (before_pivot && before_pivot(arg, err) < 0)
		return -1;
	px_debug("no mount namespace: chroot into %s", rootfs);
	if (fchdir(rootfd) < 0)
		return px_err(err, errno, "chdir %s", rootfs);
	if (chroot(".") < 0)
		return px_err(err, errno, "chroot %s", rootfs);
	if (chdir("/") < 0)
		return px_err(err, errno, "chdir /");
	return 0;
}

int ns_setup_rootfs_with(const struct spec_config *c, const char *rootfs, const char *bundle, bool no_pivot,
                         bool in_userns, ns_before_pivot_fn before_pivot, void *arg, struct px_error *err)
{
	_cleanup_close_ int rootfd = -1;

	if (!spec_has_namespace(c, CLONE_NEWNS))
		return ns_setup_rootfs_shared(c, rootfs, before_pivot, arg, err);
	if (ns_isolate_root(c, err) < 0)
		return -1;
	/* pivot_root and MS_MOVE both need the rootfs to be a mount point. */
	if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return px_err(err, errno, "bind rootfs %s onto itself", rootfs);
	rootfd = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return px_err(err, errno, "open rootfs %s", rootfs);
	ns_mounts_set_rootfs(rootfs);
	if (ns_mount_all(rootfd, c, bundle, in_userns, err) < 0)
		return -1;
	if (before_pivot && before_pivot(arg, err) < 0)
		return -1;
	if (ns_enter_rootfs(rootfs, no_pivot, err) < 0)
		return -1;
	return ns_finish_root(c, err);
}
