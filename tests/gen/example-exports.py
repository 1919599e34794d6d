#!/usr/bin/python3
# example-exports.py: writes the synthetic force exports of the example panel
# (examples/dorset-csip/exports/) for two quarters: 2018-q3, 2018-07-01 to
# 2018-09-30, scrutinised at the meeting of 2018-10-04; and 2018-q4,
# 2018-10-01 to 2018-12-31, for the meeting of 2019-01-10, whose population
# is not yet fixed (the README's quick start draws its sample).
#
#   /usr/bin/python3 tests/gen/example-exports.py [--quarter Q] OUTDIR
#
# writes calls-Q.csv and correspondence-Q.csv for the quarter Q (2018-q3 or
# 2018-q4), or for both without --quarter.
#
# Everything in the output is invented.  Output is deterministic: a fixed
# seed per file, Python's random module and the standard library only, no
# hashing of strings and no set iteration, so two runs give identical bytes
# (checked by tests/cli/0070-example-exports.t against the committed files).
# The id series, recording numbers and the call handlers run on from one
# quarter to the next, so the later quarter's files are made after the
# earlier quarter's (in memory, if only the later is asked for).  Files are
# UTF-8 with LF line endings; fields holding a comma, quote or newline are
# double-quoted as RFC 4180 says.
#
# calls-Q.csv: one row per call to 101 or 999, sorted by start_time.
#   call_id        the force's stable reference, DP-YYYYMMDD-NNNNN (unique;
#                  the numbers have gaps, as other contacts share the series)
#   start_time     when the call reached the queue, dd/mm/yyyy HH:MM:SS (UK
#                  local time)
#   channel        101 (about 85%) or 999
#   area           one of the eight local policing areas of Dorset
#   queue_wait_s   seconds queued before a handler answered (or, for an
#                  abandoned call, before the caller hung up).  Over answered
#                  calls that are not training calls, 101 waits in Q3 are
#                  71% under 5 minutes, 10% 5-7, 14% 7-15 and 5% over 15
#                  minutes; 999 waits are 88.7% within 10 s and 95.2% within
#                  15 s, the figures reported at the 2018-10-04 meeting.  In
#                  Q4: 68%, 11%, 15% and 6%; 89.1% and 95.6%.  No wait is
#                  exactly 300, 420, 900, 10 or 15 s, so "under" and "within"
#                  agree.  Waits are longer when the room is busy.
#   talk_s         seconds from answer to hang-up; 0 when abandoned
#   handler_id     the call handler (H and 4 digits); empty when abandoned
#   outcome        crime-recorded, advice-given, referred-to-partner,
#                  incident-created or abandoned
#   training_flag  Y for a training call (about 1%, weekday daytime, taken by
#                  trainees; none in Christmas week): these must be excluded
#                  from figures and samples; otherwise N
#   recording_ref  the call recording, REC-YYMMDD-NNNNNN; empty when
#                  abandoned (nothing was recorded); the numbers rise across
#                  quarters
# Each quarter has its events: in Q3 the hot July, the August bank holiday
# and the air festival; in Q4 the October storm, Halloween, bonfire night,
# the Christmas parties and holidays, and New Year's Eve; and the clocks go
# back on 28 October, so that night's 01:00-01:59 comes twice.
#
# correspondence-Q.csv: one row per email, web form or app message, sorted
# by received.
#   contact_id     EM-2018-NNNNNN (email), WF-2018-NNNNNN (web form) or
#                  APP-2018-NNNNNN (app); unique, across quarters too (each
#                  series continues from the quarter before)
#   received       yyyy-mm-dd HH:MM
#   channel        email, webform or app
#   area           the local policing area the contact concerns
#   subject        the email subject, or the form's or app's category
#   body           what the member of the public wrote, several lines:
#                  emails with greetings, signatures and sometimes a quoted
#                  earlier reply ("On ... wrote:" and "> " lines); web forms
#                  as "Label: value" lines; app messages short
#   response       the force's reply, several lines; empty for the few
#                  contacts that were never answered
# The bodies and replies carry invented personal details for the redaction
# work: names, phone numbers only in 07700 900000-900999 and 01632
# 960000-960999 (Ofcom's drama ranges), emails only @example.org, postcodes
# in real BH/DT/SP format, street addresses, vehicle registrations, dates of
# birth, crime references (55 18 NNNNNNN), and a few card numbers from the
# published test-card set and NHS numbers from the 999 test range.

import csv
import datetime
import io
import math
import os
import random
import sys

D = datetime.date

AREAS = [  # name, weight for calls
    ("Bournemouth", 24), ("Poole", 18), ("Christchurch", 6),
    ("East Dorset", 11), ("North Dorset", 8), ("Purbeck", 6),
    ("West Dorset", 14), ("Weymouth and Portland", 10),
]


class Quarter:
    """What differs between the quarters: the days, the seed, the base
    volumes and wait targets, and the events and words of the season (the
    functions q3_... and q4_... and the table QUARTERS below)."""

    def __init__(self, name, first, last, seed, **kw):
        self.name = name
        self.first = first
        self.last = last
        self.days = [first + datetime.timedelta(days=i)
                     for i in range((last - first).days + 1)]
        self.seed = seed
        for k, v in kw.items():
            setattr(self, k, v)


def weighted(rng, pairs):
    """One item of [(item, weight), ...]."""
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for item, w in pairs:
        x -= w
        if x < 0:
            return item
    return pairs[-1][0]


def quotas(n, shares):
    """Splits n by shares with the largest-remainder method."""
    raw = [n * s for s in shares]
    base = [int(math.floor(r)) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (base[i] - raw[i], i))
    for i in order[:n - sum(base)]:
        base[i] += 1
    return base


# ---------------------------------------------------------------- calls

HOURS_101 = [1.2, 0.8, 0.5, 0.35, 0.3, 0.35, 0.8, 2.0, 3.8, 5.2, 5.8, 5.9,
             5.6, 5.4, 5.5, 5.6, 5.8, 5.9, 5.6, 5.0, 4.3, 3.6, 2.8, 1.9]
HOURS_999 = [3.5, 3.0, 2.5, 1.9, 1.4, 1.1, 1.2, 1.7, 2.5, 3.0, 3.3, 3.6,
             3.9, 4.0, 4.1, 4.3, 4.7, 5.0, 5.3, 5.5, 5.6, 5.5, 5.0, 4.2]
# Handlers on duty, by hour: the room is thinnest overnight and at the
# morning change-over, which is when queues build.
STAFF = [4, 3, 3, 3, 3, 3, 3, 4, 7, 9, 10, 10, 9, 9, 10, 10, 10, 10, 9, 8,
         7, 6, 5, 4]
WEEKDAY_101 = [1.18, 1.06, 1.02, 1.0, 1.02, 0.86, 0.80]  # Monday first
WEEKDAY_999 = [0.95, 0.90, 0.90, 0.95, 1.10, 1.25, 1.05]


def q3_day_factor(day, channel):
    """Events of summer 2018: the August bank holiday and the air festival."""
    f = 1.0
    if day.month == 7:
        f *= 1.04  # the long hot spell
    if day == datetime.date(2018, 8, 27):
        f *= 0.85 if channel == "101" else 1.25
    if datetime.date(2018, 8, 30) <= day <= datetime.date(2018, 9, 2):
        f *= 1.12
    return f


