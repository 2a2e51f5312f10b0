/* runtime/lsm.c — AppArmor and SELinux exec labels (see lsm.h). */
#include "runtime/lsm.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"

#define SELINUX_MAGIC 0xf97cff8c

bool rt_apparmor_enabled(void)
{
	_cleanup_free_ char *v = NULL;
	size_t len;
	struct px_error ignored;

	if (px_read_file("/sys/module/apparmor/parameters/enabled", &v, &len, &ignored) < 0)
		return false;
	return len > 0 && v[0] == 'Y';
}

bool rt_selinux_enabled(void)
{
	struct statfs fs;

	return statfs("/sys/fs/selinux", &fs) == 0 && (unsigned long)fs.f_type == SELINUX_MAGIC;
}

int rt_lsm_check(const struct spec_process *p, const char *mount_label, struct px_error *err)
{
	if (p->apparmor_profile && !rt_apparmor_enabled())
		return px_err(err, 0, "process.apparmorProfile: AppArmor is not enabled on this host "
		                      "(/sys/module/apparmor/parameters/enabled is not Y)");
	if (p->selinux_label && !rt_selinux_enabled())
		return px_err(err, 0, "process.selinuxLabel: SELinux is not enabled on this host (no selinuxfs)");
	if (mount_label && !rt_selinux_enabled())
		return px_err(err, 0, "linux.mountLabel: SELinux is not enabled on this host (no selinuxfs)");
	/* Labelling every mount (context=) is not written yet; refuse rather than
	 * leave the container's files unlabelled. */
	if (mount_label)
		return px_err(err, 0, "linux.mountLabel: not supported yet");
	return 0;
}

/* 0, -1 with err set when the write fails, or -2 with errno when the file does
 * not open (ENOENT: try the older file). */
static int write_attr(int proc_fd, const char *path, const char *value, const char *field, struct px_error *err)
{
	_cleanup_close_ int fd = openat(proc_fd, path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return -2;
	if (px_write_all(fd, value, strlen(value)) < 0)
		return px_err(err, errno, "%s: write \"%s\" to /proc/%s", field, value, path);
	return 0;
}

static int set_exec_attr(int proc_fd, const char *lsm_path, const char *value, const char *field,
                         struct px_error *err)
{
	int rc = lsm_path ? write_attr(proc_fd, lsm_path, value, field, err) : -2;

	/* Linux 5.8 gave each LSM its own attr directory; attr/exec is the shared
	 * file of older kernels (and SELinux's own). */
	if (rc == -2 && (!lsm_path || errno == ENOENT))
		rc = write_attr(proc_fd, "thread-self/attr/exec", value, field, err);
	if (rc == -2)
		return px_err(err, errno, "%s: open /proc/thread-self/attr/exec", field);
	return rc;
}

int rt_apply_lsm_exec(const struct spec_process *p, int proc_fd, struct px_error *err)
{
	if (p->apparmor_profile) {
		_cleanup_free_ char *cmd = px_asprintf("exec %s", p->apparmor_profile);
		if (set_exec_attr(proc_fd, "thread-self/attr/apparmor/exec", cmd, "process.apparmorProfile", err) < 0)
			return -1;
	}
	if (p->selinux_label && set_exec_attr(proc_fd, NULL, p->selinux_label, "process.selinuxLabel", err) < 0)
		return -1;
	return 0;
}
