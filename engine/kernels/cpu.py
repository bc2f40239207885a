"""CPU kernels, compiled by Numba. Pure functions on arrays: no layers, no files, no argument checks
(engine/ops.py checks and allocates). Each kernel writes into a preallocated `out`.

Layouts: activations NCHW (1D ops run as NCHW with H = 1), conv weights (K, C/groups, KH, KW),
dense weights (out, in). Activation codes: 0 none, 1 relu, 2 tanh, 3 sigmoid.

Determinism: every output element is computed by the same instructions in the same order whatever
the batch size or thread count (parallel loops only split independent outputs; dense_transposed.py sums
two fixed halves of the inputs apart, the same halves at any thread count), so a batch of 1 and a batch
of 256 give bit-identical rows.
"""
from engine import compiler_setup  # noqa: F401  (Numba settings before the first compile)

import sys

import numba
import numpy as np
from numba import njit, prange

from engine.kernels import conv2d_ktiles, conv2d_tiles, dense_transposed, winograd
from engine.kernels.activations import activate, activate_range, activation_grad  # noqa: F401 (shared with conv2d_tiles)
from engine.kernels.cpu_memory import empty, is_device_array, swap_last_axes, to_device, to_host, zeros  # noqa: F401
from engine.kernels.padded import Padded, materialized, unpadded

# No 'reassoc' where the order of a sum matters to the result's reproducibility across code paths;
# 'contract' lets LLVM fuse multiply-adds (the same in every path). 'afn' is left out: tanh/exp stay exact.
FMA = {"contract", "nsz"}
# Dot products: a vectorised reduction needs 'reassoc'; its order depends only on the length.
DOT = {"contract", "nsz", "reassoc"}


# ---------------------------------------------------------------- convolution
class PreparedConv:
    """A layer's conv weights in the CPU kernels' own layouts, made once per layer: `tiles` for the
    register-tiled kernel (conv2d_tiles.py), `winograd` for winograd.py where a 3x3 layer is wide
    enough to use it (else None), `ktiles` for conv2d_ktiles.py, made on first use (small maps only)."""

    def __init__(self, w, groups):
        self.w, self.groups = w, groups
        self.tiles = conv2d_tiles.pack_conv2d_weights(w, groups)
        self.winograd = winograd.prepare_weights(w) if winograd.supports(w.shape, (1, 1), (1, 1), groups,
                                                                          w.dtype) else None
        self._ktiles = None
        self.choices = {}  # conv2d_forward's kernel per (xp.shape[1:], out.shape[2:], stride, dilation)

    @property
    def ktiles(self):
        if self._ktiles is None:
            self._ktiles = conv2d_ktiles.pack_weights(self.w, self.groups)
        return self._ktiles