def q3_hours(day, channel, weights):
    """Summer evenings keep the usual pattern."""


# Christmas week: (101, 999) factors by day of December.
CHRISTMAS = {24: (0.85, 1.10), 25: (0.55, 1.05), 26: (0.75, 1.10),
             27: (0.90, 1.0), 28: (0.90, 1.0), 29: (0.90, 1.0),
             30: (0.90, 1.0), 31: (0.90, 1.40)}


def q4_day_factor(day, channel):
    """Events of autumn 2018: the October storm, Halloween, bonfire night,
    the Christmas party season and holidays, and New Year's Eve."""
    is101 = channel == "101"
    f = 1.0
    if day in (D(2018, 10, 12), D(2018, 10, 13)):
        f *= 1.08 if is101 else 1.12  # trees down, roads shut
    if day == D(2018, 10, 31):
        f *= 1.06 if is101 else 1.15
    if day in (D(2018, 11, 3), D(2018, 11, 4)):
        f *= 1.04 if is101 else 1.12  # the weekend's displays
    if day == D(2018, 11, 5):
        f *= 1.12 if is101 else 1.35
    if day.month == 12 and day.day < 24 and day.weekday() in (4, 5) and \
            not is101:
        f *= 1.25 if day.day == 21 else 1.12  # office parties
    if day.month == 12 and day.day in CHRISTMAS:
        f *= CHRISTMAS[day.day][0 if is101 else 1]
    return f


def q4_hours(day, channel, weights):
    """The evening of a festive day is the busy part of it; and the clocks
    go back at 02:00 on 28 October, so 01:00-01:59 comes round twice."""
    if day in (D(2018, 10, 31), D(2018, 11, 3), D(2018, 11, 4),
               D(2018, 11, 5)):
        for h in range(18, 24):
            weights[h] *= 1.6
    if day == D(2018, 12, 31) and channel == "999":
        for h in range(20, 24):
            weights[h] *= 2.0
    if day == D(2018, 10, 28):
        weights[1] *= 2


def call_times(rng, q):
    """[(datetime, channel)] for the quarter, in time order."""
    calls = []
    for day in q.days:
        wd = day.weekday()
        for channel, base, hours, wdf in (
                ("101", q.base_101, HOURS_101, WEEKDAY_101),
                ("999", q.base_999, HOURS_999, WEEKDAY_999)):
            n = round(base * wdf[wd] * q.day_factor(day, channel) *
                      rng.gauss(1.0, 0.05))
            weights = list(hours)
            if channel == "999" and wd in (5, 6):  # Friday and Saturday nights
                for h in range(4):
                    weights[h] *= 1.8
            q.hours(day, channel, weights)
            hour_pairs = list(zip(range(24), weights))
            for _ in range(n):
                h = weighted(rng, hour_pairs)
                t = datetime.datetime(day.year, day.month, day.day, h,
                                      rng.randrange(60), rng.randrange(60))
                calls.append([t, channel])
    calls.sort(key=lambda c: (c[0], c[1]))
    return calls


def handler_pools(rng):
    ids = rng.sample(range(1000, 8000), 64)
    teams = [["H%04d" % i for i in ids[k * 16:(k + 1) * 16]]
             for k in range(4)]
    trainees = ["H%04d" % i for i in rng.sample(range(8000, 9000), 6)]
    return teams, trainees


def handover(rng, teams, trainees):
    """The next quarter's room: four of the trainees have joined the teams,
    one each in place of a handler who left, and four new ones start."""
    teams = [list(t) for t in teams]
    for k in range(4):
        teams[k][rng.randrange(len(teams[k]))] = trainees[k]
    taken = set(int(h[1:]) for h in trainees)
    fresh = [i for i in range(8000, 9000) if i not in taken]
    return teams, trainees[4:] + ["H%04d" % i for i in rng.sample(fresh, 4)]


