"""The article-extraction-benchmark body metric, written from its description.

Input: {id: predicted body text} and {id: true body text}. Output: precision,
recall, F1 (and per-page scores). Described in ../shared/data/README.md:
words are `\\w+` tokens with case kept; 4-token shingles (a text shorter than
four tokens is one shingle) compared as multisets per page; tp/fp/fn are each
divided by tp+fp+fn so that every page weighs the same; precision is the mean
of tp/(tp+fp) over pages whose prediction is not empty; recall is the mean of
tp/(tp+fn), 1 where truth and prediction are both empty; F1 = 2PR/(P+R).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


def shingles(text: str, n: int = SHINGLE) -> Counter:
    tokens = _WORD.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class PageScore:
    tp: float
    fp: float
    fn: float


def page_score(predicted: str, truth: str) -> PageScore:
    pred, true = shingles(predicted), shingles(truth)
    tp = sum((pred & true).values())
    fp = sum(pred.values()) - tp
    fn = sum(true.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


def evaluate(predictions: dict[str, str], truths: dict[str, str]) -> dict[str, float]:
    precisions: list[float] = []
    recalls: list[float] = []
    for key, truth in truths.items():
        predicted = predictions.get(key) or ""
        s = page_score(predicted, truth)
        if s.tp + s.fp > 0:
            precisions.append(s.tp / (s.tp + s.fp))
        if s.tp + s.fn > 0:
            recalls.append(s.tp / (s.tp + s.fn))
        else:
            recalls.append(1.0)
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall, "pages": len(truths)}
