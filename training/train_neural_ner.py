"""Train Marsad's neural Arabic NER tagger (char-CNN + word2vec + BiLSTM-CRF) with torch on CPU.

Inputs per token (all computed from the *normalised* word, see :mod:`marsad.analyse.neural`):
the frozen word2vec vector of the word and of its clitic-stripped stem (skip-gram trained on the
unlabelled news corpus by ``train_ner.py``), a character CNN, and binary indicator features (shape,
name-list tags of ``ner_lexicon.tsv``, multi-word name-list matches).  One BiLSTM layer, a linear
layer and a linear-chain CRF (with start / end scores).  The weights are exported to
``ner_neural.npz``; the runtime (:class:`marsad.analyse.neural.NeuralTagger`) is numpy only.

Usage: ``python training/train_neural_ner.py [--dev 400] [--epochs N] [--cache DIR]`` (the defaults
are the committed model's settings; ``train_ner.py`` calls it after the CRF unless ``--no-neural``).
Training-time dependencies: torch (CPU), gensim.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

from marsad.analyse.ner import (
    CLUSTER_FILE,
    LEXICON_FILE,
    NER_DIR,
    Featurizer,
    Lexicon,
    load_clusters,
    norm_word,
    propagate,
)
from marsad.analyse.neural import (
    NEURAL_FILE,
    NEURAL_META,
    InputEncoder,
    NeuralTagger,
)
from marsad.config import get_settings
from marsad.evaluate.conll import Sentence, score_chunks
from marsad.evaluate.ner import DOC_WINDOW, format_report

log = logging.getLogger("train_neural_ner")


def load_vectors(shared: Path, train: list[Sentence], cache: Path | None, max_words: int) -> tuple[list[str], np.ndarray]:
    """(words, vectors) of the ``max_words`` most frequent corpus words plus every train word found."""
    sys.path.insert(0, str(Path(__file__).parent))
    from train_ner import word_vectors

    wv = word_vectors(sorted((shared / "data/corpus").glob("*.jsonl")), train, cache)
    keep = list(wv.index_to_key[:max_words])
    seen = set(keep)
    for s in train:
        for w, _ in s:
            n = norm_word(w)
            if n not in seen and n in wv.key_to_index:
                keep.append(n)
                seen.add(n)
    keep = [w for w in keep if "\n" not in w]
    return keep, np.asarray([wv[w] for w in keep], dtype=np.float32)


def build_model(enc: InputEncoder, vectors: np.ndarray, args: argparse.Namespace):
    import torch
    from torch import nn

    class Tagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.Embedding.from_pretrained(torch.from_numpy(np.vstack([vectors, np.zeros((1, vectors.shape[1]),
                                                                                  dtype=np.float32)])), freeze=True)
            self.cemb = nn.Embedding(len(enc.chars) + 2, args.char_dim, padding_idx=0)
            self.conv = nn.Conv1d(args.char_dim, args.char_filters, 3, padding=1)
            d_in = 2 * vectors.shape[1] + args.char_filters + len(enc.feats)
            self.drop = nn.Dropout(args.dropout)
            self.lstm = nn.LSTM(d_in, args.hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * args.hidden, len(enc.labels))
            nl = len(enc.labels)
            self.trans = nn.Parameter(torch.zeros(nl, nl))
            self.start = nn.Parameter(torch.zeros(nl))
            self.end = nn.Parameter(torch.zeros(nl))

        def char_vec(self, chars: torch.Tensor) -> torch.Tensor:  # (types, maxlen) -> (types, filters)
            x = self.cemb(chars).transpose(1, 2)
            h = torch.relu(self.conv(x))
            h = h.masked_fill((chars == 0)[:, None, :], 0.0)
            return h.max(dim=2).values

        def emissions(self, b: dict) -> torch.Tensor:
            cv = self.char_vec(b["chars"])[b["type"]]  # (B, T, F)
            x = torch.cat([self.drop(self.emb(b["w"])), self.drop(self.emb(b["s"])), self.drop(cv), b["f"]], dim=2)
            packed = nn.utils.rnn.pack_padded_sequence(x, b["lens"], batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
            return self.out(self.drop(h))

        def nll(self, em: torch.Tensor, y: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            bsz, tmax, _ = em.shape
            ar = torch.arange(bsz)
            gold = self.start[y[:, 0]] + em[ar, 0, y[:, 0]]
            alpha = self.start[None] + em[:, 0]
            for t in range(1, tmax):
                m = mask[:, t]
                gold = gold + m * (self.trans[y[:, t - 1], y[:, t]] + em[ar, t, y[:, t]])
                nxt = torch.logsumexp(alpha[:, :, None] + self.trans[None] + em[:, t, None, :], dim=1)
                alpha = torch.where(m[:, None] > 0, nxt, alpha)
            last = y[ar, mask.sum(1).long() - 1]
            gold = gold + self.end[last]
            z = torch.logsumexp(alpha + self.end[None], dim=1)
            return (z - gold).sum()

    return Tagger()


def batches(enc: InputEncoder, sents: list[list[str]], tags: list[list[int]] | None, size: int, shuffle: bool):
    import torch

    order = sorted(range(len(sents)), key=lambda k: len(sents[k]))
    groups = [order[i:i + size] for i in range(0, len(order), size)]
    if shuffle:
        random.shuffle(groups)
    for g in groups:
        b = enc.batch([sents[k] for k in g])
        tb = {k: torch.from_numpy(v) for k, v in b.items()}
        tb["lens"] = torch.from_numpy(b["lens"])
        if tags is not None:
            y = np.zeros(b["w"].shape, dtype=np.int64)
            for r, k in enumerate(g):
                y[r, :len(tags[k])] = tags[k]
            tb["y"] = torch.from_numpy(y)
        yield g, tb


def torch_emissions(model, enc: InputEncoder, sents: list[list[str]]) -> list[np.ndarray]:
    """torch's emission scores (eval mode) of each sentence, in the given order."""
    import torch

    was = model.training
    model.eval()
    out: list[np.ndarray] = [np.zeros(0)] * len(sents)
    with torch.no_grad():
        for order, b in batches(enc, sents, None, 32, shuffle=False):
            em = model.emissions(b).numpy()
            for r, k in enumerate(order):
                out[k] = em[r, :len(sents[k])]
    model.train(was)
    return out


