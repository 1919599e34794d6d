#!/bin/sh
# panel-sample import refused or failed at any step leaves the vault as it
# found it: no vault/DATE folder it made, no copy or temp file, and every
# file that was there before unchanged (compared by find and sha256sum).

. "$PANEL_SRC/tests/cli/lib.sh"
. "$PANEL_SRC/tests/cli/sample.sh"

V=vault/$M

# snapshot DIR: every name below DIR with its type and mode, then the
# SHA-256 of every file.
snapshot() {
	(cd "$1" && find . -printf "%p %y %m\n" | sort &&
	    find . -type f -exec sha256sum {} + | sort)
}

# bad_calls FILE N ROW: 10 calls with line N replaced by ROW.
bad_calls() {
	gen_calls 10 good.csv &&
	awk -v n="$2" -v row="$3" "NR == n { print row; next } 1" good.csv >"$1"
}

# refused ARGS...: import ARGS exits 3 with HEAD as in the file before
# and the vault as in the file vault.before (a snapshot).
refused() {
	expect_exit 3 panel-sample -C r import --meeting $M "$@" 2>err &&
	git -C r rev-parse HEAD >after && diff before after &&
	snapshot r/vault >vault.after && diff vault.before vault.after
}

# no_author CMD...: runs CMD (a function too) where git finds no author,
# so that the commit, the import's last step, fails.
no_author() {
	(unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME \
	    GIT_COMMITTER_EMAIL && "$@")
}

check 'a refused export leaves an existing vault/DATE and its files alone' '
	sample_panel r && mkdir r/$V && echo "kept" >r/$V/notes.txt &&
	echo "an earlier copy" >r/$V/bad.csv && chmod 640 r/$V/notes.txt &&
	git -C r rev-parse HEAD >before && snapshot r/vault >vault.before &&
	bad_calls bad.csv 6 "C-000002,05/08/2018 10:00:00,101,Poole,1,N,R-1" &&
	refused --calls bad.csv && expect_match "duplicate" err &&
	bad_calls bad.csv 5 "C-9,05/08/2018 10:00:00,101,Poole" &&
	refused --calls bad.csv && expect_match "row has 4 fields" err &&
	bad_calls bad.csv 4 "C-9,31/09/2018 10:00:00,101,Poole,1,N,R-1" &&
	refused --calls bad.csv && expect_match "time does not fit" err &&
	test "$(cat r/$V/bad.csv)" = "an earlier copy"
'

check 'a refused second export leaves the first import and its copies' '
	imported r && rm -rf new && mkdir new && gen_calls 600 new/calls.csv &&
	gen_corr 20 good.csv &&
	awk "NR == 7 { print \"E-9,2018-08-01 10:00,email\"; next } 1" \
	    good.csv >new/corr.csv &&
	git -C r rev-parse HEAD >before && snapshot r/vault >vault.before &&
	refused --calls new/calls.csv --correspondence new/corr.csv &&
	expect_match "corr.csv:7: row has 3 fields" err &&
	cmp calls.csv r/$V/calls.csv && cmp corr.csv r/$V/corr.csv &&
	git -C r status --porcelain >st && test ! -s st
'

check 'a failed commit leaves no vault/DATE behind' '
	sample_panel r && gen_calls 10 c.csv &&
	git -C r rev-parse HEAD >before && snapshot r/vault >vault.before &&
	no_author refused --calls c.csv && expect_match "no author" err &&
	test ! -e r/$V
'

check 'a failed commit after an earlier import leaves its copies alone' '
	imported r && rm -rf new && mkdir new && gen_calls 600 new/calls.csv &&
	git -C r rev-parse HEAD >before && snapshot r/vault >vault.before &&
	no_author refused --calls new/calls.csv &&
	expect_match "no author" err && cmp calls.csv r/$V/calls.csv
'

check 'a vault folder the import had to make is removed as well' '
	sample_panel r && rm -r r/vault &&
	bad_calls bad.csv 5 "C-9,05/08/2018 10:00:00,101,Poole" &&
	expect_exit 3 panel-sample -C r import --meeting $M --calls bad.csv 2>err &&
	test ! -e r/vault && test -d r/meetings/$M
'

done_testing
