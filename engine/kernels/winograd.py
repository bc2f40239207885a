"""Winograd F(4x4, 3x3) convolution for the CPU: 3x3, stride 1, no dilation, no groups, float32.

Why: 36 multiplies per 4x4 outputs and input channel instead of 144 (4x fewer); on VGG-16 the 3x3
layers are nearly all of the time. (Lavin & Gray 2015; the matrices below are theirs.)

How, for padded input xp (N, C, Hp, Wp) and output (N, K, OH, OW), OH = Hp - 2, OW = Wp - 2, in 4x4 tiles
(P = N * ceil(OH/4) * ceil(OW/4) of them):
    V[xi, c, p] = (B^T d B)[xi]    d: the 6x6 input patch of tile p, channel c (zeros past the edge)
    U[xi, k, c] = (G g G^T)[xi]    g: the 3x3 filter (k, c); made once per layer (prepare_weights)
    M[xi, k, p] = sum_c U[xi, k, c] V[xi, c, p]
    Y[k, tile p] = act(b[k] + A^T M[:, k, p] A)
The 36 products M are one grouped 1x1 convolution (36 groups, C input channels each) run by the
register-tiled kernel of conv2d_tiles.py: a 1x1 convolution is a matrix product, and that kernel is
already at 180-210 GFLOP/s. Each output is computed by the same instructions whatever the batch size
(the tile kernel sums over c in order; the transforms are per tile), so results stay batch-independent.

Accuracy: about 1e-6 relative to float64 (the transforms' coefficients reach 8 and 1/24).
"""
from engine import compiler_setup  # noqa: F401  (Numba settings before the first compile)

import numpy as np
from numba import njit, prange

from engine.kernels import conv2d_tiles
from engine.kernels.activations import activate

FMA = {"contract", "nsz"}
# Where it wins (VGG-16 shapes at batch 8, this machine): the transforms are memory- and scalar-bound, so
# they only pay off for wide layers: 128->256 on 56x56 62 vs 70 ms direct, 256->256 92 vs 137, 512->512
# on 28x28 74 vs 147; but 64->64 on 224x224 257 vs 149 and 128->128 on 112x112 150 vs 138.
MIN_CHANNEL_PRODUCT = 128 * 256  # input channels x output channels
# and only on large maps: on 13x13 and 14x14 maps (AlexNet conv3-5, VGG conv5) the per-tile overheads
# lost at batch 1 (AlexNet conv3 2.1 vs 1.4 ms direct). The choice may depend on the layer's geometry
# only, never on the batch size: results must not change with the batch.
MIN_OUTPUT_SIDE = 28

G_MATRIX = np.array([[1 / 4, 0, 0], [-1 / 6, -1 / 6, -1 / 6], [-1 / 6, 1 / 6, -1 / 6],
                     [1 / 24, 1 / 12, 1 / 6], [1 / 24, -1 / 12, 1 / 6], [0, 0, 1]])


def supports(w_shape, stride, dilation, groups, dtype, out_hw=None):
    """True where this module runs the convolution (and is faster than the direct tiles); out_hw: the
    output's (OH, OW), None to ask about the weights alone."""
    K, Cg, KH, KW = (int(v) for v in w_shape)
    if out_hw is not None and min(out_hw) < MIN_OUTPUT_SIDE:
        return False
    return (KH == 3 and KW == 3 and tuple(stride) == (1, 1) and tuple(dilation) == (1, 1) and groups == 1
            and np.dtype(dtype) == np.float32 and Cg * K >= MIN_CHANNEL_PRODUCT and K >= 8)


def prepare_weights(w):
    """(K, C, 3, 3) -> U as conv2d_tiles packs a (36*K, C, 1, 1) convolution with 36 groups."""
    w = np.asarray(w, np.float64)
    K, C = w.shape[:2]
    u = np.einsum("ai,kcij,bj->abkc", G_MATRIX, w, G_MATRIX)  # (6, 6, K, C)
    return conv2d_tiles.pack_conv2d_weights(u.reshape(36 * K, C, 1, 1).astype(np.float32), 36)


# float32 constants: an int literal would promote the float32 arithmetic to float64
_2, _4, _5, _8 = np.float32(2), np.float32(4), np.float32(5), np.float32(8)


@njit(inline="always")
def _bt(d0, d1, d2, d3, d4, d5):
    """B^T d for one column of 6."""
    return (_4 * d0 - _5 * d2 + d4, -_4 * d1 - _4 * d2 + d3 + d4, _4 * d1 - _4 * d2 - d3 + d4,
            -_2 * d1 - d2 + _2 * d3 + d4, _2 * d1 - d2 - _2 * d3 + d4, _4 * d1 - _5 * d3 + d5)


