#!/usr/bin/env bash
# Peak resident memory and time of `gmm fit`, `score` and `predict` on an .npy larger than the in-memory limit
# (issue 15 §7; results in docs/benchmarks.md, "Large data streamed from the file").
#   bench/large-data/measure.sh GMM_EXECUTABLE DATA.npy OUT_FOLDER [fit options...]
# DATA.npy from make_blobs_npy.py. Each command runs under GNU time (-v): "Maximum resident set size" is the peak RSS;
# fit's per-iteration times are its own progress lines (stdout redirected, so one plain line per iteration).
set -euo pipefail
gmm=$1 data=$2 out=$3
shift 3
mkdir -p "$out"
run() {
    local name=$1
    shift
    echo "== $name: $*" | tee -a "$out/summary.txt"
    /usr/bin/time -v "$@" >"$out/$name.out" 2>"$out/$name.err"
    grep -E "Maximum resident|Elapsed|User time|System time|Exit status" "$out/$name.err" | tee -a "$out/summary.txt"
    uptime | tee -a "$out/summary.txt"
}
run fit "$gmm" fit "$data" -k 4 -c diag --device cpu "$@" -o "$out/model.json"
grep -E "^iter|points" "$out/fit.out" | tee -a "$out/summary.txt"
run score "$gmm" score "$data" -m "$out/model.json"
cat "$out/score.out" >>"$out/summary.txt"
run predict "$gmm" predict "$data" -m "$out/model.json" -o "$out/labels.npy"
ls -l "$out/labels.npy" | tee -a "$out/summary.txt"
rm -f "$out/labels.npy"