def export(model, enc: InputEncoder, words: list[str], path: Path, check: list[list[str]] | None = None) -> None:
    """Weights → npz (embeddings as float16; the torch model is given the same rounded embeddings).

    ``check``: a few normalised sentences stored with torch's emissions, so the runtime can be
    tested against torch without torch (tests/unit/test_ner_neural.py)."""
    import torch

    with torch.no_grad():  # the runtime has float16 embeddings: make torch see exactly those
        model.emb.weight.copy_(model.emb.weight.half().float())
    sd = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    blob = lambda items: np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)  # noqa: E731
    extra = {}
    if check:
        extra = {"check_sents": blob(["\t".join(s) for s in check]),
                 "check_em": np.concatenate(torch_emissions(model, enc, check)).astype(np.float32)}
    np.savez_compressed(
        path, **extra, words=blob(words), chars=blob(enc.chars), feats=blob(enc.feats), labels=blob(enc.labels),
        emb=sd["emb.weight"][:-1].astype(np.float16), cemb=sd["cemb.weight"], conv_w=sd["conv.weight"],
        conv_b=sd["conv.bias"],
        w_ih=np.stack([sd["lstm.weight_ih_l0"], sd["lstm.weight_ih_l0_reverse"]]),
        w_hh=np.stack([sd["lstm.weight_hh_l0"], sd["lstm.weight_hh_l0_reverse"]]),
        b=np.stack([sd["lstm.bias_ih_l0"] + sd["lstm.bias_hh_l0"],
                    sd["lstm.bias_ih_l0_reverse"] + sd["lstm.bias_hh_l0_reverse"]]),
        out_w=sd["out.weight"], out_b=sd["out.bias"], trans=sd["trans"], start=sd["start"], end=sd["end"],
    )


