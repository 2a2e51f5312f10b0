# pidbox — build, test, demo, install.
#   make            build $(BUILD)/pidbox
#   make check      install missing packages, then unit, fuzz (10 s a harness) and integration tests (as root);
#                   ends with "N passed, M failed, K skipped"
#   make check SANITIZE=1  the same suites on a dynamic ASan+UBSan build in build-san/
#   make fuzz       every libFuzzer harness of tests/fuzz/ for FUZZ_SECONDS (default 60)
#   make demo       run a busybox container from a generated bundle
#   make install    PREFIX=/usr/local (DESTDIR honoured)
#   make bench      the benchmarks' C helpers (bench/floor, migrator, icount, maxrss); the
#                   benchmarks build them themselves, and are never part of check
# BUILD=dir puts every object elsewhere, so several builds can share one tree.

# SANITIZE=1: a dynamic ASan+UBSan build (static-pie cannot take ASan) in its own dir
ifeq ($(SANITIZE),1)
BUILD ?= build-san
endif
BUILD ?= build
PREFIX ?= /usr/local
CC ?= cc
PKGS := libcap libseccomp yajl libcgroup

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
# pidbox is linked fully static (glibc included): it is exec'd for every container
# operation, and the container's init re-executes it once more (the CVE-2019-5736
# defence in runtime/init_reexec.h); without a dynamic loader each exec skips
# loading and relocating shared libraries (measured: -1 ms per `run`, see
# bench/). pidbox uses no NSS (no getpwnam), so static glibc is safe.
# Debian ships yajl's archive as yajl_s.
PKG_LIBS := $(patsubst -lyajl,-lyajl_s,$(shell pkg-config --libs --static $(PKGS)))

CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wformat=2 \
          -fno-strict-aliasing -D_GNU_SOURCE -I. $(PKG_CFLAGS) -MMD -MP
LDFLAGS += -static-pie
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
ifeq ($(SANITIZE),1)
CC := clang
CFLAGS += $(SAN_FLAGS)
LDFLAGS := $(SAN_FLAGS)
PKG_LIBS := $(shell pkg-config --libs $(PKGS))
endif
# FUZZ_LIB=1 (set by the fuzz targets): the library instrumented for libFuzzer
ifeq ($(FUZZ_LIB),1)
CC := clang
CFLAGS += $(SAN_FLAGS) -fsanitize=fuzzer-no-link
endif
LDLIBS += $(PKG_LIBS) -lm

LIB_DIRS := util spec ns cgroup runtime
LIB_SRCS := $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c))
CMD_SRCS := $(wildcard cmd/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
CMD_OBJS := $(CMD_SRCS:%.c=$(BUILD)/%.o)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:%.c=$(BUILD)/%)
HELPER_SRCS := $(wildcard tests/helpers/*.c)
HELPER_BINS := $(HELPER_SRCS:%.c=$(BUILD)/%)

all: $(BUILD)/pidbox

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/libpidbox.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

ifeq ($(SANITIZE),1)
CMD_OBJS += $(BUILD)/tests/sanitize/default_options.o
endif
$(BUILD)/pidbox: $(CMD_OBJS) $(BUILD)/libpidbox.a
	$(CC) $(LDFLAGS) -o $@ $(CMD_OBJS) $(BUILD)/libpidbox.a $(LDLIBS)

# Unit tests keep a dynamic libc: valgrind's leak checker cannot follow a static
# glibc's malloc, and the tests are meant to be run under it.
UNIT_LDLIBS := -Wl,-Bstatic $(PKG_LIBS) -Wl,-Bdynamic -lm
ifeq ($(SANITIZE),1)
UNIT_LDLIBS := $(SAN_FLAGS) $(PKG_LIBS) -lm
endif
$(BUILD)/tests/unit/%: tests/unit/%.c tests/unit/unit.h $(BUILD)/libpidbox.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libpidbox.a $(UNIT_LDLIBS)

# small programs the integration tests drive pidbox with; static and plain even in
# a SANITIZE=1 build, since some are copied into the containers' busybox rootfs
$(BUILD)/tests/helpers/%: tests/helpers/%.c
	@mkdir -p $(dir $@)
	$(CC) $(filter-out $(SAN_FLAGS),$(CFLAGS)) -static-pie -o $@ $< \
		$(patsubst -lyajl,-lyajl_s,$(shell pkg-config --libs --static $(PKGS))) -lm

unit: $(UNIT_BINS) $(HELPER_BINS)

# the benchmarks' helpers: static like pidbox, so bench/guest can run them in the
# v2 guest; built only by `make bench` (bench/lifecycle and bench/exec call it)
BENCH_BINS := $(BUILD)/bench/floor $(BUILD)/bench/migrator $(BUILD)/bench/icount $(BUILD)/bench/maxrss
$(BUILD)/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

bench: $(BENCH_BINS)

# check and demo first install what is missing (a no-op on a ready machine), then
# build in a sub-make: the pkg-config flags above are read when make starts, so the
# build must start after the -dev packages are there.
deps:
	tests/lib/deps.sh

# SANITIZE=1 runs the unit, integration and security suites on the ASan+UBSan
# build instead (tests/run-all says what it leaves out, and why).
check: deps
	$(MAKE) all unit
	$(if $(filter 1,$(SANITIZE)),,$(MAKE) fuzz-build)
	BUILD=$(BUILD) SANITIZE=$(SANITIZE) tests/run-all

# libFuzzer harnesses (tests/fuzz/README.md), against a library built for them
FUZZ_BUILD := $(BUILD)/fuzz
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(FUZZ_BUILD)/%)
FUZZ_SECONDS ?= 60
$(FUZZ_BUILD)/libpidbox.a: FORCE
	$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) FUZZ_LIB=1 $@
$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_BUILD)/libpidbox.a
	clang $(filter-out -MMD -MP,$(CFLAGS)) $(SAN_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_BUILD)/libpidbox.a \
		$(shell pkg-config --libs $(PKGS)) -lm
fuzz-build: $(FUZZ_BINS)
# every harness for FUZZ_SECONDS (default 60), from its seed corpus
fuzz: deps
	$(MAKE) fuzz-build
	BUILD=$(BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh

# every fault-injection point (~3200, ~10 min here); check runs a sample
faults: all unit
	BUILD=$(BUILD) tests/faults/sweep.sh

stress: all unit
	BUILD=$(BUILD) tests/stress/stress.sh

demo: deps
	$(MAKE) all
	BUILD=$(BUILD) tests/demo.sh

install: all
	install -D -m 0755 $(BUILD)/pidbox $(DESTDIR)$(PREFIX)/bin/pidbox

clean:
	rm -rf $(BUILD)

.PHONY: all unit bench deps check faults stress demo install clean fuzz fuzz-build FORCE
FORCE:
-include $(LIB_OBJS:.o=.d) $(CMD_OBJS:.o=.d)
