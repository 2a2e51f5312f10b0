/* runtime/query.c — `pidbox state` and `pidbox list`: read-only views. They take
 * no lock (rt_container_peek): they answer at once even while a create runs its
 * hooks holding the container's lock. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/state_dir.h"
#include "util/fs.h"
#include "util/log.h"

int rt_state_json(const struct rt_global *g, const char *id, char **json, struct px_error *err)
{
	struct rt_container ct;

	if (rt_container_peek(g, id, &ct, err) < 0)
		return -1;
	*json = spec_state_to_oci_json(&ct.st);
	rt_container_release(&ct);
	return 0;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct spec_state *)a)->id, ((const struct spec_state *)b)->id);
}

int rt_list(const struct rt_global *g, struct spec_state **out, size_t *n, struct px_error *err)
{
	const char *root = rt_state_root(g);
	DIR *d = opendir(root);
	struct dirent *de;
	struct spec_state *v = NULL;
	size_t count = 0;

	*out = NULL;
	*n = 0;
	if (!d) {
		/* runc 1.2+'s rule: the default root may not exist yet (nothing was
		 * ever created), but a --root the caller names must: a typo there
		 * would otherwise look like "no containers" */
		if (errno == ENOENT && !g->root)
			return 0;
		return px_err(err, errno, "%s %s", g->root ? "--root" : "open", root);
	}
	while ((de = readdir(d))) {
		struct rt_container ct;
		struct px_error skip;
		if (de->d_name[0] == '.')
			continue;
		/* A container deleted while we list is simply not listed; one whose
		 * record cannot be read is said, not hidden (delete -f removes it). */
		if (rt_container_peek(g, de->d_name, &ct, &skip) < 0) {
			if (skip.code != ENOENT)
				px_warn("%s", skip.msg);
			continue;
		}
		v = px_xrealloc(v, (count + 1) * sizeof *v);
		v[count++] = ct.st;
		memset(&ct.st, 0, sizeof ct.st);
		rt_container_release(&ct);
	}
	closedir(d);
	if (count)
		qsort(v, count, sizeof *v, by_id);
	*out = v;
	*n = count;
	return 0;
}

void rt_list_free(struct spec_state *states, size_t n)
{
	for (size_t i = 0; i < n; i++)
		spec_state_free(&states[i]);
	free(states);
}
