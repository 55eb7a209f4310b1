#!/usr/bin/env python3
"""CPU time of one gmm process by phase, from `perf script -F comm,tid,ip,sym` of a `perf record -g` run.

    DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 perf record -F 4000 -g -o p.data dotnet .../Gmm.Cli.dll fit ...
    perf script -i p.data -F comm,tid,ip,sym > p.txt
    /usr/bin/python3 bench/perf_phases.py p.txt 4000

Each sample goes to a phase by its thread (tiered-compilation thread, the kernel warm-up thread) or by the Gmm frames on
its stack (the float32 or float64 EM iterations, the priors, validation and copies, ...); the rest is the runtime, the
tool and what has no Gmm frame; the k-means start is split into the sample's draw, k-means++, Lloyd and the labelling
pass (their thread-pool workers included). Used for docs/benchmarks.md, "The whole variational fit" and "The default
fit, whole process".
"""
import collections
import sys

samples = open(sys.argv[1]).read().split("\n\n")
hz = float(sys.argv[2]) if len(sys.argv) > 2 else 4000
agg = collections.Counter()


KMEANS_PHASES = {"DataSample": "start state: drawing the sample", "KMeansPlusPlus": "start state: k-means++ seeding",
                 "CandidateScreen": "start state: k-means++ seeding", "BoundedAssignment": "start state: Lloyd iterations",
                 "ClusterSums": "start state: Lloyd iterations", "BoundUpdate": "start state: Lloyd iterations",
                 "KMeans": "start state: Lloyd iterations", "OneHotStatistics": "start state: labelling every point"}


def cat(comm, frames):
    text = "\n".join(frames)
    if comm.startswith(".NET Tiered"): return "tiered JIT (background rejit)"
    if comm.startswith("gmm CPU kernel"): return "kernel warm-up thread (JIT + synthetic points)"
    if "Float64Finish" in text or "[System.Double,Gmm.Cpu" in text or "Gmm.Cpu.Simd512`1[System.Double]" in text or "EmRun`2[System.Double" in text:
        if "ComputeTypeSource" in text: return "float64 copy at the handover"
        return "float64 iterations (incl. kernel JIT)"
    if "EmRun`2[System.Single" in text or "[System.Single,Gmm.Cpu" in text: return "float32 iterations"
    if "BayesianPriors" in text or "DataMoments" in text: return "priors (data mean and scatter)"
    if "ComputeTypeSource" in text or "ValidatePoints" in text or "ChunkValidation" in text: return "validation and float32/float64 copies"
    if "CheckFinite" in text: return "tool: finite check"
    if "ModelFile" in text: return "tool: writing"
    for frame in frames:  # the innermost k-means frame decides (by the type that owns the method)
        owner = frame.split("[Gmm] Gmm.", 1)[1].split("::", 1)[0].split("`", 1)[0] if "[Gmm] Gmm." in frame else ""
        if owner in KMEANS_PHASES: return KMEANS_PHASES[owner]
    if "Initializ" in text: return "start state, other"
    if comm.startswith(".NET TP Worker"):
        if "LowLevelSpinWaiter" in text or "LowLevelLifoSemaphore" in text or "sched_yield" in text: return "thread-pool worker spinning for work"
        return "thread-pool worker, other (waits, unattributed)"
    if "clrjit" in text: return "JIT on the main thread (other)"
    return "runtime start, parsing, reading the start model, other"
for s in samples:
    lines = [l.strip() for l in s.strip().split("\n") if l.strip()]
    if len(lines) < 1: continue
    comm = lines[0].rsplit(None, 1)[0].strip()
    agg[cat(comm, lines[1:])] += 1
tot = sum(agg.values())
for k, v in agg.most_common(): print(f"{v/hz*1000:7.0f} ms  {k}")
print(f"{tot/hz*1000:7.0f} ms  total")
