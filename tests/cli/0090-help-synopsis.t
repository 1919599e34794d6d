#!/bin/sh
# Every built panel-* program that has a manual page prints, for --help and
# -h, its usage line on standard output and exits 0, and that line is the
# page's SYNOPSIS as mandoc renders it (white space aside).  A misuse prints
# the same line on standard error and exits 2.  Pages are found by looping
# over man/panel-*.1, so new commands are covered as they come.

. "$PANEL_SRC/tests/cli/lib.sh"

# synopsis PAGE: the SYNOPSIS section of PAGE as text, on one line.
synopsis() {
	mandoc -Tascii "$1" | sed "s/.$(printf "\b")//g" |
	    awk '/^SYNOPSIS/ { on = 1; next } /^[A-Z]/ { on = 0 } on' |
	    tr -s " \t\n" "   " | sed "s/^ //; s/ $//"
}

# usage FILE: the usage line(s) in FILE, without "usage: ", on one line.
usage_of() {
	sed "s/^usage: //" "$1" | tr -s " \t\n" "   " | sed "s/^ //; s/ $//"
}

n=0
for page in "$PANEL_SRC"/man/panel-*.1; do
	prog=$(basename "$page" .1)
	[ -x "$PANEL_BIN/$prog" ] || continue
	n=$((n + 1))
	check "$prog --help matches the SYNOPSIS of $prog(1)" '
		synopsis "$page" >want && test -s want &&
		expect_match "^$prog " want &&
		"$PANEL_BIN/$prog" --help >out 2>err && test ! -s err &&
		expect_match "^usage: $prog " out &&
		usage_of out >got && diff want got &&
		"$PANEL_BIN/$prog" -h >out2 2>err && test ! -s err &&
		diff out out2
	'
	check "$prog: an unknown option prints the usage on stderr, exit 2" '
		expect_exit 2 "$PANEL_BIN/$prog" --no-such-option >out 2>err &&
		test ! -s out &&
		sed -n "/^usage: /,\$p" err >line && usage_of line >got &&
		synopsis "$page" >want && diff want got
	'
done

check 'at least panel-init, panel-check and panel-log were compared' '
	test "$n" -ge 3
'

done_testing
