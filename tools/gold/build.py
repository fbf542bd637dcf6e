#!/usr/bin/env python3
"""Resolve hand annotations to character offsets and write gold_entities.jsonl.

Input: annotations/<article_id>_<para>.txt, one mention per line, in order of
appearance:  TEXT<TAB>LABEL  or  TEXT<TAB>LABEL<TAB>N  (N = 1-based occurrence
of TEXT in the paragraph, counting only word-bounded occurrences).
Without N the next word-bounded occurrence starting at or after the end of
the previous mention is taken. Fails loudly on anything it cannot resolve,
on overlapping spans, on unknown labels, and on a sha1 mismatch.
"""
import glob, gzip, hashlib, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "corpora", "article_bias_37k.jsonl.gz")
LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT",
          "WORK_OF_ART", "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY",
          "QUANTITY", "ORDINAL", "CARDINAL"}


def bounded(text, s, e):
    before = text[s - 1] if s > 0 else " "
    after = text[e] if e < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def occurrences(text, needle):
    out, i = [], text.find(needle)
    while i != -1:
        if bounded(text, i, i + len(needle)):
            out.append(i)
        i = text.find(needle, i + 1)
    return out


def resolve(para, lines, name):
    ents, cursor = [], 0
    for ln, raw in enumerate(lines, 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.rstrip("\n").split("\t")
        if len(parts) not in (2, 3):
            sys.exit(f"{name}:{ln}: bad line {raw!r}")
        surf, label = parts[0], parts[1]
        if label not in LABELS:
            sys.exit(f"{name}:{ln}: unknown label {label!r}")
        if surf != surf.strip() or not surf:
            sys.exit(f"{name}:{ln}: surface has outer whitespace {surf!r}")
        occ = occurrences(para, surf)
        if len(parts) == 3:
            n = int(parts[2])
            if n < 1 or n > len(occ):
                sys.exit(f"{name}:{ln}: occurrence {n} of {surf!r} not found ({len(occ)} found)")
            s = occ[n - 1]
        else:
            nxt = [o for o in occ if o >= cursor]
            if not nxt:
                sys.exit(f"{name}:{ln}: cannot find {surf!r} after offset {cursor}")
            s = nxt[0]
        e = s + len(surf)
        for o in ents:
            if s < o["end"] and o["start"] < e:
                sys.exit(f"{name}:{ln}: {surf!r} overlaps {o['text']!r}")
        ents.append({"start": s, "end": e, "label": label, "text": surf})
        cursor = e
    ents.sort(key=lambda x: x["start"])
    return ents


def main():
    files = sorted(glob.glob(os.path.join(HERE, "annotations", "*.txt")))
    if not files:
        sys.exit("no annotation files")
    wanted = {}
    for f in files:
        base = os.path.basename(f)[:-4]
        aid, para = base.rsplit("_", 1)
        wanted.setdefault(aid, []).append((int(para), f))
    texts = {}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["id"] in wanted:
                texts[d["id"]] = d
    missing = set(wanted) - set(texts)
    if missing:
        sys.exit(f"articles not in corpus: {sorted(missing)}")
    out, total = [], 0
    for aid in sorted(wanted):
        d = texts[aid]
        paras = d["text"].split("\n")
        offsets, pos = [], 0
        for p in paras:
            offsets.append(pos)
            pos += len(p) + 1
        for k, f in sorted(wanted[aid]):
            para = paras[k]
            with open(f, encoding="utf-8") as fh:
                lines = fh.readlines()
            ents = resolve(para, lines, os.path.basename(f))
            for e in ents:
                assert para[e["start"]:e["end"]] == e["text"]
            total += len(ents)
            out.append({
                "source": "article_bias_37k", "article_id": aid,
                "outlet": d.get("outlet"), "para": k,
                "char_start": offsets[k], "char_end": offsets[k] + len(para),
                "text_sha1": hashlib.sha1(para.encode("utf-8")).hexdigest(),
                "snippet": para[:80], "entities": ents,
            })
    with open(os.path.join(HERE, "gold_entities.jsonl"), "w", encoding="utf-8") as fh:
        for r in out:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"paragraphs={len(out)} articles={len(wanted)} entities={total}")


if __name__ == "__main__":
    main()
