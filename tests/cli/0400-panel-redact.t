#!/bin/sh
# panel-redact as a filter and as a check: what is removed, what stays,
# placeholders consistent across a quoted reply, the styles, invalid
# UTF-8, failing closed on an aborted match, and the exit statuses.

. "$PANEL_SRC/tests/cli/lib.sh"

cat >reply.txt <<'EOF'
Hi Jo,

Thanks for ringing back. Please call me on 07700 900123.

Kind regards,
Sam Pellow

On 3 Oct 2018, at 10:15, Dorset Police <enquiries@example.org> wrote:
> Dear Mr Pellow,
> Thank you for your email about the Road Traffic Act 1988.
> We will ring you on +44 7700 900123 about crime reference 55180012345.
> Regards,
> Jo Quennell
EOF

cat >want.txt <<'EOF'
Hi [PERSON-1],

Thanks for ringing back. Please call me on [PHONE-1].

Kind regards,
[PERSON-2]

On 3 Oct 2018, at 10:15, Dorset Police <[EMAIL-1]> wrote:
> Dear Mr [PERSON-2],
> Thank you for your email about the Road Traffic Act 1988.
> We will ring you on [PHONE-1] about crime reference [REFERENCE-1].
> Regards,
> [PERSON-1]
EOF

check 'the same person and number get the same placeholder across a quoted reply' '
	panel-redact reply.txt >out 2>err && test ! -s err &&
	diff want.txt out
'

check 'standard input when there is no file; the same as the file' '
	panel-redact <reply.txt >out && diff want.txt out
'

check 'line structure is kept, line for line' '
	panel-redact reply.txt >out &&
	test "$(wc -l <out)" -eq "$(wc -l <reply.txt)"
'

check '--style type and --style mask; mask keeps each line'"'"'s length' '
	panel-redact --style type reply.txt >out &&
	expect_match "^Hi \[PERSON\],$" out &&
	expect_match "call me on \[PHONE\]\.$" out &&
	panel-redact -s mask reply.txt >out &&
	$PYTHON -c "
