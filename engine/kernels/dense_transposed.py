"""Big dense layers on the CPU from the transposed weights, skipping the inputs that are zero (float32).

Why: at small batches a big dense layer is bound by reading its weights from memory (AlexNet's fc6-fc8 at
batch 1: 234 MB a call, half of the model's time, at ~32 GB/s). Inputs that come out of a ReLU are often
exactly zero (AlexNet with its seeded weights, on random images: 30% of fc6's inputs, half of fc7's and fc8's), and a zero
input's products add nothing, so its weights need not be read. In the layer's (out, in) layout one input's
weights are spread over every row; in the transposed (in, out) layout they are one contiguous row, which
this kernel skips.

What it computes, for x (N, I), wt = w.T (I, O), b (O,):
    out[n, o] = act(b[o] + (s0[n, o] + s1[n, o]))
    s_h[n, o] = sum over the inputs i of half h (h = 0: i < I // 2, h = 1: the rest), i ascending, of
                x[n, i] * wt[i, o], one FMA each, the inputs that are zero for every image of the batch
                left out.
The two halves are two work items (the machines have two cores): each streams its own rows of wt. One or two
images run a loop over whole rows of wt (long streams from memory; 4 rows a pass); three or more, register
tiles of 32 outputs x 8 or 4 images (dense_tiles.py) over chunks of a few rows, whose pieces of wt the
tiles of every group of images read from L2.

Determinism: leaving an input out changes no sum (fma(0, w, s) = s for a finite w, up to the sign of a
zero sum), and every other choice (images per pass, outputs per pass, rows per pass) only regroups the same
FMAs: each row of out has the same bits whatever the batch, the other images in it, and the thread count.
A zero times an infinite or NaN weight is NaN, which leaving the input out would drop: layers whose weights
are not all finite keep the rows kernel (cpu.dense_forward). The results differ from that kernel's in
rounding (it sums in another order), so a layer takes one kernel or the other by its size alone:
uses(w_shape, dtype).
"""
from engine import compiler_setup  # noqa: F401  (Numba settings before the first compile)

import numpy as np
from numba import njit, prange

from engine.kernels.activations import activate
from engine.kernels.dense_tiles import tile_32x4, tile_32x8

FMA = {"contract", "nsz"}  # no reassoc: each sum runs in input order, as the docstring says
# Layers with at least this many weights (4 MB in float32: past the caches, where reading the weights is the
# cost) run here. LeNet-5's largest has 48,000, AlexNet's and VGG-16's classifiers 4.1M to 103M.
MIN_WEIGHTS = 1 << 20
PARTS = 2          # the fixed halves of the inputs (results depend on this number: keep it)
ROWS_PER_PASS = 4  # kept inputs whose weight rows one pass of the small-batch loop reads together
# Kept inputs per chunk of the tiled loop (8 for batches up to 8, 16 above). Each tile reloads its sums once a
# chunk (longer chunks: fewer reloads) while the pieces of the chunk's rows stream from memory side by side
# (shorter chunks: fewer streams at once). AlexNet's fc6 (4096 x 9216), ms, against the rows kernel in the
# same run: batch 8, 8 rows 5.4 vs 7.0, 16 rows 5.7 vs 6.5, 64 rows 7.9 vs 6.3; batch 64, 8 rows 42 vs 29,
# 16 rows 28 vs 31; batch 256, 16 rows 136 vs 154, 32 rows 212 vs 140.
ROWS_PER_CHUNK = (8, 16)


def uses(w_shape, dtype):
    """True where a dense layer of weights (out, in) runs here rather than in cpu.dense_forward."""
    return np.dtype(dtype) == np.float32 and int(np.prod(w_shape)) >= MIN_WEIGHTS


def prepare(w):
    """The layer's kernel input: wt = w.T (in, out) float32 C-contiguous, or None where the weights are
    not all finite (see the module docstring)."""
    w = np.ascontiguousarray(w, np.float32)
    wt = np.empty((w.shape[1], w.shape[0]), np.float32)
    return wt if _transpose_finite(w, wt) else None


TRANSPOSE_BLOCK = 64  # 64 x 64 floats: 16 KB read and 16 KB written per block, in L1


@njit(parallel=True, cache=True, error_model="numpy")
def _transpose_finite(w, wt):
    # wt = w.T by blocks -> whether every weight is finite (AlexNet's fc6: 75 ms once per layer, where
    # np.ascontiguousarray(w.T) took 300 ms)
    O, I = w.shape
    B = TRANSPOSE_BLOCK
    nb = (O + B - 1) // B
    bad = 0
    for ob in prange(nb):
        o0 = ob * B
        o1 = min(O, o0 + B)
        for i0 in range(0, I, B):
            i1 = min(I, i0 + B)
            for i in range(i0, i1):
                row = wt[i]
                for o in range(o0, o1):
                    row[o] = w[o, i]
            for o in range(o0, o1):
                row = w[o]
                for i in range(i0, i1):
                    if row[i] - row[i] != 0:  # NaN or +-Inf (x - x is 0 for every finite x)
                        bad += 1
    return bad == 0


