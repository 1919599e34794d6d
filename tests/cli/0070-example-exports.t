#!/bin/sh
# The example panel, examples/dorset-csip: its synthetic exports are exactly
# what tests/gen/example-exports.py writes, they hold the figures that the
# 2018-10-04 minutes report, they carry only invented personal details, and
# every record loads with python3's yaml and validates against schemas/.
# Everything is checked with python3 and cmp, independently of panel's code.

. "$PANEL_SRC/tests/cli/lib.sh"

EX=$PANEL_SRC/examples/dorset-csip
GEN=$PANEL_SRC/tests/gen/example-exports.py
CALLS=$EX/exports/calls-2018-q3.csv
CORR=$EX/exports/correspondence-2018-q3.csv
export EX GEN CALLS CORR

cat >example.py <<'EOF'
import csv, datetime, glob, json, os, re, sys

EX = os.environ["EX"]
SRC = os.environ["PANEL_SRC"]
AREAS = ["Bournemouth", "Poole", "Christchurch", "East Dorset",
         "North Dorset", "Purbeck", "West Dorset", "Weymouth and Portland"]
Q_FROM, Q_TO = datetime.date(2018, 7, 1), datetime.date(2018, 9, 30)
problems = []


def fail(msg):
    problems.append(msg)


def near(what, got, want, tol=1.0):
    if abs(got - want) > tol:
        fail("%s is %.2f%%, want %.1f%% +- %.1f" % (what, got, want, tol))


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def pct(xs, pred):
    return 100.0 * sum(1 for x in xs if pred(x)) / len(xs)


def text(paths):
    """UTF-8 without BOM, LF only, no NUL, one final newline."""
    for p in paths:
        data = open(p, "rb").read()
        try:
            data.decode("utf-8", "strict")
        except UnicodeDecodeError as e:
            fail("%s: invalid UTF-8 at byte %d" % (p, e.start))
        if b"\r" in data:
            fail("%s: holds a CR" % p)
        if b"\0" in data or data.startswith(b"\xef\xbb\xbf"):
            fail("%s: holds a NUL or a BOM" % p)
        if not data.endswith(b"\n") or data.endswith(b"\n\n"):
            fail("%s: does not end in exactly one newline" % p)
        if data.count(b"\n") >= 19000:
            fail("%s: %d lines, want under 19000" % (p, data.count(b"\n")))


