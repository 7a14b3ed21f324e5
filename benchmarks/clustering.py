"""Offline keyword clustering benchmark (issue: V ≥ 0.79 and ARI ≥ 0.45 on banking77 without k;
100,000 keywords end to end, embeddings included, in ≤ 60 s with peak memory ≤ 2 GB on 2 cores).

    .venv/bin/python benchmarks/clustering.py banking77
    .venv/bin/python benchmarks/clustering.py synthetic --n 100000

Each mode runs in a fresh process so peak RSS (ru_maxrss) belongs to that run alone. It uses the
production code path: ``embed_texts`` (all-MiniLM-L6-v2 from the installed wheel, bf16) and
``cluster_vectors`` (average linkage with a cosine threshold; k is never given).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "backend"))

EVAL = ROOT.parent / "shared" / "eval" / "banking77_test.csv"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic_keywords(n: int, seed: int = 7) -> list[str]:
    """Realistic long-tail SEO phrases: head topics × modifiers × qualifiers, with near-duplicates."""
    rng = random.Random(seed)
    products = [
        "running shoes",
        "trail running shoes",
        "hiking boots",
        "yoga mat",
        "protein powder",
        "air fryer",
        "espresso machine",
        "coffee grinder",
        "standing desk",
        "office chair",
        "gaming laptop",
        "mechanical keyboard",
        "noise cancelling headphones",
        "robot vacuum",
        "air purifier",
        "electric bike",
        "camping tent",
        "sleeping bag",
        "dog food",
        "cat litter",
        "baby stroller",
        "car seat",
        "solar panels",
        "heat pump",
        "water heater",
        "roof repair",
        "kitchen remodel",
        "bathroom tiles",
        "wood flooring",
        "garden hose",
        "lawn mower",
        "organic fertilizer",
        "raised garden bed",
        "tomato plants",
        "indoor plants",
        "house cleaning",
        "plumber",
        "electrician",
        "wedding photographer",
        "personal trainer",
        "dentist",
        "orthodontist",
        "car insurance",
        "home insurance",
        "life insurance",
        "credit card",
        "mortgage rates",
        "personal loan",
        "savings account",
        "index funds",
        "crypto wallet",
        "tax software",
        "payroll software",
        "crm software",
        "email marketing tool",
        "website builder",
        "web hosting",
        "vpn",
        "password manager",
        "antivirus",
        "project management app",
        "note taking app",
        "language learning app",
        "online course",
        "coding bootcamp",
        "resume template",
        "cover letter",
        "job interview",
        "remote jobs",
        "freelance writing",
        "seo audit",
        "keyword research",
        "link building",
        "content marketing",
        "social media marketing",
        "ppc management",
        "hotel in paris",
        "flights to tokyo",
        "rome travel guide",
        "barcelona itinerary",
        "beach resort",
        "ski holiday",
        "road trip",
        "travel insurance",
        "meal prep",
        "keto diet",
        "vegan recipes",
        "sourdough bread",
        "pizza dough",
        "chocolate cake",
        "smoothie recipes",
        "green tea",
        "red wine",
        "craft beer",
        "skin care routine",
        "sunscreen",
        "hair loss treatment",
        "acne treatment",
        "anti aging cream",
        "perfume",
        "engagement ring",
    ]
    prefixes = [
        "best",
        "cheap",
        "top",
        "affordable",
        "buy",
        "how to choose",
        "how to clean",
        "how to use",
        "what is the best",
        "review of",
        "discount",
        "professional",
        "",
        "",
        "",
        "",
    ]
    suffixes = [
        "for beginners",
        "near me",
        "2026",
        "under 100",
        "for women",
        "for men",
        "for kids",
        "reviews",
        "vs alternatives",
        "price",
        "cost",
        "deals",
        "guide",
        "tips",
        "online",
        "for small business",
        "at home",
        "for seniors",
        "uk",
        "with warranty",
        "",
        "",
        "",
        "",
    ]
    extras = ["", "", "", "", "best rated", "lightweight", "waterproof", "eco friendly", "compact", "premium"]
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        words = [rng.choice(prefixes), rng.choice(extras), rng.choice(products), rng.choice(suffixes)]
        phrase = " ".join(w for w in words if w)
        if rng.random() < 0.05:  # typos and reorderings, as real exports have
            parts = phrase.split()
            rng.shuffle(parts)
            phrase = " ".join(parts)
        if phrase not in seen:
            seen.add(phrase)
            out.append(phrase)
        elif len(seen) > n * 0.9:
            out.append(f"{phrase} {len(out)}")
    return out


def run_banking77() -> dict[str, object]:
    from sklearn.metrics import adjusted_rand_score, v_measure_score

    from igny8_core.infrastructure.ai.offline.clustering import MAX_MEAN_DISTANCE, cluster_vectors
    from igny8_core.infrastructure.ai.offline.embeddings import embed_texts

    with EVAL.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    texts = [r["text"] for r in rows]
    labels_true = [r["category"] for r in rows]
    start = time.perf_counter()
    vectors = embed_texts(texts)
    embedded = time.perf_counter()
    labels = cluster_vectors(vectors)
    done = time.perf_counter()
    sweep = {}
    for threshold in (0.35, 0.38, 0.40, 0.42, 0.45, 0.48, 0.50):
        swept = cluster_vectors(vectors, threshold=threshold)
        sweep[str(threshold)] = {
            "k": int(swept.max()) + 1,
            "v": round(float(v_measure_score(labels_true, swept)), 3),
            "ari": round(float(adjusted_rand_score(labels_true, swept)), 3),
        }
    # The same data through the two-stage path that sets larger than DIRECT_MAX take.
    from igny8_core.infrastructure.ai.offline import clustering

    saved = clustering.DIRECT_MAX, clustering.MICRO_MAX
    clustering.DIRECT_MAX, clustering.MICRO_MAX = 500, 1000
    try:
        staged = cluster_vectors(vectors)
    finally:
        clustering.DIRECT_MAX, clustering.MICRO_MAX = saved
    two_stage = {
        "micro_clusters": 1000,
        "k": int(staged.max()) + 1,
        "v": round(float(v_measure_score(labels_true, staged)), 3),
        "ari": round(float(adjusted_rand_score(labels_true, staged)), 3),
    }
    return {
        "mode": "banking77",
        "texts": len(texts),
        "true_k": len(set(labels_true)),
        "found_k": int(labels.max()) + 1,
        "threshold": MAX_MEAN_DISTANCE,
        "v_measure": round(float(v_measure_score(labels_true, labels)), 3),
        "ari": round(float(adjusted_rand_score(labels_true, labels)), 3),
        "embed_s": round(embedded - start, 2),
        "cluster_s": round(done - embedded, 2),
        "peak_rss_mb": round(peak_rss_mb()),
        "threshold_sensitivity": sweep,
        "two_stage_path": two_stage,
    }


def run_synthetic(n: int) -> dict[str, object]:
    import numpy as np

    texts = synthetic_keywords(n)
    t0 = time.perf_counter()
    from igny8_core.infrastructure.ai.offline.clustering import cluster_means, cluster_vectors
    from igny8_core.infrastructure.ai.offline.embeddings import _load_model, embed_texts

    _load_model()
    t_load = time.perf_counter()
    vectors = embed_texts(texts)
    t_embed = time.perf_counter()
    labels = cluster_vectors(vectors)
    t_cluster = time.perf_counter()
    means = cluster_means(vectors, labels)
    # Name every cluster by its member nearest the mean, as the product does.
    sims = np.einsum("ij,ij->i", vectors, means[labels])
    order = np.lexsort((-sims, labels))
    first = np.r_[True, labels[order][1:] != labels[order][:-1]]
    names = {int(labels[i]): texts[i] for i in order[first]}
    t_names = time.perf_counter()
    sizes = np.bincount(labels)
    biggest = np.argsort(-sizes)[:5]
    return {
        "mode": "synthetic",
        "keywords": n,
        "found_k": int(labels.max()) + 1,
        "cluster_size_median": float(np.median(sizes)),
        "cluster_size_max": int(sizes.max()),
        "singletons": int((sizes == 1).sum()),
        "load_model_s": round(t_load - t0, 2),
        "embed_s": round(t_embed - t_load, 2),
        "embeddings_per_s": round(n / (t_embed - t_load)),
        "cluster_s": round(t_cluster - t_embed, 2),
        "names_s": round(t_names - t_cluster, 2),
        "total_s": round(t_names - t0, 2),
        "peak_rss_mb": round(peak_rss_mb()),
        "examples": {names[int(c)]: int(sizes[c]) for c in biggest},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["banking77", "synthetic"])
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "igny8_core.settings")
    result = run_banking77() if args.mode == "banking77" else run_synthetic(args.n)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
