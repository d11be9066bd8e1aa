"""SciPy's linkage as the hierarchical benchmark's baseline: the same points (raw float64, n x d,
row-major), each method timed on one thread, median of RUNS. Prints one JSON line: per method,
the median in ms and the linkage matrix, so the suite can check that the merges are the same.

    python3 bench/baselines/scipy_linkage.py POINTS_FILE N D RUNS METHOD...
"""
import json
import os
import statistics
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from scipy.cluster.hierarchy import linkage  # noqa: E402

path, n, d, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
X = np.fromfile(path, dtype="<f8").reshape(n, d)
out = {}
for method in sys.argv[5:]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        Z = linkage(X, method=method)
        samples.append((time.perf_counter() - started) * 1000)
    out[method] = {"ms": statistics.median(samples), "linkage": Z.ravel().tolist()}
print(json.dumps(out))