import sys
a = open(\"reply.txt\", encoding=\"utf-8\").read().split(\"\\n\")
b = open(\"out\", encoding=\"utf-8\").read().split(\"\\n\")
assert [len(x) for x in a] == [len(x) for x in b], (a, b)
assert \"900123\" not in \"\".join(b)
" &&
	expect_match "^Hi \*\*,$" out
'

check 'ordinary text stays: force, places, 101, times, money, statutes, dates' '
	printf "I rang 101 at 10:15 on 12/09/2018 about the incident in Bournemouth.\nIt cost £1,200 under the Road Traffic Act 1988. Dorset Police were kind.\n" >plain.txt &&
	panel-redact plain.txt >out && diff plain.txt out &&
	expect_exit 0 panel-redact --check plain.txt >out && test ! -s out
'

check 'each file is numbered afresh, or as one thread with -t' '
	printf "ring 07700 900111\n" >a.txt && printf "or 07700 900222\n" >b.txt &&
	panel-redact a.txt b.txt >out &&
	printf "ring [PHONE-1]\nor [PHONE-1]\n" >w && diff w out &&
	panel-redact -t a.txt b.txt >out &&
	printf "ring [PHONE-1]\nor [PHONE-2]\n" >w && diff w out
'

check '--check lists file:line:col: TYPE (rule) and exits 1' '
	expect_exit 1 panel-redact --check reply.txt >out 2>err && test ! -s err &&
	expect_match "^reply.txt:1:4: PERSON (name-greeting)$" out &&
	expect_match "^reply.txt:3:44: PHONE (phone-uk)$" out &&
	expect_match "^reply.txt:6:1: PERSON (name-signoff)$" out &&
	expect_match "^reply.txt:11:61: REFERENCE (ref-context)$" out &&
	test "$(grep -c . out)" -eq 8 &&
	if grep -q 900123 out; then exit 1; fi
'

check 'invalid UTF-8 is reported with its place and the rest still redacted' '
	printf "caf\351 07700 900123\nok \377\n" >bad.txt &&
	panel-redact bad.txt >out 2>err &&
	expect_match "^panel-redact: bad.txt:1:4: invalid UTF-8 replaced by U+FFFD$" err &&
	expect_match "^panel-redact: bad.txt:2:4: invalid UTF-8 replaced by U+FFFD$" err &&
	printf "caf\357\277\275 [PHONE-1]\nok \357\277\275\n" >w && diff w out
'

# A repository whose extra rule backtracks without end on some input.
mkdir careless &&
cat >careless/panel.yaml <<'EOF'
name: Test Panel
force: Dorset Police
opcc: OPCC
frequency: quarterly
redact:
  rules:
    - id: careless
      type: person
      pattern: '^(a+)+$'
EOF
awk 'BEGIN { printf "call 07700 900123\n"; for (i = 0; i < 60; i++) printf "a"; print "!" }' >aborts.txt

check 'a match aborted by a limit fails closed: exit 4, nothing written' '
	expect_exit 4 panel-redact -C careless aborts.txt >out 2>err &&
	test ! -s out &&
	expect_match "^panel-redact: aborts.txt:2: rule .careless.: match aborted: .*limit" err &&
	expect_exit 4 panel-redact -C careless --check aborts.txt >out 2>err &&
	test ! -s out
'

check 'the same repository redacts what does not trip the limit' '
	panel-redact -C careless reply.txt >out && diff want.txt out
'

check 'a repository'"'"'s references, allow-list and disabled rules apply' '
	mkdir cfg && cat >cfg/panel.yaml <<-EOF &&
	name: Test Panel
	force: Dorset Police
	opcc: OPCC
	frequency: quarterly
	redact:
	  allow: [Pellow Hall]
	  disable: [postcode]
	  references: ["(?<![0-9])55[0-9]{9}(?![0-9])"]
	EOF
	printf "See 55180012345 at Pellow Hall, BH15 8BN.\n" >c.txt &&
	panel-redact -C cfg c.txt >out &&
	printf "See [REFERENCE-1] at Pellow Hall, BH15 8BN.\n" >w && diff w out
'

check 'a fault in the rules is exit 3 at its line, and nothing is written' '
	mkdir badcfg && printf "name: T\nforce: F\nopcc: O\nfrequency: quarterly\nredact:\n  disable: [no-such-rule]\n" >badcfg/panel.yaml &&
	expect_exit 3 panel-redact -C badcfg reply.txt >out 2>err && test ! -s out &&
	expect_match "^panel-redact: panel.yaml:6:.*no rule .no-such-rule." err
'

check 'usage: bad style, conflicting modes, unknown option' '
	expect_exit 2 panel-redact --style bold reply.txt 2>err &&
	expect_match "option --style: .bold. is not number, type or mask" err &&
	expect_exit 2 panel-redact --check --meeting 2018-10-04 2>err &&
	expect_match "do not go together" err &&
	expect_exit 2 panel-redact --meeting 2018-10-04 reply.txt 2>err &&
	expect_exit 2 panel-redact --no-commit reply.txt 2>err &&
	expect_exit 2 panel-redact --frobnicate 2>err &&
	expect_match "^usage: panel-redact " err
'

check 'a missing file is exit 3; the files before it were written' '
	expect_exit 3 panel-redact a.txt missing.txt >out 2>err &&
	printf "ring [PHONE-1]\n" >w && diff w out &&
	expect_match "missing.txt" err
'

check 'many files, one process: 200 files in one run' '
	i=0; while [ $i -lt 200 ]; do printf "Dear Mr Pellow, ring 07700 900%03d\n" $i >m$i.txt; i=$((i + 1)); done &&
	panel-redact m*.txt >out &&
	test "$(grep -c "^Dear Mr \[PERSON-1\], ring \[PHONE-1\]$" out)" -eq 200
'

done_testing
