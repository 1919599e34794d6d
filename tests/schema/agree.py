#!/usr/bin/python3
"""The python side of the schema agreement test.

Usage: agree.py SRCDIR

Checks that every schemas/*.json under SRCDIR is a valid JSON Schema 2020-12
schema, then judges every record in the corpus tests/schema/{valid,invalid}/
TYPE/*.yaml against schemas/TYPE.json and prints one line per file,
"VERDICT PATH" (VERDICT is valid or invalid, PATH is relative to
tests/schema), sorted by path.  tests/unit/test_schema.c prints the same
lines for the C validator; tests/cli/0050-schema-agree.t compares the two.

Records are read with PyYAML's safe loader, as the C side reads them with
YAML 1.1 typing.  Those that convert to JSON unchanged are judged by
"python3 -m jsonschema" in a subprocess, one run per type; those holding
YAML-only values (dates, non-string keys, infinities) cannot be written as
JSON and are judged in process by Draft202012Validator.

As a check on the corpus itself, every invalid record must break exactly
one rule (one error from iter_errors), so that each file tests one thing.

Exit status: 0 done, 1 the corpus or a schema is wrong, 4 a tool failed.
"""

import json
import math
import os
import re
import subprocess
import sys
import tempfile

import jsonschema
import yaml

KINDS = ("valid", "invalid")


def fail(status, msg):
    print("agree.py: " + msg, file=sys.stderr)
    sys.exit(status)


def json_safe(value):
    """Whether value survives json.dumps and json.loads unchanged."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and json_safe(v)
                   for k, v in value.items())
    if isinstance(value, list):
        return all(json_safe(v) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, (str, int, bool))


def load_schemas(srcdir):
    schemas = {}
    folder = os.path.join(srcdir, "schemas")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as e:
            fail(1, "%s is not a valid 2020-12 schema: %s" % (path, e.message))
        if schema.get("$schema") != \
                "https://json-schema.org/draft/2020-12/schema":
            fail(1, "%s does not declare 2020-12" % path)
        schemas[name[:-len(".json")]] = (path, schema)
    return schemas


def corpus(root):
    """Yields (relative path, type, absolute path) for every record."""
    for kind in KINDS:
        for typ in sorted(os.listdir(os.path.join(root, kind))):
            folder = os.path.join(root, kind, typ)
            for name in sorted(os.listdir(folder)):
                if name.endswith(".yaml"):
                    yield ("%s/%s/%s" % (kind, typ, name), typ,
                           os.path.join(folder, name))


def cli_verdicts(schema_path, instances, tmp):
    """Runs python3 -m jsonschema over instances {rel: value}."""
    names = {}
    args = [sys.executable, "-m", "jsonschema", "--output", "pretty"]
    for i, (rel, value) in enumerate(sorted(instances.items())):
        name = os.path.join(tmp, "%04d.json" % i)
        with open(name, "w", encoding="utf-8") as f:
            json.dump(value, f)
        names[name] = rel
        args += ["-i", name]
    args.append(schema_path)
    run = subprocess.run(args, capture_output=True, text=True, check=False)
    if run.returncode not in (0, 1):
        fail(4, "python3 -m jsonschema exited %d: %s" %
             (run.returncode, run.stderr))
    verdicts = {}
    heads = re.findall(r"^===\[(\w+)\]===\((.*)\)===$",
                       run.stdout + run.stderr, re.M)
    for what, name in heads:
        if name not in names:
            fail(4, "python3 -m jsonschema names an unknown file " + name)
        if what == "SUCCESS":
            verdict = "valid"
        elif what == "ValidationError":
            verdict = "invalid"
        else:
            fail(4, "python3 -m jsonschema: %s on %s" % (what, names[name]))
        if verdicts.get(names[name], verdict) != verdict:
            fail(4, "python3 -m jsonschema gave two verdicts on " + name)
        verdicts[names[name]] = verdict
    missing = set(names.values()) - set(verdicts)
    if missing:
        fail(4, "python3 -m jsonschema gave no verdict on " +
             ", ".join(sorted(missing)))
    if (run.returncode == 0) != all(v == "valid" for v in verdicts.values()):
        fail(4, "python3 -m jsonschema's exit status contradicts its output")
    return verdicts


def main(argv):
    if len(argv) != 2:
        print("usage: agree.py SRCDIR", file=sys.stderr)
        return 2
    srcdir = argv[1]
    root = os.path.join(srcdir, "tests", "schema")
    schemas = load_schemas(srcdir)
    verdicts = {}
    by_type = {}
    for rel, typ, path in corpus(root):
        if typ not in schemas:
            fail(1, "%s: no schema for type '%s'" % (rel, typ))
        with open(path, encoding="utf-8") as f:
            try:
                value = yaml.safe_load(f)
            except yaml.YAMLError as e:
                fail(1, "%s: PyYAML cannot read it: %s" % (rel, e))
        validator = jsonschema.Draft202012Validator(schemas[typ][1])
        errors = list(validator.iter_errors(value))
        if rel.startswith("invalid/") and len(errors) != 1:
            fail(1, "%s breaks %d rules, not one: %s" %
                 (rel, len(errors), "; ".join(e.message for e in errors)))
        if json_safe(value):
            by_type.setdefault(typ, {})[rel] = value
        else:
            verdicts[rel] = "invalid" if errors else "valid"
    inproc = len(verdicts)
    with tempfile.TemporaryDirectory(prefix="agree.") as tmp:
        for typ, instances in sorted(by_type.items()):
            verdicts.update(cli_verdicts(schemas[typ][0], instances, tmp))
    print("agree.py: %d files; by python3 -m jsonschema: %d, in process: %d"
          % (len(verdicts), len(verdicts) - inproc, inproc), file=sys.stderr)
    for rel in sorted(verdicts):
        print(verdicts[rel], rel)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