def model_from_npz(path: Path, lexicon: Lexicon | None = None, clusters: dict | None = None):
    """(torch model, encoder, words) rebuilt from an exported ``ner_neural.npz``."""
    import torch

    z = np.load(path)
    text = lambda k: bytes(z[k]).decode("utf-8").split("\n") if len(z[k]) else []  # noqa: E731
    words, feats = text("words"), text("feats")
    enc = InputEncoder(words, text("chars"), feats, text("labels"), lexicon,
                       clusters if any(f.startswith("k1=") for f in feats) else None)
    args = argparse.Namespace(char_dim=z["cemb"].shape[1], char_filters=z["conv_w"].shape[0],
                              hidden=z["w_hh"].shape[2], dropout=0.0)
    model = build_model(enc, z["emb"].astype(np.float32), args)
    hid = args.hidden
    sd = {"emb.weight": np.vstack([z["emb"].astype(np.float32), np.zeros((1, z["emb"].shape[1]), np.float32)]),
          "cemb.weight": z["cemb"], "conv.weight": z["conv_w"], "conv.bias": z["conv_b"],
          "lstm.weight_ih_l0": z["w_ih"][0], "lstm.weight_ih_l0_reverse": z["w_ih"][1],
          "lstm.weight_hh_l0": z["w_hh"][0], "lstm.weight_hh_l0_reverse": z["w_hh"][1],
          "lstm.bias_ih_l0": z["b"][0], "lstm.bias_ih_l0_reverse": z["b"][1],
          "lstm.bias_hh_l0": np.zeros(4 * hid, np.float32), "lstm.bias_hh_l0_reverse": np.zeros(4 * hid, np.float32),
          "out.weight": z["out_w"], "out.bias": z["out_b"], "trans": z["trans"], "start": z["start"], "end": z["end"]}
    model.load_state_dict({k: torch.from_numpy(np.asarray(v, dtype=np.float32)) for k, v in sd.items()})
    model.eval()
    return model, enc, words


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=NER_DIR, help="folder with ner_clusters.tsv / ner_lexicon.tsv")
    ap.add_argument("--dev", type=int, default=0)
    ap.add_argument("--cache", type=Path, default=None, help="word2vec cache folder (as train_ner.py --cache)")
    ap.add_argument("--epochs", type=int, default=19)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--hidden", type=int, default=64, help="LSTM units per direction (runtime speed!)")
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--char-dim", type=int, default=32)
    ap.add_argument("--char-filters", type=int, default=64)
    ap.add_argument("--max-words", type=int, default=80_000)
    ap.add_argument("--no-lexicon", action="store_true")
    ap.add_argument("--clusters", action="store_true",
                    help="k256 / k1024 word clusters as indicator features (overfit on dev)")
    ap.add_argument("--average", type=int, default=0, help="average the weights of the last N epochs")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1, help="torch threads (2 spin-waits on a busy 2-core machine: 4x the CPU time)")
    ap.add_argument("--tag", default="", help="experiment label for the log")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    shared = args.shared or get_settings().shared_dir
    sys.path.insert(0, str(Path(__file__).parent))
    from train_ner import anercorp_splits

    train, test = anercorp_splits(shared, args.dev)
    t0, c0 = time.time(), time.process_time()
    words, vectors = load_vectors(shared, train, args.cache, args.max_words)
    t1 = time.time()
    log.info("vectors: %d words (%.0fs)", len(words), t1 - t0)
    lex = None if args.no_lexicon or not (args.out / LEXICON_FILE).exists() else Lexicon.load(args.out / LEXICON_FILE)
    norms = [[norm_word(w) for w, _ in s] for s in train]
    clusters = load_clusters(args.out / CLUSTER_FILE)
    rank = {w: i for i, w in enumerate(clusters)}
    enc = InputEncoder.fit(words, norms, lex, clusters if args.clusters else None)
    fz = Featurizer(clusters, lex)
    y = [[enc.labels.index(g) if g in enc.labels else 0 for _, g in s] for s in train]
    model = build_model(enc, vectors, args)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 1.0 / (1.0 + 0.1 * e))
    test_norms = [[norm_word(w) for w, _ in s] for s in test]
    gold = [[g for _, g in s] for s in test]
    history = []
    avg: dict[str, torch.Tensor] | None = None  # running mean of the weights after each late epoch
    n_avg = 0
    avg_from = args.epochs - args.average + 1 if args.average else args.epochs + 1
    for ep in range(1, args.epochs + 1):
        te = time.time()
        model.train()
        total = 0.0
        for _g, b in batches(enc, norms, y, args.batch, shuffle=True):
            opt.zero_grad()
            loss = model.nll(model.emissions(b), b["y"], b["mask"])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += float(loss.detach())
        sched.step()
        msg = f"epoch {ep}: loss {total:.0f} ({time.time() - te:.0f}s)"
        if ep >= avg_from:
            sd = {k: v.detach().clone() for k, v in model.state_dict().items()}
            n_avg += 1
            avg = sd if avg is None else {k: avg[k] + (sd[k] - avg[k]) / n_avg for k in avg}
        if args.dev:
            scores = []
            for weights in ([None, avg] if avg is not None and n_avg > 1 else [None]):
                if weights is not None:
                    live = {k: v.detach().clone() for k, v in model.state_dict().items()}
                    model.load_state_dict(weights)
                export(model, enc, words, args.out / ("dev_" + NEURAL_FILE))
                if weights is not None:
                    model.load_state_dict(live)
                tg = NeuralTagger(args.out, "dev_" + NEURAL_FILE, fz)
                pred = tg.decode(test_norms)
                scores += [score_chunks(gold, pred).overall.f1,
                           score_chunks(gold, propagate(test_norms, pred, rank, DOC_WINDOW)).overall.f1]
            history.append((ep, *(round(x, 4) for x in scores)))
            msg += " dev F1 {:.4f} (+prop {:.4f})".format(*scores)
            if len(scores) > 2:
                msg += " averaged {:.4f} (+prop {:.4f})".format(*scores[2:])
        log.info(msg)
    if avg is not None:
        model.load_state_dict(avg)
    t2, c2 = time.time(), time.process_time()
    name = ("dev_" if args.dev else "") + NEURAL_FILE
    check = [s for s in test_norms[:40] if 3 <= len(s) <= 40][:6]
    export(model, enc, words, args.out / name, check)
    tg = NeuralTagger(args.out, name, fz)
    # numpy forward vs torch on a few sentences
    ref = torch_emissions(model, enc, test_norms[:50])
    mine = tg.emissions(test_norms[:50])
    diff = max(float(np.abs(a - b).max()) for a, b in zip(ref, mine, strict=True))
    log.info("numpy vs torch emissions: max abs diff %.2e", diff)
    pred = tg.decode(test_norms)
    rep_s = score_chunks(gold, pred)
    rep = score_chunks(gold, propagate(test_norms, pred, rank, DOC_WINDOW))
    print("neural, sentence by sentence:\n" + format_report(rep_s))
    print(f"neural + propagation (±{DOC_WINDOW}):\n" + format_report(rep))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    meta = {
        "model": "char-CNN + word2vec (word, stem) + indicator features -> BiLSTM -> CRF",
        "trained_on": "ANERCorp_CamelLab_train.txt" + (f" minus last {args.dev} sentences" if args.dev else ""),
        "evaluated_on": f"last {args.dev} train sentences (dev)" if args.dev else "ANERCorp_CamelLab_test.txt",
        "params": {k: v for k, v in vars(args).items() if k not in ("shared", "out", "cache")},
        "words": len(words), "features": len(enc.feats),
        "f1": round(rep.overall.f1, 4), "precision": round(rep.overall.precision, 4),
        "recall": round(rep.overall.recall, 4),
        "per_type": {k: {"p": round(v.precision, 4), "r": round(v.recall, 4), "f1": round(v.f1, 4)}
                     for k, v in sorted(rep.per_type.items())},
        "f1_sentence_only": round(rep_s.overall.f1, 4), "dev_history": history,
        "numpy_torch_max_diff": diff,
        "seconds": {"vectors_wall": round(t1 - t0), "train_wall": round(t2 - t1),
                    "total_cpu": round(c2 - c0)}, "peak_rss_gb": round(peak, 2),
    }
    log.info("%s", json.dumps(meta["seconds"]))
    (args.out / (("dev_" if args.dev else "") + NEURAL_META)).write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
