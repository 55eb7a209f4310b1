#!/usr/bin/env python3
"""Whole processes, `gmm fit --bayesian` against scikit-learn's BayesianGaussianMixture, from process start to model
written, from the same starting posterior on the same data (the sibling of compare_sklearn_process.py).

    /usr/bin/python3 bench/compare_sklearn_bayes_process.py --gmm "dotnet src/Gmm.Cli/bin/Release/net10.0/Gmm.Cli.dll" \
        [--cases full:dirichlet-process,diag:dirichlet-process] [--n 100000 --d 16 --clusters 8 --k 20] \
        [--repeat 3] [--iters 2,22] [--whole] [--ml] [--baseline "dotnet OLD/Gmm.Cli.dll"]

Data and start: compare_sklearn_bayes.py's (well-separated clusters; scikit-learn's variational M-step on one-hot
responsibilities of k data rows), written as a .npy and a gmm-bayesian-model/1 file that both sides read.

* iterations: each side runs exactly M iterations (tol 0) for each M of --iters; per iteration =
  (t(M_last) − t(M_first)) / (M_last − M_first), so start-up, loading, the priors' pass and writing cancel. gmm's own
  per-iteration report of the longest run is kept too (iterations 1–3 and the median of the last ten). --baseline: an
  earlier build's runs right after each gmm run, with the same figures.
* --whole (or --only-whole, without the iteration runs): both run to scikit-learn's default tol (1e-3 on the lower bound, max_iter 1000) from that start; the whole
  process is timed and the iteration counts are reported. With --baseline, the baseline's whole fit runs right after
  gmm's, each repeat.
* --ml: the same iteration runs for maximum likelihood on the same data, from the start's point estimate (its
  weights, means and covariances): `gmm fit --init-model` against GaussianMixture(weights_init, means_init,
  precisions_init), so the variational ratio can be read beside the maximum-likelihood one on identical work.

Every figure is the median of --repeat runs, the runs of one comparison interleaved (gmm, scikit-learn, gmm, ...), each
taken as wall clock and as the child's CPU time (user + system, all threads, from getrusage). The load average before
and after is printed: on a shared machine the wall clock stretches with the load.
"""
import argparse, json, os, shlex, sys, tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_sklearn_bayes import PRIORS, model_file, problem, start_posterior  # noqa: E402
from process_timing import blas_line, gmm_iteration_times, iteration_medians, iteration_table, median, ratio, timed  # noqa: E402

# The scikit-learn side: a whole process that loads the data and the start, fits and writes what it reached.
SKLEARN = r"""
import json, sys, warnings
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import BayesianGaussianMixture, GaussianMixture
warnings.filterwarnings("ignore", category=ConvergenceWarning)
x = np.load(sys.argv[1])
start, kind, iters, tol, out = json.load(open(sys.argv[2])), sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
cov_type, k = start["covariance_type"], start["n_components"]
if kind == "ml":
    cov = np.asarray(start["covariances"], dtype=float)
    prec = np.linalg.inv(cov) if cov_type in ("full", "tied") else 1.0 / cov
    g = GaussianMixture(k, covariance_type=cov_type, tol=tol, max_iter=iters, weights_init=start["weights"],
                        means_init=np.asarray(start["means"]), precisions_init=prec, random_state=0)
else:
    class FromPosterior(BayesianGaussianMixture):
        def _initialize_parameters(self, X, random_state):
            wc = start["weight_concentration"]
            wc = (np.asarray(wc[0]), np.asarray(wc[1])) if self.weight_concentration_prior_type == "dirichlet_process" else np.asarray(wc)
            dof = start["degrees_of_freedom"]
            self._set_parameters((wc, np.asarray(start["mean_precision"]), np.asarray(start["means"]),
                                  float(dof) if cov_type == "tied" else np.asarray(dof), np.asarray(start["covariances"]),
                                  np.asarray(start["precisions_cholesky"])))
    g = FromPosterior(n_components=k, covariance_type=cov_type, weight_concentration_prior_type=start["weight_concentration_prior_type"],
                      max_iter=iters, tol=tol, random_state=0)
g.fit(x)
json.dump({"n_iter": int(g.n_iter_), "lower_bound": float(g.lower_bound_),
           "effective": int((g.weights_ >= 0.01).sum())}, open(out, "w"))
"""


def load():
    return os.getloadavg()


