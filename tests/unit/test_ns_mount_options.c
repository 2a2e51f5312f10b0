/* tests/unit/test_ns_mount_options.c — ns_parse_mount_options (ns/mount_options.c). */
#include <linux/mount.h>
#include <stdint.h>
#include <sys/mount.h>

#include "ns/rootfs.h"
#include "tests/unit/unit.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int parse(char *const *o, size_t n, struct ns_mount_flags *m, struct px_error *e)
{
	px_err_clear(e);
	return ns_parse_mount_options(o, n, m, e);
}

static void test_each_set_flag(void)
{
	static const struct {
		char *name;
		unsigned long flag;
	} t[] = {
		{ "ro", MS_RDONLY },         { "nosuid", MS_NOSUID },     { "nodev", MS_NODEV },
		{ "noexec", MS_NOEXEC },     { "sync", MS_SYNCHRONOUS },  { "dirsync", MS_DIRSYNC },
		{ "remount", MS_REMOUNT },   { "mand", MS_MANDLOCK },     { "noatime", MS_NOATIME },
		{ "nodiratime", MS_NODIRATIME }, { "relatime", MS_RELATIME },
		{ "strictatime", MS_STRICTATIME },
	};
	for (size_t i = 0; i < N(t); i++) {
		struct ns_mount_flags m;
		struct px_error e;
		char *o[] = { t[i].name };

		CHECK(parse(o, 1, &m, &e) == 0);
		CHECK(m.flags == t[i].flag);
		CHECK(m.clear_flags == 0);
		CHECK(m.propagation == 0);
		CHECK(m.data == NULL);
		CHECK(!m.bind && !m.rbind);
		ns_mount_flags_free(&m);
	}
}

static void test_each_clear_flag(void)
{
	static const struct {
		char *name;
		unsigned long flag;
	} t[] = {
		{ "rw", MS_RDONLY },       { "suid", MS_NOSUID },          { "dev", MS_NODEV },
		{ "exec", MS_NOEXEC },     { "async", MS_SYNCHRONOUS },    { "nomand", MS_MANDLOCK },
		{ "atime", MS_NOATIME },   { "diratime", MS_NODIRATIME },  { "norelatime", MS_RELATIME },
		{ "nostrictatime", MS_STRICTATIME },
	};
	for (size_t i = 0; i < N(t); i++) {
		struct ns_mount_flags m;
		struct px_error e;
		char *o[] = { t[i].name };

		CHECK(parse(o, 1, &m, &e) == 0);
		CHECK(m.flags == 0);
		CHECK(m.clear_flags == t[i].flag);
		ns_mount_flags_free(&m);
	}
}

static void test_last_word_wins(void)
{
	struct ns_mount_flags m;
	struct px_error e;
	char *o1[] = { "ro", "rw" };
	char *o2[] = { "rw", "ro", "nosuid" };

	CHECK(parse(o1, N(o1), &m, &e) == 0);
	CHECK(m.flags == 0);
	CHECK(m.clear_flags == MS_RDONLY);
	ns_mount_flags_free(&m);
	CHECK(parse(o2, N(o2), &m, &e) == 0);
	CHECK(m.flags == (MS_RDONLY | MS_NOSUID));
	CHECK(m.clear_flags == 0);
	ns_mount_flags_free(&m);
}

static void test_propagation(void)
{
	static const struct {
		char *name;
		unsigned long flag;
	} t[] = {
		{ "shared", MS_SHARED },         { "rshared", MS_SHARED | MS_REC },
		{ "slave", MS_SLAVE },           { "rslave", MS_SLAVE | MS_REC },
		{ "private", MS_PRIVATE },       { "rprivate", MS_PRIVATE | MS_REC },
		{ "unbindable", MS_UNBINDABLE }, { "runbindable", MS_UNBINDABLE | MS_REC },
	};
	for (size_t i = 0; i < N(t); i++) {
		struct ns_mount_flags m;
		struct px_error e;
		char *o[] = { "nodev", t[i].name };

		CHECK(parse(o, 2, &m, &e) == 0);
		CHECK(m.propagation == t[i].flag);
		CHECK(m.flags == MS_NODEV); /* propagation never leaks into the mount flags */
		ns_mount_flags_free(&m);
	}
}

static void test_propagation_last_wins(void)
{
	struct ns_mount_flags m;
	struct px_error e;
	char *o[] = { "rprivate", "slave" };

	CHECK(parse(o, N(o), &m, &e) == 0);
	CHECK(m.propagation == MS_SLAVE);
	ns_mount_flags_free(&m);
}

static void test_data_joined(void)
{
	struct ns_mount_flags m;
	struct px_error e;
	char *o[] = { "nosuid", "mode=755", "strictatime", "size=65536k", "newinstance" };

	CHECK(parse(o, N(o), &m, &e) == 0);
	CHECK_STR(m.data, "mode=755,size=65536k,newinstance");
	CHECK(m.flags == (MS_NOSUID | MS_STRICTATIME));
	ns_mount_flags_free(&m);
	CHECK(m.data == NULL);
}

