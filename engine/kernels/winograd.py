"""Winograd F(4x4, 3x3) and F(2x2, 5x5) convolution for the CPU: stride 1, no dilation, no groups, float32.

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

F(2x2, 5x5) (AlexNet's conv2) uses the same 6 points, hence the same B^T and the same 36 products:
2x2 output tiles at a stride of 2, 9 multiplies per output instead of 25, another G (6x5) and A^T (2x6).

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
# F(2x2,5x5), in and out channels. Against the better direct kernel (ms, 2 threads): 64->192 on 27x27
# (AlexNet's conv2) batch 1 1.50 vs 2.15, batch 8 12.1 vs 17.5; 96->256 on 27x27 batch 4 10.7 vs 17.2;
# 128->128 on 12x12 0.45 vs 0.55; loses or ties below: 64->64 on 16x16 0.28 vs 0.25, 32->64 on 28x28
# batch 8 3.6 vs 3.1, 48->48 on 10x10 batch 8 0.56 vs 0.57
MIN_CHANNELS_5X5 = (64, 128)
MIN_OUTPUT_SIDE = 8   # tiny maps leave most of the 4x4 tiles and of the 32-column GEMM tiles empty

G_MATRIX = np.array([[1 / 4, 0, 0], [-1 / 6, -1 / 6, -1 / 6], [-1 / 6, 1 / 6, -1 / 6],
                     [1 / 24, 1 / 12, 1 / 6], [1 / 24, -1 / 12, 1 / 6], [0, 0, 1]])
# F(2x2,5x5) on the same 6 points (0, 1, -1, 2, -2, inf): the same B^T; row j of G is G_MATRIX's scale for
# point p_j times (1, p_j, p_j^2, p_j^3, p_j^4); A^T has rows (p_j^0) and (p_j^1, with 1 for inf)
G5_MATRIX = np.array([[1 / 4, 0, 0, 0, 0], [-1 / 6] * 5, [-1 / 6, 1 / 6, -1 / 6, 1 / 6, -1 / 6],
                      [1 / 24, 2 / 24, 4 / 24, 8 / 24, 16 / 24], [1 / 24, -2 / 24, 4 / 24, -8 / 24, 16 / 24],
                      [0, 0, 0, 0, 1]])


def supports(w_shape, stride, dilation, groups, dtype, out_hw=None):
    """True where this module runs the convolution (and is faster than the direct tiles); out_hw: the
    output's (OH, OW), None to ask about the weights alone."""
    K, Cg, KH, KW = (int(v) for v in w_shape)
    if out_hw is not None and min(out_hw) < MIN_OUTPUT_SIDE:
        return False
    if not (KH == KW and KH in (3, 5) and tuple(stride) == (1, 1) and tuple(dilation) == (1, 1) and groups == 1
            and np.dtype(dtype) == np.float32):
        return False
    if KH == 5:  # 9 products per output pixel instead of 25, but 4x the transforms of F(4x4,3x3) per pixel
        return Cg >= MIN_CHANNELS_5X5[0] and K >= MIN_CHANNELS_5X5[1]
    return min(Cg, K) >= MIN_CHANNELS


def prepare_weights(w):
    """(K, C, r, r), r = 3 or 5 -> U as conv2d_tiles packs a (36*K, C, 1, 1) convolution with 36 groups."""
    w = np.asarray(w, np.float64)
    K, C = w.shape[:2]
    g = G_MATRIX if w.shape[2] == 3 else G5_MATRIX
    u = (g @ w @ g.T).transpose(2, 3, 0, 1)  # G g G^T for every (k, c) -> (6, 6, K, C); einsum took 12 ms
    return conv2d_tiles.pack_conv2d_weights(u.reshape(36 * K, C, 1, 1).astype(np.float32), 36)


# float32 constants: an int literal would promote the float32 arithmetic to float64
_2, _4, _5, _8 = np.float32(2), np.float32(4), np.float32(5), np.float32(8)