def point_estimate_file(start):
    """The start posterior's point estimate (weights, means, covariances) as a gmm-model/1 file."""
    return {"format": "gmm-model/1", "covariance_type": start["covariance_type"], "n_components": start["n_components"],
            "n_features": start["n_features"], "weights": start["weights"], "means": start["means"],
            "covariances": start["covariances"], "converged": False, "n_iter": 0, "lower_bound": None}


def compare(a, gmm, folder, cov_type, prior, kind):
    """kind 'bayes' or 'ml': the iteration runs (and for bayes with --whole, the whole fit) of one case."""
    data = os.path.join(folder, "x.npy")
    start = os.path.join(folder, f"{cov_type}-{prior}-{kind}.json")
    common = [data, "--components", str(a.k), "--covariance", cov_type, "--init-model", start, "--device", "cpu"]
    if kind == "bayes":
        common += ["--bayesian", prior]
    row = {"case": f"{a.n // 1000}k x {a.d}, K={a.k} {cov_type}" + (f" {prior}" if kind == "bayes" else " maximum likelihood"),
           "kind": kind}
    if not a.only_whole:
        row.update(iterations(a, gmm, common, data, start, kind))
    if kind == "bayes" and (a.whole or a.only_whole):
        row.update(whole_fit(a, gmm, common, data, start, kind))
    return row


def iterations(a, gmm, common, data, start, kind):
    """Per-iteration times: exactly M iterations (tol 0) for each M of --iters, on both sides."""
    out, sk_out = os.path.join(os.path.dirname(data), "model.json"), os.path.join(os.path.dirname(data), "sklearn.json")
    times = {(side, m): [] for side in ("gmm", "sklearn") + (("baseline",) if a.baseline else ()) for m in a.iters}
    reports, baseline_reports, bounds = [], [], {}
    for _ in range(a.repeat):
        for m in a.iters:
            g = timed(gmm + ["fit", *common, "--max-iter", str(m), "--tol", "0", "-o", out])
            times[("gmm", m)].append(g[:2])
            if m == a.iters[-1]:
                reports.append(gmm_iteration_times(g[2]))
                bounds["gmm"] = json.load(open(out))["lower_bound"]
            if a.baseline:
                b = timed(a.baseline + ["fit", *common, "--max-iter", str(m), "--tol", "0", "-o", out])
                times[("baseline", m)].append(b[:2])
                if m == a.iters[-1]:
                    baseline_reports.append(gmm_iteration_times(b[2]))
            if not a.skip_sklearn:
                times[("sklearn", m)].append(timed([a.python, "-c", SKLEARN, data, start, kind, str(m), "0", sk_out])[:2])
                if m == a.iters[-1]:
                    bounds["sklearn"] = json.load(open(sk_out))["lower_bound"]
    row = {"lower bound after last": bounds}
    row.update(iteration_medians(times, reports, a.iters, baseline_reports))
    return row


def whole_fit(a, gmm, common, data, start, kind):
    """The whole fit to tol 1e-3 (max_iter 1000) on both sides, --whole-repeat times."""
    out, sk_out = os.path.join(os.path.dirname(data), "model.json"), os.path.join(os.path.dirname(data), "sklearn.json")
    row, g, s, b = {}, [], [], []
    for _ in range(a.whole_repeat or a.repeat):
        wall, cpu, _ = timed(gmm + ["fit", *common, "--max-iter", "1000", "--tol", "1e-3", "-q", "-o", out])
        model = json.load(open(out))
        g.append((wall, cpu, model["n_iter"], sum(w >= 0.01 for w in model["weights"])))
        if a.baseline:
            wall, cpu, _ = timed(a.baseline + ["fit", *common, "--max-iter", "1000", "--tol", "1e-3", "-q", "-o", out])
            model = json.load(open(out))
            b.append((wall, cpu, model["n_iter"], sum(w >= 0.01 for w in model["weights"])))
        wall, cpu, _ = timed([a.python, "-c", SKLEARN, data, start, kind, "1000", "1e-3", sk_out])
        model = json.load(open(sk_out))
        s.append((wall, cpu, model["n_iter"], model["effective"]))
    for side, runs in (("gmm", g), ("sklearn", s)) + ((("baseline", b),) if b else ()):
        row[f"{side} whole wall s"] = median([r[0] for r in runs])
        row[f"{side} whole cpu s"] = median([r[1] for r in runs])
        row[f"{side} whole iterations"] = sorted({r[2] for r in runs})
        row[f"{side} whole effective"] = sorted({r[3] for r in runs})
    return row


