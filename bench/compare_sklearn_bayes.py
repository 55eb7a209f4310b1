#!/usr/bin/env python3
"""Times scikit-learn's BayesianGaussianMixture and `gmm fit --bayesian` on the same data from the same starting
posterior, per iteration and for the whole fit, and one variational fit against a BIC sweep of GaussianMixture fits
(`gmm select`) for the same question: how many components does the data support?

    /usr/bin/python3 bench/compare_sklearn_bayes.py --gmm "dotnet src/Gmm.Cli/bin/Release/net10.0/Gmm.Cli.dll" \
        --n 100000 --d 16 --clusters 8 --k 20 --type full [--prior dirichlet-process] [--iters 10]

Data: `clusters` well-separated Gaussian clusters (unit spread, centres 8 apart on average). Start: scikit-learn's
variational M-step from one-hot responsibilities on k data rows (its random_from_data initialisation with fixed rows),
written as a gmm-bayesian-model/1 file that `gmm fit --init-model` starts from, so both sides iterate from the same
posterior. scikit-learn's per-iteration time is (time of M iterations − time of 1 iteration)/(M − 1), so its set-up
cancels out; gmm's is the median of the per-iteration times it prints for iterations 2..M. The whole fit runs to
scikit-learn's default tol (1e-3 on the change of the lower bound) from that start on both sides; both times are the
fit alone (gmm's "time" line, which includes the priors' pass over the data; scikit-learn's fit()). The BIC sweep is
`gmm select --components 1..k` (k-means initialisation, tol 1e-3 on the mean log-likelihood) against `gmm fit --bayesian`
with its k-means initialisation and each tolerance of --question-tols (default: scikit-learn's tol = 1e-3 on the lower
bound, a sum over the points, i.e. 1e-9 per point at n = 1e6; and 1e-3·n, the sweep's per-point criterion): wall time
of each command (.NET start-up and reading included), iterations, and the number of components each settles on.

On a shared, oversubscribed host the wall clock stretches a 2-thread process more than a 1-thread one, so every time
is also taken as CPU time (user + system, all threads): scikit-learn's from time.process_time() around fit(), gmm's
from the child process's rusage; per iteration (M iterations − 1 iteration)/(M − 1) on both sides, and for gmm's
whole fit the command's CPU time less that of the same command with --max-iter 0 (start-up, JIT, reading, the priors'
pass). A CPU-time ratio is what the two would show on idle cores if both used them fully; scikit-learn's BLAS may use
both cores too.
"""
import argparse, json, os, re, resource, shlex, statistics, subprocess, sys, tempfile, time, warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import BayesianGaussianMixture

warnings.filterwarnings("ignore", category=ConvergenceWarning)
PRIORS = {"dirichlet-process": "dirichlet_process", "dirichlet-distribution": "dirichlet_distribution"}


def problem(n, d, clusters, k, seed=1):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, d)) * 8 / np.sqrt(2)
    x = centres[np.arange(n) % clusters] + rng.normal(size=(n, d))
    x = x[rng.permutation(n)]
    rows = rng.choice(n, size=k, replace=False)
    resp = np.zeros((n, k))
    resp[rows, np.arange(k)] = 1
    return x, resp


class FromPosterior(BayesianGaussianMixture):
    """Starts from a given posterior (`start`, scikit-learn's _get_parameters()) instead of an initialisation."""

    def _initialize_parameters(self, X, random_state):
        self._set_parameters(self.start)


def estimator(cls, k, cov_type, prior, max_iter, tol):
    return cls(n_components=k, covariance_type=cov_type, weight_concentration_prior_type=PRIORS[prior], max_iter=max_iter,
               tol=tol, random_state=0)


def start_posterior(x, resp, k, cov_type, prior):
    g = estimator(BayesianGaussianMixture, k, cov_type, prior, 1, 0.0)
    g._check_parameters(x)
    g._initialize(x, resp)
    return g


