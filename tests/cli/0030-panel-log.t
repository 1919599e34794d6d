#!/bin/sh
# panel log: the same commits, authors, dates (in UTC) and messages as git
# log, in text, tsv and json, for the whole repository or one record or
# folder; -n; bad operands.

. "$PANEL_SRC/tests/cli/lib.sh"

# commit_as NAME DATE MESSAGE: commits everything as another officer at
# DATE, as a panel command run by them would.
commit_as() {
	git -C p add -A &&
	GIT_AUTHOR_NAME=$1 GIT_AUTHOR_EMAIL=robin@example.org \
	GIT_AUTHOR_DATE=$2 GIT_COMMITTER_DATE=$2 git -C p commit -q -m "$3"
}

# gitlog [PATH]: what panel log's text format must print, from git (a tab
# in a message is shown as a space, to keep one change a line).
gitlog() {
	TZ=UTC git -C p log --date=format-local:"%Y-%m-%d %H:%M" \
	    --format="%ad  %an  %s" ${1:+-- "$1"} | tr "\t" " "
}

check 'a history of several commands and people' '
	new_panel p &&
	mkdir -p p/meetings/2018-10-04 &&
	printf "date: '\''2018-10-04'\''\nlocation: Test Police HQ\nstatus: held\n" \
	    >p/meetings/2018-10-04/meeting.yaml &&
	commit_as "Robin Marsh" 2018-10-04T15:02:00+01:00 \
	    "panel-sample: draw for meeting 2018-10-04" &&
	printf "id: GF\nname: Gwen Farley\nrole: public\nterm_start: '\''2017-05-01'\''\nactive: true\n" \
	    >p/members/GF.yaml &&
	printf "id: AB\nname: Amir Bashir\nrole: vcs\nterm_start: '\''2017-05-01'\''\nactive: true\n" \
	    >p/members/AB.yaml &&
	commit_as "Robin Marsh" 2018-10-05T09:30:00+01:00 \
	    "panel-members: add GF and AB" &&
	sed -i "s/Farley/Farleigh/" p/members/GF.yaml &&
	commit_as "Sam Okafor" 2018-10-06T23:59:30-05:00 "$(printf "Fix\ta typo")" &&
	rm p/members/AB.yaml &&
	commit_as "Sam Okafor" 2018-12-01T10:00:00Z "panel-members: remove AB" &&
	test "$(git -C p rev-list --count HEAD)" = 5 &&
	panel -C p check
'

check 'text: exactly what git log says, dates in UTC' '
	panel -C p log >out 2>err && test ! -s err &&
	gitlog >want && diff want out &&
	test "$(wc -l <out)" -eq 5 &&
	grep -qx "2018-10-04 14:02  Robin Marsh  panel-sample: draw for meeting 2018-10-04" out &&
	grep -qx "2018-10-07 04:59  Sam Okafor  Fix a typo" out &&
	tail -n 1 out | grep -q "  Test Officer  panel-init: create panel Test Panel$"
'

check 'a record, a folder, a deleted record' '
	panel -C p log members/GF.yaml >out && gitlog members/GF.yaml >want &&
	diff want out && test "$(wc -l <out)" -eq 2 &&
	panel -C p log members >out && gitlog members >want && diff want out &&
	panel -C p log ./members/ >out && diff want out &&
	panel -C p log members/AB.yaml >out && gitlog members/AB.yaml >want &&
	diff want out && test "$(wc -l <out)" -eq 2 &&
	panel -C p log meetings/2018-10-04/meeting.yaml >out &&
	echo "2018-10-04 14:02  Robin Marsh  panel-sample: draw for meeting 2018-10-04" >want &&
	diff want out &&
	panel -C p log . >out && gitlog >want && diff want out &&
	panel -C p log no/such/record >out && test ! -s out
'

check 'the repository is found from a folder inside it' '
	(cd p/members && panel log >../../out) && gitlog >want && diff want out
'

