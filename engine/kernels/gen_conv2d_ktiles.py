"""Generator for engine/kernels/conv2d_ktiles.py (direct convolution vectorised over output channels).

Run:  python engine/kernels/gen_conv2d_ktiles.py

The twin of gen_conv2d_tiles.py with the roles of channels and pixels swapped: a tile is 32 output
channels x 8 output pixels, 256 scalar accumulators; each k-step loads the 32 weights of one (c, ky, kx)
as two zmm vectors and broadcasts the 8 pixels' input values, for 16 zmm FMAs.  Because the 8 input
values are broadcast one by one, they need not be contiguous: pixels are taken in dense output order
(no "wide" columns past the row end, no stride phases), which is what small maps and strided layers
waste in conv2d_tiles.  Measured on one core (C=192, 3x3): 104 GFLOP/s against 111 for the 8x32 tile.
"""
import os

TK = 32  # output channels per tile (two zmm vectors)
TP = 8   # output pixels per tile

HEADER = '''\
# GENERATED FILE - DO NOT EDIT.
# Written by engine/kernels/gen_conv2d_ktiles.py (run: python engine/kernels/gen_conv2d_ktiles.py).
"""Register-tiled direct 2-D convolution vectorised over output channels (float32, NCHW), in Numba.

Public interface:
    pack_weights(w, groups) -> wpack                  (G, ceil(Kg/32), Cg, KH, KW, 32)
    conv2d_ktiles_forward(xp, wpack, b, out, stride_h, stride_w, dil_h, dil_w, activation)
    efficiency(xp_shape, w_shape, stride, dilation, groups, out_hw) -> (this kernel's, conv2d_tiles')
    prefer(xp_shape, w_shape, stride, dilation, groups, out_hw) -> bool: use this kernel, not conv2d_tiles

Method: a tile is 32 output channels x 8 output pixels, the pixels consecutive in the dense output
order (oy, ox), so a tile may span output rows; every pixel has its own input offset, and each k-step
broadcasts the 8 input values one by one.  No padding columns are computed (conv2d_tiles computes
Wp - OW extra columns per row, and splits strided inputs into phases, zero-padding the taps); only
the channel count is rounded up to 32.

Determinism: every output element is  acc = 0; for c, ky, kx ascending: acc = fma(w, x, acc); then
acc + bias, then the activation, with the same fastmath flags as conv2d_tiles: the two kernels give
bit-identical outputs, so which one a layer uses changes no result.
"""
import numpy as np
from numba import njit, prange

from engine.kernels import conv2d_tiles
from engine.kernels.activations import activate

_FM = {"contract", "nnan", "ninf", "nsz", "arcp", "afn"}  # no "reassoc" (see PERF-NOTES)
_FM_EPILOGUE = {"contract", "nsz"}  # as conv2d_tiles: vector and scalar code round alike
TILE_K = %(TK)d
TILE_P = %(TP)d
# a prange launch costs ~2 us: below this many MACs per call the calling thread does it all
_SERIAL_MACS = 1 << 20
# blocking (results do not depend on it): pixel tiles per work item (their sums, 8 KB, stay in L1),
# (c, ky, kx) steps per pass over them (256 x 32 weights = 32 KB), and the number of work items the
# parallel driver aims for (it shrinks the chunk to get it)
PCHUNK = 8
KSTEPS_PER_BLOCK = 256
MIN_ITEMS = 32
ZERO = np.int64(0)  # typed, not a literal: see conv2d_tiles.py
'''