def markdown(rows, iters):
    lines = iteration_table(rows, iters)
    whole = [r for r in rows if "gmm whole wall s" in r]
    if whole:
        lines += ["", "| whole fit (tol 1e-3) | gmm s wall / CPU (iterations) | scikit-learn s wall / CPU (iterations) | "
                  "ratio wall / CPU | components ≥ 0.01 gmm / scikit-learn |", "|---|---|---|---|---|"]
        for r in whole:
            lines.append(f"| {r['case']} | {r['gmm whole wall s']:.2f} / {r['gmm whole cpu s']:.2f} ({r['gmm whole iterations']}) | "
                         f"{r['sklearn whole wall s']:.2f} / {r['sklearn whole cpu s']:.2f} ({r['sklearn whole iterations']}) | "
                         f"{ratio(r, 'sklearn whole wall s', 'gmm whole wall s')} / {ratio(r, 'sklearn whole cpu s', 'gmm whole cpu s')} | "
                         f"{r['gmm whole effective']} / {r['sklearn whole effective']} |")
        if any("baseline whole wall s" in r for r in whole):
            lines += ["", "| whole fit (tol 1e-3) | baseline s wall / CPU (iterations) | gmm / baseline CPU |", "|---|---|---|"]
            for r in whole:
                if "baseline whole wall s" in r:
                    lines.append(f"| {r['case']} | {r['baseline whole wall s']:.2f} / {r['baseline whole cpu s']:.2f} ({r['baseline whole iterations']}) | "
                                 f"{r['gmm whole cpu s'] / r['baseline whole cpu s']:.2f} |")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gmm", default="dotnet src/Gmm.Cli/bin/Release/net10.0/Gmm.Cli.dll", help="command that runs the gmm tool")
    p.add_argument("--python", default="/usr/bin/python3", help="interpreter with scikit-learn")
    p.add_argument("--cases", default="full:dirichlet-process,diag:dirichlet-process",
                   help="comma-separated covariance:prior pairs (prior: dirichlet-process or dirichlet-distribution)")
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--d", type=int, default=16)
    p.add_argument("--clusters", type=int, default=8)
    p.add_argument("--k", type=int, default=20)
    p.add_argument("--iters", default="2,22", help="iteration counts M (first and last give the per-iteration time)")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--whole", action="store_true", help="also the whole fit to tol 1e-3")
    p.add_argument("--whole-repeat", type=int, help="repeats of the whole fit (default: --repeat)")
    p.add_argument("--only-whole", action="store_true", help="only the whole fit (no iteration runs)")
    p.add_argument("--ml", action="store_true", help="also maximum likelihood from the start's point estimate")
    p.add_argument("--skip-sklearn", action="store_true", help="only gmm (and --baseline) in the iteration runs")
    p.add_argument("--baseline", help="a second gmm command (an earlier build), run right after each gmm iteration run; its medians go to the rows as 'baseline ...'")
    p.add_argument("--json", help="also write the raw medians here")
    a = p.parse_args()
    print(blas_line(a.python), file=sys.stderr, flush=True)
    a.iters = sorted(int(v) for v in a.iters.split(","))
    gmm = shlex.split(a.gmm)
    a.baseline = shlex.split(a.baseline) if a.baseline else None
    rows = []
    print(f"load average before: {load()}", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory() as folder:
        x, resp = problem(a.n, a.d, a.clusters, a.k)
        np.save(os.path.join(folder, "x.npy"), x)
        for case in a.cases.split(","):
            cov_type, prior = case.split(":")
            if prior not in PRIORS:
                sys.exit(f"unknown prior {prior!r} in --cases (use {', '.join(PRIORS)})")
            start = model_file(start_posterior(x, resp, a.k, cov_type, prior), prior)
            with open(os.path.join(folder, f"{cov_type}-{prior}-bayes.json"), "w") as f:
                json.dump(start, f)
            with open(os.path.join(folder, f"{cov_type}-{prior}-ml.json"), "w") as f:
                json.dump(point_estimate_file(start), f)
            for kind in ("bayes", "ml") if a.ml and not a.only_whole else ("bayes",):
                rows.append(compare(a, gmm, folder, cov_type, prior, kind))
                print(json.dumps(rows[-1]), f"load average: {load()}", file=sys.stderr, flush=True)
    print(f"load average after: {load()}", file=sys.stderr, flush=True)
    print(markdown(rows, a.iters))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
