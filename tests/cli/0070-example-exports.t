#!/bin/sh
# The example panel, examples/dorset-csip: its synthetic exports of two
# quarters, 2018-q3 (reviewed at the meeting of 2018-10-04) and 2018-q4 (for
# the scheduled meeting of 2019-01-10), are exactly what
# tests/gen/example-exports.py writes; each holds its own quarter's figures
# (Q3's those the 2018-10-04 minutes report), their ids are unique across
# both, they carry only invented personal details, and every record loads
# with python3's yaml and validates against schemas/.  Everything is checked
# with python3 and cmp, independently of panel's code.

. "$PANEL_SRC/tests/cli/lib.sh"

EX=$PANEL_SRC/examples/dorset-csip
GEN=$PANEL_SRC/tests/gen/example-exports.py
QUARTERS="2018-q3 2018-q4"
EXPORTS=
for q in $QUARTERS; do
	EXPORTS="$EXPORTS $EX/exports/calls-$q.csv $EX/exports/correspondence-$q.csv"
done
export EX GEN

cat >example.py <<'EOF'
import csv, datetime, glob, json, os, re, sys

EX = os.environ["EX"]
SRC = os.environ["PANEL_SRC"]
AREAS = ["Bournemouth", "Poole", "Christchurch", "East Dorset",
         "North Dorset", "Purbeck", "West Dorset", "Weymouth and Portland"]
D = datetime.date
# Each quarter: its days, the meeting that reviews it, and the wait figures
# it was made to give: 101 under 5 minutes, 5-7, 7-15 and over 15 minutes;
# 999 within 10 s and within 15 s.
QUARTERS = {
    "2018-q3": dict(first=D(2018, 7, 1), last=D(2018, 9, 30),
                    meeting="2018-10-04", w101=(71, 10, 14, 5),
                    w999=(88.7, 95.2)),
    "2018-q4": dict(first=D(2018, 10, 1), last=D(2018, 12, 31),
                    meeting="2019-01-10", w101=(68, 11, 15, 6),
                    w999=(89.1, 95.6)),
}
problems = []


def export(kind, q):
    return os.path.join(EX, "exports", "%s-%s.csv" % (kind, q))


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


def calls(q):
    """One quarter's call log: shape, formats, the period, the figures."""
    path, Q = export("calls", q), QUARTERS[q]
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
        if not Q["first"] <= t0.date() <= Q["last"]:
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
    # The quarter's figures, under both readings: answered calls, and all
    # calls, training calls always excluded.
    w101, w999 = Q["w101"], Q["w999"]
    for label, keep in (("answered", lambda x: x["outcome"] != "abandoned"),
                        ("all", lambda x: True)):
        label = "%s: %s" % (q, label)
        real = [x for x in r if x["training_flag"] == "N" and keep(x)]
        w = [int(x["queue_wait_s"]) for x in real if x["channel"] == "101"]
        near("%s 101 under 5 min" % label, pct(w, lambda s: s < 300), w101[0])
        near("%s 101 5-7 min" % label, pct(w, lambda s: 300 <= s < 420),
             w101[1])
        near("%s 101 7-15 min" % label, pct(w, lambda s: 420 <= s < 900),
             w101[2])
        near("%s 101 over 15 min" % label, pct(w, lambda s: s >= 900),
             w101[3])
        w = [int(x["queue_wait_s"]) for x in real if x["channel"] == "999"]
        near("%s 999 within 10 s" % label, pct(w, lambda s: s <= 10), w999[0])
        near("%s 999 within 15 s" % label, pct(w, lambda s: s <= 15), w999[1])
    for x in r:  # so that "under" and "within" give the same figures
        if int(x["queue_wait_s"]) in ((300, 420, 900) if x["channel"] ==
                                      "101" else (10, 15)):
            fail("%s: wait on a bucket boundary" % x["call_id"])
    night = sum(1 for t0 in times if 2 <= t0.hour < 6) / 4
    day = sum(1 for t0 in times if 10 <= t0.hour < 18) / 8
    if night * 4 > day:
        fail("hourly pattern: %.0f calls an hour at night, %.0f by day" %
             (night, day))


def correspondence(q):
    """One quarter's correspondence log: shape, formats, the period."""
    path, Q = export("correspondence", q), QUARTERS[q]
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
        if not Q["first"] <= t0.date() <= Q["last"]:
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


