#!/bin/bash
export DOTNET_BUNDLE_EXTRACT_BASE_DIR=/tmp DOTNET_CLI_TELEMETRY_OPTOUT=1
B=$(pwd)/.device/Gmm.Bench
NCU=$(which ncu || ls /opt/nvidia/nsight-compute/*/ncu | head -1)
timeout 200 $NCU --launch-count 2 --set full $B quick --n 300000 --d 39 --k 64 --type full --backend cuda --iters 1 --warmup 0 > $OUT/ncu-full.txt 2>&1; echo "ncu full rc=$?"
grep -E "^  [A-Za-z_]|Duration|Compute \(SM\) Th|Issue Slots Busy|Executed Ipc A|No Eligible|Stall|Warp Cycles Per Issued|Achieved Occ|Registers Per|Shared Memory Per Block|Branch Instructions Ratio|Avg. Active Threads" $OUT/ncu-full.txt | head -60
