#!/bin/sh
# panel-sample at the meeting: substitution brings in the next reserve and
# still verifies, declarations of interest are recorded and shown, the
# pack lists the sample as it stands in Markdown and HTML, and git fsck is
# clean after it all.

. "$PANEL_SRC/tests/cli/lib.sh"
. "$PANEL_SRC/tests/cli/sample.sh"

S=meetings/$M/sample.yaml

# item N / reserve N: the id of the Nth item or reserve of stratum 101.
item() {
	sed -n "/^- name: .101./,/^- name/{/^  items:/,/^  reserves:/s/^    id: //p}" r/$S |
	    sed -n "$1p"
}
reserve() {
	sed -n "/^- name: .101./,/^- name/{/^  reserves:/,/^- name/s/^    id: //p}" r/$S |
	    sed -n "$1p"
}

check 'substitute brings in the next reserve, recorded and verifiable' '
	drawn r && a=$(item 2) && b=$(item 5) && r1=$(reserve 1) && r2=$(reserve 2) &&
	panel-sample -C r substitute --meeting $M --item "$a" --reason "recording missing" >out &&
	expect_match "$a replaced by $r1, reserve 1 of stratum 101" out &&
	panel-sample -C r substitute --meeting $M --item "$r1" --reason "legally restricted" >out &&
	expect_match "$r1 replaced by $r2" out &&
	panel-sample -C r verify --meeting $M >out &&
	expect_match "2 substitutions" out &&
	git -C r log --format=%s -1 >msg &&
	expect_match "^panel-sample: substitute $r1 by $r2 in the sample for $M$" msg &&
	$PYTHON - r/$S "$a" "$r1" "$r2" <<-\PY
	import sys, yaml
	doc = yaml.safe_load(open(sys.argv[1]))
	subs = doc["substitutions"]
	assert [(s["item"], s["replacement"]) for s in subs] == [
	    (sys.argv[2], sys.argv[3]), (sys.argv[3], sys.argv[4])], subs
	assert subs[0]["reason"] == "recording missing" and subs[0]["stratum"] == "101"
	PY
'

check 'refused: substituting what is not in the sample, or with no reserve left' '
	drawn r && a=$(item 1) &&
	expect_exit 3 panel-sample -C r substitute --meeting $M --item C-999999 --reason x 2>err &&
	expect_match "item .C-999999. is not in the sample as it stands" err &&
	panel-sample -C r substitute --meeting $M --item "$a" --reason x >/dev/null &&
	expect_exit 3 panel-sample -C r substitute --meeting $M --item "$a" --reason x 2>err &&
	expect_match "is not in the sample as it stands" err &&
	app=$(sed -n "/^- name: app/,\$s/^    id: //p" r/$S | head -1) &&
	for n in 1 2 3; do
		next=$(sed -n "s/^  replacement: //p" r/$S | tail -1) &&
		cur=$app && [ $n -gt 1 ] && cur=$next
		panel-sample -C r substitute --meeting $M --item "$cur" --reason gone >/dev/null || return 1
		app=$cur
	done &&
	last=$(sed -n "s/^  replacement: //p" r/$S | tail -1) &&
	git -C r rev-parse HEAD >before &&
	expect_exit 3 panel-sample -C r substitute --meeting $M --item "$last" --reason gone 2>err &&
	expect_match "no reserve left in stratum .app." err &&
	git -C r rev-parse HEAD >after && diff before after &&
	expect_exit 3 panel-sample -C r substitute --meeting $M --item "$last" --reason "$(printf "a\nb")" 2>err &&
	expect_match "reason: holds a control character" err &&
	panel-sample -C r verify --meeting $M >/dev/null
'

