#!/bin/sh
# Safety at the command level (issue 2, point 6): every kind of hostile or
# unsafe input in a panel's records gives exit 3 from panel init --from,
# with one line naming file:line:col (or the file, for
# what is wrong with the file as a whole), never a crash, never the personal
# data in a value, and nothing written; panel check on the same folder
# exits 3 for what cannot be read and 1 for what is read but wrong.
# Strings that look like other types survive a save as the same strings.

. "$PANEL_SRC/tests/cli/lib.sh"

BASE=$PANEL_SRC/tests/data/check/valid/repo

# fingerprint DIR: every path under DIR with its type and digest.
fingerprint() {
	(cd "$1" && find . | LC_ALL=C sort | while IFS= read -r f; do
		if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"
		elif [ -f "$f" ]; then echo "$f $(sha256sum <"$f" | cut -c1-16)"
		else echo "$f"; fi
	done)
}

# source: a fresh copy of the small valid panel, as folder s.
source() {
	rm -rf s out && cp -R "$BASE" s
}

# refused CHECK-EXIT 'PATTERN': panel init --from s exits 3 (the time
# taken is noted, never judged: tests/bench/hostile-yaml.sh measures it), printing the problem line matching PATTERN (after "panel-init:
# s/") and the summary, makes nothing and leaves s as it was; panel check
# on s exits CHECK-EXIT with that same line on standard output.
refused() {
	fingerprint s >s.before &&
	t0=$(date +%s%N) &&
	expect_exit 3 panel init --from s out >init.out 2>init.err &&
	t1=$(date +%s%N) &&
	echo "# refused in $(((t1 - t0) / 1000000)) ms" >>"$TEST_DIR/timings" &&
	test ! -s init.out && test ! -e out &&
	test "$(wc -l <init.err)" -eq 2 &&
	head -n 1 init.err >line &&
	expect_match "^panel-init: s/$2" line &&
	expect_match "^panel-init: s: the source fails panel check (1 problem): nothing was created$" init.err &&
	expect_exit "$1" panel -C s check >check.out 2>check.err &&
	test "$(wc -l <check.out)" -eq 1 &&
	sed "s,^panel-init: s/,," line >want && diff want check.out &&
	expect_exit 1 grep -q "Farley\|Bashir\|Holt\|lol" init.err check.out &&
	fingerprint s >s.after && diff s.before s.after
}

LOC='[0-9][0-9]*:[0-9][0-9]*: '

check 'alias bomb' '
	source && $PYTHON -c "
