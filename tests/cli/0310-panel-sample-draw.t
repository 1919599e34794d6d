#!/bin/sh
# panel-sample draw: the sample against tests/bench/consistent_sampler.py
# (an independent implementation), the details against the export, and
# every refusal of point 2 of issue 3 with nothing committed.

. "$PANEL_SRC/tests/cli/lib.sh"
. "$PANEL_SRC/tests/cli/sample.sh"

S=meetings/$M/sample.yaml

# expected DIR STRATUM N: "POSITION TICKET ID" of the first N of a list.
expected() {
	$PYTHON "$SAMPLER" --seed $SEED -n "$3" "$1/meetings/$M/population/$2.ids"
}

# drawn_list DIR STRATUM: "POSITION TICKET ID" of items then reserves.
drawn_list() {
	$PYTHON - "$1/$S" "$2" <<-\PY
	import sys, yaml
	doc = yaml.safe_load(open(sys.argv[1]))
	for s in doc["strata"]:
	    if s["name"] == sys.argv[2]:
	        for i in s["items"] + s["reserves"]:
	            print(i["position"], i["ticket"], i["id"])
	PY
}

check 'the draw is the independent implementation'"'"'s, stratum by stratum' '
	drawn r &&
	for s in 101:9 999:5 email:7 webform:5 app:4; do
		expected r ${s%:*} ${s#*:} >want && drawn_list r ${s%:*} >got &&
		diff want got || return 1
	done &&
	$PYTHON -c "import json, sys, yaml, jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(
    yaml.safe_load(open(sys.argv[2])))" "$PANEL_SRC/schemas/sample.json" r/$S
'

check 'every item and reserve carries the date, time, area and recording of its row' '
	drawn r &&
	$PYTHON - r/$S calls.csv corr.csv <<-\PY
	import csv, sys, yaml
	rows = {}
	for f in sys.argv[2:]:
	    for row in csv.DictReader(open(f)):
	        rows[row.get("call_id") or row["contact_id"]] = row
	doc = yaml.safe_load(open(sys.argv[1]))
	n = 0
	for s in doc["strata"]:
	    for i in s["items"] + s["reserves"]:
	        row, n = rows[i["id"]], n + 1
	        if "start_time" in row:
	            d, t = row["start_time"].split()
	            assert i["date"] == d[6:] + "-" + d[3:5] + "-" + d[:2], i
	            assert i["time"] == t and i["recording"] == row["recording_ref"], i
	        else:
	            assert i["date"] + " " + i["time"] == row["received"], i
	            assert "recording" not in i
	        assert i["channel"] == row["channel"] == s["name"], i
	        assert i["area"] == row["area"], i
	assert n == 30, n
	PY
'

check 'one commit, after the population commit; recorded seed and hash' '
	drawn r &&
	git -C r log --format=%s -1 >msg &&
	expect_match "^panel-sample: draw the sample for $M with seed $SEED$" msg &&
	git -C r merge-base --is-ancestor HEAD~1 HEAD &&
	expect_match "^population_commit: $(git -C r rev-parse HEAD~1)$" r/$S &&
	expect_match "^seed_sha256: $(printf %s $SEED | sha256sum | cut -c1-64)$" r/$S &&
	expect_match "^seed: .$SEED.$" r/$S &&
	git -C r status --porcelain >st && test ! -s st && git -C r fsck 2>&1
'

check 'the order of rows in the export does not change the population or sample' '
	drawn r && mv r/$S first.yaml &&
	mkdir -p rev && { head -1 calls.csv; sed 1d calls.csv | sort -r; } >rev/calls.csv &&
	! cmp -s calls.csv rev/calls.csv && sample_panel q &&
	panel-sample -C q import --meeting $M --calls rev/calls.csv --correspondence corr.csv >/dev/null &&
	cmp r/meetings/$M/population/101.ids q/meetings/$M/population/101.ids &&
	panel-sample -C q draw --meeting $M --seed $SEED >/dev/null &&
	grep -v population_commit first.yaml >a && grep -v population_commit q/$S >b &&
	diff a b
'

check 'sizes and reserves; a size over the stratum takes all of it' '
	imported r &&
	panel-sample -C r draw --meeting $M --seed $SEED --size 101=3,app=100 --reserve 1 >out &&
	drawn_list r 101 >got && test "$(wc -l <got)" -eq 4 &&
	expected r 101 4 >want && diff want got &&
	drawn_list r app >got && test "$(wc -l <got)" -eq 30 &&
	expect_match "stratum app: 30 of 30, 0 reserves" out