@njit(inline="always")
def _at(m0, m1, m2, m3, m4, m5):
    """A^T m for one column of 6 -> 4."""
    return (m0 + m1 + m2 + m3 + m4, m1 - m2 + _2 * m3 - _2 * m4, m1 + m2 + _4 * m3 + _4 * m4,
            m1 - m2 + _8 * m3 - _8 * m4 + m5)


@njit(parallel=True, cache=True, fastmath=FMA)
def input_transform(xp, v, th, tw):
    # xp: (N, C, Hp, Wp) -> v[:, :, :P]: (36, C, >= P), P = N * th * tw tiles, p = (n * th + ty) * tw + tx
    N, C, Hp, Wp = xp.shape
    for plane in prange(N * C):
        n = plane // C
        c = plane % C
        x = xp[n, c]
        d = np.zeros((6, 6), np.float32)
        t = np.empty((6, 6), np.float32)
        for ty in range(th):
            for tx in range(tw):
                y0 = 4 * ty
                x0 = 4 * tx
                if y0 + 6 <= Hp and x0 + 6 <= Wp:
                    for i in range(6):
                        for j in range(6):
                            d[i, j] = x[y0 + i, x0 + j]
                else:
                    for i in range(6):
                        for j in range(6):
                            d[i, j] = x[y0 + i, x0 + j] if y0 + i < Hp and x0 + j < Wp else np.float32(0)
                for j in range(6):  # columns: t = B^T d
                    a = _bt(d[0, j], d[1, j], d[2, j], d[3, j], d[4, j], d[5, j])
                    for i in range(6):
                        t[i, j] = a[i]
                p = (n * th + ty) * tw + tx
                for i in range(6):  # rows: V = t B
                    a = _bt(t[i, 0], t[i, 1], t[i, 2], t[i, 3], t[i, 4], t[i, 5])
                    for j in range(6):
                        v[i * 6 + j, c, p] = a[j]


@njit(parallel=True, cache=True, fastmath=FMA)
def output_transform(m, b, out, th, tw, act):
    # m: (36, K, >= P) -> out: (N, K, OH, OW) = act(b + A^T M A), clipped at the edges
    N, K, OH, OW = out.shape
    for plane in prange(N * K):
        n = plane // K
        k = plane % K
        o = out[n, k]
        t = np.empty((4, 6), np.float32)
        bias = b[k]
        for ty in range(th):
            for tx in range(tw):
                p = (n * th + ty) * tw + tx
                for j in range(6):  # columns: t = A^T M
                    a = _at(m[j, k, p], m[6 + j, k, p], m[12 + j, k, p], m[18 + j, k, p], m[24 + j, k, p],
                            m[30 + j, k, p])
                    for i in range(4):
                        t[i, j] = a[i]
                for i in range(4):  # rows: Y = t A
                    y = 4 * ty + i
                    if y >= OH:
                        break
                    a = _at(t[i, 0], t[i, 1], t[i, 2], t[i, 3], t[i, 4], t[i, 5])
                    for j in range(4):
                        xx = 4 * tx + j
                        if xx < OW:
                            o[y, xx] = activate(a[j] + bias, act)


def conv2d_forward(xp, u_packed, b, out, act):
    """xp: (N, C, Hp, Wp) float32 padded; u_packed: prepare_weights(w); b: (K,); out: (N, K, Hp-2, Wp-2)."""
    N, C, Hp, Wp = xp.shape
    K, OH, OW = out.shape[1], out.shape[2], out.shape[3]
    th, tw = -(-OH // 4), -(-OW // 4)
    P = N * th * tw
    # columns rounded up to the tile kernel's 32: its path for narrower planes is scalar (VGG's 14x14 layers
    # at batch 1 have 16 tiles); each column's sum is the same whatever the width, so this changes no result
    P32 = -(-P // 32) * 32
    v = np.empty((36, C, P32), np.float32)
    v[:, :, P:] = 0
    input_transform(xp, v, th, tw)
    m = np.empty((1, 36 * K, 1, P32), np.float32)
    conv2d_tiles.conv2d_tiles_forward(v.reshape(1, 36 * C, 1, P32), u_packed, np.zeros(36 * K, np.float32), m,
                                      1, 1, 1, 1, 0)
    output_transform(m.reshape(36, K, P32), b, out, th, tw, act)