print(\"a: &a [\" + \", \".join([\"lol\"] * 9) + \"]\")
for p, x in zip(\"abcdefgh\", \"bcdefghi\"):
    print(\"%s: &%s [%s]\" % (x, x, \", \".join([\"*\" + p] * 9)))
" >>s/members/GF.yaml &&
	refused 3 "members/GF.yaml:8:4: anchors and aliases are not allowed$"
'

check 'nesting 33 deep' '
	source &&
	$PYTHON -c "print(\"x: \" + \"[\" * 33 + \"]\" * 33)" >>s/members/GF.yaml &&
	refused 3 "members/GF.yaml:8:$((3 + 32)): nesting deeper than 32 levels$"
'

check 'duplicate key' '
	source && echo "name: Gwen Farley" >>s/members/GF.yaml &&
	refused 3 "members/GF.yaml:8:1: duplicate key .name. (first on line 2)$"
'

check 'two documents' '
	source && printf -- "---\nid: GF\n" >>s/members/GF.yaml &&
	refused 3 "members/GF.yaml:8:1: more than one document$"
'

check 'unknown tag' '
	source && sed -i "s/^role: public/role: !!python\/object:os.system public/" s/members/GF.yaml &&
	refused 3 "members/GF.yaml:3:7: tag .!!python/object:os.system. is not allowed here$"
'

check 'invalid UTF-8' '
	source && printf "id: GF\nname: Gw\377en Farley\n" >s/members/GF.yaml &&
	refused 3 "members/GF.yaml:2:9: invalid UTF-8$"
'

check 'NUL byte' '
	source && printf "id: GF\nname: Gw\000en Farley\n" >s/members/GF.yaml &&
	refused 3 "members/GF.yaml:2:9: NUL byte in input$"
'

check 'file over 1 MiB' '
	source && head -c 1048577 /dev/zero | tr "\000" "#" >>s/members/GF.yaml &&
	refused 3 "members/GF.yaml: file is over 1048576 bytes$"
'

check 'scalar over 64 KiB' '
	source &&
	$PYTHON -c "print(\"organisation: \" + \"x\" * 65537)" >>s/members/GF.yaml &&
	refused 3 "members/GF.yaml:8:15: scalar is longer than 65536 bytes$"
'

check 'a planted symlink for members/XX.yaml' '
	source && ln -s /etc/passwd s/members/XX.yaml &&
	refused 3 "members/XX.yaml: is a symbolic link: refusing to follow it$" &&
	source && ln -s ../members/GF.yaml s/members/GG.yaml &&
	refused 3 "members/GG.yaml: is a symbolic link: refusing to follow it$"
'

check 'a record folder that is a link, a FIFO planted as a record' '
	source && mv s/actions s/elsewhere && ln -s elsewhere s/actions &&
	expect_exit 3 panel init --from s out 2>init.err && test ! -e out &&
	expect_match "^panel-init: s/actions: .*symbolic link" init.err &&
	expect_exit 3 panel -C s check >check.out 2>/dev/null &&
	source && mkfifo s/members/FF.yaml &&
	refused 3 "members/FF.yaml: is not a regular file$"
'

check 'id ../x and a/b (as values: a path is never made from them)' '
	source && sed -i "s,^owner: .*,owner: ../x," s/actions/A-0001.yaml &&
	refused 1 "actions/A-0001.yaml:3:8: field .owner.: .../x. does not match " &&
	source && sed -i "s,^id: .*,id: a/b," s/actions/A-0001.yaml &&
	expect_exit 3 panel init --from s out 2>init.err && test ! -e out &&
	expect_match "^panel-init: s/actions/A-0001.yaml:1:5: field .id.: .a/b. does not match" init.err &&
	expect_match "^panel-init: s/actions/A-0001.yaml:1:5: field .id. differs from the file name$" init.err
'

check 'id .git: as a meeting folder and as a member file' '
	source && mkdir s/meetings/.git &&
	cp s/meetings/2018-10-04/meeting.yaml s/meetings/.git/ &&
	refused 1 "meetings/.git: folder name is not a real date YYYY-MM-DD$" &&
	source && cp s/members/GF.yaml s/members/.git.yaml &&
	refused 1 "members/.git.yaml: file name is not a valid member id$"
'

check 'id -x: as a file name and as a value' '
	source && sed "s/^id: GF/id: -x/" s/members/GF.yaml >s/members/-x.yaml &&
	refused 1 "members/-x.yaml: file name is not a valid member id$" &&
	source && sed -i "s/^owner: .*/owner: -x/" s/actions/A-0001.yaml &&
	refused 1 "actions/A-0001.yaml:3:8: field .owner.: .-x. does not match "
'

check 'control characters: in a file name (shown escaped) and a value' '
	source && cp s/members/GF.yaml "s/members/$(printf "G\001F").yaml" &&
	refused 1 "members/G\\\\x01F.yaml: file name is not a valid member id$" &&
	source && sed -i "s/^owner: .*/owner: \"G\\\\x01F\"/" s/actions/A-0001.yaml &&
	grep -q "^owner: \"G.x01F\"$" s/actions/A-0001.yaml &&
	refused 1 "actions/A-0001.yaml:3:8: field .owner.: .G?F. does not match "
'

check 'full-width letters: in a file name and a value' '
	fw=$(printf "\357\274\247\357\274\246") &&
	source && cp s/members/GF.yaml "s/members/$fw.yaml" &&
	refused 1 "members/\\\\xef\\\\xbc\\\\xa7\\\\xef\\\\xbc\\\\xa6.yaml: file name is not a valid member id$" &&
	source && sed -i "s/^owner: .*/owner: $fw/" s/actions/A-0001.yaml &&
	refused 1 "actions/A-0001.yaml:3:8: field .owner.: .$fw. does not match "
'

check 'no, yes, on, 0123, 2018-10-04 as text come back the same after a save' '
	source &&
	sed -i "s/^organisation: .*/organisation: \"0123\"/" s/members/AB.yaml &&
	sed -i "s/^location: .*/location: \"2018-10-04\"/" s/meetings/2018-10-04/meeting.yaml &&
	sed -i "s/^text: .*/text: \"yes\"/" s/actions/A-0001.yaml &&
	sed -i "s/^to: .*/to: \"on\"/" s/recommendations/R-0001.yaml &&
	panel init --from s --name no out >/dev/null &&
	grep -qx "organisation: '\''0123'\''" out/members/AB.yaml &&
	grep -qx "location: '\''2018-10-04'\''" out/meetings/2018-10-04/meeting.yaml &&
	grep -qx "text: '\''yes'\''" out/actions/A-0001.yaml &&
	grep -qx "to: '\''on'\''" out/recommendations/R-0001.yaml &&
	grep -qx "name: '\''no'\''" out/panel.yaml &&
	$PYTHON -c "
import yaml
def get(p, k):
    return yaml.safe_load(open(\"out/\" + p))[k]
assert get(\"members/AB.yaml\", \"organisation\") == \"0123\"
assert get(\"meetings/2018-10-04/meeting.yaml\", \"location\") == \"2018-10-04\"
assert get(\"actions/A-0001.yaml\", \"text\") == \"yes\"
assert get(\"recommendations/R-0001.yaml\", \"to\") == \"on\"
assert get(\"panel.yaml\", \"name\") == \"no\"
" &&
	panel -C out check &&
	git -C out fsck --strict --no-dangling
'

cat "$TEST_DIR/timings" 2>/dev/null
done_testing
