/* tests/unit/test_spec_resources.c — spec/parse_resources*.c: linux.resources read and
 * validated, every error naming its JSON path. */
#include <stdlib.h>

#include "spec/config.h"
#include "spec/resources.h"
#include "tests/unit/unit.h"

static struct px_error err;

/* parse a linux.resources object given as JSON text through the whole config parser */
static struct spec_config *cfg(const char *res)
{
	char buf[4096];
	struct spec_config *c = NULL;
	snprintf(buf, sizeof buf,
	         "{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"r\"},\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\"},"
	         "\"linux\":{\"resources\":%s}}", res);
	px_err_clear(&err);
	if (spec_parse_config(buf, strlen(buf), &c, &err) < 0)
		return NULL;
	return c;
}

static const char *error_of(const char *res)
{
	struct spec_config *c = cfg(res);
	if (c) {
		spec_config_free(c);
		return "(parsed)";
	}
	return err.msg;
}

static void test_full(void)
{
	struct spec_config *c = cfg(
		"{\"devices\":[{\"allow\":false,\"access\":\"rwm\"},{\"allow\":true,\"type\":\"c\",\"major\":1,"
		"\"minor\":3,\"access\":\"wr\"}],"
		"\"memory\":{\"limit\":104857600,\"reservation\":52428800,\"swap\":209715200,\"swappiness\":10,"
		"\"disableOOMKiller\":false},"
		"\"cpu\":{\"shares\":512,\"quota\":50000,\"period\":100000,\"burst\":1000,\"realtimeRuntime\":9500,"
		"\"realtimePeriod\":100000,\"cpus\":\"0-1\",\"mems\":\"0\",\"idle\":1},"
		"\"pids\":{\"limit\":32},"
		"\"blockIO\":{\"weight\":500,\"weightDevice\":[{\"major\":8,\"minor\":0,\"weight\":600}],"
		"\"throttleReadBpsDevice\":[{\"major\":8,\"minor\":0,\"rate\":1048576}]},"
		"\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":4194304}],"
		"\"network\":{\"classID\":1048577,\"priorities\":[{\"name\":\"eth0\",\"priority\":5}]},"
		"\"rdma\":{\"mlx5_1\":{\"hcaHandles\":3,\"hcaObjects\":10000}},"
		"\"unified\":{\"memory.high\":\"50M\",\"io.weight\":\"default 200\"}}");
	const struct spec_resources *r;

	CHECK(c != NULL);
	if (!c) {
		fprintf(stderr, "  %s\n", err.msg);
		return;
	}
	r = c->linux_.resources;
	CHECK(r && r->n_devices == 2 && !r->devices[0].allow && r->devices[0].type == 'a');
	CHECK(r->devices[0].major == SPEC_DEV_WILDCARD && r->devices[1].major == 1);
	CHECK_STR(r->devices[1].access, "rw"); /* normalised order */
	CHECK(r->memory.has_limit && r->memory.limit == 104857600 && r->memory.swap == 209715200);
	CHECK(r->memory.has_swappiness && r->memory.swappiness == 10);
	CHECK(r->cpu.shares == 512 && r->cpu.quota == 50000 && r->cpu.period == 100000);
	CHECK(r->cpu.has_rt_runtime && r->cpu.rt_runtime == 9500 && r->cpu.rt_period == 100000);
	CHECK_STR(r->cpu.cpus, "0-1");
	CHECK(r->cpu.has_idle && r->cpu.idle == 1);
	CHECK(r->has_pids_limit && r->pids_limit == 32);
	CHECK(r->blkio.weight == 500 && r->blkio.n_weight_devices == 1 &&
	      r->blkio.weight_devices[0].weight == 600);
	CHECK(r->blkio.n_throttle[SPEC_THR_READ_BPS] == 1 && r->blkio.throttle[SPEC_THR_READ_BPS][0].rate == 1048576);
	CHECK(r->n_hugepages == 1 && !strcmp(r->hugepages[0].page_size, "2MB"));
	CHECK(r->has_class_id && r->class_id == 1048577 && r->n_net_prios == 1);
	CHECK(r->n_rdma == 1 && r->rdma[0].hca_objects == 10000);
	CHECK(r->n_unified == 2 && !strcmp(r->unified[1].value, "default 200"));
	CHECK(!spec_resources_empty(r));
	spec_config_free(c);
}

