#!/usr/bin/env python3
"""Iteration 1 against the steady state, two gmm builds A/B, from two start models per case.

    /usr/bin/python3 bench/first_iteration_ab.py --gmm "dotnet src/Gmm.Cli/bin/Release/net10.0/Gmm.Cli.dll" \
        --baseline "dotnet /tmp/gmm-base-bin/Gmm.Cli.dll" [--cases tied,full,diag,spherical] [--starts start,conv] \
        [--repeat 5] [--iters 22] [--keep FOLDER]

Cases are compare_sklearn_process.py's iteration problems (issue 19's data). Each runs `gmm fit X.npy --init-model M
--max-iter ITERS --tol 0 --device cpu` from two start models: "start", the benchmark's (uniform weights, means at data
rows, unit covariances), and "conv", the model --gmm reaches after ITERS iterations from it (made once), so that what
iteration 1 pays for its code (compilation, first calls) can be told from what it pays for its model (the start's
denser responsibilities). Per side: gmm's own per-iteration wall ms (iteration 1, 2, 3 and the median of the last
ten; medians over the repeats, iteration 1's values listed) and the whole process's wall and CPU (user + system)
seconds. Sides alternate A, B / B, A per repeat so that both meet the same machine load; uptime is printed first and
last. --keep writes the data and models there (and reuses them).
"""
import argparse, json, os, shlex, statistics, subprocess, sys, tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_sklearn import problem  # noqa: E402
from compare_sklearn_process import CASES  # noqa: E402
from process_timing import gmm_iteration_times, timed  # noqa: E402


def inputs(folder, name, gmm, iters):
    """The data file and the two start models of a case (written when missing)."""
    n, d, k = CASES[name]
    data, start, conv = (os.path.join(folder, f"{name}{suffix}") for suffix in (".npy", ".json", "-conv.json"))
    if not os.path.exists(start):
        x, w, m, cov = problem(n, d, k, name)
        np.save(data, x)
        with open(start, "w") as f:
            json.dump({"format": "gmm-model/1", "covariance_type": name, "n_components": k, "n_features": d, "weights": w.tolist(),
                       "means": m.tolist(), "covariances": cov.tolist(), "converged": False, "n_iter": 0, "lower_bound": None}, f)
    if not os.path.exists(conv):
        timed(gmm + ["fit", data, "--init-model", start, "--max-iter", str(iters), "--tol", "0", "--device", "cpu", "-q", "-o", conv])
    return data, {"start": start, "conv": conv}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gmm", default="dotnet src/Gmm.Cli/bin/Release/net10.0/Gmm.Cli.dll")
    p.add_argument("--baseline", required=True)
    p.add_argument("--cases", default="tied,full,diag,spherical")
    p.add_argument("--starts", default="conv,start")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--iters", type=int, default=22)
    p.add_argument("--keep")
    a = p.parse_args()
    sides = {"A": shlex.split(a.gmm), "B": shlex.split(a.baseline)}
    tail = list(range(max(1, a.iters - 9), a.iters + 1))
    uptime = lambda: subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print("uptime:", uptime(), flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = a.keep or scratch
        os.makedirs(folder, exist_ok=True)
        for name in a.cases.split(","):
            data, starts = inputs(folder, name, sides["A"], a.iters)
            for start in a.starts.split(","):
                runs = {side: [] for side in sides}
                for r in range(a.repeat):
                    for side in (sides if r % 2 == 0 else list(sides)[::-1]):
                        out = os.path.join(scratch, f"model-{side}.json")
                        wall, cpu, log = timed(sides[side] + ["fit", data, "--init-model", starts[start], "--max-iter", str(a.iters),
                                                              "--tol", "0", "--device", "cpu", "-o", out])
                        runs[side].append((wall, cpu, gmm_iteration_times(log)))
                for side, rs in runs.items():
                    med = lambda f: statistics.median(f(x) for x in rs)
                    print(f"{name:9s} {start:5s} {side} wall {med(lambda x: x[0]):.3f} s cpu {med(lambda x: x[1]):.3f} s | "
                          f"iter1 {med(lambda x: x[2][1]):6.1f} (all {[round(x[2][1], 1) for x in rs]}) iter2 {med(lambda x: x[2][2]):5.1f} "
                          f"iter3 {med(lambda x: x[2][3]):5.1f} last10 {med(lambda x: statistics.median(x[2][i] for i in tail)):5.1f} ms", flush=True)
    print("uptime:", uptime(), flush=True)


if __name__ == "__main__":
    main()