'

# refuse_draw MESSAGE ARGS...: the draw exits 3 and commits nothing.
refuse_draw() {
	msg=$1 && shift &&
	git -C r rev-parse HEAD >before &&
	expect_exit 3 panel-sample -C r draw --meeting $M "$@" >out 2>err &&
	expect_match "$msg" err && test "$(wc -l <err)" -eq 1 &&
	git -C r rev-parse HEAD >after && diff before after
}

check 'refused: seeds that are not 20 or more ASCII digits' '
	imported r &&
	refuse_draw "seed: 19 digits, need 20 to 256" --seed 1234567890123456789 &&
	refuse_draw "seed: character 5 is not an ASCII digit" --seed 1234x678901234567890 &&
	refuse_draw "seed: character 1 is not an ASCII digit" \
	    --seed "$(printf "\357\274\221")12345678901234567890" &&
	refuse_draw "seed: 257 digits" --seed "$(printf "%0257d" 7)" &&
	test ! -e r/$S
'

check 'refused: a population not yet committed, or changed since' '
	sample_panel r && gen_calls 100 calls.csv &&
	panel-sample -C r --no-commit import --meeting $M --calls calls.csv >/dev/null &&
	refuse_draw "population is not committed as it stands" --seed $SEED &&
	git -C r add -A && git -C r commit -q -m "by hand" &&
	echo "C-999999" >>r/meetings/$M/population/999.ids &&
	refuse_draw "population is not committed as it stands" --seed $SEED &&
	git -C r commit -q -am "a list edited by hand" &&
	refuse_draw "999.ids: differs from meetings/$M/population.yaml" --seed $SEED &&
	test ! -e r/$S
'

check 'refused: no population, a second draw, import after the draw' '
	sample_panel r &&
	refuse_draw "no population for $M" --seed $SEED &&
	drawn r &&
	refuse_draw "a sample has already been drawn for $M" --seed 98765432109876543210 &&
	expect_exit 3 panel-sample -C r import --meeting $M --calls calls.csv 2>err &&
	expect_match "a sample has been drawn for $M: its population is fixed" err
'

check 'refused: a seed used at another meeting' '
	drawn r && mkdir r/meetings/2019-01-10 &&
	printf "date: '"'"'2019-01-10'"'"'\nlocation: Hall\nstatus: scheduled\nperiod:\n  from: '"'"'2018-07-01'"'"'\n  to: '"'"'2018-12-31'"'"'\n" \
	    >r/meetings/2019-01-10/meeting.yaml &&
	git -C r add -A && git -C r commit -q -m "next meeting" &&
	panel-sample -C r import --meeting 2019-01-10 --calls calls.csv \
	    --correspondence corr.csv >out2 &&
	expect_match "excluded *15 sampled at an earlier meeting" out2 &&
	for id in $(sed -n "/^  items:/,/^  reserves:/s/^    id: //p" r/$S); do
		! grep -qx "$id" r/meetings/2019-01-10/population/*.ids || return 1
	done &&
	git -C r rev-parse HEAD >before &&
	expect_exit 3 panel-sample -C r draw --meeting 2019-01-10 --seed $SEED 2>err &&
	expect_match "seed: already used for the sample of $M" err &&
	git -C r rev-parse HEAD >after && diff before after
'

check 'refused: a size for a stratum the population lacks; bad sizes' '
	sample_panel r && gen_calls 100 calls.csv &&
	panel-sample -C r import --meeting $M --calls calls.csv >/dev/null &&
	refuse_draw "size: stratum .email. is not in the population" --seed $SEED --size email=2 &&
	expect_exit 2 panel-sample -C r draw --meeting $M --seed $SEED --size fax=2 2>err &&
	expect_match "option --size" err &&
	expect_exit 2 panel-sample -C r draw --meeting $M --seed $SEED --size 101=1001 2>err &&
	expect_exit 2 panel-sample -C r draw --meeting $M --seed $SEED --reserve 101 2>err &&
	expect_match "option --reserve" err
'

check 'refused: the vault index changed since the import' '
	imported r && sed -i "s/R-000001$/R-999999/" r/vault/$M/contacts.tsv &&
	refuse_draw "vault/$M/contacts.tsv: differs from the index fixed at import" --seed $SEED &&
	rm r/vault/$M/contacts.tsv &&
	refuse_draw "vault/$M/contacts.tsv: no such file" --seed $SEED
'

done_testing
