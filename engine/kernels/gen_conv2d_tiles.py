"""Generator for engine/kernels/conv2d_tiles.py (register-tiled direct convolution).

Run:  python engine/kernels/gen_conv2d_tiles.py

The micro-kernel keeps an 8x32 output tile (8 output channels x 32 output pixels) in
256 scalar accumulators written out in full; LLVM's SLP vectoriser turns each k-step
into 16 zmm FMAs + 8 broadcasts + 2 loads (see shared PERF-NOTES.md).  The source is
generated into a real .py file (not exec'd) so that numba's ``cache=True`` works.
"""
import os

TK = 8   # output channels per tile
TQ = 32  # output pixels per tile

HEADER = '''\
# GENERATED FILE - DO NOT EDIT.
# Written by engine/kernels/gen_conv2d_tiles.py (run: python engine/kernels/gen_conv2d_tiles.py).
"""Register-tiled direct 2-D convolution (float32, NCHW) for CPUs, in Numba.

Public interface:
    pack_conv2d_weights(w, groups) -> wpack
    conv2d_tiles_forward(xp, wpack, b, out, stride_h, stride_w, dil_h, dil_w, activation)
    conv2d_tiles_serial(..., scratch)  (the same on the calling thread only)
    supports(xp_shape, w_shape, stride, dilation, groups, dtype) -> bool

Method: the zero-padded input is viewed as a flat array of planes of pitch Wq; an output
pixel (oy, ox) maps to the "wide" index q = oy*Wq + ox, so that for every kernel tap the 32
input values of a tile of 32 consecutive q are contiguous (columns ox >= OW are computed
and discarded).  Stride > 1 is handled by splitting the input into stride phases first
(each phase is then a stride-1 problem).  Each tile of 8 output channels x 32 q keeps
its 256 sums in scalar registers.

Determinism: every output element is  acc = 0; for c, ky, kx ascending: acc = fma(w, x, acc);
then acc + bias, then the activation.  Tiles never span images, and a tile's placement
depends only on the layer geometry, so results do not depend on batch size or thread count.
"""
import numpy as np
from numba import njit, prange

from engine.kernels.activations import activate

_FM = {"contract", "nnan", "ninf", "nsz", "arcp", "afn"}  # no "reassoc" (see PERF-NOTES)
# The epilogue's activations are vectorised where the segment allows and scalar elsewhere, and where
# a segment splits depends on the blocking: only flags under which vector and scalar code round alike
# ('arcp'/'afn' let LLVM use approximate reciprocals in vector code only)
_FM_EPILOGUE = {"contract", "nsz"}
TILE_K = %(TK)d
TILE_Q = %(TQ)d
ACT_NONE, ACT_RELU, ACT_TANH, ACT_SIGMOID = 0, 1, 2, 3
# below this many MACs per call the serial driver is used (a prange launch costs ~2 us)
_SERIAL_MACS = 1 << 20
# blocking (results do not depend on these): tiles of 32 wide pixels per work item, blocks of
# 8 output channels per work item, input channels per pass over the item's tiles, and the
# number of work items the parallel driver aims for (it shrinks KBB, then QCHUNK, to get it)
QCHUNK = 4
KBB = 8
CB = 0            # 0: all input channels in one pass
MIN_ITEMS = 32
FEW_KSTEPS = 32   # layers with Cg*KH*KW below this use KBB=1, QCHUNK>=32
# Constants passed to jitted callees as typed values, not literals: a literal argument compiles (and
# caches) a separate overload, and Numba's on-disk cache is not safe when several processes (Dask
# workers) write different overloads of one function at once (seen: a segfault loading one of them).
ZERO = np.int64(0)
TQ64 = np.int64(%(TQ)d)
TQ8 = np.int64(8)
TQ16 = np.int64(16)
'''


