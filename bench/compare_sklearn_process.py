#!/usr/bin/env python3
"""Whole processes, `gmm fit` against scikit-learn's GaussianMixture, from process start to model written.

    /usr/bin/python3 bench/compare_sklearn_process.py --gmm "dotnet src/Gmm.Cli/bin/Release/net10.0/Gmm.Cli.dll" \
        [--cases diag,full,tied,spherical,default] [--repeat 3] [--iters 2,12,22] [--json rows.json]
        [--baseline "dotnet OLD/Gmm.Cli.dll"]

Two kinds of comparison, each side a fresh process that reads the same float64 .npy and writes its model as JSON:

* iterations (cases diag, full, tied, spherical: issue 19's problems, bench/compare_sklearn.py's data): both start
  from the same model (uniform weights, means at data rows, unit covariances) and run exactly M iterations (tol 0)
  for each M of --iters. Per iteration = (t(M_last) - t(M_first)) / (M_last - M_first), so start-up, loading and
  writing cancel; the whole job is t(M) itself. gmm's own per-iteration report of the longest run is kept too
  (and the baseline's): iterations 1-3 and the median of the last ten, so a slow start shows.
* default (the fit most users run): `gmm fit x.npy -k 64 -c diag -o model.json` against
  `GaussianMixture(64, covariance_type='diag').fit(X)` (k-means initialisation, tol 1e-3) on 200k x 39 points
  from 64 overlapping clusters.

Every figure is the median of --repeat runs, the runs of one comparison interleaved (gmm, scikit-learn, gmm, ...)
so that both sides meet the same machine load. Times are given twice: wall clock and the process's CPU time (user
+ system of the child, from getrusage): on a shared, loaded machine the wall clock stretches with the load, the CPU time
much less. Both sides may use every core (gmm: one thread per core; scikit-learn: OpenBLAS's threads), so the wall
ratio is the one a user sees and the CPU ratio compares the work done.
"""
import argparse, json, os, shlex, sys, tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_sklearn import problem  # noqa: E402  (the same data and start as the in-process comparison)
from process_timing import blas_line, gmm_iteration_times, iteration_medians, iteration_table, median, ratio, timed  # noqa: E402

CASES = {"diag": (200_000, 39, 64), "full": (100_000, 16, 16), "tied": (100_000, 16, 16), "spherical": (200_000, 39, 64)}

# The scikit-learn side: a whole process that loads the data, fits and writes the model file.
SKLEARN = r"""
import json, sys, warnings
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture
warnings.filterwarnings("ignore", category=ConvergenceWarning)
x = np.load(sys.argv[1])
k, cov_type, out = int(sys.argv[2]), sys.argv[3], sys.argv[4]
if len(sys.argv) > 5:
    start, iters = json.load(open(sys.argv[5])), int(sys.argv[6])
    cov = np.asarray(start["covariances"], dtype=float)
    prec = np.linalg.inv(cov) if cov_type in ("full", "tied") else 1.0 / cov
    g = GaussianMixture(k, covariance_type=cov_type, tol=0.0, max_iter=iters, weights_init=start["weights"],
                        means_init=np.asarray(start["means"]), precisions_init=prec, random_state=0)
else:
    g = GaussianMixture(k, covariance_type=cov_type, random_state=0)
g.fit(x)
json.dump({"format": "gmm-model/1", "covariance_type": cov_type, "n_components": k, "n_features": x.shape[1],
           "weights": g.weights_.tolist(), "means": g.means_.tolist(), "covariances": g.covariances_.tolist(),
           "precisions_cholesky": g.precisions_cholesky_.tolist(), "converged": bool(g.converged_),
           "n_iter": int(g.n_iter_), "lower_bound": float(g.lower_bound_)}, open(out, "w"))
"""


