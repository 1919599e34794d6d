#!/bin/sh
# The commit guard of every command, not only panel-redact's, applies the
# repository's own redaction rules and keeps its members' names: a
# reference that only a rule in panel.yaml catches is refused in a
# panel-sample substitution, with nothing committed, staged or left in
# the work tree, and a member named in a reason is let through.

. "$PANEL_SRC/tests/cli/lib.sh"
. "$PANEL_SRC/tests/cli/sample.sh"

S=meetings/$M/sample.yaml
REF="QX-482913"

# first_item DIR: the id of the first item of the sample of DIR.
first_item() {
	sed -n 's/^    id: //p' "$1/$S" | head -1
}

check 'the default rules alone find nothing in the reference' '
	printf "see %s for the details\n" "$REF" >plain.txt &&
	panel-redact --check plain.txt >out 2>err &&
	test ! -s out
'

check 'a repository rule is enforced by panel-sample: exit 1, nothing committed' '
	drawn r &&
	cat >>r/panel.yaml <<-\EOF2 &&
	redact:
	  references: ["(?<![A-Z])QX-[0-9]{6}(?![0-9])"]
	EOF2
	git -C r commit -q -m "test: the force reference format" -- panel.yaml &&
	before=$(git -C r rev-parse HEAD) &&
	git -C r status --porcelain >status.before &&
	id=$(first_item r) && test -n "$id" &&
	expect_exit 1 panel-sample -C r substitute --meeting $M --item "$id" \
	    --reason "see $REF for the details" >out 2>err &&
	expect_match "sample.yaml:.*substitutions\[0\]\.reason.*holds personal data (REFERENCE, rule reference-1): refusing to commit it" err &&
	if grep -q "$REF" err out; then echo "the value is in a message" >&2; exit 1; fi &&
	test "$(git -C r rev-parse HEAD)" = "$before" &&
	git -C r diff --cached --quiet &&
	git -C r log --format=%s -1 >msg &&
	echo "test: the force reference format" | diff - msg &&
	git -C r status --porcelain >status.after &&
	diff status.before status.after
'

check 'panel-redact --check in the repository finds it with the same rule' '
	cp plain.txt r/plain.txt &&
	expect_exit 1 panel-redact -C r --check r/plain.txt >out &&
	echo "r/plain.txt:1:5: REFERENCE (reference-1)" | diff - out &&
	rm r/plain.txt
'

check 'a member named in a reason is kept: the guard knows the members' '
	printf "Ms Example asked for it\n" >member.txt &&
	expect_exit 1 panel-redact --check member.txt >out &&
	expect_match "PERSON" out &&
	drawn m &&
	before=$(git -C m rev-parse HEAD) &&
	id=$(first_item m) &&
	panel-sample -C m substitute --meeting $M --item "$id" \
	    --reason "Ms Example asked for it" >out &&
	test "$(git -C m rev-parse HEAD^)" = "$before" &&
	git -C m log --format=%s -1 >msg &&
	expect_match "^panel-sample: substitute $id by " msg &&
	git -C m diff --quiet HEAD
'

done_testing
