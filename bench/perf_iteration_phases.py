#!/usr/bin/env python3
"""CPU time of a variational `gmm fit --bayesian` process by phase, with its EM iterations split into their parts.

    DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 perf record -F 4000 -g -o p.data dotnet .../Gmm.Cli.dll fit ...
    perf script -i p.data -F comm,tid,time,ip,sym > p.txt
    /usr/bin/python3 bench/perf_iteration_phases.py p.txt 4000

The phases outside the iterations are bench/perf_phases.py's (threads first: the tiered-compilation thread, the kernel
warm-up threads); a sample of the float32 or float64 iterations then goes to the innermost frame that names a part:
the log-densities (LogProbabilities*), the responsibilities (Responsibilities*, the log-sum-exp), the statistics
(AccumulateTile, Moments*, Flush, AddWidened, Publish, the lanes' sums), the tile copy (CopyTile), the variational
M-step (VariationalStep's estimates and posterior, the new posterior's expectation model), the lower bound
(VariationalLowerBound, the responsibilities' entropy), the E-step's set-up (the kernel's Load, the statistics'
arrays), the lane dispatcher's waits and wake-ups (LaneDispatch frames with no kernel frame inside), and the rest of the
loop. A sample whose leaf is the JIT (unresolved frames under a Gmm frame) counts as compilation. The warm-ups'
backends have lane threads of their own (named as the fit's, "gmm CPU lane"): a lane thread counts as the fit's when it
ran the float32 iterations (the lane thread with the most float32-kernel samples) or started after the fit's own
float64 iterations began (the finish's backend); the others are the warm-ups'. Used for
docs/benchmarks.md, "The whole variational fit, part 3".
"""
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# (part, substrings of a frame), tried from the innermost frame outwards: the first frame that matches decides.
PARTS = [
    ("tile copy", ("::CopyTile",)),
    ("log-densities", ("::LogProbabilities",)),
    ("responsibilities (log-sum-exp)", ("::Responsibilities",)),
    ("statistics", ("::AccumulateTile", "::MomentsOf", "::Flush", "::AddWidened", "::Publish", "TensorPrimitives")),
    ("E-step set-up (kernel Load, statistics arrays)", ("::Prepare(", "::Load(", "::LoadParameters", "SufficientStatistics::For", "::Clear()")),
    ("lower bound (entropy, Wishart/Beta normalisers)", ("VariationalLowerBound", "ResponsibilityEntropy")),
    ("variational M-step (estimates, posterior, expectation model)", ("VariationalStep", "BayesianGaussianMixtureModel", "DirichletProcessPrior", "SpecialFunctions")),
    ("lane dispatch (waits, wake-ups)", ("LaneDispatch",)),
]


WARM_UP = "kernel warm-up threads and their lanes (JIT + synthetic points)"


def phase(comm, frames):
    text = "\n".join(frames)
    if comm.startswith(".NET Tiered"): return "tiered JIT (background rejit)", None
    if comm.startswith("gmm CPU kernel"): return WARM_UP, None
    if "Float64FinishWarmUp" in text: return "starting the float64 warm-up (fit's thread)", None
    if "Float64Finish" in text or "EmRun`2[System.Double" in text or "[System.Double,Gmm.Cpu" in text:
        if "ComputeTypeSource" in text: return "float64 copy at the handover", None
        return "float64 iterations", part(frames)
    if "EmRun`2[System.Single" in text or "[System.Single,Gmm.Cpu" in text: return "float32 iterations", part(frames)
    if "BayesianPriors" in text or "DataMoments" in text: return "priors (data mean and scatter)", None
    if "ComputeTypeSource" in text or "ValidatePoints" in text or "ChunkValidation" in text: return "validation and float32/float64 copies", None
    if "CheckFinite" in text: return "tool: finite check", None
    if "ModelFile" in text: return "tool: reading the start model / writing", None
    if comm.startswith("gmm CPU lane"): return "lane worker outside the iterations (spinning, idle)", None
    return "runtime start, parsing, other", None


def is_jit(frames):
    """Whether the sample is in the JIT: unresolved native frames (libclrjit has no symbols here) under a managed frame."""
    managed = [i for i, f in enumerate(frames) if "[Gmm]" in f or "[System" in f]
    return bool(managed) and managed[0] > 2 and all("[unknown]" in f or "strcmp" in f or "strlen" in f for f in frames[:managed[0]])


