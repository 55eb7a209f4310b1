#!/usr/bin/env python3
"""How much of a diag/spherical E-step could be skipped because its responsibilities are exactly 0 (issue 19).

    /usr/bin/python3 bench/zero_registers.py DATA.npy MODEL.json [MODEL.json ...] [--rows 40000] [--order principal|identity]

For each model (a gmm-model/1 file of covariance type diag or spherical, e.g. written by `gmm fit --max-iter M -o`),
on the first --rows points of DATA (float64 arithmetic here; the kernel's float32 differs in the last bits only):

* zero: the fraction of (point, register) pairs whose every responsibility is exactly 0 in float32, i.e. whose
  log-probability less the point's largest is below ExpSingle's cutoff −87.33 in every lane, for registers of 16 and
  of 8 components, the components in the kernel's order (--order principal: along the means' principal axis, as
  src/Gmm.Cpu/Cpu/ComponentOrder.cs; identity: the model's own order); and the fraction of (4-point block, register)
  pairs all 0 for the 4 points of a block of consecutive rows (the E-step's 4 × 4 register blocking).
* prefix f: a register of a point can stop after its first f features once c_k − ½ Σ_{j<f} p_kj (x_j − μ_kj)² (an
  upper bound of lp_k: every left-out term is ≥ 0) is below M0 − 87.33 in every lane, M0 = the largest fully computed
  lp of the point's register with the largest such bound (computed in full first): the fraction of (point, register)
  pairs that stop, and the E-step's work (f features of every register + d − f of the others) relative to the dense
  E-step.
* projection: the same test with the bound Σ_j p_kj e_j² ≥ (u·e)² / Σ_j u_j²/p_kj (Cauchy–Schwarz, e = x − μ_k, u =
  the means' principal axis), which needs u·x once per point and one multiply-add per component instead of d: the
  fraction of pairs it proves 0, how often the register it picks as the best holds the point's largest lp, and how
  many registers per point stay (the histogram over 0 … kp / W).
"""
import argparse, json

import numpy as np

CUTOFF = -87.33  # SimdMath.ExpSingleBelowOverflow: exactly 0 below this


def principal_axis(means):
    """The leading eigenvector of the means' scatter by 16 power iterations from the farthest centred mean (ComponentOrder)."""
    centred = means - means.mean(0)
    axis = centred[np.argmax((centred ** 2).sum(1))].copy()
    for _ in range(16):
        following = (centred @ axis) @ centred
        length = np.sqrt((following ** 2).sum())
        if not length > 0:
            break
        axis = following / length
    return axis


def load(model_file):
    m = json.load(open(model_file))
    mu, pc = np.array(m["means"]), np.array(m["precisions_cholesky"])
    k, d = mu.shape
    precisions = pc ** 2 if pc.ndim == 2 else np.repeat((pc ** 2)[:, None], d, 1)
    log_det = np.log(pc).sum(1) if pc.ndim == 2 else d * np.log(pc)
    constants = np.log(np.array(m["weights"])) - 0.5 * d * np.log(2 * np.pi) + log_det
    return mu, precisions, constants


def analyse(x, model_file, order, prefixes):
    mu, precisions, constants = load(model_file)
    k, d = mu.shape
    axis = principal_axis(mu)
    if order == "principal":
        permutation = np.lexsort((np.arange(k), mu @ axis))  # slot → component, ties in the components' order
        mu, precisions, constants = mu[permutation], precisions[permutation], constants[permutation]
    n = len(x)
    terms = precisions[None] * (x[:, None, :] - mu[None]) ** 2
    partial = np.cumsum(terms, 2)
    lp = constants[None] - 0.5 * partial[:, :, -1]
    zero = lp - lp.max(1, keepdims=True) < CUTOFF
    spread = (axis[None] ** 2 / precisions).sum(1)
    projection = constants[None] - 0.5 * ((x @ axis)[:, None] - (mu @ axis)[None]) ** 2 / spread[None]
    lines = []
    for lanes in (16, 8):
        registers = k // lanes
        z = zero.reshape(n, registers, lanes).all(2)
        blocks = z[: n // 4 * 4].reshape(n // 4, 4, registers).all(1)
        lines.append(f"  {lanes:2d} lanes: zero {z.mean():.3f} of (point, register), {blocks.mean():.3f} of (4-point block, register)")
        lp_by_register = lp.reshape(n, registers, lanes)

        def stopped(bound):
            by_register = bound.reshape(n, registers, lanes)
            best = by_register.max(2).argmax(1)
            m0 = lp_by_register[np.arange(n), best].max(1)
            stop = (by_register - m0[:, None, None] < CUTOFF).all(2)
            stop[np.arange(n), best] = False
            return stop, best

        for f in prefixes:
            stop, _ = stopped(constants[None] - 0.5 * partial[:, :, f - 1])
            work = (f * registers + (d - f) * (~stop).sum(1)).mean() / (d * registers)
            lines.append(f"    prefix f = {f:2d}: {stop.mean():.3f} of (point, register) stop, E-step work {work:.3f} of dense")
        stop, best = stopped(projection)
        right = np.mean(best == lp_by_register.max(2).argmax(1))
        kept = np.bincount((~stop).sum(1), minlength=registers + 1) / n
        lines.append(f"    projection: {stop.mean():.3f} of (point, register) proven 0, best register right {right:.3f}, "
                     f"registers kept per point {np.array2string(kept, precision=3, separator=' ')}")
    return lines


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("data")
    p.add_argument("models", nargs="+")
    p.add_argument("--rows", type=int, default=40_000)
    p.add_argument("--order", choices=("principal", "identity"), default="principal")
    p.add_argument("--prefixes", default="4,8,13,20,26")
    a = p.parse_args()
    x = np.load(a.data)[: a.rows]
    prefixes = [int(f) for f in a.prefixes.split(",")]
    for model in a.models:
        print(f"{model} (order {a.order}, first {len(x)} rows)")
        print("\n".join(analyse(x, model, a.order, [f for f in prefixes if f < x.shape[1]])))


if __name__ == "__main__":
    main()