def model_file(g, prior):
    """The gmm-bayesian-model/1 file of a scikit-learn posterior (the keys the README documents)."""
    wc = g.weight_concentration_
    tied = g.covariance_type == "tied"
    g._set_parameters(g._get_parameters())  # computes weights_
    return {"format": "gmm-bayesian-model/1", "covariance_type": g.covariance_type,
            "weight_concentration_prior_type": PRIORS[prior], "n_components": int(g.n_components),
            "n_features": int(g.means_.shape[1]), "weights": g.weights_.tolist(), "means": g.means_.tolist(),
            "covariances": g.covariances_.tolist(), "precisions_cholesky": g.precisions_cholesky_.tolist(),
            "weight_concentration": [a.tolist() for a in wc] if isinstance(wc, tuple) else wc.tolist(),
            "mean_precision": g.mean_precision_.tolist(),
            "degrees_of_freedom": float(g.degrees_of_freedom_) if tied else g.degrees_of_freedom_.tolist(),
            "converged": False, "n_iter": 0, "lower_bound": None}


def sklearn_times(x, start, k, cov_type, prior, iters):
    """(wall s/iter, CPU s/iter, lower bound after iters, whole-fit wall s, whole-fit CPU s, n_iter_, effective)."""
    def run(max_iter, tol):
        g = estimator(FromPosterior, k, cov_type, prior, max_iter, tol)
        g.start = start
        t, c = time.perf_counter(), time.process_time()
        g.fit(x)
        return time.perf_counter() - t, time.process_time() - c, g
    run(1, 0.0)  # warm-up
    t1, c1, _ = run(1, 0.0)
    tm, cm, g = run(iters, 0.0)
    tw, cw, w = run(1000, 1e-3)
    return ((tm - t1) / (iters - 1), (cm - c1) / (iters - 1), float(g.lower_bound_), tw, cw, int(w.n_iter_),
            int((w.weights_ >= 0.01).sum()))


