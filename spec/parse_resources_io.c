/* spec/parse_resources_io.c — linux.resources members beyond cpu/memory/pids/devices:
 * blockIO, hugepageLimits, network, rdma and unified. */
#include <inttypes.h>
#include <string.h>

#include "spec/json_walk.h"
#include "spec/parse_resources.h"
#include "util/fs.h"

/* blkio weights (CFQ's and BFQ's range as the spec states it); 0 means "not set". */
#define BLKIO_WEIGHT_MIN 10
#define BLKIO_WEIGHT_MAX 1000

const char *const spec_throttle_names[SPEC_THR_N] = {
	"throttleReadBpsDevice", "throttleWriteBpsDevice", "throttleReadIOPSDevice", "throttleWriteIOPSDevice",
};

static int opt_weight(yajl_val obj, const char *path, const char *key, bool *has, uint16_t *out,
                      struct px_error *err)
{
	uint64_t w = 0;

	if (spec_res_opt_u64(obj, path, key, has, &w, err) < 0)
		return -1;
	if (*has && w && spec_res_range(path, key, (int64_t)w, BLKIO_WEIGHT_MIN, BLKIO_WEIGHT_MAX, err) < 0)
		return -1;
	*out = (uint16_t)w;
	return 0;
}

static int dev_numbers(yajl_val v, const char *path, int64_t *major, int64_t *minor, struct px_error *err)
{
	char p[SPEC_PATH_MAX];
	yajl_val a = spec_json_field(v, "major"), b = spec_json_field(v, "minor");

	if (!a || !b)
		return px_err(err, 0, "%s.%s: required", path, a ? "minor" : "major");
	if (spec_json_i64(a, spec_path_key(p, path, "major"), major, err) < 0 ||
	    spec_json_i64(b, spec_path_key(p, path, "minor"), minor, err) < 0)
		return -1;
	return spec_check_dev_numbers(path, *major, *minor, false, err);
}

static int parse_weight_devices(yajl_val v, const char *path, struct spec_res_blkio *b, struct px_error *err)
{
	char ip[SPEC_PATH_MAX];

	if (spec_json_need_array(v, path, err) < 0)
		return -1;
	b->weight_devices = px_xcalloc(v->u.array.len + 1, sizeof *b->weight_devices);
	for (size_t i = 0; i < v->u.array.len; i++) {
		struct spec_res_weight_dev *d = &b->weight_devices[b->n_weight_devices++];
		yajl_val e = v->u.array.values[i];
		spec_path_idx(ip, path, i);
		if (spec_json_need_object(e, ip, err) < 0 || dev_numbers(e, ip, &d->major, &d->minor, err) < 0 ||
		    opt_weight(e, ip, "weight", &d->has_weight, &d->weight, err) < 0 ||
		    opt_weight(e, ip, "leafWeight", &d->has_leaf_weight, &d->leaf_weight, err) < 0)
			return -1;
	}
	return 0;
}

static int parse_throttle(yajl_val v, const char *path, struct spec_res_throttle_dev **out, size_t *n,
                          struct px_error *err)
{
	char ip[SPEC_PATH_MAX], p[SPEC_PATH_MAX];

	if (spec_json_need_array(v, path, err) < 0)
		return -1;
	*out = px_xcalloc(v->u.array.len + 1, sizeof **out);
	for (size_t i = 0; i < v->u.array.len; i++) {
		struct spec_res_throttle_dev *d = &(*out)[(*n)++];
		yajl_val e = v->u.array.values[i];
		spec_path_idx(ip, path, i);
		if (spec_json_need_object(e, ip, err) < 0 || dev_numbers(e, ip, &d->major, &d->minor, err) < 0)
			return -1;
		if (!spec_json_field(e, "rate"))
			return px_err(err, 0, "%s.rate: required", ip);
		if (spec_json_u64(spec_json_field(e, "rate"), spec_path_key(p, ip, "rate"), &d->rate, err) < 0)
			return -1;
	}
	return 0;
}

