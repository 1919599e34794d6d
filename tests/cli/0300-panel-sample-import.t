#!/bin/sh
# panel-sample import: the population fixed from the exports, checked with
# independent tools (awk, sort, sha256sum, cmp, git, python3 jsonschema),
# and every refusal of bad input with its file, line and column.

. "$PANEL_SRC/tests/cli/lib.sh"
. "$PANEL_SRC/tests/cli/sample.sh"

P=meetings/$M/population

check 'import writes sorted ID lists per stratum, leaving out training calls' '
	imported r &&
	awk -F, "NR > 1 && \$3 == \"101\" && \$6 == \"N\" { print \$1 }" calls.csv |
	    sort >want101 &&
	awk -F, "NR > 1 && \$3 == \"999\" && \$6 == \"N\" { print \$1 }" calls.csv |
	    sort >want999 &&
	awk -F, "NR > 1 && \$3 == \"webform\" { print \$1 }" corr.csv |
	    sort >wantweb &&
	diff want101 r/$P/101.ids && diff want999 r/$P/999.ids &&
	diff wantweb r/$P/webform.ids &&
	test "$(cat r/$P/*.ids | wc -l)" -eq 580
'

check 'population.yaml records counts, digests and exclusions' '
	imported r &&
	$PYTHON - r "$PANEL_SRC" <<-\PY
	import hashlib, json, sys, yaml, jsonschema
	root = sys.argv[1]
	doc = yaml.safe_load(open(root + "/meetings/2018-10-04/population.yaml"))
	schema = json.load(open(sys.argv[2] + "/schemas/population.json"))
	jsonschema.Draft202012Validator(schema).validate(doc)
	assert doc["period"] == {"from": "2018-07-01", "to": "2018-09-30"}
	for s in doc["strata"]:
	    data = open(root + "/" + s["file"], "rb").read()
	    assert hashlib.sha256(data).hexdigest() == s["sha256"], s
	    assert data.count(b"\n") == s["count"], s
	src = {s["kind"]: s for s in doc["sources"]}
	assert src["calls"]["rows"] == 500 and src["correspondence"]["rows"] == 90
	ex = {e["reason"]: e["count"] for e in doc["excluded"]}
	assert ex["training call"] == 10 and ex["outside the period"] == 0, ex
	assert [s["name"] for s in doc["strata"]] == ["101", "999", "email", "webform", "app"]
	PY
'

check 'the raw exports are copied into the vault, 0600, never committed' '
	imported r &&
	cmp calls.csv r/vault/$M/calls.csv && cmp corr.csv r/vault/$M/corr.csv &&
	test "$(stat -c %a r/vault/$M/calls.csv)" = 600 &&
	test "$(stat -c %a r/vault/$M)" = 700 &&
	git -C r ls-files >files && ! grep -q vault files &&
	expect_match "^meetings/$M/population/101.ids$" files &&
	git -C r log --format=%s -1 >msg &&
	expect_match "^panel-sample: fix the population for $M: 580 contacts in 5 strata$" msg &&
	expect_match "sha256 $(sha256sum <calls.csv | cut -c1-64)" import.out &&
	expect_match "stratum 101 .* 470 IDs" import.out &&
	expect_match "excluded *10 training call" import.out &&
	git -C r status --porcelain >st && test ! -s st && git -C r fsck 2>&1
'

check 'filters: period, area, channel; lists of strata dropped are removed' '
	imported r &&
	panel-sample -C r import --meeting $M --calls calls.csv \
	    --period 2018-08-01..2018-08-31 --area Poole --channel 101 >out &&
	awk -F, "NR > 1 && \$3 == \"101\" && \$6 == \"N\" && \$4 == \"Poole\" &&
	    substr(\$2, 4, 2) == \"08\" { print \$1 }" calls.csv | sort >want &&
	diff want r/$P/101.ids &&
	test ! -e r/$P/999.ids && test ! -e r/$P/email.ids &&
	git -C r ls-files $P >files && test "$(wc -l <files)" -eq 1 &&
	expect_match "outside the period" out &&
	grep -A1 "filters:" r/meetings/$M/population.yaml >f &&
	expect_match "areas:" f
'

check 'a BOM at the start of an export is not part of the first column' '
	sample_panel r && gen_calls 30 c.csv &&
	{ printf "\357\273\277"; cat c.csv; } >bom.csv &&
	panel-sample -C r import --meeting $M --calls bom.csv >/dev/null &&
	test "$(wc -l <r/$P/101.ids)" -gt 20
'

# refuse NAME LINE MESSAGE: import of bad.csv exits 3 naming the line,
# writes no list, commits nothing and leaves no vault/DATE folder behind
# (the export is copied there as it is read).
refuse() {
	git -C r rev-parse HEAD >before &&
	expect_exit 3 panel-sample -C r import --meeting $M --calls bad.csv \
	    >out 2>err &&
	expect_match "^panel-sample: bad.csv:$1: $2" err &&
	test "$(wc -l <err)" -eq 1 && test ! -s out &&
	git -C r rev-parse HEAD >after && diff before after &&
	test ! -e r/$P && test ! -e r/vault/$M && test -d r/vault
}

# bad_row N ROW: the export with line N replaced by ROW.
bad_row() {
	gen_calls 10 good.csv &&
	awk -v n="$1" -v row="$2" "NR == n { print row; next } 1" good.csv >bad.csv
}

check 'refused: a duplicate reference, naming both lines' '
	sample_panel r && bad_row 6 "C-000002,05/08/2018 10:00:00,101,Poole,1,N,R-1" &&
	refuse 6 "column .call_id.: duplicate contact reference (first on line 3)"
