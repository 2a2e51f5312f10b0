/* runtime/stdio_owner.c — see stdio_owner.h. */
#include "runtime/stdio_owner.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

int rt_chown_stdio(uid_t uid, struct px_error *err)
{
	for (int fd = 0; fd <= 2; fd++) {
		struct stat st;

		if (fstat(fd, &st) < 0) {
			if (errno == EBADF)
				continue; /* a closed stdio stays closed */
			return px_err(err, errno, "stdio: fstat fd %d", fd);
		}
		if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || st.st_uid == uid)
			continue;
		if (fchown(fd, uid, (gid_t)-1) < 0 && errno != EINVAL && errno != EPERM && errno != EROFS)
			return px_err(err, errno, "stdio: chown fd %d to uid %u", fd, (unsigned)uid);
	}
	return 0;
}