def calls(path):
    t = rows(path)
    want = ["call_id", "start_time", "channel", "area", "queue_wait_s",
            "talk_s", "handler_id", "outcome", "training_flag",
            "recording_ref"]
    if t[0] != want:
        fail("header is %r" % t[0])
        return
    r = [dict(zip(want, x)) for x in t[1:]]
    if not 8000 <= len(r) <= 10000:
        fail("%d calls, want about 9000" % len(r))
    if any(len(x) != len(want) for x in t):
        fail("a row has the wrong number of fields")
    ids = [x["call_id"] for x in r]
    if len(set(ids)) != len(ids):
        fail("call_id is not unique")
    recs = [x["recording_ref"] for x in r if x["recording_ref"]]
    if len(set(recs)) != len(recs):
        fail("recording_ref is not unique")
    times = []
    for x in r:
        t0 = datetime.datetime.strptime(x["start_time"], "%d/%m/%Y %H:%M:%S")
        times.append(t0)
        if not Q_FROM <= t0.date() <= Q_TO:
            fail("%s: start_time outside the quarter" % x["call_id"])
        if not re.fullmatch(r"DP-%s-[0-9]{5}" % t0.strftime("%Y%m%d"),
                            x["call_id"]):
            fail("%s: call_id does not match its date" % x["call_id"])
        if x["channel"] not in ("101", "999") or x["area"] not in AREAS:
            fail("%s: bad channel or area" % x["call_id"])
        if x["outcome"] not in ("crime-recorded", "advice-given",
                                "referred-to-partner", "incident-created",
                                "abandoned"):
            fail("%s: bad outcome" % x["call_id"])
        if x["training_flag"] not in ("Y", "N"):
            fail("%s: bad training_flag" % x["call_id"])
        if not (x["queue_wait_s"].isdigit() and x["talk_s"].isdigit()):
            fail("%s: wait or talk is not a whole number" % x["call_id"])
        ab = x["outcome"] == "abandoned"
        if ab != (x["talk_s"] == "0") or ab != (x["handler_id"] == "") or \
                ab != (x["recording_ref"] == ""):
            fail("%s: abandoned calls alone lack talk, handler and "
                 "recording" % x["call_id"])
        if not ab and not re.fullmatch(r"H[0-9]{4}", x["handler_id"]):
            fail("%s: bad handler_id" % x["call_id"])
        if not ab and not re.fullmatch(r"REC-[0-9]{6}-[0-9]{6}",
                                       x["recording_ref"]):
            fail("%s: bad recording_ref" % x["call_id"])
    if times != sorted(times):
        fail("calls are not in time order")
    near("101 share", pct(r, lambda x: x["channel"] == "101"), 85, 2)
    near("training share", pct(r, lambda x: x["training_flag"] == "Y"), 1,
         0.5)
    # The minutes' figures, under both readings: answered calls, and all
    # calls, training calls always excluded.
    for label, keep in (("answered", lambda x: x["outcome"] != "abandoned"),
                        ("all", lambda x: True)):
        real = [x for x in r if x["training_flag"] == "N" and keep(x)]
        w = [int(x["queue_wait_s"]) for x in real if x["channel"] == "101"]
        near("%s 101 under 5 min" % label, pct(w, lambda s: s < 300), 71)
        near("%s 101 5-7 min" % label, pct(w, lambda s: 300 <= s < 420), 10)
        near("%s 101 7-15 min" % label, pct(w, lambda s: 420 <= s < 900), 14)
        near("%s 101 over 15 min" % label, pct(w, lambda s: s >= 900), 5)
        w = [int(x["queue_wait_s"]) for x in real if x["channel"] == "999"]
        near("%s 999 within 10 s" % label, pct(w, lambda s: s <= 10), 88.7)
        near("%s 999 within 15 s" % label, pct(w, lambda s: s <= 15), 95.2)
    for x in r:  # so that "under" and "within" give the same figures
        if int(x["queue_wait_s"]) in ((300, 420, 900) if x["channel"] ==
                                      "101" else (10, 15)):
            fail("%s: wait on a bucket boundary" % x["call_id"])
    night = sum(1 for t0 in times if 2 <= t0.hour < 6) / 4
    day = sum(1 for t0 in times if 10 <= t0.hour < 18) / 8
    if night * 4 > day:
        fail("hourly pattern: %.0f calls an hour at night, %.0f by day" %
             (night, day))


def correspondence(path):
    t = rows(path)
    want = ["contact_id", "received", "channel", "area", "subject", "body",
            "response"]
    if t[0] != want:
        fail("header is %r" % t[0])
        return
    r = [dict(zip(want, x)) for x in t[1:]]
    if not 1400 <= len(r) <= 1600:
        fail("%d contacts, want about 1500" % len(r))
    ids = [x["contact_id"] for x in r]
    if len(set(ids)) != len(ids):
        fail("contact_id is not unique")
    prefix = {"email": "EM", "webform": "WF", "app": "APP"}
    times = []
    for x in r:
        cid = x["contact_id"]
        t0 = datetime.datetime.strptime(x["received"], "%Y-%m-%d %H:%M")
        times.append(t0)
        if not Q_FROM <= t0.date() <= Q_TO:
            fail("%s: received outside the quarter" % cid)
        if x["channel"] not in prefix or x["area"] not in AREAS:
            fail("%s: bad channel or area" % cid)
        elif not re.fullmatch(prefix[x["channel"]] + r"-2018-[0-9]{6}", cid):
            fail("%s: contact_id does not match its channel" % cid)
        if not x["subject"] or not x["body"]:
            fail("%s: empty subject or body" % cid)
        for k in want:
            v = x[k]
            if v != v.strip() or any(l != l.rstrip() for l in v.split("\n")):
                fail("%s: %s has leading or trailing spaces" % (cid, k))
        if x["channel"] == "webform" and not all(
                "\n%s: " % f in "\n" + x["body"]
                for f in ("Name", "Email", "Postcode", "Details")):
            fail("%s: web form lacks its field labels" % cid)
    if times != sorted(times):
        fail("contacts are not in time order")
    multi = lambda k: pct(r, lambda x: "\n" in x[k])
    if multi("body") < 60 or multi("response") < 60:
        fail("too few multi-line bodies or responses")
    if not any(re.search(r"^On .* wrote:$\n^> ", x["body"], re.M) for x in r):
        fail("no email quotes an earlier reply")
    for ch in prefix:
        if pct(r, lambda x: x["channel"] == ch) < 10:
            fail("too few %s contacts" % ch)