def prepare_conv2d_weights(w, groups):
    """PreparedConv, or None where the tiled kernels do not apply (float64, depthwise-like groups)."""
    if w.dtype != np.float32 or (groups > 1 and w.shape[0] // groups < 8):
        return None
    return PreparedConv(w, groups)


def conv2d_forward(xp, w, b, out, stride_h, stride_w, dil_h, dil_w, groups, act, prepared=None):
    """xp: (N, C, Hp, Wp) padded (an array, or pad()'s Padded); w: (K, C/groups, KH, KW); b: (K,) -> out:
    (N, K, OH, OW). float32 runs Winograd F(4x4,3x3) / F(4x4,5x5) for wide 3x3 and 5x5 layers (winograd.py),
    else a register-tiled kernel:
    8 channels x 32 pixels in registers (conv2d_tiles.py, 150-210 GFLOP/s on VGG layers), or 32 channels
    x 8 pixels where the maps are so small or strided that conv2d_tiles would mostly compute padding
    (conv2d_ktiles.py; both give bit-identical outputs). The direct loops below serve float64 and
    depthwise-like groups."""
    stride, dilation = (stride_h, stride_w), (dil_h, dil_w)
    key = (xp.shape[1:], out.shape[2:], stride, dilation)
    kernel = prepared.choices.get(key) if prepared is not None else None
    if kernel is None:  # the choice depends on the layer's geometry and dtype, never on the batch size
        kernel = _conv_kernel(xp, w, out, stride, dilation, groups)
        if prepared is not None:
            prepared.choices[key] = kernel  # (the checks cost ~15 us a call, as much as a small layer)
    if kernel == "winograd":  # reads the unpadded input with the pad offsets: no padded copy
        u = prepared.winograd if prepared is not None else winograd.prepare_weights(w)
        x, pad_top, pad_left = unpadded(xp)
        winograd.conv2d_forward(x, u, b, out, act, pad_top, pad_left)
        return
    xp = materialized(xp)
    if kernel == "ktiles":
        pack = prepared.ktiles if prepared is not None else conv2d_ktiles.pack_weights(w, groups)
        conv2d_ktiles.conv2d_ktiles_forward(xp, pack, b, out, stride_h, stride_w, dil_h, dil_w, act)
    elif kernel == "tiles":
        pack = prepared.tiles if prepared is not None else conv2d_tiles.pack_conv2d_weights(w, groups)
        conv2d_tiles.conv2d_tiles_forward(xp, pack, b, out, stride_h, stride_w, dil_h, dil_w, act)
    else:
        conv2d_forward_direct(xp, w, b, out, stride_h, stride_w, dil_h, dil_w, groups, act)


def _conv_kernel(xp, w, out, stride, dilation, groups):
    """Which kernel conv2d_forward runs: 'winograd', 'ktiles', 'tiles' or 'direct'."""
    if winograd.supports(w.shape, stride, dilation, groups, xp.dtype, out.shape[2:]):
        return "winograd"
    if conv2d_tiles.supports(xp.shape, w.shape, stride, dilation, groups, xp.dtype):
        return "ktiles" if conv2d_ktiles.prefer(xp.shape, w.shape, stride, dilation, groups, out.shape[2:]) else "tiles"
    return "direct"


@njit(parallel=True, cache=True, fastmath=FMA)
def conv2d_forward_direct(xp, w, b, out, stride_h, stride_w, dil_h, dil_w, groups, act):
    # the readable reference: one output row at a time, accumulated over (c, ky, kx) in order
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
                        if stride_w == 1:  # contiguous: vectorises (a runtime stride would need gathers)
                            for ox in range(OW):
                                row[ox] += wv * xrow[x0 + ox]
                        else:
                            for ox in range(OW):
                                row[ox] += wv * xrow[x0 + ox * stride_w]
            if act != 0:
                for ox in range(OW):
                    row[ox] = activate(row[ox], act)


# Training path: im2col + one BLAS GEMM per group. 10x faster than the direct loops on LeNet-sized
# layers (16 channels, 10x10 outputs: 5.5 vs 64 ms forward, 12 vs 122 ms backward at batch 64, one
# thread). Inference keeps the direct kernels above: their results do not depend on the batch size,
# while a BLAS may pick different kernels for different matrix sizes.
def pad(x, pads):
    """x: (N, C, H, W), pads ((top, bottom), (left, right)) -> the zero-padded x, a Padded (padded.py): the
    Winograd kernels read x with the pad offsets, the others take pad_copy's array (materialize())."""
    return Padded(x, pads, pad_copy)


def pad_copy(x, pads):
    """-> the zero-padded (N, C, H + top + bottom, W + left + right) array, as one parallel pass."""
    (pt, pb), (pl, pr) = pads
    N, C, H, W = x.shape
    xp = np.empty((N, C, H + pt + pb, W + pl + pr), x.dtype)
    pad_forward(x, xp, pt, pl)
    return xp


@njit(parallel=True, cache=True)
def pad_forward(x, xp, pad_top, pad_left):
    # x: (N, C, H, W) -> xp: (N, C, Hp, Wp) with x at (pad_top, pad_left), zeros around; every element is
    # written once (numpy's zeros-then-copy is two passes on one thread: 18 ms for VGG's 103 MB at batch 8)
    N, C, H, W = x.shape
    Hp, Wp = xp.shape[2], xp.shape[3]
    for plane in prange(N * C):
        src = x[plane // C, plane % C]
        dst = xp[plane // C, plane % C]
        for y in range(Hp):
            row = dst[y]
            iy = y - pad_top
            if iy < 0 or iy >= H:
                row[:] = 0
                continue
            row[:pad_left] = 0
            line = src[iy]
            for j in range(W):  # a loop: slice assignment from an array drags numba's shape-error
                row[pad_left + j] = line[j]  # formatting into the first compile (its own ~2-3 s)
            row[pad_left + W:] = 0


@njit(parallel=True, cache=True)
def im2col(xp, cols, c0, KH, KW, stride_h, stride_w, dil_h, dil_w, OH, OW):
    # xp: (N, C, Hp, Wp) padded; cols: (Cg*KH*KW, N*OH*OW), rows (c, ky, kx) of channels c0.., columns (n, oy, ox)
    N = xp.shape[0]
    P = OH * OW
    for r in prange(cols.shape[0]):
        c = r // (KH * KW)
        ky = (r // KW) % KH
        kx = r % KW
        for n in range(N):
            for oy in range(OH):
                xrow = xp[n, c0 + c, oy * stride_h + ky * dil_h]
                o = n * P + oy * OW
                x0 = kx * dil_w
                if stride_w == 1:
                    for ox in range(OW):
                        cols[r, o + ox] = xrow[x0 + ox]
                else:
                    for ox in range(OW):
                        cols[r, o + ox] = xrow[x0 + ox * stride_w]


@njit(parallel=True, cache=True)
def col2im(dcols, dxp, c0, KH, KW, stride_h, stride_w, dil_h, dil_w, OH, OW):
    # the adjoint of im2col: adds dcols (Cg*KH*KW, N*OH*OW) into dxp (N, C, Hp, Wp) channels c0..
    N = dxp.shape[0]
    Cg = dcols.shape[0] // (KH * KW)
    P = OH * OW
    for job in prange(N * Cg):
        n = job // Cg
        c = job % Cg
        plane = dxp[n, c0 + c]
        for ky in range(KH):
            for kx in range(KW):
                r = (c * KH + ky) * KW + kx
                x0 = kx * dil_w
                for oy in range(OH):
                    xrow = plane[oy * stride_h + ky * dil_h]
                    o = n * P + oy * OW
                    for ox in range(OW):
                        xrow[x0 + ox * stride_w] += dcols[r, o + ox]


def conv2d_forward_train(xp, w, b, out, stride_h, stride_w, dil_h, dil_w, groups, act):
    """conv2d_forward for training: the same maths through im2col + GEMM; returns the per-group
    column matrices for conv2d_backward (N, K, OH, OW output written into out)."""
    xp = materialized(xp)
    N, K, OH, OW = out.shape
    _, Cg, KH, KW = w.shape
    Kg = K // groups
    cols_all = []
    z = np.empty((K, N * OH * OW), out.dtype)
    for g in range(groups):
        cols = np.empty((Cg * KH * KW, N * OH * OW), xp.dtype)
        im2col(xp, cols, g * Cg, KH, KW, stride_h, stride_w, dil_h, dil_w, OH, OW)
        np.dot(w[g * Kg:(g + 1) * Kg].reshape(Kg, -1), cols, out=z[g * Kg:(g + 1) * Kg])
        cols_all.append(cols)
    z += b[:, None]
    out[...] = z.reshape(K, N, OH, OW).transpose(1, 0, 2, 3)
    if act != 0:
        flat = out.reshape(-1)
        activation_forward(flat, flat, act)
    return cols_all


def conv2d_backward(cols_all, w, dz, dxp, dw, db, stride_h, stride_w, dil_h, dil_w, groups):
    """Gradients of a convolution from conv2d_forward_train's columns. dz: (N, K, OH, OW) before the
    activation -> dxp (N, C, Hp, Wp) for the padded input, dw (K, C/groups, KH, KW), db (K,)."""
    N, K, OH, OW = dz.shape
    _, Cg, KH, KW = w.shape
    Kg = K // groups
    dzm = np.ascontiguousarray(dz.transpose(1, 0, 2, 3)).reshape(K, -1)  # (K, N*OH*OW)
    db[:] = dzm.sum(axis=1)
    dxp[...] = 0
    for g in range(groups):
        ks = slice(g * Kg, (g + 1) * Kg)
        dw[ks] = np.dot(dzm[ks], cols_all[g].T).reshape(Kg, Cg, KH, KW)
        dcols = np.dot(w[ks].reshape(Kg, -1).T, dzm[ks])
        col2im(dcols, dxp, g * Cg, KH, KW, stride_h, stride_w, dil_h, dil_w, OH, OW)


@njit(parallel=True, cache=True)
def activation_backward(y, dy, dz, act):
    # flat (M,): dz = dy * act'(z), from the outputs y
    for i in prange(y.shape[0]):
        dz[i] = dy[i] * activation_grad(y[i], act)


# ---------------------------------------------------------------- pooling
def max_pool2d_forward(x, out, kh, kw, sh, sw, pad_top, pad_left):
    # x: (N, C, H, W) -> out: (N, C, OH, OW); padding never wins (PyTorch pads max pools with -inf)
    _max_pool_runs(x, out, kh, kw, sh, sw, pad_top, pad_left, 4 * numba.get_num_threads())


@njit(parallel=True, cache=True)
def _max_pool_runs(x, out, kh, kw, sh, sw, pad_top, pad_left, runs):
    # the planes in `runs` runs (a few per thread: get_num_threads() inside would stop the caching),
    # each run with its own scratch rows
    N, C, H, W = x.shape
    planes = N * C
    runs = max(1, min(planes, runs))
    for run in prange(runs):
        colmax = np.empty(W, x.dtype)
        winmax = np.empty(W + 2, x.dtype)
        for plane in range(run * planes // runs, (run + 1) * planes // runs):
            max_pool_plane(x[plane // C, plane % C], out[plane // C, plane % C], kh, kw, sh, sw, pad_top, pad_left,
                           colmax, winmax)


LITTLE_ENDIAN = sys.byteorder == "little"  # max_pool_plane's pair pick keeps the low half of each uint64


@njit(inline="always", cache=True)
def _max_nan(v, m):
    # max with NaN propagating (as PyTorch): v replaces m when v > m or v is NaN; once NaN, m stays NaN
    return v if (v > m or v != v) else m


@njit(cache=True)
def max_pool_plane(x, out, kh, kw, sh, sw, pad_top, pad_left, colmax, winmax):
    # one plane, x: (H, W) -> out: (OH, OW); colmax: (W,) and winmax: (W + 2,) scratch (two arrays: as
    # slices of one, 25% slower). Shared with the fused whole-model kernel (cpu_fused.py).
    # Separable, every pass along contiguous rows (vectorised):
    #   colmax[i] = max over the window's rows of x[y, i]            (W,)
    #   winmax[i] = max(colmax[i], ..., colmax[i + kw - 1])           (W - kw + 1,)
    #   out[oy, ox] = winmax[ox * sw - pad_left]                      (a strided pick)
    # The stride-2 pick of float32 reads winmax as uint64 pairs and keeps each low half (one vpmovqd per
    # 8 outputs; a strided loop ran scalar). Views and slices are made once a plane and the code is in
    # one function: per-row views and inlined helpers cost as much as the maxima themselves. AlexNet's
    # 3x3/2 on a 55x55 plane: 2.2 -> 1.2 us.
    # Windows cut by the padding (edge columns) are taken from colmax directly.
    H, W = x.shape
    OH, OW = out.shape
    c1 = colmax[1:]
    c2 = colmax[2:]
    ox_lo = min(max(-(-pad_left // sw), 0), OW)               # first ox with x0 >= 0
    ox_hi = max(min((W - kw + pad_left) // sw + 1, OW), ox_lo)  # past the last ox with x0 + kw <= W
    count = ox_hi - ox_lo
    base = ox_lo * sw - pad_left  # winmax index of ox_lo's window
    n = W - kw + 1
    if count > 0 and (base < 0 or ox_lo < 0):  # never (base < 0 only where count == 0), but it tells
        return  # LLVM that the indices below are not negative: no wraparound selects, vectorised
    first = max(base, 0)
    pairs = winmax[first:first + 2 * ((W + 2 - first) // 2)].view(np.uint64)  # low half of pairs[k]: winmax[base + 2k]
    out_bits = out.view(np.uint32)
    pick_pairs = sw == 2 and winmax.itemsize == 4 and LITTLE_ENDIAN
    for oy in range(OH):
        y0 = oy * sh - pad_top
        ya = max(y0, 0)
        yb = min(y0 + kh, H)
        r0 = x[ya]
        if yb - ya == 3:
            r1, r2 = x[ya + 1], x[ya + 2]
            for i in range(W):
                colmax[i] = _max_nan(r2[i], _max_nan(r1[i], r0[i]))
        elif yb - ya == 2:
            r1 = x[ya + 1]
            for i in range(W):
                colmax[i] = _max_nan(r1[i], r0[i])
        else:
            for i in range(W):
                colmax[i] = r0[i]
            for y in range(ya + 1, yb):
                r = x[y]
                for i in range(W):
                    colmax[i] = _max_nan(r[i], colmax[i])
        if count < OW:  # the edges: windows clipped by the padding
            orow = out[oy]
            for e in range(OW - count):
                ox = e if e < ox_lo else e - ox_lo + ox_hi
                xa = max(ox * sw - pad_left, 0)
                xb = min(ox * sw - pad_left + kw, W)
                m = colmax[xa]
                for i in range(xa + 1, xb):
                    m = _max_nan(colmax[i], m)
                orow[ox] = m
        if count == 0:
            continue
        if kw == 3:
            for i in range(n):
                winmax[i] = _max_nan(c2[i], _max_nan(c1[i], colmax[i]))
        elif kw == 2:
            for i in range(n):
                winmax[i] = _max_nan(c1[i], colmax[i])
        else:
            for i in range(n):
                winmax[i] = colmax[i]
            for j in range(1, kw):
                cj = colmax[j:]
                for i in range(n):
                    winmax[i] = _max_nan(cj[i], winmax[i])
        if pick_pairs:
            dst_bits = out_bits[oy, ox_lo:ox_hi]
            for k in range(count):
                dst_bits[k] = np.uint32(pairs[k] & 0xFFFFFFFF)  # little-endian: the low half is winmax[base + 2k]
        else:
            dst = out[oy, ox_lo:ox_hi]
            src = winmax[base:]
            for k in range(count):
                dst[k] = src[sw * k]


@njit(parallel=True, cache=True)
def max_pool2d_backward(x, dy, dx, kh, kw, sh, sw, pad_top, pad_left):
    # the gradient goes to the first maximum of each window, as in the forward pass
    N, C, H, W = x.shape
    OH, OW = dy.shape[2], dy.shape[3]
    for plane in prange(N * C):
        n = plane // C
        c = plane % C
        dx[n, c] = 0
        for oy in range(OH):
            y0 = oy * sh - pad_top
            ya = max(y0, 0)
            yb = min(y0 + kh, H)
            for ox in range(OW):
                x0 = ox * sw - pad_left
                xa = max(x0, 0)
                xb = min(x0 + kw, W)
                m = x[n, c, ya, xa]
                my, mx = ya, xa
                for y in range(ya, yb):
                    for xx in range(xa, xb):
                        v = x[n, c, y, xx]
                        if v > m or v != v:
                            m = v
                            my, mx = y, xx
                dx[n, c, my, mx] += dy[n, c, oy, ox]


@njit(inline="always", cache=True)
def avg_pool_divisor(y0, x0, kh, kw, H, W, pad_top, pad_left, pad_bottom, pad_right, count_include_pad):
    """Cells of the window at (y0, x0) that count: those inside the padded input (count_include_pad)
    or inside the input only; a ceil_mode overhang past the padding never counts."""
    if count_include_pad:
        return ((min(y0 + kh, H + pad_bottom) - max(y0, -pad_top))
                * (min(x0 + kw, W + pad_right) - max(x0, -pad_left)))
    return (min(y0 + kh, H) - max(y0, 0)) * (min(x0 + kw, W) - max(x0, 0))


@njit(parallel=True, cache=True)
def avg_pool2d_forward(x, out, kh, kw, sh, sw, pad_top, pad_left, pad_bottom, pad_right, count_include_pad):
    # x: (N, C, H, W) -> out: (N, C, OH, OW)
    N, C = x.shape[0], x.shape[1]
    for plane in prange(N * C):
        avg_pool_plane(x[plane // C, plane % C], out[plane // C, plane % C], kh, kw, sh, sw, pad_top, pad_left,
                       pad_bottom, pad_right, count_include_pad)


@njit(cache=True)
def avg_pool_plane(x, out, kh, kw, sh, sw, pad_top, pad_left, pad_bottom, pad_right, count_include_pad):
    # one plane, x: (H, W) -> out: (OH, OW); shared with the fused whole-model kernel (cpu_fused.py).
    # The divisor counts the window inside the padded input (count_include_pad) or inside the input
    # only; a ceil_mode overhang past the padding never counts.
    # Windows wholly inside the input run tap by tap across the row (vectorisable); the edges clip.
    H, W = x.shape
    OH, OW = out.shape
    if kh == 2 and kw == 2 and sh == 2 and sw == 2 and pad_top == 0 and pad_left == 0 and \
            2 * OH <= H and 2 * OW <= W:  # LeNet's pools: every window inside the input
        _avg_pool_2x2(x, out)
        return
    ox_lo = min(max(-(-pad_left // sw), 0), OW)
    ox_hi = max(min((W - kw + pad_left) // sw + 1, OW), ox_lo)
    for oy in range(OH):
        y0 = oy * sh - pad_top
        ya = max(y0, 0)
        yb = min(y0 + kh, H)
        orow = out[oy]
        for ox in range(OW):
            if ox_lo <= ox < ox_hi and yb - ya == kh:
                continue
            x0 = ox * sw - pad_left
            xa = max(x0, 0)
            xb = min(x0 + kw, W)
            s = window_sum(x, ya, yb, xa, xb)
            count = avg_pool_divisor(y0, x0, kh, kw, H, W, pad_top, pad_left, pad_bottom, pad_right,
                                     count_include_pad)
            orow[ox] = s / count
        base = ox_lo * sw - pad_left
        if yb - ya != kh or base < 0 or ox_lo < 0:  # (never negative: see max_pool_plane)
            continue
        if kh == 2 and kw == 2 and sw == 2:  # the common 2x2/2 window: branch-free rows
            r0 = x[ya]
            r1 = x[ya + 1]
            for k in range(ox_hi - ox_lo):
                ox = ox_lo + k
                i = base + 2 * k
                orow[ox] = (((r0[i] + r0[i + 1]) + r1[i]) + r1[i + 1]) / 4  # window_sum's order
        else:
            for ox in range(ox_lo, ox_hi):
                x0 = ox * sw - pad_left
                orow[ox] = window_sum(x, ya, yb, x0, x0 + kw) / (kh * kw)


@njit(cache=True, error_model="numpy")
def _avg_pool_2x2(x, out):
    # 2x2 windows, stride 2, all inside x: the sums in window_sum's order. Its own loop nest, rows from
    # index 0 and * 0.25 (exact, like / 4, which numba computes in float64 for an int divisor): inside
    # avg_pool_plane's general loops the same arithmetic stayed scalar, 3x slower (LeNet's pool1).
    OH, OW = out.shape
    for oy in range(OH):
        r0 = x[2 * oy]
        r1 = x[2 * oy + 1]
        orow = out[oy]
        for k in range(OW):
            i = 2 * k
            orow[k] = (((r0[i] + r0[i + 1]) + r1[i]) + r1[i + 1]) * np.float32(0.25)


@njit(inline="always", cache=True)
def window_sum(x, ya, yb, xa, xb):
    """Sum of x[ya:yb, xa:xb], row by row, left to right, starting from the first value (not from 0,
    which would turn an Inf into NaN through Inf * 0)."""
    t = x[ya, xa]
    for xx in range(xa + 1, xb):
        t += x[ya, xx]
    for y in range(ya + 1, yb):
        for xx in range(xa, xb):
            t += x[y, xx]
    return t


@njit(parallel=True, cache=True)
def avg_pool2d_backward(dy, dx, kh, kw, sh, sw, pad_top, pad_left, pad_bottom, pad_right, count_include_pad):
    N, C, H, W = dx.shape
    OH, OW = dy.shape[2], dy.shape[3]
    for plane in prange(N * C):
        n = plane // C
        c = plane % C
        dx[n, c] = 0
        for oy in range(OH):
            y0 = oy * sh - pad_top
            ya = max(y0, 0)
            yb = min(y0 + kh, H)
            for ox in range(OW):
                x0 = ox * sw - pad_left
                xa = max(x0, 0)
                xb = min(x0 + kw, W)
                count = avg_pool_divisor(y0, x0, kh, kw, H, W, pad_top, pad_left, pad_bottom, pad_right,
                                         count_include_pad)
                g = dy[n, c, oy, ox] / count
                for y in range(ya, yb):
                    for xx in range(xa, xb):
                        dx[n, c, y, xx] += g


@njit(parallel=True, cache=True)
def global_avg_pool_forward(x, out):
    # x: (N, C, S) -> out: (N, C)
    N, C, S = x.shape
    for plane in prange(N * C):
        out[plane // C, plane % C] = plane_mean(x[plane // C, plane % C])


@njit(cache=True)
def plane_mean(x):
    # x: (S,) -> its mean, summed in order (shared with cpu_fused.py)
    s = 0.0  # a float64 sum, as x * 0 gave (which is NaN where x is Inf)
    for i in range(x.shape[0]):
        s += x[i]
    return s / x.shape[0]


@njit(parallel=True, cache=True)
def global_avg_pool_backward(dy, dx):
    # dy: (N, C) -> dx: (N, C, S)
    N, C, S = dx.shape
    for plane in prange(N * C):
        n = plane // C
        c = plane % C
        g = dy[n, c] / S
        for i in range(S):
            dx[n, c, i] = g


# ---------------------------------------------------------------- dense
def prepare_dense_weights(w):
    """The transposed weights where dense_transposed.py runs this layer (float32, at least MIN_WEIGHTS, all
    finite), else None: w as the rows kernel below reads it."""
    return dense_transposed.prepare(w) if dense_transposed.uses(w.shape, w.dtype) else None


def dense_forward(x, w, b, out, act, prepared=None):
    """x: (N, I), w: (O, I), b: (O,) -> out: (N, O). Big float32 layers run from the transposed weights,
    skipping the inputs that are zero (dense_transposed.py; prepared: prepare_dense_weights(w), made per
    call when not given), the others dense_rows_forward. Which one depends on the layer's size alone:
    they round differently, and a layer's results must not depend on the batch."""
    if dense_transposed.uses(w.shape, x.dtype):
        wt = prepared if prepared is not None else dense_transposed.prepare(w)
        if wt is not None:  # (None: weights not all finite)
            dense_transposed.dense_forward(x, wt, b, out, act)
            return
    dense_rows_forward(x, w, b, out, act)


@njit(parallel=True, cache=True, fastmath=DOT)
def dense_rows_forward(x, w, b, out, act):
    # x: (N, I), w: (O, I), b: (O,) -> out: (N, O), in jobs of 4 weight rows (see dense_rows); one or two
    # images in jobs of 8 rows (dense_rows_8: half the multiply-adds; the rows left over go by 4)
    N, O = x.shape[0], w.shape[0]
    if N <= 2:
        spare = np.empty((2, O), out.dtype)
        eights = O // 8
        for job in prange(eights + (O - 8 * eights + 3) // 4):
            if job < eights:
                dense_rows_8(x, w, b, out, act, job * 8, spare)
            else:
                dense_rows(x, w, b, out, act, 8 * eights + 4 * (job - eights))
    else:
        for job in prange((O + 3) // 4):
            dense_rows(x, w, b, out, act, job * 4)


DENSE_CHUNK = 1024  # inputs per pass: 4 weight rows + 4 images of 1024 floats = 32 KB, the L1 cache


@njit(cache=True, fastmath=DOT)
def dense_rows(x, w, b, out, act, o):
    # out[:, o:o+4] for the whole batch. Shared with cpu_fused.py.
    # Each weight row is read from memory once for the whole batch (fc6 of VGG-16 is 411 MB), in chunks
    # of DENSE_CHUNK inputs that stay in L1 while every image uses them; each pass holds 4 images x 4
    # rows = 16 sums, so 8 loads feed 16 multiply-adds. Images go 4 at a time; a last group of fewer
    # repeats its last image, so that every image runs the same code and rounds the same way whatever
    # the batch size. The sums are independent: a NaN in one image stays in that image's row of out.
    # Which path a row takes depends on O alone.
    N, I = x.shape
    O = w.shape[0]
    if o + 4 <= O:
        w0, w1, w2, w3 = w[o], w[o + 1], w[o + 2], w[o + 3]
        for c0 in range(0, I, DENSE_CHUNK):
            c1 = min(c0 + DENSE_CHUNK, I)
            # slices, so that the inner loop starts at 0: with range(c0, c1) LLVM did not vectorise it
            a0, a1, a2, a3 = w0[c0:c1], w1[c0:c1], w2[c0:c1], w3[c0:c1]
            for n0 in range(0, N, 4):
                n1, n2, n3 = min(n0 + 1, N - 1), min(n0 + 2, N - 1), min(n0 + 3, N - 1)
                x0, x1, x2, x3 = x[n0, c0:c1], x[n1, c0:c1], x[n2, c0:c1], x[n3, c0:c1]
                # float32 zero: the sums take x's precision (numba widens them to float64 for float64 x).
                # Not x0[0] * 0, which is NaN when x0[0] is, and would reach the other images' sums.
                z = np.float32(0)
                s00 = s01 = s02 = s03 = s10 = s11 = s12 = s13 = z
                s20 = s21 = s22 = s23 = s30 = s31 = s32 = s33 = z
                for i in range(c1 - c0):
                    u0, u1, u2, u3 = a0[i], a1[i], a2[i], a3[i]
                    v = x0[i]
                    s00 += v * u0
                    s01 += v * u1
                    s02 += v * u2
                    s03 += v * u3
                    v = x1[i]
                    s10 += v * u0
                    s11 += v * u1
                    s12 += v * u2
                    s13 += v * u3
                    v = x2[i]
                    s20 += v * u0
                    s21 += v * u1
                    s22 += v * u2
                    s23 += v * u3
                    v = x3[i]
                    s30 += v * u0
                    s31 += v * u1
                    s32 += v * u2
                    s33 += v * u3
                _dense_partial(out, n0, o, s00, s01, s02, s03, c0)
                if n1 > n0:  # a repeated image is not added twice
                    _dense_partial(out, n1, o, s10, s11, s12, s13, c0)
                if n2 > n1:
                    _dense_partial(out, n2, o, s20, s21, s22, s23, c0)
                if n3 > n2:
                    _dense_partial(out, n3, o, s30, s31, s32, s33, c0)
        for n in range(N):
            for r in range(o, o + 4):
                out[n, r] = activate(out[n, r] + b[r], act)
    else:
        for r in range(o, O):
            wrow = w[r]
            for n in range(N):
                xrow = x[n]
                s = np.float32(0)  # x * 0 would be NaN for x = Inf
                for i in range(I):
                    s += xrow[i] * wrow[i]
                out[n, r] = activate(s + b[r], act)


@njit(cache=True, fastmath=DOT)
def dense_rows_8(x, w, b, out, act, o, spare):
    # out[:, o:o+8] for a batch of one or two images (x: (N <= 2, I)): 8 weight rows against 2 images, a lone
    # image taken twice (its twin sums go to spare[1]). dense_rows takes 4 images (a lone one 4 times),
    # so this does half its multiply-adds; it keeps 16 sums, which LLVM vectorises as it does dense_rows'
    # (one register per sum), so every sum rounds the same (tests/test_ops.py, bit for bit). With the
    # twin sums dropped, LLVM interleaves the 8 left and the results differ. AlexNet's fc7-fc8 at batch 1:
    # 1.96 -> 1.88 and 0.20 -> 0.15 ms (interleaved A/B; fc6 the same: memory-bound).
    N, I = x.shape
    x0, x1 = x[0], x[min(1, N - 1)]
    second = out if N == 2 else spare  # where the second image's sums go
    for c0 in range(0, I, DENSE_CHUNK):
        c1 = min(c0 + DENSE_CHUNK, I)
        xa, xb = x0[c0:c1], x1[c0:c1]  # slices: with range(c0, c1) LLVM did not vectorise the loop
        a0, a1, a2, a3 = w[o, c0:c1], w[o + 1, c0:c1], w[o + 2, c0:c1], w[o + 3, c0:c1]
        a4, a5, a6, a7 = w[o + 4, c0:c1], w[o + 5, c0:c1], w[o + 6, c0:c1], w[o + 7, c0:c1]
        z = np.float32(0)  # (not x * 0: see dense_rows)
        s0 = s1 = s2 = s3 = s4 = s5 = s6 = s7 = z
        t0 = t1 = t2 = t3 = t4 = t5 = t6 = t7 = z
        for i in range(c1 - c0):
            u0, u1, u2, u3, u4, u5, u6, u7 = a0[i], a1[i], a2[i], a3[i], a4[i], a5[i], a6[i], a7[i]
            v = xa[i]
            s0 += v * u0
            s1 += v * u1
            s2 += v * u2
            s3 += v * u3
            s4 += v * u4
            s5 += v * u5
            s6 += v * u6
            s7 += v * u7
            v = xb[i]
            t0 += v * u0
            t1 += v * u1
            t2 += v * u2
            t3 += v * u3
            t4 += v * u4
            t5 += v * u5
            t6 += v * u6
            t7 += v * u7
        _dense_partial(out, 0, o, s0, s1, s2, s3, c0)
        _dense_partial(out, 0, o + 4, s4, s5, s6, s7, c0)
        _dense_partial(second, 1, o, t0, t1, t2, t3, c0)
        _dense_partial(second, 1, o + 4, t4, t5, t6, t7, c0)
    for n in range(N):
        for r in range(o, o + 8):
            out[n, r] = activate(out[n, r] + b[r], act)


@njit(cache=True, fastmath=DOT)
def dense_rows_one(x, w, b, out, act, o):
    # out[0, o:o+16] for a batch of ONE image (x: (1, I)): 16 weight rows against the image, where
    # dense_rows would compute the image 4 times over. It keeps 16 sums like dense_rows, and LLVM
    # then vectorises both loops alike (16 lanes over i, one register per sum, the same remainder
    # loops), so each sum rounds exactly as in dense_rows: tests/test_ops.py checks it bit for bit
    # over many input sizes. (With 4 sums LLVM keeps 4 registers per sum and the results differ.)
    # LeNet-5's fc1 on one image: 5.4 -> ~2.7 us (then bound by reading the weights from L2).
    I = x.shape[1]
    x0 = x[0]
    for c0 in range(0, I, DENSE_CHUNK):
        c1 = min(c0 + DENSE_CHUNK, I)
        xc = x0[c0:c1]  # slices: with range(c0, c1) LLVM did not vectorise the loop
        a0, a1, a2, a3 = w[o + 0, c0:c1], w[o + 1, c0:c1], w[o + 2, c0:c1], w[o + 3, c0:c1]
        a4, a5, a6, a7 = w[o + 4, c0:c1], w[o + 5, c0:c1], w[o + 6, c0:c1], w[o + 7, c0:c1]
        a8, a9, a10, a11 = w[o + 8, c0:c1], w[o + 9, c0:c1], w[o + 10, c0:c1], w[o + 11, c0:c1]
        a12, a13, a14, a15 = w[o + 12, c0:c1], w[o + 13, c0:c1], w[o + 14, c0:c1], w[o + 15, c0:c1]
        z = np.float32(0)  # (not x * 0: see dense_rows)
        s0 = s1 = s2 = s3 = s4 = s5 = s6 = s7 = s8 = s9 = s10 = s11 = s12 = s13 = s14 = s15 = z
        for i in range(c1 - c0):
            v = xc[i]
            s0 += v * a0[i]
            s1 += v * a1[i]
            s2 += v * a2[i]
            s3 += v * a3[i]
            s4 += v * a4[i]
            s5 += v * a5[i]
            s6 += v * a6[i]
            s7 += v * a7[i]
            s8 += v * a8[i]
            s9 += v * a9[i]
            s10 += v * a10[i]
            s11 += v * a11[i]
            s12 += v * a12[i]
            s13 += v * a13[i]
            s14 += v * a14[i]
            s15 += v * a15[i]
        _dense_partial(out, 0, o + 0, s0, s1, s2, s3, c0)
        _dense_partial(out, 0, o + 4, s4, s5, s6, s7, c0)
        _dense_partial(out, 0, o + 8, s8, s9, s10, s11, c0)
        _dense_partial(out, 0, o + 12, s12, s13, s14, s15, c0)
    for r in range(o, o + 16):
        out[0, r] = activate(out[0, r] + b[r], act)


@njit(cache=True, inline="always")
def _dense_partial(out, n, o, s0, s1, s2, s3, c0):
    # the first chunk sets out[n, o:o+4], later chunks add to it
    if c0 == 0:
        out[n, o] = s0
        out[n, o + 1] = s1
        out[n, o + 2] = s2
        out[n, o + 3] = s3
    else:
        out[n, o] += s0
        out[n, o + 1] += s1
        out[n, o + 2] += s2
        out[n, o + 3] += s3


@njit(parallel=True, cache=True, fastmath=FMA)
def dense_backward(x, w, dz, dx, dw, db):
    # x: (N, I), w: (O, I), dz: (N, O) gradient before the activation -> dx (N, I), dw (O, I), db (O,)
    # Loops rather than BLAS: OpenBLAS's own spinning threads fight Numba's on 2 cores.
    N, I = x.shape
    O = w.shape[0]
    for n in prange(N):
        row = dx[n]
        row[:] = 0
        for o in range(O):
            g = dz[n, o]
            wrow = w[o]
            for i in range(I):
                row[i] += g * wrow[i]
    for o in prange(O):
        row = dw[o]
        row[:] = 0
        s = 0.0  # a float64 sum, as x * 0 gave (which is NaN where x is Inf)
        for n in range(N):
            g = dz[n, o]
            s += g
            xrow = x[n]
            for i in range(I):
                row[i] += g * xrow[i]
        db[o] = s


# ---------------------------------------------------------------- elementwise and normalisation
@njit(cache=True, nogil=True, fastmath={"reassoc"})
def all_finite(a):
    # a: flat float array -> no NaN and no Inf in it. v - v is 0 for finite v and NaN otherwise, and a NaN
    # survives any order of additions: 'reassoc' alone lets LLVM vectorise the sum and cannot drop it
    # (folding v - v to 0 would need 'nnan'). Blocks of 4096 values, so that a bad value ends it early.
    for start in range(0, a.shape[0], 4096):
        block = a[start:start + 4096]
        s = block.dtype.type(0)
        for i in range(block.shape[0]):
            s += block[i] - block[i]
        if s != 0:
            return False
    return True


@njit(parallel=True, cache=True)
def activation_forward(x, out, act):
    # x, out: flat (M,), in blocks of 4096 values per work item
    M = x.shape[0]
    for job in prange((M + 4095) // 4096):
        start = job * 4096
        activate_range(x, start, out, start, min(4096, M - start), act)


@njit(parallel=True, cache=True)
def softmax_forward(x, out):
    # x, out: (M, K), softmax over each row
    for m in prange(x.shape[0]):
        softmax_row(x[m], out[m])


@njit(cache=True)
def softmax_row(x, out):
    # x, out: (K,), shifted by the row max for stability (shared with cpu_fused.py)
    K = x.shape[0]
    top = x[0]
    for k in range(1, K):
        if x[k] > top:
            top = x[k]
    s = 0.0  # a float64 sum, as x * 0 gave (which is NaN where x is Inf)
    for k in range(K):
        e = np.exp(x[k] - top)
        out[k] = e
        s += e
    for k in range(K):
        out[k] /= s


@njit(parallel=True, cache=True)
def softmax_backward(y, dy, dx):
    # rows of (M, K): dx = y * (dy - sum(dy * y))
    M, K = y.shape
    for m in prange(M):
        s = 0.0  # a float64 sum, as x * 0 gave (which is NaN where x is Inf)
        for k in range(K):
            s += dy[m, k] * y[m, k]
        for k in range(K):
            dx[m, k] = y[m, k] * (dy[m, k] - s)


@njit(cache=True)
def softmax_cross_entropy(z, labels, dz):
    # z: (M, K) logits, labels: (M,) -> mean loss; dz = (softmax(z) - onehot) / M
    M, K = z.shape
    total = 0.0
    for m in range(M):
        top = z[m, 0]
        for k in range(1, K):
            top = max(top, z[m, k])
        s = 0.0
        for k in range(K):
            s += np.exp(z[m, k] - top)
        total += np.log(s) + top - z[m, labels[m]]
        for k in range(K):
            dz[m, k] = np.exp(z[m, k] - top) / s / M
        dz[m, labels[m]] -= 1.0 / M
    return total / M


@njit(parallel=True, cache=True, fastmath=FMA)
def batch_norm_forward(x, scale, shift, out):
    # x, out: (N, C, S); y = x * scale[c] + shift[c] (scale = weight / sqrt(var + eps))
    N, C, S = x.shape
    for plane in prange(N * C):
        c = plane % C
        scale_shift(x[plane // C, c], scale[c], shift[c], out[plane // C, c])


@njit(cache=True, fastmath=FMA)
def scale_shift(x, a, t, out):
    # x, out: (S,); out = x * a + t (shared with cpu_fused.py)
    for i in range(x.shape[0]):
        out[i] = x[i] * a + t


@njit(cache=True)
def batch_norm_train_forward(x, weight, bias, eps, out, mean, var):
    # x, out: (N, C, S); batch statistics per channel -> mean, var (biased), out normalised
    N, C, S = x.shape
    for c in range(C):
        s = 0.0
        for n in range(N):
            for i in range(S):
                s += x[n, c, i]
        mu = s / (N * S)
        q = 0.0
        for n in range(N):
            for i in range(S):
                d = x[n, c, i] - mu
                q += d * d
        v = q / (N * S)
        mean[c] = mu
        var[c] = v
        inv = 1.0 / np.sqrt(v + eps)
        for n in range(N):
            for i in range(S):
                out[n, c, i] = (x[n, c, i] - mu) * inv * weight[c] + bias[c]


@njit(cache=True)
def batch_norm_backward(x, dy, weight, mean, var, eps, dx, dweight, dbias):
    # training-mode batch norm: gradients through the batch statistics as well
    N, C, S = x.shape
    M = N * S
    for c in range(C):
        inv = 1.0 / np.sqrt(var[c] + eps)
        sdy = 0.0
        sdyx = 0.0
        for n in range(N):
            for i in range(S):
                xhat = (x[n, c, i] - mean[c]) * inv
                sdy += dy[n, c, i]
                sdyx += dy[n, c, i] * xhat
        dbias[c] = sdy
        dweight[c] = sdyx
        for n in range(N):
            for i in range(S):
                xhat = (x[n, c, i] - mean[c]) * inv
                dx[n, c, i] = weight[c] * inv * (dy[n, c, i] - sdy / M - xhat * sdyx / M)


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
            s = 0.0  # a float64 sum, as x * 0 gave (which is NaN where x is Inf)
            for j in range(ca, cb):
                v = x[n, j, i]
                s += v * v
            out[n, c, i] = x[n, c, i] / (k + alpha / size * s) ** beta


@njit(parallel=True, cache=True)
def lrn_backward(x, dy, dx, size, alpha, beta, k):
    # y_c = x_c * D_c^-beta with D_c = k + alpha/size * sum_{j in W(c)} x_j^2, W(c) = c-size//2 .. c+(size-1)//2
    # dx_i = dy_i D_i^-beta - 2 alpha beta / size * x_i * sum_{c: i in W(c)} dy_c x_c D_c^(-beta-1)
    N, C, S = x.shape
    before = size // 2
    after = (size - 1) // 2
    for n in prange(N):
        d = np.empty(C, x.dtype)
        for i in range(S):
            for c in range(C):
                s = 0.0  # a float64 sum, as x * 0 gave (which is NaN where x is Inf)
                for j in range(max(c - before, 0), min(c + after + 1, C)):
                    s += x[n, j, i] * x[n, j, i]
                d[c] = k + alpha / size * s
            for c in range(C):
                t = 0.0  # a float64 sum, as x * 0 gave (which is NaN where x is Inf)
                for cc in range(max(c - after, 0), min(c + before + 1, C)):
                    t += dy[n, cc, i] * x[n, cc, i] * d[cc] ** (-beta - 1)
                dx[n, c, i] = dy[n, c, i] * d[c] ** (-beta) - 2 * alpha * beta / size * x[n, c, i] * t
