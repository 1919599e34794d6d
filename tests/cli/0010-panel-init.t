#!/bin/sh
# panel init: the layout, the modes (also inside .git), the ignored vault,
# one commit with the right message and author, refusals that leave nothing
# behind, --no-commit, and --from the example panel, checked with git and
# python3's yaml.

. "$PANEL_SRC/tests/cli/lib.sh"

EXAMPLE=$PANEL_SRC/examples/dorset-csip

# modes_ok DIR [MIN]: no file or folder under DIR is open to group or others,
# work-tree files are 0600 and folders 0700.  Run it before any git
# command, which rewrites the index with the caller's umask.
modes_ok() {
	loose=$(find "$1" -perm /077) &&
	[ -z "$loose" ] || { echo "open to group/others: $loose" >&2; return 1; }
	bad=$(find "$1" -path "$1/.git" -prune -o -type f ! -perm 600 -print) &&
	[ -z "$bad" ] || { echo "files not 0600: $bad" >&2; return 1; }
	bad=$(find "$1" -path "$1/.git" -prune -o -type d ! -perm 700 -print) &&
	[ -z "$bad" ] || { echo "folders not 0700: $bad" >&2; return 1; }
	# libgit2's own files: objects (at least MIN, default 3) are
	# read-only, 0400; the rest 0600.
	n=$(find "$1/.git/objects" -type f | wc -l) && [ "$n" -ge "${2:-3}" ] &&
	bad=$(find "$1/.git/objects" -type f ! -perm 400 -print) &&
	[ -z "$bad" ] || { echo "objects not 0400: $bad" >&2; return 1; }
}

check 'init makes the layout and says so' '
	panel init --name "Test Panel" p >out 2>err &&
	test ! -s err &&
	expect_match "^created panel .Test Panel. in p$" out &&
	expect_match "^  commit [0-9a-f]\{12\}: panel-init: create panel Test Panel$" out &&
	(cd p && find . -path ./.git -prune -o -print | sort) >got &&
	printf "%s\n" . ./.gitignore ./actions ./actions/.gitkeep \
	    ./meetings ./meetings/.gitkeep ./members ./members/.gitkeep \
	    ./panel.yaml ./recommendations ./recommendations/.gitkeep \
	    ./vault >want &&
	diff want got
'

check 'files 0600, folders 0700, .git/objects 0400, nothing open to others' '
	modes_ok p
'

check 'panel.yaml: name, placeholders, quarterly, paths; python reads it' '
	$PYTHON -c "