def gen_tile(width=TQ):
    """_tile_8x<width>: the micro-kernel over `width` wide pixels; the sums keep buf's row pitch of TQ.
    The narrow ones serve the last tile of a plane (conv2 of LeNet-5: 8 pixels left of 136)."""
    ind = " " * 4
    L = []
    L.append("@njit(cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')")
    L.append("def _tile_%dx%d(xf, xo, wf, wo, nc, T, cs, tapoff, buf, bo):" % (TK, width))
    L.append(ind + '"""buf[bo + %d*i + j] += sum over c < nc, t < T (c, t ascending, one FMA each) of' % TQ)
    L.append(ind + '   wf[wo + (c*T + t)*%d + i] * xf[xo + c*cs + tapoff[t] + j],  i < %d, j < %d."""'
             % (TK, TK, width))
    L.append(ind + "bv = buf[bo:bo + %d]" % (TK * TQ))
    for i in range(TK):
        for j0 in range(0, width, 8):
            L.append(ind + "; ".join("a%d_%d = bv[%d]" % (i, j, i * TQ + j) for j in range(j0, j0 + 8)))
    L.append(ind + "for c in range(nc):")
    L.append(ind * 2 + "xc = xo + c * cs")
    L.append(ind * 2 + "wc = wo + c * T * %d" % TK)
    L.append(ind * 2 + "for t in range(T):")
    i3 = ind * 3
    L.append(i3 + "p = xc + tapoff[t]")
    L.append(i3 + "xv = xf[p:p + %d]" % width)
    L.append(i3 + "r = wc + t * %d" % TK)
    L.append(i3 + "wv = wf[r:r + %d]" % TK)
    L.append(i3 + "; ".join("w%d = wv[%d]" % (i, i) for i in range(TK)))
    for j0 in range(0, width, 8):
        L.append(i3 + "; ".join("x%d = xv[%d]" % (j, j) for j in range(j0, j0 + 8)))
    for i in range(TK):
        for j0 in range(0, width, 8):
            L.append(i3 + "; ".join("a%d_%d += w%d * x%d" % (i, j, i, j) for j in range(j0, j0 + 8)))
    for i in range(TK):
        for j0 in range(0, width, 8):
            L.append(ind + "; ".join("bv[%d] = a%d_%d" % (i * TQ + j, i, j) for j in range(j0, j0 + 8)))
    return "\n".join(L) + "\n"