def default_problem(n=200_000, d=39, k=64, seed=2):
    """n points from k overlapping clusters: centres N(0, 2^2) per feature, unit spread, cluster sizes uneven."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(0.0, 2.0, (k, d))
    sizes = rng.dirichlet(np.full(k, 5.0))
    labels = rng.choice(k, size=n, p=sizes)
    return centres[labels] + rng.normal(0.0, 1.0, (n, d))


def compare_iterations(a, gmm, name, folder):
    n, d, k = CASES[name]
    x, w, m, cov = problem(n, d, k, name)
    data, start = os.path.join(folder, f"{name}.npy"), os.path.join(folder, f"{name}.json")
    np.save(data, x)
    with open(start, "w") as f:
        json.dump({"format": "gmm-model/1", "covariance_type": name, "n_components": k, "n_features": d, "weights": w.tolist(),
                   "means": m.tolist(), "covariances": cov.tolist(), "converged": False, "n_iter": 0, "lower_bound": None}, f)
    out = os.path.join(folder, "model.json")
    sides = ("gmm", "sklearn") + (("baseline",) if a.baseline else ())
    times = {(side, m): [] for side in sides for m in a.iters}
    reports, baseline_reports = [], []
    for _ in range(a.repeat):
        for m in a.iters:
            g = timed(gmm + ["fit", data, "--init-model", start, "--max-iter", str(m), "--tol", "0", "--device", "cpu", "-o", out])
            times[("gmm", m)].append(g[:2])
            if m == a.iters[-1]:
                reports.append(gmm_iteration_times(g[2]))
            if a.baseline:
                b = timed(a.baseline + ["fit", data, "--init-model", start, "--max-iter", str(m), "--tol", "0", "--device", "cpu", "-o", out])
                times[("baseline", m)].append(b[:2])
                if m == a.iters[-1]:
                    baseline_reports.append(gmm_iteration_times(b[2]))
            if not a.skip_sklearn:
                times[("sklearn", m)].append(timed([a.python, "-c", SKLEARN, data, str(k), name, out, start, str(m)])[:2])
    row = {"case": f"{n // 1000}k x {d}, K={k} {name}"}
    row.update(iteration_medians(times, reports, a.iters, baseline_reports))
    return row


def compare_default(a, gmm, folder):
    x = default_problem()
    data = os.path.join(folder, "default.npy")
    np.save(data, x)
    out = os.path.join(folder, "model.json")
    g, s, b, iterations = [], [], [], []
    for _ in range(a.repeat):
        g.append(timed(gmm + ["fit", data, "-k", "64", "-c", "diag", "-q", "-o", out])[:2])
        iterations.append(json.load(open(out))["n_iter"])
        if a.baseline:
            b.append(timed(a.baseline + ["fit", data, "-k", "64", "-c", "diag", "-q", "-o", out])[:2])
        if not a.skip_sklearn:
            s.append(timed([a.python, "-c", SKLEARN, data, "64", "diag", out])[:2])
            iterations.append(json.load(open(out))["n_iter"])
    row = {"case": "default fit 200k x 39, K=64 diag (k-means, tol 1e-3)", "iterations": iterations}
    for side, runs in (("gmm", g), ("sklearn", s), ("baseline", b)):
        if runs:
            row[f"{side} wall s"] = median([r[0] for r in runs])
            row[f"{side} cpu s"] = median([r[1] for r in runs])
    return row


def markdown(rows, iters):
    lines = iteration_table(rows, iters)
    for r in rows:
        if "iterations" not in r:
            continue
        lines += ["", "| default fit | gmm s wall / CPU | scikit-learn s wall / CPU | ratio wall / CPU | iterations (gmm, sklearn, ...) |",
                  "|---|---|---|---|---|",
                  f"| {r['case']} | {r['gmm wall s']:.2f} / {r['gmm cpu s']:.2f} | "
                  + (f"{r['sklearn wall s']:.2f} / {r['sklearn cpu s']:.2f}" if "sklearn wall s" in r else "-")
                  + f" | {ratio(r, 'sklearn wall s', 'gmm wall s')} / {ratio(r, 'sklearn cpu s', 'gmm cpu s')} | {r['iterations']} |"]
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gmm", default="dotnet src/Gmm.Cli/bin/Release/net10.0/Gmm.Cli.dll", help="command that runs the gmm tool")
    p.add_argument("--python", default="/usr/bin/python3", help="interpreter with scikit-learn")
    p.add_argument("--cases", default="diag,full,tied,spherical,default")
    p.add_argument("--iters", default="2,12,22", help="iteration counts M of the iteration runs (first and last give the per-iteration time)")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--skip-sklearn", action="store_true")
    p.add_argument("--baseline", help="a second gmm command (an earlier build), run right after each gmm run; its medians go to the JSON rows as 'baseline ...'")
    p.add_argument("--json", help="also write the raw medians here")
    a = p.parse_args()
    print(blas_line(a.python), file=sys.stderr, flush=True)
    a.iters = sorted(int(v) for v in a.iters.split(","))
    gmm = shlex.split(a.gmm)
    a.baseline = shlex.split(a.baseline) if a.baseline else None
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name in a.cases.split(","):
            rows.append(compare_default(a, gmm, folder) if name == "default" else compare_iterations(a, gmm, name, folder))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    print(markdown(rows, a.iters))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
