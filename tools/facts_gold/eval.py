#!/usr/bin/env python3
"""Scores `newsdesk claims --json` against the hand-judged fact pairs in
gold_pairs.jsonl (see README.md here).

Usage: python3 tools/facts_gold/eval.py [BINARY] [--json] [--list-unmatched]
                                        [--details] [--story STORY]...
  BINARY defaults to target/release/newsdesk; the corpora to
  ../shared/corpora from the project root, or $NEWSDESK_CORPORA.

For each story of stories.json the judged articles are written to a temporary
folder (one JSON file each: id, title, outlet, published, url, body) and
`BINARY claims --json FILES --store TMP/review.db` is run on them.

Every discrepancy with evidence from two or more articles is expanded into
evidence pairs (two claims from different articles). A pair is *shown as
differing* when its two values differ (for quotes: the quoted words; the
value is the speaker); pairs a discrepancy lists with the same value are
ignored. A pair of a `conflict` discrepancy is *asserted as a conflict* when
the discrepancy says the two disagree: for numbers, when the intervals
printed in the values do not overlap ('dozens (24–144)' vs 'more than 50
(>50)' is not asserted); otherwise when they differ. An evidence claim
matches a gold side when it is in the same article and its value span
overlaps the side's value span (or one of its `also` spans); for quote and
attribution pairs, and when the tool gives no value span, overlap of its
sentence with the side's sentence (or value) is enough.

Figures (an evidence pair counts once per story, however many discrepancies
repeat it):
  conflict precision   asserted conflict pairs that match a gold conflict or
                       update pair, over all asserted conflict pairs (strict)
                       and over those that match any gold pair (touched); the
                       ones matching no gold pair are listed by --list-unmatched
                       (also per discrepancy: a conflict discrepancy is right
                       when one of its asserted pairs matches a gold
                       conflict/update pair)
  recall (any)         gold conflict/update/differs pairs matched by a pair
                       shown as differing in any discrepancy (conflict,
                       differs, possible_variant)
  recall (conflict)    gold conflict+update pairs matched by an asserted
                       conflict pair
  false flags          gold agree/different_fact pairs matched by an asserted
                       conflict pair, and by any pair shown as differing
  listed twice         evidence pairs shown in more than one discrepancy, and
                       gold pairs matched by more than one discrepancy
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import GOLD, ROOT, load_texts, manifest  # noqa: E402

REAL = {"conflict", "update"}
DISAGREE = {"conflict", "update", "differs"}
TRAPS = {"agree", "different_fact"}
# pair relations that assert the two reports disagree on the value (the
# tool's "update" says the figure moved between reports: gold conflict or update)
ASSERTING = {"conflict", "update"}
SENTENCE_KINDS = {"quote", "attribution"}


# ---------------------------------------------------------------- tool output

NUM = r"-?\d[\d,]*(?:\.\d+)?"


def interval(v):
    """The interval of a printed number value ('7', '≥7', '>50', '3–10',
    '27,000,000'), or None when the value is not a plain number form."""
    v = v.strip().replace("\u2009", "")
    f = lambda s: float(s.replace(",", ""))  # noqa: E731
    m = re.fullmatch(rf"({NUM})\s*[–-]\s*({NUM})", v)
    if m:
        return f(m.group(1)), f(m.group(2))
    m = re.fullmatch(rf"(≥|>=|>|≤|<=|<|~|≈)?\s*({NUM})", v)
    if not m:
        return None
    op, x = m.group(1), f(m.group(2))
    if op in ("≥", ">="):
        return x, float("inf")
    if op == ">":
        return x + 1e-9, float("inf")
    if op in ("≤", "<="):
        return float("-inf"), x
    if op == "<":
        return float("-inf"), x - 1e-9
    return x, x


def split_value(v):
    """'At least seven (≥7)' -> ('At least seven', '≥7'); the text is the
    claim's words in the article, the part in parentheses the tool's value."""
    if not isinstance(v, str):
        return None, None
    m = re.fullmatch(r"(.*)\s\(([^()]*)\)", v, re.S)
    if m:
        return m.group(1), m.group(2)
    return v, v


def norm(s):
    return re.sub(r"[^\w]+", " ", (s or "").lower()).strip()


def differ(kind, a, b):
    """Does the discrepancy show these two claims with different values?
    For quotes the words are compared (the value is the speaker)."""
    if kind == "quote":
        return norm(a.text) != norm(b.text)
    if a.value is None or b.value is None:
        return True
    return norm(a.value) != norm(b.value)


def disagree(kind, a, b):
    """Does a conflict discrepancy assert that these two claims conflict?
    Numbers: when their printed intervals do not overlap; else when they differ."""
    if kind == "number" and a.value and b.value:
        ia, ib = interval(a.value), interval(b.value)
        if ia and ib:
            return ia[1] < ib[0] or ib[1] < ia[0]
    return differ(kind, a, b)


def find_all(hay, needle):
    out, i = [], hay.find(needle) if needle else -1
    while i >= 0:
        out.append(i)
        i = hay.find(needle, i + 1)
    return out


class Evidence:
    __slots__ = ("article", "sent", "val", "value", "text")

    def __init__(self, article, sent, val, value, text):
        self.article, self.sent, self.val, self.value, self.text = article, sent, val, value, text

    def key(self):
        return (self.article, self.val or self.sent, self.value)


def resolve(ev, body, claims_index):
    """Evidence dict -> Evidence with character spans (None when unknown)."""
    art = ev.get("article")
    stext = ev.get("text") or ""
    words, value = split_value(ev.get("value"))
    # sentence span: explicit fields if a later version gives them, else find the text
    sent = None
    for a, b in (("sentence_start", "sentence_end"),):
        if isinstance(ev.get(a), int) and isinstance(ev.get(b), int):
            sent = (ev[a], ev[b])
    if sent is None and stext:
        hits = find_all(body, stext)
        if hits:
            sent = (hits[0], hits[0] + len(stext))
    val = None
    if isinstance(ev.get("start"), int) and isinstance(ev.get("end"), int) and ev["end"] > ev["start"]:
        val = (ev["start"], ev["end"])
    if val is None:
        cands = claims_index.get((art, ev.get("sentence"), ev.get("value")), [])
        if len(cands) == 1:
            val = cands[0]
        elif len(cands) > 1 and sent:
            inside = [c for c in cands if sent[0] <= c[0] < sent[1]]
            val = inside[0] if inside else cands[0]
        elif cands:
            val = cands[0]
    if val is None and words and sent:
        hits = find_all(body[sent[0]:sent[1]], words)
        if len(hits) == 1:
            val = (sent[0] + hits[0], sent[0] + hits[0] + len(words))
    if val is not None and words and body[val[0]:val[1]] != words:
        # offsets disagree with the text (another unit?): fall back to a search
        hits = find_all(body, words)
        val = (hits[0], hits[0] + len(words)) if len(hits) == 1 else None
    return Evidence(art, sent, val, value, words)


def run_tool(binary, story, texts, keep=None):
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for a in story["articles"]:
            body = texts[a["id"]]
            assert not body[:1].isspace(), "offsets assume an untrimmed start"
            p = os.path.join(tmp, f"{a['id']}.json")
            with open(p, "w", encoding="utf-8") as f:
                json.dump({"id": a["id"], "title": a["title"], "outlet": a["outlet"],
                           "published": a["date"], "url": a["url"], "body": body}, f)
            paths.append(p)
        res = subprocess.run([binary, "claims", "--json", *paths, "--store", os.path.join(tmp, "review.db")],
                             capture_output=True, text=True)
        if res.returncode != 0:
            raise SystemExit(f"{binary} failed on {story['story']}: {res.stderr.strip()[:500]}")
        if keep:
            with open(os.path.join(keep, f"{story['story']}.json"), "w", encoding="utf-8") as f:
                f.write(res.stdout)
        return json.loads(res.stdout)


def tool_flags(out, texts):
    """[(discrepancy index, severity, kind, summary, Evidence a, Evidence b,
    asserted as a conflict, shown as differing)]"""
    flags, n = [], 0
    for s in out.get("stories", []):
        index = defaultdict(list)
        for c in s.get("claims", []) or []:
            if not isinstance(c, dict) or c.get("article") not in texts:
                continue
            if isinstance(c.get("start"), int) and isinstance(c.get("end"), int):
                v = f"{c.get('text', '')} ({c.get('value', '')})"
                index[(c["article"], c.get("sentence"), v)].append((c["start"], c["end"]))
        for d in s.get("discrepancies", []) or []:
            if not isinstance(d, dict):
                continue
            sev, kind = d.get("severity"), d.get("kind")
            evs = [resolve(e, texts[e["article"]], index) for e in d.get("claims", []) or []
                   if isinstance(e, dict) and e.get("article") in texts]
            n += 1
            if sev == "unique":
                continue
            pairs = d.get("pairs")
            if isinstance(pairs, list) and len(evs) == len(d.get("claims", []) or []):
                # the tool states how each pair relates: take it at its word
                for p in pairs:
                    if not isinstance(p, dict):
                        continue
                    i, j, rel = p.get("a"), p.get("b"), p.get("relation")
                    if not (isinstance(i, int) and isinstance(j, int) and 0 <= i < len(evs) and 0 <= j < len(evs)):
                        continue
                    a, b = evs[i], evs[j]
                    if a.article == b.article or rel == "agree":
                        continue
                    asserted = rel in ASSERTING
                    flags.append((n, rel, kind, d.get("summary", ""), a, b, asserted, True))
                continue
            for i in range(len(evs)):
                for j in range(i + 1, len(evs)):
                    a, b = evs[i], evs[j]
                    if a.article == b.article:
                        continue
                    flags.append((n, sev, kind, d.get("summary", ""), a, b,
                                  sev == "conflict" and disagree(kind, a, b), differ(kind, a, b)))
    return flags


# ---------------------------------------------------------------- matching

def overlap(x, y):
    return x is not None and y is not None and min(x[1], y[1]) > max(x[0], y[0])


# --lenient: a side also matches a claim of its article that gives the same
# words as its value anywhere in the article (the row shows that outlet's
# value; the tool lists one sentence per value, the gold another)
LENIENT = False


def side_match(ev, side, gold_kind):
    if ev.article != side["article"]:
        return False
    if (LENIENT and gold_kind not in SENTENCE_KINDS and ev.text and side.get("value_text")
            and norm(ev.text) == norm(side["value_text"])):
        return True
    vals = [tuple(side["value"])] + [tuple(a["value"]) for a in side.get("also", [])]
    sents = [tuple(side["sentence"])] + [tuple(a["sentence"]) for a in side.get("also", [])]
    if ev.val is not None and any(overlap(ev.val, v) for v in vals):
        return True
    if gold_kind in SENTENCE_KINDS or ev.val is None:
        return ev.sent is not None and any(overlap(ev.sent, s) for s in sents + vals)
    return False


def pair_match(a, b, g):
    k = g["kind"]
    return ((side_match(a, g["a"], k) and side_match(b, g["b"], k))
            or (side_match(a, g["b"], k) and side_match(b, g["a"], k)))


# ---------------------------------------------------------------- scoring

def score_story(story, gold, flags):
    r = Counter()
    unmatched, gold_hits = [], defaultdict(set)
    seen_pairs = {}  # evidence pair key -> set of discrepancy indices
    conflict_pairs = {}  # evidence pair key -> matched gold labels (asserted conflict pairs)
    by_disc = defaultdict(set)  # conflict discrepancy -> gold labels its asserted pairs match
    strict_pairs = {}  # pairs asserted as "conflict" (not "update") -> matched gold labels
    for (n, sev, kind, summary, a, b, asserted, differs) in flags:
        if not differs and not asserted:
            continue  # the discrepancy lists the two with the same value
        pk = frozenset([a.key(), b.key()])
        seen_pairs.setdefault(pk, set()).add(n)
        matched = [g for g in gold if pair_match(a, b, g)]
        for g in matched:
            gold_hits[g["id"]].add(("any", n))
            if asserted:
                gold_hits[g["id"]].add(("conflict", n))
        if asserted:
            conflict_pairs.setdefault(pk, (set(), a, b, summary, kind))[0].update(g["label"] for g in matched)
            by_disc[n].update(g["label"] for g in matched)
            if sev == "conflict":
                strict_pairs.setdefault(pk, set()).update(g["label"] for g in matched)
        if not matched and (asserted or sev != "conflict"):
            unmatched.append((sev, kind, summary, a, b))
    for pk, (labels, a, b, summary, kind) in conflict_pairs.items():
        r["tool_conflict_pairs"] += 1
        if labels & REAL:
            r["tool_conflict_correct"] += 1
        elif labels:
            r["tool_conflict_wrong"] += 1
            r["tool_conflict_on_" + sorted(labels)[0]] += 1
        else:
            r["tool_conflict_unmatched"] += 1
    r["tool_conflict_discrepancies"] = len({f[0] for f in flags if f[1] == "conflict"})
    for labels in strict_pairs.values():
        r["strict_conflict_pairs"] += 1
        r["strict_conflict_correct"] += bool(labels & REAL)
        r["strict_conflict_wrong"] += bool(labels and not labels & REAL)
    for labels in by_disc.values():
        r["disc_asserting"] += 1
        r["disc_correct" if labels & REAL else ("disc_wrong" if labels else "disc_unmatched")] += 1
    r["listed_twice"] = sum(1 for v in seen_pairs.values() if len(v) > 1)
    r["tool_pairs"] = len(seen_pairs)
    for g in gold:
        hits = gold_hits.get(g["id"], set())
        anyhit = any(t == "any" for t, _ in hits)
        conf = any(t == "conflict" for t, _ in hits)
        lab = g["label"]
        r["gold_" + lab] += 1
        if lab in DISAGREE:
            r["gold_disagree"] += 1
            r["found_disagree_any"] += anyhit
            r[f"found_{lab}_any"] += anyhit
        if lab in REAL:
            r["gold_real"] += 1
            r["found_real_conflict"] += conf
        if lab in TRAPS:
            r["gold_traps"] += 1
            r["false_conflict_" + lab] += conf
            r["false_any_" + lab] += anyhit
        if len({n for t, n in hits if t == "any"}) > 1:
            r["gold_listed_twice"] += 1
    return r, unmatched, gold_hits


def verify_gold(gold, stories, recs):
    """Every side must point into its (sha1-checked) article: the snippet
    inside the sentence span, the value span inside the text."""
    arts = {(s["story"], a["id"]): a for s in stories for a in s["articles"]}
    bad = 0
    for g in gold:
        for side in (g["a"], g["b"]):
            key = (g["story"], side["article"])
            if key not in recs or arts[key]["text_sha1"] != side["text_sha1"]:
                print(f"gold {g['id']}: article {side['article']} not found or text changed", file=sys.stderr)
                bad += 1
                continue
            text = recs[key]["text"]
            s, e = side["sentence"]
            vs, ve = side["value"]
            if not (0 <= vs < ve <= len(text)) or " ".join(side["snippet"].split()) not in " ".join(text[s:e].split()):
                print(f"gold {g['id']}: spans do not fit the text", file=sys.stderr)
                bad += 1
    if bad:
        raise SystemExit(f"{bad} gold side(s) do not fit the corpus; rebuild with build.py")


def ratio(a, b):
    return round(a / b, 3) if b else None


def summarize(r):
    touched = r["tool_conflict_correct"] + r["tool_conflict_wrong"]
    return {
        "conflict_precision_strict": ratio(r["tool_conflict_correct"], r["tool_conflict_pairs"]),
        "conflict_precision_touched": ratio(r["tool_conflict_correct"], touched),
        "tool_conflict_pairs": r["tool_conflict_pairs"],
        "conflict_only": {"pairs": r["strict_conflict_pairs"], "correct": r["strict_conflict_correct"],
                          "wrong": r["strict_conflict_wrong"],
                          "precision_strict": ratio(r["strict_conflict_correct"], r["strict_conflict_pairs"]),
                          "precision_touched": ratio(r["strict_conflict_correct"],
                                                     r["strict_conflict_correct"] + r["strict_conflict_wrong"])},
        "tool_conflict_correct": r["tool_conflict_correct"],
        "tool_conflict_on_differs": r["tool_conflict_on_differs"],
        "tool_conflict_on_agree": r["tool_conflict_on_agree"],
        "tool_conflict_on_different_fact": r["tool_conflict_on_different_fact"],
        "tool_conflict_unmatched": r["tool_conflict_unmatched"],
        "tool_conflict_discrepancies": r["tool_conflict_discrepancies"],
        "discrepancy_level": {"asserting_a_conflict": r["disc_asserting"], "correct": r["disc_correct"],
                              "wrong": r["disc_wrong"], "unmatched": r["disc_unmatched"],
                              "precision_strict": ratio(r["disc_correct"], r["disc_asserting"]),
                              "precision_touched": ratio(r["disc_correct"], r["disc_correct"] + r["disc_wrong"])},
        "recall_disagreements_any": ratio(r["found_disagree_any"], r["gold_disagree"]),
        "found_disagreements_any": r["found_disagree_any"],
        "gold_disagreements": r["gold_disagree"],
        "recall_by_label_any": {lab: f"{r['found_' + lab + '_any']}/{r['gold_' + lab]}"
                                for lab in ("conflict", "update", "differs")},
        "recall_real_as_conflict": ratio(r["found_real_conflict"], r["gold_real"]),
        "found_real_as_conflict": r["found_real_conflict"],
        "gold_conflict_update": r["gold_real"],
        "false_conflicts": {"agree": f"{r['false_conflict_agree']}/{r['gold_agree']}",
                            "different_fact": f"{r['false_conflict_different_fact']}/{r['gold_different_fact']}"},
        "false_any_flag": {"agree": f"{r['false_any_agree']}/{r['gold_agree']}",
                           "different_fact": f"{r['false_any_different_fact']}/{r['gold_different_fact']}"},
        "evidence_pairs_listed_twice": r["listed_twice"],
        "gold_pairs_listed_twice": r["gold_listed_twice"],
    }


def fmt_ev(e, texts):
    body = texts[e.article]
    span = e.val or e.sent
    where = f"{span[0]}-{span[1]}" if span else "?"
    ctx = ""
    if span:
        a = max(0, span[0] - 30)
        ctx = " ".join(body[a:span[1] + 30].split())[:100]
    return f"{e.article}@{where} [{e.value}] …{ctx}…"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary", nargs="?", default=os.path.join(ROOT, "target", "release", "newsdesk"))
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    ap.add_argument("--list-unmatched", action="store_true",
                    help="print the tool's flags that match no gold pair (conflicts first)")
    ap.add_argument("--details", action="store_true", help="print each gold pair with found / not found")
    ap.add_argument("--story", action="append", help="only these stories")
    ap.add_argument("--keep", help="keep the tool's JSON output in this folder")
    ap.add_argument("--lenient", action="store_true",
                    help="a gold side also matches a claim of the same article with the same value "
                         "words in another sentence (not the default figures: report apart)")
    args = ap.parse_args()
    global LENIENT
    LENIENT = args.lenient

    m = manifest()
    gold_all = [json.loads(line) for line in open(GOLD, encoding="utf-8")]
    by_story = defaultdict(list)
    for g in gold_all:
        by_story[g["story"]].append(g)
    stories = [s for s in m["stories"] if s["story"] in by_story
               and (not args.story or s["story"] in args.story)]
    recs = load_texts(stories)
    verify_gold([g for s in stories for g in by_story[s["story"]]], stories, recs)
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
    total, per_story, unmatched_all, details = Counter(), {}, [], []
    for s in stories:
        texts = {aid: r["text"] for (st, aid), r in recs.items() if st == s["story"]}
        for g in by_story[s["story"]]:
            for side in (g["a"], g["b"]):
                body = texts.get(side["article"], "")
                side["value_text"] = body[side["value"][0]:side["value"][1]]
        out = run_tool(args.binary, s, texts, args.keep)
        flags = tool_flags(out, texts)
        r, unmatched, hits = score_story(s, by_story[s["story"]], flags)
        total.update(r)
        per_story[s["story"]] = summarize(r)
        unmatched_all += [(s["story"], texts, u) for u in unmatched]
        for g in by_story[s["story"]]:
            h = hits.get(g["id"], set())
            state = "conflict" if any(t == "conflict" for t, _ in h) else ("flagged" if h else "-")
            details.append((g, state))
    summary = {"binary": args.binary, "stories": len(stories), "gold_pairs": sum(len(by_story[s["story"]]) for s in stories),
               "total": summarize(total), "per_story": per_story}
    if args.json:
        print(json.dumps(summary, indent=1, ensure_ascii=False))
    else:
        t = summary["total"]
        print(f"{'story':34} {'confl.pairs':>11} {'correct':>7} {'unmatch':>7} {'rec.any':>9} {'rec.conf':>9} {'false(c/any)':>12} {'twice':>5}")
        for st, v in per_story.items():
            print(f"{st:34} {v['tool_conflict_pairs']:>11} {v['tool_conflict_correct']:>7} {v['tool_conflict_unmatched']:>7} "
                  f"{v['found_disagreements_any']:>4}/{v['gold_disagreements']:<4} {v['found_real_as_conflict']:>4}/{v['gold_conflict_update']:<4} "
                  f"{_traps(v):>12} {v['evidence_pairs_listed_twice']:>5}")
        print()
        print(f"stories {summary['stories']}, gold pairs {summary['gold_pairs']}")
        print(f"conflict precision: strict {t['tool_conflict_correct']}/{t['tool_conflict_pairs']} = {t['conflict_precision_strict']}; "
              f"over pairs touching gold {t['tool_conflict_correct']}/{t['tool_conflict_correct'] + t['tool_conflict_on_differs'] + t['tool_conflict_on_agree'] + t['tool_conflict_on_different_fact']} = {t['conflict_precision_touched']} "
              f"(on gold differs {t['tool_conflict_on_differs']}, agree {t['tool_conflict_on_agree']}, different_fact {t['tool_conflict_on_different_fact']}; "
              f"unmatched {t['tool_conflict_unmatched']}) in {t['tool_conflict_discrepancies']} conflict discrepancies")
        dl = t["discrepancy_level"]
        print(f"per discrepancy: {dl['correct']} of {dl['asserting_a_conflict']} conflict discrepancies match a gold conflict/update "
              f"(strict {dl['precision_strict']}); {dl['wrong']} match only other gold pairs (touched {dl['precision_touched']}); {dl['unmatched']} match none")
        print(f"recall of disagreements (any flag): {t['found_disagreements_any']}/{t['gold_disagreements']} = {t['recall_disagreements_any']} {t['recall_by_label_any']}")
        print(f"recall of conflict+update as conflict: {t['found_real_as_conflict']}/{t['gold_conflict_update']} = {t['recall_real_as_conflict']}")
        print(f"false flags: as conflict {t['false_conflicts']}; any flag {t['false_any_flag']}")
        print(f"evidence pairs listed in more than one discrepancy: {t['evidence_pairs_listed_twice']}; gold pairs matched by more than one discrepancy: {t['gold_pairs_listed_twice']}")
    if args.details:
        print("\n# gold pairs: state (conflict = flagged as conflict, flagged = any discrepancy, - = not flagged)")
        for g, state in details:
            print(f"{g['id']:32} {g['label']:14} {g['kind']:11} {state:9} {g['a']['article']}: {g['a']['snippet'][:50]!r} | {g['b']['article']}: {g['b']['snippet'][:50]!r}")
    if args.list_unmatched:
        order = {"conflict": 0, "differs": 1, "possible_variant": 2}
        unmatched_all.sort(key=lambda x: order.get(x[2][0], 3))
        print(f"\n# {len(unmatched_all)} tool flag pairs matching no gold pair (for manual review)")
        for st, texts, (sev, kind, summary, a, b) in unmatched_all:
            print(f"{st} {sev} {kind}: {summary[:120]}")
            print(f"    {fmt_ev(a, texts)}")
            print(f"    {fmt_ev(b, texts)}")


def _traps(v):
    fc, fa = v["false_conflicts"], v["false_any_flag"]
    c = int(fc["agree"].split("/")[0]) + int(fc["different_fact"].split("/")[0])
    a = int(fa["agree"].split("/")[0]) + int(fa["different_fact"].split("/")[0])
    return f"{c}/{a}"


if __name__ == "__main__":
    main()