def gen_tile():
    ind = " " * 4
    offs = ", ".join("o%d" % p for p in range(TP))
    L = []
    L.append("@njit(cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')")
    L.append("def _tile_32x8(xf, xo, %s, wf, wo, nc, T, cs, tapoff, buf, bo):" % offs)
    L.append(ind + '"""buf[bo + 32*p + k] += sum over c < nc, t < T (c, t ascending, one FMA each) of')
    L.append(ind + '   wf[wo + (c*T + t)*32 + k] * xf[xo + c*cs + tapoff[t] + o_p],  k < 32, p < 8."""')
    L.append(ind + "bv = buf[bo:bo + %d]" % (TK * TP))
    # unsigned offsets: numba then emits no negative-index wraparound (lea, sar, and) per input load, and
    # LLVM keeps the 8 pixel pointers in registers: 5-9% faster (AlexNet conv1-conv4 shapes), same bits
    L.append(ind + ", ".join("u%d" % p for p in range(TP)) + " = " +
             ", ".join("np.uint64(o%d)" % p for p in range(TP)))
    for p in range(TP):
        for k0 in range(0, TK, 8):
            L.append(ind + "; ".join("a%d_%d = bv[%d]" % (p, k, p * TK + k) for k in range(k0, k0 + 8)))
    L.append(ind + "for c in range(nc):")
    L.append(ind * 2 + "xc = xo + c * cs")
    L.append(ind * 2 + "wc = wo + c * T * %d" % TK)
    L.append(ind * 2 + "for t in range(T):")
    i3 = ind * 3
    L.append(i3 + "q = np.uint64(xc + tapoff[t])")
    L.append(i3 + "r = wc + t * %d" % TK)
    L.append(i3 + "wv = wf[r:r + %d]" % TK)
    for k0 in range(0, TK, 8):
        L.append(i3 + "; ".join("w%d = wv[%d]" % (k, k) for k in range(k0, k0 + 8)))
    L.append(i3 + "; ".join("x%d = xf[q + u%d]" % (p, p) for p in range(TP)))
    for p in range(TP):
        for k0 in range(0, TK, 8):
            L.append(i3 + "; ".join("a%d_%d += w%d * x%d" % (p, k, k, p) for k in range(k0, k0 + 8)))
    for p in range(TP):
        for k0 in range(0, TK, 8):
            L.append(ind + "; ".join("bv[%d] = a%d_%d" % (p * TK + k, p, k) for k in range(k0, k0 + 8)))
    return "\n".join(L) + "\n"