def across():
    """The quarters follow on: no contact reference or recording is in two
    of them, and the numbered series (recordings, emails, web forms, app
    messages) each run on from the quarter before."""
    owner = {}
    span = {}  # (series, quarter): (lowest, highest) number
    for q in sorted(QUARTERS):
        for kind, cols in (("calls", ("call_id", "recording_ref")),
                           ("correspondence", ("contact_id",))):
            t = rows(export(kind, q))
            for col in cols:
                i = t[0].index(col)
                for v in (x[i] for x in t[1:] if x[i]):
                    if owner.setdefault(v, q) != q:
                        fail("%s %s of %s is in %s too" % (col, v, q,
                                                           owner[v]))
                    if col == "call_id":
                        continue  # numbered afresh each day
                    key = (v.split("-")[0], q)
                    n = int(v.rsplit("-", 1)[1])
                    lo, hi = span.get(key, (n, n))
                    span[key] = (min(lo, n), max(hi, n))
    if len(owner) < 2 * 9000:
        fail("only %d references and recordings in all" % len(owner))
    qs = sorted(QUARTERS)
    for a, b in zip(qs, qs[1:]):
        for series in ("REC", "EM", "WF", "APP"):
            hi = span.get((series, a), (0, 0))[1]
            lo = span.get((series, b), (0, 0))[0]
            if not hi < lo <= hi + 100:
                fail("%s numbers of %s do not run on from %s's (%d, then "
                     "%d)" % (series, b, a, hi, lo))


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
# Maps nested in a record, by (record type, key): the value itself or each
# item of a list.
NESTED = {
    ("panel", "paths"): ["members", "meetings", "actions", "recommendations",
                         "vault"],
    ("meeting", "period"): ["from", "to"],
    ("minutes", "attendance"): ["member", "status"],
    ("minutes", "guests"): ["name", "role"],
    ("minutes", "items"): ["number", "title", "visibility", "summary",
                           "actions", "recommendations"],
}
# Record types a panel has from its start, in the order of records-spec.md.
FOUNDING = list(ORDER)


def sampling_orders():
    """A meeting's population and sample come with panel-sample, whose
    records are still growing: their key order is that of the properties
    in their schemas, the record's own and each nested map's."""
    for kind in ("population", "sample"):
        with open(os.path.join(SRC, "schemas", kind + ".json")) as f:
            props = json.load(f)["properties"]
        ORDER[kind] = list(props)
        for key, v in props.items():
            v = v.get("items", v)
            if "properties" in v:
                NESTED[(kind, key)] = list(v["properties"])


sampling_orders()


def type_of(rel):
    parts = rel.split("/")
    if rel == "panel.yaml":
        return "panel"
    if len(parts) == 2 and parts[0] == "members":
        return "member"
    if len(parts) == 2 and parts[0] in ("actions", "recommendations"):
        return parts[0][:-1]
    if len(parts) == 3 and parts[0] == "meetings" and \
            parts[2] in ("meeting.yaml", "minutes.yaml", "population.yaml",
                         "sample.yaml"):
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
        for (t, k), order in NESTED.items():
            v = doc.get(k) if t == kind else None
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
    for kind in FOUNDING:
        if counts[kind] == 0:
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
                            "2018-10-04", "2019-01-10"]:
        fail("meetings are %s" % sorted(meetings))
    status = {"2018-10-04": "minuted", "2019-01-10": "scheduled"}
    for d, m in meetings.items():
        want = status.get(d, "published")
        if m["status"] != want:
            fail("meeting %s is %s, want %s" % (d, m["status"], want))
        per = m.get("period", {})
        if not real_date(d, per.get("from")) < real_date(d, per.get("to")) \
                < real_date(d, d):
            fail("meeting %s: period is not before the meeting" % d)
        if not real_date(d, m.get("papers_due")) < real_date(d, d):
            fail("meeting %s: papers are not due before it" % d)
        if (want == "scheduled") != \
                ("meetings/%s/minutes.yaml" % d not in by["minutes"]):
            fail("meeting %s: minutes are there if and only if it was held" %
                 d)
    for q, Q in QUARTERS.items():
        per = meetings.get(Q["meeting"], {}).get("period")
        if per != {"from": Q["first"].isoformat(),
                   "to": Q["last"].isoformat()}:
            fail("the %s period is not the quarter %s" % (Q["meeting"], q))
    # The README's quick start fixes the population of the scheduled
    # meeting and draws its sample on a fresh copy: nothing may be there.
    for d in meetings:
        if status.get(d) == "scheduled" and \
                os.listdir(os.path.join(EX, "meetings", d)) != \
                ["meeting.yaml"]:
            fail("meeting %s holds more than its meeting.yaml" % d)
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
    for kind, q in ((k, q) for k in ("calls", "correspondence")
                    for q in sorted(QUARTERS)):
        m = imp[kind]
        t = rows(export(kind, q))
        head = t[0]
        for k, col in m.items():
            if k not in ("time_format", "training_value") and \
                    col not in head:
                fail("import.%s.%s names no column '%s' of %s" % (
                    kind, k, col, q))
        ti = head.index(m["time"])
        for x in t[1:]:
            datetime.datetime.strptime(x[ti], m["time_format"])
        if kind == "calls":
            col = head.index(m["training"])
            if not any(x[col] == m["training_value"] for x in t[1:]):
                fail("no call of %s has training value %r" % (
                    q, m["training_value"]))


