/* spec/parse_linux.c — the "linux" object of config.json (config-linux.md). */
#include <string.h>
#include <sys/stat.h>

#include "spec/json_walk.h"
#include "spec/names.h"
#include "spec/parse.h"
#include "spec/resources.h"
#include "util/fs.h"


/* Other linux members pidbox knows but does not implement yet. */
static const char *const linux_unsupported[] = {
	"intelRdt",
};

static int refuse_unsupported(yajl_val v, struct px_error *err)
{
	char path[SPEC_PATH_MAX];

	for (size_t i = 0; i < sizeof linux_unsupported / sizeof linux_unsupported[0]; i++)
		if (spec_json_refuse(spec_json_field(v, linux_unsupported[i]),
		                     spec_path_key(path, "linux", linux_unsupported[i]), err) < 0)
			return -1;
	return 0;
}

static int parse_namespace(yajl_val v, const char *path, struct spec_namespace *ns, struct px_error *err)
{
	yajl_val type, p;

	if (spec_json_need_object(v, path, err) < 0)
		return -1;
	type = spec_json_field(v, "type");
	if (!type || !YAJL_IS_STRING(type))
		return px_err(err, 0, "%s.type: required, must be a string", path);
	ns->type = spec_namespace_from_name(type->u.string);
	if (!ns->type) {
		char q[SPEC_QUOTE_MAX];
		return px_err(err, 0, "%s.type: unknown namespace type %s", path, spec_quote(q, type->u.string));
	}
	p = spec_json_field(v, "path");
	/* "" means "create one", as runc and crun read it. */
	if (!p || (YAJL_IS_STRING(p) && !p->u.string[0]))
		return 0;
	if (!YAJL_IS_STRING(p) || p->u.string[0] != '/')
		return px_err(err, 0, "%s.path: must be an absolute path", path);
	ns->path = px_xstrdup(p->u.string);
	return 0;
}

static int parse_namespaces(yajl_val v, struct spec_linux *l, struct px_error *err)
{
	char path[SPEC_PATH_MAX];

	if (!v)
		return 0;
	if (!YAJL_IS_ARRAY(v))
		return px_err(err, 0, "linux.namespaces: must be an array");
	l->namespaces = px_xcalloc(v->u.array.len, sizeof *l->namespaces);
	for (size_t i = 0; i < v->u.array.len; i++) {
		struct spec_namespace *ns = &l->namespaces[i];
		l->n_namespaces++;
		spec_path_idx(path, "linux.namespaces", i);
		if (parse_namespace(v->u.array.values[i], path, ns, err) < 0)
			return -1;
		for (size_t j = 0; j < i; j++)
			if (l->namespaces[j].type == ns->type)
				return px_err(err, 0, "%s.type: duplicate namespace type \"%s\"", path,
				              spec_namespace_name(ns->type));
	}
	return 0;
}

/* The kernel answers a bad uid_map write with a bare EINVAL from inside the
 * container's setup; these are the checks it makes that need no other state. */
static int check_mapping(const struct spec_id_mapping *m, const char *path, struct px_error *err)
{
	if (m->size == 0)
		return px_err(err, 0, "%s.size: must be at least 1", path);
	if ((uint64_t)m->container_id + m->size > (uint64_t)UINT32_MAX + 1 ||
	    (uint64_t)m->host_id + m->size > (uint64_t)UINT32_MAX + 1)
		return px_err(err, 0, "%s: the range goes past id 4294967295", path);
	return 0;
}

static int parse_mappings(yajl_val v, const char *name, struct spec_id_mapping **out, size_t *n,
                          struct px_error *err)
{
	char path[SPEC_PATH_MAX];

	return spec_parse_id_mappings(v, spec_path_key(path, "linux", name), out, n, err);
}

int spec_parse_id_mappings(yajl_val v, const char *path, struct spec_id_mapping **out, size_t *n,
                           struct px_error *err)
{
	char ip[SPEC_PATH_MAX], fp[SPEC_PATH_MAX];

	if (!v)
		return 0;
	if (!YAJL_IS_ARRAY(v))
		return px_err(err, 0, "%s: must be an array", path);
	/* Linux 4.15 raised the uid_map limit from 5 lines to 340. */
	if (v->u.array.len > SPEC_MAX_ID_MAPPINGS)
		return px_err(err, 0, "%s: at most %d mappings", path, SPEC_MAX_ID_MAPPINGS);
	*out = px_xcalloc(v->u.array.len, sizeof **out);
	*n = v->u.array.len;
	for (size_t i = 0; i < v->u.array.len; i++) {
		yajl_val m = v->u.array.values[i];
		struct spec_id_mapping *map = &(*out)[i];
		spec_path_idx(ip, path, i);
		if (spec_json_need_object(m, ip, err) < 0 ||
		    spec_json_u32(spec_json_field(m, "containerID"), spec_path_key(fp, ip, "containerID"),
		                  &map->container_id, err) < 0 ||
		    spec_json_u32(spec_json_field(m, "hostID"), spec_path_key(fp, ip, "hostID"), &map->host_id, err) < 0 ||
		    spec_json_u32(spec_json_field(m, "size"), spec_path_key(fp, ip, "size"), &map->size, err) < 0 ||
		    check_mapping(map, ip, err) < 0)
			return -1;
	}
	return 0;
}

