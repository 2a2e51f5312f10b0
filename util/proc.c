#include "util/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"

bool px_cap_effective(int cap)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { 0 };

	if (syscall(SYS_capget, &h, d) < 0)
		return true;
	return (d[CAP_TO_INDEX(cap)].effective & CAP_TO_MASK(cap)) != 0;
}

int px_pidfd_open(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	errno = ENOSYS;
	return -1;
#endif
}

/* The decimal number at *p (a '-' sign allowed), *p moved past it and one space
 * after. false when there is none. */
static bool stat_number(const char **p, bool *neg, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;

	*neg = *s == '-';
	s += *neg;
	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++)
		x = x * 10 + (uint64_t)(*s - '0');
	if (*s != ' ' && *s != '\n' && *s != '\0')
		return false;
	*p = s + (*s == ' ');
	*v = x;
	return true;
}

/* Read by hand, one read into the stack: this runs for every container of a
 * `list` (the init's liveness), where sscanf and a malloc'd whole-file read were
 * ~15k instructions and 2 syscalls of each container's ~100k and 13. */
int px_proc_read_stat(pid_t pid, struct px_proc_stat *out, struct px_error *err)
{
	char path[64], buf[4096];
	const char *p;
	uint64_t v = 0, ppid = 0;
	bool neg;
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return px_err(err, errno == ENOENT ? ESRCH : errno, "open %s", path);
	/* procfs makes the whole line at the first read; a line that fills the
	 * buffer is not one the kernel writes (52 numbers and a 16-byte comm) */
	do
		n = read(fd, buf, sizeof buf - 1);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0)
		return px_err(err, errno == ENOENT ? ESRCH : errno, "read %s", path);
	if ((size_t)n >= sizeof buf - 1)
		return px_err(err, EINVAL, "%s: unexpected format", path);
	buf[n] = '\0';
	/* comm (field 2) may contain spaces and ')': the fields resume after the last ')'. */
	p = strrchr(buf, ')');
	if (!p || p[1] != ' ' || !p[2] || p[3] != ' ')
		return px_err(err, EINVAL, "%s: unexpected format", path);
	out->state = p[2];
	p += 4;
	/* fields 4 (ppid) to 22 (starttime): numbers, each followed by one space */
	for (int field = 4; field <= 22; field++) {
		if (!stat_number(&p, &neg, &v))
			return px_err(err, EINVAL, "%s: unexpected format", path);
		if (field == 4)
			ppid = v;
	}
	out->ppid = (pid_t)ppid;
	out->start_time = v;
	return 0;
}
