#!/bin/sh
# panel check: silent and 0 on a good repository, exact problem lines on
# standard output and the count on standard error (exit 1), exit 3 for a
# record that cannot be read, read-only on folders that are not git
# repositories (the project's examples/), the lock and --wait.

. "$PANEL_SRC/tests/cli/lib.sh"

EXAMPLE=$PANEL_SRC/examples/dorset-csip

# commit_all DIR MESSAGE: what a panel command would have committed.
commit_all() {
	git -C "$1" add -A && git -C "$1" commit -q -m "$2"
}

check 'a new panel and the example check clean, silently' '
	new_panel p &&
	panel -C p check >out 2>err && test ! -s out && test ! -s err &&
	(cd p && panel check >../out 2>../err) && test ! -s out && test ! -s err &&
	panel init --from "$EXAMPLE" ex >/dev/null &&
	panel -C ex check >out 2>err && test ! -s out && test ! -s err
'

check 'planted problems: exact lines on stdout, the count on stderr, exit 1' '
	cat >p/members/GF.yaml <<-EOT &&
	id: GF
	name: Gwen Farley
	role: public
	term_start: '\''2017-05-01'\''
	active: true
	EOT
	mkdir p/meetings/2018-10-04 &&
	cat >p/meetings/2018-10-04/meeting.yaml <<-EOT &&
	date: '\''2018-10-05'\''
	location: Test Police HQ
	status: held
	EOT
	cat >p/actions/A-0001.yaml <<-EOT &&
	id: A-0001
	text: Circulate the report
	owner: ZZ
	raised_at: '\''2018-07-05'\''
	status: complete
	EOT
	echo draft >p/members/notes.txt &&
	commit_all p "plant problems" &&
	expect_exit 1 panel -C p check >out 2>err &&
	cat >want <<-EOT &&
	actions/A-0001.yaml:3:8: field '\''owner'\'': '\''ZZ'\'' is not a member (no members/ZZ.yaml)
	actions/A-0001.yaml:4:12: field '\''raised_at'\'': '\''2018-07-05'\'' is not a meeting (no meetings/2018-07-05/)
	actions/A-0001.yaml:5:9: field '\''closed_at'\'' is required when status is complete
	meetings/2018-10-04/meeting.yaml:1:7: field '\''date'\'': '\''2018-10-05'\'' differs from the folder name
	members/notes.txt: not a panel record: members/ holds only ID.yaml files
	EOT
	diff want out &&
	echo "panel-check: 5 problems in 4 records" >want &&
	diff want err
'

check '-q prints nothing and keeps the status' '
	expect_exit 1 panel -C p check -q >out 2>err &&
	test ! -s out && test ! -s err &&
	expect_exit 0 panel -C ex check --quiet >out 2>err &&
	test ! -s out && test ! -s err
'

check 'a record that cannot be parsed: exit 3, every other problem still listed' '
	printf "id: AB\nname: Amir Bashir\nname: Amir Bashir\n" >p/members/AB.yaml &&
	expect_exit 3 panel -C p check >out 2>err &&
	expect_match "^members/AB.yaml:3:1: duplicate key .name. (first on line 2)$" out &&
	test "$(wc -l <out)" -eq 6 &&
	echo "panel-check: 6 problems in 5 records" >want && diff want err &&
	rm p/members/AB.yaml
'

check 'problems can be piped: one per line, path first' '
	expect_exit 1 panel -C p check >out 2>/dev/null &&
	cut -d: -f1 out | sort -u >files &&
	printf "%s\n" actions/A-0001.yaml meetings/2018-10-04/meeting.yaml \
	    members/notes.txt >want &&
	diff want files
'

check 'the read-only example folder: checked in place, never committed into' '
	mkdir -p project && cp -R "$EXAMPLE" project/dorset &&
	git -C project init -q && commit_all project "the project" &&
	head=$(git -C project rev-parse HEAD) &&
	panel -C project/dorset check &&
	PANEL_REPO=$TEST_DIR/project/dorset panel check &&
	(cd project/dorset && expect_exit 3 panel check 2>../../err) &&
	expect_match "no panel repository here or above" err &&
	(cd project/dorset && expect_exit 3 panel log 2>../../err) &&
	(cd project/dorset && expect_exit 3 panel -C . log 2>../../err) &&
	expect_match "not a git repository, so there is no history" err &&
	test "$(git -C project rev-parse HEAD)" = "$head" &&
	test -z "$(git -C project status --porcelain --ignored)" &&
	test ! -e project/.git/panel.lock &&
	(cd project/dorset && expect_exit 3 panel init . 2>../../err) &&
	expect_match "already holds a panel" err &&
	(cd project && expect_exit 3 panel init . 2>../err) &&
	expect_match "already holds a git repository" err &&
	(cd project/dorset && panel init --from . ../../nested >/dev/null) &&
	test "$(git -C nested rev-list --count HEAD)" = 1 &&
	test "$(git -C project rev-parse HEAD)" = "$head" &&
	test "$(git -C project rev-list --count HEAD)" = 1 &&
	test -z "$(git -C project status --porcelain --ignored)"
'

check 'a full standard output is an error (exit 4), not a quiet success' '
	expect_exit 4 panel -C p check >/dev/full 2>err &&
	expect_match "cannot write standard output" err &&
	expect_exit 4 panel -C ex log >/dev/full 2>err &&
	expect_exit 4 panel init full-out >/dev/full 2>err
'

check 'the source tree'\''s own example checks clean and is left untouched' '
	find "$EXAMPLE" -newer "$TEST_DIR/want" >newer.before &&
	panel -C "$EXAMPLE" check >out 2>err &&
	test ! -s out && test ! -s err &&
	find "$EXAMPLE" -newer "$TEST_DIR/want" >newer.after &&
	diff newer.before newer.after
'

check 'busy: exit 4 while another command holds the lock; --wait outlasts it' '
	rm -f locked &&
	flock ex/.git/panel.lock sh -c "touch locked; sleep 3" &
	i=0 && while [ ! -e locked ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done &&
	test -e locked &&
	expect_exit 4 panel -C ex check >out 2>err &&
	test ! -s out &&
	expect_match "^panel-check: repository is busy" err &&
	panel -C ex check --wait 10 >out 2>err &&
	test ! -s out && test ! -s err &&
	wait
'

check 'usage: bad --wait values and operands exit 2' '
	for w in -1 3601 x 1.5 ""; do
		expect_exit 2 panel -C ex check --wait "$w" 2>err || return 1
		expect_match "option --wait" err || return 1
	done &&
	expect_exit 2 panel -C ex check extra 2>err &&
	expect_match "^usage: panel-check" err &&
	expect_exit 2 panel -C ex check -x 2>err
'

check 'no repository: exit 3' '
	mkdir nothing &&
	expect_exit 3 panel -C nothing check 2>err &&
	expect_match "not a panel repository" err &&
	expect_exit 3 panel -C does-not-exist check 2>err &&
	(cd nothing && expect_exit 3 panel check 2>/dev/null)
'

check 'git fsck --strict clean after everything' '
	git -C p fsck --strict --no-dangling &&
	git -C ex fsck --strict --no-dangling &&
	test "$(git -C ex rev-list --count HEAD)" = 1
'

done_testing
