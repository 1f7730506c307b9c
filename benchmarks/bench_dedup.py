"""Dedup benchmark: pairwise precision/recall on the labelled corpus, and a scale run on the DirectRunner.

    .venv/bin/python benchmarks/bench_dedup.py                 # accuracy + scale (100,000 articles)
    .venv/bin/python benchmarks/bench_dedup.py --scale 20000   # smaller scale run
    .venv/bin/python benchmarks/bench_dedup.py --no-scale

Accuracy: every pair of articles in the corpus is a positive when both carry
the same true story label; a predicted pair is two articles given the same
story_id. Precision = TP / predicted pairs, recall = TP / true pairs, counted
from the contingency table (no O(n^2) loop). Targets: P >= 0.99, R >= 0.97.
The corpus is built from ../shared/data/aeb (see dedup_corpus.py); the
defaults of DedupConfig were chosen on the synthetic unit-test texts and a
look at this corpus, so these figures are not a held-out score.

Scale: ~N articles (~N/10 synthetic stories) through DeduplicateStories on
the DirectRunner in a child process (its own peak RSS), wall time, and the
signature cost per article with rensa (the configured backend) beside
datasketch measured on the same articles in the same run.
Results: benchmarks/results/dedup.json.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import dedup_corpus as dc  # noqa: E402
from wire import dedup as d  # noqa: E402
from wire import fingerprint as fp  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "dedup.json"
NIGHT = "2026-11-27"


def pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(labels: dict[str, str], predicted: dict[str, str]) -> dict:
    """Pairwise precision/recall of a predicted clustering against labels (both uri -> cluster)."""
    both = Counter((labels[u], predicted[u]) for u in labels)
    tp = sum(pairs(n) for n in both.values())
    true_pairs = sum(pairs(n) for n in Counter(labels.values()).values())
    pred_pairs = sum(pairs(n) for n in Counter(predicted[u] for u in labels).values())
    return {
        "articles": len(labels),
        "true_stories": len(set(labels.values())),
        "predicted_stories": len(set(predicted[u] for u in labels)),
        "true_pairs": true_pairs,
        "predicted_pairs": pred_pairs,
        "true_positive_pairs": tp,
        "precision": tp / pred_pairs if pred_pairs else 1.0,
        "recall": tp / true_pairs if true_pairs else 1.0,
    }


def accuracy(config: d.DedupConfig, seed: int) -> dict:
    corpus = dc.build_corpus(seed)
    labels = {c.article.uri: c.story for c in corpus}
    t = time.perf_counter()
    result = d.deduplicate([c.article for c in corpus], config, NIGHT)
    elapsed = time.perf_counter() - t
    predicted = {s.uri: s.story_id for s in result.sightings}
    out = pairwise(labels, predicted)
    kinds = Counter(c.kind for c in corpus)
    # The hard cases, counted separately: any merge here is a precision error.
    story_of = {c.article.uri: c for c in corpus}
    groups: dict[str, list] = {}
    for uri, sid in predicted.items():
        groups.setdefault(sid, []).append(story_of[uri])
    out["teaser_full_merges"] = sum(1 for g in groups.values() if {c.article.representation for c in g} == {"full", "partial"})
    out["sibling_merges"] = sum(1 for g in groups.values() if len({c.story.removeprefix("sibling:") for c in g if c.kind != "teaser"}) < len({c.story for c in g if c.kind != "teaser"}))
    out["split_stories"] = sum(1 for sid, n in Counter(labels.values()).items() if len({predicted[u] for u, s in labels.items() if s == sid}) > 1)
    out.update(margins(corpus, config))
    out["copies_by_kind"] = dict(sorted(kinds.items()))
    out["templates"] = dict(sorted(Counter(c.template for c in corpus if c.article.role == "main").items()))
    out["stories_with_templates"] = dict(sorted(Counter(Counter(c.story for c in corpus if c.article.role == "main").values()).items()))
    out["seconds_pure"] = round(elapsed, 2)
    return out


def margins(corpus, config: d.DedupConfig) -> dict:
    """How far the threshold is from the hard cases: similarity of true copies vs of sibling stories."""
    prepared = {c.article.uri: d.prepare(c.article, config) for c in corpus if c.article.representation == "full"}
    by_story: dict[str, list] = {}
    for c in corpus:
        if c.article.uri in prepared and prepared[c.article.uri].fuzzy:
            by_story.setdefault(c.story, []).append(d._node_of(prepared[c.article.uri]))
    within = [max(d.similarity(a, b) for b in nodes if b is not a) for nodes in by_story.values() if len(nodes) > 1 for a in nodes]
    across = [d.similarity(a, b) for sid, nodes in by_story.items() if sid.startswith("sibling:")
              for a in nodes for b in by_story.get(sid.removeprefix("sibling:"), [])]
    within.sort()
    return {
        "copy_best_match_similarity_min": round(within[0], 3) if within else None,
        "copy_best_match_similarity_p01": round(within[len(within) // 100], 3) if within else None,
        "sibling_similarity_max": round(max(across), 3) if across else None,
        "sibling_pairs": len(across),
    }


def signature_cost(articles, config: d.DedupConfig, sample: int = 2000) -> dict:
    """CPU seconds per article for the full fingerprint (normalise + shingle + MinHash), rensa vs datasketch."""
    texts = [d.article_text(a) for a in articles[:sample]]
    out = {}
    for backend in ("rensa", "datasketch"):
        t = time.process_time()
        for text in texts:
            fp.fingerprint(text, num_perm=config.num_perm, seed=config.seed, shingle=config.shingle, backend=backend)
        out[backend] = (time.process_time() - t) / len(texts)
    tokens = [fp.shingles(fp.words(t)) for t in texts]
    for backend in ("rensa", "datasketch"):
        t = time.process_time()
        for items in tokens:
            fp.signature(items, config.num_perm, config.seed, backend)
        out[f"{backend}_minhash_only"] = (time.process_time() - t) / len(texts)
    return {
        "articles_sampled": len(texts),
        "us_per_article": {k: round(v * 1e6, 1) for k, v in out.items()},
        "datasketch_over_rensa": round(out["datasketch"] / out["rensa"], 2),
        "datasketch_over_rensa_minhash_only": round(out["datasketch_minhash_only"] / out["rensa_minhash_only"], 2),
    }


def _load_shard(path: str):
    with open(path, "rb") as f:
        yield from pickle.load(f)


def scale_child(corpus_dir: str, out_path: str) -> None:
    """Runs in its own process so ru_maxrss is the pipeline's peak, not the generator's.

    Articles come from pickle shards read by a FlatMap, as a real upstream
    stage would hand them over: beam.Create(100k articles) would pickle and
    bz2-compress the whole corpus into the job graph (measured: most of the
    CPU of a Create-based run went to bz2), which is no part of dedup.
    """
    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions

    from transforms.dedup import DeduplicateStories

    shards = sorted(str(p) for p in Path(corpus_dir).glob("shard-*.pkl"))
    config = d.DedupConfig()
    sink = Path(out_path).with_suffix(".sightings")
    t = time.perf_counter()
    p = beam.Pipeline(runner="DirectRunner", options=PipelineOptions(["--direct_num_workers=1"]))
    out = p | beam.Create(shards) | beam.FlatMap(_load_shard) | DeduplicateStories(config, NIGHT)
    _ = (
        out["sightings"]
        | beam.Map(lambda s: f"{s.uri}\t{s.story_id}")
        | beam.io.WriteToText(str(sink), num_shards=1, shard_name_template="")
    )
    result = p.run()
    result.wait_until_finish()
    wall = time.perf_counter() - t
    from apache_beam.metrics.metric import MetricsFilter

    counters = {c.key.metric.name: c.committed for c in result.metrics().query(MetricsFilter().with_namespace(d.STAGE))["counters"]}
    Path(out_path).write_text(json.dumps({
        "wall_seconds": round(wall, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        # CPU seconds of this process: the fair figure when other jobs share the 2 cores.
        "cpu_seconds": round(resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime, 1),
        "counters": dict(sorted(counters.items())),
        "sightings_file": str(sink),
    }))


def scale(n: int, seed: int, config: d.DedupConfig) -> dict:
    t = time.perf_counter()
    corpus = dc.scale_corpus(n, seed)
    gen = time.perf_counter() - t
    articles = [c.article for c in corpus]
    labels = {c.article.uri: c.story for c in corpus}
    cost = signature_cost(articles, config)
    with tempfile.TemporaryDirectory() as tmp:
        corpus_path = tmp
        for i in range(0, len(articles), 2000):
            with open(os.path.join(tmp, f"shard-{i // 2000:05d}.pkl"), "wb") as f:
                pickle.dump(articles[i : i + 2000], f)
        del corpus, articles
        out_path = os.path.join(tmp, "scale.json")
        proc = subprocess.run([sys.executable, __file__, "--scale-child", corpus_path, out_path], cwd=ROOT)
        if proc.returncode != 0:
            raise SystemExit(f"scale child failed with {proc.returncode}")
        run = json.loads(Path(out_path).read_text())
        predicted = dict(line.rstrip("\n").split("\t") for line in open(run.pop("sightings_file"), encoding="utf-8"))
    acc = pairwise(labels, predicted)
    return {
        "articles": n,
        "stories": acc["true_stories"],
        "generate_seconds": round(gen, 1),
        **run,
        "articles_per_second": round(n / run["wall_seconds"], 1),
        "articles_per_cpu_second": round(n / run["cpu_seconds"], 1),
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        "signature_cost": cost,
        "pairwise": {k: acc[k] for k in ("precision", "recall", "true_pairs", "predicted_pairs", "predicted_stories")},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--no-scale", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--series", default="", help="comma-separated sizes for a linearity series, e.g. 3000,10000,30000")
    parser.add_argument("--scale-child", nargs=2, metavar=("CORPUS_DIR", "OUT"))
    args = parser.parse_args()
    if args.scale_child:
        scale_child(*args.scale_child)
        return
    config = d.DedupConfig()
    report = {"config": {k: getattr(config, k) for k in ("threshold", "num_perm", "bands", "rows", "shingle", "backend", "min_words_for_fuzzy", "cc_rounds", "bucket_cap")}}
    acc = accuracy(config, args.seed)
    report["accuracy"] = acc
    print(f"accuracy: {acc['articles']} articles, {acc['true_stories']} labels -> {acc['predicted_stories']} stories; "
          f"pairwise precision {acc['precision']:.4f} recall {acc['recall']:.4f} "
          f"(targets 0.99 / 0.97); teaser-full merges {acc['teaser_full_merges']}, sibling merges {acc['sibling_merges']}, "
          f"split stories {acc['split_stories']}")
    print(f"margins: a copy's best match in its story >= {acc['copy_best_match_similarity_min']} (1st percentile {acc['copy_best_match_similarity_p01']}); "
          f"sibling stories (shared background paragraphs) <= {acc['sibling_similarity_max']} over {acc['sibling_pairs']} pairs; threshold {config.threshold}")
    if not args.no_scale:
        sc = scale(args.scale, args.seed, config)
        report["scale"] = sc
        cost = sc["signature_cost"]
        print(f"scale: {sc['articles']} articles / {sc['stories']} stories on DirectRunner: wall {sc['wall_seconds']} s "
              f"({sc['articles_per_second']} articles/s; CPU {sc['cpu_seconds']} s, {sc['articles_per_cpu_second']} articles/CPU-s; "
              f"load avg {sc['load_average_1min_at_end']} on {os.cpu_count()} cores), peak RSS {sc['peak_rss_mb']} MB; "
              f"pairwise precision {sc['pairwise']['precision']:.4f} recall {sc['pairwise']['recall']:.4f}")
        print(f"signature cost per article (normalise+shingle+minhash): rensa {cost['us_per_article']['rensa']} us, "
              f"datasketch {cost['us_per_article']['datasketch']} us (x{cost['datasketch_over_rensa']}); "
              f"minhash only: rensa {cost['us_per_article']['rensa_minhash_only']} us, "
              f"datasketch {cost['us_per_article']['datasketch_minhash_only']} us (x{cost['datasketch_over_rensa_minhash_only']})")
    if args.series:
        series = []
        for n in (int(x) for x in args.series.split(",")):
            sc = scale(n, args.seed, config)
            row = {k: sc[k] for k in ("articles", "stories", "wall_seconds", "cpu_seconds", "peak_rss_mb", "load_average_1min_at_end")}
            row["cpu_ms_per_article"] = round(1000 * sc["cpu_seconds"] / n, 2)
            row.update({k: sc["counters"].get(k, 0) for k in ("candidate_pairs", "edges")})
            series.append(row)
            print(f"series: {n} articles: CPU {row['cpu_seconds']} s ({row['cpu_ms_per_article']} ms/article), wall {row['wall_seconds']} s, "
                  f"peak RSS {row['peak_rss_mb']} MB, candidate pairs {row['candidate_pairs']}, edges {row['edges']}")
        report["scale_series"] = series
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for key in ("scale", "scale_series"):
        if key not in report and key in previous:
            report[key] = previous[key]
    RESULTS.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n")
    print(f"-> {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
