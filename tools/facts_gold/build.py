#!/usr/bin/env python3
"""Builds gold_pairs.jsonl from the hand annotations in src/*.txt.

The annotation files hold no article text beyond short anchors (<= 80
characters each); this script finds each anchor in the corpus text (sha1
checked through stories.json), and writes character offsets.

Annotation syntax (one item a line; '#' starts a comment line):

    @story STORY                      the story (as in stories.json)
    m NAME ARTICLE ANCHOR             a mention: ANCHOR is an exact piece of the
                                      article's text (runs of whitespace match any
                                      whitespace) with the value marked [[...]];
                                      append '#N' to take the N-th occurrence
    + ARTICLE ANCHOR                  another mention of the same fact with the
                                      same value in the same article (used only
                                      for matching the tool's evidence)
    p KIND LABEL NAME_A NAME_B : WHY [|| J2: NOTE]
                                      a pair; KIND in count date time place quote
                                      attribution other; LABEL in conflict update
                                      differs agree different_fact
    p KIND LABEL A1,A2 B1,B2,B3 : WHY every pair across the two lists (the same
                                      judgement for each; same-article pairs skipped)
    p KIND LABEL A1,A2,A3 = : WHY     every pair within the list

Usage: python3 build.py [--check]     (--check: verify only, write nothing)
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "align"))
from common import GOLD, HERE, load_texts, manifest  # noqa: E402
from split import split  # noqa: E402

KINDS = {"count", "date", "time", "place", "quote", "attribution", "other"}
LABELS = {"conflict", "update", "differs", "agree", "different_fact"}
MAX_ANCHOR = 80
SNIPPET = 80


def anchor_re(anchor):
    m = re.fullmatch(r"(.*?)\[\[(.+?)\]\](.*)", anchor)
    if not m:
        raise ValueError(f"anchor without [[value]]: {anchor!r}")
    pre, val, post = m.groups()

    def pat(s):
        if "~~" in s:  # 'begin ~~ end': any text (up to 1500 characters) between
            return r".{0,1500}?".join(pat(x.strip()) for x in s.split("~~"))
        parts = re.split(r"\s+", s)
        return r"\s+".join(re.escape(p) for p in parts)
    # keep leading/trailing spaces of pre/post as \s+
    rx = ""
    if pre:
        rx += pat(pre.rstrip()) + (r"\s+" if pre != pre.rstrip() else "")
    rx += "(" + pat(val) + ")"
    if post:
        rx += (r"\s+" if post != post.lstrip() else "") + pat(post.lstrip())
    return re.compile(rx, re.S), (pre + val + post).replace("~~", "")


def locate(text, anchor):
    occ, explicit = 1, False
    m = re.fullmatch(r"(.*)#(\d+)", anchor)
    if m:
        anchor, occ, explicit = m.group(1).rstrip(), int(m.group(2)), True
    rx, plain = anchor_re(anchor)
    if len(plain) > MAX_ANCHOR:
        raise ValueError(f"anchor longer than {MAX_ANCHOR} characters: {plain!r}")
    hits = list(rx.finditer(text))
    if len(hits) < occ:
        raise ValueError(f"anchor not found ({len(hits)} hits, want #{occ}): {anchor!r}")
    if not explicit and len(hits) > 1:
        raise ValueError(f"anchor ambiguous ({len(hits)} hits; add #N): {anchor!r}")
    h = hits[occ - 1]
    return h.start(1), h.end(1)


def sentence_of(spans, pos):
    for s, e in spans:
        if s <= pos < e:
            return s, e
    raise ValueError(f"offset {pos} in no sentence")


def snippet(text, sent, val):
    s, e = sent
    vs, ve = val
    if e - s <= SNIPPET:
        a, b = s, e
    else:
        a = max(s, min(vs - 20, e - SNIPPET))
        b = min(e, a + SNIPPET)
    return " ".join(text[a:b].split())[:SNIPPET]


def parse(path):
    story, mentions, pairs, last = None, {}, [], None
    for ln, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{os.path.basename(path)}:{ln}"
        tok = line.strip()
        if tok.startswith("@story "):
            story = tok.split()[1]
        elif tok.startswith("m "):
            _, name, art, anchor = tok.split(None, 3)
            if name in mentions:
                raise SystemExit(f"{where}: mention {name} defined twice")
            mentions[name] = {"story": story, "article": art, "anchor": anchor, "also": [], "where": where}
            last = name
        elif tok.startswith("+ "):
            _, art, anchor = tok.split(None, 2)
            if mentions[last]["article"] != art:
                raise SystemExit(f"{where}: '+' mention must be in the article of {last}")
            mentions[last]["also"].append(anchor)
        elif tok.startswith("p "):
            head, _, rest = tok.partition(" : ")
            why, _, j2 = rest.partition(" || ")
            _, kind, label, a, b = head.split()
            if kind not in KINDS or label not in LABELS:
                raise SystemExit(f"{where}: bad kind/label {kind} {label}")
            la = a.split(",")
            if b == "=":  # every pair within the list
                combos = [(la[i], la[j]) for i in range(len(la)) for j in range(i + 1, len(la))]
            else:  # every pair across the two lists
                combos = [(x, y) for x in la for y in b.split(",")]
            for x, y in combos:
                for n in (x, y):
                    if n not in mentions:
                        raise SystemExit(f"{where}: unknown mention {n}")
                if len(combos) > 1 and mentions[x]["article"] == mentions[y]["article"]:
                    continue  # group pairs skip same-article combinations
                pairs.append({"story": story, "kind": kind, "label": label, "a": x, "b": y,
                              "reason": why.strip(), "judge2": j2.strip().removeprefix("J2:").strip(),
                              "where": where})
        else:
            raise SystemExit(f"{where}: cannot parse {line!r}")
    return mentions, pairs


def main():
    check = "--check" in sys.argv
    m = manifest()
    stories = {s["story"]: s for s in m["stories"]}
    srcdir = os.path.join(HERE, "src")
    files = sorted(f for f in os.listdir(srcdir) if f.endswith(".txt"))
    parsed = [parse(os.path.join(srcdir, f)) for f in files]
    used = sorted({p["story"] for _, ps in parsed for p in ps})
    recs = load_texts([stories[s] for s in used])
    out, errors, seen = [], 0, set()
    for mentions, pairs in parsed:
        resolved = {}
        for name, mm in mentions.items():
            s = stories[mm["story"]]
            art = next((a for a in s["articles"] if a["id"] == mm["article"]), None)
            if art is None:
                print(f"{mm['where']}: no article {mm['article']} in {mm['story']}")
                errors += 1
                continue
            text = recs[(mm["story"], art["id"])]["text"]
            spans = split(text)
            try:
                v = locate(text, mm["anchor"])
                also = [locate(text, x) for x in mm["also"]]
            except ValueError as e:
                print(f"{mm['where']}: {e}")
                errors += 1
                continue
            sent = sentence_of(spans, v[0])
            resolved[name] = {
                "article": art["id"], "dataset": art["dataset"], "cluster_id": art["cluster_id"],
                "corpus_id": art["corpus_id"], "outlet": art["outlet"], "url": art["url"],
                "text_sha1": art["text_sha1"], "sentence": list(sent), "value": list(v),
                "snippet": snippet(text, sent, v),
                "also": [{"sentence": list(sentence_of(spans, x[0])), "value": list(x)} for x in also],
            }
        for p in pairs:
            if p["a"] not in resolved or p["b"] not in resolved:
                if p["a"] in mentions and p["b"] in mentions:
                    continue  # already reported
                print(f"{p['where']}: unknown mention {p['a']} or {p['b']}")
                errors += 1
                continue
            A, B = resolved[p["a"]], resolved[p["b"]]
            if A["article"] == B["article"]:
                print(f"{p['where']}: both sides in the same article")
                errors += 1
            key = (p["story"], frozenset([p["a"], p["b"]]), p["kind"])
            if key in seen:
                print(f"{p['where']}: pair listed twice")
                errors += 1
            seen.add(key)
            out.append({"id": f"{p['story']}#{len([o for o in out if o['story'] == p['story']]) + 1}",
                        "story": p["story"], "kind": p["kind"], "label": p["label"],
                        "reason": p["reason"], "judge2": p["judge2"],
                        "a": dict(A, mention=p["a"]), "b": dict(B, mention=p["b"])})
    if errors:
        raise SystemExit(f"{errors} error(s)")
    if not check:
        with open(GOLD, "w", encoding="utf-8") as f:
            for o in out:
                f.write(json.dumps(o, ensure_ascii=False) + "\n")
    from collections import Counter
    print(f"{len(out)} pairs", dict(Counter(o["label"] for o in out)))


if __name__ == "__main__":
    main()