/* fileMode is the permission bits; podman (like docker) passes the whole st_mode of
 * the host's device, file type included (8630 = S_IFCHR | 0666), which runc and crun
 * take. Type bits are accepted when they name the device's own type. */
static int check_device_file_mode(const struct spec_device *d, const char *path, struct px_error *err)
{
	mode_t want = d->type == 'b' ? S_IFBLK : d->type == 'p' ? S_IFIFO : S_IFCHR;
	mode_t fmt = d->file_mode & S_IFMT;

	if (d->file_mode & ~(uint32_t)(S_IFMT | 07777))
		return px_err(err, 0, "%s: %u is not a file mode", path, d->file_mode);
	if (fmt && fmt != want)
		return px_err(err, 0, "%s: file type bits 0%o do not match type \"%c\"", path, fmt, d->type);
	return 0;
}

static int parse_device(yajl_val v, const char *path, struct spec_device *d, struct px_error *err)
{
	char p[SPEC_PATH_MAX];
	yajl_val x = spec_json_field(v, "path"), type, major, minor;

	if (spec_json_need_object(v, path, err) < 0)
		return -1;
	if (!x)
		return px_err(err, 0, "%s.path: required", path);
	if (spec_json_abs_path(x, spec_path_key(p, path, "path"), &d->path, err) < 0)
		return -1;
	type = spec_json_field(v, "type");
	if (!type || !YAJL_IS_STRING(type) || strlen(type->u.string) != 1 || !strchr("cubp", type->u.string[0]))
		return px_err(err, 0, "%s.type: required, must be one of \"c\", \"u\", \"b\", \"p\"", path);
	d->type = type->u.string[0];
	/* A fifo has no device number; every other type needs both. */
	major = spec_json_field(v, "major");
	minor = spec_json_field(v, "minor");
	if (d->type != 'p' && (!major || !minor))
		return px_err(err, 0, "%s.%s: required for type \"%c\"", path, major ? "minor" : "major", d->type);
	if ((major && spec_json_i64(major, spec_path_key(p, path, "major"), &d->major, err) < 0) ||
	    (minor && spec_json_i64(minor, spec_path_key(p, path, "minor"), &d->minor, err) < 0))
		return -1;
	if (spec_check_dev_numbers(path, d->major, d->minor, false, err) < 0)
		return -1;
	if ((x = spec_json_field(v, "fileMode"))) {
		if (spec_json_u32(x, spec_path_key(p, path, "fileMode"), &d->file_mode, err) < 0 ||
		    check_device_file_mode(d, p, err) < 0)
			return -1;
		d->has_file_mode = true;
	}
	if ((x = spec_json_field(v, "uid"))) {
		if (spec_json_u32(x, spec_path_key(p, path, "uid"), &d->uid, err) < 0)
			return -1;
		d->has_uid = true;
	}
	if ((x = spec_json_field(v, "gid"))) {
		if (spec_json_u32(x, spec_path_key(p, path, "gid"), &d->gid, err) < 0)
			return -1;
		d->has_gid = true;
	}
	return 0;
}

static int parse_devices(yajl_val v, struct spec_linux *l, struct px_error *err)
{
	char path[SPEC_PATH_MAX];

	if (!v)
		return 0;
	if (!YAJL_IS_ARRAY(v))
		return px_err(err, 0, "linux.devices: must be an array");
	l->devices = px_xcalloc(v->u.array.len, sizeof *l->devices);
	for (size_t i = 0; i < v->u.array.len; i++) {
		l->n_devices++;
		if (parse_device(v->u.array.values[i], spec_path_idx(path, "linux.devices", i), &l->devices[i], err) < 0)
			return -1;
	}
	return 0;
}

static int parse_time_offset(yajl_val v, const char *path, struct spec_time_offset *t, struct px_error *err)
{
	char p[SPEC_PATH_MAX];
	yajl_val x;

	if (spec_json_need_object(v, path, err) < 0)
		return -1;
	t->present = true;
	if ((x = spec_json_field(v, "secs")) && spec_json_i64(x, spec_path_key(p, path, "secs"), &t->secs, err) < 0)
		return -1;
	if ((x = spec_json_field(v, "nanosecs"))) {
		if (spec_json_u32(x, spec_path_key(p, path, "nanosecs"), &t->nanosecs, err) < 0)
			return -1;
		if (t->nanosecs >= 1000000000u)
			return px_err(err, 0, "%s: must be less than 1000000000", p);
	}
	return 0;
}