import sys, yaml
d = yaml.safe_load(open(\"p/panel.yaml\"))
assert d[\"name\"] == \"Test Panel\", d
assert d[\"frequency\"] == \"quarterly\", d
assert \"edit panel.yaml\" in d[\"force\"] and \"edit panel.yaml\" in d[\"opcc\"], d
assert d[\"paths\"] == {k: k for k in (\"members\", \"meetings\", \"actions\", \"recommendations\", \"vault\")}, d
assert list(d) == [\"name\", \"force\", \"opcc\", \"frequency\", \"paths\"], list(d)
" &&
	panel -C p check
'

check '.gitignore holds vault/, vault/ is empty and never tracked' '
	printf "vault/\n" >want && diff want p/.gitignore &&
	test -z "$(ls -A p/vault)" &&
	echo "raw,export" >p/vault/calls.csv &&
	git -C p check-ignore -q vault/calls.csv &&
	test -z "$(git -C p status --porcelain)" &&
	test -z "$(git -C p ls-files vault)" &&
	rm p/vault/calls.csv
'

check 'one commit, on main, with the message and the author' '
	test "$(git -C p rev-list --count HEAD)" = 1 &&
	test "$(git -C p symbolic-ref HEAD)" = refs/heads/main &&
	git -C p log -1 --format="%an|%ae|%cn|%ce|%s" >got &&
	echo "Test Officer|officer@example.org|Test Officer|officer@example.org|panel-init: create panel Test Panel" >want &&
	diff want got &&
	git -C p ls-files >got &&
	printf "%s\n" .gitignore actions/.gitkeep meetings/.gitkeep \
	    members/.gitkeep panel.yaml recommendations/.gitkeep >want &&
	diff want got &&
	test -z "$(git -C p status --porcelain --ignored)" &&
	git -C p fsck --strict --no-dangling
'

check 'the default name, and a name kept as text however it looks' '
	panel init d >/dev/null &&
	$PYTHON -c "import yaml; assert yaml.safe_load(open(\"d/panel.yaml\"))[\"name\"] == \"Scrutiny Panel\"" &&
	for name in yes no on 0123 2018-10-04 "~" null 1e3 "a: b" "#x"; do
		rm -rf q && panel init --name "$name" q >/dev/null &&
		NAME=$name $PYTHON -c "
import os, yaml
got = yaml.safe_load(open(\"q/panel.yaml\"))[\"name\"]
assert got == os.environ[\"NAME\"], (got, os.environ[\"NAME\"])
" && test "$(git -C q log -1 --format=%s)" = "panel-init: create panel $name" ||
		return 1
	done
'

check 'refuses a folder that holds a panel (exit 3), changing nothing' '
	before=$(git -C p rev-parse HEAD) &&
	expect_exit 3 panel init p >out 2>err &&
	test ! -s out &&
	echo "panel-init: p: already holds a panel (panel.yaml)" >want &&
	diff want err &&
	test "$(git -C p rev-parse HEAD)" = "$before" &&
	test "$(git -C p rev-list --count HEAD)" = 1
'

check 'refuses a non-empty folder and a git repository, leaving them be' '
	mkdir full && echo notes >full/notes.txt &&
	expect_exit 3 panel init full 2>err &&
	expect_match "^panel-init: full: is not empty" err &&
	test "$(ls -A full)" = notes.txt &&
	mkdir g && git -C g init -q &&
	expect_exit 3 panel init g 2>err &&
	expect_match "^panel-init: g: already holds a git repository$" err &&
	test "$(ls -A g)" = .git &&
	echo x >afile && expect_exit 3 panel init afile 2>err &&
	test "$(cat afile)" = x &&
	expect_exit 3 panel init no/such/parent 2>err &&
	test ! -e no
'

check 'an existing empty folder is used; a failure leaves it empty' '
	mkdir empty && panel init empty >/dev/null &&
	test -f empty/panel.yaml && test -d empty/.git &&
	mkdir empty2 &&
	expect_exit 3 env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL \
	    -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL \
	    panel init empty2 2>err &&
	test -d empty2 && test -z "$(ls -A empty2)"
'

check 'no author configured: a clear error, exit 3, nothing made' '
	expect_exit 3 env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL \
	    -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL \
	    panel init noauthor >out 2>err &&
	test ! -s out &&
	expect_match "^panel-init: no author: set user.name and user.email" err &&
	test "$(wc -l <err)" -eq 1 &&
	test ! -e noauthor
'

check 'the author from git config when the environment has none' '
	git config --global user.name "Config Officer" &&
	git config --global user.email "config@example.org" &&
	env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL \
	    -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL \
	    panel init cfg >/dev/null &&
	test "$(git -C cfg log -1 --format="%an <%ae>")" = "Config Officer <config@example.org>" &&
	git config --global --unset user.name &&
	git config --global --unset user.email
'

check '--no-commit writes every file and makes no commit' '
	panel init --no-commit nc >out &&
	expect_match "^  nothing committed (--no-commit)$" out &&
	test -f nc/panel.yaml && test -f nc/members/.gitkeep && test -d nc/vault &&
	modes_ok nc 0 &&
	expect_exit 1 git -C nc rev-parse -q --verify HEAD >/dev/null &&
	git -C nc status --porcelain >got &&
	printf "%s\n" "?? .gitignore" "?? actions/" "?? meetings/" "?? members/" \
	    "?? panel.yaml" "?? recommendations/" >want &&
	diff want got &&
	panel -C nc check
'

check '-C changes folder first; usage errors exit 2' '
	mkdir sub && panel init -C sub inner >/dev/null && test -f sub/inner/panel.yaml &&
	expect_exit 2 panel init 2>err && expect_match "^usage: panel-init" err &&
	expect_exit 2 panel init a b 2>err && expect_match "too many operands" err &&
	expect_exit 2 panel init --bogus x 2>err &&
	expect_exit 3 panel init --name "" x 2>err && test ! -e x &&
	expect_exit 3 panel init --name "$(printf "a\tb")" x 2>err && test ! -e x &&
	test ! -e a && test ! -e b
'

check '--from the example: panel check passes, python reads every record' '
	panel init --from "$EXAMPLE" ex >out 2>err &&
	test ! -s err &&
	expect_match "^  from .*: [1-9][0-9]* records, [0-9]* other files, $(ls "$EXAMPLE/exports" | wc -l) exports into vault/exports/$" out &&
	modes_ok ex &&
	panel -C ex check &&
	(cd ex && git ls-files "*.yaml") >records &&
	test "$(wc -l <records)" -ge 20 &&
	(cd ex && $PYTHON -c "
import sys, yaml
for line in open(\"../records\"):
    with open(line.strip(), \"rb\") as f:
        d = yaml.safe_load(f)
    assert isinstance(d, dict), line
")
'

check '--from: records copied in canonical form, exports into the vault only' '
	(cd "$EXAMPLE" && find . -path ./exports -prune -o -type f -print | sort) >src &&
	(cd ex && git ls-files | sed "s,^,./," | grep -v "/\.gitkeep$" | grep -v "^\./\.gitignore$" | sort) >dst &&
	diff src dst &&
	while read -r f; do cmp "$EXAMPLE/$f" "ex/$f" || return 1; done <src &&
	for f in "$EXAMPLE"/exports/*; do
		cmp "$f" "ex/vault/exports/${f##*/}" || return 1
	done &&
	test -z "$(git -C ex ls-files vault)" &&
	test -z "$(git -C ex status --porcelain)" &&
	git -C ex status --porcelain --ignored | grep -qx "!! vault/" &&
	test "$(git -C ex rev-list --count HEAD)" = 1 &&
	git -C ex fsck --strict --no-dangling
'

check '--from a folder that fails panel check: exit 3, nothing made' '
	cp -R "$EXAMPLE" bad &&
	f=$(ls bad/actions/*.yaml | head -n 1) &&
	sed "s/^owner: .*/owner: ZZ/" "$f" >tmp && mv tmp "$f" &&
	expect_exit 3 panel init --from bad fromBad >out 2>err &&
	test ! -s out && test ! -e fromBad &&
	expect_match "^panel-init: bad/actions/A-[0-9]*\.yaml:[0-9]*:[0-9]*: field .owner.: .ZZ. is not a member" err &&
	expect_match "^panel-init: bad: the source fails panel check (1 problem): nothing was created$" err &&
	test "$(wc -l <err)" -eq 2
'

check '--from into a folder inside the source is refused' '
	cp -R "$EXAMPLE" src2 &&
	expect_exit 3 panel init --from src2 src2/inner 2>err &&
	expect_match "is inside the source folder" err &&
	test ! -e src2/inner
'

check 'git fsck --strict is clean in every repository made here' '
	for r in p d empty cfg sub/inner ex; do
		git -C "$r" fsck --strict --no-dangling 2>&1 || return 1
		test "$(git -C "$r" log --format=%s)" = "panel-init: create panel $(
		    $PYTHON -c "import yaml; print(yaml.safe_load(open(\"$r/panel.yaml\"))[\"name\"])")" ||
		    return 1
	done
'

done_testing
