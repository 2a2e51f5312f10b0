/* runtime/create.c — `pidbox create`: leave a container in "created", its init
 * waiting on the exec fifo, and exit. */
#include "runtime/launch.h"

int rt_create(const struct rt_global *g, const struct rt_create_opts *o, struct px_error *err)
{
	struct rt_launch l;

	if (rt_launch(g, o, &l, err) < 0)
		return -1;
	/* The init outlives us: it is reparented to the nearest subreaper. */
	rt_launch_release(&l);
	return 0;
}
