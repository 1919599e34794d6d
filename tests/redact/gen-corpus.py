#!/usr/bin/python3
# gen-corpus.py: writes the labelled redaction corpus of panel-redact(1):
# messages in the style the public write to a police force (emails with
# quoted replies and signatures, web-form submissions with field labels,
# app messages, letters) and the force's replies, with every planted
# piece of personal data labelled by type and every planted piece of
# ordinary text that must survive ("Dorset Police", "Bournemouth", "101",
# times, sums of money, statutes, incident dates) labelled as kept.
#
#   /usr/bin/python3 tests/redact/gen-corpus.py [N] > corpus.json
#
# Output: a JSON list of {"id", "kind", "text", "spans": [[start, end,
# TYPE]], "keep": [[start, end, kind]]}, offsets in characters of text.
# Deterministic: one fixed seed, the standard library only.  Everything is
# invented: people are drawn from common first and last names (no full
# name of a real person named in the project's source documents), phone
# numbers only from 07700 900000-900999 and 01632 960000-960999, email
# addresses only @example.org, IP addresses from the documentation ranges,
# card numbers from the published test sets.  The text never holds '*',
# the mask character the scorer reads.

import json
import random
import sys

SEED = 4104

FIRST = """Alex Amelia Andrew Anita Barry Bethany Callum Carol Chloe Colin Craig
Daniel Deborah Declan Denise Derek Dominic Eileen Eleanor Elliot Fergus
Fiona Gareth Gemma Gordon Hannah Harvey Heather Hugh Imogen Irene Isaac
Jacqueline Jason Joanne Jonathan Josie Karen Keith Kirsty Lauren Leon Lorna
Lucy Malcolm Marcus Maureen Megan Melissa Neil Nicola Oliver Olivia Owen
Pamela Priya Rachel Rhys Robert Rosemary Ruth Samira Sandra Shaun Sian
Simon Sophie Stuart Tanya Terence Theo Tracey Trevor Vanessa Wayne Yvonne
Zara Adebayo Agnieszka Bogdan Chinedu Darius Ewa Farhan Grzegorz Hamza
Ingrid Kasia Mehmet Nikhil Oksana Piotr Rajesh Tomasz Yusuf""".split()

# Surnames: common ones (on the detector's list) and rarer ones that are
# not, so that finding a name cannot lean on the list alone.
LAST = """Abbott Ashworth Baines Bartlett Blackwell Bradshaw Brennan Carver
Chapman Coleman Crossley Dawson Dixon Donnelly Eastwood Fairbrother
Faulkner Fenwick Fletcher Garside Gibbons Hargreaves Hollis Hopkins
Jefferies Kendall Lambert Lockwood Marsden Mellor Nash Okafor Osborne
Pearce Pickering Quinlan Rahman Ratcliffe Rowley Sadler Shepherd Stanton
Sutcliffe Thornton Tranter Underwood Wainwright Whitlock Yates Ziolkowski
Tregowan Pellow Quennell Marchbank Trevathan Scadding Penhaligon Ollerton
Vowles Trelawny Gulliford Cottle Stickland Samways Loveridge Dimond
Hiscock Tizzard Boyt Crumpler Mowlem Frampton Brine Cheeseman Durrant
Kerley Legg Northover Pitman Pouncy Rendle Sansom Toop Wellman""".split()

# Full names of real people in ../shared/seeds/: never generated.
REAL = {"John Russell", "Dave Smith", "Tom Smith", "Rod Darrington",
        "Paul Higgs", "Mervyn Harris", "Martyn Underhill", "Jess Morton",
        "Jane Jenkins", "George Farquhar", "Emma Lee", "Emma Barton",
        "Debbie Curtis", "Danni Shelly", "Chris Walton", "Anna Giles",
        "Andy Edwards", "Adam Harrold"}

TITLES = ["Mr", "Mrs", "Ms", "Miss", "Dr"]
RANKS = ["PC", "PCSO", "Sgt", "DC", "Inspector", "PC", "PCSO"]

STREETS = """Acacia Avenue|Harbour View Road|Mill Lane|Church Road|Kingsley
Close|Tern Way|Marlpit Drive|Heron Court|Badger Lane|Seaview Terrace|Oakfield
Gardens|Laurel Crescent|Brook Street|Foxglove Way|Bracken Road|Sandbourne
Avenue|Wessex Grove|Pinecliff Road|Lulworth Close|Jubilee Crescent|Orchard
Rise|Cranford Avenue|Highfield Road|Stourvale Drive|Lime Tree Walk|Purbeck
Road|Fernhill Lane|Castle Mews|Queensway Parade|Victoria Place|Rosebery
Street|Kestrel Drive|Meadow View|Chalk Hill|Willowbank Close""".replace(
    "\n", " ").split("|")
