"""Winograd F(4x4, 3x3) and F(4x4, 5x5) convolution for the CPU: stride 1, no dilation, no groups, float32.

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

F(4x4, 5x5) (AlexNet's conv2) takes 8x8 patches (8 points: 0, +-1, +-2, +-1/2 and infinity, those of
F(6x6,3x3)), the same 4x4 output tiles and 64 products: 4 multiplies per output instead of 25. It replaced
F(2x2,5x5) on the 6 points above (9 per output): AlexNet's conv2 at batch 1 1.16 against 2.55 ms, at batch 8
8.6 against 15.7 ms (the two interleaved in one process, 2026-11-26).

Accuracy: about 1e-6 relative to float64 for F(4x4,3x3) (the transforms' coefficients reach 8 and 1/24),
2e-6 for F(4x4,5x5) (21/4 and 1/90).
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
# F(4x4,5x5), in and out channels. Against the better direct kernel (ms, 2 threads, batch 8 unless said):
# 96->256 on 27x27 15.1 vs 35.8; 64->64 on 16x16 1.14 vs 1.94; 48->48 on 10x10 0.46 vs 0.58; 64->128 on
# 12x12 batch 1 0.25 vs 0.28; a tie at 32 channels (32->32 and 32->64 on 28x28, 32->128 on 14x14: 0.84-1.28x
# from one run to the next); loses below: 16->32 on 28x28 1.24 vs 0.89.
MIN_CHANNELS_5X5 = (48, 48)
MIN_OUTPUT_SIDE = 8   # tiny maps leave most of the 4x4 tiles and of the 32-column GEMM tiles empty

G_MATRIX = np.array([[1 / 4, 0, 0], [-1 / 6, -1 / 6, -1 / 6], [-1 / 6, 1 / 6, -1 / 6],
                     [1 / 24, 1 / 12, 1 / 6], [1 / 24, -1 / 12, 1 / 6], [0, 0, 1]])
# F(4x4,5x5) on 8 points (0, 1, -1, 2, -2, 1/2, -1/2, inf), the points of F(6x6,3x3): 8x8 input patches at a
# stride of 4, 64 products per 4x4 outputs (4 per output, not 25). Row j of G is (1, p, p^2, p^3, p^4) / f_j,
# f_j = the product of (p_j - p_l) over the other finite points (row 0 negated, as B^T's row 0 is); inf: (0,0,0,0,1).
# B^T and A^T are in _bt8 and _at8 below. Their product is exact: A^T (G g * B^T d) = the correlation of d
# and g, in rationals (checked in tests/test_winograd.py).
G8_MATRIX = np.array([[-1, 0, 0, 0, 0], [-2 / 9] * 5, [-2 / 9, 2 / 9, -2 / 9, 2 / 9, -2 / 9],
                      [1 / 90, 1 / 45, 2 / 45, 4 / 45, 8 / 45], [1 / 90, -1 / 45, 2 / 45, -4 / 45, 8 / 45],
                      [32 / 45, 16 / 45, 8 / 45, 4 / 45, 2 / 45], [32 / 45, -16 / 45, 8 / 45, -4 / 45, 2 / 45],
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
    if KH == 5:  # 4 products per output pixel instead of 25, but larger transforms than F(4x4,3x3)
        return Cg >= MIN_CHANNELS_5X5[0] and K >= MIN_CHANNELS_5X5[1]
    return min(Cg, K) >= MIN_CHANNELS


def prepare_weights(w):
    """(K, C, r, r), r = 3 or 5 -> U as conv2d_tiles packs a (36*K, C, 1, 1) convolution with 36 groups (r = 3)
    or a (64*K, C, 1, 1) one with 64 groups (r = 5)."""
    w = np.asarray(w, np.float64)
    K, C = w.shape[:2]
    g = G_MATRIX if w.shape[2] == 3 else G8_MATRIX
    a = g.shape[0]  # 6 or 8 points
    u = (g @ w @ g.T).transpose(2, 3, 0, 1)  # G g G^T for every (k, c) -> (a, a, K, C); einsum took 12 ms
    return conv2d_tiles.pack_conv2d_weights(u.reshape(a * a * K, C, 1, 1).astype(np.float32), a * a)


# float32 constants: an int literal would promote the float32 arithmetic to float64
_2, _4, _5, _8 = np.float32(2), np.float32(4), np.float32(5), np.float32(8)
_1_2, _1_4, _1_8, _5_2, _5_4 = np.float32(0.5), np.float32(0.25), np.float32(0.125), np.float32(2.5), np.float32(1.25)
_17_4, _21_4 = np.float32(4.25), np.float32(5.25)


@njit(inline="always")
def _bt(d0, d1, d2, d3, d4, d5):
    """B^T d for one column of 6."""
    return (_4 * d0 - _5 * d2 + d4, -_4 * d1 - _4 * d2 + d3 + d4, _4 * d1 - _4 * d2 - d3 + d4,
            -_2 * d1 - d2 + _2 * d3 + d4, _2 * d1 - d2 - _2 * d3 + d4, _4 * d1 - _5 * d3 + d5)


@njit(inline="always")
def _bt8(d0, d1, d2, d3, d4, d5, d6, d7):
    """B^T d for one column of 8, F(4x4,5x5): the rows (-1, 0, 21/4, 0, -21/4, 0, 1, 0), then in pairs
    b + a and b - a: (1, 1, -17/4, -17/4, 1, 1) and (-1, 1, 17/4, -17/4, -1, 1) on d1..d6, (1/2, 1/4, -5/2,
    -5/4, 2, 1), (2, 4, -5/2, -5, 1/2, 1), and (0, -1, 0, 21/4, 0, -21/4, 0, 1)."""
    a1 = d1 + d5 - _17_4 * d3
    b1 = d2 + d6 - _17_4 * d4
    a3 = _1_2 * d1 - _5_2 * d3 + _2 * d5
    b3 = _1_4 * d2 - _5_4 * d4 + d6
    a5 = _2 * d1 - _5_2 * d3 + _1_2 * d5
    b5 = _4 * d2 - _5 * d4 + d6
    return (d6 - d0 + _21_4 * (d2 - d4), b1 + a1, b1 - a1, b3 + a3, b3 - a3, b5 + a5, b5 - a5,
            d7 - d1 + _21_4 * (d3 - d5))


@njit(inline="always")
def _at8(m0, m1, m2, m3, m4, m5, m6, m7):
    """A^T m for one column of 8 -> 4, F(4x4,5x5): rows p^0, p^1, p^2, p^3 (+ m7 for inf) at the points."""
    s12, d12, s34, d34, s56, d56 = m1 + m2, m1 - m2, m3 + m4, m3 - m4, m5 + m6, m5 - m6
    return (m0 + s12 + s34 + s56, d12 + _2 * d34 + _1_2 * d56, s12 + _4 * s34 + _1_4 * s56,
            d12 + _8 * d34 + _1_8 * d56 + m7)


@njit(inline="always")
def _at(m0, m1, m2, m3, m4, m5):
    """A^T m for one column of 6 -> 4."""
    return (m0 + m1 + m2 + m3 + m4, m1 - m2 + _2 * m3 - _2 * m4, m1 + m2 + _4 * m3 + _4 * m4,
            m1 - m2 + _8 * m3 - _8 * m4 + m5)


# Planes of at most this many tiles (AlexNet's 13x13: 16, VGG's 14x14: 16, 28x28: 49) are transformed
# across all their tiles at once: by tile rows (below) the second stage ran 4-wide and scalar.
PLANE_TILES = 64


def input_transform(x, v, th, tw, r=3, pad_top=0, pad_left=0):
    """x: (N, C, H, W), zero-padded by pad_top rows above and pad_left columns to the left (and by zeros
    past its other edges) -> v[:, :, :P]: (a*a, C, >= P), P = N * th * tw tiles, p = (n * th + ty) * tw + tx;
    r: the filter's side, 3 (F(4x4,3x3): a = 6 points) or 5 (F(4x4,5x5): a = 8). Tile (ty, tx) reads the
    a x a patch at (4 * ty, 4 * tx) of the padded input."""
    pt, pl = np.int64(pad_top), np.int64(pad_left)
    if r == 5:
        _input_transform_8(x, v, th, tw, pt, pl)
    elif th * tw <= PLANE_TILES:
        _input_transform_planes(x, v, th, tw, pt, pl)
    else:
        _input_transform_rows(x, v, th, tw, pt, pl)


def output_transform(m, b, out, th, tw, act, r=3):
    """m: (a*a, K, >= P) -> out: (N, K, OH, OW) = act(b + A^T M A) in 4x4 tiles, clipped at the edges."""
    if r == 5:
        _output_transform_8(m, b, out, th, tw, act)
    elif th * tw <= PLANE_TILES:
        _output_transform_planes(m, b, out, th, tw, act)
    else:
        _output_transform_rows(m, b, out, th, tw, act)


@njit(parallel=True, cache=True, fastmath=FMA, error_model="numpy")
def _input_transform_planes(xs, v, th, tw, pt, pl):
    # For small planes: per (image, channel), the 6x6 patches of all T = th * tw tiles gathered into
    # d[36, T] (zeros in the padding and past the edges), then B^T d B with every loop running across the T
    # tiles (contiguous, vectorised), stored to v[:, c, p0:p0 + T] (the plane's tiles are consecutive in p).
    N, C, H, W = xs.shape
    T = th * tw
    for plane in prange(N * C):
        n = plane // C
        c = plane % C
        x = xs[n, c]
        d = np.zeros((36, T), np.float32)
        for ty in range(th):
            for i in range(6):
                y = 4 * ty + i - pt
                if y < 0:
                    continue
                if y >= H:
                    break
                for tx in range(tw):
                    for j in range(6):
                        xx = 4 * tx + j - pl
                        if 0 <= xx < W:
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
def _input_transform_rows(xs, v, th, tw, pt, pl):
    # xs: (N, C, H, W), padded by pt rows above and pl columns left -> v[:, :, :P]: (36, C, >= P),
    # P = N * th * tw tiles, p = (n * th + ty) * tw + tx; tile (ty, tx) reads the 6x6 patch at (4 * ty, 4 * tx)
    # of the padded input. Per tile row: first B^T down the 6 input rows for the whole width at once
    # (contiguous, vectorised), then across each tile's 6 columns.
    N, C, H, W = xs.shape
    W6 = 4 * tw + 2  # the columns the tiles of a row read
    lo = min(pl, W6)      # columns of the padded row before the input's first
    hi = min(W6, W + pl)  # and past its last
    for plane in prange(N * C):
        n = plane // C
        c = plane % C
        x = xs[n, c]
        rows = np.zeros((6, W6), np.float32)  # the tile row's 6 input rows (zeros in the padding)
        t = np.empty((6, W6), np.float32)     # B^T applied down them
        for ty in range(th):
            y0 = 4 * ty - pt
            for i in range(6):
                if 0 <= y0 + i < H:
                    dst = rows[i, lo:hi]
                    src = x[y0 + i, lo - pl:hi - pl]
                    for j in range(hi - lo):  # a loop: see cpu.pad_forward
                        dst[j] = src[j]
                    rows[i, :lo] = 0
                    rows[i, hi:] = 0
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


TILE_BLOCK = 64  # tiles per pass of the 8-point transforms: their 64 x 64-value scratch (16 KB) stays in L1


@njit(parallel=True, cache=True, fastmath=FMA, error_model="numpy")
def _input_transform_8(xs, v, th, tw, pt, pl):
    # F(4x4,5x5): xp (N, C, Hp, Wp) -> v[:, :, :P]: (64, C, >= P), p = (n * th + ty) * tw + tx; tile (ty, tx)
    # reads the 8x8 patch at (4 * ty, 4 * tx) of the input padded by pt rows above and pl columns left (zeros in
    # the padding and past the edges). Per plane, TILE_BLOCK tiles at a time:
    # their patches gathered into d[64, t], then B^T down the columns and across the rows, every loop
    # across the tiles (contiguous, vectorised), as _input_transform_planes does with 6x6 patches.
    N, C, H, W = xs.shape
    T = th * tw
    for plane in prange(N * C):
        n = plane // C
        c = plane % C
        x = xs[n, c]
        d = np.empty((64, TILE_BLOCK), np.float32)
        e = np.empty((64, TILE_BLOCK), np.float32)  # B^T d: e[a * 8 + j, t]
        for t0 in range(0, T, TILE_BLOCK):
            nt = min(TILE_BLOCK, T - t0)
            for t in range(nt):
                ty = (t0 + t) // tw
                tx = t0 + t - ty * tw
                for i in range(8):
                    y = 4 * ty + i - pt
                    for j in range(8):
                        xx = 4 * tx + j - pl
                        d[i * 8 + j, t] = x[y, xx] if 0 <= y < H and 0 <= xx < W else np.float32(0)
            for j in range(8):
                for t in range(nt):
                    a = _bt8(d[j, t], d[8 + j, t], d[16 + j, t], d[24 + j, t], d[32 + j, t], d[40 + j, t],
                             d[48 + j, t], d[56 + j, t])
                    e[j, t] = a[0]
                    e[8 + j, t] = a[1]
                    e[16 + j, t] = a[2]
                    e[24 + j, t] = a[3]
                    e[32 + j, t] = a[4]
                    e[40 + j, t] = a[5]
                    e[48 + j, t] = a[6]
                    e[56 + j, t] = a[7]
            p0 = n * T + t0
            for i in range(8):
                r = 8 * i
                for t in range(nt):
                    a = _bt8(e[r, t], e[r + 1, t], e[r + 2, t], e[r + 3, t], e[r + 4, t], e[r + 5, t],
                             e[r + 6, t], e[r + 7, t])
                    v[r, c, p0 + t] = a[0]
                    v[r + 1, c, p0 + t] = a[1]
                    v[r + 2, c, p0 + t] = a[2]
                    v[r + 3, c, p0 + t] = a[3]
                    v[r + 4, c, p0 + t] = a[4]
                    v[r + 5, c, p0 + t] = a[5]
                    v[r + 6, c, p0 + t] = a[6]
                    v[r + 7, c, p0 + t] = a[7]


@njit(parallel=True, cache=True, fastmath=FMA, error_model="numpy")
def _output_transform_8(m, b, out, th, tw, act):
    # F(4x4,5x5): m (64, K, >= P) -> out (N, K, OH, OW) = act(b + A^T M A) in 4x4 tiles, clipped at the edges;
    # per plane, TILE_BLOCK tiles at a time, every loop across the tiles, then the 4x4 results scattered
    N, K, OH, OW = out.shape
    T = th * tw
    for plane in prange(N * K):
        n = plane // K
        k = plane % K
        o = out[n, k]
        u = np.empty((32, TILE_BLOCK), np.float32)  # M A: u[i * 4 + j, t]
        y = np.empty((16, TILE_BLOCK), np.float32)  # A^T (M A): y[i * 4 + j, t], before bias and activation
        bias = b[k]
        for t0 in range(0, T, TILE_BLOCK):
            nt = min(TILE_BLOCK, T - t0)
            p0 = n * T + t0
            for i in range(8):
                r = 8 * i
                for t in range(nt):
                    a = _at8(m[r, k, p0 + t], m[r + 1, k, p0 + t], m[r + 2, k, p0 + t], m[r + 3, k, p0 + t],
                             m[r + 4, k, p0 + t], m[r + 5, k, p0 + t], m[r + 6, k, p0 + t], m[r + 7, k, p0 + t])
                    u[i * 4, t] = a[0]
                    u[i * 4 + 1, t] = a[1]
                    u[i * 4 + 2, t] = a[2]
                    u[i * 4 + 3, t] = a[3]
            for j in range(4):
                for t in range(nt):
                    a = _at8(u[j, t], u[4 + j, t], u[8 + j, t], u[12 + j, t], u[16 + j, t], u[20 + j, t],
                             u[24 + j, t], u[28 + j, t])
                    y[j, t] = a[0]
                    y[4 + j, t] = a[1]
                    y[8 + j, t] = a[2]
                    y[12 + j, t] = a[3]
            for t in range(nt):
                ty = (t0 + t) // tw
                tx = t0 + t - ty * tw
                for i in range(4):
                    yy = 4 * ty + i
                    if yy >= OH:
                        break
                    for j in range(4):
                        xx = 4 * tx + j
                        if xx < OW:
                            o[yy, xx] = activate(y[i * 4 + j, t] + bias, act)


# Images go through the three steps in groups whose products M (36 values per tile and output channel,
# 64 for F(4x4,5x5)) take about this many bytes, so that M is still in cache when the
# output transform reads it. AlexNet's conv2 (then F(2x2,5x5)) at batch 8 in one go wrote 43 MB of M: 21 ms; by images,
# the batch-1 speed, 1.6 ms an image; whole models at batch 8: AlexNet 54.8 vs 64.9 ms, VGG-16 890 vs 992 ms.
# Results do not depend on it (each tile and column is computed alone).
GROUP_BYTES = 4 << 20


def _columns(P):
    """The columns the products take for P tiles, as the tile kernel takes them in vectorised tiles: any
    number from 32 on (its last tile is 8, 16 or 32 wide), else 8, 16 or 32 (its path for other narrow
    planes is scalar). AlexNet's 13x13 and VGG's 14x14 layers at batch 1 have 16 tiles: 16 columns, not
    32 of which half zeros. Each column's sum is the same whatever the width, so this changes no result."""
    return P if P >= 32 else 8 if P <= 8 else 16 if P <= 16 else 32


