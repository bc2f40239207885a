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
The transforms run across a row of tiles at a time (contiguous loads), else they cost more than the
products they save (input transform at 64 channels, batch 8, 224x224: 120 ms tile by tile, 21 ms by rows).
"""
from engine import compiler_setup  # noqa: F401  (Numba settings before the first compile)

import numpy as np
from numba import njit, prange

from engine.kernels import conv2d_tiles
from engine.kernels.activations import activate

FMA = {"contract", "nsz"}
# Where it wins (this machine, 2 threads, ms, Winograd vs direct register tiles):
#   batch 8: 64->64 on 224x224 139 vs 166; 128->128 on 112x112 107 vs 146; 256->256 on 56x56 65 vs 136;
#            512->512 on 28x28 57 vs 146, on 14x14 20 vs 38; 192->384 on 13x13 8.1 vs 10.8
#   batch 1: 64->64 on 224x224 17.4 vs 19.0; 512->512 on 14x14 4.4 vs 5.0; 192->384 on 13x13 1.29 vs 1.36
#   loses: 3->64 on 224x224 6.3 vs 1.5 (RGB input); 16->32 on 28x28 0.11 vs 0.05
# The choice depends on the layer's geometry only, never on the batch size: results must not change
# with the batch.
MIN_CHANNELS = 32     # input and output channels
MIN_OUTPUT_SIDE = 8   # tiny maps leave most of the 4x4 tiles and of the 32-column GEMM tiles empty

G_MATRIX = np.array([[1 / 4, 0, 0], [-1 / 6, -1 / 6, -1 / 6], [-1 / 6, 1 / 6, -1 / 6],
                     [1 / 24, 1 / 12, 1 / 6], [1 / 24, -1 / 12, 1 / 6], [0, 0, 1]])


def supports(w_shape, stride, dilation, groups, dtype, out_hw=None):
    """True where this module runs the convolution (and is faster than the direct tiles); out_hw: the
    output's (OH, OW), None to ask about the weights alone."""
    K, Cg, KH, KW = (int(v) for v in w_shape)
    if out_hw is not None and min(out_hw) < MIN_OUTPUT_SIDE:
        return False
    return (KH == 3 and KW == 3 and tuple(stride) == (1, 1) and tuple(dilation) == (1, 1) and groups == 1
            and np.dtype(dtype) == np.float32 and min(Cg, K) >= MIN_CHANNELS)


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


# Planes of at most this many tiles (AlexNet's 13x13: 16, VGG's 14x14: 16, 28x28: 49) are transformed
# across all their tiles at once: by tile rows (below) the second stage ran 4-wide and scalar.
PLANE_TILES = 64


def input_transform(xp, v, th, tw):
    """xp: (N, C, Hp, Wp) -> v[:, :, :P]: (36, C, >= P), P = N * th * tw tiles, p = (n * th + ty) * tw + tx."""
    if th * tw <= PLANE_TILES:
        _input_transform_planes(xp, v, th, tw)
    else:
        _input_transform_rows(xp, v, th, tw)


def output_transform(m, b, out, th, tw, act):
    """m: (36, K, >= P) -> out: (N, K, OH, OW) = act(b + A^T M A), clipped at the edges."""
    if th * tw <= PLANE_TILES:
        _output_transform_planes(m, b, out, th, tw, act)
    else:
        _output_transform_rows(m, b, out, th, tw, act)