def part(frames):
    if is_jit(frames): return "compilation (JIT under an iteration frame)"
    for frame in frames:
        for name, keys in PARTS:
            if any(key in frame for key in keys): return name
    return "loop, other"


def parse(path):
    """(comm, tid, time s, frames) of each sample of `perf script -F comm,tid,time,ip,sym`."""
    for s in open(path).read().split("\n\n"):
        lines = [l.strip() for l in s.strip().split("\n") if l.strip()]
        if not lines: continue
        head = lines[0].split()
        at = next(i for i, x in enumerate(head) if x.endswith(":") and x[:-1].replace(".", "").isdigit())
        yield " ".join(head[:at - 1]), head[at - 1], float(head[at][:-1]), lines[1:]


def main():
    samples = list(parse(sys.argv[1]))
    hz = float(sys.argv[2]) if len(sys.argv) > 2 else 4000
    main_tid = samples[0][1]
    named = [(comm, tid, t, frames, *phase(comm, frames)) for comm, tid, t, frames in samples]
    # Which lane threads are the fit's: the busiest in float32, and any that started after the fit's thread entered float64.
    lanes = collections.defaultdict(lambda: [0, float("inf")])
    for comm, tid, t, frames, name, sub in named:
        if comm.startswith("gmm CPU lane"):
            lanes[tid][0] += name == "float32 iterations"
            lanes[tid][1] = min(lanes[tid][1], t)
    finish = min((t for comm, tid, t, frames, name, sub in named if tid == main_tid and any("Float64Finish::Run" in f for f in frames)),
                 default=float("inf"))
    busiest = max(lanes, key=lambda tid: lanes[tid][0], default=None)
    fit_lanes = {tid for tid in lanes if tid == busiest or lanes[tid][1] >= finish - 0.05}
    # Which warm-up a warm-up thread runs: the variational one, the float64 one (the finish's), or the float32
    # maximum-likelihood one (the tool's request); their lane threads by the float type of their kernel.
    marks = collections.defaultdict(collections.Counter)
    for comm, tid, t, frames, name, sub in named:
        text = "\n".join(frames)
        marks[tid]["variational"] += "RunVariationalOnSyntheticPoints" in text
        marks[tid]["float64"] += "[System.Double" in text
        marks[tid]["float32"] += "[System.Single" in text
    def warm_up_part(comm, tid, frames):
        jit = ": compiling" if is_jit(frames) else ": running"
        wide = marks[tid]["float64"] > marks[tid]["float32"]
        if comm.startswith("gmm CPU lane"):
            return ("their lane threads, float64" if wide else "their lane threads, float32") + jit
        if marks[tid]["variational"]: return "float32 variational warm-up (the fit's request)" + jit
        if wide: return "float64 warm-up (the finish's)" + jit
        return "float32 maximum-likelihood warm-up (the tool's request)" + jit
    # The rest of the fit's thread (runtime and ReadyToRun code has no symbols here) by when: before the tool asks for
    # the warm-up (runtime start, parsing, the start model), after the last iteration (summary, writing, exit), between.
    begun = min((t for comm, tid, t, frames, name, sub in named if name == WARM_UP), default=0.0)
    ended = max((t for comm, tid, t, frames, name, sub in named if tid == main_tid and name.endswith("iterations")), default=float("inf"))
    def rest(t):
        if t < begun: return "process start: runtime, parsing, reading the start model"
        if t > ended: return "after the last iteration: summary, writing the model, exit"
        return "other, during the fit"
    phases, parts = collections.Counter(), collections.Counter()
    for comm, tid, t, frames, name, sub in named:
        if name == "runtime start, parsing, other": name = rest(t)
        if comm.startswith("gmm CPU lane") and tid not in fit_lanes: name = WARM_UP
        if name == WARM_UP: sub = warm_up_part(comm, tid, frames)
        phases[name] += 1
        if sub: parts[(name, sub)] += 1
    ms = lambda v: v / hz * 1000
    for name, v in phases.most_common():
        print(f"{ms(v):7.0f} ms  {name}")
        for (owner, sub), w in sorted(parts.items(), key=lambda x: -x[1]):
            if owner == name: print(f"{ms(w):11.1f} ms    {sub}")
    print(f"{ms(sum(phases.values())):7.0f} ms  total")


if __name__ == "__main__":
    main()