def conv2d_forward(x, u_packed, b, out, act, pad_top=0, pad_left=0):
    """x: (N, C, H, W) float32, zero-padded by pad_top rows above and pad_left columns to the left (the
    padding below and to the right is whatever the output's size implies); u_packed: prepare_weights(w) of
    an r x r filter (r = 3 or 5); b: (K,); out: (N, K, OH, OW)."""
    N, C = x.shape[0], x.shape[1]
    K, OH, OW = out.shape[1], out.shape[2], out.shape[3]
    products = u_packed.shape[0]  # per tile: 36 for F(4x4,3x3) on 6x6 patches, 64 for F(4x4,5x5) on 8x8
    r = 3 if products == 36 else 5
    th, tw = -(-OH // 4), -(-OW // 4)
    group = max(1, min(N, GROUP_BYTES // (products * max(C, K) * th * tw * 4)))
    full = _columns(group * th * tw)
    v = np.empty((products, C, full), np.float32)  # (reused by every group of that size)
    m = np.empty((1, products * K, 1, full), np.float32)
    zeros = np.zeros(products * K, np.float32)
    for n0 in range(0, N, group):
        n1 = min(N, n0 + group)
        P = (n1 - n0) * th * tw
        cols = _columns(P)
        if cols != full:  # the last, smaller group: arrays of its own size
            v, m = np.empty((products, C, cols), np.float32), np.empty((1, products * K, 1, cols), np.float32)
        v[:, :, P:] = 0
        input_transform(x[n0:n1], v, th, tw, r, pad_top, pad_left)
        conv2d_tiles.conv2d_tiles_forward(v.reshape(1, products * C, 1, cols), u_packed, zeros, m, 1, 1, 1, 1, 0)
        output_transform(m.reshape(products, K, cols), b, out[n0:n1], th, tw, act, r)