static int parse_time_offsets(yajl_val v, struct spec_linux *l, struct px_error *err)
{
	char path[SPEC_PATH_MAX];

	if (!v)
		return 0;
	if (spec_json_need_object(v, "linux.timeOffsets", err) < 0)
		return -1;
	for (size_t i = 0; i < v->u.object.len; i++) {
		const char *k = v->u.object.keys[i];
		struct spec_time_offset *t = !strcmp(k, "boottime")    ? &l->time_boottime
		                             : !strcmp(k, "monotonic") ? &l->time_monotonic
		                                                       : NULL;
		spec_path_key(path, "linux.timeOffsets", k);
		/* The kernel's time namespace has exactly these two clocks; another key
		 * is a mistake, not an extension. */
		if (!t)
			return px_err(err, 0, "%s: unknown clock (only \"boottime\" and \"monotonic\")", path);
		if (parse_time_offset(v->u.object.values[i], path, t, err) < 0)
			return -1;
	}
	return 0;
}

static int parse_abs_paths(yajl_val v, const char *path, char ***out, size_t *n, struct px_error *err)
{
	char p[SPEC_PATH_MAX];

	if (spec_json_strv(v, path, out, n, err) < 0)
		return -1;
	for (size_t i = 0; i < *n; i++)
		if ((*out)[i][0] != '/')
			return px_err(err, 0, "%s: must be an absolute path", spec_path_idx(p, path, i));
	return 0;
}

static int parse_propagation(yajl_val v, struct spec_linux *l, struct px_error *err)
{
	if (!v)
		return 0;
	if (!YAJL_IS_STRING(v))
		return px_err(err, 0, "linux.rootfsPropagation: must be a string");
	if (!spec_propagation_from_name(v->u.string, &l->rootfs_propagation)) {
		char q[SPEC_QUOTE_MAX];
		return px_err(err, 0, "linux.rootfsPropagation: unknown value %s "
		                      "(shared, slave, private or unbindable)", spec_quote(q, v->u.string));
	}
	return 0;
}

int spec_parse_linux(yajl_val v, struct spec_linux *l, struct px_error *err)
{
	yajl_val x;

	if (!v)
		return 0;
	if (spec_json_need_object(v, "linux", err) < 0 || refuse_unsupported(v, err) < 0 ||
	    parse_namespaces(spec_json_field(v, "namespaces"), l, err) < 0 ||
	    parse_mappings(spec_json_field(v, "uidMappings"), "uidMappings", &l->uid_mappings, &l->n_uid_mappings,
	                   err) < 0 ||
	    parse_mappings(spec_json_field(v, "gidMappings"), "gidMappings", &l->gid_mappings, &l->n_gid_mappings,
	                   err) < 0 ||
	    parse_devices(spec_json_field(v, "devices"), l, err) < 0 ||
	    parse_propagation(spec_json_field(v, "rootfsPropagation"), l, err) < 0 ||
	    parse_abs_paths(spec_json_field(v, "maskedPaths"), "linux.maskedPaths", &l->masked_paths,
	                    &l->n_masked_paths, err) < 0 ||
	    parse_abs_paths(spec_json_field(v, "readonlyPaths"), "linux.readonlyPaths", &l->readonly_paths,
	                    &l->n_readonly_paths, err) < 0 ||
	    parse_time_offsets(spec_json_field(v, "timeOffsets"), l, err) < 0 ||
	    spec_parse_linux_extras(v, l, err) < 0)
		return -1;
	if ((x = spec_json_field(v, "cgroupsPath")) && spec_json_string(x, "linux.cgroupsPath", &l->cgroups_path, err) < 0)
		return -1;
	/* Which hierarchy can honour which field is cgroup/'s decision, at create. */
	if ((x = spec_json_field(v, "resources"))) {
		l->resources = px_xcalloc(1, sizeof *l->resources);
		if (spec_parse_resources(x, "linux.resources", l->resources, err) < 0)
			return -1;
	}
	return 0;
}

/* The rules config-linux.md states across sections. */
int spec_check_linux(const struct spec_config *c, struct px_error *err)
{
	const struct spec_linux *l = &c->linux_;
	const struct spec_namespace *user = spec_find_namespace(c, CLONE_NEWUSER);
	const struct spec_namespace *time = spec_find_namespace(c, CLONE_NEWTIME);

	if ((l->time_boottime.present || l->time_monotonic.present) && !time)
		return px_err(err, 0, "linux.timeOffsets: requires a time namespace in linux.namespaces");
	/* Offsets can only be written before the first process enters a new time
	 * namespace; a joined one already has its offsets. */
	if ((l->time_boottime.present || l->time_monotonic.present) && time->path)
		return px_err(err, 0, "linux.timeOffsets: cannot be set when joining a time namespace (path given)");
	if ((l->n_uid_mappings || l->n_gid_mappings) && !user)
		return px_err(err, 0, "linux.%s: requires a user namespace in linux.namespaces",
		              l->n_uid_mappings ? "uidMappings" : "gidMappings");
	if (user && !user->path && (!l->n_uid_mappings || !l->n_gid_mappings))
		return px_err(err, 0, "linux.%s: required when a new user namespace is created",
		              !l->n_uid_mappings ? "uidMappings" : "gidMappings");
	return spec_check_mounts(c, err);
}
