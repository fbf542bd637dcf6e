#!/usr/bin/env python3
"""For developers: why a gold pair was found or missed. Reads the tool
output kept by `eval.py --keep DIR` and prints, for each gold pair of the
chosen labels and kinds, both sides with the tool's claims at the value
(their frames: event, role, counted, subset, holder, flags).

Usage: python3 tools/facts_gold/diagnose.py DIR [--label conflict,update,differs]
       [--kind count] [--story S] [--state missed|found|all]
"""
import argparse
import json
import os
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import GOLD, load_texts, manifest  # noqa: E402


def frame_str(f):
    if not f:
        return "(no frame)"
    flags = [k for k in ("negated", "background", "update_cue") if f.get(k)]
    if f.get("modality"):
        flags.append("modal:" + f["modality"])
    parts = [f"ev={f.get('event')}", f"role={f.get('role')}", f"cnt={f.get('counted')}"]
    if f.get("subset"):
        parts.append(f"sub={f['subset']}")
    if f.get("holder"):
        parts.append(f"hold={f['holder']}")
    if f.get("predicate"):
        parts.append(f"pred={f['predicate']}")
    return " ".join(parts + flags)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--label", default="conflict,update,differs")
    ap.add_argument("--kind", default=None)
    ap.add_argument("--story", action="append")
    ap.add_argument("--state", default="missed")
    a = ap.parse_args()
    labels = set(a.label.split(","))
    m = manifest()
    gold = [json.loads(x) for x in open(GOLD, encoding="utf-8")]
    stories = [s for s in m["stories"] if not a.story or s["story"] in a.story]
    recs = load_texts(stories)
    for s in stories:
        path = os.path.join(a.dir, f"{s['story']}.json")
        if not os.path.exists(path):
            continue
        out = json.load(open(path, encoding="utf-8"))
        texts = {aid: r["text"] for (st, aid), r in recs.items() if st == s["story"]}
        claims = defaultdict(list)
        flagged = defaultdict(set)
        for st in out["stories"]:
            for c in st["claims"]:
                claims[c["article"]].append(c)
            for d in st["discrepancies"]:
                evs = d["claims"]
                for p in d.get("pairs", []):
                    if p["relation"] == "agree":
                        continue
                    x, y = evs[p["a"]], evs[p["b"]]
                    key = frozenset([(x["article"], x["start"]), (y["article"], y["start"])])
                    flagged[key].add(p["relation"])
        for g in gold:
            if g["story"] != s["story"] or g["label"] not in labels or (a.kind and g["kind"] != a.kind):
                continue

            def at(side):
                spans = [side["value"]] + [x["value"] for x in side.get("also", [])]
                return [c for c in claims[side["article"]]
                        if any(c["start"] < e and b < c["end"] for b, e in spans)]
            ca, cb = at(g["a"]), at(g["b"])
            found = set()
            for x in ca:
                for y in cb:
                    found |= flagged.get(frozenset([(x["article"], x["start"]), (y["article"], y["start"])]), set())
            if a.state == "missed" and found or a.state == "found" and not found:
                continue
            print(f"== {g['id']} {g['kind']} {g['label']} found={sorted(found) or '-'} :: {g['reason'][:90]}")
            for side, cs in (("a", ca), ("b", cb)):
                sd = g[side]
                t = texts[sd["article"]]
                sent = t[sd["sentence"][0]:sd["sentence"][1]].replace("\n", " ")
                v = t[sd["value"][0]:sd["value"][1]]
                print(f"  {side} {sd['article']}: [{v}] {sent[:200]}")
                for c in cs:
                    print(f"     -> {c['kind']} {c['text']!r} ({c['value']}) {frame_str(c.get('frame'))}")
                if not cs:
                    print("     -> (no claim)")


if __name__ == "__main__":
    main()
