"""A whole small network as one compiled call on the CPU (LeNet-5 and the like).

Why: at LeNet's size the time goes to per-layer overhead, not arithmetic: a Python call, argument
checks, fresh output arrays and a parallel region per layer, and activations leaving the cache
between layers. Here one @njit(parallel=True) call runs every layer on a chunk of images per work
item; the intermediates stay in per-item buffers small enough for L2.

Bit-identical to the layer-by-layer path: every op calls the same serial function as the layer
kernels (conv2d_tiles.conv2d_tiles_serial, cpu.max_pool_plane, cpu.dense_rows, ...), with the same
argument types, so each output element is computed by the same instructions in the same order
(tests/test_fused.py checks equality to the last bit).

Developers: Numba's cache keys a function on its own file only, and this module's compiled code embeds
the kernels it calls from cpu.py, conv2d_tiles.py and activations.py. After editing those, delete the
caches (find engine -name '*.nb[ic]' -delete) or this module keeps running the old kernels. (An installed
package is safe: pip rewrites every file.)

A model becomes a program (engine/fused_cpu.py builds it from the layers):
    codes  (n_ops, NCOL) int64, one row per layer, columns below; shapes are per image
    params float32, every op's weights at the offsets its row gives
"""
from engine import compiler_setup  # noqa: F401  (Numba settings before the first compile)

import numpy as np
from numba import njit

from engine.kernels.activations import activate_range
from engine.kernels.conv2d_tiles import activate_in_place, conv2d_tiles_serial
from engine.kernels.cpu import (avg_pool_plane, dense_rows, dense_rows_one, max_pool_plane, plane_mean,
                                scale_shift, softmax_row)

# op codes
OP_RESHAPE, OP_CONV, OP_MAXPOOL, OP_AVGPOOL, OP_DENSE, OP_ACT, OP_SOFTMAX, OP_BN, OP_GAP = range(9)
# columns of a code row
(COL_OP, COL_C, COL_H, COL_W, COL_K, COL_OH, COL_OW, COL_KH, COL_KW, COL_SH, COL_SW, COL_PT, COL_PL, COL_PB,
 COL_PR, COL_DH, COL_DW, COL_ACT, COL_FLAG, COL_GROUPS, COL_WOFF, COL_BOFF) = range(22)
NCOL = 22
# a typed zero, not a literal: a literal argument compiles a second overload of the callee, and
# several processes writing different overloads to Numba's cache at once can corrupt it
ZERO = np.int64(0)


