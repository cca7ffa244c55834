"""Train Marsad's Arabic NER model (CRF) from ../shared data; writes src/marsad/analyse/models/ner_*.

Steps (all on CPU, see training/README.md):
1. word2vec (gensim, skip-gram) on the normalised tokens of shared/data/corpus/*.jsonl plus the
   ANERcorp *train* text; spherical k-means of the most frequent words at several granularities
   → ``ner_clusters.tsv`` (word, cluster ids; rows in corpus-frequency order).
2. CRF (python-crfsuite, L-BFGS, L1+L2) on ANERCorp_CamelLab_train.txt with the features of
   :class:`marsad.analyse.ner.Featurizer`; exported to ``ner_crf.npz`` for the numpy decoder.
3. Scores on the test split (CRF alone, and with document-level propagation as ``evaluate_conll`` does) (``--dev N`` instead holds out the last N train sentences as a dev set
   and scores on them; that is how c1/c2 were chosen).

Name lists (gazetteer places, KB persons / organisations, head and title words) are built at training
time into ``ner_lexicon.tsv`` (``--no-lexicon`` to leave them out); ``--stages 2`` adds a second CRF
with document features, ``--aqmar`` adds AQMAR training data (neither helped on dev, see README).

Then (unless ``--no-neural``) ``train_neural_ner.py`` trains the BiLSTM-CRF on the same word2vec
vectors → ``ner_neural.npz``, the model the runtime prefers when present.

Usage: ``python training/train_ner.py [--dev 400] [--c1 C1] [--c2 C2] [--iters N] [--reuse-clusters]``
Extra training-time dependencies: gensim, torch (CPU); the runtime needs numpy only.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from marsad.analyse.ner import (
    CLUSTER_FILE,
    LEXICON_FILE,
    META_FILE,
    NER_DIR,
    STAGE2_FILE,
    WEIGHTS_FILE,
    Featurizer,
    Lexicon,
    NerTagger,
    doc_features,
    load_clusters,
    norm_word,
    propagate,
)
from marsad.config import KNOWLEDGE_DIR, get_settings
from marsad.evaluate.conll import Sentence, read_conll, score_chunks
from marsad.evaluate.ner import DOC_WINDOW, format_report
from marsad.text.normalize import normalize, normalize_key

log = logging.getLogger("train_ner")
_WORD_RE = re.compile(r"[^\W_]+|[^\w\s]")
NER_DATA = Path("data/ner/anercorp_camel")


# ---------------------------------------------------------------- word clusters
def corpus_lines(paths: list[Path]) -> list[list[str]]:
    """Normalised token lists, one per paragraph (title included) of each corpus article."""
    out: list[list[str]] = []
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            for line in fh:  # split on \n only (texts contain U+2028)
                rec = json.loads(line)
                for para in (rec.get("title") or "", *(rec.get("text") or "").split("\n")):
                    toks = _WORD_RE.findall(normalize(para).text)
                    if len(toks) > 2:
                        out.append(toks)
    return out


def spherical_kmeans(x: np.ndarray, k: int, iters: int = 15, seed: int = 0) -> np.ndarray:
    """Cluster ids of the unit-normalised rows of ``x`` (cosine k-means, random init)."""
    rng = np.random.default_rng(seed)
    x = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    cent = x[rng.choice(len(x), size=k, replace=False)].copy()
    labels = np.zeros(len(x), dtype=np.int32)
    for _ in range(iters):
        for s in range(0, len(x), 20000):
            labels[s:s + 20000] = np.argmax(x[s:s + 20000] @ cent.T, axis=1)
        sums = np.zeros_like(cent)
        np.add.at(sums, labels, x)
        empty = np.bincount(labels, minlength=k) == 0
        sums[empty] = x[rng.choice(len(x), size=int(empty.sum()), replace=False)]
        cent = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)
    return labels


def anercorp_splits(shared: Path, dev: int = 0) -> tuple[list[Sentence], list[Sentence]]:
    """(train, test) of the ANERcorp CAMeL split; with ``dev`` > 0, (train less its last ``dev``
    sentences, those sentences) for tuning."""
    data = shared / NER_DATA
    train = read_conll(data / "ANERCorp_CamelLab_train.txt")
    if dev:
        return train[:-dev], train[-dev:]
    return train, read_conll(data / "ANERCorp_CamelLab_test.txt")


def word_vectors(corpus: list[Path], train: list[Sentence], cache: Path | None = None, min_count: int = 5,
                 epochs: int = 3, workers: int = 2):
    """word2vec skip-gram (gensim KeyedVectors) on the corpus + train text, or the copy in ``cache``."""
    from gensim.models import KeyedVectors, Word2Vec  # training-time dependency only

    logging.getLogger("gensim").setLevel(logging.WARNING)
    t1 = time.time()
    cached = cache / "w2v.kv" if cache else None
    if cached and cached.exists():
        wv = KeyedVectors.load(str(cached))
    else:
        wv = Word2Vec(sentences=corpus_lines(corpus) + [[normalize(t).text for t, _ in s] for s in train],
                      vector_size=100, window=4, min_count=min_count, sg=1, negative=5,
                      sample=1e-4, epochs=epochs, workers=workers, seed=1).wv
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            wv.save(str(cached))
    log.info("word2vec: %d words (%.0fs)", len(wv), time.time() - t1)
    return wv


def build_clusters(corpus: list[Path], train: list[Sentence], out_path: Path,
                   sizes: tuple[int, ...] = (64, 256, 1024), max_words: int = 120_000,
                   min_count: int = 5, epochs: int = 3, workers: int = 2, cache: Path | None = None) -> None:
    """word2vec on the corpus (+ train text) → k-means cluster table TSV."""
    wv = word_vectors(corpus, train, cache, min_count, epochs, workers)
    words = [w for w in wv.index_to_key[:max_words] if "\t" not in w and not w.isdigit()]
    vecs = np.asarray([wv[w] for w in words], dtype=np.float32)
    t2 = time.time()
    cols = [[str(int(c)) for c in spherical_kmeans(vecs, k, seed=k)] for k in sizes]
    cols.append(knn_types(words, vecs, train))
    log.info("k-means %s + neighbour types (%.0fs)", sizes, time.time() - t2)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "w", encoding="utf-8") as fh:
        fh.write("#word\t" + "\t".join(f"k{k}" for k in sizes) + "\tknn\n")
        for i, w in enumerate(words):
            fh.write(w + "\t" + "\t".join(c[i] for c in cols) + "\n")


def knn_types(words: list[str], vecs: np.ndarray, train: list[Sentence], k: int = 10) -> list[str]:
    """For each word, the entity type its nearest labelled *training* words mostly carry.

    Training word types get a label distribution (PERS/LOC/ORG/MISC/O); every vocabulary word then
    takes a vote of its ``k`` nearest labelled neighbours by cosine, itself excluded (so a training
    word gets the value an unseen word would), bucketed as ``TYPE_h`` (≥ 60 %), ``TYPE_m`` (≥ 30 %) or ``O``.
    """
    types = ["O", "PERS", "LOC", "ORG", "MISC"]
    counts: dict[str, np.ndarray] = {}
    for s in train:
        for w, g in s:
            n = norm_word(w)
            counts.setdefault(n, np.zeros(len(types)))[types.index(g[2:]) if g[2:] in types else 0] += 1
    index = {w: i for i, w in enumerate(words)}
    lab_words = [w for w in counts if w in index]
    lab_pos = {index[w]: j for j, w in enumerate(lab_words)}  # vocabulary row -> labelled column
    dist = np.asarray([counts[w] / counts[w].sum() for w in lab_words])
    x = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
    lab_x = x[[index[w] for w in lab_words]]
    out: list[str] = []
    for s in range(0, len(x), 4096):
        sim = x[s:s + 4096] @ lab_x.T
        for r in range(s, min(s + 4096, len(x))):  # a word is not its own neighbour
            j = lab_pos.get(r)
            if j is not None:
                sim[r - s, j] = -2.0
        nn = np.argpartition(-sim, k, axis=1)[:, :k]
        votes = dist[nn].mean(axis=1)  # (batch, types)
        for v in votes:
            t = int(v[1:].argmax()) + 1
            out.append(f"{types[t]}_h" if v[t] >= 0.6 else f"{types[t]}_m" if v[t] >= 0.3 else "O")
    return out


# ---------------------------------------------------------------- name lists
# Words that introduce a person's name in news text (titles, functions).
PERSON_TITLES = (
    "الرئيس رئيس الوزير وزير وزيرة الشيخ الجنرال السيد السيدة الدكتور د العقيد العميد اللواء الفريق "
    "المقدم الرائد النقيب الملك الامير الاميره الامين المتحدث الناطق النائب النائبه السفير المبعوث "
    "المستشار المستشاره الزعيم القائد الامام المرجع المدرب اللاعب الكاتب الفنان الفنانه الروائي الشاعر "
    "المطرب المطربه الممثل الممثله الباحث المحامي البروفيسور المهندس الاستاذ الحاج المفتي البابا "
    "الكاردينال المخرج المغني المغنيه الصحفي الزميل المدير نائب مساعد المندوب الموفد الرئيسه"
).split()
BIG_PLACE_TYPES = {"country", "region", "county", "localadmin", "macroregion"}


def _names(text: str) -> str:
    return " ".join(_WORD_RE.findall(normalize_key(text)))


def lexicon_entries(shared: Path, knowledge: Path = KNOWLEDGE_DIR) -> list[tuple[str, str]]:
    """(TYPE, normalised name) rows: shared gazetteer + curated places (LOCa big / LOCl small),
    KB persons (PERS) and groups / organisations (ORG), organisation head words (HEAD), titles (TITLE)."""
    import csv

    import yaml

    rows: set[tuple[str, str]] = set()
    titles = set(PERSON_TITLES)
    place_files = sorted((shared / "data/gazetteer").glob("*_places.tsv")) + [knowledge / "places.tsv"]
    for path in place_files:
        with open(path, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                try:
                    pop = float(r.get("population") or 0)
                except ValueError:
                    pop = 0.0
                typ = "LOCa" if r.get("placetype") in BIG_PLACE_TYPES or pop >= 100_000 else "LOCl"
                for name in [r.get("name_ar") or "", *(r.get("alt_names_ar") or "").split("|")]:
                    if (n := _names(name)) and len(n) > 2:
                        rows.add((typ, n))
    for fname, typ in (("persons.yaml", "PERS"), ("groups.yaml", "ORG"), ("organizations.yaml", "ORG")):
        for rec in yaml.safe_load((knowledge / fname).read_text(encoding="utf-8")) or []:
            for name in [rec.get("name_ar") or "", *(rec.get("aliases_ar") or []), *(rec.get("weak_aliases_ar") or [])]:
                toks = _names(str(name)).split()
                while len(toks) > 1 and toks[0] in titles:  # الرئيس بشار الاسد -> بشار الاسد
                    toks = toks[1:]
                if toks and len(" ".join(toks)) > 2:
                    rows.add((typ, " ".join(toks)))
    cues = yaml.safe_load((knowledge / "entity_cues.yaml").read_text(encoding="utf-8"))
    for head in [*cues.get("organization_heads", []), *cues.get("armed_group_heads", [])]:
        if (n := _names(head)) and " " not in n:
            rows.add(("HEAD", n))
    rows.update(("TITLE", t) for t in PERSON_TITLES)
    return sorted(rows)


def write_lexicon(rows: list[tuple[str, str]], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("#type\tname (normalised, space-separated tokens)\n")
        fh.writelines(f"{t}\t{n}\n" for t, n in rows)


# ---------------------------------------------------------------- CRF
def train_crf(train: list[Sentence], fz: Featurizer, model_path: Path, c1: float, c2: float, iters: int,
              extra: list[list[list[str]]] | None = None) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for k, s in enumerate(train):
        trainer.append(fz.sentence([norm_word(w) for w, _ in s], extra[k] if extra else None), [g for _, g in s])
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iters, "feature.possible_transitions": True})
    trainer.train(str(model_path))


def export_weights(crf_path: Path, out_path: Path) -> int:
    """crfsuite model → ``ner_crf.npz`` (labels, attribute strings, weight matrix, transitions)."""
    import pycrfsuite

    tg = pycrfsuite.Tagger()
    tg.open(str(crf_path))
    info = tg.info()
    labels = sorted(info.labels, key=lambda x: int(info.labels[x]))
    li = {lab: i for i, lab in enumerate(labels)}
    attrs: dict[str, int] = {}
    rows: list[tuple[int, int, float]] = []
    for (attr, lab), w in info.state_features.items():
        if w != 0.0:
            rows.append((attrs.setdefault(attr, len(attrs)), li[lab], w))
    weights = np.zeros((len(attrs), len(labels)), dtype=np.float32)
    for r, c, w in rows:
        weights[r, c] = w
    trans = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (a, b), w in info.transitions.items():
        trans[li[a], li[b]] = w
    blob = lambda items: np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)  # noqa: E731
    np.savez_compressed(out_path, labels=blob(labels), attrs=blob(list(attrs)), weights=weights, trans=trans)
    return len(attrs)


def check_decoder(crf_path: Path, tagger: NerTagger, sents: list[Sentence], crf2_path: Path | None = None) -> float:
    """Share of tokens where the numpy decoder agrees with crfsuite's own tagger (both stages)."""
    import pycrfsuite

    tg = pycrfsuite.Tagger()
    tg.open(str(crf_path))
    norms = [[norm_word(w) for w, _ in s] for s in sents]
    pairs = [(tg.tag(tagger.featurizer.sentence(n)), tagger.decode([n], extra=())[0]) for n in norms]
    if crf2_path is not None and tagger.stage2 is not None:
        tg2 = pycrfsuite.Tagger()
        tg2.open(str(crf2_path))
        feats = doc_features(norms, [a for a, _ in pairs], DOC_WINDOW)
        pairs += [(tg2.tag(tagger.featurizer.sentence(n, f)), tagger.stage2.decode([n], extra=[f])[0])
                  for n, f in zip(norms, feats, strict=True)]
    same = sum(x == y for a, b in pairs for x, y in zip(a, b, strict=True))
    return same / max(sum(len(a) for a, _ in pairs), 1)


