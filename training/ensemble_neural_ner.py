"""Merge K exported neural NER taggers (``ner_neural.npz``) into ONE npz that the unchanged runtime runs.

The members must share the input side (word list, frozen word vectors, characters, indicator
features, labels): true for runs of ``train_neural_ner.py`` on the same data that differ only in
``--seed`` (or in hyper-parameters that leave the inputs alone, e.g. ``--dropout``).  The merged
model is an exact re-writing of the ensemble "average the members' emission scores and CRF
parameters" as one wider BiLSTM-CRF:

- character embeddings side by side (K * char_dim), the character CNN block-diagonal
  (K * filters; a member's filters only see its own character embedding);
- one LSTM per direction with K * H units: member m's units are rows ``q*K*H + m*H + j`` of every
  gate q (i, f, g, o), its input weights read the shared word / stem / indicator columns and its own
  character-CNN columns, the recurrent matrix is block-diagonal;
- the output layer reads all units with weights / K (mean of the members' emissions), the CRF
  transitions, start and end scores are the members' means.

So ``NeuralTagger`` needs no change; its cost is that of one BiLSTM with K * H units (the per-step
numpy overhead, not the matrix size, dominates at H = 64).  The stored check sentences get the
mean of the members' stored torch emissions (exact by the construction above).

Usage: ``python training/ensemble_neural_ner.py A/ner_neural.npz B/ner_neural.npz --out DIR/ner_neural.npz``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

SHARED = ("words", "chars", "feats", "labels", "emb")


def merge(members: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """The merged npz arrays of K loaded member npz files (dicts of arrays)."""
    k = len(members)
    if k < 1:
        raise ValueError("no members")
    first = members[0]
    for m in members[1:]:
        for name in SHARED:
            if not np.array_equal(m[name], first[name]):
                raise ValueError(f"members differ in {name!r}: they must share the input side")
    hid = first["w_hh"].shape[2]
    cdim = first["cemb"].shape[1]
    nfilt = first["conv_w"].shape[0]
    d_vec = 2 * first["emb"].shape[1]
    n_feat = first["w_ih"].shape[2] - d_vec - nfilt
    for m in members:
        if (m["w_hh"].shape[2], m["cemb"].shape[1], m["conv_w"].shape[0]) != (hid, cdim, nfilt):
            raise ValueError("members must have the same hidden size, character dimension and filters")
    big_h, big_c, big_f = k * hid, k * cdim, k * nfilt
    cemb = np.concatenate([m["cemb"] for m in members], axis=1)
    conv_w = np.zeros((big_f, big_c, first["conv_w"].shape[2]), dtype=np.float32)
    for i, m in enumerate(members):
        conv_w[i * nfilt:(i + 1) * nfilt, i * cdim:(i + 1) * cdim] = m["conv_w"]
    conv_b = np.concatenate([m["conv_b"] for m in members])
    d_in = d_vec + big_f + n_feat
    w_ih = np.zeros((2, 4 * big_h, d_in), dtype=np.float32)
    w_hh = np.zeros((2, 4 * big_h, big_h), dtype=np.float32)
    b = np.zeros((2, 4 * big_h), dtype=np.float32)
    for i, m in enumerate(members):
        for q in range(4):  # gates i, f, g, o (torch order)
            src = slice(q * hid, (q + 1) * hid)
            dst = slice(q * big_h + i * hid, q * big_h + (i + 1) * hid)
            w_ih[:, dst, :d_vec] = m["w_ih"][:, src, :d_vec]
            w_ih[:, dst, d_vec + i * nfilt:d_vec + (i + 1) * nfilt] = m["w_ih"][:, src, d_vec:d_vec + nfilt]
            w_ih[:, dst, d_vec + big_f:] = m["w_ih"][:, src, d_vec + nfilt:]
            w_hh[:, dst, i * hid:(i + 1) * hid] = m["w_hh"][:, src]
            b[:, dst] = m["b"][:, src]
    n_lab = first["out_w"].shape[0]
    out_w = np.zeros((n_lab, 2 * big_h), dtype=np.float32)
    for i, m in enumerate(members):
        out_w[:, i * hid:(i + 1) * hid] = m["out_w"][:, :hid] / k
        out_w[:, big_h + i * hid:big_h + (i + 1) * hid] = m["out_w"][:, hid:] / k
    mean = lambda name: np.mean([m[name] for m in members], axis=0).astype(np.float32)  # noqa: E731
    out = {name: first[name] for name in SHARED}
    out.update(cemb=cemb.astype(np.float32), conv_w=conv_w, conv_b=conv_b.astype(np.float32), w_ih=w_ih, w_hh=w_hh,
               b=b, out_w=out_w, out_b=mean("out_b"), trans=mean("trans"), start=mean("start"), end=mean("end"))
    if all("check_em" in m for m in members) and all(np.array_equal(m["check_sents"], first["check_sents"])
                                                      for m in members):
        out["check_sents"] = first["check_sents"]
        out["check_em"] = mean("check_em")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("members", nargs="+", type=Path, help="exported ner_neural.npz files")
    ap.add_argument("--out", type=Path, required=True, help="merged npz to write")
    args = ap.parse_args(argv)
    members = []
    for p in args.members:
        with np.load(p) as z:
            members.append({name: z[name] for name in z.files})
    merged = merge(members)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **merged)
    meta = {"model": f"ensemble of {len(members)} BiLSTM-CRF taggers merged into one BiLSTM "
                     f"({merged['w_hh'].shape[2]} units per direction)",
            "members": [str(p) for p in args.members]}
    for p in args.members:
        mp = p.with_name(p.name.replace(".npz", "_meta.json"))
        if mp.exists():
            meta.setdefault("member_meta", []).append(json.loads(mp.read_text(encoding="utf-8")))
    args.out.with_name(args.out.name.replace(".npz", "_meta.json")).write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"merged {len(members)} members -> {args.out} (hidden {merged['w_hh'].shape[2]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
