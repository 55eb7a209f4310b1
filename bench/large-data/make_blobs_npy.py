#!/usr/bin/env python3
"""Writes an n×d float32 .npy of four Gaussian blobs without holding it: rows are generated and written in blocks
through numpy's memory map, so a file larger than memory can be made (issue 15 §7's 2·10^8 × 8 = 6.4 GB).

    /usr/bin/python3 bench/large-data/make_blobs_npy.py OUT.npy --n 200000000 --d 8 [--block 5000000] [--seed 1]
"""
import argparse

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--n", type=int, default=200_000_000)
parser.add_argument("--d", type=int, default=8)
parser.add_argument("--block", type=int, default=5_000_000)
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()

rng = np.random.default_rng(args.seed)
centres = (rng.standard_normal((4, args.d)) * 6).astype(np.float32)
out = np.lib.format.open_memmap(args.out, mode="w+", dtype=np.float32, shape=(args.n, args.d))
for start in range(0, args.n, args.block):
    rows = min(args.block, args.n - start)
    block = rng.standard_normal((rows, args.d), dtype=np.float32)
    block += centres[rng.integers(0, 4, rows)]
    out[start:start + rows] = block
    out.flush()
del out
