#!/bin/sh
# panel-sample verify: 0 on a true sample, 1 naming the first difference
# for a changed ID list, a changed seed, an edited sample.yaml, a wrong
# substitution and a population committed with the draw; and the man
# page's sha256sum/bc/rev recipe gives the recorded tickets.

. "$PANEL_SRC/tests/cli/lib.sh"
. "$PANEL_SRC/tests/cli/sample.sh"

S=meetings/$M/sample.yaml
P=meetings/$M/population

# no MESSAGE: verify exits 1 with one line matching MESSAGE.
no() {
	expect_exit 1 panel-sample -C r verify --meeting $M >out 2>err &&
	expect_match "$1" err && test "$(wc -l <err)" -eq 1 && test ! -s out
}

# edit FILE SED: edits FILE in place and commits it.
edit() {
	sed -i "$2" "r/$1" && git -C r commit -q -am "edited by hand"
}

check 'a true sample verifies' '
	drawn r &&
	panel-sample -C r verify --meeting $M >out 2>err && test ! -s err &&
	expect_match "^sample for $M verified: seed $SEED, 5 strata, 15 items" out &&
	expect_match "predates the draw commit" out
'

check 'a changed ID list is caught' '
	drawn r && edit $P/101.ids "3d" &&
	no "101.ids: differs from meetings/$M/population.yaml"
'

check 'a population rewritten after the draw, digests and all, is caught' '
	drawn r && sed -i 3d r/$P/101.ids &&
	sum=$(sha256sum <r/$P/101.ids | cut -c1-64) &&
	n=$(wc -l <r/$P/101.ids) &&
	$PYTHON - r/meetings/$M/population.yaml "$sum" "$n" <<-\PY &&
	import sys
	p, s, n = sys.argv[1:]
	lines = open(p).read().split("\n")
	for i, l in enumerate(lines):
	    if l == "- name: '"'"'101'"'"'":
	        lines[i + 2] = "  count: " + n
	        lines[i + 3] = "  sha256: " + s
	open(p, "w").write("\n".join(lines))
	PY
	git -C r commit -q -am "population rewritten" &&
	no "stratum .101.: population count or sha256 differs from the list"
'

check 'a changed seed is caught, with or without its hash' '
	drawn r && edit $S "s/^seed: .*/seed: '"'"'31415926535897932384627'"'"'/" &&
	no "seed_sha256 is not the SHA-256 of the seed" &&
	h=$(printf %s 31415926535897932384627 | sha256sum | cut -c1-64) &&
	edit $S "s/^seed_sha256: .*/seed_sha256: $h/" &&
	no "stratum .101. items\[0\]: id should be" &&
	edit $S "s/^seed: .*/seed: '"'"'12'"'"'/" && no "seed is missing or not 20 to 256 digits"
'

check 'an edited sample.yaml is caught, committed or not' '
	drawn r && first=$(sed -n "s/^    id: //p" r/$S | head -1) &&
	sed -i "0,/^    id: $first/s//    id: C-999999/" r/$S &&
	no "sample.yaml: differs from its committed version" &&
	git -C r commit -q -am "item swapped" &&
	no "sample.yaml:[0-9]*:[0-9]*: stratum .101. items\[0\]: id should be .$first." &&
	git -C r revert --no-edit HEAD >/dev/null && panel-sample -C r verify --meeting $M >/dev/null &&
	edit $S "0,/ticket: .0\./s/ticket: .0\./ticket: '"'"'0.9/" &&
	no "items\[0\]: ticket should be" &&
	git -C r revert --no-edit HEAD >/dev/null &&
	edit $S "0,/position: 2/s//position: 3/" && no "items\[1\]: position should be 2" &&
	git -C r revert --no-edit HEAD >/dev/null &&
	edit $S "s/^algorithm: .*/algorithm: simple-random/" && no "algorithm is not"
'

check 'a substitution that did not bring in the next reserve is caught' '
	drawn r && first=$(sed -n "s/^    id: //p" r/$S | head -1) &&
	second=$(sed -n "/^  reserves:/,/^- name/s/^    id: //p" r/$S | sed -n 2p) &&
	printf "substitutions:\n- item: %s\n  reason: gone\n  replacement: %s\n" "$first" "$second" >subs &&
	sed -i "/^substitutions: \[\]/d" r/$S &&
	awk "/^conflicts:/ { while ((getline l < \"subs\") > 0) print l } 1" r/$S >new &&
	mv new r/$S && git -C r commit -q -am "substitution by hand" &&
	no "substitutions\[0\]: replacement is not the next reserve of stratum .101."
'

check 'a population committed with the draw is caught' '
	drawn r && git -C r reset -q --soft HEAD~2 &&
	git -C r commit -q -m "population and sample at once" &&
	no "was not committed before the draw"
'

check 'a copy without git verifies, saying the order is not checked' '
	drawn r && mkdir c && cp -r r/panel.yaml r/meetings r/members c/ &&
	panel-sample -C c verify --meeting $M >out &&
	expect_match "not a git work tree: commit order not checked" out
'

check 'the sha256sum, bc and rev recipe of the manual gives every ticket' '
	command -v bash >/dev/null && drawn r &&
	sed -n "s/^    ticket: .\(.*\).$/\1/p; s/^    id: //p" r/$S | paste - - >pairs &&
	test "$(wc -l <pairs)" -eq 30 &&
	while read -r ticket id; do
		key=$(bash -c '"'"'seed=$1 id=$2
S=$(printf %s "$seed" | sha256sum); S=${S%% *}
H=$(printf %s "$S$id" | sha256sum); H=${H%% *}
echo "ibase=16; ${H^^}" | BC_LINE_LENGTH=0 bc | rev'"'"' sh $SEED "$id") &&
		nines=$(expr "$key" : "9*" || :) &&
		test "0.$(echo "$key" | cut -c1-$((nines + 18)))" = "$ticket" || {
			echo "recipe: $id: 0.$key is not $ticket" >&2; return 1; }
	done <pairs
'

check 'the manual states the recipe that was tested' '
	mandoc -Tascii "$PANEL_SRC/man/panel-sample.1" | sed "s/.$(printf "\b")//g" >man.txt &&
	expect_match "H=\$(printf %s \"\$S\$id\" | sha256sum); H=\${H%% \*}" man.txt &&
	expect_match "echo \"ibase=16; \${H^^}\" | BC_LINE_LENGTH=0 bc | rev" man.txt &&
	expect_match "0.000000652464552936" man.txt
'

check 'usage and bad input' '
	sample_panel r &&
	expect_exit 3 panel-sample -C r verify --meeting $M 2>err &&
	expect_match "no population for $M" err &&
	expect_exit 2 panel-sample -C r verify --meeting $M --seed $SEED 2>err &&
	expect_exit 2 panel-sample -C r verify 2>err && expect_match "needs --meeting" err
'

done_testing
