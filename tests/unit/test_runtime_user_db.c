/* Unit tests for runtime/user_db.c: splitting passwd/group lines, ids, names
 * (the texts are the image's: anything odd is no match, never uid 0). */
#include "unit.h"

#include "runtime/user_db.h"

static void test_next_fields(void)
{
	const char *db = "a:x:1:2::/h:/bin/sh\nshort:x\n\nlast:x:9";
	const char *cur = db;
	struct rt_user_db_entry e;

	CHECK(rt_user_db_next(&cur, &e) && e.n == 7 && e.len[4] == 0 && e.len[5] == 2);
	CHECK(rt_user_db_next(&cur, &e) && e.n == 2 && e.len[0] == 5);
	CHECK(rt_user_db_next(&cur, &e) && e.n == 1 && e.len[0] == 0); /* an empty line */
	CHECK(rt_user_db_next(&cur, &e) && e.n == 3 && e.len[2] == 1);
	CHECK(!rt_user_db_next(&cur, &e));
	cur = NULL;
	CHECK(!rt_user_db_next(&cur, &e));
}

static void test_ids(void)
{
	const char *db = "a:x:01:0\nb:x:4294967295:0\nc:x:4294967296:0\nd:x:-1:0\ne:x:1a:0\nf:x::0\n"
	                 "g:x:00000000000000000007:0";
	const char *cur = db;
	struct rt_user_db_entry e;
	uint32_t id;
	int i = 0;
	const bool ok[] = { true, true, false, false, false, false, true };
	const uint32_t want[] = { 1, 4294967295u, 0, 0, 0, 0, 7 };

	while (rt_user_db_next(&cur, &e)) {
		bool got = rt_user_db_id(&e, 2, &id);
		CHECK(got == ok[i]);
		if (got)
			CHECK(id == want[i]);
		i++;
	}
	CHECK(i == 7);
	CHECK(!rt_user_db_id(&e, 6, &id)); /* a missing field */
}

static void test_find_name(void)
{
	const char *db = "root:x:0:0\nbob:x:5:5\nbobby:x:6:6\nbob:x:7:7\n";
	struct rt_user_db_entry e;
	uint32_t id;

	CHECK(rt_user_db_find_name(db, "bob", &e) && rt_user_db_id(&e, 2, &id) && id == 5); /* the first */
	CHECK(rt_user_db_find_name(db, "bobby", &e) && rt_user_db_id(&e, 2, &id) && id == 6);
	CHECK(!rt_user_db_find_name(db, "bo", &e));
	CHECK(!rt_user_db_find_name("", "root", &e));
}

int main(void)
{
	RUN(test_next_fields);
	RUN(test_ids);
	RUN(test_find_name);
	return unit_done();
}
