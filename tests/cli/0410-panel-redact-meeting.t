#!/bin/sh
# panel-redact --meeting on a fresh copy of the example panel: the sampled
# correspondence of 2019-01-10 comes out of the vault redacted, with a log
# of each removal that never holds the removed text, in one commit; the
# commit guard refuses a planted phone number; a match aborted by a limit
# leaves the repository as it was.

. "$PANEL_SRC/tests/cli/lib.sh"

M=2019-01-10
SEED=31415926535897932384626
C=meetings/$M/correspondence

panel init --from "$PANEL_SRC/examples/dorset-csip" ex >/dev/null &&
# The example's panel.yaml names the force's bare crime numbers.
grep -qF -- '- (?<![0-9])55[0-9]{9}(?![0-9])' ex/panel.yaml &&
panel-sample -C ex import --meeting $M --calls ex/vault/exports/calls-2018-q4.csv \
    --correspondence ex/vault/exports/correspondence-2018-q4.csv >/dev/null &&
panel-sample -C ex draw --meeting $M --seed $SEED >/dev/null || exit 1

# items: the sampled correspondence IDs, one a line.
items() {
	$PYTHON -c "
import yaml
d = yaml.safe_load(open('ex/meetings/$M/sample.yaml'))
for s in d['strata']:
    if s['name'] in ('email', 'webform', 'app'):
        for i in s['items']:
            print(i['id'])
"
}

check 'before: no redacted correspondence' '
	test ! -e ex/$C
'

check 'one run redacts every sampled item into the repository and commits once' '
	items >want && test -s want &&
	before=$(git -C ex rev-parse HEAD) &&
	panel-redact -C ex --meeting $M >out 2>err && test ! -s err &&
	expect_match "^$(head -1 want): [0-9]* removals*$" out &&
	expect_match "^$(wc -l <want | tr -d " ") items, [0-9]* removals$" out &&
	test "$(git -C ex rev-parse HEAD~1)" = "$before" &&
	git -C ex log -1 --format=%s >msg &&
	expect_match "^panel-redact: $(wc -l <want | tr -d " ") correspondence items of $M redacted$" msg &&
	for id in $(cat want); do
		test -f ex/$C/$id.txt && test -f ex/$C/$id.redactions.yaml &&
		git -C ex ls-files --error-unmatch $C/$id.txt $C/$id.redactions.yaml >/dev/null ||
		exit 1
	done &&
	git -C ex ls-files >files && if grep -q "^vault/" files; then exit 1; fi &&
	test -z "$(git -C ex status --porcelain)" && git -C ex fsck --strict 2>/dev/null
'

# The raw text of each item, to look for what must be gone.
raw() {
	$PYTHON - "$1" <<-'EOF'
	import csv, sys
	for row in csv.DictReader(open("ex/vault/exports/correspondence-2018-q4.csv", encoding="utf-8")):
	    if row["contact_id"] == sys.argv[1]:
	        print(row["subject"]); print(row["body"]); print(row["response"])
	EOF
}

check 'no phone number, email, postcode or crime number is left, in text or log' '
	for id in $(items); do
		raw $id >raw.txt &&
		grep -oE "(07700 ?900[0-9]{3}|01632 ?960[0-9]{3}|[A-Za-z0-9._%+-]+@example\.org|55[0-9]{9}|\b(BH|DT|SP)[0-9]{1,2} ?[0-9][A-Z]{2}\b)" raw.txt |
		    sort -u >values || true
		while read -r v; do
			if grep -qF "$v" ex/$C/$id.txt ex/$C/$id.redactions.yaml; then
				echo "$id: a value survived"; exit 1
			fi
		done <values
	done
'

check 'each log entry is type, rule, line, column, length, placeholder, and points at it' '
	for id in $(items); do
		$PYTHON - ex/$C/$id.redactions.yaml ex/$C/$id.txt "$id" <<-'EOF' || exit 1
		import sys, yaml
		log = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
		text = open(sys.argv[2], encoding="utf-8").read().split("\n")
		assert log["item"] == sys.argv[3] and log["count"] == len(log["redactions"])
		for r in log["redactions"]:
		    assert list(r) == ["type", "rule", "line", "column", "length", "placeholder"], r
		    assert r["placeholder"] in text[r["line"] - 1], (r, text[r["line"] - 1])
		    assert r["placeholder"] == "[%s-%s]" % (r["type"], r["placeholder"].split("-")[-1][:-1])
		    assert r["length"] > 0 and r["column"] > 0
		EOF
	done
'

check 'the redacted text passes panel-redact --check, and the guard' '
	expect_exit 0 panel-redact -C ex --check ex/$C/*.txt >out && test ! -s out
'

check 'the same person keeps one placeholder within an item, the reply included' '
	for id in $(items); do
		$PYTHON - ex/$C/$id.redactions.yaml <<-'EOF' || exit 1
		import sys, yaml
		log = yaml.safe_load(open(sys.argv[1]))["redactions"]
		people = sorted({r["placeholder"] for r in log if r["type"] == "PERSON"})
		# Numbers are given in order of appearance, from 1, with no gap.
		want = ["[PERSON-%d]" % (i + 1) for i in range(len(people))]
		assert sorted(people, key=lambda p: int(p[8:-1])) == want, people
		EOF
	done
'

check 'the commit guard refuses a planted phone number: exit 1, no trace' '
	before=$(git -C ex rev-parse HEAD) &&
	id=$(items | head -1) &&
	expect_exit 1 panel-sample -C ex substitute --meeting $M --item $id \
	    --reason "the caller asked to be rung on 07700 900123" >out 2>err &&
	expect_match "sample.yaml:.*substitutions\[0\]\.reason.*holds personal data (PHONE, rule phone-uk): refusing to commit it" err &&
	if grep -q 900123 err; then exit 1; fi &&
	test "$(git -C ex rev-parse HEAD)" = "$before" &&
	git -C ex status --porcelain >status && test ! -s status
'

check '--no-commit writes the files and commits nothing' '
	rm -r ex/$C && git -C ex commit -q -am "test: remove" &&
	before=$(git -C ex rev-parse HEAD) &&
	panel-redact -C ex --meeting $M --no-commit >/dev/null &&
	test "$(git -C ex rev-parse HEAD)" = "$before" &&
	test "$(ls ex/$C | wc -l)" -eq $((2 * $(items | wc -l))) &&
	rm -r ex/$C
'

check 'a match aborted by a limit fails closed: exit 4, nothing written or committed' '
	cp ex/panel.yaml panel.yaml.saved &&
	cat >>ex/panel.yaml <<-EOF &&
	  rules:
	    - id: careless
	      type: person
	      pattern: "^(\\\\w+\\\\s?)*\$"
	EOF
	git -C ex commit -q -am "a careless rule" &&
	before=$(git -C ex rev-parse HEAD) &&
	expect_exit 4 panel-redact -C ex --meeting $M >out 2>err &&
	expect_match "rule .careless.: match aborted" err &&
	test ! -e ex/$C &&
	test "$(git -C ex rev-parse HEAD)" = "$before"
'

check 'refusals: no sample, bad date, --meeting with files' '
	expect_exit 3 panel-redact -C ex --meeting 2018-07-05 2>err &&
	expect_match "has no sample" err &&
	expect_exit 3 panel-redact -C ex --meeting 2018-13-01 2>err &&
	expect_exit 2 panel-redact -C ex --meeting $M x.txt 2>err
'

done_testing
