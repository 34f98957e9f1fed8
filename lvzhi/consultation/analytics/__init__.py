"""Comment analytics for public consultations on draft regulations (法规草案征求意见): pure Python,
no Django imports.

* :mod:`.normalise` – canonical and display text (numerals, article keys, jieba and MinHash
  come from :mod:`lvzhi.textkit`);
* :mod:`.dedup` – exact and near-duplicate groups (MinHash/LSH on character shingles, exact
  Jaccard/containment verification, union-find guarded against bridges), incremental;
* :mod:`.campaigns` – campaign templates (weighted medoid), timelines and bursts;
* :mod:`.themes` – bigram TF-IDF + MiniBatchKMeans themes fitted on a sample, labelled with jieba
  keywords;
* :mod:`.attribution` – which article a comment is about (mentions, quotations, the form field);
* :mod:`.stance` – support / oppose / change hints from cue words, or "unknown";
* :mod:`.engine` – :class:`Analyzer`, the streaming, incremental entry point;
* :mod:`.synth` – a seeded generator of fictional comments with ground truth;
* :mod:`.cli` – ``lvzhi comments analyze FILE.jsonl --out RESULT.json``.

See ``docs/consultation-analytics.md``.  Importing the package loads neither numpy nor jieba.
"""

from __future__ import annotations

__all__ = ["Analyzer"]


def __getattr__(name: str) -> object:
    if name == "Analyzer":
        from .engine import Analyzer

        return Analyzer
    raise AttributeError(name)