check 'conflict records a declaration; refusals' '
	drawn r && a=$(item 3) &&
	panel-sample -C r conflict --meeting $M --member GF --item "$a" --interest "knows the caller" >out &&
	expect_match "GF declared an interest in $a" out &&
	grep -A3 "^conflicts:" r/$S >c && expect_match "member: GF" c &&
	expect_match "interest: knows the caller" c &&
	expect_exit 3 panel-sample -C r conflict --meeting $M --member GF --item "$a" --interest again 2>err &&
	expect_match "already declared an interest" err &&
	expect_exit 3 panel-sample -C r conflict --meeting $M --member ZZ --item "$a" --interest x 2>err &&
	expect_match "member .ZZ. does not exist" err &&
	expect_exit 3 panel-sample -C r conflict --meeting $M --member ../GF --item "$a" --interest x 2>err &&
	expect_exit 3 panel-sample -C r conflict --meeting $M --member MH --item C-999999 --interest x 2>err &&
	expect_match "not in the sample or its reserves" err &&
	expect_exit 2 panel-sample -C r conflict --meeting $M --member MH --item "$a" 2>err &&
	expect_match "needs --interest" err &&
	panel-sample -C r verify --meeting $M >/dev/null
'

check 'pack (md): items as they stand, where they are, declarations' '
	drawn r && a=$(item 2) && r1=$(reserve 1) && b=$(item 4) &&
	panel-sample -C r substitute --meeting $M --item "$a" --reason "recording missing" >/dev/null &&
	panel-sample -C r conflict --meeting $M --member MH --item "$b" --interest "a neighbour" >/dev/null &&
	panel-sample -C r pack --meeting $M >pack.md &&
	expect_match "^# Members.* pack for the meeting of $M" pack.md &&
	expect_match "^## Calls to 101" pack.md && expect_match "^## App messages" pack.md &&
	expect_match "^| 7 | reserve | $r1 | .* | recording R-.* in vault/$M/calls.csv |" pack.md &&
	! grep -q "| $a |" pack.md &&
	expect_match "| $b | .*| MH (absent for this item) |" pack.md &&
	expect_match "^- $a replaced by $r1: recording missing" pack.md &&
	expect_match "^- MH in $b: a neighbour" pack.md &&
	expect_match "Was the correct greeting given?" pack.md &&
	test "$(grep -c "^| [0-9]" pack.md)" -eq 15
'

check 'pack (html): escaped, well formed' '
	drawn r && a=$(item 1) &&
	panel-sample -C r conflict --meeting $M --member GF --item "$a" --interest "<b>&\"q\"</b>" >/dev/null &&
	panel-sample -C r pack --meeting $M --format html >pack.html &&
	expect_match "&lt;b&gt;&amp;&quot;q&quot;&lt;/b&gt;" pack.html &&
	! grep -q "<b>" pack.html &&
	$PYTHON - pack.html <<-\PY
	import sys
	from html.parser import HTMLParser
	class P(HTMLParser):
	    def __init__(self):
	        super().__init__(); self.stack = []; self.rows = 0
	    def handle_starttag(self, t, a):
	        if t not in ("meta",): self.stack.append(t)
	        self.rows += t == "tr"
	    def handle_endtag(self, t):
	        assert self.stack.pop() == t, t
	p = P(); p.feed(open(sys.argv[1]).read())
	assert p.stack == [], p.stack
	assert p.rows == 15 + 5, p.rows
	PY
	expect_exit 2 panel-sample -C r pack --meeting $M --format pdf 2>err &&
	expect_match "not md or html" err
'

check 'after every mode, git fsck is clean and git log agrees' '
	drawn r && a=$(item 1) &&
	panel-sample -C r substitute --meeting $M --item "$a" --reason gone >/dev/null &&
	panel-sample -C r conflict --meeting $M --member GF --item "$a" --interest x >/dev/null &&
	git -C r fsck --strict >fsck 2>&1 && test ! -s fsck &&
	git -C r log --format=%s >log &&
	test "$(grep -c "^panel-sample: " log)" -eq 4 &&
	git -C r status --porcelain >st && test ! -s st &&
	panel-sample -C r verify --meeting $M >/dev/null
'

check '--no-commit writes the change and commits nothing' '
	drawn r && a=$(item 1) && git -C r rev-parse HEAD >before &&
	panel-sample -C r --no-commit substitute --meeting $M --item "$a" --reason gone >/dev/null &&
	git -C r rev-parse HEAD >after && diff before after &&
	grep -q "^- item: $a" r/$S &&
	expect_exit 1 panel-sample -C r verify --meeting $M 2>err &&
	expect_match "differs from its committed version" err
'

done_testing
