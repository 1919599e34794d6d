#!/bin/sh
# The example panel's meeting of 2018-10-04 carries a population and a
# sample made by panel-sample from the example's exports with a recorded
# seed: they verify on a fresh copy, and importing and drawing again from
# the same exports with the same seed gives the same records.

. "$PANEL_SRC/tests/cli/lib.sh"

EX="$PANEL_SRC/examples/dorset-csip"
M=2018-10-04

check 'verify passes on a fresh panel init --from copy of the example' '
	panel init --from "$EX" ex >/dev/null &&
	panel-sample -C ex verify --meeting $M >out 2>err && test ! -s err &&
	expect_match "^sample for $M verified: seed [0-9]\{20,\}, 5 strata, 15 items" out
'

check 'the example'"'"'s records are what import and draw make from its exports' '
	panel init --from "$EX" re >/dev/null &&
	seed=$(sed -n "s/^seed: .\([0-9]*\).$/\1/p" re/meetings/$M/sample.yaml) &&
	test "${#seed}" -ge 20 &&
	git -C re rm -q -r meetings/$M/population meetings/$M/population.yaml \
	    meetings/$M/sample.yaml && git -C re commit -q -m "start again" &&
	panel-sample -C re import --meeting $M \
	    --calls re/vault/exports/calls-2018-q3.csv \
	    --correspondence re/vault/exports/correspondence-2018-q3.csv >/dev/null &&
	diff -r "$EX/meetings/$M/population" re/meetings/$M/population &&
	diff "$EX/meetings/$M/population.yaml" re/meetings/$M/population.yaml &&
	panel-sample -C re draw --meeting $M --seed "$seed" >/dev/null &&
	grep -v "^population_commit:" "$EX/meetings/$M/sample.yaml" >want &&
	grep -v "^population_commit:" re/meetings/$M/sample.yaml >got &&
	diff want got && panel-sample -C re verify --meeting $M >/dev/null
'

check 'the example verifies in place, read-only, and passes panel check' '
	panel-sample -C "$EX" verify --meeting $M >out &&
	expect_match "commit order not checked" out &&
	panel check -C "$EX" >/dev/null
'

check 'the example'"'"'s pack names its vault files' '
	panel init --from "$EX" pk >/dev/null &&
	panel-sample -C pk pack --meeting $M >pack.md &&
	expect_match "in vault/$M/calls-2018-q3.csv" pack.md &&
	expect_match "in vault/$M/correspondence-2018-q3.csv" pack.md
'

done_testing
