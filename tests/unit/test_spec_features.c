/* tests/unit/test_spec_features.c — spec/features.c: the document lists what the
 * parser accepts and nothing else. */
#include "tests/unit/unit.h"

#include <stdlib.h>

#include "spec/features.h"

static void test_probe(void)
{
	/* accepted by the parser: a namespace it knows */
	CHECK(spec_features_accepts("\"linux\":{\"namespaces\":[{\"type\":\"%s\"},{\"type\":\"mount\"}]}", "uts"));
	/* refused: a namespace it does not know, and broken fragments */
	CHECK(!spec_features_accepts("\"linux\":{\"namespaces\":[{\"type\":\"%s\"},{\"type\":\"mount\"}]}", "nope"));
	CHECK(!spec_features_accepts("\"hooks\":%s", "[")); /* not JSON */
	CHECK(!spec_features_accepts("no hole", "x"));
}

static void test_document(void)
{
	const char *opts[] = { "bind", "ro", NULL };
	const char *ann[] = { "k", "v", NULL };
	struct spec_features_in in = { .mount_options = opts, .annotations = ann };
	char *json = spec_features_json(&in);

	CHECK_CONTAINS(json, "\"ociVersionMin\": \"1.0.0\"");
	CHECK_CONTAINS(json, "\"mountOptions\": [\n        \"bind\",\n        \"ro\"\n    ]");
	CHECK_CONTAINS(json, "\"CAP_SYS_ADMIN\"");
	CHECK_CONTAINS(json, "\"time\"");
	CHECK_CONTAINS(json, "\"k\": \"v\"");
	CHECK_CONTAINS(json, "\"idmap\": {\n                \"enabled\": false");
	/* hooks: exactly what the parser accepts (today: none, they are refused) */
	if (spec_features_accepts("\"hooks\":{\"%s\":[{\"path\":\"/bin/true\"}]}", "prestart"))
		CHECK_CONTAINS(json, "\"prestart\"");
	else
		CHECK_CONTAINS(json, "\"hooks\": [\n\n    ]");
	free(json);
}

int main(void)
{
	RUN(test_probe);
	RUN(test_document);
	return unit_done();
}