_JOB: dict = {}  # read by the forked workers of :func:`stage1_jobs`


def _stage1_job(k: int) -> list[list[str]] | None:
    """Job ``k`` < folds: train on the other folds and tag fold ``k``; ``k == folds``: the full model."""
    import pycrfsuite

    train, fz, folds, params, tmp = (_JOB[x] for x in ("train", "fz", "folds", "params", "tmp"))
    if k == folds:
        train_crf(train, fz, tmp / "ner.crfsuite", *params)
        return None
    n = len(train)
    lo, hi = n * k // folds, n * (k + 1) // folds
    path = tmp / f"fold{k}.crfsuite"
    train_crf(train[:lo] + train[hi:], fz, path, *params)
    tg = pycrfsuite.Tagger()
    tg.open(str(path))
    return [tg.tag(fz.sentence([norm_word(w) for w, _ in s])) for s in train[lo:hi]]


def stage1_jobs(train: list[Sentence], fz: Featurizer, tmp: Path, params: tuple, folds: int,
                workers: int = 2) -> list[list[str]]:
    """Train the stage-1 CRF (→ ``tmp/ner.crfsuite``) and, for stage 2, jackknifed stage-1 tags of
    every training sentence (``folds`` contiguous blocks, each tagged by a model not trained on it)."""
    import multiprocessing as mp

    _JOB.update(train=train, fz=fz, folds=folds, params=params, tmp=tmp)
    jobs = list(range(folds + 1))
    if folds == 0:
        _stage1_job(0)
        return []
    with mp.get_context("fork").Pool(workers) as pool:
        res = pool.map(_stage1_job, jobs[::-1], chunksize=1)[::-1]  # the full model first
    return [t for part in res[:-1] for t in part]