def personal(paths):
    """Invented details only: phones in Ofcom's drama ranges, emails at
    example.org; and enough of each kind for the redaction work."""
    phone = re.compile(r"(?<![\w+])(?:\+44 ?|0)[0-9][0-9 ]{8,12}[0-9]")
    kinds = {
        "postcode": r"\b(?:BH|DT|SP)[0-9]{1,2} [0-9][A-Z]{2}\b",
        "registration": r"\b[A-Z]{2}[0-9]{2} [A-Z]{3}\b",
        "date of birth": r"Date of birth: [0-9]{2}/[0-9]{2}/[0-9]{4}",
        "crime reference": r"\b5518[0-9]{7}\b",
        "mobile": r"07700 ?900 ?[0-9]{3}",
        "landline": r"01632 960[0-9]{3}",
        "email": r"@example\.org\b",
        "quoted reply": r"wrote:\n> ",
    }
    found = dict.fromkeys(kinds, 0)
    for p in paths:
        data = open(p, encoding="utf-8").read()
        for m in phone.finditer(data):
            n = m.group(0).replace(" ", "").replace("+44", "0")
            if len(n) in (10, 11) and \
                    not re.fullmatch(r"07700900[0-9]{3}|01632960[0-9]{3}", n):
                fail("%s: phone number outside the drama ranges" % p)
        for m in re.finditer(r"[\w.+-]+@([\w.-]+)", data):
            if m.group(1) != "example.org":
                fail("%s: email address outside example.org" % p)
        for k, pat in kinds.items():
            found[k] += len(re.findall(pat, data))
    for k, n in found.items():
        if n < 20:
            fail("only %d of kind '%s'" % (n, k))


SEED_PEOPLE = ["Underhill", "Barton", "Edwards", "Farquhar", "Giles",
               "Harris", "Harrold", "Jenkins", "Morton", "Shelly", "Smith",
               "Walton", "Russell", "Curtis", "Darrington", "Higgs",
               "Emma Lee", "Tesco", "229084"]
SEED_INITIALS = "MU EB AE GF AG MH AH JJ JM DS TS CW JR DC".split()


def no_seed_names(paths):
    for p in paths:
        data = open(p, encoding="utf-8").read()
        for name in SEED_PEOPLE:
            if re.search(r"\b%s\b" % name, data):
                fail("%s: names someone from the source documents" % p)


# Record types by path, with the canonical key order of records-spec.md.
ORDER = {
    "panel": ["name", "force", "opcc", "frequency", "paths", "import",
              "redact", "rubric", "thresholds"],
    "member": ["id", "name", "role", "organisation", "vetted_until",
               "term_start", "term_end", "active"],
    "meeting": ["date", "location", "status", "papers_due", "period"],
    "minutes": ["meeting", "chair", "attendance", "guests", "items"],
    "action": ["id", "text", "owner", "raised_at", "due", "status",
               "closed_at"],
    "recommendation": ["id", "text", "to", "raised_at", "response",
                       "response_date", "status"],
}
NESTED = {"paths": ["members", "meetings", "actions", "recommendations",
                    "vault"], "period": ["from", "to"],
          "attendance": ["member", "status"], "guests": ["name", "role"],
          "items": ["number", "title", "visibility", "summary", "actions",
                    "recommendations"]}


