"""Generator for engine/kernels/dense_tiles.py (the register tiles of dense_transposed.py).

Run:  python engine/kernels/gen_dense_tiles.py

A tile is 32 outputs x P images (P = 8 or 4) of a dense layer computed from its transposed weights: the
32 x P sums are loaded into scalar accumulators (LLVM's SLP pass packs them into zmm registers), then
each kept input j adds x[n, i] * wt[i, o] for i = rows[j] (two 16-wide weight loads, P broadcasts, 2P
FMAs), then the sums are stored back. Written out as source because accumulators in a small array spill
(see PERF-NOTES).
"""
import os

TK = 32           # outputs per tile (two zmm vectors)
TPS = (8, 4)      # images per tile

HEADER = '''\
# GENERATED FILE - DO NOT EDIT.
# Written by engine/kernels/gen_dense_tiles.py (run: python engine/kernels/gen_dense_tiles.py).
"""Register tiles of engine/kernels/dense_transposed.py: 32 outputs x 8 or 4 images.

tile_32xP(wf, O, o0, rows, j0, j1, xk, N, n0, sf):
    sf[(n0 + p) * O + o0 + k] += xk[j * N + n0 + p] * wf[rows[j] * O + o0 + k]   for j = j0 .. j1 - 1 in order,
    one FMA each, k < 32, p < P.
wf: the transposed weights (I, O) flattened; xk: the kept inputs, (kept, N) flattened; sf: one half's sums
(N, O) flattened. Each sum takes the same FMAs in the same order as dense_transposed's other loops.
"""
import numpy as np
from numba import njit

FMA = {"contract", "nsz"}  # as dense_transposed.py: no reassoc
'''


def gen_tile(tp):
    ind = " " * 4
    L = []
    L.append("@njit(cache=True, fastmath=FMA, nogil=True, boundscheck=False, error_model='numpy')")
    L.append("def tile_%dx%d(wf, O, o0, rows, j0, j1, xk, N, n0, sf):" % (TK, tp))
    # unsigned offsets: numba emits no negative-index wraparound per load (as in conv2d_ktiles.py)
    L.append(ind + "uO = np.uint64(O)")
    L.append(ind + "uN = np.uint64(N)")
    L.append(ind + "uo0 = np.uint64(o0)")
    L.append(ind + "un0 = np.uint64(n0)")
    for p in range(tp):
        L.append(ind + "b%d = (un0 + np.uint64(%d)) * uO + uo0" % (p, p))
        for k0 in range(0, TK, 8):
            L.append(ind + "; ".join("a%d_%d = sf[b%d + np.uint64(%d)]" % (p, k, p, k) for k in range(k0, k0 + 8)))
    L.append(ind + "for j in range(j0, j1):")
    i2 = ind * 2
    L.append(i2 + "wo = np.uint64(rows[j]) * uO + uo0")
    L.append(i2 + "xo = np.uint64(j) * uN + un0")
    for k0 in range(0, TK, 8):
        L.append(i2 + "; ".join("w%d = wf[wo + np.uint64(%d)]" % (k, k) for k in range(k0, k0 + 8)))
    L.append(i2 + "; ".join("x%d = xk[xo + np.uint64(%d)]" % (p, p) for p in range(tp)))
    for p in range(tp):
        for k0 in range(0, TK, 8):
            L.append(i2 + "; ".join("a%d_%d += x%d * w%d" % (p, k, p, k) for k in range(k0, k0 + 8)))
    for p in range(tp):
        for k0 in range(0, TK, 8):
            L.append(ind + "; ".join("sf[b%d + np.uint64(%d)] = a%d_%d" % (p, k, p, k) for k in range(k0, k0 + 8)))
    return "\n".join(L) + "\n"


def source():
    return HEADER + "".join("\n\n" + gen_tile(tp) for tp in TPS)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "dense_tiles.py")
    src = source()
    with open(path, "w") as f:
        f.write(src)
    print("wrote %s (%d lines)" % (path, src.count("\n")))


if __name__ == "__main__":
    main()
