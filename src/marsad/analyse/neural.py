"""Neural Arabic NER (char-CNN + word2vec + BiLSTM-CRF), numpy forward pass and decoding.

Trained with torch by training/train_neural_ner.py and exported to ``ner_neural.npz``; this module
needs numpy only.  Inputs of a token, all from its normalised form: the (frozen) word2vec vector of
the word and of its clitic-stripped stem, a character CNN (ReLU, max over positions), and binary
indicator features (shape, name-list tags, multi-word name-list matches, unknown word).

Everything before the BiLSTM's recurrence depends on the word type only, except the name-list
phrase matches, which enter linearly: the LSTM input pre-activations of each word type (both
directions) are computed once and cached, a sentence adds the phrase-match columns.  The
recurrences run batched over all sentences of an article; Viterbi and marginals are shared with
the CRF (:mod:`marsad.analyse.ner`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from marsad.text.tokens import split_proclitics

NEURAL_FILE = "ner_neural.npz"
NEURAL_META = "ner_neural_meta.json"
LABELS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
MAX_CHARS = 20
CHUNK = 64  # sentences per batched recurrence
# token slots (sentences x longest length) per batched recurrence: its arrays take ~2.5 kB a slot, so one
# very long sentence (an article without punctuation) is run with few others, not padding 63 of them
CELLS = 8192
_CLITICS = frozenset("وفبلك")


def _shape(n: str) -> str:
    if n.isdigit():
        return "D"
    if n.isascii():
        return "L" if n.isalpha() else ("M" if any(c.isalnum() for c in n) else "P")
    if any(c.isdigit() for c in n):
        return "AD"
    return "A" if any(c.isalnum() for c in n) else "P"


class InputEncoder:
    """Word type → (word row, stem row, character ids, static indicator features); shared by training
    (torch batches) and the numpy runtime so both see identical inputs."""

    def __init__(self, words: Sequence[str], chars: Sequence[str], feats: Sequence[str],
                 labels: Sequence[str] = LABELS, lexicon=None, clusters: dict[str, tuple[str, ...]] | None = None):
        self.words = list(words)
        self.chars = list(chars)
        self.feats = list(feats)
        self.labels = list(labels)
        self.lexicon = lexicon
        self.clusters = clusters or {}
        self.word_ix = {w: i for i, w in enumerate(self.words)}
        self.char_ix = {c: i + 2 for i, c in enumerate(self.chars)}  # 0 pad, 1 unknown
        self.feat_ix = {f: i for i, f in enumerate(self.feats)}
        self.oov = len(self.words)
        self._cache: dict[str, tuple[int, int, list[int], list[int]]] = {}

    @classmethod
    def fit(cls, words: Sequence[str], norms: Sequence[Sequence[str]], lexicon=None,
            clusters: dict[str, tuple[str, ...]] | None = None) -> InputEncoder:
        """Character and feature inventories from the training sentences (normalised tokens).

        ``clusters`` (word → cluster ids, ``ner_clusters.tsv``) adds the k256 / k1024 cluster of a word
        as indicator features."""
        probe = cls(words, [], [], lexicon=lexicon, clusters=clusters)
        cc: dict[str, int] = {}
        fc: dict[str, int] = {}
        for s in norms:
            for n in s:
                for c in n[:MAX_CHARS]:
                    cc[c] = cc.get(c, 0) + 1
                for f in probe.static_names(n):
                    fc[f] = fc.get(f, 0) + 1
            for d in probe.dynamic_names(s) or ():
                for f in d:
                    fc[f] = fc.get(f, 0) + 1
        chars = sorted(c for c, k in cc.items() if k >= 2)
        feats = sorted(f for f, k in fc.items() if k >= 2)
        return cls(words, chars, feats, lexicon=lexicon, clusters=clusters)

    def stem(self, n: str) -> str:
        """The most frequent known stem of ``n`` after removing glued و ف ب ل ك (``n`` itself if none)."""
        best, best_rank = n, self.word_ix.get(n, 1 << 30)
        if len(n) > 3 and n[0] in _CLITICS:
            for pre, stem in split_proclitics(n):
                if pre and all(c in _CLITICS for c in pre) and len(stem) >= 2:
                    r = self.word_ix.get(stem)
                    if r is not None and r * 5 < best_rank:
                        best, best_rank = stem, r
        return best

    def static_names(self, n: str) -> list[str]:
        out = ["sh=" + _shape(n)]
        if n not in self.word_ix:
            out.append("oov")
        if len(n) <= 2:
            out.append("short")
        if self.lexicon is not None:
            out += ["lx=" + t for t in self.lexicon.word_tags(n)]
        cl = self.clusters.get(n)
        if cl is not None and len(cl) >= 3:
            out += ["k1=" + cl[1], "k2=" + cl[2]]
        return out

    def dynamic_names(self, s: Sequence[str]) -> list[list[str]] | None:
        return self.lexicon.matches(s) if self.lexicon is not None else None

    def encode(self, n: str) -> tuple[int, int, list[int], list[int]]:
        hit = self._cache.get(n)
        if hit is None:
            ci = self.char_ix
            hit = (self.word_ix.get(n, self.oov), self.word_ix.get(self.stem(n), self.oov),
                   [ci.get(c, 1) for c in n[:MAX_CHARS]] or [1],
                   [i for f in self.static_names(n) if (i := self.feat_ix.get(f)) is not None])
            if len(self._cache) < 400_000:
                self._cache[n] = hit
        return hit

    def dynamic(self, s: Sequence[str]) -> list[list[int]] | None:
        d = self.dynamic_names(s)
        if d is None:
            return None
        fi = self.feat_ix
        return [[i for f in fs if (i := fi.get(f)) is not None] for fs in d]

    def batch(self, sents: Sequence[Sequence[str]]) -> dict[str, np.ndarray]:
        """Padded training arrays: w, s, type (→ rows of chars), chars, f (indicators), mask, lens."""
        bsz, tmax = len(sents), max(len(s) for s in sents)
        w = np.full((bsz, tmax), self.oov, dtype=np.int64)
        st = np.full((bsz, tmax), self.oov, dtype=np.int64)
        typ = np.zeros((bsz, tmax), dtype=np.int64)
        f = np.zeros((bsz, tmax, len(self.feats)), dtype=np.float32)
        mask = np.zeros((bsz, tmax), dtype=np.float32)
        types: dict[str, int] = {}
        for r, s in enumerate(sents):
            for t, n in enumerate(s):
                wi, si, _c, fs = self.encode(n)
                w[r, t], st[r, t] = wi, si
                typ[r, t] = types.setdefault(n, len(types))
                f[r, t, fs] = 1.0
                mask[r, t] = 1.0
            for t, fs in enumerate(self.dynamic(s) or ()):
                f[r, t, fs] = 1.0
        chars = np.zeros((len(types), max(len(self.encode(n)[2]) for n in types)), dtype=np.int64)
        for n, k in types.items():
            c = self.encode(n)[2]
            chars[k, :len(c)] = c
        return {"w": w, "s": st, "type": typ, "chars": chars, "f": f, "mask": mask,
                "lens": np.asarray([len(s) for s in sents], dtype=np.int64)}


class NeuralTagger:
    """numpy BiLSTM-CRF over ``ner_neural.npz``; the same interface as :class:`marsad.analyse.ner.NerTagger`."""

    def __init__(self, model_dir: Path, weights_file: str = NEURAL_FILE, featurizer=None, *,
                 lexicon=None, rank: dict[str, int] | None = None):
        from marsad.analyse.ner import CLUSTER_FILE, LEXICON_FILE, Featurizer, Lexicon, load_clusters

        z = np.load(model_dir / weights_file)
        text = lambda k: bytes(z[k]).decode("utf-8").split("\n") if len(z[k]) else []  # noqa: E731
        if featurizer is None and rank is None:
            lex = model_dir / LEXICON_FILE
            featurizer = Featurizer(load_clusters(model_dir / CLUSTER_FILE), Lexicon.load(lex) if lex.exists() else None)
        if featurizer is not None:
            lexicon = featurizer.lexicon if lexicon is None else lexicon
            rank = featurizer.rank
        self.featurizer = featurizer
        self.rank = rank or {}
        self.labels = text("labels")
        feats = text("feats")
        clusters = featurizer.clusters if featurizer is not None and any(f.startswith("k1=") for f in feats) else None
        self.enc = InputEncoder(text("words"), text("chars"), feats, self.labels, lexicon, clusters)
        f32 = np.float32
        self.emb = np.vstack([z["emb"].astype(f32), np.zeros((1, z["emb"].shape[1]), f32)])
        self.cemb = z["cemb"].astype(f32)
        cw = z["conv_w"].astype(f32)  # (filters, char_dim, 3)
        # (3*char_dim, filters), float64: see w_in below
        self.conv_w = cw.transpose(2, 1, 0).reshape(-1, cw.shape[0]).astype(np.float64)
        self.conv_b = z["conv_b"].astype(f32)
        self.w_ih = z["w_ih"].astype(f32)  # (2, 4H, D)
        self.w_hh_t = np.ascontiguousarray(z["w_hh"].astype(f32).transpose(0, 2, 1))  # (2, H, 4H)
        self.b = z["b"].astype(f32)
        self.hidden = self.w_hh_t.shape[1]
        self.out_w_t = np.ascontiguousarray(z["out_w"].astype(f32).T)
        self.out_b = z["out_b"].astype(f32)
        self.trans = z["trans"].astype(np.float64)
        self.start = z["start"].astype(np.float64)
        self.end = z["end"].astype(np.float64)
        self._exp_trans = np.exp(self.trans - self.trans.max())
        d_dense = 2 * self.emb.shape[1] + cw.shape[0]
        self.w_in = np.ascontiguousarray(self.w_ih[:, :, :d_dense].transpose(2, 0, 1).reshape(d_dense, -1))
        self.w_feat = np.ascontiguousarray(self.w_ih[:, :, d_dense:].transpose(2, 0, 1).reshape(-1, 2 * 4 * self.hidden))
        self.b_in = self.b.reshape(-1)
        self._ids: dict[str, int] = {}
        self._table = np.zeros((4096, 8 * self.hidden), dtype=f32)
        # sigmoid(x) = (tanh(x / 2) + 1) / 2 for the i, f, o gates; tanh for g: a = tanh(x * s) * s + b
        hs = self.hidden
        scale = np.full(4 * hs, 0.5, dtype=f32)
        scale[2 * hs:3 * hs] = 1.0
        self._act = (scale, np.where(scale == 0.5, 0.5, 0.0).astype(f32))
        # pre-scale every gate pre-activation, so that a step is tanh(x + h @ W) * scale + shift
        self.w_hh_t *= scale
        both = np.concatenate([scale, scale])
        self.w_in *= both
        self.w_feat *= both
        self.b_in = self.b_in * both
        # the per-type products in float64, rounded to float32: a float32 GEMM's rows depend on the batch
        # shape on some CPUs (OpenBLAS picks kernels by size), so a word's row would depend on which words
        # came with it; the float64 sums round to the same float32 whatever the batch (idempotent output)
        self.w_in = self.w_in.astype(np.float64)
        meta = model_dir / NEURAL_META
        self.meta = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
        self.stage2 = None

    # ------------------------------------------------------------ per word type
    def char_vectors(self, words: Sequence[Sequence[int]]) -> np.ndarray:
        """Character-CNN vectors of several words (character ids) at once."""
        lens = np.asarray([len(w) for w in words])
        n, lmax, cdim = len(words), int(lens.max()), self.cemb.shape[1]
        ids = np.zeros((n, lmax + 2), dtype=np.int64)  # id 0 embeds to zeros: the padding
        for r, w in enumerate(words):
            ids[r, 1:1 + len(w)] = w
        xe = self.cemb[ids]  # (n, lmax + 2, C)
        win = np.concatenate([xe[:, :-2], xe[:, 1:-1], xe[:, 2:]], axis=2)  # (n, lmax, 3C)
        conv = (win.reshape(-1, 3 * cdim).astype(np.float64) @ self.conv_w).astype(np.float32)
        h = np.maximum(conv + self.conv_b, 0.0).reshape(n, lmax, -1)
        h[np.arange(lmax)[None, :] >= lens[:, None]] = 0.0  # ReLU output >= 0: zeros do not change the max
        return h.max(axis=1)

    def _add_types(self, words: Sequence[str]) -> None:
        """Cache the LSTM input pre-activations (both directions) of new word types, in one product."""
        new = list(dict.fromkeys(w for w in words if w not in self._ids))
        if not new:
            return
        enc = [self.enc.encode(n) for n in new]
        x = np.empty((len(new), self.w_in.shape[0]), dtype=np.float32)
        d = self.emb.shape[1]
        x[:, :d] = self.emb[[e[0] for e in enc]]
        x[:, d:2 * d] = self.emb[[e[1] for e in enc]]
        x[:, 2 * d:] = self.char_vectors([e[2] for e in enc])
        g = (x.astype(np.float64) @ self.w_in).astype(np.float32) + self.b_in
        self._add_features(g, [e[3] for e in enc])
        i = len(self._ids)
        if i + len(new) > len(self._table):
            if i + len(new) > 500_000:  # bounded memory: start afresh
                self._ids.clear()
                i = 0
            size = len(self._table)
            while size < i + len(new):
                size *= 2
            if size > len(self._table):
                table = np.zeros((size, self._table.shape[1]), dtype=np.float32)
                table[:len(self._table)] = self._table
                self._table = table
        self._table[i:i + len(new)] = g
        for k, n in enumerate(new):
            self._ids[n] = i + k

    def _add_features(self, g: np.ndarray, feats: Sequence[Sequence[int]]) -> None:
        """``g[r] += w_feat[feats[r]].sum(axis=0)`` for every row, in a few array operations (a numpy
        call per row cost more than the sums: most word types and many tokens have features).  Each
        row's weights are added in the same order as that sum does, so the result is bit-identical."""
        rows = [r for r, fs in enumerate(feats) if fs]
        if not rows:
            return
        w = self.w_feat
        acc = w[[feats[r][0] for r in rows]]
        for p in range(1, max(len(feats[r]) for r in rows)):
            sub = [k for k, r in enumerate(rows) if len(feats[r]) > p]
            acc[sub] += w[[feats[rows[k]][p] for k in sub]]
        g[rows] += acc

    # ------------------------------------------------------------ sentences
    def emissions(self, sents: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """(tokens, labels) emission scores per sentence (no start / end scores).

        Both directions run in one loop over positions: the backward direction reads every
        sentence reversed, rows are sorted longest first so that step ``t`` updates a prefix.
        """
        sents = [list(s) for s in sents]
        out: list[np.ndarray] = [np.zeros((0, len(self.labels)), dtype=np.float32) for _ in sents]
        nz = [k for k, s in enumerate(sents) if s]
        if not nz:
            return out
        order = sorted(nz, key=lambda k: -len(sents[k]))
        lo = 0
        while lo < len(order):  # bounded memory for long inputs (a whole test file, long sentences)
            part = order[lo:lo + max(1, min(CHUNK, CELLS // len(sents[order[lo]])))]
            for k, em in zip(part, self._emissions_sorted([sents[k] for k in part]), strict=True):
                out[k] = em
            lo += len(part)
        return out

    def _emissions_sorted(self, sents: list[list[str]]) -> list[np.ndarray]:
        """Emissions of non-empty sentences given longest first."""
        hsz = self.hidden
        h4 = 4 * hsz
        order = list(range(len(sents)))
        out: list[np.ndarray] = [np.zeros(0)] * len(sents)
        lens = np.asarray([len(sents[k]) for k in order])
        tmax, nrow = int(lens[0]), len(order)
        self._add_types([w for k in order for w in sents[k]])
        ids = self._ids
        flat = np.fromiter((ids[w] for k in order for w in sents[k]), dtype=np.int64, count=int(lens.sum()))
        g_flat = self._table[flat]  # (tokens, 8H)
        dyn_feats: list[list[int]] = []
        for k in order:
            dyn = self.enc.dynamic(sents[k])
            dyn_feats.extend(dyn if dyn else [[]] * len(sents[k]))
        self._add_features(g_flat, dyn_feats)
        # x[t, 0, r] = forward input at position t, x[t, 1, r] = backward input at position len-1-t
        starts = np.cumsum(lens) - lens
        pos = np.arange(len(flat)) - np.repeat(starts, lens)
        row = np.repeat(np.arange(nrow), lens)
        # not zeroed: step t reads rows [:live[t]] only, and every one of those is written here
        x = np.empty((tmax, 2, nrow, h4), dtype=np.float32)
        x[pos, 0, row] = g_flat[:, :h4]
        x[np.repeat(lens, lens) - 1 - pos, 1, row] = g_flat[:, h4:]
        live = (lens[None, :] > np.arange(tmax)[:, None]).sum(axis=1)
        scale, shift = self._act
        w_hh = self.w_hh_t
        c = np.zeros((2, nrow, hsz), dtype=np.float32)
        hs = np.empty((tmax + 1, 2, nrow, hsz), dtype=np.float32)  # hs[t + 1]: hidden state after position t
        hs[0] = 0.0  # (later steps write the rows they and the output read)
        tanh, mul, matmul = np.tanh, np.multiply, np.matmul
        for t in range(tmax):
            m = int(live[t])
            a = matmul(hs[t, :, :m], w_hh)  # inputs and weights are pre-scaled: see __init__
            a += x[t, :, :m]
            tanh(a, out=a)
            a *= scale
            a += shift  # i, f, g, o activated
            cm = c[:, :m]
            cm *= a[..., hsz:2 * hsz]
            cm += a[..., :hsz] * a[..., 2 * hsz:3 * hsz]
            mul(a[..., 3 * hsz:], tanh(cm), out=hs[t + 1, :, :m])
        hs = hs[1:]
        em_f = hs[pos, 0, row] @ self.out_w_t[:hsz]
        em_b = hs[np.repeat(lens, lens) - 1 - pos, 1, row] @ self.out_w_t[hsz:]
        em = em_f + em_b + self.out_b
        for k, lo, n in zip(order, starts, lens, strict=True):
            out[k] = em[lo:lo + n]
        return out

    def decode(self, sents: Sequence[Sequence[str]], marginals: bool = False, window: int | None = None,
               extra=None):
        """Viterbi tags (and optionally the marginal of each chosen tag) for normalised sentences."""
        from marsad.analyse.ner import _marginals, _viterbi

        sents = list(sents)
        if not sents:
            return ([], []) if marginals else []
        ems = self.emissions(sents)
        lens = np.asarray([len(s) for s in sents])
        em = np.zeros((len(sents), max(int(lens.max()), 1), len(self.labels)))
        for k, e in enumerate(ems):
            if len(e):
                em[k, :len(e)] = e
                em[k, 0] += self.start
                em[k, len(e) - 1] += self.end
        paths = _viterbi(em, lens, self.trans)
        tags = [[self.labels[j] for j in p] for p in paths]
        if not marginals:
            return tags
        scores: list[list[float]] = [[1.0] * len(p) for p in paths]
        need = [k for k, p in enumerate(paths) if any(j != 0 for j in p)]
        if need:
            probs = _marginals(em[need], lens[need], self._exp_trans)
            for r, k in enumerate(need):
                scores[k] = [float(probs[r][t, j]) for t, j in enumerate(paths[k])]
        return tags, scores

    def tag_document(self, sents: Sequence[Sequence[str]], window: int | None = None) -> list[list[str]]:
        from marsad.analyse.ner import propagate

        return propagate(sents, self.decode(sents), self.rank, window)

    def tag(self, words: Sequence[str]) -> list[str]:
        from marsad.analyse.ner import norm_word

        return self.decode([[norm_word(w) for w in words]])[0] if words else []


__all__ = ["LABELS", "NEURAL_FILE", "NEURAL_META", "InputEncoder", "NeuralTagger"]
