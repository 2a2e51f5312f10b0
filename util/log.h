/* util/log.h — pidbox's log, the way engines read runc's.
 *
 * --log FILE sends log lines to FILE (append), else to stderr; --log-format json
 * writes one runc-compatible object per line:
 *   {"level":"error","msg":"...","time":"2026-11-22T12:00:00Z"}
 * text format: time="..." level=error msg="..." (logrus text style, as runc).
 * --debug enables debug lines. Errors that end a command are printed by cmd/ to
 * stderr as "pidbox: ..." AND logged here (when a log file is set), as runc does,
 * so conmon/containerd find them in the log file.
 */
#ifndef PX_UTIL_LOG_H
#define PX_UTIL_LOG_H

#include <stdbool.h>

enum px_log_level { PX_LOG_DEBUG, PX_LOG_INFO, PX_LOG_WARN, PX_LOG_ERROR };
enum px_log_format { PX_LOG_TEXT, PX_LOG_JSON };

/* path NULL: stderr. Returns 0, or -1 with errno when the file cannot be opened. */
int px_log_init(const char *path, enum px_log_format format, bool debug);
bool px_log_debug_enabled(void);
void px_log(enum px_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Has a --log file been given? (then errors go to both stderr and the file) */
bool px_log_to_file(void);
/* The --log file was closed under us (a process about to run the container's
 * code closes every runtime fd, util/fd.h): drop its lines from now on rather
 * than write them to whatever takes the fd number next. */
void px_log_drop_file(void);

/* The log's current settings, and adopting them in a re-executed image: the
 * container's init re-execs itself (runtime/init_reexec.c) and keeps logging to
 * the same, inherited, fd. */
struct px_log_state {
	int fd;
	bool to_file;
	bool debug;
	enum px_log_format format;
};
struct px_log_state px_log_get_state(void);
void px_log_adopt_state(const struct px_log_state *s);

#define px_debug(...) do { if (px_log_debug_enabled()) px_log(PX_LOG_DEBUG, __VA_ARGS__); } while (0)
#define px_warn(...) px_log(PX_LOG_WARN, __VA_ARGS__)

#endif