static void test_errors(void)
{
	static const char *const cases[][2] = {
		{ "{\"cpu\":{\"shares\":1}}", "linux.resources.cpu.shares: 1 is below the minimum 2" },
		{ "{\"cpu\":{\"shares\":300000}}", "linux.resources.cpu.shares: 300000 is above the maximum 262144" },
		{ "{\"cpu\":{\"quota\":500}}", "linux.resources.cpu.quota: 500 is below the minimum 1000" },
		{ "{\"cpu\":{\"quota\":-2}}", "linux.resources.cpu.quota: -2 is invalid" },
		{ "{\"cpu\":{\"period\":100}}", "linux.resources.cpu.period: 100 is outside 1000..1000000" },
		{ "{\"cpu\":{\"idle\":2}}", "linux.resources.cpu.idle: 2 is above the maximum 1" },
		{ "{\"cpu\":{\"cpus\":\"0-a\"}}", "linux.resources.cpu.cpus: \"0-a\" is not a list" },
		{ "{\"cpu\":{\"mems\":\"3-1\"}}", "linux.resources.cpu.mems: \"3-1\" is not a list" },
		{ "{\"cpu\":{\"realtimeRuntime\":200,\"realtimePeriod\":100}}",
		  "linux.resources.cpu.realtimeRuntime: 200 is above realtimePeriod 100" },
		{ "{\"cpu\":{\"shares\":\"x\"}}", "linux.resources.cpu.shares: must be an unsigned 64-bit integer" },
		{ "{\"memory\":{\"limit\":-3}}", "linux.resources.memory.limit: -3 is invalid (-1 for unlimited)" },
		{ "{\"memory\":{\"swappiness\":101}}", "linux.resources.memory.swappiness: 101 is above the maximum 100" },
		{ "{\"memory\":{\"limit\":2000,\"swap\":1000}}", "linux.resources.memory.swap: 1000 is below memory.limit 2000" },
		{ "{\"devices\":[{\"access\":\"rwm\"}]}", "linux.resources.devices[0].allow: required" },
		{ "{\"devices\":[{\"allow\":true,\"type\":\"x\"}]}", "linux.resources.devices[0].type: must be" },
		{ "{\"devices\":[{\"allow\":true,\"access\":\"rwx\"}]}", "linux.resources.devices[0].access: must be" },
		{ "{\"devices\":[{\"allow\":true,\"major\":-5}]}", "linux.resources.devices[0].major: -5 is out of range" },
		{ "{\"devices\":[{\"allow\":true,\"type\":\"c\",\"major\":4294967297,\"minor\":1}]}",
		  "linux.resources.devices[0].major: 4294967297 is out of range (0 to 4095, or -1 for any)" },
		{ "{\"blockIO\":{\"throttleReadBpsDevice\":[{\"major\":8,\"minor\":4294967296,\"rate\":1}]}}",
		  "linux.resources.blockIO.throttleReadBpsDevice[0].minor: 4294967296 is out of range" },
		{ "{\"blockIO\":{\"weight\":5}}", "linux.resources.blockIO.weight: 5 is below the minimum 10" },
		{ "{\"blockIO\":{\"weightDevice\":[{\"major\":8,\"weight\":100}]}}",
		  "linux.resources.blockIO.weightDevice[0].minor: required" },
		{ "{\"blockIO\":{\"throttleWriteIOPSDevice\":[{\"major\":8,\"minor\":0}]}}",
		  "linux.resources.blockIO.throttleWriteIOPSDevice[0].rate: required" },
		{ "{\"hugepageLimits\":[{\"pageSize\":\"2M\",\"limit\":1}]}",
		  "linux.resources.hugepageLimits[0].pageSize: \"2M\" is not a page size" },
		{ "{\"network\":{\"classID\":4294967296}}", "linux.resources.network.classID: must be an unsigned 32-bit" },
		{ "{\"unified\":{\"../memory.max\":\"1\"}}", "linux.resources.unified.../memory.max: not a cgroup v2 file name" },
		{ "{\"unified\":{\"cgroup.procs\":\"1\"}}", "linux.resources.unified.cgroup.procs: managed by the runtime" },
		{ "{\"unified\":{\"memory.max\":5}}", "linux.resources.unified.memory.max: must be a string" },
		{ "{\"pids\":{\"limit\":\"x\"}}", "linux.resources.pids.limit: must be a 64-bit integer" },
		{ "[]", "linux.resources: must be an object" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK_CONTAINS(error_of(cases[i][0]), cases[i][1]);
}

/* runc's "not set" forms parse, and leave nothing to apply */
static void test_unset_forms(void)
{
	struct spec_config *c = cfg("{\"cpu\":{\"shares\":0,\"quota\":0,\"period\":0},\"memory\":{},\"devices\":[]}");
	CHECK(c != NULL && c->linux_.resources != NULL);
	if (c)
		CHECK(c->linux_.resources->cpu.shares == 0 && c->linux_.resources->n_devices == 0);
	spec_config_free(c);
}

/* update --resources: the document is the resources object, paths have no prefix */
static void test_update_document(void)
{
	struct spec_resources r;
	const char *doc = "{\"cpu\":{\"quota\":20000},\"pids\":{\"limit\":-1}}";
	CHECK(spec_parse_resources_json(doc, strlen(doc), &r, &err) == 0);
	CHECK(r.cpu.has_quota && r.cpu.quota == 20000 && !r.cpu.has_period);
	CHECK(r.has_pids_limit && r.pids_limit == -1);
	spec_resources_free(&r);
	doc = "{\"cpu\":{\"shares\":1}}";
	CHECK(spec_parse_resources_json(doc, strlen(doc), &r, &err) < 0);
	CHECK_STR(err.msg, "cpu.shares: 1 is below the minimum 2");
	doc = "{\"cpu\":";
	CHECK(spec_parse_resources_json(doc, strlen(doc), &r, &err) < 0);
	CHECK_STR(err.msg, "invalid JSON at line 1, column 8: parse error: premature EOF");
	doc = "{\"memory\":{\"limit\":1,\n \"limit\":-1}}";
	CHECK(spec_parse_resources_json(doc, strlen(doc), &r, &err) < 0);
	CHECK_STR(err.msg, "invalid JSON at line 2, column 2: duplicate key memory.limit (first at line 1, column 12)");
}

/* What a rootless container without a cgroup must refuse (runtime/rootless.h):
 * the first limit by its field; not device rules, nor runc's "not set" zeros. */
static void test_first_limit(void)
{
	static const char *const cases[][2] = {
		{ "{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]}", NULL },
		{ "{\"cpu\":{\"shares\":0,\"quota\":0,\"period\":0},\"memory\":{}}", NULL },
		{ "{\"memory\":{\"limit\":104857600}}", "memory.limit" },
		{ "{\"cpu\":{\"cpus\":\"0\"}}", "cpu.cpus" },
		{ "{\"pids\":{\"limit\":10}}", "pids.limit" },
		{ "{\"devices\":[],\"unified\":{\"memory.high\":\"1M\"}}", "unified" },
		{ "{\"blockIO\":{\"weight\":500}}", "blockIO" },
	};
	CHECK(spec_resources_first_limit(NULL) == NULL);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct spec_resources r;
		const char *got;
		CHECK(spec_parse_resources_json(cases[i][0], strlen(cases[i][0]), &r, &err) == 0);
		got = spec_resources_first_limit(&r);
		if (cases[i][1])
			CHECK_STR(got ? got : "(none)", cases[i][1]);
		else
			CHECK(got == NULL);
		spec_resources_free(&r);
	}
}

int main(void)
{
	RUN(test_full);
	RUN(test_errors);
	RUN(test_unset_forms);
	RUN(test_update_document);
	RUN(test_first_limit);
	return unit_done();
}