BODY = r'''

@njit(cache=True, fastmath=_FM_EPILOGUE, nogil=True, boundscheck=False, error_model='numpy')
def _store_tile(buf, bo, nk, nvalid, p0, npix, b, outf, kbase, P, act):
    """out[k, p0 + p] = act(buf[bo + 32*p + k] + b[nk + k]) for k < nvalid, p < npix; kbase: the flat
    offset of output channel nk of this image, P: pixels per output plane."""
    for k in range(nvalid):
        bias = b[nk + k]
        dst = kbase + k * P + p0
        src = bo + k
        if dst < 0 or src < 0:  # never: tells LLVM the indices are not negative (drops wraparound selects)
            continue
        if act == 0:
            for p in range(npix):
                outf[dst + p] = buf[src + %(TK)d * p] + bias
        elif act == 1:
            for p in range(npix):
                outf[dst + p] = activate(buf[src + %(TK)d * p] + bias, 1)
        elif act == 2:
            for p in range(npix):
                outf[dst + p] = activate(buf[src + %(TK)d * p] + bias, 2)
        else:
            for p in range(npix):
                outf[dst + p] = activate(buf[src + %(TK)d * p] + bias, 3)


@njit(cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')
def _run_items(lo, hi, xf, wf, b, outf, G, Cg, Kg, KBg, T, cs, ns, Wp, sh, sw, OW, P,
               tapoff, act, npt, pchunk, cb, buf, offs):
    """Work items lo..hi-1.  item -> (n, g, kb, chunk of pchunk pixel tiles), chunk fastest.  The item's
    sums live in buf (pchunk tiles x 256); input channels are taken cb at a time for all the item's
    tiles, so that a block's weights (cb*T*32 floats, up to 32 KB) are reused from L1.  Per element the
    order is still c = 0..Cg-1, then (ky, kx): the partial sums wait in buf, exactly."""
    nch = (npt + pchunk - 1) // pchunk
    K = G * Kg
    for it in range(lo, hi):
        ch = it %% nch
        r = it // nch
        kb = r %% KBg
        r = r // KBg
        g = r %% G
        n = r // G
        xo = n * ns + g * Cg * cs
        wo = (g * KBg + kb) * Cg * T * %(TK)d
        nk = g * Kg + kb * %(TK)d
        nvalid = min(%(TK)d, Kg - kb * %(TK)d)
        kbase = (n * K + nk) * P
        t0 = ch * pchunk
        nt = min(pchunk, npt - t0)
        # input offsets of each tile's pixels; a plane of fewer than 8 pixels repeats its last one
        for ti in range(nt):
            p0 = _tile_start(t0 + ti, P)
            for j in range(%(TP)d):
                p = min(p0 + j, P - 1)
                oy = p // OW
                offs[ti * %(TP)d + j] = oy * sh * Wp + (p - oy * OW) * sw
        for i in range(nt * %(TK)d * %(TP)d):
            buf[i] = np.float32(0.0)
        for c0 in range(0, Cg, cb):
            nc = min(cb, Cg - c0)
            for ti in range(nt):
                q = ti * %(TP)d
                _tile_32x8(xf, xo + c0 * cs, offs[q], offs[q + 1], offs[q + 2], offs[q + 3], offs[q + 4],
                           offs[q + 5], offs[q + 6], offs[q + 7], wf, wo + c0 * T * %(TK)d, nc, T, cs, tapoff,
                           buf, ti * %(TK)d * %(TP)d)
        for ti in range(nt):
            p0 = _tile_start(t0 + ti, P)
            _store_tile(buf, ti * %(TK)d * %(TP)d, nk, nvalid, p0, min(%(TP)d, P - p0), b, outf, kbase, P, act)


@njit(cache=True, inline="always")
def _tile_start(ti, P):
    # the last tile ends at P: it overlaps the one before (same values)
    p0 = ti * %(TP)d
    if p0 + %(TP)d > P:
        p0 = max(P - %(TP)d, 0)
    return p0


@njit(parallel=True, cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')
def _run_parallel(nitems, xf, wf, b, outf, G, Cg, Kg, KBg, T, cs, ns, Wp, sh, sw, OW, P,
                  tapoff, act, npt, pchunk, cb):
    for it in prange(nitems):
        buf = np.empty(pchunk * %(TK)d * %(TP)d, np.float32)
        offs = np.empty(pchunk * %(TP)d, np.int64)
        _run_items(np.int64(it), np.int64(it) + 1, xf, wf, b, outf, G, Cg, Kg, KBg, T, cs, ns, Wp, sh, sw,
                   OW, P, tapoff, act, npt, pchunk, cb, buf, offs)


@njit(cache=True, nogil=True)
def conv2d_ktiles_forward(xp, wpack, b, out, stride_h, stride_w, dil_h, dil_w, activation):
    """out[n,k,oy,ox] = act(b[k] + sum_{c,ky,kx} w[k,c,ky,kx] * xp[n, g*Cg+c, oy*sh+ky*dh, ox*sw+kx*dw]).

    xp: (N, C, Hp, Wp) float32 C-contiguous, already zero-padded.
    wpack: from pack_weights, shape (G, KBg, Cg, KH, KW, 32).
    b: (K,) float32.  out: (N, K, OH, OW) float32 C-contiguous, fully overwritten.
    activation: 0 none, 1 relu, 2 tanh, 3 sigmoid.
    """
    N, C, Hp, Wp = xp.shape
    G, KBg, Cg, KH, KW = wpack.shape[0], wpack.shape[1], wpack.shape[2], wpack.shape[3], wpack.shape[4]
    K, OH, OW = out.shape[1], out.shape[2], out.shape[3]
    T = KH * KW
    tapoff = np.empty(T, np.int64)
    for ky in range(KH):
        for kx in range(KW):
            tapoff[ky * KW + kx] = ky * dil_h * Wp + kx * dil_w
    cs = Hp * Wp
    ns = C * cs
    P = OH * OW
    npt = (P + %(TP)d - 1) // %(TP)d
    xf = xp.reshape(xp.size)
    wf = wpack.reshape(wpack.size)
    outf = out.reshape(out.size)
    pchunk = max(1, min(PCHUNK, npt))
    cb = max(1, KSTEPS_PER_BLOCK // T)
    macs = N * G * KBg * %(TK)d * npt * %(TP)d * Cg * T
    if macs < _SERIAL_MACS:
        nitems = N * G * KBg * ((npt + pchunk - 1) // pchunk)
        _run_items(ZERO, nitems, xf, wf, b, outf, G, Cg, K // G, KBg, T, cs, ns, Wp, stride_h, stride_w, OW, P,
                   tapoff, activation, npt, pchunk, cb, np.empty(pchunk * %(TK)d * %(TP)d, np.float32),
                   np.empty(pchunk * %(TP)d, np.int64))
        return
    while pchunk > 1 and N * G * KBg * ((npt + pchunk - 1) // pchunk) < MIN_ITEMS:
        pchunk = (pchunk + 1) // 2
    nitems = N * G * KBg * ((npt + pchunk - 1) // pchunk)
    _run_parallel(nitems, xf, wf, b, outf, G, Cg, K // G, KBg, T, cs, ns, Wp, stride_h, stride_w, OW, P,
                  tapoff, activation, npt, pchunk, cb)


def pack_weights(w, groups=1):
    """(K, C//groups, KH, KW) -> (G, ceil(Kg/32), Cg, KH, KW, 32) float32, zero-padded channels.
    wpack[g, kb, c, ky, kx, i] = w[g*Kg + kb*32 + i, c, ky, kx]."""
    return conv2d_tiles.pack_conv2d_weights(w, groups, TILE_K)


def _ceil(a, m):
    return -(-a // m) * m


def efficiency(xp_shape, w_shape, stride, dilation, groups, out_hw):
    """(this kernel's, conv2d_tiles') share of multiply-adds that are useful, for one layer: conv2d_tiles
    computes Wp - OW padding columns per row and rounds channels to 8 (and see `taps` below)
    (and the last tile of a plane to 8, 16 or 32 pixels);
    this kernel rounds channels to 32 and the pixels to 8.  Pure Python."""
    K, Cg, KH, KW = (int(v) for v in w_shape)
    Wp = int(xp_shape[-1])
    sh, sw = stride
    dh, dw = dilation
    OH, OW = out_hw
    Kg = K // int(groups)
    P = OH * OW
    mine = P / _ceil(P, %(TP)d) * Kg / _ceil(Kg, %(TK)d)
    # conv2d_tiles' wide pixels: q = oy*Wq + ox over the phase planes, in tiles of 32
    Wq = -(-Wp // sw)
    Q = (OH - 1) * Wq + OW
    # strided layers: conv2d_tiles runs exactly KH*KW taps over its stride-phase planes, but pays a pass
    # that splits the input into them; this factor (taps rounded up to the stride, as an early version of
    # that kernel computed them) stands in for that cost. It orders the measured cases right: AlexNet's
    # conv1 (11x11/4) 5.9 ms with this kernel against 6.7, VGG's conv1_1 (3x3/1, 3 channels) 17.9 against
    # 11.4 with conv2d_tiles (batch 8, interleaved), where this kernel's transposing epilogue dominates
    taps = KH * KW if (sh, sw) == (1, 1) else _ceil(KH, sh) * _ceil(KW, sw)
    last = Q - _ceil(Q, 32) + 32  # the last tile's pixels: it is 8 or 16 wide where that covers them
    wide = _ceil(Q, 32) - 32 + (8 if last <= 8 else 16 if last <= 16 else 32) if Q >= 32 or Q in (8, 16) else 32
    theirs = P / wide * Kg / _ceil(Kg, 8) * (KH * KW) / taps
    return mine, theirs


# per useful multiply-add this kernel runs at 0.84-0.92x conv2d_tiles' rate in place (AlexNet conv1 0.84-0.86,
# conv2 0.89-0.90, 13x13 layers 0.88-0.91; 104 vs 111 GFLOP/s in a one-tile loop): it is chosen where it
# saves more. (Measured again after conv2d_tiles got narrow last tiles: AlexNet conv2 at batch 8, 18.7 ms
# with this kernel against 18.9 ms.) With unsigned input offsets (5-9%% faster): conv1 0.89, conv2 0.98,
# 13x13 and 14x14 layers 0.98-1.01 (both kernels on one layer, interleaved, batch 8). Kept at the
# strided layers' rate, where the choice is closest.
SPEED_RATIO = 0.88


def prefer(xp_shape, w_shape, stride, dilation, groups, out_hw):
    """True where this kernel should beat conv2d_tiles (both must support the layer; results are equal)."""
    mine, theirs = efficiency(xp_shape, w_shape, stride, dilation, groups, out_hw)
    return mine * SPEED_RATIO > theirs
'''


def generate():
    params = {"TK": TK, "TP": TP}
    return HEADER % params + "\n\n" + gen_tile() + BODY % params


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "conv2d_ktiles.py")
    src = generate()
    with open(path, "w") as f:
        f.write(src)
    print("wrote %s (%d lines)" % (path, src.count("\n")))


if __name__ == "__main__":
    main()
