"""What the whole-process comparisons with scikit-learn share (compare_sklearn_process.py for maximum likelihood,
compare_sklearn_bayes_process.py for the variational fit): timing a child process by wall clock and CPU time, gmm's
per-iteration report, the medians of the iteration runs, and the markdown table of those runs.
"""
import re, resource, statistics, subprocess, sys, time


def timed(args):
    """Runs args and returns (wall, cpu, stdout); CPU = user + system of the child (RUSAGE_CHILDREN before and after)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def blas_line(python=sys.executable):
    """Which BLAS scikit-learn's numpy runs on and with how many threads (threadpoolctl, a scikit-learn dependency).
    Debian's python3-sklearn runs on the reference BLAS (libblas3, one thread, 2-4x slower here) unless an OpenBLAS
    package (libopenblas0-pthread) is installed: every comparison prints it, so the peer is never mistaken."""
    code = ("import json, numpy, threadpoolctl; print(json.dumps([(i.get('internal_api'), i.get('version'), i.get('num_threads'), "
            "i.get('filepath')) for i in threadpoolctl.threadpool_info()]))")
    done = subprocess.run([python, "-c", code], capture_output=True, text=True)
    libraries = done.stdout.strip() if done.returncode == 0 else "unknown"
    return f"scikit-learn's numpy BLAS: {libraries if libraries != '[]' else 'reference BLAS (no threadpoolctl-visible library)'}"


def median(values):
    return statistics.median(values)


def gmm_iteration_times(log):
    """Per-iteration wall ms that `gmm fit` prints (iteration -> ms): "log-likelihood" lines, or "lower bound" with --bayesian."""
    return {int(i): float(t) for i, t in re.findall(r"iter\s+(\d+)\s+(?:log-likelihood|lower bound)\s+\S+.*?([\d.]+) ms/iter", log)}


def iteration_medians(times, reports, iters, baseline_reports=()):
    """
    The row entries of the iteration runs: times[(side, M)] holds (wall, cpu) per repeat for side gmm, sklearn or baseline (a side
    without runs is left out); per iteration = (t(M_last) - t(M_first)) / (M_last - M_first), median over the repeats;
    the whole job at each M; and from gmm's own reports of the longest runs (and the baseline's, when given), iterations
    1-3 and the median of the last ten.
    """
    first, last = iters[0], iters[-1]
    row = {}
    for side in dict.fromkeys(side for side, _ in times):
        if not times[(side, last)]:
            continue
        for clock, index in (("wall", 0), ("cpu", 1)):
            row[f"{side} {clock} ms/iter"] = median([(t[index] - s[index]) / (last - first)
                                                     for s, t in zip(times[(side, first)], times[(side, last)])]) * 1e3
            for m in iters:
                row[f"{side} {clock} s at {m}"] = median([t[index] for t in times[(side, m)]])
    tail = list(range(max(1, last - 9), last + 1))
    for side, runs in (("gmm", reports), ("baseline", baseline_reports)):
        if runs:
            row[f"{side} iters 1-3 ms"] = [median([r[i] for r in runs]) for i in (1, 2, 3) if i <= last]
            row[f"{side} last 10 ms"] = median([median([r[i] for i in tail]) for r in runs])
    return row


def ratio(row, key_sk, key_gmm):
    return f"{row[key_sk] / row[key_gmm]:.1f}x" if key_sk in row and key_gmm in row else "-"


def iteration_table(rows, iters):
    """
    The markdown table of the rows that have iteration runs: per-iteration times and ratios, gmm's early iterations,
    and the whole-job ratio at the middle and the last M of iters (one column when they are the same M).
    """
    whole = sorted({iters[len(iters) // 2], iters[-1]})
    baseline = any("baseline iters 1-3 ms" in r for r in rows)
    lines = ["| case | gmm ms/iter wall / CPU | scikit-learn ms/iter wall / CPU | per-iteration ratio wall / CPU | "
             "gmm iters 1, 2, 3 / last 10 (ms) | " + " | ".join(f"whole job {m} iters, ratio wall / CPU" for m in whole) + " |"
             + (f" baseline ms/iter wall / CPU | baseline iters 1, 2, 3 / last 10 (ms) | whole job {iters[-1]} iters s wall / CPU, gmm / baseline |" if baseline else ""),
             "|---|---|---|---|---|" + "---|" * len(whole) + ("---|---|---|" if baseline else "")]
    for r in rows:
        if "gmm wall ms/iter" not in r:
            continue
        g = f"{r['gmm wall ms/iter']:.1f} / {r['gmm cpu ms/iter']:.1f}"
        s = f"{r['sklearn wall ms/iter']:.0f} / {r['sklearn cpu ms/iter']:.0f}" if "sklearn wall ms/iter" in r else "-"
        early = ", ".join(f"{v:.0f}" for v in r["gmm iters 1-3 ms"]) + f" / {r['gmm last 10 ms']:.0f}"
        m = iters[-1]
        before = (f" {r['baseline wall ms/iter']:.1f} / {r['baseline cpu ms/iter']:.1f} | "
                  + ", ".join(f"{v:.0f}" for v in r["baseline iters 1-3 ms"]) + f" / {r['baseline last 10 ms']:.0f} | "
                  f"{r[f'gmm wall s at {m}']:.2f} / {r[f'gmm cpu s at {m}']:.2f} against {r[f'baseline wall s at {m}']:.2f} / {r[f'baseline cpu s at {m}']:.2f} |"
                  if "baseline iters 1-3 ms" in r else (" - | - | - |" if baseline else ""))
        jobs = [f"{ratio(r, f'sklearn wall s at {m}', f'gmm wall s at {m}')} / {ratio(r, f'sklearn cpu s at {m}', f'gmm cpu s at {m}')}"
                for m in whole]
        lines.append(f"| {r['case']} | {g} | {s} | {ratio(r, 'sklearn wall ms/iter', 'gmm wall ms/iter')} / "
                     f"{ratio(r, 'sklearn cpu ms/iter', 'gmm cpu ms/iter')} | {early} | " + " | ".join(jobs) + " |" + before)
    return lines
