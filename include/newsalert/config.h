/* Finding configuration files: an explicit folder, $NEWSALERT_CONFIG_DIR, or the compiled-in copy.
 */
#ifndef NEWSALERT_CONFIG_H
#define NEWSALERT_CONFIG_H

#include <stddef.h>

#include "newsalert/file.h" /* na_file_read, for the callers that find a path here */

/* Sets the folder searched before the compiled-in defaults (NULL: only $NEWSALERT_CONFIG_DIR). */
void na_config_set_dir(const char *dir);

/*
 * Reads the config file NAME (relative, e.g. "gazetteer/people.txt") from the configured folder
 * if it has one, else from the defaults compiled into the binary. Returns a malloc'd,
 * NUL-terminated buffer (caller frees) and its length, or NULL with errstr filled. *origin, if
 * given, is set to a static-or-caller-owned label of where it came from, for messages.
 */
char *na_config_read(const char *name, size_t *len, char *origin, size_t originlen, char *errstr,
                     size_t errlen);

#endif