def dense_forward(x, wt, b, out, act):
    """x: (N, I) float32 C-contiguous, wt: prepare(w) (I, O), b: (O,) -> out: (N, O)."""
    N, I = x.shape
    O = wt.shape[1]
    rows = np.empty(I, np.int64)
    kept, split = _kept_inputs(x, rows)
    sums = np.zeros((PARTS, N, O), np.float32)
    if N <= 2:
        _sum_halves_by_rows(x, wt, rows, kept, split, sums)
    else:
        xk = np.empty((kept, N), np.float32)
        _gather_kept(x, rows, kept, xk)
        chunk = ROWS_PER_CHUNK[0] if N <= 8 else ROWS_PER_CHUNK[1]
        _sum_halves_by_tiles(x, xk, wt, rows, kept, split, sums, chunk)
    _finish(sums, b, out, act)


@njit(cache=True, error_model="numpy")
def _kept_inputs(x, rows):
    # rows[:kept]: the inputs i, ascending, that are non-zero in some image; split: how many are < I // 2
    N, I = x.shape
    kept = 0
    split = 0
    for i in range(I):
        if i == I // 2:
            split = kept
        for n in range(N):
            if x[n, i] != 0:
                rows[kept] = i
                kept += 1
                break
    return kept, split


@njit(cache=True, error_model="numpy")
def _gather_kept(x, rows, kept, xk):
    # xk[j, n] = x[n, rows[j]]: the tiles broadcast the images' values of one input from one cache line
    for j in range(kept):
        i = rows[j]
        for n in range(x.shape[0]):
            xk[j, n] = x[n, i]


@njit(parallel=True, cache=True, fastmath=FMA, error_model="numpy", boundscheck=False)
def _sum_halves_by_rows(x, wt, rows, kept, split, sums):
    # one or two images: sums[h, n] += half h's products, whole rows of wt at a time (long streams from
    # memory; a row of sums, 16 KB for 4096 outputs, stays in L1)
    N = x.shape[0]
    O = wt.shape[1]
    for h in prange(PARTS):
        lo = 0 if h == 0 else split
        hi = split if h == 0 else kept
        for n in range(N):
            _rows(x, wt, sums[h], rows, lo, hi, n, 0, O)


@njit(parallel=True, cache=True, fastmath=FMA, error_model="numpy", boundscheck=False)
def _sum_halves_by_tiles(x, xk, wt, rows, kept, split, sums, chunk):
    # three images or more: the register tiles over chunks of `chunk` kept inputs; the images and outputs
    # left over (fewer than 4 images, the last O % 32 outputs) by _rows, with the same FMAs in the same order
    N = x.shape[0]
    O = wt.shape[1]
    O32 = O - O % 32
    wf = wt.reshape(wt.size)
    xkf = xk.reshape(xk.size)
    for h in prange(PARTS):
        lo = 0 if h == 0 else split
        hi = split if h == 0 else kept
        s = sums[h]
        sf = s.reshape(s.size)
        for r0 in range(lo, hi, chunk):
            r1 = min(hi, r0 + chunk)
            n0 = 0
            while n0 + 8 <= N:
                for o0 in range(0, O32, 32):
                    tile_32x8(wf, O, o0, rows, r0, r1, xkf, N, n0, sf)
                n0 += 8
            if n0 + 4 <= N:
                for o0 in range(0, O32, 32):
                    tile_32x4(wf, O, o0, rows, r0, r1, xkf, N, n0, sf)
                n0 += 4
            for n in range(n0, N):
                _rows(x, wt, s, rows, r0, r1, n, 0, O)
            if O32 < O:
                for n in range(n0):
                    _rows(x, wt, s, rows, r0, r1, n, O32, O)


@njit(cache=True, fastmath=FMA, error_model="numpy", boundscheck=False)
def _rows(x, wt, s, rows, r0, r1, n, o0, o1):
    # s[n, o0:o1] += the products of the kept inputs rows[r0:r1] for image n, in order, 4 rows a pass
    r = r0
    while r + ROWS_PER_PASS <= r1:
        _four_rows(x, wt, s, rows[r], rows[r + 1], rows[r + 2], rows[r + 3], n, o0, o1)
        r += ROWS_PER_PASS
    while r < r1:
        _one_row(x, wt, s, rows[r], n, o0, o1)
        r += 1


@njit(cache=True, fastmath=FMA, error_model="numpy", boundscheck=False)
def _four_rows(x, wt, s, i0, i1, i2, i3, n, o0, o1):
    # s[n, o0:o1] += x[n, i0] * wt[i0, o0:o1] + ... + x[n, i3] * wt[i3, o0:o1], in that order (one FMA each)
    w0, w1, w2, w3 = wt[i0][o0:o1], wt[i1][o0:o1], wt[i2][o0:o1], wt[i3][o0:o1]  # 1-d slices: vectorised
    a = s[n][o0:o1]
    x0, x1, x2, x3 = x[n, i0], x[n, i1], x[n, i2], x[n, i3]
    for o in range(o1 - o0):
        a[o] = a[o] + x0 * w0[o] + x1 * w1[o] + x2 * w2[o] + x3 * w3[o]


@njit(cache=True, fastmath=FMA, error_model="numpy", boundscheck=False)
def _one_row(x, wt, s, i, n, o0, o1):
    w = wt[i][o0:o1]
    a = s[n][o0:o1]
    xv = x[n, i]
    for o in range(o1 - o0):
        a[o] = a[o] + xv * w[o]


@njit(parallel=True, cache=True, fastmath=FMA, error_model="numpy")
def _finish(sums, b, out, act):
    # out = act(b + (s0 + s1)), the halves added in this order
    N, O = out.shape
    for n in prange(N):
        s0, s1, row = sums[0, n], sums[1, n], out[n]
        for o in range(O):
            row[o] = activate(b[o] + (s0[o] + s1[o]), act)