BODY = r'''

@njit(cache=True, fastmath=_FM_EPILOGUE, nogil=True, boundscheck=False, error_model='numpy')
def _store_tile(buf, bo, nk, q0, nq, b, outf, kbase, nvalid, Wq, OH, OW, act):
    """out = act(buf[bo + 32*i + j] + b[nk + i]) for i < nvalid, j < nq, scattered from wide
    indices q0 + j to (oy, ox); kbase: flat offset of output channel nk of this image."""
    plane = OH * OW
    oy = q0 // Wq  # one division per tile; the row segments are the same for every channel
    ox = q0 - oy * Wq
    j = 0
    while j < nq:
        seg = min(nq - j, Wq - ox)
        nv = min(seg, OW - ox)
        if nv > 0:
            o = kbase + oy * OW + ox
            for i in range(nvalid):  # one loop per activation: branch-free, vectorised
                bias = b[nk + i]
                src = bo + i * %(TQ)d + j
                dst = o + i * plane
                if src < 0 or dst < 0:  # never: tells LLVM the indices below are not negative, which
                    continue            # drops numba's wraparound selects (else: scalar scatters)
                if act == 0:
                    for jj in range(nv):
                        outf[dst + jj] = buf[src + jj] + bias
                elif act == 1:
                    for jj in range(nv):
                        outf[dst + jj] = activate(buf[src + jj] + bias, 1)
                elif act == 2:
                    for jj in range(nv):
                        outf[dst + jj] = activate(buf[src + jj] + bias, 2)
                else:
                    for jj in range(nv):
                        outf[dst + jj] = activate(buf[src + jj] + bias, 3)
        j += seg
        oy += 1
        ox = 0


@njit(cache=True, fastmath=_FM_EPILOGUE, nogil=True, boundscheck=False, error_model='numpy')
def activate_in_place(outf, act):
    """outf[j] = act(outf[j]): the epilogue's activation as a pass of its own, under the epilogue's flags,
    so that a conv run with activation 0 and then this gives exactly the bits of the conv run with the
    activation (the sum is rounded to float32 before the activation in both). The fused whole-model
    kernel uses it: whole planes vectorise where the tiles' short row segments (LeNet-5's conv2: 10
    pixels) ran scalar tanh."""
    if act == 1:
        for j in range(outf.shape[0]):
            outf[j] = activate(outf[j], 1)
    elif act == 2:
        for j in range(outf.shape[0]):
            outf[j] = activate(outf[j], 2)
    elif act == 3:
        for j in range(outf.shape[0]):
            outf[j] = activate(outf[j], 3)


@njit(cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')
def _small_tile(xf, xo, wf, wo, Cg, T, cs, tapoff, buf, nq):
    """Same arithmetic order as _tile_8x32, for planes with fewer than TILE_Q wide pixels."""
    for i in range(%(TK)d):
        for j in range(nq):
            a = np.float32(0.0)
            for c in range(Cg):
                for t in range(T):
                    a += wf[wo + (c * T + t) * %(TK)d + i] * xf[xo + c * cs + tapoff[t] + j]
            buf[i * %(TQ)d + j] = a


@njit(cache=True, nogil=True)
def _tile_width(rest):
    """The width of the tile that starts `rest` wide pixels before the plane's end: 8 or 16 where that
    few remain (a 32-wide tile shifted back to end at Q would recompute up to 24 of its neighbour's
    pixels: LeNet-5's conv2 has 136 = 4 x 32 + 8), else 32. Every width sums each output in the same
    order (c, then taps, one FMA each), so the choice changes no result."""
    if rest <= 8:
        return TQ8
    if rest <= 16:
        return TQ16
    return TQ64


@njit(cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')
def _run_items(lo, hi, xf, wf, b, outf, G, Cg, Kg, KBg, T, cs, ns, Wq, Q, OH, OW,
               tapoff, act, nqt, qchunk, kbb, cb, buf):
    """Work items lo..hi-1.  item -> (n, g, kb-group of kbb blocks, chunk of qchunk tiles),
    chunk fastest.  The sums of the item's kbb*qchunk tiles live in buf; channels are taken
    cb at a time (all tiles and kb of the item per channel block, so that the input rows
    stay in L1 across kb), in ascending order: the per-element order is always
    c = 0..Cg-1, then (ky, kx), whatever cb/kbb/qchunk are."""
    nch = (nqt + qchunk - 1) // qchunk
    ngr = (KBg + kbb - 1) // kbb
    K = G * Kg
    TT = %(TK)d * %(TQ)d
    for it in range(lo, hi):
        ch = it %% nch
        r = it // nch
        gr = r %% ngr
        r = r // ngr
        g = r %% G
        n = r // G
        kb0 = gr * kbb
        nkb = min(kbb, KBg - kb0)
        xo_n = n * ns + g * Cg * cs
        if Q < %(TQ)d and Q != 8 and Q != 16:  # (8 or 16 wide pixels: one narrow tile, vectorised)
            for kbi in range(nkb):
                kb = kb0 + kbi
                _small_tile(xf, xo_n, wf, (g * KBg + kb) * Cg * T * %(TK)d, Cg, T, cs, tapoff, buf, Q)
                nk = g * Kg + kb * %(TK)d
                _store_tile(buf, ZERO, nk, ZERO, Q, b, outf, (n * K + nk) * OH * OW,
                            min(%(TK)d, Kg - kb * %(TK)d), Wq, OH, OW, act)
            continue
        qt0 = ch * qchunk
        nt = min(qchunk, nqt - qt0)
        for i in range(nkb * nt * TT):
            buf[i] = np.float32(0.0)
        for c0 in range(0, Cg, cb):
            nc = min(cb, Cg - c0)
            for ti in range(nt):
                q0 = (qt0 + ti) * %(TQ)d
                width = _tile_width(Q - q0)
                if q0 + width > Q:  # last tile: shifted back to end at Q (overlap, same values)
                    q0 = Q - width
                xo = xo_n + c0 * cs + q0
                for kbi in range(nkb):
                    wo = ((g * KBg + kb0 + kbi) * Cg + c0) * T * %(TK)d
                    if width == 8:
                        _tile_8x8(xf, xo, wf, wo, nc, T, cs, tapoff, buf, (kbi * nt + ti) * TT)
                    elif width == 16:
                        _tile_8x16(xf, xo, wf, wo, nc, T, cs, tapoff, buf, (kbi * nt + ti) * TT)
                    else:
                        _tile_8x32(xf, xo, wf, wo, nc, T, cs, tapoff, buf, (kbi * nt + ti) * TT)
        for kbi in range(nkb):
            kb = kb0 + kbi
            nk = g * Kg + kb * %(TK)d
            kbase = (n * K + nk) * OH * OW
            nvalid = min(%(TK)d, Kg - kb * %(TK)d)
            for ti in range(nt):
                q0 = (qt0 + ti) * %(TQ)d
                width = _tile_width(Q - q0)
                if q0 + width > Q:
                    q0 = Q - width
                _store_tile(buf, (kbi * nt + ti) * TT, nk, q0, width, b, outf, kbase, nvalid,
                            Wq, OH, OW, act)


@njit(parallel=True, cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')
def _run_parallel(nitems, xf, wf, b, outf, G, Cg, Kg, KBg, T, cs, ns, Wq, Q, OH, OW,
                  tapoff, act, nqt, qchunk, kbb, cb):
    for it in prange(nitems):
        buf = np.empty(kbb * qchunk * %(TK)d * %(TQ)d, np.float32)
        _run_items(np.int64(it), np.int64(it) + 1, xf, wf, b, outf, G, Cg, Kg, KBg, T, cs, ns, Wq, Q, OH, OW,
                   tapoff, act, nqt, qchunk, kbb, cb, buf)


@njit(cache=True, nogil=True, boundscheck=False)
def _phase_split(xp, sh, sw, xs):
    """xs[n, c, py*sw+px, i, j] = xp[n, c, i*sh+py, j*sw+px] (zero where out of range);
    xs: (N, C, sh*sw, Hq, Wq), every element written."""
    N, C, Hp, Wp = xp.shape
    Hq, Wq = xs.shape[3], xs.shape[4]
    for n in range(N):
        for c in range(C):
            for py in range(sh):
                for px in range(sw):
                    ph = py * sw + px
                    for i in range(Hq):
                        iy = i * sh + py
                        for j in range(Wq):
                            ix = j * sw + px
                            if iy < Hp and ix < Wp:
                                xs[n, c, ph, i, j] = xp[n, c, iy, ix]
                            else:
                                xs[n, c, ph, i, j] = 0


@njit(cache=True, nogil=True)
def _forward_impl(xp, wpack, b, out, stride_h, stride_w, dil_h, dil_w, activation,
                  qchunk, kbb, cb, min_items, serial, scratch):
    N, C, Hp, Wp = xp.shape
    G, KBg, Cg, KH, KW, _tk = wpack.shape
    K = out.shape[1]
    Kg = K // G
    OH = out.shape[2]
    OW = out.shape[3]
    sh = stride_h
    sw = stride_w
    T = KH * KW
    if sh == 1 and sw == 1:
        Hq = Hp
        Wq = Wp
        P = 1
        xf = xp.reshape(xp.size)
    else:
        Hq = (Hp + sh - 1) // sh
        Wq = (Wp + sw - 1) // sw
        P = sh * sw
        size = N * C * P * Hq * Wq
        if scratch.size >= size:  # the caller's buffer (the fused whole-model kernel reuses one)
            xs = scratch[:size].reshape((N, C, P, Hq, Wq))
        else:
            xs = np.empty((N, C, P, Hq, Wq), np.float32)
        _phase_split(xp, sh, sw, xs)
        xf = xs.reshape(size)
    cs = P * Hq * Wq
    ns = C * cs
    tapoff = np.empty(T, np.int64)
    for ky in range(KH):
        for kx in range(KW):
            oy_ = ky * dil_h
            ox_ = kx * dil_w
            tapoff[ky * KW + kx] = (((oy_ %% sh) * sw + (ox_ %% sw)) * Hq * Wq
                                    + (oy_ // sh) * Wq + (ox_ // sw))
    Q = (OH - 1) * Wq + OW
    nqt = (Q + %(TQ)d - 1) // %(TQ)d
    wf = wpack.reshape(wpack.size)
    outf = out.reshape(out.size)
    if cb < 1:
        cb = Cg
    if Cg * T < FEW_KSTEPS:  # epilogue-bound layers (e.g. RGB input): stream q, one kb per item
        kbb = 1
        qchunk = max(qchunk, 32)
    kbb = max(1, min(kbb, KBg))
    qchunk = max(1, min(qchunk, nqt))
    macs = N * G * KBg * %(TK)d * nqt * %(TQ)d * Cg * T
    if serial or macs < _SERIAL_MACS:
        buf = np.empty(kbb * qchunk * %(TK)d * %(TQ)d, np.float32)
        nitems = N * G * ((KBg + kbb - 1) // kbb) * ((nqt + qchunk - 1) // qchunk)
        _run_items(ZERO, nitems, xf, wf, b, outf, G, Cg, Kg, KBg, T, cs, ns, Wq, Q, OH, OW,
                   tapoff, activation, nqt, qchunk, kbb, cb, buf)
        return ZERO, xf, tapoff, cs, ns, Wq, Q, nqt, qchunk, kbb, cb  # done
    # fewer kb per item, then fewer tiles per item, until there are enough work items
    while kbb > 1 and N * G * ((KBg + kbb - 1) // kbb) * ((nqt + qchunk - 1) // qchunk) < min_items:
        kbb = (kbb + 1) // 2
    while qchunk > 1 and N * G * ((KBg + kbb - 1) // kbb) * ((nqt + qchunk - 1) // qchunk) < min_items:
        qchunk = (qchunk + 1) // 2
    nitems = N * G * ((KBg + kbb - 1) // kbb) * ((nqt + qchunk - 1) // qchunk)
    # the caller runs the parallel loop: the serial entry (and the fused kernel that calls it) then never
    # compiles a parallel region, which took most of its first-call compile time
    return nitems, xf, tapoff, cs, ns, Wq, Q, nqt, qchunk, kbb, cb


@njit(cache=True, nogil=True)
def conv2d_tiles_forward(xp, wpack, b, out, stride_h, stride_w, dil_h, dil_w, activation):
    """out[n,k,oy,ox] = act(b[k] + sum_{c,ky,kx} w[k,c,ky,kx] * xp[n, g*Cg+c, oy*sh+ky*dh, ox*sw+kx*dw]).

    xp: (N, C, Hp, Wp) float32 C-contiguous, already zero-padded.
    wpack: from pack_conv2d_weights, shape (G, KBg, Cg, KH, KW, 8).
    b: (K,) float32.  out: (N, K, OH, OW) float32 C-contiguous, fully overwritten.
    activation: 0 none, 1 relu, 2 tanh, 3 sigmoid.  Callable from Python and from @njit code.
    """
    nitems, xf, tapoff, cs, ns, Wq, Q, nqt, qchunk, kbb, cb = _forward_impl(
        xp, wpack, b, out, stride_h, stride_w, dil_h, dil_w, activation,
        QCHUNK, KBB, CB, MIN_ITEMS, np.int64(0), np.empty(0, np.float32))
    if nitems > 0:
        G, KBg, Cg, KH, KW = wpack.shape[0], wpack.shape[1], wpack.shape[2], wpack.shape[3], wpack.shape[4]
        K, OH, OW = out.shape[1], out.shape[2], out.shape[3]
        _run_parallel(nitems, xf, wpack.reshape(wpack.size), b, out.reshape(out.size), G, Cg, K // G, KBg,
                      KH * KW, cs, ns, Wq, Q, OH, OW, tapoff, activation, nqt, qchunk, kbb, cb)


@njit(cache=True, nogil=True, inline="always")  # inlined into the fused kernel: see cpu_fused._run_chunk
def conv2d_tiles_serial(xp, wpack, b, out, stride_h, stride_w, dil_h, dil_w, activation, scratch):
    """conv2d_tiles_forward on the calling thread alone, bit-identical to it; for callers that run
    their own parallel loop (engine/kernels/cpu_fused.py). scratch: float32 buffer for the stride
    phases (N*C*sh*sw*ceil(Hp/sh)*ceil(Wp/sw) values), allocated here when too small."""
    _forward_impl(xp, wpack, b, out, stride_h, stride_w, dil_h, dil_w, activation,
                  QCHUNK, KBB, CB, MIN_ITEMS, np.int64(1), scratch)


def pack_conv2d_weights(w, groups=1, tile=%(TK)d):
    """(K, C//groups, KH, KW) -> (G, ceil(Kg/tile), Cg, KH, KW, tile) float32, zero-padded channels.
    wpack[g, kb, c, ky, kx, i] = w[g*Kg + kb*tile + i, c, ky, kx]. (conv2d_ktiles packs with tile=32.)"""
    w = np.asarray(w)
    K, Cg, KH, KW = w.shape
    G = int(groups)
    Kg = K // G
    KBg = (Kg + tile - 1) // tile
    wp = np.zeros((G, KBg * tile, Cg, KH, KW), np.float32)
    wp[:, :Kg] = w.reshape(G, Kg, Cg, KH, KW)
    wp = wp.reshape(G, KBg, tile, Cg, KH, KW).transpose(0, 1, 3, 4, 5, 2)
    return np.ascontiguousarray(wp)


def _pair(v):
    if isinstance(v, (tuple, list)):
        if len(v) != 2:
            raise ValueError("expected an int or a pair")
        return int(v[0]), int(v[1])
    return int(v), int(v)


def supports(xp_shape, w_shape, stride, dilation, groups, dtype):
    """True when conv2d_tiles_forward handles this case (pure Python, no numba)."""
    try:
        if np.dtype(dtype) != np.float32:
            return False
        if len(xp_shape) != 4 or len(w_shape) != 4:
            return False
        N, C, Hp, Wp = (int(v) for v in xp_shape)
        K, Cg, KH, KW = (int(v) for v in w_shape)
        sh, sw = _pair(stride)
        dh, dw = _pair(dilation)
        G = int(groups)
    except (TypeError, ValueError):
        return False
    if min(N, C, Hp, Wp, K, Cg, KH, KW, G) < 1 or min(sh, sw, dh, dw) < 1:
        return False
    if C %% G or K %% G or C // G != Cg:
        return False
    if G > 1 and K // G < %(TK)d:  # depthwise-like: 8-channel tiles would be mostly idle
        return False
    if sh > 8 or sw > 8:
        return False
    if Hp - dh * (KH - 1) < 1 or Wp - dw * (KW - 1) < 1:
        return False
    return True
'''


def generate():
    params = {"TK": TK, "TQ": TQ}
    return HEADER % params + "\n\n" + "\n\n".join(gen_tile(w) for w in (TQ, 8, 16)) + BODY % params


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "conv2d_tiles.py")
    src = generate()
    with open(path, "w") as f:
        f.write(src)
    print("wrote %s (%d lines)" % (path, src.count("\n")))


if __name__ == "__main__":
    main()