# inline="always" (here and on conv2d_tiles_serial): numba links every callee's code into each caller's
# module and optimises and emits it again there, so each level of calls between fused_forward and the tile
# kernels cost seconds of the first compile; without these two levels a cold `cnn-engine infer` took 27.7 s
# instead of 33.0 (alternating A/B, empty cache). Both share fused_forward's compiler flags, so nothing
# compiles differently.
@njit(cache=True, nogil=True, inline="always")
def _run_chunk(x, out, codes, params, sizes):
    """x: (n * in_size,) the chunk's inputs -> out: (n * out_size,). sizes: per-image buffer sizes
    (activation, padded input, stride phases)."""
    in_size = codes[0, COL_C] * codes[0, COL_H] * codes[0, COL_W]
    n = x.shape[0] // in_size
    a = np.empty(n * sizes[0], np.float32)
    b = np.empty(n * sizes[0], np.float32)
    padded = np.empty(n * sizes[1], np.float32)
    phases = np.empty(n * sizes[2], np.float32)
    src = x
    where = 0  # src is 0: x, 1: a, 2: b, 3: out
    for i in range(codes.shape[0]):
        row = codes[i]
        op = row[COL_OP]
        if op == OP_RESHAPE:  # flatten, dropout: the data do not move
            continue
        C, H, W = row[COL_C], row[COL_H], row[COL_W]
        K, OH, OW = row[COL_K], row[COL_OH], row[COL_OW]
        if i == codes.shape[0] - 1:
            dst, there = out, 3
        elif where == 1:
            dst, there = b, 2
        else:
            dst, there = a, 1
        if op == OP_CONV:
            KH, KW, G = row[COL_KH], row[COL_KW], row[COL_GROUPS]
            pt, pl, pb, pr = row[COL_PT], row[COL_PL], row[COL_PB], row[COL_PR]
            Hp, Wp = H + pt + pb, W + pl + pr
            if pt or pl or pb or pr:
                xp = padded[:n * C * Hp * Wp].reshape((n, C, Hp, Wp))
                xs = src[:n * C * H * W].reshape((n, C, H, W))
                xp[:] = 0
                # loops, not xp[:, :, pt:pt + H, pl:pl + W] = xs: a slice assigned from an array compiles
                # numba's shape-error message formatting too (seconds of cold start)
                for m in range(n):
                    for c in range(C):
                        for y in range(H):
                            prow = xp[m, c, pt + y]
                            srow = xs[m, c, y]
                            for j in range(W):
                                prow[pl + j] = srow[j]
            else:
                xp = src[:n * C * H * W].reshape((n, C, H, W))
            Kg = K // G
            KBg = (Kg + 7) // 8
            Cg = C // G
            wsize = G * KBg * Cg * KH * KW * 8
            wpack = params[row[COL_WOFF]:row[COL_WOFF] + wsize].reshape((G, KBg, Cg, KH, KW, 8))
            bias = params[row[COL_BOFF]:row[COL_BOFF] + K]
            y = dst[:n * K * OH * OW]
            # the activation in a pass of its own over whole planes, which vectorises (bit-identical:
            # see activate_in_place): LeNet-5 about 2 us less an image
            conv2d_tiles_serial(xp, wpack, bias, y.reshape((n, K, OH, OW)), row[COL_SH], row[COL_SW], row[COL_DH],
                                row[COL_DW], ZERO, phases)
            activate_in_place(y, row[COL_ACT])
        elif op == OP_MAXPOOL or op == OP_AVGPOOL:
            colmax = np.empty(W, np.float32)
            winmax = np.empty(W + 2, np.float32)
            for p in range(n * C):
                xplane = src[p * H * W:(p + 1) * H * W].reshape((H, W))
                oplane = dst[p * OH * OW:(p + 1) * OH * OW].reshape((OH, OW))
                if op == OP_MAXPOOL:
                    max_pool_plane(xplane, oplane, row[COL_KH], row[COL_KW], row[COL_SH], row[COL_SW],
                                   row[COL_PT], row[COL_PL], colmax, winmax)
                else:
                    avg_pool_plane(xplane, oplane, row[COL_KH], row[COL_KW], row[COL_SH], row[COL_SW],
                                   row[COL_PT], row[COL_PL], row[COL_PB], row[COL_PR], row[COL_FLAG] != 0)
        elif op == OP_DENSE:
            I = C
            w = params[row[COL_WOFF]:row[COL_WOFF] + K * I].reshape((K, I))
            bias = params[row[COL_BOFF]:row[COL_BOFF] + K]
            xv = src[:n * I].reshape((n, I))
            ov = dst[:n * K].reshape((n, K))
            o = 0
            if n == 1:  # one image: 16 rows at a time, not the image 4 times over (same sums, same order)
                while o + 16 <= K:
                    dense_rows_one(xv, w, bias, ov, row[COL_ACT], o)
                    o += 16
            for o in range(o, K, 4):
                dense_rows(xv, w, bias, ov, row[COL_ACT], o)
        elif op == OP_ACT:
            activate_range(src, ZERO, dst, ZERO, n * C * H * W, row[COL_ACT])
        elif op == OP_SOFTMAX:  # over the features of each image (C of them, H = W = 1)
            for m in range(n):
                softmax_row(src[m * C:(m + 1) * C], dst[m * C:(m + 1) * C])
        elif op == OP_BN:
            S = H * W
            for p in range(n * C):
                c = p % C
                scale_shift(src[p * S:(p + 1) * S], params[row[COL_WOFF] + c], params[row[COL_BOFF] + c],
                            dst[p * S:(p + 1) * S])
        elif op == OP_GAP:
            S = H * W
            for p in range(n * C):
                dst[p] = plane_mean(src[p * S:(p + 1) * S])
        src, where = dst, there
    if where != 3:  # the program ended on a reshape
        for i in range(out.shape[0]):  # (a loop: see the padding above)
            out[i] = src[i]


@njit(cache=True, nogil=True)
def fused_forward(x, out, codes, params, sizes, chunk, first, last):
    """Images first..last-1 of x: (N * in_size,) float32 inputs -> out: (N * out_size,), every layer of the
    program, in work items of `chunk` images (first is a multiple of chunk). Serial and nogil: the caller
    runs ranges of items on several threads (engine/fused_cpu.py). A prange here would make the first
    call compile a second copy of everything (~11 s of a ~35 s cold start)."""
    last_op = codes.shape[0] - 1
    in_size = codes[0, COL_C] * codes[0, COL_H] * codes[0, COL_W]
    out_size = codes[last_op, COL_K] * codes[last_op, COL_OH] * codes[last_op, COL_OW]
    for n0 in range(first, last, chunk):
        n1 = min(last, n0 + chunk)
        _run_chunk(x[n0 * in_size:n1 * in_size], out[n0 * out_size:n1 * out_size], codes, params, sizes)