def type_of(rel):
    parts = rel.split("/")
    if rel == "panel.yaml":
        return "panel"
    if len(parts) == 2 and parts[0] == "members":
        return "member"
    if len(parts) == 2 and parts[0] in ("actions", "recommendations"):
        return parts[0][:-1]
    if len(parts) == 3 and parts[0] == "meetings" and \
            parts[2] in ("meeting.yaml", "minutes.yaml"):
        return parts[2][:-5]
    return None


def in_order(keys, order):
    pos = [order.index(k) for k in keys if k in order]
    return pos == sorted(pos) and all(k in order for k in keys)


def load_records():
    import yaml
    recs = {}
    for p in sorted(glob.glob(EX + "/**/*.yaml", recursive=True)):
        rel = os.path.relpath(p, EX)
        kind = type_of(rel)
        if kind is None:
            fail("%s: not a record type" % rel)
            continue
        with open(p, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        recs[rel] = (kind, doc)
        if not isinstance(doc, dict) or not in_order(list(doc), ORDER[kind]):
            fail("%s: keys not in canonical order" % rel)
            continue
        for k, order in NESTED.items():
            v = doc.get(k)
            for m in (v if isinstance(v, list) else [v]):
                if isinstance(m, dict) and not in_order(list(m), order):
                    fail("%s: keys of %s not in canonical order" % (rel, k))
    return recs


def records():
    """Every record validates against its schema in schemas/."""
    import jsonschema
    recs = load_records()
    schemas = {}
    for kind in ORDER:
        path = os.path.join(SRC, "schemas", kind + ".json")
        if not os.path.exists(path):
            fail("no schema %s" % path)
            continue
        with open(path) as f:
            schemas[kind] = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schemas[kind])
    counts = dict.fromkeys(ORDER, 0)
    for rel, (kind, doc) in recs.items():
        counts[kind] += 1
        if kind not in schemas:
            continue
        v = jsonschema.Draft202012Validator(schemas[kind])
        for e in v.iter_errors(doc):
            fail("%s: %s: %s" % (rel, "/".join(map(str, e.path)), e.message))
    for kind, n in counts.items():
        if n == 0:
            fail("no %s record" % kind)


def real_date(rel, s):
    try:
        return datetime.date.fromisoformat(s)
    except (TypeError, ValueError):
        fail("%s: %r is not a real date" % (rel, s))
        return datetime.date.min


