/* util/log.c — see util/log.h.
 *
 * One line per call, built in a stack buffer and written with a single write():
 * the file is opened O_APPEND, so concurrent pidbox processes (create, a monitor,
 * kill) sharing one --log file never interleave inside a line, and logging never
 * allocates (it runs on error paths, possibly after an out-of-memory).
 */
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/fs.h"

#define LOG_MSG_MAX 4096
/* Worst case every message byte becomes a 6-byte \u00XX escape, plus the frame. */
#define LOG_LINE_MAX (LOG_MSG_MAX * 6 + 128)

static struct {
	int fd;
	bool to_file;
	bool debug;
	enum px_log_format format;
} log_cfg = { .fd = STDERR_FILENO };

int px_log_init(const char *path, enum px_log_format format, bool debug)
{
	log_cfg.format = format;
	log_cfg.debug = debug;
	if (!path) {
		log_cfg.fd = STDERR_FILENO;
		log_cfg.to_file = false;
		return 0;
	}
	/* CLOEXEC: the container must never inherit the host's log file. */
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0644);
	if (fd < 0)
		return -1;
	if (log_cfg.to_file)
		close(log_cfg.fd);
	log_cfg.fd = fd;
	log_cfg.to_file = true;
	return 0;
}

struct px_log_state px_log_get_state(void)
{
	return (struct px_log_state){ .fd = log_cfg.fd, .to_file = log_cfg.to_file,
	                              .debug = log_cfg.debug, .format = log_cfg.format };
}

void px_log_adopt_state(const struct px_log_state *s)
{
	log_cfg.fd = s->fd;
	log_cfg.to_file = s->to_file;
	log_cfg.debug = s->debug;
	log_cfg.format = s->format;
}

bool px_log_debug_enabled(void) { return log_cfg.debug; }

bool px_log_to_file(void) { return log_cfg.to_file; }

void px_log_drop_file(void)
{
	if (!log_cfg.to_file)
		return;
	log_cfg.fd = -1;
	log_cfg.to_file = false;
}

/* logrus names, which is what engines parsing runc's log expect. */
static const char *level_name(enum px_log_level level)
{
	switch (level) {
	case PX_LOG_DEBUG: return "debug";
	case PX_LOG_INFO: return "info";
	case PX_LOG_WARN: return "warning";
	case PX_LOG_ERROR: break;
	}
	return "error";
}

struct line {
	char *buf;
	size_t len, cap;
};

static void put(struct line *l, const char *s, size_t n)
{
	if (n > l->cap - l->len)
		n = l->cap - l->len; /* truncate rather than fail: a log line is best effort */
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

static void puts_(struct line *l, const char *s) { put(l, s, strlen(s)); }

/* Escape msg inside a double-quoted string. JSON and logrus' text quoting agree
 * on \" \\ \n \r \t; other control bytes are \u00XX in JSON and \xXX in text
 * (Go's %q), so both stay one physical line whatever the message holds. */
static void put_quoted(struct line *l, const char *msg, bool json)
{
	static const char hex[] = "0123456789abcdef";

	puts_(l, "\"");
	for (const unsigned char *p = (const unsigned char *)msg; *p; p++) {
		char esc[7];
		size_t n = 0;
		switch (*p) {
		case '"': esc[n++] = '\\'; esc[n++] = '"'; break;
		case '\\': esc[n++] = '\\'; esc[n++] = '\\'; break;
		case '\n': esc[n++] = '\\'; esc[n++] = 'n'; break;
		case '\r': esc[n++] = '\\'; esc[n++] = 'r'; break;
		case '\t': esc[n++] = '\\'; esc[n++] = 't'; break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				esc[n++] = '\\';
				if (json) {
					memcpy(esc + n, "u00", 3);
					n += 3;
				} else {
					esc[n++] = 'x';
				}
				esc[n++] = hex[*p >> 4];
				esc[n++] = hex[*p & 0xf];
			} else {
				esc[n++] = (char)*p;
			}
		}
		put(l, esc, n);
	}
	puts_(l, "\"");
}

/* RFC 3339 in UTC, second precision, as runc's logrus lines. gmtime_r needs no
 * time-zone file, which keeps start-up cheap. */
static void format_time(char *out, size_t size)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void px_log(enum px_log_level level, const char *fmt, ...)
{
	char msg[LOG_MSG_MAX];
	char buf[LOG_LINE_MAX];
	char when[32];
	struct line l = { .buf = buf, .cap = sizeof buf - 1 }; /* room for the '\n' */
	int saved = errno; /* logging on an error path must not change what it reports */
	va_list ap;

	if (level == PX_LOG_DEBUG && !log_cfg.debug)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	format_time(when, sizeof when);

	if (log_cfg.format == PX_LOG_JSON) {
		puts_(&l, "{\"level\":\"");
		puts_(&l, level_name(level));
		puts_(&l, "\",\"msg\":");
		put_quoted(&l, msg, true);
		puts_(&l, ",\"time\":\"");
		puts_(&l, when);
		puts_(&l, "\"}");
	} else {
		puts_(&l, "time=\"");
		puts_(&l, when);
		puts_(&l, "\" level=");
		puts_(&l, level_name(level));
		puts_(&l, " msg=");
		put_quoted(&l, msg, false);
	}
	buf[l.len++] = '\n';
	if (log_cfg.fd >= 0)
		(void)px_write_all(log_cfg.fd, buf, l.len);
	errno = saved;
}
