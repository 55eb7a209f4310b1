#!/usr/bin/env python3
"""Times scikit-learn's GaussianMixture and `gmm fit` on the same data, the same starting model and the same
number of EM iterations, and prints ms per iteration and the ratio.

    /usr/bin/python3 bench/compare_sklearn.py --gmm "dotnet src/Gmm.Cli/bin/Release/net10.0/gmm.dll" \
        --n 200000 --d 39 --k 64 --type diag [--iters 10] [--device cpu] [--torch-cuda]

scikit-learn's per-iteration time is (time of M iterations − time of 1 iteration) / (M − 1), so its
initialisation cancels out; gmm's is the median of the per-iteration times it prints for iterations 2..M (E-step,
statistics and M-step inside the process; start-up, loading, upload and kernel compilation excluded). Both sides get float64 data written once to an .npy file; our side
computes in float32 with float64 accumulation (its default) unless --precision double is given.
"""
import argparse, json, os, re, shlex, statistics, subprocess, sys, tempfile, time, warnings

if "--torch-cuda" in sys.argv:
    os.environ.setdefault("SCIPY_ARRAY_API", "1")  # scikit-learn's array API dispatch needs SciPy's, set before import
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

warnings.filterwarnings("ignore", category=ConvergenceWarning)


def problem(n, d, k, cov_type, seed=1):
    """Ten overlapping clusters; start: uniform weights, means at data rows, unit covariances."""
    rng = np.random.default_rng(seed)
    x = (np.arange(n) % 10 * 0.5)[:, None] + rng.random((n, d)) + (np.arange(d) % 3)[None, :]
    means = x[(np.arange(k) * 37) % n]
    weights = np.full(k, 1.0 / k)
    cov = {"full": np.repeat(np.eye(d)[None], k, 0), "tied": np.eye(d), "diag": np.ones((k, d)),
           "spherical": np.ones(k)}[cov_type]
    return x, weights, means, cov


def precisions(cov, cov_type):
    return np.linalg.inv(cov) if cov_type in ("full", "tied") else 1.0 / cov


def sklearn_time(x, w, m, cov, cov_type, iters, device=None):
    """device=None: NumPy on the CPU; device="cuda": torch tensors on the GPU through the array API."""
    p = precisions(cov, cov_type)
    if device is not None:
        import torch
        x, w, m, p = (torch.asarray(a, device=device) for a in (x, w, m, p))

    def run(max_iter):
        g = GaussianMixture(len(w), covariance_type=cov_type, tol=0.0, max_iter=max_iter, weights_init=w,
                            means_init=m, precisions_init=p, init_params="random_from_data", random_state=0)
        t = time.perf_counter()
        g.fit(x)
        if device is not None:
            import torch
            torch.cuda.synchronize()
        return time.perf_counter() - t, g
    run(1)  # warm-up: imports, CUDA context and kernel caches on the torch path
    t1, _ = run(1)
    tm, g = run(iters)
    return (tm - t1) / (iters - 1), float(g.lower_bound_)


def gmm_time(cmd, folder, cov_type, k, iters, device, precision):
    """Runs max(iters, 20) iterations and takes the median of the second half (a GPU needs a few iterations to
    reach its clocks); the lower bound is read at iteration `iters`, to compare with scikit-learn's."""
    total = max(iters, 20)
    args = shlex.split(cmd) + ["fit", os.path.join(folder, "x.npy"), "--components", str(k), "--covariance", cov_type,
                               "--init-model", os.path.join(folder, "start.json"), "--max-iter", str(total),
                               "--tol", "0", "--device", device, "--precision", precision]
    log = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    rows = {int(i): (float(lb), float(t)) for i, lb, t in
            re.findall(r"iter\s+(\d+)\s+log-likelihood\s+(\S+).*?([\d.]+) ms/iter", log)}
    if len(rows) < total:
        sys.exit("could not read per-iteration times from gmm's output:\n" + log)
    times = [rows[i][1] for i in range(total // 2 + 1, total + 1)]
    return statistics.median(times) / 1e3, rows[iters][0]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gmm", default="dotnet src/Gmm.Cli/bin/Release/net10.0/gmm.dll", help="command that runs the gmm tool")
    p.add_argument("--n", type=int, default=200_000)
    p.add_argument("--d", type=int, default=39)
    p.add_argument("--k", type=int, default=64)
    p.add_argument("--type", default="diag", choices=["full", "tied", "diag", "spherical"])
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--device", default="cpu")
    p.add_argument("--precision", default="single", choices=["single", "double"])
    p.add_argument("--torch-cuda", action="store_true", help="also run scikit-learn on torch CUDA tensors (array API)")
    p.add_argument("--skip-sklearn", action="store_true")
    a = p.parse_args()

    x, w, m, cov = problem(a.n, a.d, a.k, a.type)
    with tempfile.TemporaryDirectory() as folder:
        np.save(os.path.join(folder, "x.npy"), x)
        model = {"format": "gmm-model/1", "covariance_type": a.type, "n_components": a.k, "n_features": a.d,
                 "weights": w.tolist(), "means": m.tolist(), "covariances": cov.tolist(),
                 "converged": False, "n_iter": 0, "lower_bound": None}
        with open(os.path.join(folder, "start.json"), "w") as f:
            json.dump(model, f)
        ours, ours_lb = gmm_time(a.gmm, folder, a.type, a.k, a.iters, a.device, a.precision)

    label = f"{a.n}x{a.d} K={a.k} {a.type}"
    print(f"| problem | peer | peer ms/iter | gmm ({a.device}, {a.precision}) ms/iter | speed-up |")
    print("|---|---|---|---|---|")
    if not a.skip_sklearn:
        sk, sk_lb = sklearn_time(x, w, m, cov, a.type, a.iters)
        print(f"| {label} | scikit-learn (CPU) | {sk * 1e3:.1f} | {ours * 1e3:.1f} | {sk / ours:.1f}x |")
        print(f"lower bound after {a.iters} iterations: scikit-learn {sk_lb:.8f}, gmm {ours_lb:.8f}", file=sys.stderr)
    if a.torch_cuda:
        try:
            import sklearn
            sklearn.set_config(array_api_dispatch=True)
            tc, _ = sklearn_time(x, w, m, cov, a.type, a.iters, device="cuda")
            print(f"| {label} | scikit-learn on torch CUDA | {tc * 1e3:.1f} | {ours * 1e3:.1f} | {tc / ours:.1f}x |")
        except Exception as e:  # the installed scikit-learn may not support array API for GaussianMixture
            print(f"scikit-learn on torch CUDA not available: {type(e).__name__}: {e}", file=sys.stderr)


if __name__ == "__main__":
    main()
