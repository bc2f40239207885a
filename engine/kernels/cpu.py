"""CPU kernels, compiled by Numba. Pure functions on arrays: no layers, no files, no argument checks
(engine/ops.py checks and allocates). Each kernel writes into a preallocated `out`.

Layouts: activations NCHW (1D ops run as NCHW with H = 1), conv weights (K, C/groups, KH, KW),
dense weights (out, in). Activation codes: 0 none, 1 relu, 2 tanh, 3 sigmoid.

Determinism: every output element is computed by the same instructions in the same order whatever
the batch size or thread count (parallel loops only split independent outputs), so a batch of 1 and a
batch of 256 give bit-identical rows.
"""
from engine import compiler_setup  # noqa: F401  (Numba settings before the first compile)

import numpy as np
from numba import njit, prange, types
from numba.extending import overload

# No 'reassoc' where the order of a sum matters to the result's reproducibility across code paths;
# 'contract' lets LLVM fuse multiply-adds (the same in every path). 'afn' is left out: tanh/exp stay exact.
FMA = {"contract", "nsz"}
# Dot products: a vectorised reduction needs 'reassoc'; its order depends only on the length.
DOT = {"contract", "nsz", "reassoc"}


def tanh_value(v):
    return np.tanh(v)


@overload(tanh_value, inline="always")
def _tanh_value(v):
    """float32: a rational approximation (Eigen's) that vectorises, max relative error 3.5e-7 against
    float64 tanh (libm's tanhf is a scalar call: 10x slower in a conv epilogue); float64: exact."""
    if v == types.float32:
        def tanh32(v):
            x = min(max(v, np.float32(-7.9053111)), np.float32(7.9053111))
            x2 = x * x
            p = x2 * np.float32(-2.76076847742355e-16) + np.float32(2.00018790482477e-13)
            p = x2 * p + np.float32(-8.60467152213735e-11)
            p = x2 * p + np.float32(5.12229709037114e-08)
            p = x2 * p + np.float32(1.48572235717979e-05)
            p = x2 * p + np.float32(6.37261928875436e-04)
            p = x2 * p + np.float32(4.89352455891786e-03)
            q = x2 * np.float32(1.19825839466702e-06) + np.float32(1.18534705686654e-04)
            q = x2 * q + np.float32(2.26843463243900e-03)
            q = x2 * q + np.float32(4.89352518554385e-03)
            return x * p / q if v == v else v
        return tanh32
    return lambda v: np.tanh(v)


@njit(inline="always", cache=True)
def activate(v, act):
    if act == 1:
        return v if v > 0 else v * 0
    if act == 2:
        return tanh_value(v)
    if act == 3:
        if v >= 0:
            return 1 / (1 + np.exp(-v))
        e = np.exp(v)
        return e / (1 + e)
    return v