def team_on_duty(t):
    """Four teams on 12-hour shifts from 07:00 and 19:00: each team works
    two days, two nights two days later, then rests (an 8-day cycle)."""
    start = datetime.datetime(2018, 1, 1, 7)
    shift = int((t - start).total_seconds() // (12 * 3600))
    return (shift // 4 + 2 * (shift % 2)) % 4


def busyness(calls):
    """A queue-pressure score for each call: calls in its hour per handler."""
    per_hour = {}
    for t, channel in calls:
        key = (t.date(), t.hour)
        per_hour[key] = per_hour.get(key, 0) + 1
    return [per_hour[(t.date(), t.hour)] / STAFF[t.hour] for t, _ in calls]


def draw_wait(rng, buckets, k, channel):
    _, lo, hi = buckets[k]
    if k == 0 and channel == "101":
        while True:  # most answered within the first two minutes
            w = int(rng.expovariate(1 / 80.0))
            if w <= hi:
                return w
    if k == len(buckets) - 1:
        while True:
            w = lo + int(rng.expovariate(1 / (hi - lo) * 4))
            if w <= hi:
                return w
    if k == 2 and channel == "101":
        return int(rng.triangular(lo, hi, lo + 60))
    return rng.randint(lo, hi)


def assign_waits(rng, idx, pressure, buckets, channel):
    """Exact bucket quotas over the calls idx, longest waits when busiest."""
    counts = quotas(len(idx), [b[0] for b in buckets])
    waits = []
    for k, c in enumerate(counts):
        waits.extend(draw_wait(rng, buckets, k, channel) for _ in range(c))
    waits.sort()
    ranked = sorted(idx, key=lambda i: (
        pressure[i] * rng.lognormvariate(0, 0.6), i))
    return dict(zip(ranked, waits))


OUTCOMES_101 = [("advice-given", 38), ("incident-created", 26),
                ("crime-recorded", 17), ("referred-to-partner", 19)]
OUTCOMES_999 = [("incident-created", 74), ("crime-recorded", 16),
                ("advice-given", 6), ("referred-to-partner", 4)]
TALK_MEDIAN = {"advice-given": 210, "incident-created": 330,
               "crime-recorded": 560, "referred-to-partner": 260}


def make_calls(rng, q, prev=None):
    """The quarter's rows, and the handlers and the last recording number
    for the next quarter's prev (None for the first quarter)."""
    calls = call_times(rng, q)
    n = len(calls)
    if prev is None:
        teams, trainees = handler_pools(rng)
        rec = 0
    else:
        teams, trainees = handover(rng, prev[0], prev[1])
        rec = prev[2]
    pressure = busyness(calls)
    ranked = sorted(range(n), key=lambda i: (pressure[i], i))
    prank = [0.0] * n
    for r, i in enumerate(ranked):
        prank[i] = r / n

    daytime = [i for i, (t, _) in enumerate(calls)
               if t.weekday() < 5 and 9 <= t.hour < 17 and
               t.date() not in q.no_training]
    training = set(rng.sample(daytime, round(n * 0.01)))
    abandoned = set()
    for i, (t, channel) in enumerate(calls):
        if i in training:
            continue
        p = 0.01 if channel == "999" else 0.008 + 0.044 * prank[i]
        if rng.random() < p:
            abandoned.add(i)

    waits = {}
    for channel, buckets, ab_shares in (
            ("101", q.wait_101, [0.50, 0.15, 0.25, 0.10]),
            ("999", q.wait_999, [0.80, 0.12, 0.08])):
        answered = [i for i in range(n) if calls[i][1] == channel and
                    i not in training and i not in abandoned]
        waits.update(assign_waits(rng, answered, pressure, buckets,
                                  channel))
        for i in range(n):
            if calls[i][1] != channel or i in waits:
                continue
            shares = ab_shares if i in abandoned else [b[0] for b in buckets]
            k = weighted(rng, list(enumerate(shares)))
            waits[i] = draw_wait(rng, buckets, k, channel)

    rows = []
    seq = {}
    for i, (t, channel) in enumerate(calls):
        day = t.date()
        seq[day] = seq.get(day, rng.randint(1, 6)) + rng.randint(1, 9)
        call_id = "DP-%s-%05d" % (day.strftime("%Y%m%d"), seq[day])
        area = weighted(rng, AREAS)
        if channel == "999" and (t.hour >= 21 or t.hour < 4) and \
                rng.random() < 0.2:
            area = "Bournemouth"  # the night-time economy
        rec += rng.randint(1, 4)
        if i in abandoned:
            outcome, talk, handler, recording = "abandoned", 0, "", ""
        else:
            outcome = weighted(rng, OUTCOMES_999 if channel == "999"
                               else OUTCOMES_101)
            median = TALK_MEDIAN[outcome] * (0.8 if channel == "999" else 1)
            talk = int(min(3600, max(25, median *
                                     rng.lognormvariate(0, 0.55))))
            if i in training:
                handler = rng.choice(trainees)
                talk = int(talk * 1.3)
            else:
                handler = rng.choice(teams[team_on_duty(t)])
            recording = "REC-%s-%06d" % (t.strftime("%y%m%d"), rec)
        rows.append([call_id, t.strftime("%d/%m/%Y %H:%M:%S"), channel, area,
                     waits[i], talk, handler, outcome,
                     "Y" if i in training else "N", recording])
    return rows, (teams, trainees, rec)


CALL_COLUMNS = ["call_id", "start_time", "channel", "area", "queue_wait_s",
                "talk_s", "handler_id", "outcome", "training_flag",
                "recording_ref"]


# ------------------------------------------------------- correspondence

FIRST_NAMES = [  # name, f(eminine), m(asculine) or n(either)
    ("Abigail", "f"), ("Aled", "m"), ("Alfie", "m"), ("Amara", "f"),
    ("Ambrose", "m"), ("Anita", "f"), ("Arlo", "m"), ("Beatrix", "f"),
    ("Bernard", "m"), ("Bethan", "f"), ("Callum", "m"), ("Carys", "f"),
    ("Cedric", "m"), ("Clemency", "f"), ("Colin", "m"), ("Dawn", "f"),
    ("Declan", "m"), ("Delyth", "f"), ("Dominic", "m"), ("Eamon", "m"),
    ("Edith", "f"), ("Eilidh", "f"), ("Esme", "f"), ("Felix", "m"),
    ("Fenella", "f"), ("Fergus", "m"), ("Florence", "f"), ("Gareth", "m"),
    ("Gwen", "f"), ("Hamish", "m"), ("Hazel", "f"), ("Hugo", "m"),
    ("Ifeoma", "f"), ("Ingrid", "f"), ("Isla", "f"), ("Ivor", "m"),
    ("Jasmine", "f"), ("Joanne", "f"), ("José", "m"), ("Kasia", "f"),
    ("Keith", "m"), ("Kieran", "m"), ("Lorna", "f"), ("Lowri", "f"),
    ("Magnus", "m"), ("Marcia", "f"), ("Marek", "m"), ("Maureen", "f"),
    ("Nadia", "f"), ("Neville", "m"), ("Niamh", "f"), ("Norman", "m"),
    ("Octavia", "f"), ("Olu", "n"), ("Orla", "f"), ("Parveen", "f"),
    ("Percy", "m"), ("Petra", "f"), ("Quentin", "m"), ("Rafferty", "m"),
    ("Rhiannon", "f"), ("Roisin", "f"), ("Rupert", "m"), ("Saoirse", "f"),
    ("Shona", "f"), ("Sian", "f"), ("Stanley", "m"), ("Sunita", "f"),
    ("Tamsin", "f"), ("Thea", "f"), ("Toby", "m"), ("Una", "f"),
    ("Valerie", "f"), ("Vikram", "m"), ("Wilf", "m"), ("Winifred", "f"),
    ("Yusuf", "m"), ("Zainab", "f"), ("Zoë", "f"), ("Robin", "n"),
    ("Jody", "n"), ("Alex", "n"),
]
TITLES = {"f": ["Mrs", "Ms", "Miss", "Dr"], "m": ["Mr", "Mr", "Dr"],
          "n": ["Mx", "Mr", "Ms", "Dr"]}
SURNAMES = [
    "Abernethy", "Ackroyd", "Aldous", "Attwell", "Bagshaw", "Balcombe",
    "Blandamer", "Bowditch", "Brackley", "Bramble", "Cattermole", "Chivers",
    "Cleverly", "Coombes", "Crabb", "Dampier", "Dimmock", "Drewitt",
    "Dunford", "Eastment", "Elcombe", "Fripp", "Frome", "Galpin", "Gillard",
    "Goddard", "Hallett", "Hardiman", "Hibbs", "Honeybun", "Hounsell",
    "Ingram", "Jellicoe", "Keast", "Kerley", "Lacey", "Legg", "Loveless",
    "Mabey", "Marsh", "Mew", "Nethercott", "Newbery", "Nkemelu", "Oakley",
    "O'Rourke", "Osmond", "Paddock", "Pitman", "Pouncy", "Quarrier",
    "Rendell", "Romney", "Rossiter", "Samways", "Scutt", "Selby", "Sheppey",
    "Stickland", "Strode", "Tapper", "Thorne", "Tizard", "Trevett",
    "Tullett", "Uddin", "Vowles", "Warr", "Whittle", "Woolfrey", "Wyatt",
    "Yeatman", "Zielinski",
]
STREETS = [
    "Kings Road", "Station Road", "Church Lane", "Victoria Avenue",
    "Manor Farm Close", "Sea View Road", "High Street", "Mill Lane",
    "Orchard Way", "Cranborne Road", "Ringwood Road", "Salisbury Street",
    "Acacia Avenue", "Heather Close", "The Crescent", "Poole Lane",
    "Castle Street", "Bay Road", "Harbour View", "Beech Grove",
    "Chapel Lane", "Ridgeway", "Meadow Rise", "Coastguard Cottages",
    "Old Farm Road", "Wessex Way", "Moor Lane", "St Mary's Close",
]
TOWNS = {  # area: [(town, [postcode districts])]
    "Bournemouth": [("Bournemouth", ["BH1", "BH2", "BH3", "BH8"]),
                    ("Boscombe", ["BH1", "BH5"]), ("Southbourne", ["BH6"]),
                    ("Kinson", ["BH10", "BH11"]), ("Westbourne", ["BH4"]),
                    ("Winton", ["BH9"])],
    "Poole": [("Poole", ["BH15"]), ("Parkstone", ["BH12", "BH14"]),
              ("Broadstone", ["BH18"]), ("Hamworthy", ["BH15"]),
              ("Canford Heath", ["BH17"]), ("Oakdale", ["BH15"])],
    "Christchurch": [("Christchurch", ["BH23"]), ("Highcliffe", ["BH23"]),
                     ("Mudeford", ["BH23"])],
    "East Dorset": [("Wimborne", ["BH21"]), ("Ferndown", ["BH22"]),
                    ("Verwood", ["BH31"]), ("West Moors", ["BH22"]),
                    ("Corfe Mullen", ["BH21"])],
    "North Dorset": [("Blandford Forum", ["DT11"]), ("Shaftesbury", ["SP7"]),
                     ("Gillingham", ["SP8"]),
                     ("Sturminster Newton", ["DT10"])],
    "Purbeck": [("Swanage", ["BH19"]), ("Wareham", ["BH20"]),
                ("Corfe Castle", ["BH20"]), ("Upton", ["BH16"])],
    "West Dorset": [("Dorchester", ["DT1", "DT2"]), ("Bridport", ["DT6"]),
                    ("Sherborne", ["DT9"]), ("Lyme Regis", ["DT7"]),
                    ("Beaminster", ["DT8"])],
    "Weymouth and Portland": [("Weymouth", ["DT3", "DT4"]),
                              ("Portland", ["DT5"]), ("Preston", ["DT3"]),
                              ("Wyke Regis", ["DT4"])],
}
STAFF_NAMES = [  # the force's contact staff who sign replies
    ("Sam", "Okonedo", 4412), ("Bryony", "Tarrant", 3807),
    ("Lewis", "Faraday", 5120), ("Kerry", "Mapstone", 4679),
    ("Asha", "Venkat", 3351), ("Rowan", "Pettifer", 5536),
    ("Dylan", "Hosegood", 4094), ("Maxine", "Clavell", 3928),
]
OFFICERS = [("PC", "Ollie Brackett", 1187), ("PC", "Freya Lomax", 2263),
            ("PCSO", "Gordon Voss", 6419), ("PC", "Imran Sadiq", 1745),
            ("DC", "Helena Wray", 3120), ("PCSO", "Kit Penhaligon", 6088),
            ("PC", "Megan Ashdown", 2391), ("Sgt", "Bill Tremlett", 907)]
TEST_CARDS = ["4111 1111 1111 1111", "5555 5555 5555 4444",
              "4000 0566 5566 5556", "5105105105105100",
              "4012 8888 8888 1881"]
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
REG_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXY"
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]


class Person:
    """An invented member of the public and their details."""

    def __init__(self, rng, area):
        self.first, kind = rng.choice(FIRST_NAMES)
        self.last = rng.choice(SURNAMES)
        self.title = rng.choice(TITLES[kind])
        town, districts = rng.choice(TOWNS[area])
        self.town = town
        self.postcode = "%s %d%s%s" % (
            rng.choice(districts), rng.randint(1, 9), rng.choice(LETTERS),
            rng.choice(LETTERS))
        self.street = rng.choice(STREETS)
        self.house = rng.randint(1, 148)
        self.address = "%d %s, %s" % (self.house, self.street, town)
        n = rng.randint(0, 999)
        self.mobile = rng.choice(["07700 900%03d", "07700900%03d",
                                  "07700 900 %03d", "+44 7700 900%03d"]) % n
        self.landline = "01632 960%03d" % rng.randint(0, 999)
        user = rng.choice([
            "%s.%s" % (self.first, self.last),
            "%s%s" % (self.first[0], self.last),
            "%s.%s%d" % (self.first, self.last, rng.randint(50, 99)),
            "%s_%s" % (self.last, self.first[0])])
        user = user.lower().replace("'", "")
        user = user.replace("ë", "e").replace("é", "e")
        self.email = user + "@example.org"
        self.dob = datetime.date(rng.randint(1938, 2001), rng.randint(1, 12),
                                 rng.randint(1, 28))
        self.phone = self.mobile if rng.random() < 0.75 else self.landline

    def full(self):
        return "%s %s" % (self.first, self.last)

    def formal(self):
        return "%s %s" % (self.title, self.last)


def crime_ref(rng):
    return "5518%07d" % rng.randint(0, 9999999)


def vehicle_reg(rng):
    age = rng.choice(list(range(2, 19)) + list(range(51, 69)))
    return "%s%s%02d %s%s%s" % (
        rng.choice("ABDEFGHKLMNOPRSVWY"), rng.choice(REG_LETTERS), age,
        rng.choice(REG_LETTERS), rng.choice(REG_LETTERS),
        rng.choice(REG_LETTERS))


def nhs_test_number(rng):
    """A number from the 999 test range with a valid modulus-11 check."""
    while True:
        d = [9, 9, 9] + [rng.randint(0, 9) for _ in range(6)]
        s = sum(x * (10 - i) for i, x in enumerate(d))
        check = 11 - s % 11
        if check == 11:
            check = 0
        if check != 10:
            d.append(check)
            t = "".join(map(str, d))
            return "%s %s %s" % (t[:3], t[3:6], t[6:])


def long_date(d):
    return "%d %s %d" % (d.day, MONTHS[d.month - 1], d.year)


def when_phrase(rng, received):
    """When it happened, some days before the contact or earlier today."""
    back = received - datetime.timedelta(days=rng.randint(2, 6))
    phrases = ["on %s" % long_date(back.date()),
               "last %s" % back.strftime("%A"), "yesterday evening"]
    if received.hour >= 9:
        phrases.append("at about %d o'clock this morning" %
                       rng.randint(7, min(received.hour - 1, 11)))
    return rng.choice(phrases)


# Each topic returns what the person reports and how the force replies:
# subject, category (the form's and app's label), detail (paragraphs of
# one line each), short (the app message), reply (paragraphs).

def t_asb(rng, p, c):
    place = "%s near %s" % (rng.choice(["the park", "the bus shelter",
                                        "the Co-op car park", "the skate park",
                                        "the recreation ground"]), p.street)
    what = rng.choice(["shouting and throwing bottles",
                       "setting off fireworks",
                       "riding mopeds without lights", "climbing on roofs",
                       "playing loud music until gone midnight"])
    return dict(
        subject=rng.choice(["Anti-social behaviour", "Youths causing trouble",
                            "ASB again at %s" % p.street]),
        category="Anti-social behaviour",
        detail=["A group of about %d teenagers was %s at %s %s. This "
                "is the %s time this month and my elderly neighbour at "
                "number %d is frightened to go out." % (
                    rng.randint(5, 14), what, place, c["when"],
                    rng.choice(["third", "fourth", "fifth"]), p.house + 2)],
        short="Group of youths %s at %s again, %s" % (what, place, c["when"]),
        reply=["I am sorry to hear about the problems at %s. I have passed "
               "your report to the %s neighbourhood team, who will add the "
               "area to their patrol plan; your reference is %s." % (
                   place, c["area"], c["ref"]),
               "If the group is there now and you feel anyone is at risk, "
               "please call 999."])


def t_speeding(rng, p, c):
    return dict(
        subject=rng.choice(["Speeding on %s" % p.street,
                            "Speeding traffic through %s" % p.town]),
        category="Road safety",
        detail=["Cars regularly come down %s in %s at well over the 30 "
                "limit, especially between 7 and 9 in the morning. A silver "
                "van, registration %s, is one of the worst. Could a speed "
                "check be done?" % (p.street, p.town, c["reg"])],
        short="Speeding on %s every morning, worst is silver van %s" % (
            p.street, c["reg"]),
        reply=["Thank you for raising your concerns about speeding on %s. "
               "I have shared the details, including the vehicle you "
               "mention, with the Road Safety team and the local "
               "neighbourhood team." % p.street,
               "You may also be interested in Community Speed Watch, run by "
               "local volunteers; details are on our website."])


def t_parking(rng, p, c):
    return dict(
        subject="Parking on the pavement",
        category="Parking",
        detail=["A car, registration %s, has been parked across the dropped "
                "kerb outside %d %s for %d days. I use a wheelchair and "
                "cannot get past it." % (c["reg"], p.house, p.street,
                                         rng.randint(2, 9))],
        short="Car %s parked across the dropped kerb outside %d %s again" % (
            c["reg"], p.house, p.street),
        reply=["Thank you for your message. Parking on the pavement is "
               "enforced by the council's civil enforcement officers rather "
               "than the police, unless the vehicle causes a dangerous "
               "obstruction. I have referred your report to the council's "
               "parking services on 01632 960%03d." % rng.randint(0, 999),
               "If the car is blocking access for an emergency vehicle, "
               "please call 101 and quote %s." % c["ref"]])


def t_lost(rng, p, c):
    item = rng.choice(["wallet", "mobile phone", "handbag", "car keys",
                       "purse", "rucksack", "hearing aid"])
    return dict(
        subject="Lost %s" % item,
        category="Lost property",
        detail=["I lost my %s %s somewhere between %s and the town centre. "
                "It has my driving licence in it (date of birth %s). "
                "Has anyone handed it in?" % (
                    item, c["when"], p.street, p.dob.strftime("%d/%m/%Y"))],
        short="Lost my %s near %s, has it been handed in?" % (item, p.street),
        reply=["Thank you for contacting us about your %s. Dorset Police no "
               "longer records lost property, unless it is a passport, "
               "driving licence or bank card; for a lost licence please "
               "tell the DVLA." % item,
               "Items handed in to the police are kept for 28 days; you can "
               "check for yours through the lost property page of our "
               "website."])


def t_found(rng, p, c):
    item = rng.choice(["a bank card in the name of %s %s" % (
        rng.choice(FIRST_NAMES)[0], rng.choice(SURNAMES)),
        "a set of keys on a red lanyard", "a child's scooter",
        "a wallet with about £40 in it"])
    return dict(
        subject="Found property",
        category="Found property",
        detail=["I found %s on %s in %s %s. What should I do with it?" % (
            item, p.street, p.town, c["when"])],
        short="Found %s on %s, %s" % (item, p.street, p.town),
        reply=["Thank you for your honesty. Please take the item to the "
               "nearest police station front counter; bank cards can be cut "
               "up or returned to the bank that issued them."])


def t_update(rng, p, c):
    crime = rng.choice(["a burglary", "the theft of my car",
                        "an assault on my son",
                        "criminal damage to my fence", "a theft from my van"])
    oic = c["officer"]
    return dict(
        subject=rng.choice(["Update on crime %s" % c["ref"],
                            "No update on my case",
                            "Re: crime reference %s" % c["ref"]]),
        category="Update on a report",
        detail=["I reported %s on %s and was given crime reference %s. "
                "Nobody has been in touch since. Please can the officer "
                "dealing ring me on %s?" % (
                    crime, long_date(c["received"].date() -
                                     datetime.timedelta(
                                         days=rng.randint(14, 60))),
                    c["ref"], p.phone)],
        short="Still waiting for an update on %s, please call %s" % (
            c["ref"], p.phone),
        reply=["I am sorry you have not had an update. I have checked crime "
               "%s: it is with %s %s %s, who is on rest days until %s. I "
               "have sent them your message and asked them to ring you on "
               "%s." % (c["ref"], oic[0], oic[1], oic[2],
                         rng.choice(["Thursday", "Friday", "Monday"]),
                         p.phone)])


def t_praise(rng, p, c):
    oic = c["officer"]
    return dict(
        subject=rng.choice(["Thank you", "Thanks to your officers",
                            "Compliment for %s %s" % (oic[0], oic[1])]),
        category="Compliment",
        detail=["I want to say thank you to %s %s, who came out when my "
                "mother, who has dementia, went missing from %s %s, and "
                "stayed with us until she was found. So kind." % (
                    oic[0], oic[1], p.address, c["when"])
                if rng.random() < 0.5 else
                "I called 101 %s about my neighbour's burglar alarm and the "
                "handler was patient and helpful. Please pass on my thanks." %
                c["when"]],
        short="Just wanted to say thank you to the officers who helped me "
              "%s" % c["when"],
        reply=["Thank you for taking the time to write. I have passed your "
               "kind words to the officer and their supervisor, and they "
               "will be noted on their record."])


def t_complaint(rng, p, c):
    wait = rng.choice([25, 30, 40, 45, 50, 55])
    return dict(
        subject=rng.choice(["101 waiting times", "Complaint about 101",
                            "Could not get through on 101"]),
        category="Complaint",
        detail=["I rang 101 %s to report %s and waited %d minutes before "
                "giving up. This is not acceptable.%s" % (
                    c["when"], rng.choice(["a suspicious car",
                                           "a theft from my garden",
                                           "a drink driver",
                                           "damage to a bus shelter"]),
                    wait, " I am %d and do not use the internet." %
                    (2018 - p.dob.year) if p.dob.year < 1950 else "")],
        short="Waited %d minutes on 101 and gave up" % wait,
        reply=["I am sorry for the time you waited. Demand on 101 has been "
               "higher than usual %s and we answer calls in order "
               "of risk. Many reports can now be made online at any time, "
               "and you can ask us to call you back." % c["season"],
               "If you would like this treated as a formal complaint, reply "
               "to this message and it will be passed to our Professional "
               "Standards Department."])


def t_fraud(rng, p, c):
    card = rng.choice(TEST_CARDS) if rng.random() < 0.3 else None
    caller = rng.choice(["my bank", "HMRC", "Amazon", "BT", "the police"])
    tail = (" I am afraid I gave him my card number, %s, before I realised."
            % card) if card else " I did not give any details."
    return dict(
        subject="Scam phone call",
        category="Fraud",
        detail=["A man rang my landline, %s, %s claiming to be from %s and "
                "said my account had been compromised.%s" % (
                    p.landline, c["when"], caller, tail)],
        short="Scam call claiming to be %s to %s" % (caller, p.landline),
        reply=["Thank you for letting us know. Fraud is reported to Action "
               "Fraud, the national reporting centre, through its website; "
               "please quote our reference %s." % c["ref"] +
               (" As you gave your card details, please ring your bank "
                "straight away using the number on the back of your card."
                if card else ""),
               "Remember that the police and your bank will never ask for "
               "your PIN or ask you to move money."])


def t_vehicle(rng, p, c):
    return dict(
        subject="Suspicious vehicle",
        category="Suspicious activity",
        detail=["A white %s van, registration %s, has been driving slowly "
                "round %s %s with two men looking into gardens. One of them "
                "tried the side gate at number %d." % (
                    rng.choice(["Transit", "Vivaro", "Berlingo"]), c["reg"],
                    p.street, c["when"], p.house + 1)],
        short="White van %s slowly circling %s, men looking in gardens" % (
            c["reg"], p.street),
        reply=["Thank you for this information, which has been recorded as "
               "intelligence and shared with the local team (reference %s). "
               "Information like this helps us to build a picture even when "
               "we cannot respond straight away." % c["ref"]])


def t_bike(rng, p, c):
    serial = "%s%07d" % (rng.choice(["WTU", "GT", "SN", "BM"]),
                         rng.randint(0, 9999999))
    return dict(
        subject="Stolen bicycle",
        category="Theft",
        detail=["My %s bike was stolen from the shed at %s, %s, %s. The "
                "frame number is %s. The padlock was cut." % (
                    rng.choice(["red Carrera", "black Boardman",
                                "blue Specialized", "grey Trek"]),
                    p.address, p.postcode, c["when"], serial)],
        short="Bike stolen from my shed at %s, frame %s" % (p.address,
                                                            serial),
        reply=["I am sorry to hear your bicycle was stolen. It has been "
               "recorded as crime %s and the frame number has been added to "
               "the national database, so it can be returned if found." %
               c["ref"],
               "At present there are no further lines of enquiry; if you "
               "see the bike for sale online, please let us know."])


def t_damage(rng, p, c):
    return dict(
        subject="Damage to my car",
        category="Criminal damage",
        detail=["Overnight someone scratched the whole side of my car, "
                "registration %s, while it was parked outside %d %s. My "
                "doorbell camera shows a man in a grey hoodie at about 2am." %
                (c["reg"], p.house, p.street)],
        short="Car %s keyed overnight outside %d %s, have doorbell footage" %
              (c["reg"], p.house, p.street),
        reply=["Thank you for reporting this; it has been recorded as crime "
               "%s. Please keep the doorbell footage: an officer will send "
               "you a link to upload it." % c["ref"]])


def t_licensing(rng, p, c):
    cert = "%d/%05d" % (rng.choice([11, 12, 13]), rng.randint(0, 99999))
    return dict(
        subject="Shotgun certificate renewal",
        category="Firearms licensing",
        detail=["My shotgun certificate, number %s, runs out next month. I "
                "sent the renewal form in %s and have heard nothing. My "
                "date of birth is %s." % (cert, c["renewal"],
                                          long_date(p.dob))],
        short="Shotgun certificate %s renewal, heard nothing" % cert,
        reply=["I have forwarded your message to the Firearms Licensing "
               "Department, who will contact you directly about certificate "
               "%s." % cert])


def t_dog(rng, p, c):
    return dict(
        subject="Dangerous dog",
        category="Animals",
        detail=["The large dog at %d %s got out again %s and went for my "
                "grandson's spaniel. The owner just laughed." % (
                    p.house + 4, p.street, c["when"])],
        short="Dog from %d %s loose again, attacked a spaniel" % (
            p.house + 4, p.street),
        reply=["Thank you for your report (%s). A dog that is dangerously "
               "out of control is a police matter and the local team will "
               "visit the owner; stray dogs are dealt with by the council's "
               "dog warden." % c["ref"]])


def t_drone(rng, p, c):
    return dict(
        subject="Drone over my garden",
        category="Suspicious activity",
        detail=["My neighbour at %d %s keeps flying a drone over our garden "
                "while my daughters are in the paddling pool. I have asked "
                "him to stop." % (p.house + 1, p.street)],
        short="Neighbour flying drone over our garden at %d %s" % (
            p.house, p.street),
        reply=["Thank you for contacting us. I have logged your report as "
               "%s and asked the neighbourhood team to give the operator "
               "advice on the drone code." % c["ref"]])


def t_welfare(rng, p, c):
    nhs = nhs_test_number(rng) if rng.random() < 0.4 else None
    who = "%s %s" % (rng.choice(FIRST_NAMES)[0], rng.choice(SURNAMES))
    return dict(
        subject="Concern for my neighbour",
        category="Concern for welfare",
        detail=["I have not seen my neighbour %s at %d %s for four days "
                "and the curtains are still drawn.%s" % (
                    who, p.house + 2, p.street,
                    " The carer said the NHS number is %s if it helps." % nhs
                    if nhs else "")],
        short="Not seen neighbour %s at %d %s for 4 days" % (
            who, p.house + 2, p.street),
        reply=["Thank you for your message. Officers attended the address "
               "on the same day and I can reassure you that your neighbour "
               "is safe. In future, if you are worried that someone is at "
               "risk, please call 999 or 101 rather than write to us."])


def t_collision(rng, p, c):
    other = vehicle_reg(rng)
    return dict(
        subject="Minor collision",
        category="Road traffic collision",
        detail=["I was in a minor collision on %s, %s. The other driver, in "
                "a black Golf registration %s, drove off without giving "
                "details. My car is %s." % (
                    p.street, c["when"], other, c["reg"])],
        short="Hit by black Golf %s on %s, driver failed to stop" % (
            other, p.street),
        reply=["I am sorry to hear of the collision. Failing to stop is an "
               "offence and it has been recorded under reference %s. Please "
               "send any dashcam footage and your insurer's details." %
               c["ref"]])


def t_rogue(rng, p, c):
    return dict(
        subject="Cold callers",
        category="Doorstep crime",
        detail=["Two men knocked %s offering to clean my gutters for £%d, "
                "then said the roof needed £%d of work. Their van was %s. I "
                "live alone and it frightened me." % (
                    c["when"], rng.choice([40, 60, 80]),
                    rng.choice([1800, 2500, 4200]), c["reg"])],
        short="Cold callers, van %s, asking £%d for roof work" % (
            c["reg"], rng.choice([1800, 2500, 4200])),
        reply=["Thank you for letting us know. Doorstep crime is taken "
               "seriously; I have passed the van details to the local team "
               "and to Trading Standards. Never agree to work or hand over "
               "money on the doorstep."])


def t_harassment(rng, p, c):
    who = "%s %s" % (rng.choice(FIRST_NAMES)[0], rng.choice(SURNAMES))
    return dict(
        subject="Harassment on Facebook",
        category="Harassment",
        detail=["My ex-partner %s keeps posting about me on Facebook and "
                "messaged my work email, %s, %d times this week." % (
                    who, p.email, rng.randint(5, 30))],
        short="Ex-partner %s harassing me online" % who,
        reply=["I am sorry to hear what you are going through. An officer "
               "will call you on %s to take a full statement; please keep "
               "screenshots of the messages. Your reference is %s." % (
                   p.phone, c["ref"])])


def t_online(rng, p, c):
    return dict(
        subject="Online report not acknowledged",
        category="Website",
        detail=["I filled in the online form %s to report a theft from my "
                "car but never got an email to say it had been received."
                % c["when"]],
        short="Sent an online report but no acknowledgement",
        reply=["I am sorry for the confusion. Your online report was "
               "received and is recorded as %s; the acknowledgement email "
               "may have gone to your junk folder." % c["ref"]])


def t_fireworks(rng, p, c):
    late = rng.choice(["gone 11 at night", "nearly midnight",
                       "after 1 in the morning"])
    return dict(
        subject=rng.choice(["Fireworks on %s" % p.street,
                            "Fireworks every night", "Fireworks and my dog"]),
        category="Anti-social behaviour",
        detail=["People have been letting off loud fireworks in the street "
                "outside %d %s every night this week, until %s. Some were "
                "aimed at parked cars, and my %s is terrified and will not "
                "eat." % (p.house, p.street, late,
                          rng.choice(["dog", "elderly cat", "horse"]))],
        short="Fireworks let off in %s until %s, one aimed at a car" % (
            p.street, late),
        reply=["Thank you for your message. Fireworks may not be let off "
               "between 11pm and 7am, except on bonfire night, New Year's "
               "Eve and a few other dates, and never in the street. I have "
               "passed your report (%s) to the %s neighbourhood team." % (
                   c["ref"], c["area"]),
               "If fireworks are being thrown at people or property now, "
               "please call 999."])


def t_halloween(rng, p, c):
    return dict(
        subject=rng.choice(["Eggs thrown at my house", "Halloween damage"]),
        category="Criminal damage",
        detail=["On Halloween night a group in masks threw eggs and flour "
                "at my front door and window at %d %s after I said we had "
                "no sweets left. My car, %s, was egged too and the paint is "
                "marked." % (p.house, p.street, c["reg"])],
        short="Eggs thrown at my house and car %s on Halloween, %s" % (
            c["reg"], p.street),
        reply=["I am sorry this happened to you. It has been recorded as "
               "criminal damage, reference %s, and the neighbourhood team "
               "will look at any doorbell or street camera footage nearby." %
               c["ref"]])


def t_parcel(rng, p, c):
    courier = rng.choice(["DPD", "Hermes", "Royal Mail", "Amazon", "Yodel"])
    track = "%s%09d" % (rng.choice(["JD", "TT", "H0", "Q"]),
                        rng.randint(0, 999999999))
    december = c["received"].month == 12
    what = "Christmas presents" if december else rng.choice([
        "a new phone", "my son's birthday present", "two pairs of boots"])
    return dict(
        subject=rng.choice(["Parcel stolen from my doorstep"] +
                           (["Christmas presents stolen"] if december
                            else ["Stolen parcel"])),
        category="Theft",
        detail=["A %s parcel with %s in it was left on my doorstep at %s, "
                "%s, %s and was gone twenty minutes later. The tracking "
                "number is %s and the driver's photo shows it by the "
                "door." % (courier, what, p.address, p.postcode, c["when"],
                           track)],
        short="%s parcel %s stolen from my doorstep at %s" % (
            courier, track, p.address),
        reply=["I am sorry to hear your parcel was taken. It has been "
               "recorded as theft, reference %s; please also tell %s, as "
               "the sender's insurance usually covers goods stolen after "
               "delivery." % (c["ref"], courier),
               "Asking for a safe place or a neighbour on the delivery "
               "instructions helps, %s." % (
                   "above all over the Christmas period" if december
                   else "when nobody is in")])


def t_drink(rng, p, c):
    return dict(
        subject=rng.choice(["Drink driver", "Neighbour driving drunk"]),
        category="Road safety",
        detail=["A man comes out of the %s on %s most evenings and drives "
                "off in a grey Astra, registration %s, when he can hardly "
                "walk. He nearly hit a child on the crossing %s." % (
                    rng.choice(["Crown", "Red Lion", "Anchor",
                                "Kings Arms"]), p.street, c["reg"],
                    c["when"])],
        short="Drink driver leaving the pub on %s in grey Astra %s" % (
            p.street, c["reg"]),
        reply=["Thank you for this information, which has been passed to "
               "the roads policing team%s (reference %s)." % (
                   " for our Christmas drink-drive campaign"
                   if c["received"].month == 12 else "", c["ref"]),
               "If you see someone about to drive while drunk, please call "
               "999 straight away with the registration."])


TOPICS = [(t_asb, 12), (t_speeding, 8), (t_parking, 7), (t_lost, 7),
          (t_found, 4), (t_update, 10), (t_praise, 6), (t_complaint, 7),
          (t_fraud, 6), (t_vehicle, 6), (t_bike, 5), (t_damage, 5),
          (t_licensing, 3), (t_dog, 3), (t_drone, 2), (t_welfare, 2),
          (t_collision, 4), (t_rogue, 3), (t_harassment, 3), (t_online, 3)]


def q3_topics(received):
    return TOPICS


def q4_topics(received):
    """No paddling pools to fly drones over; fireworks around bonfire night,
    eggs at Halloween, parcels and drink drivers in December."""
    day = received.date()
    fireworks = 14 if D(2018, 10, 25) <= day <= D(2018, 11, 10) else 1
    halloween = 10 if D(2018, 10, 31) <= day <= D(2018, 11, 3) else 0
    december = day.month == 12 and day.day <= 24
    return [t for t in TOPICS if t[0] is not t_drone] + [
        (t_fireworks, fireworks), (t_halloween, halloween),
        (t_parcel, 8 if december else 1), (t_drink, 4 if december else 1)]


FORCE_ADDRESS = "Dorset Police Contact Centre <contact.centre@example.org>"
CHANNELS = [("email", 35), ("webform", 40), ("app", 25)]
PREFIX = {"email": "EM", "webform": "WF", "app": "APP"}
HOURS_EMAIL = [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 3.0, 4.0, 4.2, 4.0,
               3.6, 3.6, 3.8, 3.6, 3.4, 3.0, 2.6, 2.6, 2.8, 2.6, 1.8, 0.9]
HOURS_APP = [0.8, 0.4, 0.2, 0.1, 0.1, 0.2, 0.6, 1.5, 2.4, 2.6, 2.6, 2.8,
             3.0, 3.0, 2.8, 2.8, 3.0, 3.4, 3.8, 4.2, 4.4, 4.2, 3.2, 1.8]


def email_body(rng, p, c, topic):
    lines = [rng.choice(["Dear Sir or Madam,", "Hello,", "Hi there,",
                         "To whom it may concern,", "Good morning,"]), ""]
    lines.extend(topic["detail"])
    lines.append("")
    sign = [rng.choice(["Kind regards,", "Thanks,", "Regards,",
                        "Many thanks,", "Yours faithfully,"]), p.full()]
    r = rng.random()
    if r < 0.35:
        sign.append(p.phone)
    elif r < 0.55:
        sign.append("%s, %s" % (p.address, p.postcode))
    elif r < 0.65:
        sign.append("Tel: %s | Mob: %s" % (p.landline, p.mobile))
    lines.extend(sign)
    subject = topic["subject"]
    if rng.random() < 0.22:
        earlier = (c["received"] - datetime.timedelta(
            days=rng.randint(2, 20))).replace(hour=rng.randint(8, 17),
                                              minute=rng.randrange(60))
        lines.extend([
            "",
            "On %s, at %s, %s wrote:" % (earlier.strftime("%-d %b %Y"),
                                        earlier.strftime("%H:%M"),
                                        FORCE_ADDRESS),
            "> Dear %s, thank you for your email. Your reference is %s." % (
                p.formal(), c["ref"]),
            "> We aim to reply within five working days.",
        ])
        subject = "Re: " + subject
    return subject, "\n".join(lines)


def webform_body(rng, p, c, topic):
    lines = ["Name: %s %s" % (p.title, p.full()), "Email: %s" % p.email]
    if rng.random() < 0.8:
        lines.append("Phone: %s" % p.phone)
    if rng.random() < 0.6:
        lines.append("Address: %d %s, %s" % (p.house, p.street, p.town))
    lines.append("Postcode: %s" % p.postcode)
    if rng.random() < 0.3:
        lines.append("Date of birth: %s" % p.dob.strftime("%d/%m/%Y"))
    lines.append("Details: %s" % " ".join(topic["detail"]))
    return topic["category"], "\n".join(lines)


def app_body(rng, p, c, topic):
    lines = [topic["short"]]
    r = rng.random()
    if r < 0.35:
        lines.append("Location: %s (%s)" % (p.street, p.postcode))
    elif r < 0.6:
        lines.append("%s %s" % (p.first, p.mobile))
    return "App report: " + topic["category"], "\n".join(lines)


def reply(rng, p, channel, topic, staff):
    if channel == "app":
        first = topic["reply"][0]
        if not first.startswith("Thank you"):
            first = "Thanks for your message. " + first
        return "Hi %s,\n%s\nDorset Police" % (p.first, first)
    lines = ["Dear %s," % p.formal(), ""]
    for i, para in enumerate(topic["reply"]):
        if i:
            lines.append("")
        lines.append(para)
    lines.extend(["", rng.choice(["Kind regards,", "Yours sincerely,"]),
                  "%s %s, Contact Management Officer %d" % staff])
    return "\n".join(lines)


def q3_day(rng, q):
    return rng.choice(q.days)


def q4_day(rng, q):
    """Fewer contacts over Christmas, more the mornings after the bonfires."""
    less = {D(2018, 12, 24): 0.7, D(2018, 12, 25): 0.35,
            D(2018, 12, 26): 0.6, D(2018, 12, 31): 0.8,
            D(2018, 11, 5): 1.3, D(2018, 11, 6): 1.6}
    return weighted(rng, [(d, less.get(d, 1.0)) for d in q.days])


def make_correspondence(rng, q, seq):
    """The quarter's rows, and seq: each channel's last sequence number,
    which the next quarter's series continues from."""
    rows = []
    for _ in range(q.contacts):
        channel = weighted(rng, CHANNELS)
        day = q.day(rng, q)
        hours = HOURS_APP if channel == "app" else HOURS_EMAIL
        h = weighted(rng, list(zip(range(24), hours)))
        if day.weekday() >= 5 and channel == "email" and rng.random() < 0.4:
            day += datetime.timedelta(days=7 - day.weekday())  # on Monday
            if day > q.last:
                day = q.last
        received = datetime.datetime(day.year, day.month, day.day, h,
                                     rng.randrange(60))
        area = weighted(rng, AREAS)
        p = Person(rng, area)
        ctx = dict(received=received, area=area, ref=crime_ref(rng),
                   reg=vehicle_reg(rng), officer=rng.choice(OFFICERS),
                   season=q.season, renewal=q.renewal)
        ctx["when"] = when_phrase(rng, received)
        topic = weighted(rng, q.topics(received))(rng, p, ctx)
        if channel == "email":
            subject, body = email_body(rng, p, ctx, topic)
        elif channel == "webform":
            subject, body = webform_body(rng, p, ctx, topic)
        else:
            subject, body = app_body(rng, p, ctx, topic)
        response = ("" if rng.random() < 0.012 else
                    reply(rng, p, channel, topic, rng.choice(STAFF_NAMES)))
        rows.append([received, channel, area, subject, body, response])
    rows.sort(key=lambda r: (r[0], r[1]))
    seq = dict(seq)
    out = []
    for received, channel, area, subject, body, response in rows:
        seq[channel] += rng.randint(1, 3)
        contact_id = "%s-2018-%06d" % (PREFIX[channel], seq[channel])
        out.append([contact_id, received.strftime("%Y-%m-%d %H:%M"), channel,
                    area, subject, body, response])
    return out, seq


CORR_COLUMNS = ["contact_id", "received", "channel", "area", "subject",
                "body", "response"]


def write_csv(path, columns, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(columns)
    w.writerows(rows)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    os.replace(tmp, path)


# ------------------------------------------------------------- quarters

# The figures reported at the meeting that reviews each quarter: 101 waits
# under 5 minutes, 5-7, 7-15 and over 15 minutes, as (share, low, high)
# seconds over answered, non-training calls; 999 waits within 10 s,
# 11-15 s and longer.
QUARTERS = [
    Quarter("2018-q3", D(2018, 7, 1), D(2018, 9, 30), 20181004,
            base_101=83.0, base_999=14.8,
            wait_101=[(0.71, 0, 299), (0.10, 301, 419), (0.14, 421, 899),
                      (0.05, 901, 3000)],
            wait_999=[(0.887, 1, 9), (0.065, 11, 14), (0.048, 16, 150)],
            day_factor=q3_day_factor, hours=q3_hours, no_training=(),
            contacts=1500, day=q3_day, topics=q3_topics,
            season="this summer", renewal="June"),
    Quarter("2018-q4", D(2018, 10, 1), D(2018, 12, 31), 20190110,
            base_101=83.0, base_999=15.0,
            wait_101=[(0.68, 0, 299), (0.11, 301, 419), (0.15, 421, 899),
                      (0.06, 901, 3000)],
            wait_999=[(0.891, 1, 9), (0.065, 11, 14), (0.044, 16, 150)],
            day_factor=q4_day_factor, hours=q4_hours,
            no_training=[D(2018, 12, d) for d in range(24, 32)],
            contacts=1500, day=q4_day, topics=q4_topics,
            season="this autumn", renewal="September"),
]
USAGE = "usage: example-exports.py [--quarter %s] OUTDIR\n" % "|".join(
    q.name for q in QUARTERS)


def write_quarters(out, wanted):
    """Each quarter's two files, if wanted.  The series of ids, recording
    numbers and handlers run on from the quarter before, so every quarter
    is made in turn; each file has its own generator, so that changing one
    file's recipe leaves the other's bytes alone."""
    prev_calls = None
    seq = {"email": 4100, "webform": 3800, "app": 900}
    for q in QUARTERS:
        rows, prev_calls = make_calls(random.Random(q.seed), q, prev_calls)
        if q.name in wanted:
            write_csv(os.path.join(out, "calls-%s.csv" % q.name),
                      CALL_COLUMNS, rows)
        rows, seq = make_correspondence(random.Random(q.seed + 1), q, seq)
        if q.name in wanted:
            write_csv(os.path.join(out, "correspondence-%s.csv" % q.name),
                      CORR_COLUMNS, rows)
        if q.name == wanted[-1]:
            break


def main(argv):
    args = argv[1:]
    names = [q.name for q in QUARTERS]
    wanted = names
    if len(args) == 3 and args[0] == "--quarter" and args[1] in names:
        wanted = [args[1]]
        args = args[2:]
    if len(args) != 1 or args[0].startswith("-"):
        sys.stderr.write(USAGE)
        return 2
    out = args[0]
    if not os.path.isdir(out):
        sys.stderr.write("example-exports.py: '%s' is not a folder\n" % out)
        return 3
    write_quarters(out, wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
