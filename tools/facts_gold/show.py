#!/usr/bin/env python3
"""Prints a story's articles for reading: one numbered sentence per line
(tools/align/split.py) with its [start,end) offsets.

Usage: python3 show.py STORY [ARTICLE_ID ...]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import load_story_texts  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "align"))
from split import split  # noqa: E402


def main():
    story, only = sys.argv[1], set(sys.argv[2:])
    meta, texts = load_story_texts(story)
    for a in meta["articles"]:
        if only and a["id"] not in only:
            continue
        t = texts[a["id"]]
        print(f"==== {a['id']} | {a['outlet']} | {a['date']} | {a['title']}")
        for i, (s, e) in enumerate(split(t)):
            print(f"{i:3d} [{s},{e}) {' '.join(t[s:e].split())}")
        print()


if __name__ == "__main__":
    main()