static void test_bind_rbind(void)
{
	struct ns_mount_flags m;
	struct px_error e;
	char *b[] = { "bind", "ro" };
	char *rb[] = { "rbind", "rprivate" };

	CHECK(parse(b, N(b), &m, &e) == 0);
	CHECK(m.bind && !m.rbind);
	CHECK(m.flags == MS_RDONLY); /* MS_BIND itself is added by the mounter */
	ns_mount_flags_free(&m);
	CHECK(parse(rb, N(rb), &m, &e) == 0);
	CHECK(m.bind && m.rbind);
	CHECK(m.propagation == (MS_PRIVATE | MS_REC));
	CHECK(m.data == NULL);
	ns_mount_flags_free(&m);
}

/* tmpcopyup is pidbox's to act on, never data for the kernel */
static void test_tmpcopyup(void)
{
	struct ns_mount_flags m;
	struct px_error e;
	char *o[] = { "mode=755", "tmpcopyup", "nosuid" };
	char *plain[] = { "mode=755" };

	CHECK(parse(o, N(o), &m, &e) == 0);
	CHECK(m.tmpcopyup);
	CHECK_STR(m.data, "mode=755");
	CHECK(m.flags == MS_NOSUID);
	ns_mount_flags_free(&m);
	CHECK(parse(plain, N(plain), &m, &e) == 0);
	CHECK(!m.tmpcopyup);
	ns_mount_flags_free(&m);
}

/* The recursive attributes become mount_setattr(2) attributes, never data. */
static void test_recursive_attrs(void)
{
	struct ns_mount_flags m;
	struct px_error e;
	char *o[] = { "rro", "rnosuid", "rdev", "rnoexec", "rexec", "rnosymfollow" };

	CHECK(parse(o, N(o), &m, &e) == 0);
	CHECK(m.rec_set == (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOSYMFOLLOW));
	CHECK(m.rec_clr == (MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC));
	CHECK(m.flags == 0 && !m.data);
	ns_mount_flags_free(&m);
}

/* rro then rrw: the last word wins, as for ro/rw. */
static void test_recursive_last_word_wins(void)
{
	struct ns_mount_flags m;
	struct px_error e;
	char *o[] = { "rro", "rrw" };

	CHECK(parse(o, N(o), &m, &e) == 0);
	CHECK(m.rec_set == 0 && m.rec_clr == MOUNT_ATTR_RDONLY);
	ns_mount_flags_free(&m);
}

/* The atime mode is one field: the whole of it cleared, one value set. */
static void test_recursive_atime(void)
{
	static const struct {
		const char *opt;
		uint64_t want;
	} cases[] = {
		{ "rnoatime", MOUNT_ATTR_NOATIME },      { "rstrictatime", MOUNT_ATTR_STRICTATIME },
		{ "rrelatime", MOUNT_ATTR_RELATIME },    { "ratime", MOUNT_ATTR_RELATIME },
		{ "rnostrictatime", MOUNT_ATTR_RELATIME }, { "rnorelatime", MOUNT_ATTR_STRICTATIME },
	};
	for (size_t i = 0; i < N(cases); i++) {
		struct ns_mount_flags m;
		struct px_error e;
		char *o[] = { "rnoatime", (char *)cases[i].opt };

		CHECK(parse(o, N(o), &m, &e) == 0);
		CHECK(m.rec_clr == MOUNT_ATTR__ATIME);
		CHECK((m.rec_set & MOUNT_ATTR__ATIME) == cases[i].want);
		ns_mount_flags_free(&m);
	}
}

static void test_idmap_options(void)
{
	struct ns_mount_flags m;
	struct px_error e;
	char *o[] = { "idmap" }, *r[] = { "ridmap" };

	CHECK(parse(o, N(o), &m, &e) == 0);
	CHECK(m.idmap && !m.idmap_rec && !m.data);
	ns_mount_flags_free(&m);
	CHECK(parse(r, N(r), &m, &e) == 0);
	CHECK(m.idmap && m.idmap_rec && !m.data);
	ns_mount_flags_free(&m);
}

static void test_empty_option_refused(void)
{
	struct ns_mount_flags m;
	struct px_error e;
	char *o[] = { "ro", "" };

	CHECK(parse(o, N(o), &m, &e) == -1);
	CHECK_CONTAINS(e.msg, "empty");
}

static void test_no_options(void)
{
	struct ns_mount_flags m;
	struct px_error e;

	CHECK(parse(NULL, 0, &m, &e) == 0);
	CHECK(m.flags == 0 && m.clear_flags == 0 && m.propagation == 0 && !m.data);
	ns_mount_flags_free(&m);
	ns_mount_flags_free(NULL);
}

int main(void)
{
	RUN(test_each_set_flag);
	RUN(test_each_clear_flag);
	RUN(test_last_word_wins);
	RUN(test_propagation);
	RUN(test_propagation_last_wins);
	RUN(test_data_joined);
	RUN(test_bind_rbind);
	RUN(test_tmpcopyup);
	RUN(test_recursive_attrs);
	RUN(test_recursive_last_word_wins);
	RUN(test_recursive_atime);
	RUN(test_idmap_options);
	RUN(test_empty_option_refused);
	RUN(test_no_options);
	return unit_done();
}