static int parse_blkio(yajl_val v, const char *parent, struct spec_res_blkio *b, struct px_error *err)
{
	char path[SPEC_PATH_MAX], p[SPEC_PATH_MAX];
	yajl_val x;

	spec_path_key(path, parent, "blockIO");
	if (spec_json_need_object(v, path, err) < 0 ||
	    opt_weight(v, path, "weight", &b->has_weight, &b->weight, err) < 0 ||
	    opt_weight(v, path, "leafWeight", &b->has_leaf_weight, &b->leaf_weight, err) < 0)
		return -1;
	if ((x = spec_json_field(v, "weightDevice")) &&
	    parse_weight_devices(x, spec_path_key(p, path, "weightDevice"), b, err) < 0)
		return -1;
	for (int i = 0; i < SPEC_THR_N; i++)
		if ((x = spec_json_field(v, spec_throttle_names[i])) &&
		    parse_throttle(x, spec_path_key(p, path, spec_throttle_names[i]), &b->throttle[i],
		                   &b->n_throttle[i], err) < 0)
			return -1;
	return 0;
}

/* "2MB", "1GB", "64KB": the names the kernel gives hugetlb.<size>.* files. */
static bool valid_page_size(const char *s)
{
	size_t digits = strspn(s, "0123456789");
	return digits > 0 && s[0] != '0' && strlen(s + digits) == 2 && strchr("KMG", s[digits]) &&
	       s[digits + 1] == 'B';
}

static int parse_hugepages(yajl_val v, const char *parent, struct spec_resources *r, struct px_error *err)
{
	char path[SPEC_PATH_MAX], ip[SPEC_PATH_MAX], p[SPEC_PATH_MAX];

	spec_path_key(path, parent, "hugepageLimits");
	if (spec_json_need_array(v, path, err) < 0)
		return -1;
	r->hugepages = px_xcalloc(v->u.array.len + 1, sizeof *r->hugepages);
	for (size_t i = 0; i < v->u.array.len; i++) {
		struct spec_res_hugepage *h = &r->hugepages[r->n_hugepages++];
		yajl_val e = v->u.array.values[i];
		spec_path_idx(ip, path, i);
		if (spec_json_need_object(e, ip, err) < 0 ||
		    spec_json_string(spec_json_field(e, "pageSize"), spec_path_key(p, ip, "pageSize"), &h->page_size,
		                     err) < 0)
			return -1;
		if (!valid_page_size(h->page_size)) {
			char q[SPEC_QUOTE_MAX];
			return px_err(err, 0, "%s: %s is not a page size like \"2MB\" or \"1GB\"", p,
			              spec_quote(q, h->page_size));
		}
		if (spec_json_u64(spec_json_field(e, "limit"), spec_path_key(p, ip, "limit"), &h->limit, err) < 0)
			return -1;
	}
	return 0;
}

static int parse_network(yajl_val v, const char *parent, struct spec_resources *r, struct px_error *err)
{
	char path[SPEC_PATH_MAX], ip[SPEC_PATH_MAX], p[SPEC_PATH_MAX];
	uint64_t id = 0;
	yajl_val x;

	spec_path_key(path, parent, "network");
	if (spec_json_need_object(v, path, err) < 0 ||
	    spec_res_opt_u64(v, path, "classID", &r->has_class_id, &id, err) < 0)
		return -1;
	if (id > UINT32_MAX)
		return px_err(err, 0, "%s.classID: must be an unsigned 32-bit integer", path);
	r->class_id = (uint32_t)id;
	if (!(x = spec_json_field(v, "priorities")))
		return 0;
	spec_path_key(path, path, "priorities");
	if (spec_json_need_array(x, path, err) < 0)
		return -1;
	r->net_prios = px_xcalloc(x->u.array.len + 1, sizeof *r->net_prios);
	for (size_t i = 0; i < x->u.array.len; i++) {
		struct spec_res_net_prio *n = &r->net_prios[r->n_net_prios++];
		yajl_val e = x->u.array.values[i];
		spec_path_idx(ip, path, i);
		if (spec_json_need_object(e, ip, err) < 0 ||
		    spec_json_string(spec_json_field(e, "name"), spec_path_key(p, ip, "name"), &n->name, err) < 0 ||
		    spec_json_u32(spec_json_field(e, "priority"), spec_path_key(p, ip, "priority"), &n->priority,
		                  err) < 0)
			return -1;
		if (!*n->name || strpbrk(n->name, " \n/"))
			return px_err(err, 0, "%s.name: must be an interface name", ip);
	}
	return 0;
}