@njit(inline="always")
def _bt(d0, d1, d2, d3, d4, d5):
    """B^T d for one column of 6."""
    return (_4 * d0 - _5 * d2 + d4, -_4 * d1 - _4 * d2 + d3 + d4, _4 * d1 - _4 * d2 - d3 + d4,
            -_2 * d1 - d2 + _2 * d3 + d4, _2 * d1 - d2 - _2 * d3 + d4, _4 * d1 - _5 * d3 + d5)


@njit(inline="always")
def _at2(m0, m1, m2, m3, m4, m5):
    """A^T m for one column of 6 -> 2, F(2x2,5x5)."""
    return m0 + m1 + m2 + m3 + m4, m1 - m2 + _2 * m3 - _2 * m4 + m5


@njit(inline="always")
def _at(m0, m1, m2, m3, m4, m5):
    """A^T m for one column of 6 -> 4."""
    return (m0 + m1 + m2 + m3 + m4, m1 - m2 + _2 * m3 - _2 * m4, m1 + m2 + _4 * m3 + _4 * m4,
            m1 - m2 + _8 * m3 - _8 * m4 + m5)


# Planes of at most this many tiles (AlexNet's 13x13: 16, VGG's 14x14: 16, 28x28: 49) are transformed
# across all their tiles at once: by tile rows (below) the second stage ran 4-wide and scalar.
PLANE_TILES = 64


def input_transform(xp, v, th, tw, step=4):
    """xp: (N, C, Hp, Wp) -> v[:, :, :P]: (36, C, >= P), P = N * th * tw tiles, p = (n * th + ty) * tw + tx;
    step: the output tile's side (4 for F(4x4,3x3), 2 for F(2x2,5x5)), the patches' stride."""
    if th * tw <= PLANE_TILES:
        _input_transform_planes(xp, v, th, tw, np.int64(step))
    else:
        _input_transform_rows(xp, v, th, tw, np.int64(step))


def output_transform(m, b, out, th, tw, act, step=4):
    """m: (36, K, >= P) -> out: (N, K, OH, OW) = act(b + A^T M A), clipped at the edges."""
    if step == 2:
        _output_transform_2x2(m, b, out, th, tw, act)
    elif th * tw <= PLANE_TILES:
        _output_transform_planes(m, b, out, th, tw, act)
    else:
        _output_transform_rows(m, b, out, th, tw, act)


@njit(parallel=True, cache=True, fastmath=FMA, error_model="numpy")
def _input_transform_planes(xp, v, th, tw, step):
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
                y = step * ty + i
                if y >= Hp:
                    break
                for tx in range(tw):
                    for j in range(6):
                        xx = step * tx + j
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
def _input_transform_rows(xp, v, th, tw, step):
    # xp: (N, C, Hp, Wp) -> v[:, :, :P]: (36, C, >= P), P = N * th * tw tiles, p = (n * th + ty) * tw + tx;
    # tile (ty, tx) reads the 6x6 patch at (step * ty, step * tx). Per tile row: first B^T down the 6 input
    # rows for the whole width at once (contiguous, vectorised), then across each tile's 6 columns.
    N, C, Hp, Wp = xp.shape
    W6 = step * tw + 6 - step  # the columns the tiles of a row read
    for plane in prange(N * C):
        n = plane // C
        c = plane % C
        x = xp[n, c]
        rows = np.zeros((6, W6), np.float32)  # the tile row's 6 input rows (zeros past the edges)
        t = np.empty((6, W6), np.float32)     # B^T applied down them
        for ty in range(th):
            y0 = step * ty
            w = min(W6, Wp)
            for i in range(6):
                if y0 + i < Hp:
                    for j in range(w):  # a loop: see cpu.pad_forward
                        rows[i, j] = x[y0 + i, j]
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
                    x0 = step * tx
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


