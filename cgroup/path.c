/* cgroup/path.c — where a container's cgroup goes, as runc decides it. Pure: no file is
 * read here; the caller passes pidbox's own cgroup in when a relative path needs it. */
#include "cgroup/internal.h"

#include <string.h>

#include "util/cleanup.h"
#include "util/fs.h"

/* Normalise to "/a/b": empty and "." components dropped, ".." refused (a cgroupsPath
 * must not climb out of the place it names — runc refuses it too). */
int cg_clean_path(const char *in, char **out, struct px_error *err)
{
	size_t len = strlen(in);
	char *res = px_xmalloc(len + 2);
	size_t w = 0;

	for (const char *p = in; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && !strncmp(p, "..", 2)) {
			free(res);
			return px_err(err, 0, "cgroup path \"%s\" contains \"..\"", in);
		}
		if (n && !(n == 1 && *p == '.')) {
			res[w++] = '/';
			memcpy(res + w, p, n);
			w += n;
		}
		p += n;
		if (*p == '/')
			p++;
	}
	if (!w)
		res[w++] = '/';
	res[w] = '\0';
	*out = res;
	return 0;
}

/* "a-b.slice" → "/a.slice/a-b.slice", following systemd's unit naming rules for slices:
 * every dash opens a level; empty levels ("--", a leading or trailing dash) are invalid;
 * "-.slice" is the root slice. */
static int expand_slice(const char *slice, char **out, struct px_error *err)
{
	static const char suffix[] = ".slice";
	size_t len = strlen(slice), blen;
	char *res;
	size_t w = 0;

	if (len <= sizeof suffix - 1 || strcmp(slice + len - (sizeof suffix - 1), suffix) != 0 ||
	    strchr(slice, '/'))
		return px_err(err, 0, "invalid systemd slice \"%s\"", slice);
	if (!strcmp(slice, "-.slice")) {
		*out = px_xstrdup("");
		return 0;
	}
	blen = len - (sizeof suffix - 1);
	if (slice[0] == '-' || slice[blen - 1] == '-' || memmem(slice, blen, "--", 2))
		return px_err(err, 0, "invalid systemd slice \"%s\"", slice);
	/* at most one level per dash, each "/" + prefix + ".slice" */
	res = px_xmalloc((blen + 1) * (blen + sizeof suffix + 1) + 1);
	for (size_t i = 0; i <= blen; i++) {
		if (i == blen || slice[i] == '-') {
			res[w++] = '/';
			memcpy(res + w, slice, i);
			w += i;
			memcpy(res + w, suffix, sizeof suffix - 1);
			w += sizeof suffix - 1;
		}
	}
	res[w] = '\0';
	*out = res;
	return 0;
}

/* "slice:prefix:name" → "<expanded slice>/<prefix>-<name>.scope", the cgroupfs path
 * systemd would give the scope. pidbox does not talk to systemd (no D-Bus, no transient
 * unit): it only creates the directory where the unit would live, which is what the
 * engines that pass this form expect to find. As runc: an empty slice is system.slice,
 * and a name ending in ".slice" is used as the unit itself. */
int cg_systemd_path(const char *spec, char **out, struct px_error *err)
{
	_cleanup_free_ char *copy = px_xstrdup(spec);
	_cleanup_free_ char *expanded = NULL;
	char *slice = copy, *prefix, *name;
	size_t nlen;

	prefix = strchr(slice, ':');
	name = prefix ? strchr(prefix + 1, ':') : NULL;
	if (!name || strchr(name + 1, ':'))
		goto malformed;
	*prefix++ = '\0';
	*name++ = '\0';
	if (!*name || strchr(name, '/') || strchr(prefix, '/'))
		goto malformed;
	if (expand_slice(*slice ? slice : "system.slice", &expanded, err) < 0)
		return px_err_prefix(err, "cgroupsPath \"%s\"", spec);
	nlen = strlen(name);
	if (nlen > 6 && !strcmp(name + nlen - 6, ".slice")) {
		*out = px_asprintf("%s/%s", expanded, name);
		return 0;
	}
	if (!*prefix)
		goto malformed;
	*out = px_asprintf("%s/%s-%s.scope", expanded, prefix, name);
	return 0;
malformed:
	return px_err(err, 0, "cgroupsPath \"%s\" is not of the form \"slice:prefix:name\" (systemd cgroup)",
	              spec);
}

int cg_resolve_path_own(const char *cgroups_path, const char *id, bool systemd_cgroup,
                        const char *own_cgroup, char **out, struct px_error *err)
{
	_cleanup_free_ char *raw = NULL;
	_cleanup_free_ char *clean = NULL;
	bool absent = !cgroups_path || !*cgroups_path;

	if (systemd_cgroup) {
		_cleanup_free_ char *dflt = NULL;
		/* no cgroupsPath: a scope in system.slice named after pidbox and the container */
		if (absent)
			dflt = px_asprintf("system.slice:pidbox:%s", id);
		if (cg_systemd_path(absent ? dflt : cgroups_path, &raw, err) < 0)
			return -1;
	} else if (absent) {
		raw = px_asprintf("/pidbox/%s", id);
	} else if (cgroups_path[0] == '/') {
		raw = px_xstrdup(cgroups_path);
	} else {
		if (!own_cgroup)
			return px_err(err, 0, "relative cgroupsPath \"%s\" needs pidbox's own cgroup",
			              cgroups_path);
		raw = px_asprintf("%s/%s", own_cgroup, cgroups_path);
	}
	if (cg_clean_path(raw, &clean, err) < 0)
		return -1;
	/* The container's cgroup is killed and removed on delete: never let it be a root. */
	if (!strcmp(clean, "/"))
		return px_err(err, 0, "cgroup path \"%s\" is the root of the hierarchy",
		              absent ? "" : cgroups_path);
	*out = px_steal_ptr(&clean);
	return 0;
}
