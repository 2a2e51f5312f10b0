/* tests/unit/test_ns_mount_source.c — which binds and devices the runtime opens
 * (ns/mount_source.c, ns/device_source.c) and how a bind source is resolved. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ns/rootfs.h"
#include "tests/unit/unit.h"
#include "util/fs.h"

static char *opts_bind[] = { "bind" }, *opts_idmap[] = { "rbind", "idmap" }, *opts_none[] = { "size=1m" };

static struct spec_namespace userns[] = { { .type = CLONE_NEWUSER }, { .type = CLONE_NEWNS } };
static struct spec_namespace mntns[] = { { .type = CLONE_NEWNS } };

static struct spec_config config(bool with_userns, struct spec_mount *m, size_t n)
{
	struct spec_config c = { .mounts = m, .n_mounts = n };

	c.linux_.namespaces = with_userns ? userns : mntns;
	c.linux_.n_namespaces = with_userns ? 2 : 1;
	return c;
}

/* In a user namespace every bind comes from a root runtime; a rootless one
 * opens only idmapped ones (and none without a user namespace but those). */
static void test_which_mounts(void)
{
	struct spec_mount m[] = {
		{ .destination = "/b", .source = "/x", .options = opts_bind, .n_options = 1 },
		{ .destination = "/i", .source = "/x", .options = opts_idmap, .n_options = 2 },
		{ .destination = "/t", .type = "tmpfs", .options = opts_none, .n_options = 1 },
		{ .destination = "/k", .type = "bind", .source = "/x" },
	};
	struct spec_config u = config(true, m, 4), h = config(false, m, 4);

	CHECK(ns_mount_from_host(&u, &m[0], true) && !ns_mount_from_host(&u, &m[0], false));
	CHECK(ns_mount_from_host(&u, &m[1], true) && ns_mount_from_host(&u, &m[1], false));
	CHECK(!ns_mount_from_host(&u, &m[2], true));
	CHECK(ns_mount_from_host(&u, &m[3], true));
	CHECK(!ns_mount_from_host(&h, &m[0], true) && ns_mount_from_host(&h, &m[1], true));
	CHECK(ns_config_mounts_from_host(&h, true));
	struct spec_config plain = config(false, m, 1);
	CHECK(!ns_config_mounts_from_host(&plain, true));
}

/* Device nodes: made by a root runtime in a user namespace; FIFOs never. */
static void test_which_devices(void)
{
	struct spec_device d[] = { { .path = "/dev/a", .type = 'c' }, { .path = "/dev/p", .type = 'p' } };
	struct spec_config u = config(true, NULL, 0), h = config(false, NULL, 0);

	u.linux_.devices = d;
	u.linux_.n_devices = 2;
	CHECK(ns_device_from_host(&u, &d[0], true) && !ns_device_from_host(&u, &d[0], false));
	CHECK(!ns_device_from_host(&u, &d[1], true));
	CHECK(!ns_device_from_host(&h, &d[0], true));
	CHECK(ns_config_mounts_from_host(&u, true) && !ns_config_mounts_from_host(&u, false));
}

/* A source inside the rootfs follows the image's symlink inside the image; one
 * outside is the host path it names. */
static void test_source_resolution(void)
{
	char dir[] = "/tmp/pxt-msrc-XXXXXX";
	char *root, *inside, *host, *link, *src;
	struct px_error e = { 0 };
	struct stat got, want;
	int fd;

	CHECK(mkdtemp(dir) != NULL);
	root = px_asprintf("%s/rootfs", dir);
	inside = px_asprintf("%s%s/host", root, dir);
	host = px_asprintf("%s/host", dir);
	link = px_asprintf("%s/data", root);
	CHECK(mkdir(root, 0755) == 0 && mkdir(host, 0755) == 0);
	CHECK(px_mkdir_p(inside, 0755, &(struct px_error){ 0 }) == 0);
	CHECK(symlink(host, link) == 0); /* absolute: the host's path, as the image wrote it */
	fd = ns_open_bind_source(root, link, &e);
	if (fd < 0) { /* without openat2 (valgrind) the walk refuses any symlink */
		CHECK(e.code == ELOOP);
	} else {
		CHECK(fstat(fd, &got) == 0 && stat(inside, &want) == 0);
		CHECK(got.st_ino == want.st_ino && got.st_dev == want.st_dev);
		close(fd);
	}
	src = px_asprintf("%s/", root); /* the rootfs itself, trailing slash */
	fd = ns_open_bind_source(root, src, &(struct px_error){ 0 });
	CHECK(fd >= 0 && fstat(fd, &got) == 0 && stat(root, &want) == 0 && got.st_ino == want.st_ino);
	close(fd);
	fd = ns_open_bind_source(root, host, &(struct px_error){ 0 });
	CHECK(fd >= 0 && fstat(fd, &got) == 0 && stat(host, &want) == 0 && got.st_ino == want.st_ino);
	close(fd);
	unlink(link);
	rmdir(inside);
	free(src);
	src = px_asprintf("rm -rf '%s'", dir);
	CHECK(system(src) == 0);
	free(src);
	free(root);
	free(inside);
	free(host);
	free(link);
}

int main(void)
{
	RUN(test_which_mounts);
	RUN(test_which_devices);
	RUN(test_source_resolution);
	return unit_done();
}
