#!/usr/bin/env python3
"""Deterministic sentence splitter used for the hand-aligned gold pairs.

Rule: a sentence boundary is a match of

    (?<=[.!?])["”’']?\\s+(?=[A-Z0-9"“‘(])

i.e. '.', '!' or '?', an optional closing quote (kept with the sentence before),
whitespace, then a capital letter, digit, opening quote or '('.  A boundary is
NOT taken when the word ending at the '.' is one of the abbreviations in
ABBREVIATIONS (compared after dropping leading '(' and quote characters), or a
single capital initial such as "J.".

split(text) returns a list of (start, end) character offsets into `text`,
end exclusive, with surrounding whitespace excluded.  Offsets are Python str
indices, i.e. Unicode code points.

    python3 split.py FILE      # prints one sentence per line with offsets
"""
import re
import sys

BOUNDARY = re.compile(r"(?<=[.!?])([\"”’']?)\s+(?=[A-Z0-9\"“‘(])")
ABBREVIATIONS = frozenset(
    "Mr. Mrs. Ms. Dr. Gen. Sen. Rep. Gov. St. Lt. Col. Sgt. Capt. "
    "U.S. U.K. U.N. a.m. p.m.".split()
)
INITIAL = re.compile(r"[A-Z]\.")
LEADING = "(\"“‘'"


def _word_before(text, pos):
    """The whitespace-delimited word ending at pos (exclusive)."""
    i = pos
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return text[i:pos].lstrip(LEADING)


def split(text):
    spans = []
    start = 0
    for m in BOUNDARY.finditer(text):
        word = _word_before(text, m.start())
        if word in ABBREVIATIONS or INITIAL.fullmatch(word):
            continue
        spans.append((start, m.end(1)))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


if __name__ == "__main__":
    data = open(sys.argv[1], encoding="utf-8").read() if len(sys.argv) > 1 else sys.stdin.read()
    for i, (s, e) in enumerate(split(data)):
        print(f"{i:3d} [{s},{e}) {data[s:e]}")