def read_aqmar(folder: Path) -> list[Sentence]:
    """AQMAR articles with tags mapped to ANERcorp's: PER→PERS, MIS*→MISC, typo tags fixed or O."""
    out: list[Sentence] = []
    for path in sorted(folder.glob("*.txt")):
        for sent in read_conll(path):
            fixed = []
            for tok, tag in sent:
                tag = tag.replace("--", "-").strip("`")
                bio, _, typ = tag.partition("-")
                typ = {"PER": "PERS", "LOC": "LOC", "ORG": "ORG"}.get(typ, "MISC" if typ.startswith("MIS") else "")
                fixed.append((tok, f"{bio}-{typ}" if bio in ("B", "I") and typ else "O"))
            out.append(fixed)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=None, help="shared dir (default: settings.shared_dir)")
    ap.add_argument("--out", type=Path, default=NER_DIR)
    ap.add_argument("--dev", type=int, default=0, help="hold out the last N train sentences and score on them")
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iters", type=int, default=150)
    ap.add_argument("--reuse-clusters", action="store_true", help="keep an existing ner_clusters.tsv in --out")
    ap.add_argument("--cache", type=Path, default=None, help="keep/reuse the word2vec vectors in this folder")
    ap.add_argument("--no-lexicon", action="store_true", help="no name-list (gazetteer / KB) features")
    ap.add_argument("--stages", type=int, default=1, choices=(1, 2),
                    help="2: add a second CRF with document features (did not help on dev)")
    ap.add_argument("--folds", type=int, default=3, help="jackknife folds for the stage-2 training features")
    ap.add_argument("--workers", type=int, default=2, help="parallel CRF trainings (stage 1)")
    ap.add_argument("--aqmar", action="store_true", help="add the AQMAR Wikipedia corpus to the training data")
    ap.add_argument("--no-neural", action="store_true",
                    help="CRF only: skip train_neural_ner.py (the BiLSTM-CRF, the default runtime model)")
    ap.add_argument("--neural-args", default="", help="extra arguments for train_neural_ner.py (quoted)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    shared = args.shared or get_settings().shared_dir
    train, test = anercorp_splits(shared, args.dev)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    cache_tmp = None
    if args.cache is None and not args.no_neural:  # word2vec is trained once for both models
        cache_tmp = tempfile.TemporaryDirectory()
        args.cache = Path(cache_tmp.name)
    if not (args.reuse_clusters and (out / CLUSTER_FILE).exists()):
        build_clusters(sorted((shared / "data/corpus").glob("*.jsonl")), train, out / CLUSTER_FILE,
                       cache=args.cache)
    t1 = time.time()
    lexicon = None
    (out / LEXICON_FILE).unlink(missing_ok=True)
    if not args.no_lexicon:
        write_lexicon(lexicon_entries(shared), out / LEXICON_FILE)
        lexicon = Lexicon.load(out / LEXICON_FILE)
    if args.aqmar:
        extra = read_aqmar(shared / "data/ner/aqmar/articles")
        log.info("AQMAR: %d sentences added", len(extra))
        train = train + extra
    fz = Featurizer(load_clusters(out / CLUSTER_FILE), lexicon)
    params = (args.c1, args.c2, args.iters)
    with tempfile.TemporaryDirectory() as tmp:
        crf_path, crf2_path = Path(tmp) / "ner.crfsuite", Path(tmp) / "ner2.crfsuite"
        folds = args.folds if args.stages == 2 else 0
        s1_tags = stage1_jobs(train, fz, Path(tmp), params, folds, args.workers)
        n_attrs = export_weights(crf_path, out / WEIGHTS_FILE)
        (out / STAGE2_FILE).unlink(missing_ok=True)
        if args.stages == 2:
            log.info("stage 1 (+%d jackknife folds) %.0fs", folds, time.time() - t1)
            feats = doc_features([[norm_word(w) for w, _ in s] for s in train], s1_tags, DOC_WINDOW)
            train_crf(train, fz, crf2_path, *params, extra=feats)
            n_attrs += export_weights(crf2_path, out / STAGE2_FILE)
        t2 = time.time()
        tagger = NerTagger(out)
        agree = check_decoder(crf_path, tagger, test[:200], crf2_path if args.stages == 2 else None)
    log.info("clusters %.0fs, CRF %.0fs, %d attributes, decoder agreement %.4f", t1 - t0, t2 - t1, n_attrs, agree)
    norms = [[norm_word(w) for w, _ in s] for s in test]
    gold = [[g for _, g in s] for s in test]
    crf_only = score_chunks(gold, tagger.decode(norms, extra=()))
    print("stage-1 CRF, sentence by sentence:\n" + format_report(crf_only))
    stage1_prop = score_chunks(gold, propagate(norms, tagger.decode(norms, extra=()), tagger.featurizer.rank,
                                               DOC_WINDOW))
    print(f"stage-1 CRF + propagation (±{DOC_WINDOW} sentences):\n" + format_report(stage1_prop))
    if tagger.stage2 is not None:
        print(f"stage-2 CRF (±{DOC_WINDOW} sentences):\n"
              + format_report(score_chunks(gold, tagger.decode(norms, window=DOC_WINDOW))))
    report = score_chunks(gold, tagger.tag_document(norms, window=DOC_WINDOW))
    print("final (all stages + propagation), as `evaluate_conll`:\n" + format_report(report))
    meta = {
        "trained_on": "ANERCorp_CamelLab_train.txt" + (f" minus last {args.dev} sentences" if args.dev else ""),
        "evaluated_on": f"last {args.dev} train sentences (dev)" if args.dev else "ANERCorp_CamelLab_test.txt",
        "c1": args.c1, "c2": args.c2, "iterations": args.iters, "attributes": n_attrs,
        "stages": args.stages, "jackknife_folds": folds, "lexicon": not args.no_lexicon, "aqmar": args.aqmar,
        "f1": round(report.overall.f1, 4), "precision": round(report.overall.precision, 4),
        "recall": round(report.overall.recall, 4),
        "per_type_f1": {k: round(v.f1, 4) for k, v in sorted(report.per_type.items())},
        "f1_sentence_only": round(crf_only.overall.f1, 4),
        "seconds": {"clusters": round(t1 - t0), "crf": round(t2 - t1)},
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not args.no_neural:
        import shlex

        sys.path.insert(0, str(Path(__file__).parent))
        import train_neural_ner

        rc = train_neural_ner.main(["--shared", str(shared), "--out", str(out), "--dev", str(args.dev),
                                    "--cache", str(args.cache), *shlex.split(args.neural_args)])
        if rc:
            return rc
    if cache_tmp is not None:
        cache_tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