def crossref():
    """What panel check will check, and what issue 2 asks of the example."""
    recs = load_records()
    by = {}
    for rel, (kind, doc) in recs.items():
        by.setdefault(kind, {})[rel] = doc
    members = {}
    for rel, m in by["member"].items():
        if rel != "members/%s.yaml" % m["id"]:
            fail("%s: id is %s" % (rel, m["id"]))
        if m["id"] in SEED_INITIALS:
            fail("%s: initials of someone in the source documents" % rel)
        members[m["id"]] = m
    roles = sorted(m["role"] for m in members.values())
    want = sorted(["chair", "public", "public", "public", "vcs", "vcs",
                   "opcc", "observer", "force-adviser", "force-adviser",
                   "force-adviser", "guest"])
    if roles != want:
        fail("member roles are %s" % roles)
    meetings = {}
    for rel, m in by["meeting"].items():
        folder = rel.split("/")[1]
        real_date(rel, m["date"])
        if folder != m["date"]:
            fail("%s: date is %s" % (rel, m["date"]))
        meetings[folder] = m
    if sorted(meetings) != ["2018-01-11", "2018-04-12", "2018-07-05",
                            "2018-10-04"]:
        fail("meetings are %s" % sorted(meetings))
    for d, m in meetings.items():
        want = "minuted" if d == "2018-10-04" else "published"
        if m["status"] != want:
            fail("meeting %s is %s, want %s" % (d, m["status"], want))
        per = m.get("period", {})
        if not real_date(d, per.get("from")) < real_date(d, per.get("to")) \
                < real_date(d, d):
            fail("meeting %s: period is not before the meeting" % d)
    if meetings.get("2018-10-04", {}).get("period") != \
            {"from": "2018-07-01", "to": "2018-09-30"}:
        fail("the 2018-10-04 period is not the exports' quarter")
    actions = {}
    for rel, a in by["action"].items():
        if rel != "actions/%s.yaml" % a["id"]:
            fail("%s: id is %s" % (rel, a["id"]))
        actions[a["id"]] = a
        if a["owner"] not in members:
            fail("%s: owner %s is not a member" % (rel, a["owner"]))
        if a["raised_at"] not in meetings:
            fail("%s: raised_at is not a meeting" % rel)
        if a["status"] != "complete" or "closed_at" not in a:
            fail("%s: not complete with closed_at" % rel)
        elif not real_date(rel, a["raised_at"]) <= \
                real_date(rel, a["closed_at"]) <= datetime.date(2018, 10, 4):
            fail("%s: closed_at out of range" % rel)
    recommendations = {}
    for rel, r in by["recommendation"].items():
        if rel != "recommendations/%s.yaml" % r["id"]:
            fail("%s: id is %s" % (rel, r["id"]))
        recommendations[r["id"]] = r
        if r["raised_at"] not in meetings:
            fail("%s: raised_at is not a meeting" % rel)
        if r["status"] != "open" and not ("response" in r and
                                          "response_date" in r):
            fail("%s: a decided recommendation needs a response" % rel)
    for rel, m in by["minutes"].items():
        folder = rel.split("/")[1]
        if m["meeting"] != folder:
            fail("%s: meeting is %s" % (rel, m["meeting"]))
        present = [a["member"] for a in m["attendance"]]
        if m["chair"] not in members or m["chair"] not in present:
            fail("%s: chair is not a member present" % rel)
        if len(set(present)) != len(present):
            fail("%s: a member is listed twice" % rel)
        for a in present:
            if a not in members:
                fail("%s: %s is not a member" % (rel, a))
        nums = [it["number"] for it in m["items"]]
        if nums != list(range(1, len(nums) + 1)):
            fail("%s: items are not numbered 1..n" % rel)
        for it in m["items"]:
            for a in it.get("actions", []):
                if a not in actions:
                    fail("%s: action %s does not exist" % (rel, a))
            for r in it.get("recommendations", []):
                if r not in recommendations:
                    fail("%s: recommendation %s does not exist" % (rel, r))
    oct4 = by["minutes"].get("meetings/2018-10-04/minutes.yaml")
    if oct4:
        words = " ".join(" ".join(it["title"].split() +
                                  it.get("summary", "").split())
                         for it in oct4["items"])
        for must in ("apologies", "previous meeting", "complete",
                     "retail", "College of Policing", "engagement contracts",
                     "positive feedback", "71%", "10%", "14%", "5%",
                     "88.7%", "95.2%", "highlight report", "7%", "9%",
                     "70%"):
            if must not in words:
                fail("2018-10-04 minutes do not mention '%s'" % must)
        if "apologies" not in [a["status"] for a in oct4["attendance"]]:
            fail("2018-10-04 minutes record no apologies")


def mapping():
    """panel.yaml's import section names the exports' own columns, and its
    time formats read every time in them."""
    import yaml
    with open(os.path.join(EX, "panel.yaml"), encoding="utf-8") as f:
        imp = yaml.safe_load(f)["import"]
    for kind, path, tcol in (
            ("calls", os.environ["CALLS"], "start_time"),
            ("correspondence", os.environ["CORR"], "received")):
        m = imp[kind]
        t = rows(path)
        head = t[0]
        for k, col in m.items():
            if k not in ("time_format", "training_value") and \
                    col not in head:
                fail("import.%s.%s names no column '%s'" % (kind, k, col))
        ti = head.index(m["time"])
        for x in t[1:]:
            datetime.datetime.strptime(x[ti], m["time_format"])
        if kind == "calls":
            col = head.index(m["training"])
            if not any(x[col] == m["training_value"] for x in t[1:]):
                fail("no call has training value %r" % m["training_value"])


