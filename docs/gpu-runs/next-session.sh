#!/bin/bash
# The runs the next session with a GPU should make (see docs/benchmarks.md, "Awaiting a GPU"), written out so that
# they take few device calls. The carry limit is 64 MiB, so each call carries one single-file tool (~46 MB):
#
#   echo '/.device/' >> .git/info/exclude
#   # call A (checks): Gmm.Bench
#   dotnet publish bench/Gmm.Bench -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
#       -p:EnableCompressionInSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -o .device/bench
#   run: carry [".device"], command "bash docs/gpu-runs/next-session.sh check"
#   # call B (timings, profiles): gmm
#   rm -rf .device && dotnet publish src/Gmm.Cli -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
#       -p:EnableCompressionInSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -o .device/gmm
#   run: carry [".device"], command "bash docs/gpu-runs/next-session.sh bench"
#   # calls C, D: the same `bench` at 6f45b25 and fc3a427 (git worktree, publish, carry) for the A/B of the kernels.
#
# Outputs land in $OUT (the device tool brings them back); copy them into docs/gpu-runs/ with the commit in the name.
set -u
export DOTNET_BUNDLE_EXTRACT_BASE_DIR=/tmp DOTNET_CLI_TELEMETRY_OPTOUT=1
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,temperature.gpu,power.draw --format=csv | tee "$OUT/device.txt"; date -u | tee -a "$OUT/device.txt"

case "${1:-}" in
check)
    B=$(pwd)/.device/bench/Gmm.Bench
    timeout 240 "$B" gpu-check 2>&1 | tee "$OUT/gpu-check.txt" | grep -E "FAIL|ALL PASS|device:"
    ;;
bench)
    G=$(pwd)/.device/gmm/gmm
    if command -v ncu > /dev/null; then
        # Registers, achieved occupancy, issue efficiency, shared-memory bank conflicts and local (spill) traffic of the
        # statistics passes: one `gmm bench` case per kernel family, few iterations.
        metrics=launch__registers_per_thread,sm__warps_active.avg.pct_of_peak_sustained_active,smsp__issue_active.avg.pct_of_peak_sustained_active,smsp__inst_executed.sum,l1tex__data_bank_conflicts_pipe_lsu_mem_shared_op_ld.sum,l1tex__data_bank_conflicts_pipe_lsu_mem_shared_op_st.sum,l1tex__t_bytes_pipe_lsu_mem_local_op_ld.sum,gpu__time_duration.sum
        for type in diag full; do
            timeout 200 ncu --metrics "$metrics" -k regex:Statistics --launch-count 4 \
                "$G" bench --n 300000 --d 39 --k 64 --covariance $type --backend cuda --iters 1 --warmup 1 --init none \
                > "$OUT/ncu-$type.txt" 2>&1
            grep -E "Statistics|registers|warps_active|issue_active|inst_executed|bank_conflicts|local_op|duration" "$OUT/ncu-$type.txt" | head -40
        done
    fi
    b() { echo "== gmm bench $*"; timeout 280 "$G" bench --backend cpu,cuda -q "$@" 2>&1 | tee -a "$OUT/bench.txt"; }
    b --n 1000000,10000000 --d 39 --k 64,512 --covariance diag --csv "$OUT/diag.csv"
    b --n 1000000 --d 39 --k 64 --covariance full,tied,spherical --csv "$OUT/other.csv"
    b --n 1000000 --d 39 --k 64 --covariance diag,full --precision double --csv "$OUT/double.csv"
    b --n 200000 --d 128 --k 64 --covariance full --iters 3 --warmup 1 --csv "$OUT/blocked.csv"
    # k-means initialisation: the device's searches against the host's (init ms; the same model either way).
    for where in device host; do
        echo "== init on the $where"
        timeout 200 "$G" bench --backend cuda --n 1000000 --d 39 --k 64,512 --covariance diag --iters 1 --warmup 0 --init-on $where -q 2>&1 | tee -a "$OUT/init-$where.txt"
    done
    # Variational (issue 16): 1M × 16 points drawn from an 8-cluster model (docs/gpu-runs/vb-source-8x16.json), K = 20,
    # Dirichlet process from k-means, tol 1e-3, max_iter 1000 (float32 with float64 checks): whole fits on the host's
    # cores and on CUDA.
    "$G" sample -m docs/gpu-runs/vb-source-8x16.json -n 1000000 -o /tmp/vb1m.npy -q
    for dev in cpu cuda; do
        echo "== variational 1M x 16 diag, --device $dev" | tee -a "$OUT/variational.txt"
        ( TIMEFORMAT="whole process %R s wall, %U s user"; time timeout 280 "$G" fit /tmp/vb1m.npy -k 20 -c diag \
            --bayesian dirichlet-process --max-iter 1000 --device $dev -o "$OUT/vb1m-$dev.json" ) 2>&1 \
            | grep -E "^(converged|lower bound|effective|time|device|whole)" | tee -a "$OUT/variational.txt"
    done
    # Streaming: a budget smaller than the data (10M × 39 float32 = 1.56 GB).
    timeout 200 "$G" bench --backend cuda --n 10000000 --d 39 --k 64 --covariance diag --budget-mb 256 -q 2>&1 | tee -a "$OUT/streamed.txt"
    ;;
*)
    echo "usage: next-session.sh check|bench" >&2
    exit 2
    ;;
esac
date -u
