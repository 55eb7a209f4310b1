#!/bin/bash
# GPU evidence run 1 for the gpu branch (see docs/benchmarks.md there).
export DOTNET_BUNDLE_EXTRACT_BASE_DIR=/tmp DOTNET_CLI_TELEMETRY_OPTOUT=1
B=$(pwd)/.device/Gmm.Bench
nvidia-smi --query-gpu=name,driver_version,memory.used,memory.total,clocks.sm,clocks.max.sm --format=csv
ldconfig -p | grep libcuda; date -u
timeout 120 $B gpu-check 2>&1 | tee $OUT/gpu-check.txt
if grep -q "CUDA available: False" $OUT/gpu-check.txt; then
  mkdir -p /tmp/cudalink; ln -sf "$(ldconfig -p | grep -m1 'libcuda.so.1 ' | awk '{print $NF}')" /tmp/cudalink/libcuda.so
  export LD_LIBRARY_PATH=/tmp/cudalink:$LD_LIBRARY_PATH; echo "RETRY with libcuda.so link"
  timeout 120 $B gpu-check 2>&1 | tee $OUT/gpu-check2.txt
fi
q() { echo "== quick $*"; timeout 150 $B quick --d 39 "$@" 2>&1 | tee -a $OUT/quick-full.txt | grep -E "RESULT|backend:|iteration 1 |Exception|rror" ; }
q --n 1000000 --k 64 --type diag --backend cuda --iters 7
q --n 1000000 --k 512 --type diag --backend cuda --iters 5
q --n 10000000 --k 64 --type diag --backend cuda --iters 5
q --n 1000000 --k 64 --type full --backend cuda --iters 5
q --n 1000000 --k 64 --type tied --backend cuda --iters 5
q --n 1000000 --k 64 --type spherical --backend cuda --iters 5
q --n 10000000 --k 64 --type diag --backend cuda --iters 3 --budget-mb 256
q --n 1000000 --k 64 --type diag --backend cpu --iters 3
q --n 1000000 --k 512 --type diag --backend cpu --iters 2 --warmup 1
q --n 1000000 --k 64 --type full --backend cpu --iters 2 --warmup 1
q --n 10000000 --k 64 --type diag --backend cpu --iters 2 --warmup 1
grep RESULT $OUT/quick-full.txt; date -u
