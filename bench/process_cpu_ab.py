#!/usr/bin/env python3
"""Whole `gmm fit` processes of two builds, A/B interleaved, by wall clock and CPU time (no scikit-learn side).

    /usr/bin/python3 bench/process_cpu_ab.py --gmm "dotnet src/Gmm.Cli/bin/Release/net10.0/Gmm.Cli.dll" \
        --baseline "dotnet /tmp/gmm-base-bin/Gmm.Cli.dll" [--cases tied,full,vdiag,vspherical] [--repeat 5] \
        [--keep FOLDER] [--env NAME=VALUE ...]

Cases: tied and full (100k x 16, K=16) and diag and spherical (200k x 39, K=64) are compare_sklearn_process.py's
iteration problems, exactly 22 iterations (tol 0) from its start model; vdiag and vspherical are compare_sklearn_bayes_process.py's variational whole fits (100k x 16, K=20,
Dirichlet process, tol 1e-3, max_iter 1000) from its start posterior; default is its default fit (200k x 39, K=64
diag, k-means initialisation, tol 1e-3). The fits run with -q unless --summary is given. Each repeat runs A then B (the order alternates
every repeat) so both meet the same load; the figures are medians of the repeats, CPU = user + system of the child.
An environment variable for one side goes in its command (--gmm "env NAME=VALUE dotnet ...").
--keep writes the data and start files there (and reuses them) so that perf or JIT-log runs can use the same inputs.
"""
import argparse, json, os, shlex, sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_sklearn import problem  # noqa: E402
from compare_sklearn_process import default_problem  # noqa: E402
from compare_sklearn_bayes import model_file, problem as bayes_problem, start_posterior  # noqa: E402
from process_timing import median, timed  # noqa: E402


def inputs(folder, case):
    """The fit arguments of a case (writing its data and start files into folder when missing)."""
    if case == "default":
        data = os.path.join(folder, "default.npy")
        if not os.path.exists(data):
            np.save(data, default_problem())
        return [data, "-k", "64", "-c", "diag"]
    if case in ("tied", "full", "diag", "spherical"):
        n, d, k = (100_000, 16, 16) if case in ("tied", "full") else (200_000, 39, 64)
        data, start = os.path.join(folder, f"{case}.npy"), os.path.join(folder, f"{case}.json")
        if not os.path.exists(start):
            x, w, m, cov = problem(n, d, k, case)
            np.save(data, x)
            with open(start, "w") as f:
                json.dump({"format": "gmm-model/1", "covariance_type": case, "n_components": k, "n_features": d,
                           "weights": w.tolist(), "means": m.tolist(), "covariances": cov.tolist(), "converged": False,
                           "n_iter": 0, "lower_bound": None}, f)
        return [data, "--init-model", start, "--max-iter", "22", "--tol", "0", "--device", "cpu"]
    cov_type = case[1:]
    data, start = os.path.join(folder, "bayes.npy"), os.path.join(folder, f"bayes-{cov_type}.json")
    if not os.path.exists(start):
        x, resp = bayes_problem(100_000, 16, 8, 20)
        np.save(data, x)
        with open(start, "w") as f:
            json.dump(model_file(start_posterior(x, resp, 20, cov_type, "dirichlet-process"), "dirichlet-process"), f)
    return [data, "--components", "20", "--covariance", cov_type, "--init-model", start, "--device", "cpu",
            "--bayesian", "dirichlet-process", "--max-iter", "1000", "--tol", "1e-3"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gmm", default="dotnet src/Gmm.Cli/bin/Release/net10.0/Gmm.Cli.dll")
    p.add_argument("--baseline", required=True)
    p.add_argument("--cases", default="tied,full,vdiag,vspherical")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--keep", help="folder for the data and start files (kept and reused)")
    p.add_argument("--summary", action="store_true",
                   help="without -q: the fit prints its table and summary (BIC) as compare_sklearn_process.py's whole jobs do")
    a = p.parse_args()
    folder = a.keep or "/tmp/process-cpu-ab"
    os.makedirs(folder, exist_ok=True)
    sides = {"A (--gmm)": shlex.split(a.gmm), "B (--baseline)": shlex.split(a.baseline)}
    print(f"load average before: {os.getloadavg()}", flush=True)
    print("| case | side | wall s (median) | CPU s (median) | CPU s runs | iterations |\n|---|---|---|---|---|---|")
    for case in a.cases.split(","):
        args = inputs(folder, case)
        out = os.path.join(folder, "model.json")
        runs = {side: [] for side in sides}
        for r in range(a.repeat):
            order = list(sides) if r % 2 == 0 else list(reversed(sides))
            for side in order:
                wall, cpu, _ = timed(sides[side] + ["fit", *args, *([] if a.summary else ["-q"]), "-o", out])
                runs[side].append((wall, cpu, json.load(open(out))["n_iter"]))
        for side, rs in runs.items():
            print(f"| {case} | {side} | {median([x[0] for x in rs]):.3f} | {median([x[1] for x in rs]):.3f} | "
                  f"{' '.join(f'{x[1]:.2f}' for x in rs)} | {sorted({x[2] for x in rs})} |", flush=True)
        print(f"| load average {os.getloadavg()} | | | | | |", flush=True)


if __name__ == "__main__":
    main()