check '-n limits the listing' '
	panel -C p log -n 2 >out && gitlog | head -n 2 >want && diff want out &&
	panel -C p log -n 1 members >out && gitlog members | head -n 1 >want &&
	diff want out
'

check 'tsv: a header, then commit, date, author, email, command, change' '
	panel -C p log --format tsv >out &&
	head -n 1 out >got && printf "commit\tdate\tauthor\temail\tcommand\tchange\n" >want &&
	diff want got &&
	tail -n +2 out | cut -f 1-4 >got &&
	TZ=UTC git -C p log --date=format-local:%Y-%m-%dT%H:%M:%SZ \
	    --format="%H%x09%ad%x09%an%x09%ae" >want &&
	diff want got &&
	tail -n +2 out | cut -f 5 | sort | uniq -c | sed "s/^ *//" >got &&
	printf "%s\n" "1 " "1 panel-init" "2 panel-members" "1 panel-sample" >want &&
	diff want got &&
	grep -q "	panel-sample	draw for meeting 2018-10-04$" out &&
	grep -q "		Fix a typo$" out &&
	test "$(awk -F "	" "NF != 6" out | wc -l)" -eq 0
'

check 'json: the same commits and authors as git, parsed by python' '
	panel -C p log --format json >out &&
	TZ=UTC git -C p log --date=format-local:%Y-%m-%dT%H:%M:%SZ \
	    --format="%H|%ad|%an|%ae|%s" >want &&
	$PYTHON -c "
import json, sys
got = json.load(open(\"out\"))
want = [l.rstrip(\"\n\").split(\"|\", 4) for l in open(\"want\")]
assert len(got) == len(want) == 5, (len(got), len(want))
for g, w in zip(got, want):
    assert [g[\"commit\"], g[\"date\"], g[\"author\"], g[\"email\"]] == w[:4], (g, w)
    summary = (g[\"command\"] + \": \" if g[\"command\"] else \"\") + g[\"change\"]
    assert summary == w[4], (summary, w[4])
assert got[-1][\"command\"] == \"panel-init\"
assert got[1][\"command\"] == \"\" and got[1][\"change\"] == \"Fix\ta typo\", got[1]
" &&
	panel -C p log --format json -n 1 members/AB.yaml >out &&
	$PYTHON -c "
import json
got = json.load(open(\"out\"))
assert len(got) == 1 and got[0][\"change\"] == \"remove AB\", got
"
'

check 'no history yet (--no-commit): empty listings, exit 0' '
	panel init --no-commit nc >/dev/null &&
	panel -C nc log >out 2>err && test ! -s out && test ! -s err &&
	panel -C nc log --format json >out && echo "[]" >want && diff want out &&
	panel -C nc log --format tsv >out && test "$(wc -l <out)" -eq 1
'

check 'bad operands and options' '
	expect_exit 3 panel -C p log ../x 2>err && expect_match "not a safe relative path" err &&
	expect_exit 3 panel -C p log /etc/passwd 2>err &&
	expect_exit 3 panel -C p log members/../../x 2>err &&
	expect_exit 2 panel -C p log --format xml 2>err && expect_match "not text, tsv or json" err &&
	expect_exit 2 panel -C p log -n 0 2>err && expect_match "option -n" err &&
	expect_exit 2 panel -C p log -n x 2>err &&
	expect_exit 2 panel -C p log a b 2>err && expect_match "^usage: panel-log" err &&
	mkdir plain && cp p/panel.yaml plain/ &&
	expect_exit 3 panel -C plain log 2>err &&
	expect_match "not a git repository, so there is no history" err &&
	expect_exit 3 panel -C nowhere log 2>err
'

check 'git fsck --strict clean; panel log changed nothing' '
	before=$(git -C p rev-parse HEAD) &&
	panel -C p log >/dev/null &&
	test "$(git -C p rev-parse HEAD)" = "$before" &&
	test -z "$(git -C p status --porcelain)" &&
	git -C p fsck --strict --no-dangling
'

done_testing