@njit(parallel=True, cache=True, fastmath=FMA, error_model="numpy")
def _input_transform_planes(xp, v, th, tw):
    # For small planes: per (image, channel), the 6x6 patches of all T = th * tw tiles gathered into
    # d[36, T] (zeros past the edges), then B^T d B with every loop running across the T tiles
    # (contiguous, vectorised), stored to v[:, c, p0:p0 + T] (the plane's tiles are consecutive in p).
    N, C, Hp, Wp = xp.shape
    T = th * tw
    for plane in prange(N * C):
        n = plane // C
        c = plane % C
        x = xp[n, c]
        d = np.zeros((36, T), np.float32)
        for ty in range(th):
            for i in range(6):
                y = 4 * ty + i
                if y >= Hp:
                    break
                for tx in range(tw):
                    for j in range(6):
                        xx = 4 * tx + j
                        if xx < Wp:
                            d[i * 6 + j, ty * tw + tx] = x[y, xx]
        e = np.empty((36, T), np.float32)  # B^T d: e[a * 6 + j, t]
        for j in range(6):
            for t in range(T):
                a = _bt(d[j, t], d[6 + j, t], d[12 + j, t], d[18 + j, t], d[24 + j, t], d[30 + j, t])
                e[j, t] = a[0]
                e[6 + j, t] = a[1]
                e[12 + j, t] = a[2]
                e[18 + j, t] = a[3]
                e[24 + j, t] = a[4]
                e[30 + j, t] = a[5]
        p0 = n * T
        for i in range(6):
            r = 6 * i
            for t in range(T):
                a = _bt(e[r, t], e[r + 1, t], e[r + 2, t], e[r + 3, t], e[r + 4, t], e[r + 5, t])
                v[r, c, p0 + t] = a[0]
                v[r + 1, c, p0 + t] = a[1]
                v[r + 2, c, p0 + t] = a[2]
                v[r + 3, c, p0 + t] = a[3]
                v[r + 4, c, p0 + t] = a[4]
                v[r + 5, c, p0 + t] = a[5]


@njit(parallel=True, cache=True, fastmath=FMA, error_model="numpy")
def _output_transform_planes(m, b, out, th, tw, act):
    # For small planes: per (image, output channel), A^T M A for all T tiles at once (loops across the
    # tiles: contiguous loads from m, vectorised), then the 4x4 results scattered into the plane.
    N, K, OH, OW = out.shape
    T = th * tw
    for plane in prange(N * K):
        n = plane // K
        k = plane % K
        o = out[n, k]
        p0 = n * T
        u = np.empty((24, T), np.float32)  # M A: u[i * 4 + j, t]
        for i in range(6):
            r = 6 * i
            for t in range(T):
                a = _at(m[r, k, p0 + t], m[r + 1, k, p0 + t], m[r + 2, k, p0 + t], m[r + 3, k, p0 + t],
                        m[r + 4, k, p0 + t], m[r + 5, k, p0 + t])
                u[i * 4, t] = a[0]
                u[i * 4 + 1, t] = a[1]
                u[i * 4 + 2, t] = a[2]
                u[i * 4 + 3, t] = a[3]
        y = np.empty((16, T), np.float32)  # A^T (M A): y[i * 4 + j, t], before bias and activation
        for j in range(4):
            for t in range(T):
                a = _at(u[j, t], u[4 + j, t], u[8 + j, t], u[12 + j, t], u[16 + j, t], u[20 + j, t])
                y[j, t] = a[0]
                y[4 + j, t] = a[1]
                y[8 + j, t] = a[2]
                y[12 + j, t] = a[3]
        bias = b[k]
        for ty in range(th):
            for i in range(4):
                yy = 4 * ty + i
                if yy >= OH:
                    break
                for tx in range(tw):
                    for j in range(4):
                        xx = 4 * tx + j
                        if xx < OW:
                            o[yy, xx] = activate(y[i * 4 + j, ty * tw + tx] + bias, act)


