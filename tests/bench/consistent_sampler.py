#!/usr/bin/python3
"""An independent implementation of Rivest's consistent sampling (2018),
standard library only, to check panel-sample against and to time it by.

    S    = hex(SHA-256(seed))                  64 lowercase hex digits
    H    = int(SHA-256(S + id), big-endian)    no separator
    key  = decimal digits of H, least significant first, padded with '0'
           on the right to at least 64 digits; ticket = "0." + key
    order: by key as a byte string (a prefix first), then by id's bytes

Usage: consistent_sampler.py --seed DIGITS [-n N] [--full] [FILE ...]
reads IDs one a line (stdin without FILE) and prints the first N in order
as "POSITION TICKET ID" (the ticket cut to 18 digits after leading 9s, or
whole with --full).
"""

import argparse
import hashlib
import heapq
import sys


def seed_hash(seed):
    """S: the hex SHA-256 of the seed's bytes."""
    return hashlib.sha256(seed.encode("ascii")).hexdigest()


def key(s, ident):
    """The ID's key: H's decimal digits reversed, padded to 64."""
    h = int.from_bytes(hashlib.sha256((s + ident).encode("utf-8")).digest(),
                       "big")
    return str(h)[::-1].ljust(64, "0")


def shown(k):
    """The ticket as shown: '0.', any leading 9s, then 18 digits."""
    nines = len(k) - len(k.lstrip("9"))
    return "0." + k[:nines + 18]


def first(ids, seed, n):
    """The first n (key, id) pairs of ids in the consistent order."""
    s = seed_hash(seed)
    return heapq.nsmallest(
        n, ((key(s, i), i) for i in ids),
        key=lambda p: (p[0].encode(), p[1].encode("utf-8")))


def read_ids(files):
    for f in files:
        for line in f:
            line = line.rstrip("\n")
            if line:
                yield line


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", required=True)
    ap.add_argument("-n", type=int, default=10)
    ap.add_argument("--full", action="store_true")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    files = ([open(p, encoding="utf-8") for p in a.files]
             if a.files else [sys.stdin])
    for pos, (k, i) in enumerate(first(read_ids(files), a.seed, a.n), 1):
        print(pos, "0." + k if a.full else shown(k), i)
    return 0


if __name__ == "__main__":
    sys.exit(main())
