#!/usr/bin/python3
# fitgemm.py - fit gpus.json's kernels.gemm constants to an AIConfigurator table.
#
#   fitgemm.py [--min-weight-mb=N] GEMM.jsonl BW_TBS BF16_TF FP8_TF FP4_TF [COMPUTESCALE.jsonl]
#
# GEMM.jsonl is gemm_perf.parquet dumped one row a line (any parquet reader:
# m, n, k, gemm_dtype, latency in ms), and COMPUTESCALE.jsonl the same GPU's
# quantize/.../computescale_perf.parquet (m, k, latency), subtracted from the
# fp8 rows because the plan assumes static scales. BW and the TFLOPS are the
# GPU's spec in gpus.json. For each dtype it prints t0, eta_mem, eta_compute,
# tau_k and the median error of
#
#   t = t0 + max((n k bytes + 2 m (k + n)) / (eta_mem BW),
#                2 m n k / (eta_compute FLOPS), k tau_k)
#
# fitted by Nelder-Mead to the mean squared log error over every row with
# m 1-16384 and n, k 256-16384. NVFP4 counts 0.5625 bytes a weight (one FP8
# scale per 16). --min-weight-mb keeps only rows whose weight is at least N MB:
# on GDDR GPUs with a large L2 (L40S 96 MB, RTX PRO 6000 128 MB) a weight the
# L2 holds is re-read from it at several times DRAM speed, and a model's
# layers, streamed from DRAM, are not. Needs python3-numpy and python3-scipy. doc/planning-model.md
# says where the constants are used.
import json
import sys

import numpy as np
from scipy.optimize import minimize

BYTES = {'bfloat16': 2, 'fp8': 1, 'fp8_block': 1, 'nvfp4': 0.5625}
NAME = {'bfloat16': 'bf16', 'fp8': 'fp8', 'fp8_block': 'fp8_block', 'nvfp4': 'nvfp4'}


def main(argv):
    min_weight = 0.0
    if len(argv) > 1 and argv[1].startswith('--min-weight-mb='):
        min_weight = float(argv[1].split('=', 1)[1]) * 1e6
        argv = argv[:1] + argv[2:]
    if len(argv) not in (6, 7):
        sys.exit(__doc__ or 'usage: fitgemm.py GEMM.jsonl BW BF16 FP8 FP4 [CS.jsonl]')
    bw = float(argv[2]) * 1e12
    peak = {'bfloat16': float(argv[3]), 'fp8': float(argv[4]),
            'fp8_block': float(argv[4]), 'nvfp4': float(argv[5])}
    scale = {}
    if len(argv) == 7:
        for line in open(argv[6]):
            r = json.loads(line)
            scale[(r['m'], r['k'])] = r['latency']
    rows = {}
    for line in open(argv[1]):
        r = json.loads(line)
        m, n, k = r['m'], r['n'], r['k']
        if r['gemm_dtype'] not in BYTES or not (1 <= m <= 16384 and 256 <= n <= 16384 and
                                                256 <= k <= 16384):
            continue
        if n * k * BYTES[r['gemm_dtype']] < min_weight:
            continue
        lat = r['latency']
        if r['gemm_dtype'] == 'fp8' and scale:
            lat -= scale[(m, k)]
        rows.setdefault(r['gemm_dtype'], []).append((m, n, k, lat * 1e-3))
    for dt in sorted(rows, key=list(BYTES).index):
        if peak[dt] <= 0:
            continue
        m, n, k, t = np.array(rows[dt], dtype=float).T
        mem = (n * k * BYTES[dt] + 2 * m * (k + n)) / bw
        math = 2 * m * n * k / (peak[dt] * 1e12)

        def model(p):
            return p[0] * 1e-6 + np.maximum(np.maximum(mem / p[1], math / p[2]), k * p[3] * 1e-9)

        def loss(p):
            return 1e9 if min(p) <= 0 else np.mean(np.log(model(p) / t) ** 2)

        best = min((minimize(loss, x0, method='Nelder-Mead',
                             options={'maxiter': 4000, 'xatol': 1e-5, 'fatol': 1e-7})
                    for x0 in ([5, .5, .5, 1], [3, .7, .6, .5], [7, .4, .35, 2])),
                   key=lambda res: res.fun)
        p = best.x
        err = np.median(np.abs(model(p) / t - 1))
        print(f'{NAME[dt]:9s} {len(t):6d} rows: t0_us {p[0]:.3g}, eta_mem {p[1]:.3g}, '
              f'eta_compute {p[2]:.3g}, tau_k_ns {p[3]:.3g}, median_error {err:.3g}')


if __name__ == '__main__':
    main(sys.argv)
