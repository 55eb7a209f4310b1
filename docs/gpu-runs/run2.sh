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
NCU=$(which ncu || ls /opt/nvidia/nsight-compute/*/ncu | head -1); echo "ncu: $NCU"
timeout 150 $NCU --launch-count 2 --section SpeedOfLight --section LaunchStats --section Occupancy --section WarpStateStats --section InstructionStats $B quick --n 1000000 --d 39 --k 64 --type diag --backend cuda --iters 1 --warmup 0 > $OUT/ncu-diag.txt 2>&1; echo "ncu diag rc=$?"
timeout 120 $NCU --launch-count 2 --section SpeedOfLight --section LaunchStats --section Occupancy --section WarpStateStats $B quick --n 200000 --d 39 --k 64 --type full --backend cuda --iters 1 --warmup 0 > $OUT/ncu-full.txt 2>&1; echo "ncu full rc=$?"
grep -E "^  [A-Za-z_]|Duration|Throughput|Registers Per|Achieved Occupancy|Theoretical Occupancy|Block Limit|Shared Memory Config|Executed Ipc|Issue Slots|Stall|Warp Cycles" $OUT/ncu-diag.txt | head -70
grep RESULT $OUT/quick-full.txt; date -u
