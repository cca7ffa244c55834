"""Marsad: Arabic conflict-news extraction into an evidence-backed event dataset."""

import os as _os

# Parallelism is by processes (one pipeline per worker); the models' matrix products are small, and
# a multi-threaded BLAS per process oversubscribes the cores: with OpenBLAS's default threads the
# neural NER tagger used 2.5x the CPU per article on 2 cores.  One BLAS thread per process unless
# the user says otherwise (must be set before numpy is imported).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ.setdefault(_var, "1")

__version__ = "0.1.0"