def main():
    what = sys.argv[1]
    args = sys.argv[2:]
    {"text": lambda: text(args), "calls": lambda: calls(args[0]),
     "correspondence": lambda: correspondence(args[0]),
     "personal": lambda: personal(args), "across": across,
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
	ls out1 >made &&
	printf "%s\n" calls-2018-q3.csv calls-2018-q4.csv \
	    correspondence-2018-q3.csv correspondence-2018-q4.csv >want &&
	diff want made &&
	for q in $QUARTERS; do
		cmp out1/calls-$q.csv "$EX/exports/calls-$q.csv" &&
		cmp out1/correspondence-$q.csv \
		    "$EX/exports/correspondence-$q.csv" || exit 1
	done
'

check 'the generator writes one quarter alone, with the same bytes' '
	for q in $QUARTERS; do
		mkdir "one-$q" &&
		"$PYTHON" "$GEN" --quarter "$q" "one-$q" &&
		ls "one-$q" >made &&
		printf "%s\n" "calls-$q.csv" "correspondence-$q.csv" >want &&
		diff want made &&
		cmp "one-$q/calls-$q.csv" "$EX/exports/calls-$q.csv" &&
		cmp "one-$q/correspondence-$q.csv" \
		    "$EX/exports/correspondence-$q.csv" || exit 1
	done
'

check 'the generator gives the same bytes whatever the hash seed' '
	mkdir out2 out3 &&
	PYTHONHASHSEED=1 "$PYTHON" "$GEN" out2 &&
	PYTHONHASHSEED=2 "$PYTHON" "$GEN" out3 &&
	for q in $QUARTERS; do
		cmp out2/calls-$q.csv out3/calls-$q.csv &&
		cmp out2/correspondence-$q.csv out3/correspondence-$q.csv ||
		    exit 1
	done
'

check 'the generator refuses a missing or bad operand or quarter' '
	mkdir out4 &&
	expect_exit 2 "$PYTHON" "$GEN" 2>err1 &&
	u="^usage: example-exports.py \[--quarter 2018-q3|2018-q4\]" &&
	expect_match "$u OUTDIR\$" err1 &&
	expect_exit 3 "$PYTHON" "$GEN" no-such-folder 2>err2 &&
	expect_match "no-such-folder" err2 &&
	expect_exit 2 "$PYTHON" "$GEN" --quarter 2018-q1 out4 2>err3 &&
	expect_match "^usage: " err3 &&
	expect_exit 2 "$PYTHON" "$GEN" --quarter out4 2>err4 &&
	expect_match "^usage: " err4 &&
	expect_exit 2 "$PYTHON" "$GEN" out4 out4 2>err5 &&
	expect_match "^usage: " err5 &&
	test -z "$(ls out4)"
'

check 'exports and records are UTF-8 with LF line endings' '
	"$PYTHON" example.py text $EXPORTS \
	    $(find "$EX" -name "*.yaml" | sort)
'

for q in $QUARTERS; do
	check "calls of $q: row count, unique ids and the quarter's figures" '
		"$PYTHON" example.py calls '"$q"'
	'
	check "correspondence of $q: row count, unique ids, multi-line fields" '
		"$PYTHON" example.py correspondence '"$q"'
	'
done

check 'no reference or recording is in two quarters; the series run on' '
	"$PYTHON" example.py across
'

check 'exports hold invented personal details of every kind only' '
	for q in $QUARTERS; do
		"$PYTHON" example.py personal "$EX/exports/calls-$q.csv" \
		    "$EX/exports/correspondence-$q.csv" || exit 1
	done
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

check 'records cross-reference, follow the minutes and the quarters' '
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
	expect_match "^./meetings/2019-01-10/meeting.yaml$" records &&
	while read -r f; do cmp "$EX/$f" "copy/$f" || exit 1; done <records &&
	expect_exit 0 panel check -C copy >out 2>&1
'

check 'panel init --from puts the exports in the vault, outside history' '
	panel init --from "$EX" copy2 >/dev/null &&
	for q in $QUARTERS; do
		cmp "$EX/exports/calls-$q.csv" \
		    copy2/vault/exports/calls-$q.csv &&
		cmp "$EX/exports/correspondence-$q.csv" \
		    copy2/vault/exports/correspondence-$q.csv || exit 1
	done &&
	git -C copy2 ls-files >tracked &&
	expect_match "^members/RK.yaml$" tracked &&
	expect_match "^meetings/2019-01-10/meeting.yaml$" tracked &&
	test -z "$(grep -e vault -e exports -e "[.]csv$" tracked)"
'

done_testing