@njit(parallel=True, cache=True, fastmath=FMA, error_model="numpy")
def _output_transform_2x2(m, b, out, th, tw, act):
    # F(2x2,5x5): m: (36, K, >= P) -> out: (N, K, OH, OW) = act(b + A^T M A) in 2x2 tiles, clipped at the
    # edges. Per tile row, both stages run across the row's tiles (consecutive p: contiguous loads).
    N, K, OH, OW = out.shape
    for plane in prange(N * K):
        n = plane // K
        k = plane % K
        o = out[n, k]
        u = np.empty((6, 2, tw), np.float32)  # M A for each tile of the row: u[i, j, tx]
        bias = b[k]
        for ty in range(th):
            p0 = (n * th + ty) * tw
            for i in range(6):
                r = 6 * i
                for tx in range(tw):
                    a = _at2(m[r, k, p0 + tx], m[r + 1, k, p0 + tx], m[r + 2, k, p0 + tx], m[r + 3, k, p0 + tx],
                             m[r + 4, k, p0 + tx], m[r + 5, k, p0 + tx])
                    u[i, 0, tx] = a[0]
                    u[i, 1, tx] = a[1]
            for j in range(2):
                for tx in range(tw):
                    xx = 2 * tx + j
                    if xx >= OW:
                        continue
                    a = _at2(u[0, j, tx], u[1, j, tx], u[2, j, tx], u[3, j, tx], u[4, j, tx], u[5, j, tx])
                    o[2 * ty, xx] = activate(a[0] + bias, act)
                    if 2 * ty + 1 < OH:
                        o[2 * ty + 1, xx] = activate(a[1] + bias, act)


# Images go through the three steps in groups whose products M (36 values per tile and output channel:
# 9 per output pixel for F(2x2,5x5)) take about this many bytes, so that M is still in cache when the
# output transform reads it. AlexNet's conv2 at batch 8 in one go wrote 43 MB of M: 21 ms; by images,
# the batch-1 speed, 1.6 ms an image; whole models at batch 8: AlexNet 54.8 vs 64.9 ms, VGG-16 890 vs 992 ms.
# Results do not depend on it (each tile and column is computed alone).
GROUP_BYTES = 4 << 20


def _columns(P):
    """The columns the products take for P tiles, as the tile kernel takes them in vectorised tiles: any
    number from 32 on (its last tile is 8, 16 or 32 wide), else 8, 16 or 32 (its path for other narrow
    planes is scalar). AlexNet's 13x13 and VGG's 14x14 layers at batch 1 have 16 tiles: 16 columns, not
    32 of which half zeros. Each column's sum is the same whatever the width, so this changes no result."""
    return P if P >= 32 else 8 if P <= 8 else 16 if P <= 16 else 32


def conv2d_forward(xp, u_packed, b, out, act):
    """xp: (N, C, Hp, Wp) float32 padded; u_packed: prepare_weights(w) of an r x r filter (r = 3 or 5);
    b: (K,); out: (N, K, Hp-r+1, Wp-r+1)."""
    N, C, Hp, Wp = xp.shape
    K, OH, OW = out.shape[1], out.shape[2], out.shape[3]
    step = 4 if Hp - OH == 2 else 2  # F(4x4,3x3) or F(2x2,5x5): output tiles of step x step
    th, tw = -(-OH // step), -(-OW // step)
    group = max(1, min(N, GROUP_BYTES // (36 * max(C, K) * th * tw * 4)))
    full = _columns(group * th * tw)
    v = np.empty((36, C, full), np.float32)  # (reused by every group of that size)
    m = np.empty((1, 36 * K, 1, full), np.float32)
    zeros = np.zeros(36 * K, np.float32)
    for n0 in range(0, N, group):
        n1 = min(N, n0 + group)
        P = (n1 - n0) * th * tw
        cols = _columns(P)
        if cols != full:  # the last, smaller group: arrays of its own size
            v, m = np.empty((36, C, cols), np.float32), np.empty((1, 36 * K, 1, cols), np.float32)
        v[:, :, P:] = 0
        input_transform(xp[n0:n1], v, th, tw, step)
        conv2d_tiles.conv2d_tiles_forward(v.reshape(1, 36 * C, 1, cols), u_packed, zeros, m, 1, 1, 1, 1, 0)
        output_transform(m.reshape(36, K, cols), b, out[n0:n1], th, tw, act, step)
