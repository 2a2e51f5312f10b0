/* runtime/home_env.h — HOME for the container's process when process.env has none.
 *
 * runc sets HOME from the container's /etc/passwd entry for process.user.uid, else
 * "/", for the init and for every exec; Docker, buildah and containerd's CRI plugin
 * leave it to the runtime (`RUN echo x > ~/f`). The file is the image's, read as
 * an attacker's (runtime/user_db.h). Anything unreadable means "/", as with runc.
 */
#ifndef PX_RUNTIME_HOME_ENV_H
#define PX_RUNTIME_HOME_ENV_H

#include <sys/types.h>

#include "spec/config.h"

/* The caller must be in the container's mount namespace and root (pivot_root or
 * chroot done) and still able to read its /etc/passwd. Returns p->env itself when
 * it has a non-empty HOME, else a malloc'd copy (the strings shared) with HOME set;
 * never NULL. */
char **rt_env_with_home(const struct spec_process *p);

/* The home directory of uid in the passwd text (NUL-terminated): the first entry
 * with that uid, "/" when none or when its field is empty. Malloc'd. */
char *rt_passwd_home(const char *passwd, uid_t uid);

#endif
