#include "validate.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
up(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/* Copies the digits of s[0..n) into d (at most max); returns how many. */
static size_t
digits(char *d, size_t max, const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (is_digit(s[i])) {
			if (k == max)
				return max + 1;
			d[k++] = s[i];
		}
	return k;
}

/* Copies the letters and digits of s, in capitals, into d (at most max). */
static size_t
alnums(char *d, size_t max, const char *s, size_t n)
{
	size_t i, k = 0;
	int c;

	for (i = 0; i < n; i++) {
		c = up((unsigned char)s[i]);
		if (is_digit(c) || (c >= 'A' && c <= 'Z')) {
			if (k == max)
				return max + 1;
			d[k++] = (char)c;
		}
	}
	return k;
}

/*
 * NHS numbers: ten digits; weights 10 down to 2 on the first nine, and the
 * check digit is 11 minus the sum mod 11 (11 becomes 0, 10 is never
 * issued).
 */
int
panel_validate_mod11(const char *s, size_t n)
{
	char d[11];
	int i, sum = 0, check;

	if (digits(d, 10, s, n) != 10)
		return 0;
	for (i = 0; i < 9; i++)
		sum += (d[i] - '0') * (10 - i);
	check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	return check != 10 && check == d[9] - '0';
}

int
panel_validate_luhn(const char *s, size_t n)
{
	char d[20];
	size_t k, i;
	int sum = 0, v;

	k = digits(d, 19, s, n);
	if (k < 13 || k > 19)
		return 0;
	for (i = 0; i < k; i++) {
		v = d[k - 1 - i] - '0';
		if (i % 2 == 1) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	return sum % 10 == 0;
}

/*
 * HMRC's rules for the prefix: neither letter D, F, I, Q, U or V; the
 * second not O; and BG, GB, KN, NK, NT, TN and ZZ never allocated.  Six
 * digits follow, then A, B, C or D (or nothing, when context found it).
 */
int
panel_validate_nino(const char *s, size_t n)
{
	static const char *const never[] = {
	    "BG", "GB", "KN", "NK", "NT", "TN", "ZZ", NULL};
	char a[10];
	size_t k, i;

	k = alnums(a, 9, s, n);
	if (k != 8 && k != 9)
		return 0;
	if (strchr("DFIQUV", a[0]) || strchr("DFIOQUV", a[1]) ||
	    !(a[0] >= 'A' && a[0] <= 'Z') || !(a[1] >= 'A' && a[1] <= 'Z'))
		return 0;
	for (i = 0; never[i]; i++)
		if (a[0] == never[i][0] && a[1] == never[i][1])
			return 0;
	for (i = 2; i < 8; i++)
		if (!is_digit(a[i]))
			return 0;
	return k == 8 || (a[8] >= 'A' && a[8] <= 'D');
}

/*
 * The postcode areas of the UK, Crown dependencies and BFPO, in strcmp()
 * order for bsearch().
 */
static const char *const areas[] = {"AB", "AL", "B", "BA", "BB", "BD", "BF",
    "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF", "CH", "CM", "CO",
    "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT",
    "DY", "E", "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA",
    "HD", "HG", "HP", "HR", "HS", "HU", "HX", "IG", "IM", "IP", "IV", "JE",
    "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE", "LL", "LN", "LS", "LU", "M",
    "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX", "PA",
    "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG", "SK",
    "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD",
    "TF", "TN", "TQ", "TR", "TS", "TW", "UB", "W", "WA", "WC", "WD", "WF", "WN",
    "WR", "WS", "WV", "YO", "ZE"};

static int
area_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

int
panel_validate_postcode(const char *s, size_t n)
{
	char a[8], area[3];
	size_t k, len;

	k = alnums(a, 7, s, n);
	if (k < 5 || k > 7)
		return 0;
	if (k == 6 && memcmp(a, "GIR0AA", 6) == 0)
		return 1;
	for (len = 0; len < 2 && a[len] >= 'A' && a[len] <= 'Z'; len++)
		area[len] = a[len];
	area[len] = '\0';
	return bsearch(area, areas, sizeof(areas) / sizeof(areas[0]),
	           sizeof(areas[0]), area_cmp) != NULL;
}

/*
 * A UK number has ten or eleven digits with its leading 0 (after +44 or
 * 0044 the 0 is implied), and starts 01, 02, 03, 05, 07, 08 or 09.
 */
int
panel_validate_phone_uk(const char *s, size_t n)
{
	char d[17];
	size_t k, off = 0, i;

	for (i = 0; i < n && s[i] != '+' && !is_digit(s[i]); i++)
		;
	k = digits(d, 16, s, n);
	if (k > 16)
		return 0;
	if (i < n && s[i] == '+')
		off = 2;
	else if (k > 2 && d[0] == '0' && d[1] == '0')
		off = 4;
	if (off) {
		/* "+44 (0)7700": the (0) is written but not dialled. */
		if (k > off && d[off] == '0')
			off++;
		k -= off;
		if (k != 9 && k != 10)
			return 0;
		return strchr("1235789", d[off]) != NULL;
	}
	if (k != 10 && k != 11)
		return 0;
	return d[0] == '0' && strchr("1235789", d[1]) != NULL;
}

int
panel_validate_phone_intl(const char *s, size_t n)
{
	char d[17];
	size_t k = digits(d, 16, s, n);

	if (k > 2 && d[0] == '0' && d[1] == '0')
		k -= 2;
	return k >= 8 && k <= 15;
}

/*
 * IPv6: what inet_pton(3) takes, with at least three colons or a "::", so
 * that times (10:15:30) and ratios are not taken.
 */
int
panel_validate_ipv6(const char *s, size_t n)
{
	unsigned char addr[16];
	char buf[64];
	size_t i, colons = 0;

	if (n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (i = 0; i < n; i++)
		colons += buf[i] == ':';
	if (colons < 3 && strstr(buf, "::") == NULL)
		return 0;
	if (colons < 2)
		return 0;
	return inet_pton(AF_INET6, buf, addr) == 1;
}

static int
two(const char *a)
{
	return (a[0] - '0') * 10 + (a[1] - '0');
}

/*
 * A licence number: the surname's first five letters padded with 9s, the
 * decade digit of birth, the month (plus 50 for women), the day, the
 * year digit, two initials (9 for none), a digit and two check letters,
 * sometimes followed by a two-digit issue number.
 */
int
panel_validate_licence(const char *s, size_t n)
{
	char a[19];
	size_t k, i;
	int month, day, pad = 0;

	k = alnums(a, 18, s, n);
	if (k != 16 && k != 18)
		return 0;
	if (a[0] < 'A' || a[0] > 'Z')
		return 0;
	for (i = 1; i < 5; i++) {
		if (a[i] == '9')
			pad = 1;
		else if (pad || a[i] < 'A' || a[i] > 'Z')
			return 0;
	}
	for (i = 5; i < 11; i++)
		if (!is_digit(a[i]))
			return 0;
	month = two(a + 6);
	day = two(a + 8);
	if (month > 50)
		month -= 50;
	if (month < 1 || month > 12 || day < 1 || day > 31)
		return 0;
	if (a[11] < 'A' || a[11] > 'Z' ||
	    !(a[12] == '9' || (a[12] >= 'A' && a[12] <= 'Z')))
		return 0;
	return is_digit(a[13]) && a[14] >= 'A' && a[14] <= 'Z' &&
	       a[15] >= 'A' && a[15] <= 'Z';
}

panel_validate_fn
panel_validate_find(const char *name)
{
	static const struct {
		const char *name;
		panel_validate_fn fn;
	} table[] = {
	    {"ipv6", panel_validate_ipv6},
	    {"licence", panel_validate_licence},
	    {"luhn", panel_validate_luhn},
	    {"mod11", panel_validate_mod11},
	    {"nino", panel_validate_nino},
	    {"phone-intl", panel_validate_phone_intl},
	    {"phone-uk", panel_validate_phone_uk},
	    {"postcode", panel_validate_postcode},
	};
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(table[i].name, name) == 0)
			return table[i].fn;
	return NULL;
}
