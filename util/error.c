#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int px_err(struct px_error *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if (errnum && (size_t)n < sizeof err->msg)
		snprintf(err->msg + n, sizeof err->msg - (size_t)n, ": %s", strerror(errnum));
	err->code = errnum;
	return -1;
}

int px_err_prefix(struct px_error *err, const char *fmt, ...)
{
	char prefix[PX_ERROR_MSG_MAX];
	char old[PX_ERROR_MSG_MAX];
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	snprintf(err->msg, sizeof err->msg, "%s: %s", prefix, old);
	return -1;
}

void px_err_clear(struct px_error *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = '\0';
	}
}