# ---------------------------------------------------------------- convolution
@njit(parallel=True, cache=True, fastmath=FMA)
def conv2d_forward(xp, w, b, out, stride_h, stride_w, dil_h, dil_w, groups, act):
    # xp: (N, C, Hp, Wp) already padded; w: (K, C/groups, KH, KW); b: (K,); out: (N, K, OH, OW)
    N, K, OH, OW = out.shape
    _, Cg, KH, KW = w.shape
    Kg = K // groups
    for job in prange(N * K):
        n = job // K
        k = job % K
        c0 = (k // Kg) * Cg
        for oy in range(OH):
            row = out[n, k, oy]
            for ox in range(OW):
                row[ox] = b[k]
            for c in range(Cg):
                for ky in range(KH):
                    xrow = xp[n, c0 + c, oy * stride_h + ky * dil_h]
                    for kx in range(KW):
                        wv = w[k, c, ky, kx]
                        x0 = kx * dil_w
                        for ox in range(OW):
                            row[ox] += wv * xrow[x0 + ox * stride_w]
            if act != 0:
                for ox in range(OW):
                    row[ox] = activate(row[ox], act)


# ---------------------------------------------------------------- pooling
@njit(parallel=True, cache=True)
def max_pool2d_forward(x, out, kh, kw, sh, sw, pad_top, pad_left):
    # x: (N, C, H, W) -> out: (N, C, OH, OW); padding never wins (PyTorch pads max pools with -inf)
    N, C, H, W = x.shape
    OH, OW = out.shape[2], out.shape[3]
    for plane in prange(N * C):
        n = plane // C
        c = plane % C
        for oy in range(OH):
            y0 = oy * sh - pad_top
            ya = max(y0, 0)
            yb = min(y0 + kh, H)
            for ox in range(OW):
                x0 = ox * sw - pad_left
                xa = max(x0, 0)
                xb = min(x0 + kw, W)
                m = x[n, c, ya, xa]
                for y in range(ya, yb):
                    for xx in range(xa, xb):
                        v = x[n, c, y, xx]
                        if v > m or v != v:  # NaN propagates, as in PyTorch
                            m = v
                out[n, c, oy, ox] = m


@njit(parallel=True, cache=True)
def avg_pool2d_forward(x, out, kh, kw, sh, sw, pad_top, pad_left, pad_bottom, pad_right, count_include_pad):
    # x: (N, C, H, W) -> out: (N, C, OH, OW). The divisor counts the window inside the padded input
    # (count_include_pad) or inside the input only; a ceil_mode overhang past the padding never counts.
    N, C, H, W = x.shape
    OH, OW = out.shape[2], out.shape[3]
    for plane in prange(N * C):
        n = plane // C
        c = plane % C
        for oy in range(OH):
            y0 = oy * sh - pad_top
            ya = max(y0, 0)
            yb = min(y0 + kh, H)
            pya = max(y0, -pad_top)
            pyb = min(y0 + kh, H + pad_bottom)
            for ox in range(OW):
                x0 = ox * sw - pad_left
                xa = max(x0, 0)
                xb = min(x0 + kw, W)
                s = x[n, c, ya, xa] * 0
                for y in range(ya, yb):
                    for xx in range(xa, xb):
                        s += x[n, c, y, xx]
                if count_include_pad:
                    count = (pyb - pya) * (min(x0 + kw, W + pad_right) - max(x0, -pad_left))
                else:
                    count = (yb - ya) * (xb - xa)
                out[n, c, oy, ox] = s / count


@njit(parallel=True, cache=True)
def global_avg_pool_forward(x, out):
    # x: (N, C, S) -> out: (N, C)
    N, C, S = x.shape
    for plane in prange(N * C):
        n = plane // C
        c = plane % C
        s = x[n, c, 0] * 0
        for i in range(S):
            s += x[n, c, i]
        out[n, c] = s / S


# ---------------------------------------------------------------- dense
@njit(parallel=True, cache=True, fastmath=DOT)
def dense_forward(x, w, b, out, act):
    # x: (N, I), w: (O, I), b: (O,) -> out: (N, O). Outer loop over weight rows: each row is read
    # from memory once for the whole batch (fc6 of VGG is 411 MB).
    N, I = x.shape
    O = w.shape[0]
    for o in prange(O):
        wrow = w[o]
        for n in range(N):
            xrow = x[n]
            s = xrow[0] * 0
            for i in range(I):
                s += xrow[i] * wrow[i]
            out[n, o] = activate(s + b[o], act)


# ---------------------------------------------------------------- elementwise and normalisation
@njit(parallel=True, cache=True)
def activation_forward(x, out, act):
    # x, out: flat (M,)
    for i in prange(x.shape[0]):
        out[i] = activate(x[i], act)


@njit(parallel=True, cache=True)
def softmax_forward(x, out):
    # x, out: (M, K), softmax over each row, shifted by the row max for stability
    M, K = x.shape
    for m in prange(M):
        top = x[m, 0]
        for k in range(1, K):
            if x[m, k] > top:
                top = x[m, k]
        s = x[m, 0] * 0
        for k in range(K):
            e = np.exp(x[m, k] - top)
            out[m, k] = e
            s += e
        for k in range(K):
            out[m, k] /= s


@njit(parallel=True, cache=True, fastmath=FMA)
def batch_norm_forward(x, scale, shift, out):
    # x, out: (N, C, S); y = x * scale[c] + shift[c] (scale = weight / sqrt(var + eps))
    N, C, S = x.shape
    for plane in prange(N * C):
        n = plane // C
        c = plane % C
        a = scale[c]
        t = shift[c]
        for i in range(S):
            out[n, c, i] = x[n, c, i] * a + t


@njit(parallel=True, cache=True)
def lrn_forward(x, out, size, alpha, beta, k):
    # x, out: (N, C, S). PyTorch's local_response_norm: x / (k + alpha/size * sum(x^2 over the
    # channels c - size//2 .. c + (size-1)//2))^beta, channels past the edges counting as zeros.
    N, C, S = x.shape
    before = size // 2
    after = (size - 1) // 2
    for plane in prange(N * C):
        n = plane // C
        c = plane % C
        ca = max(c - before, 0)
        cb = min(c + after + 1, C)
        for i in range(S):
            s = x[n, c, i] * 0
            for j in range(ca, cb):
                v = x[n, j, i]
                s += v * v
            out[n, c, i] = x[n, c, i] / (k + alpha / size * s) ** beta