def gmm(cmd, *args):
    """Runs gmm: (stdout, wall s, CPU s of the child process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    out = subprocess.run(shlex.split(cmd) + list(args), check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return out, wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def gmm_times(cmd, folder, k, cov_type, prior, iters, device, precision):
    """(wall s/iter, CPU s/iter, lower bound after iters, whole-fit wall s, whole-fit CPU s, iterations, effective)."""
    common = [os.path.join(folder, "x.npy"), "--components", str(k), "--covariance", cov_type, "--bayesian", prior,
              "--init-model", os.path.join(folder, "start.json"), "--device", device, "--precision", precision]
    total = max(iters, 20)
    log, _, cpu_total = gmm(cmd, "fit", *common, "--max-iter", str(total), "--tol", "0")
    rows = {int(i): (float(lb), float(t)) for i, lb, t in
            re.findall(r"iter\s+(\d+)\s+lower bound\s+(\S+).*?([\d.]+) ms/iter", log)}
    if len(rows) < total:
        sys.exit("could not read per-iteration times from gmm's output:\n" + log)
    per_iter = statistics.median(rows[i][1] for i in range(2, total + 1)) / 1e3
    _, _, cpu_one = gmm(cmd, "fit", *common, "--max-iter", "1", "--tol", "0")
    _, _, cpu_none = gmm(cmd, "fit", *common, "--max-iter", "0")
    whole, _, cpu_whole = gmm(cmd, "fit", *common, "--max-iter", "1000", "--tol", "1e-3")
    fit_time = float(re.search(r"time\s+([\d.]+) s", whole).group(1))
    n_iter = int(re.search(r"after (\d+) iterations", whole).group(1))
    effective = int(re.search(r"effective components\s+(\d+)", whole).group(1))
    return per_iter, (cpu_total - cpu_one) / (total - 1), rows[iters][0], fit_time, cpu_whole - cpu_none, n_iter, effective


def question(cmd, folder, n, k, cov_type, prior, device, tolerances):
    """
    Variational fits with k components, one per tolerance (`--tol` values; a trailing "n" multiplies by the number of
    points, since the lower bound is a sum over them: "1e-3" is scikit-learn's default, "1e-3n" GaussianMixture's 1e-3
    per point), vs a BIC sweep over 1..k, all with k-means initialisation.
    Returns rows (command, wall s, CPU s, iterations or None, components found).
    """
    x = os.path.join(folder, "x.npy")
    rows = []
    for given in tolerances:
        tol = f"{float(given[:-1]) * n:g}" if given.endswith("n") else given
        args = ["fit", x, "--components", str(k), "--covariance", cov_type, "--bayesian", prior, "--device", device,
                "--max-iter", "1000", "--tol", tol]
        out, wall, cpu = gmm(cmd, *args)
        iterations = int(re.search(r"after (\d+) iterations", out).group(1))
        effective = int(re.search(r"effective components\s+(\d+)", out).group(1))
        rows.append((f"gmm fit --bayesian {prior} -k {k} --tol {tol}", wall, cpu, iterations, effective))
    sweep, sweep_wall, sweep_cpu = gmm(cmd, "select", x, "--components", f"1..{k}", "--covariance", cov_type, "--device", device)
    best = int(re.search(r"best:?\s+(?:K\s*=\s*)?(\d+)", sweep).group(1))
    rows.append((f"gmm select --components 1..{k} (BIC, tol 1e-3 per point)", sweep_wall, sweep_cpu, None, best))
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gmm", default="dotnet src/Gmm.Cli/bin/Release/net10.0/Gmm.Cli.dll", help="command that runs the gmm tool")
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--d", type=int, default=16)
    p.add_argument("--clusters", type=int, default=8)
    p.add_argument("--k", type=int, default=20)
    p.add_argument("--type", default="full", choices=["full", "tied", "diag", "spherical"])
    p.add_argument("--prior", default="dirichlet-process", choices=list(PRIORS))
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--device", default="cpu")
    p.add_argument("--precision", default="single", choices=["single", "double"])
    p.add_argument("--skip-question", action="store_true", help="skip the BIC-sweep comparison")
    p.add_argument("--only-question", action="store_true", help="only the BIC-sweep comparison")
    p.add_argument("--question-tols", default="1e-3,1e-3n",
                   help="--tol of each variational fit in the BIC-sweep comparison (comma-separated; '1e-5n' = 1e-5 x n)")
    a = p.parse_args()

    x, resp = problem(a.n, a.d, a.clusters, a.k)
    g = start_posterior(x, resp, a.k, a.type, a.prior)
    start = g._get_parameters()
    label = f"{a.n}x{a.d}, {a.clusters} clusters, K={a.k} {a.type} {a.prior}"
    with tempfile.TemporaryDirectory() as folder:
        np.save(os.path.join(folder, "x.npy"), x)
        with open(os.path.join(folder, "start.json"), "w") as f:
            json.dump(model_file(g, a.prior), f)
        if not a.only_question:
            ours, ours_cpu, ours_lb, ours_fit, ours_fit_cpu, ours_iter, ours_eff = gmm_times(
                a.gmm, folder, a.k, a.type, a.prior, a.iters, a.device, a.precision)
            sk, sk_cpu, sk_lb, sk_fit, sk_fit_cpu, sk_iter, sk_eff = sklearn_times(x, start, a.k, a.type, a.prior, a.iters)
            print(f"| problem | clock | scikit-learn ms/iter | gmm ({a.device}, {a.precision}) ms/iter | speed-up "
                  f"| scikit-learn fit s (iterations) | gmm fit s (iterations) | speed-up |")
            print("|---|---|---|---|---|---|---|---|")
            print(f"| {label} | wall | {sk * 1e3:.1f} | {ours * 1e3:.1f} | {sk / ours:.1f}x | {sk_fit:.2f} ({sk_iter}) "
                  f"| {ours_fit:.3f} ({ours_iter}) | {sk_fit / ours_fit:.1f}x |")
            print(f"| {label} | CPU | {sk_cpu * 1e3:.1f} | {ours_cpu * 1e3:.1f} | {sk_cpu / ours_cpu:.1f}x | {sk_fit_cpu:.2f} "
                  f"| {ours_fit_cpu:.3f} | {sk_fit_cpu / ours_fit_cpu:.1f}x |")
            print(f"lower bound after {a.iters} iterations: scikit-learn {sk_lb:.6f}, gmm {ours_lb:.6f}; "
                  f"effective components (weight >= 0.01) after the whole fit: scikit-learn {sk_eff}, gmm {ours_eff}",
                  file=sys.stderr)
        if not a.skip_question:
            print(f"\n| question: how many components? ({label}) | wall s | CPU s | iterations | components found |")
            print("|---|---|---|---|---|")
            for command, wall, cpu, iterations, found in question(a.gmm, folder, a.n, a.k, a.type, a.prior, a.device, a.question_tols.split(",")):
                print(f"| {command} | {wall:.2f} | {cpu:.2f} | {iterations if iterations is not None else '1 fit per K'} | {found} |")


if __name__ == "__main__":
    main()