'
check 'refused: an empty reference' '
	sample_panel r && bad_row 4 ",05/08/2018 10:00:00,101,Poole,1,N,R-1" &&
	refuse 4 "column .call_id.: contact reference is empty"
'
check 'refused: leading or trailing white space in a reference' '
	sample_panel r && bad_row 4 " C-9,05/08/2018 10:00:00,101,Poole,1,N,R-1" &&
	refuse 4 "column .call_id.: contact reference has leading or trailing white space" &&
	bad_row 5 "C-9 ,05/08/2018 10:00:00,101,Poole,1,N,R-1" &&
	refuse 5 "column .call_id.: contact reference has leading or trailing white space" &&
	bad_row 5 "\"C-9	\",05/08/2018 10:00:00,101,Poole,1,N,R-1" &&
	refuse 5 "column .call_id.: contact reference has leading or trailing white space"
'
check 'refused: invalid UTF-8 in a reference' '
	sample_panel r && bad_row 3 "$(printf "C-\377,05/08/2018 10:00:00,101,Poole,1,N,R-1")" &&
	refuse 3 "column .call_id.: invalid UTF-8"
'
check 'refused: a BOM inside a reference' '
	sample_panel r &&
	bad_row 7 "$(printf "C-\357\273\2779,05/08/2018 10:00:00,101,Poole,1,N,R-1")" &&
	refuse 7 "column .call_id.: byte order mark inside a field"
'
check 'refused: a control character in a reference' '
	sample_panel r && bad_row 3 "$(printf "\"C-\0339\",05/08/2018 10:00:00,101,Poole,1,N,R-1")" &&
	refuse 3 "column .call_id.: contact reference holds a control character"
'
check 'refused: a ragged row' '
	sample_panel r && bad_row 5 "C-9,05/08/2018 10:00:00,101,Poole" &&
	refuse 5 "row has 4 fields, the header has 7"
'
check 'refused: an unterminated quote' '
	sample_panel r && bad_row 9 "\"C-9,05/08/2018 10:00:00,101,Poole,1,N,R-1" &&
	refuse 9 "stray or unterminated quote"
'
check 'refused: a field over 64 KiB' '
	sample_panel r &&
	bad_row 4 "C-9,05/08/2018 10:00:00,101,Poole,1,N,$(head -c 70000 /dev/zero | tr "\0" x)" &&
	refuse 4 "column .recording_ref.: field longer than 65536 bytes"
'
check 'refused: a time that does not fit the time format' '
	sample_panel r && bad_row 4 "C-9,2018-08-05 10:00,101,Poole,1,N,R-1" &&
	refuse 4 "column .start_time.: time does not fit" &&
	bad_row 4 "C-9,31/09/2018 10:00:00,101,Poole,1,N,R-1" &&
	refuse 4 "column .start_time.: time does not fit"
'
check 'refused: an unknown channel' '
	sample_panel r && bad_row 8 "C-9,05/08/2018 10:00:00,111,Poole,1,N,R-1" &&
	refuse 8 "column .channel.: unknown channel"
'
check 'refused: a header without a mapped column' '
	sample_panel r && gen_calls 5 good.csv &&
	sed "1s/area/district/" good.csv >bad.csv &&
	refuse 1 "column .area. is not in the header"
'
check 'refused: a meeting without meeting.yaml, or a date that is not one' '
	sample_panel r && gen_calls 5 c.csv &&
	expect_exit 3 panel-sample -C r import --meeting 2018-11-01 --calls c.csv 2>err &&
	expect_match "no meeting on 2018-11-01" err &&
	expect_exit 3 panel-sample -C r import --meeting ../x --calls c.csv 2>err &&
	expect_match "meeting" err &&
	expect_exit 3 panel-sample -C r import --meeting $M --calls missing.csv 2>err &&
	expect_match "missing.csv: cannot open" err &&
	test ! -e r/vault/$M
'
check 'refused: bad periods and channels' '
	sample_panel r && gen_calls 5 c.csv &&
	expect_exit 2 panel-sample -C r import --meeting $M --calls c.csv --period 2018-07-01 2>err &&
	expect_exit 3 panel-sample -C r import --meeting $M --calls c.csv --period 2018-07-01..2018-02-30 2>err &&
	expect_match "real dates" err &&
	expect_exit 3 panel-sample -C r import --meeting $M --calls c.csv --period 2018-09-01..2018-07-01 2>err &&
	expect_match "FROM is after TO" err &&
	expect_exit 3 panel-sample -C r import --meeting $M --calls c.csv --channel fax 2>err &&
	expect_match "channel .fax. is not a stratum" err &&
	test ! -e r/vault/$M
'
check 'usage: a mode is needed, and options of other modes are refused' '
	sample_panel r &&
	expect_exit 2 panel-sample -C r 2>err && expect_match "no mode" err &&
	expect_exit 2 panel-sample -C r import --meeting $M 2>err &&
	expect_match "needs --calls or --correspondence" err &&
	expect_exit 2 panel-sample -C r import --calls x.csv 2>err &&
	expect_match "needs --meeting" err &&
	expect_exit 2 panel-sample -C r import --meeting $M --calls x.csv --seed 1 2>err &&
	expect_match "option --seed is not for this mode" err &&
	expect_exit 2 panel-sample -C r shuffle --meeting $M 2>err &&
	expect_match "not a mode" err
'
check 'busy: another writer holds the lock (exit 4)' '
	sample_panel r && gen_calls 5 c.csv &&
	{ flock r/.git/panel.lock sleep 3 & } && sleep 0.5 &&
	expect_exit 4 panel-sample -C r import --meeting $M --calls c.csv 2>err &&
	expect_match "busy" err && wait
'

done_testing