HOUSES = ["Rose Cottage", "Holly House", "The Old Forge", "Ivy Cottage",
          "Meadow Farm", "Fernlea House"]
TOWNS = ["Bournemouth", "Poole", "Weymouth", "Dorchester", "Christchurch",
         "Wareham", "Swanage", "Bridport", "Sherborne", "Ferndown",
         "Wimborne", "Blandford", "Verwood", "Gillingham", "Portland",
         "Boscombe", "Parkstone", "Lyme Regis", "Shaftesbury", "Highcliffe"]
AREAS = ["BH", "DT", "SP"]
CARDS = ["4111 1111 1111 1111", "5500 0000 0000 0004", "4012888888881881",
         "5555-5555-5555-4444", "378282246310005", "6011 1111 1111 1117",
         "4000 0566 5566 5556", "3714 496353 98431"]
STATUTES = ["the Road Traffic Act 1988", "section 59 of the Police Reform "
            "Act 2002", "the Protection from Harassment Act 1997",
            "the Anti-social Behaviour, Crime and Policing Act 2014",
            "the Theft Act 1968", "the Criminal Damage Act 1971",
            "the Dangerous Dogs Act 1991", "the Data Protection Act 2018",
            "section 165 of the Road Traffic Act 1988",
            "the Public Order Act 1986", "the Fraud Act 2006"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday"]
CARS = ["silver Ford Focus", "black Golf", "white Transit van", "red Corsa",
        "blue Vauxhall Astra", "grey Nissan Qashqai", "green Land Rover",
        "black BMW", "white van", "dark blue Audi", "yellow Fiat 500"]
ORGS = ["Action Fraud", "BCP Council", "Citizens Advice", "the RSPCA",
        "Crimestoppers", "Dorset Council", "Victim Support"]
STAFF_ROLES = ["Contact Management Officer", "Customer Service Advisor",
               "Enquiry Office Assistant", "Public Contact Supervisor"]


class Doc:
    """Text built from pieces, remembering which pieces are labelled."""

    def __init__(self, kind):
        self.kind = kind
        self.buf = []
        self.n = 0
        self.spans = []
        self.keep = []

    def add(self, text, label=None):
        assert "*" not in text
        if label is not None and label.startswith("keep:"):
            self.keep.append([self.n, self.n + len(text), label[5:]])
        elif label is not None:
            self.spans.append([self.n, self.n + len(text), label])
        self.buf.append(text)
        self.n += len(text)
        return self

    def parts(self, parts):
        for p in parts:
            if isinstance(p, str):
                self.add(p)
            else:
                self.add(*p)
        return self

    def text(self):
        return "".join(self.buf)


class Person:
    def __init__(self, rng):
        while True:
            self.first = rng.choice(FIRST)
            self.last = rng.choice(LAST)
            if "%s %s" % (self.first, self.last) not in REAL:
                break
        self.title = rng.choice(TITLES)
        n = rng.randrange(1000)
        self.mobile_digits = "07700900%03d" % n
        self.land_digits = "01632960%03d" % rng.randrange(1000)
        user = rng.choice(["%s.%s", "%s%s", "%s_%s", "%.1s%s", "%s.%s%d"])
        if user.endswith("%d"):
            local = user % (self.first, self.last, rng.randrange(10, 99))
        else:
            local = user % (self.first, self.last)
        if rng.random() < 0.3:
            local = local.lower()
        self.email = local + "@" + rng.choice(
            ["example.org", "mail.example.org", "example.org"])
        self.number = str(rng.randrange(1, 180)) + rng.choice(
            ["", "", "", "", "a", "b"])
        self.street = rng.choice(STREETS)
        self.town = rng.choice(TOWNS)
        self.postcode = postcode(rng)
        self.dob = (rng.randrange(1, 29), rng.randrange(1, 13),
                    rng.randrange(1940, 2005))
        self.flat = rng.random() < 0.15
        self.flatno = rng.randrange(1, 30)

    def full(self):
        return "%s %s" % (self.first, self.last)

    def address(self, rng):
        a = "%s %s" % (self.number, self.street)
        if self.flat:
            a = "Flat %d, %s" % (self.flatno, a)
        elif rng.random() < 0.06:
            a = "%s, %s" % (rng.choice(HOUSES), self.street)
        return a


def postcode(rng):
    area = rng.choice(AREAS)
    district = rng.randrange(1, 24)
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return "%s%d %d%s%s" % (area, district, rng.randrange(10),
                            rng.choice(letters), rng.choice(letters))


def phone_text(rng, digits):
    d = digits
    if d.startswith("07"):
        forms = ["%s %s" % (d[:5], d[5:]), d, "%s-%s-%s" % (d[:5], d[5:8],
                 d[8:]), "+44 %s %s" % (d[1:5], d[5:]), "+44" + d[1:],
                 "+44 (0)%s %s" % (d[1:5], d[5:]), "0044 %s %s" % (d[1:5],
                 d[5:]), "%s %s %s" % (d[:3], d[3:7], d[7:]),
                 "%s %s %s" % (d[:5], d[5:8], d[8:])]
    else:
        forms = ["%s %s" % (d[:5], d[5:]), "(%s) %s" % (d[:5], d[5:]),
                 "%s %s %s" % (d[:5], d[5:8], d[8:]), "%s-%s" % (d[:5],
                 d[5:]), d, "+44 %s %s" % (d[1:5], d[5:]),
                 "+44 (0)%s %s" % (d[1:5], d[5:])]
    return rng.choice(forms)


def dob_text(rng, dob):
    d, m, y = dob
    suffix = "th" if 11 <= d <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(
        d % 10, "th")
    return rng.choice(["%02d/%02d/%d" % (d, m, y), "%d/%d/%d" % (d, m, y),
                       "%d %s %d" % (d, MONTHS[m - 1], y),
                       "%d%s %s %d" % (d, suffix, MONTHS[m - 1], y),
                       "%02d.%02d.%d" % (d, m, y),
                       "%d-%02d-%02d" % (y, m, d)])


def incident_date(rng):
    d = rng.randrange(1, 29)
    m = rng.randrange(6, 10)
    return rng.choice(["on %02d/%02d/2018" % (d, m),
                       "on %s %d %s" % (rng.choice(WEEKDAYS), d,
                                        MONTHS[m - 1]),
                       "on %d %s 2018" % (d, MONTHS[m - 1]),
                       "on the %d%s of %s" % (d, "th", MONTHS[m - 1]),
                       "on %d/%d/18" % (d, m)])


def time_text(rng):
    return rng.choice(["%d:%02d" % (rng.randrange(7, 23), rng.randrange(60)),
                       "%dpm" % rng.randrange(1, 12),
                       "%d.%02dam" % (rng.randrange(1, 12), rng.randrange(60)),
                       "half past %s" % rng.choice(["ten", "six", "nine"]),
                       "%d:%02d" % (rng.randrange(0, 7), rng.randrange(60))])


def money(rng):
    return rng.choice(["£%d" % rng.randrange(5, 900),
                       "£%d,%03d" % (rng.randrange(1, 9), rng.randrange(1000)),
                       "£%d.%02d" % (rng.randrange(1, 300), rng.randrange(100))])


def crime_ref(rng):
    return "5518%07d" % rng.randrange(10 ** 7)


def nino(rng):
    ok1 = "ABCEGHJKLMNOPRSTWXYZ"
    ok2 = "ABCEGHJKLMNPRSTWXYZ"
    while True:
        p = rng.choice(ok1) + rng.choice(ok2)
        if p not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            break
    digits = "%06d" % rng.randrange(10 ** 6)
    s = rng.choice("ABCD")
    return rng.choice(["%s%s%s" % (p, digits, s),
                       "%s %s %s %s %s" % (p, digits[:2], digits[2:4],
                                           digits[4:], s)])


def nhs(rng):
    while True:
        d = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        check = 11 - sum(x * (10 - i) for i, x in enumerate(d)) % 11
        if check == 11:
            check = 0
        if check != 10:
            break
    s = "".join(map(str, d)) + str(check)
    return rng.choice([s, "%s %s %s" % (s[:3], s[3:6], s[6:])])


def vehicle(rng):
    letters = "ABCDEFGHJKLMNOPRSTUVWXY"
    age = rng.choice(["%02d" % rng.randrange(2, 19),
                      "%02d" % rng.randrange(51, 69)])
    reg = "%s%s%s %s" % (rng.choice(letters), rng.choice(letters), age,
                         "".join(rng.choice(letters.replace("O", "Z"))
                                 for _ in range(3)))
    r = rng.random()
    if r < 0.15:
        return reg.replace(" ", "")
    if r < 0.25:
        return reg.lower()
    return reg


def old_vehicle(rng):
    letters = "ABCDEFGHJKLMNPRSTVWXY"
    if rng.random() < 0.5:
        return "%s%d %s" % (rng.choice(letters), rng.randrange(1, 999),
                            "".join(rng.choice(letters) for _ in range(3)))
    return "%s %d%s" % ("".join(rng.choice(letters) for _ in range(3)),
                        rng.randrange(1, 999), rng.choice(letters))


def licence(rng, p):
    sur = (p.last.upper() + "99999")[:5]
    d, m, y = p.dob
    return "%s%d%02d%02d%d%s9%s%s" % (sur, (y // 10) % 10, m + rng.choice(
        [0, 50]), d, y % 10, p.first[0] + "9", rng.choice("ABCDEFGHJKLM"),
        rng.choice("ABCDEFGHJKLM"))


def ip(rng):
    return rng.choice(["192.0.2.%d", "198.51.100.%d", "203.0.113.%d"]) % \
        rng.randrange(1, 255)


# Sentence templates.  Each takes (rng, ctx) and returns pieces: plain
# strings or (text, label).  ctx holds the writer and the people involved.

def s_incident(rng, c):
    t = rng.choice([
        ["I am writing about an incident ", (incident_date(rng), "keep:date"),
         " at about ", (time_text(rng), "keep:time"), " in ",
         (rng.choice(TOWNS), "keep:place"), "."],
        ["At around ", (time_text(rng), "keep:time"), " ",
         (incident_date(rng), "keep:date"),
         " a group of youths were shouting outside the shops in ",
         (rng.choice(TOWNS), "keep:place"), "."],
        ["It happened ", (incident_date(rng), "keep:date"),
         " just after ", (time_text(rng), "keep:time"), "."],
    ])
    return t


def s_neighbour(rng, c):
    n = c["other"]
    k = rng.randrange(8)
    c["known"] = "full" if k in (0, 1, 2, 5, 6) else "first" if k in (3, 4) \
        else "last"
    return [
        ["My neighbour ", (n.full(), "PERSON"), " at ",
         (n.address(rng), "ADDRESS"), " has been playing loud music every "
         "night."],
        ["The problem is the man at ", (n.address(rng), "ADDRESS"),
         ", I think his name is ", (n.full(), "PERSON"), "."],
        ["I have spoken to ", (n.title, None), " ", (n.last, "PERSON"),
         " next door but nothing has changed."],
        ["A man called ", (n.first, "PERSON"), " keeps parking across my "
         "drive."],
        ["my neighbour ", (n.first, "PERSON"), " says it was kids."],
        ["Me and my partner ", (n.full(), "PERSON"), " saw it all from the "
         "window of ", (n.address(rng), "ADDRESS"), "."],
        ["The witnesses were ", (n.full(), "PERSON"), " and ",
         (c["officer"].full(), "PERSON"), ", both from ",
         (rng.choice(TOWNS), "keep:place"), "."],
        ["I have spoken to ", (n.title, None), " ", (n.last, "PERSON"),
         " about it."],
    ][k]


def s_repeat(rng, c):
    n = c["other"]
    known = c.get("known", "full")
    first = [["When I asked ", (n.first, "PERSON"), " to stop, he laughed."],
             [(n.first, "PERSON"), "'s dog was barking again."]]
    last = [[(n.last, "PERSON"), " has done this before."],
            ["I am frightened of ", (n.title, None), " ", (n.last, "PERSON"),
             "."]]
    return rng.choice(first if known == "first" else last if known == "last"
                      else first + last)


def s_vehicle(rng, c):
    return rng.choice([
        ["The car was a ", (rng.choice(CARS), None), ", registration ",
         (vehicle(rng), "VEHICLE"), "."],
        ["A ", (rng.choice(CARS), None), " ", (vehicle(rng), "VEHICLE"),
         " was speeding on ", ("the A35", "keep:road"), "."],
        ["The van (reg ", (vehicle(rng), "VEHICLE"),
         ") was parked on the pavement again."],
        ["It was an old ", ("Land Rover", None), ", reg ",
         (old_vehicle(rng), "VEHICLE"), ", with no tax."],
        ["My car is ", (vehicle(rng), "VEHICLE"), " if you need it."],
    ])


def s_contact(rng, c):
    p = c["me"]
    return rng.choice([
        ["Please call me on ", (phone_text(rng, p.mobile_digits), "PHONE"),
         " after ", (time_text(rng), "keep:time"), "."],
        ["You can reach me on ", (phone_text(rng, p.land_digits), "PHONE"),
         " or ", (phone_text(rng, p.mobile_digits), "PHONE"), "."],
        ["My email is ", (p.email, "EMAIL"), "."],
        ["Ring me back on ", (phone_text(rng, p.mobile_digits), "PHONE"),
         " please."],
    ])


def s_dob(rng, c):
    p = c["me"]
    return rng.choice([
        ["My date of birth is ", (dob_text(rng, p.dob), "DOB"), "."],
        ["My son was born on ", (dob_text(rng, p.dob), "DOB"),
         " and is autistic."],
        ["My mother (DOB ", (dob_text(rng, p.dob), "DOB"),
         ") has dementia."],
        ["She is ", (dob_text(rng, p.dob), "DOB"), " (aged ",
         ("%d" % (2018 - p.dob[2]), None), ")."],
    ])


def s_money(rng, c):
    return rng.choice([
        ["They took ", (money(rng), "keep:money"), " from my account."],
        ["The damage will cost ", (money(rng), "keep:money"), " to repair."],
        ["I paid ", (money(rng), "keep:money"), " for a phone on eBay and it "
         "never came."],
    ])


def s_statute(rng, c):
    return rng.choice([
        ["Surely this is an offence under ", (rng.choice(STATUTES),
                                              "keep:statute"), "?"],
        ["I understand you have powers under ", (rng.choice(STATUTES),
                                                 "keep:statute"), "."],
    ])


def s_101(rng, c):
    return rng.choice([
        ["I rang ", ("101", "keep:number"), " and waited ",
         ("%d" % rng.randrange(10, 70), None), " minutes."],
        ["I did not want to call ", ("999", "keep:number"),
         " as it was not an emergency, and ", ("101", "keep:number"),
         " just rang out."],
        ["I have been a supporter of ", ("Dorset Police", "keep:force"),
         " for years but this is not good enough."],
        ["I was told to contact ", (rng.choice(ORGS), "keep:org"),
         " but they sent me back to ", ("Dorset Police", "keep:force"), "."],
    ])


def s_reference(rng, c):
    return rng.choice([
        ["My crime reference is ", (crime_ref(rng), "REFERENCE"), "."],
        ["I was given the reference ", (crime_ref(rng), "REFERENCE"),
         " but nobody has called."],
        ["It was logged as CAD ", ("%d" % rng.randrange(100, 9999),
                                   "REFERENCE"), "."],
        ["The call was incident ", ("%d of %02d/%02d/2018" % (
            rng.randrange(1, 999), rng.randrange(1, 29), rng.randrange(6, 10)),
            "REFERENCE"), "."],
        ["(ref: ", (crime_ref(rng), "REFERENCE"), ")"],
    ])


def s_money_id(rng, c):
    p = c["me"]
    return rng.choice([
        ["They used my card ", (rng.choice(CARDS), "CARD"), " online."],
        ["I sent the money to sort code ", ("%02d-%02d-%02d" % (
            rng.randrange(10, 99), rng.randrange(100), rng.randrange(100)),
            "BANK"), ", account ", ("%08d" % rng.randrange(10 ** 8), "BANK"),
         "."],
        ["Someone used my National Insurance number ", (nino(rng), "NINO"),
         " to claim benefits."],
        ["His NHS number is ", (nhs(rng), "NHS"), "."],
        ["My driving licence number is ", (licence(rng, p), "LICENCE"), "."],
        ["My passport number ", ("%09d" % rng.randrange(10 ** 9),
                                 "PASSPORT"), " was stolen with my bag."],
    ])


def s_online(rng, c):
    n = c["other"]
    handle = "%s.%s.%d" % (n.first.lower(), n.last.lower(),
                           rng.randrange(1, 99))
    return rng.choice([
        ["He posts threats on his page ", ("https://www.facebook.com/" +
                                           handle, "URL"), "."],
        ["The account is ", ("instagram.com/" + handle.replace(".", "_"),
                             "URL"), "."],
        ["The logs show it came from ", (ip(rng), "IP"), "."],
        ["The link was ", ("https://example.org/login?email=%s%%40"
                           "example.org" % n.first.lower(), "URL"), "."],
    ])


def s_officer(rng, c):
    rank = rng.choice(RANKS)
    o = c["officer"]
    collar = "%d" % rng.randrange(1000, 9999)
    return rng.choice([
        ["I want to thank ", (rank, None), " ", (o.last, "PERSON"),
         " who was very kind."],
        [(rank, None), " ", (collar + " " + o.last, "PERSON"),
         " came round but did nothing."],
        ["I spoke to ", (o.first, "PERSON"), " at the front desk in ",
         (rng.choice(TOWNS), "keep:place"), "."],
        ["The officer, ", (rank, None), " ", (o.full(), "PERSON"),
         ", said someone would ring me."],
    ])


def s_places(rng, c):
    """Capitalised words that are not names and must stay."""
    return rng.choice([
        ["It was near ", ("Victoria Park", "keep:place"), " by the ",
         ("Tesco Express", "keep:place"), "."],
        ["We walked from ", ("Bournemouth Pier", "keep:place"), " to ",
         ("Boscombe", "keep:place"), " along the front."],
        ["They were drinking on ", ("Poole Quay", "keep:place"),
         " outside the ", ("Jolly Sailor", None), "."],
        ["I have lived in ", (rng.choice(TOWNS), "keep:place"),
         " for twenty years and was born and bred in ",
         (rng.choice(TOWNS), "keep:place"), "."],
        ["The lights on ", ("Christchurch Road", "keep:place"),
         " were out again ", (incident_date(rng), "keep:date"), "."],
        ["The ", ("Jurassic Coast", "keep:place"), " path at ",
         ("Lulworth", "keep:place"), " was blocked by a car."],
        ["I reported it to ", (rng.choice(ORGS), "keep:org"), " and to ",
         ("the Police and Crime Commissioner", "keep:org"), "."],
    ])


def s_hard_name(rng, c):
    """Names in the forms people really write them."""
    n = c["other"]
    last = rng.choice(["O'Connor", "Smith-Jones", "D'Souza", "McAllister",
                       "Fitzgerald", "Okonkwo", "Ní Bhriain"])
    first = rng.choice(["Siobhán", "Zoë", "Chloé", "Seán", n.first])
    return rng.choice([
        ["The woman was ", (first + " " + last, "PERSON"), ", from the flats."],
        ["I gave my details to ", (first + " " + last, "PERSON"),
         " at the scene."],
        ["Thank you to ", (n.first, "PERSON"), " and ",
         (c["officer"].first, "PERSON"), " at the front desk."],
        ["Also present was ", (n.title, None), " ", (last, "PERSON"), "."],
        ["I am reporting this for my elderly neighbour ",
         (n.full(), "PERSON"), ", who is ", ("%d" % rng.randrange(70, 95),
                                            None), "."],
    ])


BODY = [s_incident, s_places, s_hard_name, s_neighbour, s_repeat, s_vehicle, s_contact, s_dob,
        s_money, s_statute, s_101, s_reference, s_money_id, s_online,
        s_officer]


def body(rng, c, d, n):
    picks = [s_incident] + rng.sample(BODY[1:], n)
    # A repeat only makes sense after the neighbour is named.
    if s_repeat in picks:
        picks.remove(s_repeat)
        if s_neighbour not in picks:
            picks.insert(1, s_neighbour)
        picks.insert(picks.index(s_neighbour) + 1, s_repeat)
    for i, f in enumerate(picks):
        d.parts(f(rng, c))
        d.add(" " if rng.random() < 0.6 and i + 1 < len(picks) else "\n")


def signature(rng, d, p):
    form = rng.randrange(6)
    d.add(rng.choice(["Kind regards,", "Regards,", "Thanks,", "Many thanks",
                      "Yours sincerely,", "Best wishes,", "Thank you,"]))
    d.add("\n")
    if form == 0:
        d.add(p.first, "PERSON").add("\n")
    else:
        d.add(p.full(), "PERSON").add("\n")
    if form in (2, 3):
        d.add(phone_text(rng, p.mobile_digits), "PHONE").add("\n")
    if form == 3:
        d.add(p.address(rng), "ADDRESS").add(", ").add(
            p.town, "keep:place").add(", ").add(p.postcode, "POSTCODE")
        d.add("\n")
    if form == 4:
        d.add("Tel: ").add(phone_text(rng, p.land_digits), "PHONE")
        d.add(" | Mob: ").add(phone_text(rng, p.mobile_digits), "PHONE")
        d.add("\n")
    if rng.random() < 0.2:
        d.add("\nSent from my iPhone\n")


def ctx(rng):
    return {"me": Person(rng), "other": Person(rng), "officer": Person(rng)}


def m_email(rng):
    c = ctx(rng)
    p = c["me"]
    d = Doc("email")
    if rng.random() < 0.35:
        d.add("From: ").add(p.full(), "PERSON").add(" <").add(
            p.email, "EMAIL").add(">\n")
        d.add("Sent: %s %d %s 2018 %s\n" % (
            rng.choice(WEEKDAYS), rng.randrange(1, 29),
            rng.choice(MONTHS[5:9]), time_text(rng)))
        d.add("To: ").add("Dorset Police", "keep:force").add(
            " Contact Centre\nSubject: %s\n\n" % rng.choice(
                ["Noise", "Speeding", "Complaint", "Stolen bike", "Fraud"]))
    greet = rng.choice(["Dear Sir or Madam,", "Hello,", "Dear Dorset Police,",
                        "Hi,", "To whom it may concern,"])
    d.add(greet + "\n\n")
    if rng.random() < 0.4:
        d.add(rng.choice(["My name is ", "I'm ", "This is "]))
        d.add(p.full(), "PERSON")
        d.add(" and I live at ").add(p.address(rng), "ADDRESS").add(", ")
        d.add(p.town, "keep:place").add(" ").add(p.postcode, "POSTCODE")
        d.add(".\n")
    body(rng, c, d, rng.randrange(3, 7))
    d.add("\n")
    signature(rng, d, p)
    if rng.random() < 0.4:
        quoted_reply(rng, d, c)
    return d


def quoted_reply(rng, d, c):
    p = c["me"]
    staff = c["officer"]
    d.add("\nOn %d %s 2018, at %s, " % (rng.randrange(1, 29),
                                       rng.choice(MONTHS[5:9]),
                                       time_text(rng)))
    d.add("Dorset Police", "keep:force").add(" <enquiries@example.org> "
                                             "wrote:\n")
    d.add("> Dear ").add(p.title).add(" ").add(p.last, "PERSON").add(",\n")
    d.add("> Thank you for your email. Your reference is ")
    d.add(crime_ref(rng), "REFERENCE").add(".\n")
    d.add("> We aim to reply within five working days.\n> \n> Regards,\n> ")
    d.add(staff.full(), "PERSON").add("\n")


def m_webform(rng):
    c = ctx(rng)
    p = c["me"]
    d = Doc("webform")
    d.add(rng.choice(["Name: ", "Full name: ", "Your name: "]))
    if rng.random() < 0.5:
        d.add(p.title + " ")
    name = p.full()
    r = rng.random()
    if r < 0.12:
        name = name.lower()
    elif r < 0.2:
        name = name.upper()
    elif r < 0.26:
        name = "%s, %s" % (p.last, p.first)
    d.add(name, "PERSON").add("\n")
    d.add("Email: ").add(p.email, "EMAIL").add("\n")
    if rng.random() < 0.8:
        d.add(rng.choice(["Phone: ", "Telephone: ", "Contact number: "]))
        d.add(phone_text(rng, rng.choice([p.mobile_digits, p.land_digits])),
              "PHONE").add("\n")
    if rng.random() < 0.7:
        d.add("Address: ").add(p.address(rng) + ", " + p.town, "ADDRESS")
        d.add("\n")
    d.add("Postcode: ").add(p.postcode.lower() if rng.random() < 0.2 else
                            p.postcode, "POSTCODE").add("\n")
    if rng.random() < 0.4:
        d.add(rng.choice(["Date of birth: ", "DOB: ", "D.O.B: "])).add(
            dob_text(rng, p.dob), "DOB").add("\n")
    if rng.random() < 0.3:
        d.add("Vehicle registration: ").add(vehicle(rng), "VEHICLE")
        d.add("\n")
    if rng.random() < 0.25:
        n = c["other"]
        d.add(rng.choice(["Neighbour: ", "Suspect name: ", "Witness: "]))
        d.add(n.full(), "PERSON").add("\n")
    d.add("Area: ").add(rng.choice(TOWNS), "keep:place").add("\n")
    d.add("Details: ")
    body(rng, c, d, rng.randrange(2, 5))
    return d


def m_app(rng):
    c = ctx(rng)
    p = c["me"]
    d = Doc("app")
    street = rng.choice(STREETS)
    t = rng.randrange(7)
    if t == 0:
        d.add("speeding on " + street + " every morning, worst is a ")
        d.add(rng.choice(CARS)).add(" ").add(vehicle(rng), "VEHICLE")
        d.add("\n").add(p.first, "PERSON").add(" ")
        d.add(phone_text(rng, p.mobile_digits), "PHONE").add("\n")
    elif t == 1:
        d.add("kids on bikes again outside ").add(
            "%s %s" % (p.number, street.lower()), "ADDRESS")
        d.add(" at ").add(time_text(rng), "keep:time").add(", please send "
                                                           "someone\n")
    elif t == 2:
        d.add("Drone flying over the beach at ").add(
            rng.choice(TOWNS), "keep:place").add(" ").add(
            incident_date(rng), "keep:date").add(". ")
        d.add("Contact me ").add(p.email, "EMAIL").add("\n")
    elif t == 3:
        d.add("Lost wallet near the pier, had my card ").add(
            rng.choice(CARDS), "CARD").add(" and ").add(
            money(rng), "keep:money").add(" in it. ")
        d.add(p.full(), "PERSON").add(", ").add(
            phone_text(rng, p.mobile_digits), "PHONE").add("\n")
    elif t == 5:
        d.add("hi my name is ").add(p.full().lower(), "PERSON").add(
            " and i want to report my bike stolen from ").add(
            "%s %s" % (p.number, street), "ADDRESS").add(" last night. ")
        d.add("call ").add(phone_text(rng, p.mobile_digits), "PHONE")
        d.add("\n")
    elif t == 6:
        d.add("Noise from the flat above again, ").add(
            time_text(rng), "keep:time").add(". Contact: ").add(
            p.full(), "PERSON").add(" ").add(p.email, "EMAIL").add("\n")
    else:
        d.add("Car parked on the pavement outside number ").add(
            p.number, None).add(" all week, reg ").add(
            vehicle(rng), "VEHICLE").add(". Thanks, ").add(
            p.first, "PERSON").add("\n")
    return d


def m_reply(rng):
    c = ctx(rng)
    p = c["me"]
    staff = c["officer"]
    d = Doc("reply")
    d.add("Dear ").add(p.title + " ").add(p.last, "PERSON").add(",\n\n")
    d.add("Thank you for contacting ").add("Dorset Police", "keep:force")
    d.add(". I am sorry to hear about the incident ").add(
        incident_date(rng), "keep:date").add(". ")
    d.add(rng.choice([
        "It has been recorded under reference ",
        "Your crime reference number is ",
        "Please quote ",
    ]))
    d.add(crime_ref(rng), "REFERENCE").add(" in any contact with us.\n\n")
    if rng.random() < 0.5:
        d.add("PC ").add(staff.last, "PERSON").add(" from the ").add(
            rng.choice(TOWNS), "keep:place").add(
            " neighbourhood team will call you on ").add(
            phone_text(rng, p.mobile_digits), "PHONE").add(".\n\n")
    if rng.random() < 0.5:
        d.add("Fraud should also be reported to ").add(
            "Action Fraud", "keep:org").add(". If you are in danger call ")
        d.add("999", "keep:number").add("; otherwise call ").add(
            "101", "keep:number").add(".\n\n")
    d.add(rng.choice(["Kind regards,", "Yours sincerely,", "Regards,"]))
    d.add("\n").add(staff.full(), "PERSON").add(", ")
    d.add(rng.choice(STAFF_ROLES)).add(" ")
    d.add("%d" % rng.randrange(1000, 9999), "PERSON").add("\n")
    return d


def m_letter(rng):
    c = ctx(rng)
    p = c["me"]
    d = Doc("letter")
    d.add(p.address(rng), "ADDRESS").add("\n").add(p.town, "keep:place")
    d.add("\n").add(p.postcode, "POSTCODE").add("\n\n")
    d.add(incident_date(rng)[3:], "keep:date").add("\n\n")
    d.add("Dear Sir or Madam,\n\n")
    body(rng, c, d, rng.randrange(3, 6))
    d.add("\nYours faithfully,\n\n").add(p.title + " ").add(
        p.full(), "PERSON").add("\n")
    return d


def m_thread(rng):
    """A reply to the force quoting its answer, which quotes the first."""
    c = ctx(rng)
    p = c["me"]
    staff = c["officer"]
    d = Doc("thread")
    ref = crime_ref(rng)
    d.add("Hi ").add(staff.first, "PERSON").add(",\n\nThanks for getting "
                                                "back to me. ")
    d.add("The car came back last night at ").add(time_text(rng),
                                                   "keep:time")
    d.add(", same reg ").add(vehicle(rng), "VEHICLE").add(".\n\n")
    d.add("Thanks\n").add(p.first, "PERSON").add("\n\n")
    d.add("-----Original Message-----\nFrom: ").add(staff.full(), "PERSON")
    d.add(" <").add(staff.email, "EMAIL").add(">\nTo: ").add(
        p.full(), "PERSON").add("\nSubject: RE: ")
    d.add(ref, "REFERENCE").add("\n\nDear ").add(p.first, "PERSON").add(
        ",\n\nI have looked into your report and passed it to the ")
    d.add(rng.choice(TOWNS), "keep:place").add(" team.\n\nRegards,\n")
    d.add(staff.full(), "PERSON").add("\n\n")
    d.add("On %d %s 2018 at %s, " % (rng.randrange(1, 29),
                                    rng.choice(MONTHS[5:9]), time_text(rng)))
    d.add(p.full(), "PERSON").add(" <").add(p.email, "EMAIL").add(
        "> wrote:\n> Hello, I want to report a car that keeps speeding past "
        "my house at ")
    d.add(p.address(rng), "ADDRESS").add(".\n> My number is ").add(
        phone_text(rng, p.mobile_digits), "PHONE").add(".\n> ")
    d.add(p.full(), "PERSON").add("\n")
    return d


KINDS = [(m_email, 30), (m_webform, 25), (m_app, 15), (m_reply, 12),
         (m_letter, 8), (m_thread, 10)]


def main(argv):
    n = int(argv[1]) if len(argv) > 1 else 400
    rng = random.Random(SEED)
    total = sum(w for _, w in KINDS)
    out = []
    for i in range(n):
        r = rng.randrange(total)
        for f, w in KINDS:
            if r < w:
                break
            r -= w
        d = f(rng)
        out.append({"id": "M%04d" % (i + 1), "kind": d.kind,
                    "text": d.text(), "spans": d.spans, "keep": d.keep})
    json.dump(out, sys.stdout, ensure_ascii=False, indent=0)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