static int parse_rdma(yajl_val v, const char *parent, struct spec_resources *r, struct px_error *err)
{
	char path[SPEC_PATH_MAX], kp[SPEC_PATH_MAX];

	spec_path_key(path, parent, "rdma");
	if (spec_json_need_object(v, path, err) < 0)
		return -1;
	r->rdma = px_xcalloc(v->u.object.len + 1, sizeof *r->rdma);
	for (size_t i = 0; i < v->u.object.len; i++) {
		struct spec_res_rdma *d = &r->rdma[r->n_rdma++];
		yajl_val e = v->u.object.values[i];
		uint64_t h = 0, o = 0;
		d->device = px_xstrdup(v->u.object.keys[i]);
		spec_path_key(kp, path, d->device);
		if (!*d->device || strpbrk(d->device, " \n/"))
			return px_err(err, 0, "%s: not a device name", kp);
		if (spec_json_need_object(e, kp, err) < 0 ||
		    spec_res_opt_u64(e, kp, "hcaHandles", &d->has_handles, &h, err) < 0 ||
		    spec_res_opt_u64(e, kp, "hcaObjects", &d->has_objects, &o, err) < 0)
			return -1;
		if (h > UINT32_MAX || o > UINT32_MAX)
			return px_err(err, 0, "%s: hcaHandles and hcaObjects are 32-bit", kp);
		d->hca_handles = (uint32_t)h;
		d->hca_objects = (uint32_t)o;
	}
	return 0;
}

/* unified: cgroup v2 file names and their contents, written verbatim. A name must be a
 * plain "<controller>.<knob>" file of the container's own directory: no path. Whether
 * the file exists is checked against the real cgroup when it is applied. */
static int parse_unified(yajl_val v, const char *parent, struct spec_resources *r, struct px_error *err)
{
	char path[SPEC_PATH_MAX], kp[SPEC_PATH_MAX];

	spec_path_key(path, parent, "unified");
	if (spec_json_need_object(v, path, err) < 0)
		return -1;
	r->unified = px_xcalloc(v->u.object.len + 1, sizeof *r->unified);
	for (size_t i = 0; i < v->u.object.len; i++) {
		struct spec_res_kv *kv = &r->unified[r->n_unified++];
		const char *k = v->u.object.keys[i];
		kv->key = px_xstrdup(k);
		spec_path_key(kp, path, k);
		if (!*k || strchr(k, '/') || !strchr(k + 1, '.') || k[0] == '.')
			return px_err(err, 0, "%s: not a cgroup v2 file name (\"<controller>.<name>\")", kp);
		/* the runtime's own controls; cgroup.max.depth/descendants are limits and pass */
		if (!strcmp(k, "cgroup.procs") || !strcmp(k, "cgroup.threads") || !strcmp(k, "cgroup.freeze") ||
		    !strcmp(k, "cgroup.kill") || !strcmp(k, "cgroup.subtree_control") || !strcmp(k, "cgroup.type"))
			return px_err(err, 0, "%s: managed by the runtime, not a resource", kp);
		if (spec_json_string(v->u.object.values[i], kp, &kv->value, err) < 0)
			return -1;
	}
	return 0;
}

int spec_parse_resources_io(yajl_val v, const char *path, struct spec_resources *r, struct px_error *err)
{
	yajl_val x;

	if ((x = spec_json_field(v, "blockIO")) && (r->has_blkio = true) && parse_blkio(x, path, &r->blkio, err) < 0)
		return -1;
	if ((x = spec_json_field(v, "hugepageLimits")) && parse_hugepages(x, path, r, err) < 0)
		return -1;
	if ((x = spec_json_field(v, "network")) && (r->has_network = true) && parse_network(x, path, r, err) < 0)
		return -1;
	if ((x = spec_json_field(v, "rdma")) && parse_rdma(x, path, r, err) < 0)
		return -1;
	if ((x = spec_json_field(v, "unified")) && parse_unified(x, path, r, err) < 0)
		return -1;
	return 0;
}
