#include "runtime/init_mode.h"

#include <string.h>

#include "ns/init.h"
#include "spec/annotations.h"

int rt_init_mode(const struct rt_create_opts *o, const struct spec_config *c, int *mode, struct px_error *err)
{
	const char *v = spec_annotation(c, SPEC_ANNOTATION_INIT);

	*mode = NS_INIT_NONE;
	if (o->init_group)
		*mode = NS_INIT_GROUP;
	else if (o->init)
		*mode = NS_INIT_CHILD;
	else if (!v || !strcmp(v, "false") || !strcmp(v, "0") || !*v)
		*mode = NS_INIT_NONE;
	else if (!strcmp(v, "true") || !strcmp(v, "1"))
		*mode = NS_INIT_CHILD;
	else if (!strcmp(v, "group"))
		*mode = NS_INIT_GROUP;
	else
		return px_err(err, 0, "config.json: annotations.%s: \"%s\" is not one of true, false, group",
		              SPEC_ANNOTATION_INIT, v);
	return 0;
}
