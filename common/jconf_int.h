/* What jconf.c and jconf_yaml.c share: the YAML reader fills a na_jconf through these. */
#ifndef NEWSALERT_JCONF_INT_H
#define NEWSALERT_JCONF_INT_H

#include <stddef.h>

#include <jansson.h>

#include "newsalert/jconf.h"
#include "newsalert/json_pos.h"

/* Reads YAML text into d's tree and positions (interpolating strings); 0 or NA_E* reported. */
int na_jconf_parse_yaml(na_jconf *d, const char *text, size_t len);
/* Gives d its tree and position table (both owned by d from now on). */
void na_jconf_set_tree(na_jconf *d, json_t *root, na_jpos *pos);
/* s with ${VAR} replaced (*out malloc'd); an unset or malformed reference is reported at ptr. */
int na_jconf_interpolate_at(na_jconf *d, const char *ptr, const char *s, char **out);
/* na_jconf_fail at an explicit place. */
__attribute__((format(printf, 4, 5))) int na_jconf_fail_at(na_jconf *d, int line, int col,
                                                           const char *fmt, ...);

#endif
