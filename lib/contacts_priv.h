#ifndef PANEL_CONTACTS_PRIV_H
#define PANEL_CONTACTS_PRIV_H

#include <stddef.h>

/*
 * Why id (len bytes) cannot be a contact reference, or NULL: the rule the
 * import applies to each row and the reader to each line of an ID list.
 */
const char *panel_contacts_id_problem(const char *id, size_t len);

#endif
