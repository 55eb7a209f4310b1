#!/bin/bash
export DOTNET_BUNDLE_EXTRACT_BASE_DIR=/tmp DOTNET_CLI_TELEMETRY_OPTOUT=1
B=$(pwd)/.device/Gmm.Bench
nvidia-smi --query-gpu=name,clocks.sm,clocks.max.sm,temperature.gpu,power.draw --format=csv; date -u
timeout 120 $B gpu-check 2>&1 | tee $OUT/gpu-check.txt | grep -E "FAIL|ALL PASS|device:"
q() { echo "== quick $*"; timeout 150 $B quick --d 39 "$@" 2>&1 | tee -a $OUT/quick-full.txt | grep -E "RESULT|Exception|rror" ; }
q --n 1000000 --k 64 --type diag --backend cuda --iters 9
q --n 1000000 --k 512 --type diag --backend cuda --iters 5
q --n 10000000 --k 64 --type diag --backend cuda --iters 5
q --n 1000000 --k 64 --type full --backend cuda --iters 5
q --n 1000000 --k 64 --type tied --backend cuda --iters 5
q --n 1000000 --k 64 --type spherical --backend cuda --iters 5
q --n 10000000 --k 64 --type diag --backend cuda --iters 3 --budget-mb 256

grep RESULT $OUT/quick-full.txt; date -u
