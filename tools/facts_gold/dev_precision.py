#!/usr/bin/env python3
"""Precision of the claims view's red flags on stories the gold has never seen.

The gold (gold_pairs.jsonl) measures recall and precision on 15 stories that
the rules were developed against. This script measures the flags on the
development sets written by dev_stories.py, which no rule was tuned on before
its rows were judged: every conflict and update row the binary raises there is
looked up in a file of hand verdicts (dev_verdicts.jsonl, one row a line:
story, severity, subject, values {article: value}, verdict "real" or "wrong",
judge notes). A row whose story, subject and values match is scored; a row
never judged is listed as UNJUDGED with its evidence, for a person to judge
and add (never score it by guessing).

Usage:
  python3 dev_stories.py /tmp/dev2 --two           # the 49 two-outlet stories
  python3 dev_precision.py BINARY /tmp/dev2 [--dump OUT.jsonl]
--dump writes every flagged row with its evidence sentences (for judging).
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VERDICTS = os.path.join(HERE, "dev_verdicts.jsonl")
FLAGS = ("conflict", "update")


def row_key(story, severity, subject, values):
    return (story, severity, subject, tuple(sorted(values.items())))


def rows_of(binary, story_dir):
    out = subprocess.run([binary, "claims", "--json", story_dir, "--no-cache"],
                         capture_output=True, text=True, check=True).stdout
    story = os.path.basename(os.path.normpath(story_dir))
    for s in json.loads(out)["stories"]:
        for d in s["discrepancies"]:
            if d["severity"] not in FLAGS:
                continue
            values = {}
            for c in d["claims"]:
                # One article can hold a value twice (two sentences); keep all.
                v = values.get(c["article"])
                values[c["article"]] = c["value"] if v in (None, c["value"]) else \
                    " | ".join(sorted({*v.split(" | "), c["value"]}))
            yield {"story": story, "severity": d["severity"],
                   "subject": d.get("subject") or d["key"], "values": values,
                   "evidence": [{"article": c["article"], "value": c["value"],
                                 "text": c["text"]} for c in d["claims"]]}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    dump = sys.argv[sys.argv.index("--dump") + 1] if "--dump" in sys.argv else None
    if dump in args:
        args.remove(dump)
    binary, base = args[0], args[1]
    verdicts = {}
    if os.path.exists(VERDICTS):
        with open(VERDICTS, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    v = json.loads(line)
                    verdicts[row_key(v["story"], v["severity"], v["subject"], v["values"])] = v
    rows = []
    for name in sorted(os.listdir(base)):
        path = os.path.join(base, name)
        if os.path.isdir(path):
            rows.extend(rows_of(binary, path))
    if dump:
        with open(dump, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    tally = {s: {"real": 0, "wrong": 0, "unjudged": 0} for s in FLAGS}
    for r in rows:
        v = verdicts.get(row_key(r["story"], r["severity"], r["subject"], r["values"]))
        verdict = v["verdict"] if v else "unjudged"
        tally[r["severity"]][verdict] += 1
        print(f"{verdict:8} {r['severity']:8} {r['story']}  {r['subject']}  "
              + " ; ".join(f"{a}={val}" for a, val in sorted(r["values"].items())))
        if not v:
            for e in r["evidence"]:
                print(f"           {e['article']}: {e['text'][:300]}")
    for sev in FLAGS:
        t = tally[sev]
        judged = t["real"] + t["wrong"]
        p = f"{t['real']}/{judged} = {t['real'] / judged:.3f}" if judged else "-"
        print(f"{sev} rows: {sum(t.values())}; precision {p}; unjudged {t['unjudged']}")


if __name__ == "__main__":
    main()
