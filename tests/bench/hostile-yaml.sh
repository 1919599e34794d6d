#!/bin/sh
# hostile-yaml.sh BUILD-DIR: how long panel check takes to refuse each kind
# of hostile record (the goal: well under a second each, never a crash).
# Prints one line per input: milliseconds, exit status, the input's kind.
set -eu
bin=${1:?usage: hostile-yaml.sh BUILD-DIR}
bin=$(cd "$bin" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org
py=/usr/bin/python3

"$bin/panel" init --name Bench "$dir/p" >/dev/null
m="$dir/p/members/AB.yaml"

run() {
	t0=$(date +%s%N)
	set +e
	"$bin/panel" -C "$dir/p" check >/dev/null 2>&1
	st=$?
	set -e
	t1=$(date +%s%N)
	printf '%6d ms  exit %d  %s\n' $(((t1 - t0) / 1000000)) "$st" "$1"
}

$py -c 'import sys; sys.stdout.write("a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join("%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n" % ((chr(98+i),)*2 + (chr(97+i),)*9) for i in range(20)))' >"$m"
run "alias bomb (20 levels)"
$py -c 'import sys; sys.stdout.write("[" * 1000000)' >"$m"
run "1 MB of ["
$py -c 'import sys; sys.stdout.write("".join("  " * i + "k%d:\n" % i for i in range(10000)))' >"$m"
run "10000-deep nesting"
$py -c 'import sys; sys.stdout.write("".join("k%d: 1\n" % (i % 50000) for i in range(100000)))' >"$m"
run "100000 keys, duplicates"
$py -c 'import sys; sys.stdout.write("id: " + "x" * 70000 + "\n")' >"$m"
run "70 KB scalar"
$py -c 'import sys; sys.stdout.write("id: AB\n" * 1 + "#" * 1100000 + "\n")' >"$m"
run "1.1 MB file"
printf 'id: A\377B\n' >"$m"
run "invalid UTF-8"
