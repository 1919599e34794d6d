# TAP harness for command-level tests, after mblaze's t/lib.sh and git's
# t/README.  Each test file sources this, runs in its own temporary folder
# and calls check NAME 'COMMANDS' for each case.  Chain with &&, compare
# with diff, and assert exact exit codes with expect_exit, never with !.

set -u
: "${PANEL_BIN:?PANEL_BIN names the build folder}"
: "${PANEL_SRC:?PANEL_SRC names the source folder}"
PATH="$PANEL_BIN:$PATH"
PYTHON=/usr/bin/python3
export PATH PYTHON LC_ALL=C TZ=UTC
export GIT_AUTHOR_NAME="Test Officer" GIT_AUTHOR_EMAIL="officer@example.org"
export GIT_COMMITTER_NAME="Test Officer" GIT_COMMITTER_EMAIL="officer@example.org"
export GIT_CONFIG_NOSYSTEM=1 HOME="${TMPDIR:-/tmp}/panel-home.$$"
unset PANEL_REPO

TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/panel-test.XXXXXX")
trap 'rm -rf "$TEST_DIR" "$HOME"' EXIT
mkdir -p "$HOME"
cd "$TEST_DIR" || exit 1

ntest=0
nfail=0

# check NAME 'SH-CODE': one TAP case; the code runs in a subshell.
check() {
	ntest=$((ntest + 1))
	if (eval "$2") >"$TEST_DIR/.out" 2>&1; then
		echo "ok $ntest - $1"
	else
		nfail=$((nfail + 1))
		echo "not ok $ntest - $1"
		sed 's/^/# /' "$TEST_DIR/.out"
	fi
}

# expect_exit N CMD...: runs CMD, fails unless it exits exactly N.
expect_exit() {
	want=$1
	shift
	"$@"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "expected exit $want, got $got: $*" >&2
		return 1
	fi
}

# expect_stderr 'PATTERN' FILE: FILE has a line matching the grep pattern.
expect_match() {
	grep -q -- "$1" "$2" || { echo "no line matches '$1' in $2:" >&2; cat "$2" >&2; return 1; }
}

# new_panel DIR: a fresh case repository from panel init.
new_panel() {
	panel init --name "Test Panel" "$1" >/dev/null
}

# done_testing: prints the plan and exits non-zero if any case failed.
done_testing() {
	echo "1..$ntest"
	echo "$((ntest - nfail)) passed, $nfail failed"
	[ "$nfail" -eq 0 ]
}
