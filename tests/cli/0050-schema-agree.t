#!/bin/sh
# The C validator (lib/schema.c) and python3-jsonschema agree: both judge
# every record in tests/schema/{valid,invalid}/TYPE/*.yaml against
# schemas/TYPE.json, and they must give the same verdict on every file, each
# verdict the name of the file's folder.  The python side is
# tests/schema/agree.py (python3 -m jsonschema, and Draft202012Validator for
# records holding YAML-only values such as dates); it also checks that each
# schema is valid 2020-12.  The C side is the corpus case of test_schema.

. "$PANEL_SRC/tests/cli/lib.sh"

AGREE=$PANEL_SRC/tests/schema/agree.py
CORPUS=$PANEL_SRC/tests/schema
TEST_SCHEMA=$PANEL_BIN/tests/test_schema
TYPES="panel member meeting minutes action recommendation"

# compare PY C: the two lists of "VERDICT PATH" give the same verdicts on
# the same files, those files are the whole corpus, each verdict is its
# folder's name, and every type has at least 5 valid and 12 invalid cases.
compare() {
	sort "$1" >py.sorted && sort "$2" >c.sorted &&
	diff py.sorted c.sorted &&
	(cd "$CORPUS" && find valid invalid -name '*.yaml') | sort >files &&
	cut -d' ' -f2 c.sorted | diff files - &&
	awk '{ split($2, p, "/")
	       if (NF != 2 || $1 != p[1]) { print "wrong verdict: " $0; bad = 1 } }
	     END { exit bad }' c.sorted &&
	for t in $TYPES; do
		nv=$(grep -c "^valid valid/$t/" c.sorted)
		ni=$(grep -c "^invalid invalid/$t/" c.sorted)
		if [ "$nv" -lt 5 ] || [ "$ni" -lt 12 ]; then
			echo "type $t has $nv valid and $ni invalid cases" >&2
			return 1
		fi
	done
}

check 'python: schemas are 2020-12, every corpus file judged' '
	$PYTHON "$AGREE" "$PANEL_SRC" >py.txt 2>py.log &&
	test -s py.txt &&
	grep -Eq "by python3 -m jsonschema: [1-9][0-9]*, in process: [1-9]" py.log
'

check 'C: test_schema judges the same corpus' '
	PANEL_SCHEMA_RESULTS=$TEST_DIR/c.txt "$TEST_SCHEMA" >c.log 2>&1 &&
	test -s c.txt
'

check 'same verdict on every file, each matching its folder' '
	compare py.txt c.txt
'

check 'both sides judge records with YAML-only values' '
	grep -q "^invalid invalid/member/unquoted-date.yaml$" py.txt &&
	grep -q "^valid valid/member/yaml11-boolean.yaml$" c.txt &&
	grep -q "^invalid invalid/minutes/chair-no-unquoted.yaml$" c.txt &&
	grep -q "^valid valid/minutes/integral-float.yaml$" py.txt
'

FLIP='s|^valid valid/member/full.yaml$|invalid valid/member/full.yaml|'

check 'the comparison fails on one disagreement' '
	sed "$FLIP" c.txt >c.flip && expect_exit 1 cmp -s c.txt c.flip &&
	expect_exit 1 compare py.txt c.flip >/dev/null
'

check 'the comparison fails when both disagree with the folder' '
	sed "$FLIP" py.txt >py.flip &&
	expect_exit 1 compare py.flip c.flip >/dev/null
'

check 'the comparison fails when a file is left out' '
	sed 1d c.txt >c.short && sed 1d py.txt >py.short &&
	expect_exit 1 compare py.short c.short >/dev/null
'

done_testing