@njit(parallel=True, cache=True, fastmath=FMA, error_model="numpy")
def _input_transform_rows(xp, v, th, tw):
    # xp: (N, C, Hp, Wp) -> v[:, :, :P]: (36, C, >= P), P = N * th * tw tiles, p = (n * th + ty) * tw + tx.
    # Per tile row: first B^T down the 6 input rows for the whole width at once (contiguous, vectorised),
    # then across each tile's 6 columns.
    N, C, Hp, Wp = xp.shape
    W6 = 4 * tw + 2  # the columns the tiles of a row read
    for plane in prange(N * C):
        n = plane // C
        c = plane % C
        x = xp[n, c]
        rows = np.zeros((6, W6), np.float32)  # the tile row's 6 input rows (zeros past the edges)
        t = np.empty((6, W6), np.float32)     # B^T applied down them
        for ty in range(th):
            y0 = 4 * ty
            w = min(W6, Wp)
            for i in range(6):
                if y0 + i < Hp:
                    rows[i, :w] = x[y0 + i, :w]
                    rows[i, w:] = 0
                else:
                    rows[i, :] = 0
            for j in range(W6):
                a = _bt(rows[0, j], rows[1, j], rows[2, j], rows[3, j], rows[4, j], rows[5, j])
                t[0, j] = a[0]
                t[1, j] = a[1]
                t[2, j] = a[2]
                t[3, j] = a[3]
                t[4, j] = a[4]
                t[5, j] = a[5]
            p0 = (n * th + ty) * tw
            for i in range(6):
                ti = t[i]
                for tx in range(tw):
                    x0 = 4 * tx
                    a = _bt(ti[x0], ti[x0 + 1], ti[x0 + 2], ti[x0 + 3], ti[x0 + 4], ti[x0 + 5])
                    v[i * 6, c, p0 + tx] = a[0]
                    v[i * 6 + 1, c, p0 + tx] = a[1]
                    v[i * 6 + 2, c, p0 + tx] = a[2]
                    v[i * 6 + 3, c, p0 + tx] = a[3]
                    v[i * 6 + 4, c, p0 + tx] = a[4]
                    v[i * 6 + 5, c, p0 + tx] = a[5]


@njit(parallel=True, cache=True, fastmath=FMA, error_model="numpy")
def _output_transform_rows(m, b, out, th, tw, act):
    # m: (36, K, >= P) -> out: (N, K, OH, OW) = act(b + A^T M A), clipped at the edges. Per tile row, both
    # stages run across the row's tiles (consecutive p: contiguous loads); only the final stores are strided.
    N, K, OH, OW = out.shape
    for plane in prange(N * K):
        n = plane // K
        k = plane % K
        o = out[n, k]
        u = np.empty((6, 4, tw), np.float32)  # M A for each tile of the row: u[i, j, tx]
        bias = b[k]
        for ty in range(th):
            p0 = (n * th + ty) * tw
            for i in range(6):
                r = 6 * i
                for tx in range(tw):
                    a = _at(m[r, k, p0 + tx], m[r + 1, k, p0 + tx], m[r + 2, k, p0 + tx], m[r + 3, k, p0 + tx],
                            m[r + 4, k, p0 + tx], m[r + 5, k, p0 + tx])
                    u[i, 0, tx] = a[0]
                    u[i, 1, tx] = a[1]
                    u[i, 2, tx] = a[2]
                    u[i, 3, tx] = a[3]
            for j in range(4):
                for tx in range(tw):
                    xx = 4 * tx + j
                    if xx >= OW:
                        continue
                    a = _at(u[0, j, tx], u[1, j, tx], u[2, j, tx], u[3, j, tx], u[4, j, tx], u[5, j, tx])
                    for i in range(4):
                        y = 4 * ty + i
                        if y < OH:
                            o[y, xx] = activate(a[i] + bias, act)


def conv2d_forward(xp, u_packed, b, out, act):
    """xp: (N, C, Hp, Wp) float32 padded; u_packed: prepare_weights(w); b: (K,); out: (N, K, Hp-2, Wp-2)."""
    N, C, Hp, Wp = xp.shape
    K, OH, OW = out.shape[1], out.shape[2], out.shape[3]
    th, tw = -(-OH // 4), -(-OW // 4)
    P = N * th * tw
    # columns as the tile kernel takes them in vectorised tiles: any number from 32 on (its last tile is 8,
    # 16 or 32 wide), else 8, 16 or 32 (its path for other narrow planes is scalar). AlexNet's 13x13 and
    # VGG's 14x14 layers at batch 1 have 16 tiles: 16 columns, not 32 of which half zeros. Each column's
    # sum is the same whatever the width, so this changes no result.
    Pcols = P if P >= 32 else 8 if P <= 8 else 16 if P <= 16 else 32
    v = np.empty((36, C, Pcols), np.float32)
    v[:, :, P:] = 0
    input_transform(xp, v, th, tw)
    m = np.empty((1, 36 * K, 1, Pcols), np.float32)
    conv2d_tiles.conv2d_tiles_forward(v.reshape(1, 36 * C, 1, Pcols), u_packed, np.zeros(36 * K, np.float32), m,
                                      1, 1, 1, 1, 0)
    output_transform(m.reshape(36, K, Pcols), b, out, th, tw, act)
