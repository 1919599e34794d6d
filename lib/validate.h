#ifndef PANEL_VALIDATE_H
#define PANEL_VALIDATE_H

/*
 * The checks that a redaction rule's match must also pass before it is
 * taken: check digits (NHS mod-11, Luhn), HMRC's National Insurance prefix
 * rules, the UK postcode areas, digit counts of phone numbers, IPv6 syntax
 * and the birth-date digits of a driving licence number.  Each takes the
 * matched text s[0..n) (separators and all) and returns 1 to accept it, 0
 * to refuse it.  No state, no allocation.
 */

#include <stddef.h>

/* A validator, as a rule's "validator" names it. */
typedef int (*panel_validate_fn)(const char *s, size_t n);

/* The validator called name ("luhn", "mod11", ...), or NULL. */
panel_validate_fn panel_validate_find(const char *name);

int panel_validate_mod11(const char *s, size_t n);
int panel_validate_luhn(const char *s, size_t n);
int panel_validate_nino(const char *s, size_t n);
int panel_validate_postcode(const char *s, size_t n);
int panel_validate_phone_uk(const char *s, size_t n);
int panel_validate_phone_intl(const char *s, size_t n);
int panel_validate_ipv6(const char *s, size_t n);
int panel_validate_licence(const char *s, size_t n);

#endif
