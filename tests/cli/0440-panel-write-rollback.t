#!/bin/sh
# A command whose commit fails or is refused leaves the work tree as it
# found it: with git's .git/index.lock held (a git that runs or crashed),
# panel-redact --meeting and panel-sample import, draw and substitute exit
# 4 with one line on stderr, nothing committed, staged or left in the work
# tree, files they replaced back byte for byte with their modes, and the
# same command goes through once the lock is gone.  A reason the commit
# guard refuses leaves no trace either, nor does a write that fails after
# others.

. "$PANEL_SRC/tests/cli/lib.sh"
. "$PANEL_SRC/tests/cli/sample.sh"

C=meetings/$M/correspondence
S=meetings/$M/sample.yaml

# snapshot DIR: every name below DIR/meetings and DIR/vault with its type
# and mode, then the SHA-256 of every file, and HEAD.
snapshot() {
	(cd "$1" && find meetings vault -printf "%p %y %m\n" | sort &&
	    find meetings vault -type f -exec sha256sum {} + | sort &&
	    git rev-parse HEAD)
}

# locked DIR CMD...: runs CMD with DIR's index locked; it must exit 4
# with a one-line message saying so, and leave DIR as snapshot.before
# says it was: no change, nothing staged or untracked, git fsck clean.
locked() {
	dir=$1 && shift &&
	touch "$dir/.git/index.lock" &&
	expect_exit 4 "$@" >out 2>err &&
	rm "$dir/.git/index.lock" &&
	test "$(wc -l <err)" -eq 1 &&
	expect_match "cannot write the index: .*locked" err &&
	snapshot "$dir" >snapshot.after && diff snapshot.before snapshot.after &&
	git -C "$dir" status --porcelain >status && test ! -s status &&
	git -C "$dir" fsck --strict --no-progress 2>/dev/null
}

check 'import: a failed commit leaves no list, population.yaml or copy' '
	sample_panel r && gen_calls 500 calls.csv && gen_corr 90 corr.csv &&
	snapshot r >snapshot.before &&
	locked r panel-sample -C r import --meeting $M --calls calls.csv \
	    --correspondence corr.csv &&
	test ! -e r/meetings/$M/population.yaml &&
	test ! -e r/meetings/$M/population && test ! -e r/vault/$M &&
	panel-sample -C r import --meeting $M --calls calls.csv \
	    --correspondence corr.csv >out &&
	test -f r/meetings/$M/population.yaml &&
	git -C r status --porcelain >status && test ! -s status
'

check 'import again: the lists it replaced and removed come back as they were' '
	chmod 644 r/meetings/$M/population.yaml &&
	gen_calls 300 fewer.csv && snapshot r >snapshot.before &&
	locked r panel-sample -C r import --meeting $M --calls fewer.csv &&
	test "$(stat -c %a r/meetings/$M/population.yaml)" = 644
'

check 'draw: a failed commit leaves no sample.yaml; then it is drawn' '
	snapshot r >snapshot.before &&
	locked r panel-sample -C r draw --meeting $M --seed $SEED &&
	test ! -e r/$S &&
	panel-sample -C r draw --meeting $M --seed $SEED >out &&
	git -C r ls-files --error-unmatch $S >/dev/null &&
	git -C r status --porcelain >status && test ! -s status
'

# item N: the id of the Nth item of the sample of r.
item() {
	sed -n "s/^    id: //p" r/$S | sed -n "$1p"
}

check 'substitute: a failed commit leaves the sample as it was' '
	id=$(item 1) && test -n "$id" &&
	snapshot r >snapshot.before &&
	locked r panel-sample -C r substitute --meeting $M --item "$id" \
	    --reason "the member knows the caller" &&
	panel-sample -C r substitute --meeting $M --item "$id" \
	    --reason "the member knows the caller" >out &&
	git -C r log -1 --format=%s >msg &&
	expect_match "^panel-sample: substitute $id by " msg
'

check 'a reason the guard refuses: exit 1, the sample as it was, no trace' '
	id=$(item 2) && test -n "$id" && snapshot r >snapshot.before &&
	expect_exit 1 panel-sample -C r substitute --meeting $M --item "$id" \
	    --reason "the caller asked to be rung on 07700 900123" >out 2>err &&
	test "$(wc -l <err)" -eq 1 &&
	expect_match "holds personal data (PHONE, rule phone-uk): refusing to commit it" err &&
	snapshot r >snapshot.after && diff snapshot.before snapshot.after &&
	git -C r status --porcelain >status && test ! -s status &&
	if grep -rq 900123 r --exclude-dir=.git; then exit 1; fi
'

check 'a declared interest the guard refuses leaves no trace either' '
	id=$(item 2) && test -n "$id" && snapshot r >snapshot.before &&
	expect_exit 1 panel-sample -C r conflict --meeting $M --member GF \
	    --item "$id" --interest "email me at pat@example.org" >out 2>err &&
	expect_match "refusing to commit it" err &&
	snapshot r >snapshot.after && diff snapshot.before snapshot.after &&
	git -C r status --porcelain >status && test ! -s status
'

check 'redact --meeting: a failed commit writes no correspondence' '
	rm -rf ex && panel init --from "$PANEL_SRC/examples/dorset-csip" ex >/dev/null &&
	panel-sample -C ex import --meeting 2019-01-10 \
	    --calls ex/vault/exports/calls-2018-q4.csv \
	    --correspondence ex/vault/exports/correspondence-2018-q4.csv >/dev/null &&
	panel-sample -C ex draw --meeting 2019-01-10 --seed $SEED >/dev/null &&
	snapshot ex >snapshot.before &&
	locked ex panel-redact -C ex --meeting 2019-01-10 &&
	test ! -e ex/meetings/2019-01-10/correspondence &&
	panel-redact -C ex --meeting 2019-01-10 >redact.out &&
	expect_match "^[0-9]* items, [0-9]* removals$" redact.out &&
	git -C ex status --porcelain >status && test ! -s status
'

check 'redact --meeting again: the items it replaced come back as they were' '
	c=ex/meetings/2019-01-10/correspondence &&
	f=$(ls $c | head -1) && printf "edited by hand\n" >$c/$f &&
	chmod 640 $c/$f && git -C ex commit -q -am "test: an edit" &&
	snapshot ex >snapshot.before &&
	locked ex panel-redact -C ex --meeting 2019-01-10 &&
	test "$(cat $c/$f)" = "edited by hand" &&
	test "$(stat -c %a $c/$f)" = 640
'

check 'redact --meeting: a write that fails takes back the items before it' '
	c=ex/meetings/2019-01-10/correspondence &&
	last=$(sed -n "s/: [0-9]* removals*$//p" redact.out | tail -1) &&
	test -n "$last" && test "$(ls $c | wc -l)" -gt 2 &&
	git -C ex rm -q -r meetings/2019-01-10/correspondence && git -C ex commit -q -m "test: none yet" &&
	mkdir -p $c/$last.redactions.yaml && snapshot ex >snapshot.before &&
	expect_exit 3 panel-redact -C ex --meeting 2019-01-10 >out 2>err &&
	test "$(wc -l <err)" -eq 1 &&
	expect_match "$last.redactions.yaml: is not a regular file" err &&
	snapshot ex >snapshot.after && diff snapshot.before snapshot.after &&
	rmdir $c/$last.redactions.yaml &&
	git -C ex status --porcelain >status && test ! -s status
'

done_testing