def main():
    what = sys.argv[1]
    args = sys.argv[2:]
    {"text": lambda: text(args), "calls": lambda: calls(args[0]),
     "correspondence": lambda: correspondence(args[0]),
     "personal": lambda: personal(args),
     "seed-names": lambda: no_seed_names(args),
     "records": records, "crossref": crossref, "mapping": mapping}[what]()
    for p in problems[:40]:
        print(p)
    if len(problems) > 40:
        print("... and %d more" % (len(problems) - 40))
    return 1 if problems else 0


sys.exit(main())
EOF

check 'the generator reproduces the committed exports byte for byte' '
	mkdir out1 &&
	"$PYTHON" "$GEN" out1 &&
	cmp out1/calls-2018-q3.csv "$CALLS" &&
	cmp out1/correspondence-2018-q3.csv "$CORR"
'

check 'the generator gives the same bytes whatever the hash seed' '
	mkdir out2 out3 &&
	PYTHONHASHSEED=1 "$PYTHON" "$GEN" out2 &&
	PYTHONHASHSEED=2 "$PYTHON" "$GEN" out3 &&
	cmp out2/calls-2018-q3.csv out3/calls-2018-q3.csv &&
	cmp out2/correspondence-2018-q3.csv out3/correspondence-2018-q3.csv
'

check 'the generator refuses a missing or bad operand' '
	expect_exit 2 "$PYTHON" "$GEN" 2>err1 &&
	expect_match "^usage: example-exports.py OUTDIR" err1 &&
	expect_exit 3 "$PYTHON" "$GEN" no-such-folder 2>err2 &&
	expect_match "no-such-folder" err2
'

check 'exports and records are UTF-8 with LF line endings' '
	"$PYTHON" example.py text "$CALLS" "$CORR" \
	    $(find "$EX" -name "*.yaml" | sort)
'

check 'calls: row count, unique ids and the minutes'"'"' figures' '
	"$PYTHON" example.py calls "$CALLS"
'

check 'correspondence: row count, unique ids and multi-line fields' '
	"$PYTHON" example.py correspondence "$CORR"
'

check 'exports hold invented personal details of every kind only' '
	"$PYTHON" example.py personal "$CALLS" "$CORR"
'

check 'nobody from the source documents is named in the example' '
	"$PYTHON" example.py seed-names "$GEN" \
	    $(find "$EX" -type f | sort)
'

check 'panel.yaml import section maps the exports'"'"' columns' '
	"$PYTHON" example.py mapping
'

check 'every record loads with yaml.safe_load and passes schemas/*.json' '
	"$PYTHON" example.py records
'

check 'records cross-reference and follow the 2018-10-04 minutes' '
	"$PYTHON" example.py crossref
'

check 'panel check finds no problem in the example' '
	expect_exit 0 panel check -C "$EX" >out 2>&1
'

# panel init --from rewrites every record in canonical form, so records
# that come through byte for byte were canonical already.
check 'panel init --from copies the records unchanged: they are canonical' '
	panel init --from "$EX" copy >/dev/null &&
	(cd "$EX" && find . -name "*.yaml" | sort) >records &&
	test "$(wc -l <records)" -ge 30 &&
	while read -r f; do cmp "$EX/$f" "copy/$f" || exit 1; done <records &&
	expect_exit 0 panel check -C copy >out 2>&1
'

check 'panel init --from puts the exports in the vault, outside history' '
	panel init --from "$EX" copy2 >/dev/null &&
	cmp "$CALLS" copy2/vault/exports/calls-2018-q3.csv &&
	cmp "$CORR" copy2/vault/exports/correspondence-2018-q3.csv &&
	git -C copy2 ls-files >tracked &&
	expect_match "^members/RK.yaml$" tracked &&
	test -z "$(grep -e vault -e exports -e "[.]csv$" tracked)"
'

done_testing
