"""Keyword clustering that chooses the number of clusters itself.

Rule: two groups of keywords belong to one cluster while the mean cosine similarity over all
pairs of their keywords stays at least ``1 - MAX_MEAN_DISTANCE`` (average linkage with a cosine
distance threshold). The rule is about how alike keywords are, not about how many there are,
so 300 or 100,000 keywords are judged the same way and no k is ever given.

Scale: average linkage needs all pairwise distances, O(n²) memory. Up to ``DIRECT_MAX``
keywords it runs on the keywords themselves. Above that, k-means first cuts the keywords
into at most ``MICRO_MAX`` tight micro-clusters, and the same average linkage then runs on
those, weighted by their sizes. For unit vectors the mean pairwise cosine similarity
between two groups is exactly the dot product of their (unnormalized) mean vectors, so the
merge criterion stays exact; only the micro-clusters themselves are fixed by k-means.

Measured on banking77 (3,080 texts, 77 labels, k not given) by benchmarks/clustering.py.
"""

from __future__ import annotations

import numpy as np

MAX_MEAN_DISTANCE = 0.42  # mean pairwise cosine similarity within a cluster >= 0.58
JOIN_SIMILARITY = 1.0 - MAX_MEAN_DISTANCE  # a new keyword joins a cluster by the same rule
DIRECT_MAX = 4000
MICRO_MAX = 4000
SEED = 0


def cluster_means(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Unnormalized mean vector per label (k × d). Its dot product with a unit vector is the mean
    cosine similarity of that vector to the cluster's members."""
    k = int(labels.max()) + 1
    sums = np.zeros((k, vectors.shape[1]), dtype=np.float64)
    np.add.at(sums, labels, vectors)
    counts = np.bincount(labels, minlength=k).astype(np.float64)
    return (sums / counts[:, None]).astype(np.float32)


def _micro_clusters(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(vectors)
    if n <= DIRECT_MAX:
        return np.arange(n), vectors.astype(np.float64), np.ones(n)
    from sklearn.cluster import MiniBatchKMeans  # imported here: API processes never need scikit-learn

    micro = min(MICRO_MAX, max(DIRECT_MAX, n // 3))
    # "random" init: k-means++ with thousands of centres costs minutes at 100k points.
    kmeans = MiniBatchKMeans(
        n_clusters=micro,
        init="random",
        n_init=1,
        max_iter=3,
        batch_size=4096,
        reassignment_ratio=0.0,
        max_no_improvement=5,
        random_state=SEED,
    )
    labels = kmeans.fit_predict(vectors)
    _, labels = np.unique(labels, return_inverse=True)
    weights = np.bincount(labels).astype(np.float64)
    return labels, cluster_means(vectors, labels).astype(np.float64), weights


def _average_linkage_cut(means: np.ndarray, weights: np.ndarray, threshold: float) -> np.ndarray:
    """Weighted average linkage by nearest-neighbour chain, merging only below ``threshold``.

    D[i, j] = 1 - means_i · means_j is the mean pairwise cosine distance between groups i and j;
    after a merge the Lance-Williams update (size-weighted mean of the two rows) keeps it exact.
    Average linkage is reducible, so stopping the chain at the threshold gives the same clusters
    as cutting the full dendrogram there.
    """
    m = len(means)
    if m == 1:
        return np.zeros(1, dtype=np.int64)
    dist = (1.0 - means @ means.T).astype(np.float32)
    np.fill_diagonal(dist, np.inf)
    size = weights.astype(np.float64).copy()
    parent = np.arange(m)
    active = np.ones(m, dtype=bool)
    chain: list[int] = []
    remaining = m
    while remaining > 1:
        if not chain:
            candidates = np.flatnonzero(active)
            chain.append(int(candidates[0]))
        a = chain[-1]
        b = int(np.argmin(dist[a]))
        if not np.isfinite(dist[a, b]) or dist[a, b] > threshold:
            # a's nearest neighbour is beyond the threshold: a is final; retire it from the chain.
            chain.pop()
            active[a] = False
            dist[a, :] = np.inf
            dist[:, a] = np.inf
            remaining -= 1
            continue
        if len(chain) > 1 and dist[a, chain[-2]] <= dist[a, b]:
            b = chain[-2]
        if len(chain) > 1 and b == chain[-2]:
            chain.pop()
            chain.pop()
            wa, wb = size[a], size[b]
            merged = (wa * dist[a].astype(np.float64) + wb * dist[b].astype(np.float64)) / (wa + wb)
            merged = merged.astype(np.float32)
            merged[~active] = np.inf
            merged[a] = np.inf
            merged[b] = np.inf
            dist[a] = merged
            dist[:, a] = merged
            dist[b, :] = np.inf
            dist[:, b] = np.inf
            active[b] = False
            parent[b] = a
            size[a] = wa + wb
            remaining -= 1
        else:
            chain.append(b)
    roots = np.arange(m)
    for i in range(m):
        r = i
        while parent[r] != r:
            r = parent[r]
        roots[i] = r
    return np.unique(roots, return_inverse=True)[1]


def cluster_vectors(vectors: np.ndarray, *, threshold: float = MAX_MEAN_DISTANCE) -> np.ndarray:
    """Labels 0..k-1 for L2-normalized vectors; k is chosen by the threshold rule. Deterministic."""
    n = len(vectors)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if n == 1:
        return np.zeros(1, dtype=np.int64)
    micro_labels, means, weights = _micro_clusters(np.ascontiguousarray(vectors, dtype=np.float32))
    groups = _average_linkage_cut(means, weights, threshold)
    labels = groups[micro_labels]
    # Number clusters by their first keyword so the same input always gives the same labels.
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(np.argsort(first))
    return order[np.unique(labels, return_inverse=True)[1]].astype(np.int64)
