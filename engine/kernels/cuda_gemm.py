# GENERATED FILE - DO NOT EDIT.
# Written by engine/kernels/gen_cuda_gemm.py (run: python engine/kernels/gen_cuda_gemm.py).
"""Tiled implicit-GEMM kernels for numba.cuda, float32 (see gen_cuda_gemm.py for the method).

    conv2d_tiled_<cfg>[grid, (BX, BY)](x1, w1, taps, b, out1, C, H, W, K, R, P, OW, stride_h, stride_w,
                                       pad_top, pad_left, groups, act)
        x1: (N, C, H, W) flat; w1: (K, R = C/groups*KH*KW) flat; taps: (R,) int64, each reduction index's
        tap (offset << 32 | dy << 16 | dx with offset = c*H*W + dy*W + dx, dy = ky*dil_h, dx = kx*dil_w:
        cuda.py's conv2d_taps); b: (K,); out1: (N, K, P = OH*OW) flat; padding by bounds checks
        (pad_top, pad_left); grid (ceil(N*P / TP), ceil(K/groups / TK), groups): pixel tiles span images
    dense_tiled_<cfg>[grid, (BX, BY)](x1, w1, b, out1, M, I, O, slice_len, act)
        x1: (M, I) flat, w1: (O, I) flat, b: (O,); grid (ceil(M / TP), ceil(O / TK), slices): block z sums
        the reduction slice [z*slice_len, (z+1)*slice_len) (slice_len a multiple of TR); one slice writes
        out1 (M, O) = act(x @ w.T + b), several write their partial sums to out1 (slices, M, O)
    gemm_tiled_<cfg>[grid, (BX, BY)](lhs, rhs, out1, K, R, P)   (cfg gpu8x8 and sim only)
        lhs: (Z, K, R) flat, rhs: (Z, R, P) flat -> out1: (Z, K, P) = a @ b per z; grid (ceil(P / TP),
        ceil(K / TK), Z)

TILES[cfg] = dict(TK, TP, TR, RK, RP, BX, BY): the launch geometry of each configuration.
"""
from numba import cuda, float32

from engine.kernels.cuda_common import JIT, JIT_128_REGISTERS, SHARED_ALIGN, U, activate

TILES = {}


TILES['gpu'] = dict(TK=64, TP=64, TR=16, RK=4, RP=4, BX=16, BY=16)


@cuda.jit(**JIT_128_REGISTERS)
def conv2d_tiled_gpu(x1, w1, taps, b, out1, Cin, H, W, K, R, P, OW, stride_h, stride_w, pad_top, pad_left, groups, act):
    # x1: (N, Cin, H, W) flat, unpadded; w1: (K, R = Cin/groups*KH*KW) flat; taps: (R,) int64, cuda.py's
    # conv2d_taps; b: (K,); out1: (N, K, P = OH*OW) flat. Pixel tiles run over all N*P output pixels of
    # the batch (a 14x14 map fills a 128-pixel tile and part of the next, but 32 of them fill 49 tiles)
    Kg = K // groups
    uH = U(H)
    uW = U(W)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    tid = ty * 16 + tx
    p0 = cuda.blockIdx.x * 64
    k0 = cuda.blockIdx.y * 64
    NP = out1.size // K
    g = cuda.blockIdx.z
    kbase = g * Kg
    cbase = g * (Cin // groups)
    wr = tid % 16
    wrow = tid // 16
    wrows = Kg - k0 - wrow  # rows left to this thread's first slot
    wo = (kbase + k0 + wrow) * R + wr
    wstep = 16 * R
    ws_at = U(wr * 68 + wrow)
    p = p0 + (tid + 0) % 64
    n = p // P
    p -= n * P
    iy0 = (p // OW) * stride_h - pad_top if n < NP // P else -(1 << 40)
    ix0 = (p % OW) * stride_w - pad_left
    xo0 = (n * Cin + cbase) * H * W + iy0 * W + ix0
    xr0 = (tid + 0) // 64
    xr1 = (tid + 256) // 64
    xr2 = (tid + 512) // 64
    xr3 = (tid + 768) // 64
    ws = cuda.shared.array(2176, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TKP) weights
    xs = cuda.shared.array(2048, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TP) pixels
    acc_0_0 = float32(0)
    acc_0_1 = float32(0)
    acc_0_2 = float32(0)
    acc_0_3 = float32(0)
    acc_1_0 = float32(0)
    acc_1_1 = float32(0)
    acc_1_2 = float32(0)
    acc_1_3 = float32(0)
    acc_2_0 = float32(0)
    acc_2_1 = float32(0)
    acc_2_2 = float32(0)
    acc_2_3 = float32(0)
    acc_3_0 = float32(0)
    acc_3_1 = float32(0)
    acc_3_2 = float32(0)
    acc_3_3 = float32(0)
    wa = wo + 0
    rok = 0 + wr < R
    pw0 = float32(0)
    if rok and 0 < wrows:
        pw0 = w1[U(wa)]
    wa += wstep
    pw1 = float32(0)
    if rok and 16 < wrows:
        pw1 = w1[U(wa)]
    wa += wstep
    pw2 = float32(0)
    if rok and 32 < wrows:
        pw2 = w1[U(wa)]
    wa += wstep
    pw3 = float32(0)
    if rok and 48 < wrows:
        pw3 = w1[U(wa)]
    px0 = float32(0)
    r = 0 + xr0
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px0 = x1[U(xo0 + (tap >> 32))]
    px1 = float32(0)
    r = 0 + xr1
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px1 = x1[U(xo0 + (tap >> 32))]
    px2 = float32(0)
    r = 0 + xr2
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px2 = x1[U(xo0 + (tap >> 32))]
    px3 = float32(0)
    r = 0 + xr3
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px3 = x1[U(xo0 + (tap >> 32))]
    ws[U(0) * U(1088) + ws_at + U(0)] = pw0
    ws[U(0) * U(1088) + ws_at + U(16)] = pw1
    ws[U(0) * U(1088) + ws_at + U(32)] = pw2
    ws[U(0) * U(1088) + ws_at + U(48)] = pw3
    xs[U(0) * U(1024) + U(tid + 0)] = px0
    xs[U(0) * U(1024) + U(tid + 256)] = px1
    xs[U(0) * U(1024) + U(tid + 512)] = px2
    xs[U(0) * U(1024) + U(tid + 768)] = px3
    cuda.syncthreads()
    cur = U(0)
    for r0 in range(0, R, 16):
        more = r0 + 16 < R
        if more:
            wa = wo + r0 + 16
            rok = r0 + 16 + wr < R
            pw0 = float32(0)
            if rok and 0 < wrows:
                pw0 = w1[U(wa)]
            wa += wstep
            pw1 = float32(0)
            if rok and 16 < wrows:
                pw1 = w1[U(wa)]
            wa += wstep
            pw2 = float32(0)
            if rok and 32 < wrows:
                pw2 = w1[U(wa)]
            wa += wstep
            pw3 = float32(0)
            if rok and 48 < wrows:
                pw3 = w1[U(wa)]
            px0 = float32(0)
            r = r0 + 16 + xr0
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px0 = x1[U(xo0 + (tap >> 32))]
            px1 = float32(0)
            r = r0 + 16 + xr1
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px1 = x1[U(xo0 + (tap >> 32))]
            px2 = float32(0)
            r = r0 + 16 + xr2
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px2 = x1[U(xo0 + (tap >> 32))]
            px3 = float32(0)
            r = r0 + 16 + xr3
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px3 = x1[U(xo0 + (tap >> 32))]
        wb = cur * U(1088) + U(ty * 4)
        xb = cur * U(1024) + U(tx * 4)
        a0 = ws[wb + U(0)]
        a1 = ws[wb + U(1)]
        a2 = ws[wb + U(2)]
        a3 = ws[wb + U(3)]
        b0 = xs[xb + U(0)]
        b1 = xs[xb + U(1)]
        b2 = xs[xb + U(2)]
        b3 = xs[xb + U(3)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(68)]
        a1 = ws[wb + U(69)]
        a2 = ws[wb + U(70)]
        a3 = ws[wb + U(71)]
        b0 = xs[xb + U(64)]
        b1 = xs[xb + U(65)]
        b2 = xs[xb + U(66)]
        b3 = xs[xb + U(67)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(136)]
        a1 = ws[wb + U(137)]
        a2 = ws[wb + U(138)]
        a3 = ws[wb + U(139)]
        b0 = xs[xb + U(128)]
        b1 = xs[xb + U(129)]
        b2 = xs[xb + U(130)]
        b3 = xs[xb + U(131)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(204)]
        a1 = ws[wb + U(205)]
        a2 = ws[wb + U(206)]
        a3 = ws[wb + U(207)]
        b0 = xs[xb + U(192)]
        b1 = xs[xb + U(193)]
        b2 = xs[xb + U(194)]
        b3 = xs[xb + U(195)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(272)]
        a1 = ws[wb + U(273)]
        a2 = ws[wb + U(274)]
        a3 = ws[wb + U(275)]
        b0 = xs[xb + U(256)]
        b1 = xs[xb + U(257)]
        b2 = xs[xb + U(258)]
        b3 = xs[xb + U(259)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(340)]
        a1 = ws[wb + U(341)]
        a2 = ws[wb + U(342)]
        a3 = ws[wb + U(343)]
        b0 = xs[xb + U(320)]
        b1 = xs[xb + U(321)]
        b2 = xs[xb + U(322)]
        b3 = xs[xb + U(323)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(408)]
        a1 = ws[wb + U(409)]
        a2 = ws[wb + U(410)]
        a3 = ws[wb + U(411)]
        b0 = xs[xb + U(384)]
        b1 = xs[xb + U(385)]
        b2 = xs[xb + U(386)]
        b3 = xs[xb + U(387)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(476)]
        a1 = ws[wb + U(477)]
        a2 = ws[wb + U(478)]
        a3 = ws[wb + U(479)]
        b0 = xs[xb + U(448)]
        b1 = xs[xb + U(449)]
        b2 = xs[xb + U(450)]
        b3 = xs[xb + U(451)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(544)]
        a1 = ws[wb + U(545)]
        a2 = ws[wb + U(546)]
        a3 = ws[wb + U(547)]
        b0 = xs[xb + U(512)]
        b1 = xs[xb + U(513)]
        b2 = xs[xb + U(514)]
        b3 = xs[xb + U(515)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(612)]
        a1 = ws[wb + U(613)]
        a2 = ws[wb + U(614)]
        a3 = ws[wb + U(615)]
        b0 = xs[xb + U(576)]
        b1 = xs[xb + U(577)]
        b2 = xs[xb + U(578)]
        b3 = xs[xb + U(579)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(680)]
        a1 = ws[wb + U(681)]
        a2 = ws[wb + U(682)]
        a3 = ws[wb + U(683)]
        b0 = xs[xb + U(640)]
        b1 = xs[xb + U(641)]
        b2 = xs[xb + U(642)]
        b3 = xs[xb + U(643)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(748)]
        a1 = ws[wb + U(749)]
        a2 = ws[wb + U(750)]
        a3 = ws[wb + U(751)]
        b0 = xs[xb + U(704)]
        b1 = xs[xb + U(705)]
        b2 = xs[xb + U(706)]
        b3 = xs[xb + U(707)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(816)]
        a1 = ws[wb + U(817)]
        a2 = ws[wb + U(818)]
        a3 = ws[wb + U(819)]
        b0 = xs[xb + U(768)]
        b1 = xs[xb + U(769)]
        b2 = xs[xb + U(770)]
        b3 = xs[xb + U(771)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(884)]
        a1 = ws[wb + U(885)]
        a2 = ws[wb + U(886)]
        a3 = ws[wb + U(887)]
        b0 = xs[xb + U(832)]
        b1 = xs[xb + U(833)]
        b2 = xs[xb + U(834)]
        b3 = xs[xb + U(835)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(952)]
        a1 = ws[wb + U(953)]
        a2 = ws[wb + U(954)]
        a3 = ws[wb + U(955)]
        b0 = xs[xb + U(896)]
        b1 = xs[xb + U(897)]
        b2 = xs[xb + U(898)]
        b3 = xs[xb + U(899)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(1020)]
        a1 = ws[wb + U(1021)]
        a2 = ws[wb + U(1022)]
        a3 = ws[wb + U(1023)]
        b0 = xs[xb + U(960)]
        b1 = xs[xb + U(961)]
        b2 = xs[xb + U(962)]
        b3 = xs[xb + U(963)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        if more:
            ws[(U(1) - cur) * U(1088) + ws_at + U(0)] = pw0
            ws[(U(1) - cur) * U(1088) + ws_at + U(16)] = pw1
            ws[(U(1) - cur) * U(1088) + ws_at + U(32)] = pw2
            ws[(U(1) - cur) * U(1088) + ws_at + U(48)] = pw3
            xs[(U(1) - cur) * U(1024) + U(tid + 0)] = px0
            xs[(U(1) - cur) * U(1024) + U(tid + 256)] = px1
            xs[(U(1) - cur) * U(1024) + U(tid + 512)] = px2
            xs[(U(1) - cur) * U(1024) + U(tid + 768)] = px3
        cuda.syncthreads()
        cur = U(1) - cur
    p = p0 + tx * 4 + 0
    n = p // P
    oc0 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx * 4 + 1
    n = p // P
    oc1 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx * 4 + 2
    n = p // P
    oc2 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx * 4 + 3
    n = p // P
    oc3 = (n * K + kbase) * P + p - n * P if p < NP else -1
    k = k0 + ty * 4 + 0
    if k < Kg:
        bias = b[kbase + k]
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = activate(acc_0_0 + bias, act)
        if oc1 >= 0:
            out1[U(oc1 + kp)] = activate(acc_0_1 + bias, act)
        if oc2 >= 0:
            out1[U(oc2 + kp)] = activate(acc_0_2 + bias, act)
        if oc3 >= 0:
            out1[U(oc3 + kp)] = activate(acc_0_3 + bias, act)
    k = k0 + ty * 4 + 1
    if k < Kg:
        bias = b[kbase + k]
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = activate(acc_1_0 + bias, act)
        if oc1 >= 0:
            out1[U(oc1 + kp)] = activate(acc_1_1 + bias, act)
        if oc2 >= 0:
            out1[U(oc2 + kp)] = activate(acc_1_2 + bias, act)
        if oc3 >= 0:
            out1[U(oc3 + kp)] = activate(acc_1_3 + bias, act)
    k = k0 + ty * 4 + 2
    if k < Kg:
        bias = b[kbase + k]
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = activate(acc_2_0 + bias, act)
        if oc1 >= 0:
            out1[U(oc1 + kp)] = activate(acc_2_1 + bias, act)
        if oc2 >= 0:
            out1[U(oc2 + kp)] = activate(acc_2_2 + bias, act)
        if oc3 >= 0:
            out1[U(oc3 + kp)] = activate(acc_2_3 + bias, act)
    k = k0 + ty * 4 + 3
    if k < Kg:
        bias = b[kbase + k]
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = activate(acc_3_0 + bias, act)
        if oc1 >= 0:
            out1[U(oc1 + kp)] = activate(acc_3_1 + bias, act)
        if oc2 >= 0:
            out1[U(oc2 + kp)] = activate(acc_3_2 + bias, act)
        if oc3 >= 0:
            out1[U(oc3 + kp)] = activate(acc_3_3 + bias, act)


TILES['gpu'] = dict(TK=64, TP=64, TR=16, RK=4, RP=4, BX=16, BY=16)


@cuda.jit(**JIT)
def dense_tiled_gpu(x1, w1, b, out1, M, I, O, slice_len, act):
    # x1: (M, I) flat, w1: (O, I) flat, b: (O,); k runs over O, p over M. Block z sums the reduction
    # slice [z * slice_len, (z + 1) * slice_len): with one slice, out1 is (M, O) = act(x @ w.T + b);
    # with several, out1 is (slices, M, O) of partial sums (cuda.py's dense_forward adds them up)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    tid = ty * 16 + tx
    p0 = cuda.blockIdx.x * 64
    k0 = cuda.blockIdx.y * 64
    z = cuda.blockIdx.z
    rbeg = z * slice_len
    rend = min(I, rbeg + slice_len)
    r = tid % 16
    row = tid // 16
    wrows = O - k0 - row  # rows left to this thread's first weight slot
    xrows = M - p0 - row
    wo = (k0 + row) * I + r
    xo = (p0 + row) * I + r
    step = 16 * I
    ws_at = U(r * 68 + row)
    xs_at = U(r * 68 + row)
    ws = cuda.shared.array(2176, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TKP) weights
    xs = cuda.shared.array(2176, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TPP) inputs
    acc_0_0 = float32(0)
    acc_0_1 = float32(0)
    acc_0_2 = float32(0)
    acc_0_3 = float32(0)
    acc_1_0 = float32(0)
    acc_1_1 = float32(0)
    acc_1_2 = float32(0)
    acc_1_3 = float32(0)
    acc_2_0 = float32(0)
    acc_2_1 = float32(0)
    acc_2_2 = float32(0)
    acc_2_3 = float32(0)
    acc_3_0 = float32(0)
    acc_3_1 = float32(0)
    acc_3_2 = float32(0)
    acc_3_3 = float32(0)
    rok = rbeg + r < rend
    a = wo + rbeg
    pw0 = float32(0)
    if rok and 0 < wrows:
        pw0 = w1[U(a)]
    a += step
    pw1 = float32(0)
    if rok and 16 < wrows:
        pw1 = w1[U(a)]
    a += step
    pw2 = float32(0)
    if rok and 32 < wrows:
        pw2 = w1[U(a)]
    a += step
    pw3 = float32(0)
    if rok and 48 < wrows:
        pw3 = w1[U(a)]
    a = xo + rbeg
    px0 = float32(0)
    if rok and 0 < xrows:
        px0 = x1[U(a)]
    a += step
    px1 = float32(0)
    if rok and 16 < xrows:
        px1 = x1[U(a)]
    a += step
    px2 = float32(0)
    if rok and 32 < xrows:
        px2 = x1[U(a)]
    a += step
    px3 = float32(0)
    if rok and 48 < xrows:
        px3 = x1[U(a)]
    ws[U(0) * U(1088) + ws_at + U(0)] = pw0
    ws[U(0) * U(1088) + ws_at + U(16)] = pw1
    ws[U(0) * U(1088) + ws_at + U(32)] = pw2
    ws[U(0) * U(1088) + ws_at + U(48)] = pw3
    xs[U(0) * U(1088) + xs_at + U(0)] = px0
    xs[U(0) * U(1088) + xs_at + U(16)] = px1
    xs[U(0) * U(1088) + xs_at + U(32)] = px2
    xs[U(0) * U(1088) + xs_at + U(48)] = px3
    cuda.syncthreads()
    cur = U(0)
    for r0 in range(rbeg, rend, 16):
        more = r0 + 16 < rend
        if more:
            rok = r0 + 16 + r < rend
            a = wo + r0 + 16
            pw0 = float32(0)
            if rok and 0 < wrows:
                pw0 = w1[U(a)]
            a += step
            pw1 = float32(0)
            if rok and 16 < wrows:
                pw1 = w1[U(a)]
            a += step
            pw2 = float32(0)
            if rok and 32 < wrows:
                pw2 = w1[U(a)]
            a += step
            pw3 = float32(0)
            if rok and 48 < wrows:
                pw3 = w1[U(a)]
            a = xo + r0 + 16
            px0 = float32(0)
            if rok and 0 < xrows:
                px0 = x1[U(a)]
            a += step
            px1 = float32(0)
            if rok and 16 < xrows:
                px1 = x1[U(a)]
            a += step
            px2 = float32(0)
            if rok and 32 < xrows:
                px2 = x1[U(a)]
            a += step
            px3 = float32(0)
            if rok and 48 < xrows:
                px3 = x1[U(a)]
        wb = cur * U(1088) + U(ty * 4)
        xb = cur * U(1088) + U(tx * 4)
        a0 = ws[wb + U(0)]
        a1 = ws[wb + U(1)]
        a2 = ws[wb + U(2)]
        a3 = ws[wb + U(3)]
        b0 = xs[xb + U(0)]
        b1 = xs[xb + U(1)]
        b2 = xs[xb + U(2)]
        b3 = xs[xb + U(3)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(68)]
        a1 = ws[wb + U(69)]
        a2 = ws[wb + U(70)]
        a3 = ws[wb + U(71)]
        b0 = xs[xb + U(68)]
        b1 = xs[xb + U(69)]
        b2 = xs[xb + U(70)]
        b3 = xs[xb + U(71)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(136)]
        a1 = ws[wb + U(137)]
        a2 = ws[wb + U(138)]
        a3 = ws[wb + U(139)]
        b0 = xs[xb + U(136)]
        b1 = xs[xb + U(137)]
        b2 = xs[xb + U(138)]
        b3 = xs[xb + U(139)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(204)]
        a1 = ws[wb + U(205)]
        a2 = ws[wb + U(206)]
        a3 = ws[wb + U(207)]
        b0 = xs[xb + U(204)]
        b1 = xs[xb + U(205)]
        b2 = xs[xb + U(206)]
        b3 = xs[xb + U(207)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(272)]
        a1 = ws[wb + U(273)]
        a2 = ws[wb + U(274)]
        a3 = ws[wb + U(275)]
        b0 = xs[xb + U(272)]
        b1 = xs[xb + U(273)]
        b2 = xs[xb + U(274)]
        b3 = xs[xb + U(275)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(340)]
        a1 = ws[wb + U(341)]
        a2 = ws[wb + U(342)]
        a3 = ws[wb + U(343)]
        b0 = xs[xb + U(340)]
        b1 = xs[xb + U(341)]
        b2 = xs[xb + U(342)]
        b3 = xs[xb + U(343)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(408)]
        a1 = ws[wb + U(409)]
        a2 = ws[wb + U(410)]
        a3 = ws[wb + U(411)]
        b0 = xs[xb + U(408)]
        b1 = xs[xb + U(409)]
        b2 = xs[xb + U(410)]
        b3 = xs[xb + U(411)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(476)]
        a1 = ws[wb + U(477)]
        a2 = ws[wb + U(478)]
        a3 = ws[wb + U(479)]
        b0 = xs[xb + U(476)]
        b1 = xs[xb + U(477)]
        b2 = xs[xb + U(478)]
        b3 = xs[xb + U(479)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(544)]
        a1 = ws[wb + U(545)]
        a2 = ws[wb + U(546)]
        a3 = ws[wb + U(547)]
        b0 = xs[xb + U(544)]
        b1 = xs[xb + U(545)]
        b2 = xs[xb + U(546)]
        b3 = xs[xb + U(547)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(612)]
        a1 = ws[wb + U(613)]
        a2 = ws[wb + U(614)]
        a3 = ws[wb + U(615)]
        b0 = xs[xb + U(612)]
        b1 = xs[xb + U(613)]
        b2 = xs[xb + U(614)]
        b3 = xs[xb + U(615)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(680)]
        a1 = ws[wb + U(681)]
        a2 = ws[wb + U(682)]
        a3 = ws[wb + U(683)]
        b0 = xs[xb + U(680)]
        b1 = xs[xb + U(681)]
        b2 = xs[xb + U(682)]
        b3 = xs[xb + U(683)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(748)]
        a1 = ws[wb + U(749)]
        a2 = ws[wb + U(750)]
        a3 = ws[wb + U(751)]
        b0 = xs[xb + U(748)]
        b1 = xs[xb + U(749)]
        b2 = xs[xb + U(750)]
        b3 = xs[xb + U(751)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(816)]
        a1 = ws[wb + U(817)]
        a2 = ws[wb + U(818)]
        a3 = ws[wb + U(819)]
        b0 = xs[xb + U(816)]
        b1 = xs[xb + U(817)]
        b2 = xs[xb + U(818)]
        b3 = xs[xb + U(819)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(884)]
        a1 = ws[wb + U(885)]
        a2 = ws[wb + U(886)]
        a3 = ws[wb + U(887)]
        b0 = xs[xb + U(884)]
        b1 = xs[xb + U(885)]
        b2 = xs[xb + U(886)]
        b3 = xs[xb + U(887)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(952)]
        a1 = ws[wb + U(953)]
        a2 = ws[wb + U(954)]
        a3 = ws[wb + U(955)]
        b0 = xs[xb + U(952)]
        b1 = xs[xb + U(953)]
        b2 = xs[xb + U(954)]
        b3 = xs[xb + U(955)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        a0 = ws[wb + U(1020)]
        a1 = ws[wb + U(1021)]
        a2 = ws[wb + U(1022)]
        a3 = ws[wb + U(1023)]
        b0 = xs[xb + U(1020)]
        b1 = xs[xb + U(1021)]
        b2 = xs[xb + U(1022)]
        b3 = xs[xb + U(1023)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        if more:
            ws[(U(1) - cur) * U(1088) + ws_at + U(0)] = pw0
            ws[(U(1) - cur) * U(1088) + ws_at + U(16)] = pw1
            ws[(U(1) - cur) * U(1088) + ws_at + U(32)] = pw2
            ws[(U(1) - cur) * U(1088) + ws_at + U(48)] = pw3
            xs[(U(1) - cur) * U(1088) + xs_at + U(0)] = px0
            xs[(U(1) - cur) * U(1088) + xs_at + U(16)] = px1
            xs[(U(1) - cur) * U(1088) + xs_at + U(32)] = px2
            xs[(U(1) - cur) * U(1088) + xs_at + U(48)] = px3
        cuda.syncthreads()
        cur = U(1) - cur
    whole = cuda.gridDim.z == 1
    k = k0 + ty * 4 + 0
    if k < O:
        bias = b[k]
        p = p0 + tx * 4 + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_0
        p = p0 + tx * 4 + 1
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_1
        p = p0 + tx * 4 + 2
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_2
        p = p0 + tx * 4 + 3
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_3
    k = k0 + ty * 4 + 1
    if k < O:
        bias = b[k]
        p = p0 + tx * 4 + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_0
        p = p0 + tx * 4 + 1
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_1
        p = p0 + tx * 4 + 2
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_2
        p = p0 + tx * 4 + 3
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_3
    k = k0 + ty * 4 + 2
    if k < O:
        bias = b[k]
        p = p0 + tx * 4 + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_2_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_2_0
        p = p0 + tx * 4 + 1
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_2_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_2_1
        p = p0 + tx * 4 + 2
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_2_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_2_2
        p = p0 + tx * 4 + 3
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_2_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_2_3
    k = k0 + ty * 4 + 3
    if k < O:
        bias = b[k]
        p = p0 + tx * 4 + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_3_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_3_0
        p = p0 + tx * 4 + 1
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_3_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_3_1
        p = p0 + tx * 4 + 2
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_3_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_3_2
        p = p0 + tx * 4 + 3
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_3_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_3_3


TILES['gpu8x8'] = dict(TK=64, TP=128, TR=8, RK=8, RP=8, BX=16, BY=8)


@cuda.jit(**JIT)
def conv2d_tiled_gpu8x8(x1, w1, taps, b, out1, Cin, H, W, K, R, P, OW, stride_h, stride_w, pad_top, pad_left, groups, act):
    # x1: (N, Cin, H, W) flat, unpadded; w1: (K, R = Cin/groups*KH*KW) flat; taps: (R,) int64, cuda.py's
    # conv2d_taps; b: (K,); out1: (N, K, P = OH*OW) flat. Pixel tiles run over all N*P output pixels of
    # the batch (a 14x14 map fills a 128-pixel tile and part of the next, but 32 of them fill 49 tiles)
    Kg = K // groups
    uH = U(H)
    uW = U(W)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    tid = ty * 16 + tx
    p0 = cuda.blockIdx.x * 128
    k0 = cuda.blockIdx.y * 64
    NP = out1.size // K
    g = cuda.blockIdx.z
    kbase = g * Kg
    cbase = g * (Cin // groups)
    wr = tid % 8
    wrow = tid // 8
    wrows = Kg - k0 - wrow  # rows left to this thread's first slot
    wo = (kbase + k0 + wrow) * R + wr
    wstep = 16 * R
    ws_at = U(wr * 68 + wrow)
    p = p0 + (tid + 0) % 128
    n = p // P
    p -= n * P
    iy0 = (p // OW) * stride_h - pad_top if n < NP // P else -(1 << 40)
    ix0 = (p % OW) * stride_w - pad_left
    xo0 = (n * Cin + cbase) * H * W + iy0 * W + ix0
    ws = cuda.shared.array(1088, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TKP) weights
    xs = cuda.shared.array(2048, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TP) pixels
    acc_0_0 = float32(0)
    acc_0_1 = float32(0)
    acc_0_2 = float32(0)
    acc_0_3 = float32(0)
    acc_0_4 = float32(0)
    acc_0_5 = float32(0)
    acc_0_6 = float32(0)
    acc_0_7 = float32(0)
    acc_1_0 = float32(0)
    acc_1_1 = float32(0)
    acc_1_2 = float32(0)
    acc_1_3 = float32(0)
    acc_1_4 = float32(0)
    acc_1_5 = float32(0)
    acc_1_6 = float32(0)
    acc_1_7 = float32(0)
    acc_2_0 = float32(0)
    acc_2_1 = float32(0)
    acc_2_2 = float32(0)
    acc_2_3 = float32(0)
    acc_2_4 = float32(0)
    acc_2_5 = float32(0)
    acc_2_6 = float32(0)
    acc_2_7 = float32(0)
    acc_3_0 = float32(0)
    acc_3_1 = float32(0)
    acc_3_2 = float32(0)
    acc_3_3 = float32(0)
    acc_3_4 = float32(0)
    acc_3_5 = float32(0)
    acc_3_6 = float32(0)
    acc_3_7 = float32(0)
    acc_4_0 = float32(0)
    acc_4_1 = float32(0)
    acc_4_2 = float32(0)
    acc_4_3 = float32(0)
    acc_4_4 = float32(0)
    acc_4_5 = float32(0)
    acc_4_6 = float32(0)
    acc_4_7 = float32(0)
    acc_5_0 = float32(0)
    acc_5_1 = float32(0)
    acc_5_2 = float32(0)
    acc_5_3 = float32(0)
    acc_5_4 = float32(0)
    acc_5_5 = float32(0)
    acc_5_6 = float32(0)
    acc_5_7 = float32(0)
    acc_6_0 = float32(0)
    acc_6_1 = float32(0)
    acc_6_2 = float32(0)
    acc_6_3 = float32(0)
    acc_6_4 = float32(0)
    acc_6_5 = float32(0)
    acc_6_6 = float32(0)
    acc_6_7 = float32(0)
    acc_7_0 = float32(0)
    acc_7_1 = float32(0)
    acc_7_2 = float32(0)
    acc_7_3 = float32(0)
    acc_7_4 = float32(0)
    acc_7_5 = float32(0)
    acc_7_6 = float32(0)
    acc_7_7 = float32(0)
    wa = wo + 0
    rok = 0 + wr < R
    pw0 = float32(0)
    if rok and 0 < wrows:
        pw0 = w1[U(wa)]
    wa += wstep
    pw1 = float32(0)
    if rok and 16 < wrows:
        pw1 = w1[U(wa)]
    wa += wstep
    pw2 = float32(0)
    if rok and 32 < wrows:
        pw2 = w1[U(wa)]
    wa += wstep
    pw3 = float32(0)
    if rok and 48 < wrows:
        pw3 = w1[U(wa)]
    px0 = float32(0)
    r = 0 + 0
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px0 = x1[U(xo0 + (tap >> 32))]
    px1 = float32(0)
    r = 0 + 1
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px1 = x1[U(xo0 + (tap >> 32))]
    px2 = float32(0)
    r = 0 + 2
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px2 = x1[U(xo0 + (tap >> 32))]
    px3 = float32(0)
    r = 0 + 3
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px3 = x1[U(xo0 + (tap >> 32))]
    px4 = float32(0)
    r = 0 + 4
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px4 = x1[U(xo0 + (tap >> 32))]
    px5 = float32(0)
    r = 0 + 5
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px5 = x1[U(xo0 + (tap >> 32))]
    px6 = float32(0)
    r = 0 + 6
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px6 = x1[U(xo0 + (tap >> 32))]
    px7 = float32(0)
    r = 0 + 7
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px7 = x1[U(xo0 + (tap >> 32))]
    ws[U(0) * U(544) + ws_at + U(0)] = pw0
    ws[U(0) * U(544) + ws_at + U(16)] = pw1
    ws[U(0) * U(544) + ws_at + U(32)] = pw2
    ws[U(0) * U(544) + ws_at + U(48)] = pw3
    xs[U(0) * U(1024) + U(tid + 0)] = px0
    xs[U(0) * U(1024) + U(tid + 128)] = px1
    xs[U(0) * U(1024) + U(tid + 256)] = px2
    xs[U(0) * U(1024) + U(tid + 384)] = px3
    xs[U(0) * U(1024) + U(tid + 512)] = px4
    xs[U(0) * U(1024) + U(tid + 640)] = px5
    xs[U(0) * U(1024) + U(tid + 768)] = px6
    xs[U(0) * U(1024) + U(tid + 896)] = px7
    cuda.syncthreads()
    cur = U(0)
    for r0 in range(0, R, 8):
        more = r0 + 8 < R
        if more:
            wa = wo + r0 + 8
            rok = r0 + 8 + wr < R
            pw0 = float32(0)
            if rok and 0 < wrows:
                pw0 = w1[U(wa)]
            wa += wstep
            pw1 = float32(0)
            if rok and 16 < wrows:
                pw1 = w1[U(wa)]
            wa += wstep
            pw2 = float32(0)
            if rok and 32 < wrows:
                pw2 = w1[U(wa)]
            wa += wstep
            pw3 = float32(0)
            if rok and 48 < wrows:
                pw3 = w1[U(wa)]
            px0 = float32(0)
            r = r0 + 8 + 0
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px0 = x1[U(xo0 + (tap >> 32))]
            px1 = float32(0)
            r = r0 + 8 + 1
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px1 = x1[U(xo0 + (tap >> 32))]
            px2 = float32(0)
            r = r0 + 8 + 2
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px2 = x1[U(xo0 + (tap >> 32))]
            px3 = float32(0)
            r = r0 + 8 + 3
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px3 = x1[U(xo0 + (tap >> 32))]
            px4 = float32(0)
            r = r0 + 8 + 4
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px4 = x1[U(xo0 + (tap >> 32))]
            px5 = float32(0)
            r = r0 + 8 + 5
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px5 = x1[U(xo0 + (tap >> 32))]
            px6 = float32(0)
            r = r0 + 8 + 6
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px6 = x1[U(xo0 + (tap >> 32))]
            px7 = float32(0)
            r = r0 + 8 + 7
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px7 = x1[U(xo0 + (tap >> 32))]
        wb = cur * U(544) + U(ty * 4)
        xb = cur * U(1024) + U(tx * 4)
        a0 = ws[wb + U(0)]
        a1 = ws[wb + U(1)]
        a2 = ws[wb + U(2)]
        a3 = ws[wb + U(3)]
        a4 = ws[wb + U(32)]
        a5 = ws[wb + U(33)]
        a6 = ws[wb + U(34)]
        a7 = ws[wb + U(35)]
        b0 = xs[xb + U(0)]
        b1 = xs[xb + U(1)]
        b2 = xs[xb + U(2)]
        b3 = xs[xb + U(3)]
        b4 = xs[xb + U(64)]
        b5 = xs[xb + U(65)]
        b6 = xs[xb + U(66)]
        b7 = xs[xb + U(67)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_0_4 += a0 * b4
        acc_0_5 += a0 * b5
        acc_0_6 += a0 * b6
        acc_0_7 += a0 * b7
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_1_4 += a1 * b4
        acc_1_5 += a1 * b5
        acc_1_6 += a1 * b6
        acc_1_7 += a1 * b7
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_2_4 += a2 * b4
        acc_2_5 += a2 * b5
        acc_2_6 += a2 * b6
        acc_2_7 += a2 * b7
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_3_4 += a3 * b4
        acc_3_5 += a3 * b5
        acc_3_6 += a3 * b6
        acc_3_7 += a3 * b7
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_4_4 += a4 * b4
        acc_4_5 += a4 * b5
        acc_4_6 += a4 * b6
        acc_4_7 += a4 * b7
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_5_4 += a5 * b4
        acc_5_5 += a5 * b5
        acc_5_6 += a5 * b6
        acc_5_7 += a5 * b7
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_6_4 += a6 * b4
        acc_6_5 += a6 * b5
        acc_6_6 += a6 * b6
        acc_6_7 += a6 * b7
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        acc_7_4 += a7 * b4
        acc_7_5 += a7 * b5
        acc_7_6 += a7 * b6
        acc_7_7 += a7 * b7
        a0 = ws[wb + U(68)]
        a1 = ws[wb + U(69)]
        a2 = ws[wb + U(70)]
        a3 = ws[wb + U(71)]
        a4 = ws[wb + U(100)]
        a5 = ws[wb + U(101)]
        a6 = ws[wb + U(102)]
        a7 = ws[wb + U(103)]
        b0 = xs[xb + U(128)]
        b1 = xs[xb + U(129)]
        b2 = xs[xb + U(130)]
        b3 = xs[xb + U(131)]
        b4 = xs[xb + U(192)]
        b5 = xs[xb + U(193)]
        b6 = xs[xb + U(194)]
        b7 = xs[xb + U(195)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_0_4 += a0 * b4
        acc_0_5 += a0 * b5
        acc_0_6 += a0 * b6
        acc_0_7 += a0 * b7
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_1_4 += a1 * b4
        acc_1_5 += a1 * b5
        acc_1_6 += a1 * b6
        acc_1_7 += a1 * b7
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_2_4 += a2 * b4
        acc_2_5 += a2 * b5
        acc_2_6 += a2 * b6
        acc_2_7 += a2 * b7
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_3_4 += a3 * b4
        acc_3_5 += a3 * b5
        acc_3_6 += a3 * b6
        acc_3_7 += a3 * b7
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_4_4 += a4 * b4
        acc_4_5 += a4 * b5
        acc_4_6 += a4 * b6
        acc_4_7 += a4 * b7
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_5_4 += a5 * b4
        acc_5_5 += a5 * b5
        acc_5_6 += a5 * b6
        acc_5_7 += a5 * b7
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_6_4 += a6 * b4
        acc_6_5 += a6 * b5
        acc_6_6 += a6 * b6
        acc_6_7 += a6 * b7
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        acc_7_4 += a7 * b4
        acc_7_5 += a7 * b5
        acc_7_6 += a7 * b6
        acc_7_7 += a7 * b7
        a0 = ws[wb + U(136)]
        a1 = ws[wb + U(137)]
        a2 = ws[wb + U(138)]
        a3 = ws[wb + U(139)]
        a4 = ws[wb + U(168)]
        a5 = ws[wb + U(169)]
        a6 = ws[wb + U(170)]
        a7 = ws[wb + U(171)]
        b0 = xs[xb + U(256)]
        b1 = xs[xb + U(257)]
        b2 = xs[xb + U(258)]
        b3 = xs[xb + U(259)]
        b4 = xs[xb + U(320)]
        b5 = xs[xb + U(321)]
        b6 = xs[xb + U(322)]
        b7 = xs[xb + U(323)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_0_4 += a0 * b4
        acc_0_5 += a0 * b5
        acc_0_6 += a0 * b6
        acc_0_7 += a0 * b7
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_1_4 += a1 * b4
        acc_1_5 += a1 * b5
        acc_1_6 += a1 * b6
        acc_1_7 += a1 * b7
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_2_4 += a2 * b4
        acc_2_5 += a2 * b5
        acc_2_6 += a2 * b6
        acc_2_7 += a2 * b7
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_3_4 += a3 * b4
        acc_3_5 += a3 * b5
        acc_3_6 += a3 * b6
        acc_3_7 += a3 * b7
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_4_4 += a4 * b4
        acc_4_5 += a4 * b5
        acc_4_6 += a4 * b6
        acc_4_7 += a4 * b7
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_5_4 += a5 * b4
        acc_5_5 += a5 * b5
        acc_5_6 += a5 * b6
        acc_5_7 += a5 * b7
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_6_4 += a6 * b4
        acc_6_5 += a6 * b5
        acc_6_6 += a6 * b6
        acc_6_7 += a6 * b7
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        acc_7_4 += a7 * b4
        acc_7_5 += a7 * b5
        acc_7_6 += a7 * b6
        acc_7_7 += a7 * b7
        a0 = ws[wb + U(204)]
        a1 = ws[wb + U(205)]
        a2 = ws[wb + U(206)]
        a3 = ws[wb + U(207)]
        a4 = ws[wb + U(236)]
        a5 = ws[wb + U(237)]
        a6 = ws[wb + U(238)]
        a7 = ws[wb + U(239)]
        b0 = xs[xb + U(384)]
        b1 = xs[xb + U(385)]
        b2 = xs[xb + U(386)]
        b3 = xs[xb + U(387)]
        b4 = xs[xb + U(448)]
        b5 = xs[xb + U(449)]
        b6 = xs[xb + U(450)]
        b7 = xs[xb + U(451)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_0_4 += a0 * b4
        acc_0_5 += a0 * b5
        acc_0_6 += a0 * b6
        acc_0_7 += a0 * b7
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_1_4 += a1 * b4
        acc_1_5 += a1 * b5
        acc_1_6 += a1 * b6
        acc_1_7 += a1 * b7
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_2_4 += a2 * b4
        acc_2_5 += a2 * b5
        acc_2_6 += a2 * b6
        acc_2_7 += a2 * b7
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_3_4 += a3 * b4
        acc_3_5 += a3 * b5
        acc_3_6 += a3 * b6
        acc_3_7 += a3 * b7
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_4_4 += a4 * b4
        acc_4_5 += a4 * b5
        acc_4_6 += a4 * b6
        acc_4_7 += a4 * b7
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_5_4 += a5 * b4
        acc_5_5 += a5 * b5
        acc_5_6 += a5 * b6
        acc_5_7 += a5 * b7
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_6_4 += a6 * b4
        acc_6_5 += a6 * b5
        acc_6_6 += a6 * b6
        acc_6_7 += a6 * b7
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        acc_7_4 += a7 * b4
        acc_7_5 += a7 * b5
        acc_7_6 += a7 * b6
        acc_7_7 += a7 * b7
        a0 = ws[wb + U(272)]
        a1 = ws[wb + U(273)]
        a2 = ws[wb + U(274)]
        a3 = ws[wb + U(275)]
        a4 = ws[wb + U(304)]
        a5 = ws[wb + U(305)]
        a6 = ws[wb + U(306)]
        a7 = ws[wb + U(307)]
        b0 = xs[xb + U(512)]
        b1 = xs[xb + U(513)]
        b2 = xs[xb + U(514)]
        b3 = xs[xb + U(515)]
        b4 = xs[xb + U(576)]
        b5 = xs[xb + U(577)]
        b6 = xs[xb + U(578)]
        b7 = xs[xb + U(579)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_0_4 += a0 * b4
        acc_0_5 += a0 * b5
        acc_0_6 += a0 * b6
        acc_0_7 += a0 * b7
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_1_4 += a1 * b4
        acc_1_5 += a1 * b5
        acc_1_6 += a1 * b6
        acc_1_7 += a1 * b7
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_2_4 += a2 * b4
        acc_2_5 += a2 * b5
        acc_2_6 += a2 * b6
        acc_2_7 += a2 * b7
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_3_4 += a3 * b4
        acc_3_5 += a3 * b5
        acc_3_6 += a3 * b6
        acc_3_7 += a3 * b7
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_4_4 += a4 * b4
        acc_4_5 += a4 * b5
        acc_4_6 += a4 * b6
        acc_4_7 += a4 * b7
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_5_4 += a5 * b4
        acc_5_5 += a5 * b5
        acc_5_6 += a5 * b6
        acc_5_7 += a5 * b7
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_6_4 += a6 * b4
        acc_6_5 += a6 * b5
        acc_6_6 += a6 * b6
        acc_6_7 += a6 * b7
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        acc_7_4 += a7 * b4
        acc_7_5 += a7 * b5
        acc_7_6 += a7 * b6
        acc_7_7 += a7 * b7
        a0 = ws[wb + U(340)]
        a1 = ws[wb + U(341)]
        a2 = ws[wb + U(342)]
        a3 = ws[wb + U(343)]
        a4 = ws[wb + U(372)]
        a5 = ws[wb + U(373)]
        a6 = ws[wb + U(374)]
        a7 = ws[wb + U(375)]
        b0 = xs[xb + U(640)]
        b1 = xs[xb + U(641)]
        b2 = xs[xb + U(642)]
        b3 = xs[xb + U(643)]
        b4 = xs[xb + U(704)]
        b5 = xs[xb + U(705)]
        b6 = xs[xb + U(706)]
        b7 = xs[xb + U(707)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_0_4 += a0 * b4
        acc_0_5 += a0 * b5
        acc_0_6 += a0 * b6
        acc_0_7 += a0 * b7
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_1_4 += a1 * b4
        acc_1_5 += a1 * b5
        acc_1_6 += a1 * b6
        acc_1_7 += a1 * b7
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_2_4 += a2 * b4
        acc_2_5 += a2 * b5
        acc_2_6 += a2 * b6
        acc_2_7 += a2 * b7
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_3_4 += a3 * b4
        acc_3_5 += a3 * b5
        acc_3_6 += a3 * b6
        acc_3_7 += a3 * b7
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_4_4 += a4 * b4
        acc_4_5 += a4 * b5
        acc_4_6 += a4 * b6
        acc_4_7 += a4 * b7
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_5_4 += a5 * b4
        acc_5_5 += a5 * b5
        acc_5_6 += a5 * b6
        acc_5_7 += a5 * b7
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_6_4 += a6 * b4
        acc_6_5 += a6 * b5
        acc_6_6 += a6 * b6
        acc_6_7 += a6 * b7
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        acc_7_4 += a7 * b4
        acc_7_5 += a7 * b5
        acc_7_6 += a7 * b6
        acc_7_7 += a7 * b7
        a0 = ws[wb + U(408)]
        a1 = ws[wb + U(409)]
        a2 = ws[wb + U(410)]
        a3 = ws[wb + U(411)]
        a4 = ws[wb + U(440)]
        a5 = ws[wb + U(441)]
        a6 = ws[wb + U(442)]
        a7 = ws[wb + U(443)]
        b0 = xs[xb + U(768)]
        b1 = xs[xb + U(769)]
        b2 = xs[xb + U(770)]
        b3 = xs[xb + U(771)]
        b4 = xs[xb + U(832)]
        b5 = xs[xb + U(833)]
        b6 = xs[xb + U(834)]
        b7 = xs[xb + U(835)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_0_4 += a0 * b4
        acc_0_5 += a0 * b5
        acc_0_6 += a0 * b6
        acc_0_7 += a0 * b7
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_1_4 += a1 * b4
        acc_1_5 += a1 * b5
        acc_1_6 += a1 * b6
        acc_1_7 += a1 * b7
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_2_4 += a2 * b4
        acc_2_5 += a2 * b5
        acc_2_6 += a2 * b6
        acc_2_7 += a2 * b7
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_3_4 += a3 * b4
        acc_3_5 += a3 * b5
        acc_3_6 += a3 * b6
        acc_3_7 += a3 * b7
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_4_4 += a4 * b4
        acc_4_5 += a4 * b5
        acc_4_6 += a4 * b6
        acc_4_7 += a4 * b7
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_5_4 += a5 * b4
        acc_5_5 += a5 * b5
        acc_5_6 += a5 * b6
        acc_5_7 += a5 * b7
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_6_4 += a6 * b4
        acc_6_5 += a6 * b5
        acc_6_6 += a6 * b6
        acc_6_7 += a6 * b7
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        acc_7_4 += a7 * b4
        acc_7_5 += a7 * b5
        acc_7_6 += a7 * b6
        acc_7_7 += a7 * b7
        a0 = ws[wb + U(476)]
        a1 = ws[wb + U(477)]
        a2 = ws[wb + U(478)]
        a3 = ws[wb + U(479)]
        a4 = ws[wb + U(508)]
        a5 = ws[wb + U(509)]
        a6 = ws[wb + U(510)]
        a7 = ws[wb + U(511)]
        b0 = xs[xb + U(896)]
        b1 = xs[xb + U(897)]
        b2 = xs[xb + U(898)]
        b3 = xs[xb + U(899)]
        b4 = xs[xb + U(960)]
        b5 = xs[xb + U(961)]
        b6 = xs[xb + U(962)]
        b7 = xs[xb + U(963)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_0_4 += a0 * b4
        acc_0_5 += a0 * b5
        acc_0_6 += a0 * b6
        acc_0_7 += a0 * b7
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_1_4 += a1 * b4
        acc_1_5 += a1 * b5
        acc_1_6 += a1 * b6
        acc_1_7 += a1 * b7
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_2_4 += a2 * b4
        acc_2_5 += a2 * b5
        acc_2_6 += a2 * b6
        acc_2_7 += a2 * b7
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_3_4 += a3 * b4
        acc_3_5 += a3 * b5
        acc_3_6 += a3 * b6
        acc_3_7 += a3 * b7
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_4_4 += a4 * b4
        acc_4_5 += a4 * b5
        acc_4_6 += a4 * b6
        acc_4_7 += a4 * b7
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_5_4 += a5 * b4
        acc_5_5 += a5 * b5
        acc_5_6 += a5 * b6
        acc_5_7 += a5 * b7
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_6_4 += a6 * b4
        acc_6_5 += a6 * b5
        acc_6_6 += a6 * b6
        acc_6_7 += a6 * b7
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        acc_7_4 += a7 * b4
        acc_7_5 += a7 * b5
        acc_7_6 += a7 * b6
        acc_7_7 += a7 * b7
        if more:
            ws[(U(1) - cur) * U(544) + ws_at + U(0)] = pw0
            ws[(U(1) - cur) * U(544) + ws_at + U(16)] = pw1
            ws[(U(1) - cur) * U(544) + ws_at + U(32)] = pw2
            ws[(U(1) - cur) * U(544) + ws_at + U(48)] = pw3
            xs[(U(1) - cur) * U(1024) + U(tid + 0)] = px0
            xs[(U(1) - cur) * U(1024) + U(tid + 128)] = px1
            xs[(U(1) - cur) * U(1024) + U(tid + 256)] = px2
            xs[(U(1) - cur) * U(1024) + U(tid + 384)] = px3
            xs[(U(1) - cur) * U(1024) + U(tid + 512)] = px4
            xs[(U(1) - cur) * U(1024) + U(tid + 640)] = px5
            xs[(U(1) - cur) * U(1024) + U(tid + 768)] = px6
            xs[(U(1) - cur) * U(1024) + U(tid + 896)] = px7
        cuda.syncthreads()
        cur = U(1) - cur
    p = p0 + tx * 4 + 0
    n = p // P
    oc0 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx * 4 + 1
    n = p // P
    oc1 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx * 4 + 2
    n = p // P
    oc2 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx * 4 + 3
    n = p // P
    oc3 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx * 4 + 64
    n = p // P
    oc4 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx * 4 + 65
    n = p // P
    oc5 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx * 4 + 66
    n = p // P
    oc6 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx * 4 + 67
    n = p // P
    oc7 = (n * K + kbase) * P + p - n * P if p < NP else -1
    k = k0 + ty * 4 + 0
    if k < Kg:
        bias = b[kbase + k]
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = activate(acc_0_0 + bias, act)
        if oc1 >= 0:
            out1[U(oc1 + kp)] = activate(acc_0_1 + bias, act)
        if oc2 >= 0:
            out1[U(oc2 + kp)] = activate(acc_0_2 + bias, act)
        if oc3 >= 0:
            out1[U(oc3 + kp)] = activate(acc_0_3 + bias, act)
        if oc4 >= 0:
            out1[U(oc4 + kp)] = activate(acc_0_4 + bias, act)
        if oc5 >= 0:
            out1[U(oc5 + kp)] = activate(acc_0_5 + bias, act)
        if oc6 >= 0:
            out1[U(oc6 + kp)] = activate(acc_0_6 + bias, act)
        if oc7 >= 0:
            out1[U(oc7 + kp)] = activate(acc_0_7 + bias, act)
    k = k0 + ty * 4 + 1
    if k < Kg:
        bias = b[kbase + k]
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = activate(acc_1_0 + bias, act)
        if oc1 >= 0:
            out1[U(oc1 + kp)] = activate(acc_1_1 + bias, act)
        if oc2 >= 0:
            out1[U(oc2 + kp)] = activate(acc_1_2 + bias, act)
        if oc3 >= 0:
            out1[U(oc3 + kp)] = activate(acc_1_3 + bias, act)
        if oc4 >= 0:
            out1[U(oc4 + kp)] = activate(acc_1_4 + bias, act)
        if oc5 >= 0:
            out1[U(oc5 + kp)] = activate(acc_1_5 + bias, act)
        if oc6 >= 0:
            out1[U(oc6 + kp)] = activate(acc_1_6 + bias, act)
        if oc7 >= 0:
            out1[U(oc7 + kp)] = activate(acc_1_7 + bias, act)
    k = k0 + ty * 4 + 2
    if k < Kg:
        bias = b[kbase + k]
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = activate(acc_2_0 + bias, act)
        if oc1 >= 0:
            out1[U(oc1 + kp)] = activate(acc_2_1 + bias, act)
        if oc2 >= 0:
            out1[U(oc2 + kp)] = activate(acc_2_2 + bias, act)
        if oc3 >= 0:
            out1[U(oc3 + kp)] = activate(acc_2_3 + bias, act)
        if oc4 >= 0:
            out1[U(oc4 + kp)] = activate(acc_2_4 + bias, act)
        if oc5 >= 0:
            out1[U(oc5 + kp)] = activate(acc_2_5 + bias, act)
        if oc6 >= 0:
            out1[U(oc6 + kp)] = activate(acc_2_6 + bias, act)
        if oc7 >= 0:
            out1[U(oc7 + kp)] = activate(acc_2_7 + bias, act)
    k = k0 + ty * 4 + 3
    if k < Kg:
        bias = b[kbase + k]
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = activate(acc_3_0 + bias, act)
        if oc1 >= 0:
            out1[U(oc1 + kp)] = activate(acc_3_1 + bias, act)
        if oc2 >= 0:
            out1[U(oc2 + kp)] = activate(acc_3_2 + bias, act)
        if oc3 >= 0:
            out1[U(oc3 + kp)] = activate(acc_3_3 + bias, act)
        if oc4 >= 0:
            out1[U(oc4 + kp)] = activate(acc_3_4 + bias, act)
        if oc5 >= 0:
            out1[U(oc5 + kp)] = activate(acc_3_5 + bias, act)
        if oc6 >= 0:
            out1[U(oc6 + kp)] = activate(acc_3_6 + bias, act)
        if oc7 >= 0:
            out1[U(oc7 + kp)] = activate(acc_3_7 + bias, act)
    k = k0 + ty * 4 + 32
    if k < Kg:
        bias = b[kbase + k]
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = activate(acc_4_0 + bias, act)
        if oc1 >= 0:
            out1[U(oc1 + kp)] = activate(acc_4_1 + bias, act)
        if oc2 >= 0:
            out1[U(oc2 + kp)] = activate(acc_4_2 + bias, act)
        if oc3 >= 0:
            out1[U(oc3 + kp)] = activate(acc_4_3 + bias, act)
        if oc4 >= 0:
            out1[U(oc4 + kp)] = activate(acc_4_4 + bias, act)
        if oc5 >= 0:
            out1[U(oc5 + kp)] = activate(acc_4_5 + bias, act)
        if oc6 >= 0:
            out1[U(oc6 + kp)] = activate(acc_4_6 + bias, act)
        if oc7 >= 0:
            out1[U(oc7 + kp)] = activate(acc_4_7 + bias, act)
    k = k0 + ty * 4 + 33
    if k < Kg:
        bias = b[kbase + k]
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = activate(acc_5_0 + bias, act)
        if oc1 >= 0:
            out1[U(oc1 + kp)] = activate(acc_5_1 + bias, act)
        if oc2 >= 0:
            out1[U(oc2 + kp)] = activate(acc_5_2 + bias, act)
        if oc3 >= 0:
            out1[U(oc3 + kp)] = activate(acc_5_3 + bias, act)
        if oc4 >= 0:
            out1[U(oc4 + kp)] = activate(acc_5_4 + bias, act)
        if oc5 >= 0:
            out1[U(oc5 + kp)] = activate(acc_5_5 + bias, act)
        if oc6 >= 0:
            out1[U(oc6 + kp)] = activate(acc_5_6 + bias, act)
        if oc7 >= 0:
            out1[U(oc7 + kp)] = activate(acc_5_7 + bias, act)
    k = k0 + ty * 4 + 34
    if k < Kg:
        bias = b[kbase + k]
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = activate(acc_6_0 + bias, act)
        if oc1 >= 0:
            out1[U(oc1 + kp)] = activate(acc_6_1 + bias, act)
        if oc2 >= 0:
            out1[U(oc2 + kp)] = activate(acc_6_2 + bias, act)
        if oc3 >= 0:
            out1[U(oc3 + kp)] = activate(acc_6_3 + bias, act)
        if oc4 >= 0:
            out1[U(oc4 + kp)] = activate(acc_6_4 + bias, act)
        if oc5 >= 0:
            out1[U(oc5 + kp)] = activate(acc_6_5 + bias, act)
        if oc6 >= 0:
            out1[U(oc6 + kp)] = activate(acc_6_6 + bias, act)
        if oc7 >= 0:
            out1[U(oc7 + kp)] = activate(acc_6_7 + bias, act)
    k = k0 + ty * 4 + 35
    if k < Kg:
        bias = b[kbase + k]
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = activate(acc_7_0 + bias, act)
        if oc1 >= 0:
            out1[U(oc1 + kp)] = activate(acc_7_1 + bias, act)
        if oc2 >= 0:
            out1[U(oc2 + kp)] = activate(acc_7_2 + bias, act)
        if oc3 >= 0:
            out1[U(oc3 + kp)] = activate(acc_7_3 + bias, act)
        if oc4 >= 0:
            out1[U(oc4 + kp)] = activate(acc_7_4 + bias, act)
        if oc5 >= 0:
            out1[U(oc5 + kp)] = activate(acc_7_5 + bias, act)
        if oc6 >= 0:
            out1[U(oc6 + kp)] = activate(acc_7_6 + bias, act)
        if oc7 >= 0:
            out1[U(oc7 + kp)] = activate(acc_7_7 + bias, act)


@cuda.jit(**JIT)
def gemm_tiled_gpu8x8(lhs, rhs, out1, K, R, P):
    # lhs: (Z, K, R) flat, rhs: (Z, R, P) flat -> out1: (Z, K, P) flat; grid (ceil(P / TP), ceil(K / TK), Z)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    tid = ty * 16 + tx
    p0 = cuda.blockIdx.x * 128
    k0 = cuda.blockIdx.y * 64
    z = cuda.blockIdx.z
    wr = tid % 8
    wrow = tid // 8
    wrows = K - k0 - wrow  # rows left to this thread's first A slot
    wo = (z * K + k0 + wrow) * R + wr
    wstep = 16 * R
    ws_at = U(wr * 68 + wrow)
    p = p0 + tid % 128  # the B column of every slot of this thread
    pok = p < P
    xrow = tid // 128
    xo = (z * R + xrow) * P + p
    xstep = 1 * P
    ws = cuda.shared.array(1088, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TKP) of A
    xs = cuda.shared.array(2048, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TP) of B
    acc_0_0 = float32(0)
    acc_0_1 = float32(0)
    acc_0_2 = float32(0)
    acc_0_3 = float32(0)
    acc_0_4 = float32(0)
    acc_0_5 = float32(0)
    acc_0_6 = float32(0)
    acc_0_7 = float32(0)
    acc_1_0 = float32(0)
    acc_1_1 = float32(0)
    acc_1_2 = float32(0)
    acc_1_3 = float32(0)
    acc_1_4 = float32(0)
    acc_1_5 = float32(0)
    acc_1_6 = float32(0)
    acc_1_7 = float32(0)
    acc_2_0 = float32(0)
    acc_2_1 = float32(0)
    acc_2_2 = float32(0)
    acc_2_3 = float32(0)
    acc_2_4 = float32(0)
    acc_2_5 = float32(0)
    acc_2_6 = float32(0)
    acc_2_7 = float32(0)
    acc_3_0 = float32(0)
    acc_3_1 = float32(0)
    acc_3_2 = float32(0)
    acc_3_3 = float32(0)
    acc_3_4 = float32(0)
    acc_3_5 = float32(0)
    acc_3_6 = float32(0)
    acc_3_7 = float32(0)
    acc_4_0 = float32(0)
    acc_4_1 = float32(0)
    acc_4_2 = float32(0)
    acc_4_3 = float32(0)
    acc_4_4 = float32(0)
    acc_4_5 = float32(0)
    acc_4_6 = float32(0)
    acc_4_7 = float32(0)
    acc_5_0 = float32(0)
    acc_5_1 = float32(0)
    acc_5_2 = float32(0)
    acc_5_3 = float32(0)
    acc_5_4 = float32(0)
    acc_5_5 = float32(0)
    acc_5_6 = float32(0)
    acc_5_7 = float32(0)
    acc_6_0 = float32(0)
    acc_6_1 = float32(0)
    acc_6_2 = float32(0)
    acc_6_3 = float32(0)
    acc_6_4 = float32(0)
    acc_6_5 = float32(0)
    acc_6_6 = float32(0)
    acc_6_7 = float32(0)
    acc_7_0 = float32(0)
    acc_7_1 = float32(0)
    acc_7_2 = float32(0)
    acc_7_3 = float32(0)
    acc_7_4 = float32(0)
    acc_7_5 = float32(0)
    acc_7_6 = float32(0)
    acc_7_7 = float32(0)
    wa = wo + 0
    rok = 0 + wr < R
    pw0 = float32(0)
    if rok and 0 < wrows:
        pw0 = lhs[U(wa)]
    wa += wstep
    pw1 = float32(0)
    if rok and 16 < wrows:
        pw1 = lhs[U(wa)]
    wa += wstep
    pw2 = float32(0)
    if rok and 32 < wrows:
        pw2 = lhs[U(wa)]
    wa += wstep
    pw3 = float32(0)
    if rok and 48 < wrows:
        pw3 = lhs[U(wa)]
    xa = xo + (0) * P
    px0 = float32(0)
    if pok and 0 + xrow + 0 < R:
        px0 = rhs[U(xa)]
    xa += xstep
    px1 = float32(0)
    if pok and 0 + xrow + 1 < R:
        px1 = rhs[U(xa)]
    xa += xstep
    px2 = float32(0)
    if pok and 0 + xrow + 2 < R:
        px2 = rhs[U(xa)]
    xa += xstep
    px3 = float32(0)
    if pok and 0 + xrow + 3 < R:
        px3 = rhs[U(xa)]
    xa += xstep
    px4 = float32(0)
    if pok and 0 + xrow + 4 < R:
        px4 = rhs[U(xa)]
    xa += xstep
    px5 = float32(0)
    if pok and 0 + xrow + 5 < R:
        px5 = rhs[U(xa)]
    xa += xstep
    px6 = float32(0)
    if pok and 0 + xrow + 6 < R:
        px6 = rhs[U(xa)]
    xa += xstep
    px7 = float32(0)
    if pok and 0 + xrow + 7 < R:
        px7 = rhs[U(xa)]
    ws[U(0) * U(544) + ws_at + U(0)] = pw0
    ws[U(0) * U(544) + ws_at + U(16)] = pw1
    ws[U(0) * U(544) + ws_at + U(32)] = pw2
    ws[U(0) * U(544) + ws_at + U(48)] = pw3
    xs[U(0) * U(1024) + U(tid + 0)] = px0
    xs[U(0) * U(1024) + U(tid + 128)] = px1
    xs[U(0) * U(1024) + U(tid + 256)] = px2
    xs[U(0) * U(1024) + U(tid + 384)] = px3
    xs[U(0) * U(1024) + U(tid + 512)] = px4
    xs[U(0) * U(1024) + U(tid + 640)] = px5
    xs[U(0) * U(1024) + U(tid + 768)] = px6
    xs[U(0) * U(1024) + U(tid + 896)] = px7
    cuda.syncthreads()
    cur = U(0)
    for r0 in range(0, R, 8):
        more = r0 + 8 < R
        if more:
            wa = wo + r0 + 8
            rok = r0 + 8 + wr < R
            pw0 = float32(0)
            if rok and 0 < wrows:
                pw0 = lhs[U(wa)]
            wa += wstep
            pw1 = float32(0)
            if rok and 16 < wrows:
                pw1 = lhs[U(wa)]
            wa += wstep
            pw2 = float32(0)
            if rok and 32 < wrows:
                pw2 = lhs[U(wa)]
            wa += wstep
            pw3 = float32(0)
            if rok and 48 < wrows:
                pw3 = lhs[U(wa)]
            xa = xo + (r0 + 8) * P
            px0 = float32(0)
            if pok and r0 + 8 + xrow + 0 < R:
                px0 = rhs[U(xa)]
            xa += xstep
            px1 = float32(0)
            if pok and r0 + 8 + xrow + 1 < R:
                px1 = rhs[U(xa)]
            xa += xstep
            px2 = float32(0)
            if pok and r0 + 8 + xrow + 2 < R:
                px2 = rhs[U(xa)]
            xa += xstep
            px3 = float32(0)
            if pok and r0 + 8 + xrow + 3 < R:
                px3 = rhs[U(xa)]
            xa += xstep
            px4 = float32(0)
            if pok and r0 + 8 + xrow + 4 < R:
                px4 = rhs[U(xa)]
            xa += xstep
            px5 = float32(0)
            if pok and r0 + 8 + xrow + 5 < R:
                px5 = rhs[U(xa)]
            xa += xstep
            px6 = float32(0)
            if pok and r0 + 8 + xrow + 6 < R:
                px6 = rhs[U(xa)]
            xa += xstep
            px7 = float32(0)
            if pok and r0 + 8 + xrow + 7 < R:
                px7 = rhs[U(xa)]
        wb = cur * U(544) + U(ty * 4)
        xb = cur * U(1024) + U(tx * 4)
        a0 = ws[wb + U(0)]
        a1 = ws[wb + U(1)]
        a2 = ws[wb + U(2)]
        a3 = ws[wb + U(3)]
        a4 = ws[wb + U(32)]
        a5 = ws[wb + U(33)]
        a6 = ws[wb + U(34)]
        a7 = ws[wb + U(35)]
        b0 = xs[xb + U(0)]
        b1 = xs[xb + U(1)]
        b2 = xs[xb + U(2)]
        b3 = xs[xb + U(3)]
        b4 = xs[xb + U(64)]
        b5 = xs[xb + U(65)]
        b6 = xs[xb + U(66)]
        b7 = xs[xb + U(67)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_0_4 += a0 * b4
        acc_0_5 += a0 * b5
        acc_0_6 += a0 * b6
        acc_0_7 += a0 * b7
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_1_4 += a1 * b4
        acc_1_5 += a1 * b5
        acc_1_6 += a1 * b6
        acc_1_7 += a1 * b7
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_2_4 += a2 * b4
        acc_2_5 += a2 * b5
        acc_2_6 += a2 * b6
        acc_2_7 += a2 * b7
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_3_4 += a3 * b4
        acc_3_5 += a3 * b5
        acc_3_6 += a3 * b6
        acc_3_7 += a3 * b7
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_4_4 += a4 * b4
        acc_4_5 += a4 * b5
        acc_4_6 += a4 * b6
        acc_4_7 += a4 * b7
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_5_4 += a5 * b4
        acc_5_5 += a5 * b5
        acc_5_6 += a5 * b6
        acc_5_7 += a5 * b7
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_6_4 += a6 * b4
        acc_6_5 += a6 * b5
        acc_6_6 += a6 * b6
        acc_6_7 += a6 * b7
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        acc_7_4 += a7 * b4
        acc_7_5 += a7 * b5
        acc_7_6 += a7 * b6
        acc_7_7 += a7 * b7
        a0 = ws[wb + U(68)]
        a1 = ws[wb + U(69)]
        a2 = ws[wb + U(70)]
        a3 = ws[wb + U(71)]
        a4 = ws[wb + U(100)]
        a5 = ws[wb + U(101)]
        a6 = ws[wb + U(102)]
        a7 = ws[wb + U(103)]
        b0 = xs[xb + U(128)]
        b1 = xs[xb + U(129)]
        b2 = xs[xb + U(130)]
        b3 = xs[xb + U(131)]
        b4 = xs[xb + U(192)]
        b5 = xs[xb + U(193)]
        b6 = xs[xb + U(194)]
        b7 = xs[xb + U(195)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_0_4 += a0 * b4
        acc_0_5 += a0 * b5
        acc_0_6 += a0 * b6
        acc_0_7 += a0 * b7
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_1_4 += a1 * b4
        acc_1_5 += a1 * b5
        acc_1_6 += a1 * b6
        acc_1_7 += a1 * b7
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_2_4 += a2 * b4
        acc_2_5 += a2 * b5
        acc_2_6 += a2 * b6
        acc_2_7 += a2 * b7
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_3_4 += a3 * b4
        acc_3_5 += a3 * b5
        acc_3_6 += a3 * b6
        acc_3_7 += a3 * b7
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_4_4 += a4 * b4
        acc_4_5 += a4 * b5
        acc_4_6 += a4 * b6
        acc_4_7 += a4 * b7
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_5_4 += a5 * b4
        acc_5_5 += a5 * b5
        acc_5_6 += a5 * b6
        acc_5_7 += a5 * b7
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_6_4 += a6 * b4
        acc_6_5 += a6 * b5
        acc_6_6 += a6 * b6
        acc_6_7 += a6 * b7
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        acc_7_4 += a7 * b4
        acc_7_5 += a7 * b5
        acc_7_6 += a7 * b6
        acc_7_7 += a7 * b7
        a0 = ws[wb + U(136)]
        a1 = ws[wb + U(137)]
        a2 = ws[wb + U(138)]
        a3 = ws[wb + U(139)]
        a4 = ws[wb + U(168)]
        a5 = ws[wb + U(169)]
        a6 = ws[wb + U(170)]
        a7 = ws[wb + U(171)]
        b0 = xs[xb + U(256)]
        b1 = xs[xb + U(257)]
        b2 = xs[xb + U(258)]
        b3 = xs[xb + U(259)]
        b4 = xs[xb + U(320)]
        b5 = xs[xb + U(321)]
        b6 = xs[xb + U(322)]
        b7 = xs[xb + U(323)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_0_4 += a0 * b4
        acc_0_5 += a0 * b5
        acc_0_6 += a0 * b6
        acc_0_7 += a0 * b7
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_1_4 += a1 * b4
        acc_1_5 += a1 * b5
        acc_1_6 += a1 * b6
        acc_1_7 += a1 * b7
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_2_4 += a2 * b4
        acc_2_5 += a2 * b5
        acc_2_6 += a2 * b6
        acc_2_7 += a2 * b7
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_3_4 += a3 * b4
        acc_3_5 += a3 * b5
        acc_3_6 += a3 * b6
        acc_3_7 += a3 * b7
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_4_4 += a4 * b4
        acc_4_5 += a4 * b5
        acc_4_6 += a4 * b6
        acc_4_7 += a4 * b7
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_5_4 += a5 * b4
        acc_5_5 += a5 * b5
        acc_5_6 += a5 * b6
        acc_5_7 += a5 * b7
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_6_4 += a6 * b4
        acc_6_5 += a6 * b5
        acc_6_6 += a6 * b6
        acc_6_7 += a6 * b7
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        acc_7_4 += a7 * b4
        acc_7_5 += a7 * b5
        acc_7_6 += a7 * b6
        acc_7_7 += a7 * b7
        a0 = ws[wb + U(204)]
        a1 = ws[wb + U(205)]
        a2 = ws[wb + U(206)]
        a3 = ws[wb + U(207)]
        a4 = ws[wb + U(236)]
        a5 = ws[wb + U(237)]
        a6 = ws[wb + U(238)]
        a7 = ws[wb + U(239)]
        b0 = xs[xb + U(384)]
        b1 = xs[xb + U(385)]
        b2 = xs[xb + U(386)]
        b3 = xs[xb + U(387)]
        b4 = xs[xb + U(448)]
        b5 = xs[xb + U(449)]
        b6 = xs[xb + U(450)]
        b7 = xs[xb + U(451)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_0_4 += a0 * b4
        acc_0_5 += a0 * b5
        acc_0_6 += a0 * b6
        acc_0_7 += a0 * b7
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_1_4 += a1 * b4
        acc_1_5 += a1 * b5
        acc_1_6 += a1 * b6
        acc_1_7 += a1 * b7
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_2_4 += a2 * b4
        acc_2_5 += a2 * b5
        acc_2_6 += a2 * b6
        acc_2_7 += a2 * b7
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_3_4 += a3 * b4
        acc_3_5 += a3 * b5
        acc_3_6 += a3 * b6
        acc_3_7 += a3 * b7
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_4_4 += a4 * b4
        acc_4_5 += a4 * b5
        acc_4_6 += a4 * b6
        acc_4_7 += a4 * b7
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_5_4 += a5 * b4
        acc_5_5 += a5 * b5
        acc_5_6 += a5 * b6
        acc_5_7 += a5 * b7
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_6_4 += a6 * b4
        acc_6_5 += a6 * b5
        acc_6_6 += a6 * b6
        acc_6_7 += a6 * b7
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        acc_7_4 += a7 * b4
        acc_7_5 += a7 * b5
        acc_7_6 += a7 * b6
        acc_7_7 += a7 * b7
        a0 = ws[wb + U(272)]
        a1 = ws[wb + U(273)]
        a2 = ws[wb + U(274)]
        a3 = ws[wb + U(275)]
        a4 = ws[wb + U(304)]
        a5 = ws[wb + U(305)]
        a6 = ws[wb + U(306)]
        a7 = ws[wb + U(307)]
        b0 = xs[xb + U(512)]
        b1 = xs[xb + U(513)]
        b2 = xs[xb + U(514)]
        b3 = xs[xb + U(515)]
        b4 = xs[xb + U(576)]
        b5 = xs[xb + U(577)]
        b6 = xs[xb + U(578)]
        b7 = xs[xb + U(579)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_0_4 += a0 * b4
        acc_0_5 += a0 * b5
        acc_0_6 += a0 * b6
        acc_0_7 += a0 * b7
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_1_4 += a1 * b4
        acc_1_5 += a1 * b5
        acc_1_6 += a1 * b6
        acc_1_7 += a1 * b7
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_2_4 += a2 * b4
        acc_2_5 += a2 * b5
        acc_2_6 += a2 * b6
        acc_2_7 += a2 * b7
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_3_4 += a3 * b4
        acc_3_5 += a3 * b5
        acc_3_6 += a3 * b6
        acc_3_7 += a3 * b7
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_4_4 += a4 * b4
        acc_4_5 += a4 * b5
        acc_4_6 += a4 * b6
        acc_4_7 += a4 * b7
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_5_4 += a5 * b4
        acc_5_5 += a5 * b5
        acc_5_6 += a5 * b6
        acc_5_7 += a5 * b7
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_6_4 += a6 * b4
        acc_6_5 += a6 * b5
        acc_6_6 += a6 * b6
        acc_6_7 += a6 * b7
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        acc_7_4 += a7 * b4
        acc_7_5 += a7 * b5
        acc_7_6 += a7 * b6
        acc_7_7 += a7 * b7
        a0 = ws[wb + U(340)]
        a1 = ws[wb + U(341)]
        a2 = ws[wb + U(342)]
        a3 = ws[wb + U(343)]
        a4 = ws[wb + U(372)]
        a5 = ws[wb + U(373)]
        a6 = ws[wb + U(374)]
        a7 = ws[wb + U(375)]
        b0 = xs[xb + U(640)]
        b1 = xs[xb + U(641)]
        b2 = xs[xb + U(642)]
        b3 = xs[xb + U(643)]
        b4 = xs[xb + U(704)]
        b5 = xs[xb + U(705)]
        b6 = xs[xb + U(706)]
        b7 = xs[xb + U(707)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_0_4 += a0 * b4
        acc_0_5 += a0 * b5
        acc_0_6 += a0 * b6
        acc_0_7 += a0 * b7
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_1_4 += a1 * b4
        acc_1_5 += a1 * b5
        acc_1_6 += a1 * b6
        acc_1_7 += a1 * b7
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_2_4 += a2 * b4
        acc_2_5 += a2 * b5
        acc_2_6 += a2 * b6
        acc_2_7 += a2 * b7
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_3_4 += a3 * b4
        acc_3_5 += a3 * b5
        acc_3_6 += a3 * b6
        acc_3_7 += a3 * b7
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_4_4 += a4 * b4
        acc_4_5 += a4 * b5
        acc_4_6 += a4 * b6
        acc_4_7 += a4 * b7
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_5_4 += a5 * b4
        acc_5_5 += a5 * b5
        acc_5_6 += a5 * b6
        acc_5_7 += a5 * b7
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_6_4 += a6 * b4
        acc_6_5 += a6 * b5
        acc_6_6 += a6 * b6
        acc_6_7 += a6 * b7
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        acc_7_4 += a7 * b4
        acc_7_5 += a7 * b5
        acc_7_6 += a7 * b6
        acc_7_7 += a7 * b7
        a0 = ws[wb + U(408)]
        a1 = ws[wb + U(409)]
        a2 = ws[wb + U(410)]
        a3 = ws[wb + U(411)]
        a4 = ws[wb + U(440)]
        a5 = ws[wb + U(441)]
        a6 = ws[wb + U(442)]
        a7 = ws[wb + U(443)]
        b0 = xs[xb + U(768)]
        b1 = xs[xb + U(769)]
        b2 = xs[xb + U(770)]
        b3 = xs[xb + U(771)]
        b4 = xs[xb + U(832)]
        b5 = xs[xb + U(833)]
        b6 = xs[xb + U(834)]
        b7 = xs[xb + U(835)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_0_4 += a0 * b4
        acc_0_5 += a0 * b5
        acc_0_6 += a0 * b6
        acc_0_7 += a0 * b7
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_1_4 += a1 * b4
        acc_1_5 += a1 * b5
        acc_1_6 += a1 * b6
        acc_1_7 += a1 * b7
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_2_4 += a2 * b4
        acc_2_5 += a2 * b5
        acc_2_6 += a2 * b6
        acc_2_7 += a2 * b7
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_3_4 += a3 * b4
        acc_3_5 += a3 * b5
        acc_3_6 += a3 * b6
        acc_3_7 += a3 * b7
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_4_4 += a4 * b4
        acc_4_5 += a4 * b5
        acc_4_6 += a4 * b6
        acc_4_7 += a4 * b7
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_5_4 += a5 * b4
        acc_5_5 += a5 * b5
        acc_5_6 += a5 * b6
        acc_5_7 += a5 * b7
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_6_4 += a6 * b4
        acc_6_5 += a6 * b5
        acc_6_6 += a6 * b6
        acc_6_7 += a6 * b7
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        acc_7_4 += a7 * b4
        acc_7_5 += a7 * b5
        acc_7_6 += a7 * b6
        acc_7_7 += a7 * b7
        a0 = ws[wb + U(476)]
        a1 = ws[wb + U(477)]
        a2 = ws[wb + U(478)]
        a3 = ws[wb + U(479)]
        a4 = ws[wb + U(508)]
        a5 = ws[wb + U(509)]
        a6 = ws[wb + U(510)]
        a7 = ws[wb + U(511)]
        b0 = xs[xb + U(896)]
        b1 = xs[xb + U(897)]
        b2 = xs[xb + U(898)]
        b3 = xs[xb + U(899)]
        b4 = xs[xb + U(960)]
        b5 = xs[xb + U(961)]
        b6 = xs[xb + U(962)]
        b7 = xs[xb + U(963)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_0_4 += a0 * b4
        acc_0_5 += a0 * b5
        acc_0_6 += a0 * b6
        acc_0_7 += a0 * b7
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_1_4 += a1 * b4
        acc_1_5 += a1 * b5
        acc_1_6 += a1 * b6
        acc_1_7 += a1 * b7
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_2_4 += a2 * b4
        acc_2_5 += a2 * b5
        acc_2_6 += a2 * b6
        acc_2_7 += a2 * b7
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_3_4 += a3 * b4
        acc_3_5 += a3 * b5
        acc_3_6 += a3 * b6
        acc_3_7 += a3 * b7
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_4_4 += a4 * b4
        acc_4_5 += a4 * b5
        acc_4_6 += a4 * b6
        acc_4_7 += a4 * b7
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_5_4 += a5 * b4
        acc_5_5 += a5 * b5
        acc_5_6 += a5 * b6
        acc_5_7 += a5 * b7
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_6_4 += a6 * b4
        acc_6_5 += a6 * b5
        acc_6_6 += a6 * b6
        acc_6_7 += a6 * b7
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        acc_7_4 += a7 * b4
        acc_7_5 += a7 * b5
        acc_7_6 += a7 * b6
        acc_7_7 += a7 * b7
        if more:
            ws[(U(1) - cur) * U(544) + ws_at + U(0)] = pw0
            ws[(U(1) - cur) * U(544) + ws_at + U(16)] = pw1
            ws[(U(1) - cur) * U(544) + ws_at + U(32)] = pw2
            ws[(U(1) - cur) * U(544) + ws_at + U(48)] = pw3
            xs[(U(1) - cur) * U(1024) + U(tid + 0)] = px0
            xs[(U(1) - cur) * U(1024) + U(tid + 128)] = px1
            xs[(U(1) - cur) * U(1024) + U(tid + 256)] = px2
            xs[(U(1) - cur) * U(1024) + U(tid + 384)] = px3
            xs[(U(1) - cur) * U(1024) + U(tid + 512)] = px4
            xs[(U(1) - cur) * U(1024) + U(tid + 640)] = px5
            xs[(U(1) - cur) * U(1024) + U(tid + 768)] = px6
            xs[(U(1) - cur) * U(1024) + U(tid + 896)] = px7
        cuda.syncthreads()
        cur = U(1) - cur
    p = p0 + tx * 4 + 0
    oc0 = z * K * P + p if p < P else -1
    p = p0 + tx * 4 + 1
    oc1 = z * K * P + p if p < P else -1
    p = p0 + tx * 4 + 2
    oc2 = z * K * P + p if p < P else -1
    p = p0 + tx * 4 + 3
    oc3 = z * K * P + p if p < P else -1
    p = p0 + tx * 4 + 64
    oc4 = z * K * P + p if p < P else -1
    p = p0 + tx * 4 + 65
    oc5 = z * K * P + p if p < P else -1
    p = p0 + tx * 4 + 66
    oc6 = z * K * P + p if p < P else -1
    p = p0 + tx * 4 + 67
    oc7 = z * K * P + p if p < P else -1
    k = k0 + ty * 4 + 0
    if k < K:
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = acc_0_0
        if oc1 >= 0:
            out1[U(oc1 + kp)] = acc_0_1
        if oc2 >= 0:
            out1[U(oc2 + kp)] = acc_0_2
        if oc3 >= 0:
            out1[U(oc3 + kp)] = acc_0_3
        if oc4 >= 0:
            out1[U(oc4 + kp)] = acc_0_4
        if oc5 >= 0:
            out1[U(oc5 + kp)] = acc_0_5
        if oc6 >= 0:
            out1[U(oc6 + kp)] = acc_0_6
        if oc7 >= 0:
            out1[U(oc7 + kp)] = acc_0_7
    k = k0 + ty * 4 + 1
    if k < K:
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = acc_1_0
        if oc1 >= 0:
            out1[U(oc1 + kp)] = acc_1_1
        if oc2 >= 0:
            out1[U(oc2 + kp)] = acc_1_2
        if oc3 >= 0:
            out1[U(oc3 + kp)] = acc_1_3
        if oc4 >= 0:
            out1[U(oc4 + kp)] = acc_1_4
        if oc5 >= 0:
            out1[U(oc5 + kp)] = acc_1_5
        if oc6 >= 0:
            out1[U(oc6 + kp)] = acc_1_6
        if oc7 >= 0:
            out1[U(oc7 + kp)] = acc_1_7
    k = k0 + ty * 4 + 2
    if k < K:
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = acc_2_0
        if oc1 >= 0:
            out1[U(oc1 + kp)] = acc_2_1
        if oc2 >= 0:
            out1[U(oc2 + kp)] = acc_2_2
        if oc3 >= 0:
            out1[U(oc3 + kp)] = acc_2_3
        if oc4 >= 0:
            out1[U(oc4 + kp)] = acc_2_4
        if oc5 >= 0:
            out1[U(oc5 + kp)] = acc_2_5
        if oc6 >= 0:
            out1[U(oc6 + kp)] = acc_2_6
        if oc7 >= 0:
            out1[U(oc7 + kp)] = acc_2_7
    k = k0 + ty * 4 + 3
    if k < K:
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = acc_3_0
        if oc1 >= 0:
            out1[U(oc1 + kp)] = acc_3_1
        if oc2 >= 0:
            out1[U(oc2 + kp)] = acc_3_2
        if oc3 >= 0:
            out1[U(oc3 + kp)] = acc_3_3
        if oc4 >= 0:
            out1[U(oc4 + kp)] = acc_3_4
        if oc5 >= 0:
            out1[U(oc5 + kp)] = acc_3_5
        if oc6 >= 0:
            out1[U(oc6 + kp)] = acc_3_6
        if oc7 >= 0:
            out1[U(oc7 + kp)] = acc_3_7
    k = k0 + ty * 4 + 32
    if k < K:
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = acc_4_0
        if oc1 >= 0:
            out1[U(oc1 + kp)] = acc_4_1
        if oc2 >= 0:
            out1[U(oc2 + kp)] = acc_4_2
        if oc3 >= 0:
            out1[U(oc3 + kp)] = acc_4_3
        if oc4 >= 0:
            out1[U(oc4 + kp)] = acc_4_4
        if oc5 >= 0:
            out1[U(oc5 + kp)] = acc_4_5
        if oc6 >= 0:
            out1[U(oc6 + kp)] = acc_4_6
        if oc7 >= 0:
            out1[U(oc7 + kp)] = acc_4_7
    k = k0 + ty * 4 + 33
    if k < K:
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = acc_5_0
        if oc1 >= 0:
            out1[U(oc1 + kp)] = acc_5_1
        if oc2 >= 0:
            out1[U(oc2 + kp)] = acc_5_2
        if oc3 >= 0:
            out1[U(oc3 + kp)] = acc_5_3
        if oc4 >= 0:
            out1[U(oc4 + kp)] = acc_5_4
        if oc5 >= 0:
            out1[U(oc5 + kp)] = acc_5_5
        if oc6 >= 0:
            out1[U(oc6 + kp)] = acc_5_6
        if oc7 >= 0:
            out1[U(oc7 + kp)] = acc_5_7
    k = k0 + ty * 4 + 34
    if k < K:
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = acc_6_0
        if oc1 >= 0:
            out1[U(oc1 + kp)] = acc_6_1
        if oc2 >= 0:
            out1[U(oc2 + kp)] = acc_6_2
        if oc3 >= 0:
            out1[U(oc3 + kp)] = acc_6_3
        if oc4 >= 0:
            out1[U(oc4 + kp)] = acc_6_4
        if oc5 >= 0:
            out1[U(oc5 + kp)] = acc_6_5
        if oc6 >= 0:
            out1[U(oc6 + kp)] = acc_6_6
        if oc7 >= 0:
            out1[U(oc7 + kp)] = acc_6_7
    k = k0 + ty * 4 + 35
    if k < K:
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = acc_7_0
        if oc1 >= 0:
            out1[U(oc1 + kp)] = acc_7_1
        if oc2 >= 0:
            out1[U(oc2 + kp)] = acc_7_2
        if oc3 >= 0:
            out1[U(oc3 + kp)] = acc_7_3
        if oc4 >= 0:
            out1[U(oc4 + kp)] = acc_7_4
        if oc5 >= 0:
            out1[U(oc5 + kp)] = acc_7_5
        if oc6 >= 0:
            out1[U(oc6 + kp)] = acc_7_6
        if oc7 >= 0:
            out1[U(oc7 + kp)] = acc_7_7


TILES['gpu32'] = dict(TK=128, TP=32, TR=16, RK=8, RP=4, BX=8, BY=16)


@cuda.jit(**JIT)
def dense_tiled_gpu32(x1, w1, b, out1, M, I, O, slice_len, act):
    # x1: (M, I) flat, w1: (O, I) flat, b: (O,); k runs over O, p over M. Block z sums the reduction
    # slice [z * slice_len, (z + 1) * slice_len): with one slice, out1 is (M, O) = act(x @ w.T + b);
    # with several, out1 is (slices, M, O) of partial sums (cuda.py's dense_forward adds them up)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    tid = ty * 8 + tx
    p0 = cuda.blockIdx.x * 32
    k0 = cuda.blockIdx.y * 128
    z = cuda.blockIdx.z
    rbeg = z * slice_len
    rend = min(I, rbeg + slice_len)
    r = tid % 16
    row = tid // 16
    wrows = O - k0 - row  # rows left to this thread's first weight slot
    xrows = M - p0 - row
    wo = (k0 + row) * I + r
    xo = (p0 + row) * I + r
    step = 8 * I
    ws_at = U(r * 132 + row)
    xs_at = U(r * 36 + row)
    ws = cuda.shared.array(4224, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TKP) weights
    xs = cuda.shared.array(1152, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TPP) inputs
    acc_0_0 = float32(0)
    acc_0_1 = float32(0)
    acc_0_2 = float32(0)
    acc_0_3 = float32(0)
    acc_1_0 = float32(0)
    acc_1_1 = float32(0)
    acc_1_2 = float32(0)
    acc_1_3 = float32(0)
    acc_2_0 = float32(0)
    acc_2_1 = float32(0)
    acc_2_2 = float32(0)
    acc_2_3 = float32(0)
    acc_3_0 = float32(0)
    acc_3_1 = float32(0)
    acc_3_2 = float32(0)
    acc_3_3 = float32(0)
    acc_4_0 = float32(0)
    acc_4_1 = float32(0)
    acc_4_2 = float32(0)
    acc_4_3 = float32(0)
    acc_5_0 = float32(0)
    acc_5_1 = float32(0)
    acc_5_2 = float32(0)
    acc_5_3 = float32(0)
    acc_6_0 = float32(0)
    acc_6_1 = float32(0)
    acc_6_2 = float32(0)
    acc_6_3 = float32(0)
    acc_7_0 = float32(0)
    acc_7_1 = float32(0)
    acc_7_2 = float32(0)
    acc_7_3 = float32(0)
    rok = rbeg + r < rend
    a = wo + rbeg
    pw0 = float32(0)
    if rok and 0 < wrows:
        pw0 = w1[U(a)]
    a += step
    pw1 = float32(0)
    if rok and 8 < wrows:
        pw1 = w1[U(a)]
    a += step
    pw2 = float32(0)
    if rok and 16 < wrows:
        pw2 = w1[U(a)]
    a += step
    pw3 = float32(0)
    if rok and 24 < wrows:
        pw3 = w1[U(a)]
    a += step
    pw4 = float32(0)
    if rok and 32 < wrows:
        pw4 = w1[U(a)]
    a += step
    pw5 = float32(0)
    if rok and 40 < wrows:
        pw5 = w1[U(a)]
    a += step
    pw6 = float32(0)
    if rok and 48 < wrows:
        pw6 = w1[U(a)]
    a += step
    pw7 = float32(0)
    if rok and 56 < wrows:
        pw7 = w1[U(a)]
    a += step
    pw8 = float32(0)
    if rok and 64 < wrows:
        pw8 = w1[U(a)]
    a += step
    pw9 = float32(0)
    if rok and 72 < wrows:
        pw9 = w1[U(a)]
    a += step
    pw10 = float32(0)
    if rok and 80 < wrows:
        pw10 = w1[U(a)]
    a += step
    pw11 = float32(0)
    if rok and 88 < wrows:
        pw11 = w1[U(a)]
    a += step
    pw12 = float32(0)
    if rok and 96 < wrows:
        pw12 = w1[U(a)]
    a += step
    pw13 = float32(0)
    if rok and 104 < wrows:
        pw13 = w1[U(a)]
    a += step
    pw14 = float32(0)
    if rok and 112 < wrows:
        pw14 = w1[U(a)]
    a += step
    pw15 = float32(0)
    if rok and 120 < wrows:
        pw15 = w1[U(a)]
    a = xo + rbeg
    px0 = float32(0)
    if rok and 0 < xrows:
        px0 = x1[U(a)]
    a += step
    px1 = float32(0)
    if rok and 8 < xrows:
        px1 = x1[U(a)]
    a += step
    px2 = float32(0)
    if rok and 16 < xrows:
        px2 = x1[U(a)]
    a += step
    px3 = float32(0)
    if rok and 24 < xrows:
        px3 = x1[U(a)]
    ws[U(0) * U(2112) + ws_at + U(0)] = pw0
    ws[U(0) * U(2112) + ws_at + U(8)] = pw1
    ws[U(0) * U(2112) + ws_at + U(16)] = pw2
    ws[U(0) * U(2112) + ws_at + U(24)] = pw3
    ws[U(0) * U(2112) + ws_at + U(32)] = pw4
    ws[U(0) * U(2112) + ws_at + U(40)] = pw5
    ws[U(0) * U(2112) + ws_at + U(48)] = pw6
    ws[U(0) * U(2112) + ws_at + U(56)] = pw7
    ws[U(0) * U(2112) + ws_at + U(64)] = pw8
    ws[U(0) * U(2112) + ws_at + U(72)] = pw9
    ws[U(0) * U(2112) + ws_at + U(80)] = pw10
    ws[U(0) * U(2112) + ws_at + U(88)] = pw11
    ws[U(0) * U(2112) + ws_at + U(96)] = pw12
    ws[U(0) * U(2112) + ws_at + U(104)] = pw13
    ws[U(0) * U(2112) + ws_at + U(112)] = pw14
    ws[U(0) * U(2112) + ws_at + U(120)] = pw15
    xs[U(0) * U(576) + xs_at + U(0)] = px0
    xs[U(0) * U(576) + xs_at + U(8)] = px1
    xs[U(0) * U(576) + xs_at + U(16)] = px2
    xs[U(0) * U(576) + xs_at + U(24)] = px3
    cuda.syncthreads()
    cur = U(0)
    for r0 in range(rbeg, rend, 16):
        more = r0 + 16 < rend
        if more:
            rok = r0 + 16 + r < rend
            a = wo + r0 + 16
            pw0 = float32(0)
            if rok and 0 < wrows:
                pw0 = w1[U(a)]
            a += step
            pw1 = float32(0)
            if rok and 8 < wrows:
                pw1 = w1[U(a)]
            a += step
            pw2 = float32(0)
            if rok and 16 < wrows:
                pw2 = w1[U(a)]
            a += step
            pw3 = float32(0)
            if rok and 24 < wrows:
                pw3 = w1[U(a)]
            a += step
            pw4 = float32(0)
            if rok and 32 < wrows:
                pw4 = w1[U(a)]
            a += step
            pw5 = float32(0)
            if rok and 40 < wrows:
                pw5 = w1[U(a)]
            a += step
            pw6 = float32(0)
            if rok and 48 < wrows:
                pw6 = w1[U(a)]
            a += step
            pw7 = float32(0)
            if rok and 56 < wrows:
                pw7 = w1[U(a)]
            a += step
            pw8 = float32(0)
            if rok and 64 < wrows:
                pw8 = w1[U(a)]
            a += step
            pw9 = float32(0)
            if rok and 72 < wrows:
                pw9 = w1[U(a)]
            a += step
            pw10 = float32(0)
            if rok and 80 < wrows:
                pw10 = w1[U(a)]
            a += step
            pw11 = float32(0)
            if rok and 88 < wrows:
                pw11 = w1[U(a)]
            a += step
            pw12 = float32(0)
            if rok and 96 < wrows:
                pw12 = w1[U(a)]
            a += step
            pw13 = float32(0)
            if rok and 104 < wrows:
                pw13 = w1[U(a)]
            a += step
            pw14 = float32(0)
            if rok and 112 < wrows:
                pw14 = w1[U(a)]
            a += step
            pw15 = float32(0)
            if rok and 120 < wrows:
                pw15 = w1[U(a)]
            a = xo + r0 + 16
            px0 = float32(0)
            if rok and 0 < xrows:
                px0 = x1[U(a)]
            a += step
            px1 = float32(0)
            if rok and 8 < xrows:
                px1 = x1[U(a)]
            a += step
            px2 = float32(0)
            if rok and 16 < xrows:
                px2 = x1[U(a)]
            a += step
            px3 = float32(0)
            if rok and 24 < xrows:
                px3 = x1[U(a)]
        wb = cur * U(2112) + U(ty * 4)
        xb = cur * U(576) + U(tx * 4)
        a0 = ws[wb + U(0)]
        a1 = ws[wb + U(1)]
        a2 = ws[wb + U(2)]
        a3 = ws[wb + U(3)]
        a4 = ws[wb + U(64)]
        a5 = ws[wb + U(65)]
        a6 = ws[wb + U(66)]
        a7 = ws[wb + U(67)]
        b0 = xs[xb + U(0)]
        b1 = xs[xb + U(1)]
        b2 = xs[xb + U(2)]
        b3 = xs[xb + U(3)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        a0 = ws[wb + U(132)]
        a1 = ws[wb + U(133)]
        a2 = ws[wb + U(134)]
        a3 = ws[wb + U(135)]
        a4 = ws[wb + U(196)]
        a5 = ws[wb + U(197)]
        a6 = ws[wb + U(198)]
        a7 = ws[wb + U(199)]
        b0 = xs[xb + U(36)]
        b1 = xs[xb + U(37)]
        b2 = xs[xb + U(38)]
        b3 = xs[xb + U(39)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        a0 = ws[wb + U(264)]
        a1 = ws[wb + U(265)]
        a2 = ws[wb + U(266)]
        a3 = ws[wb + U(267)]
        a4 = ws[wb + U(328)]
        a5 = ws[wb + U(329)]
        a6 = ws[wb + U(330)]
        a7 = ws[wb + U(331)]
        b0 = xs[xb + U(72)]
        b1 = xs[xb + U(73)]
        b2 = xs[xb + U(74)]
        b3 = xs[xb + U(75)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        a0 = ws[wb + U(396)]
        a1 = ws[wb + U(397)]
        a2 = ws[wb + U(398)]
        a3 = ws[wb + U(399)]
        a4 = ws[wb + U(460)]
        a5 = ws[wb + U(461)]
        a6 = ws[wb + U(462)]
        a7 = ws[wb + U(463)]
        b0 = xs[xb + U(108)]
        b1 = xs[xb + U(109)]
        b2 = xs[xb + U(110)]
        b3 = xs[xb + U(111)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        a0 = ws[wb + U(528)]
        a1 = ws[wb + U(529)]
        a2 = ws[wb + U(530)]
        a3 = ws[wb + U(531)]
        a4 = ws[wb + U(592)]
        a5 = ws[wb + U(593)]
        a6 = ws[wb + U(594)]
        a7 = ws[wb + U(595)]
        b0 = xs[xb + U(144)]
        b1 = xs[xb + U(145)]
        b2 = xs[xb + U(146)]
        b3 = xs[xb + U(147)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        a0 = ws[wb + U(660)]
        a1 = ws[wb + U(661)]
        a2 = ws[wb + U(662)]
        a3 = ws[wb + U(663)]
        a4 = ws[wb + U(724)]
        a5 = ws[wb + U(725)]
        a6 = ws[wb + U(726)]
        a7 = ws[wb + U(727)]
        b0 = xs[xb + U(180)]
        b1 = xs[xb + U(181)]
        b2 = xs[xb + U(182)]
        b3 = xs[xb + U(183)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        a0 = ws[wb + U(792)]
        a1 = ws[wb + U(793)]
        a2 = ws[wb + U(794)]
        a3 = ws[wb + U(795)]
        a4 = ws[wb + U(856)]
        a5 = ws[wb + U(857)]
        a6 = ws[wb + U(858)]
        a7 = ws[wb + U(859)]
        b0 = xs[xb + U(216)]
        b1 = xs[xb + U(217)]
        b2 = xs[xb + U(218)]
        b3 = xs[xb + U(219)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        a0 = ws[wb + U(924)]
        a1 = ws[wb + U(925)]
        a2 = ws[wb + U(926)]
        a3 = ws[wb + U(927)]
        a4 = ws[wb + U(988)]
        a5 = ws[wb + U(989)]
        a6 = ws[wb + U(990)]
        a7 = ws[wb + U(991)]
        b0 = xs[xb + U(252)]
        b1 = xs[xb + U(253)]
        b2 = xs[xb + U(254)]
        b3 = xs[xb + U(255)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        a0 = ws[wb + U(1056)]
        a1 = ws[wb + U(1057)]
        a2 = ws[wb + U(1058)]
        a3 = ws[wb + U(1059)]
        a4 = ws[wb + U(1120)]
        a5 = ws[wb + U(1121)]
        a6 = ws[wb + U(1122)]
        a7 = ws[wb + U(1123)]
        b0 = xs[xb + U(288)]
        b1 = xs[xb + U(289)]
        b2 = xs[xb + U(290)]
        b3 = xs[xb + U(291)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        a0 = ws[wb + U(1188)]
        a1 = ws[wb + U(1189)]
        a2 = ws[wb + U(1190)]
        a3 = ws[wb + U(1191)]
        a4 = ws[wb + U(1252)]
        a5 = ws[wb + U(1253)]
        a6 = ws[wb + U(1254)]
        a7 = ws[wb + U(1255)]
        b0 = xs[xb + U(324)]
        b1 = xs[xb + U(325)]
        b2 = xs[xb + U(326)]
        b3 = xs[xb + U(327)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        a0 = ws[wb + U(1320)]
        a1 = ws[wb + U(1321)]
        a2 = ws[wb + U(1322)]
        a3 = ws[wb + U(1323)]
        a4 = ws[wb + U(1384)]
        a5 = ws[wb + U(1385)]
        a6 = ws[wb + U(1386)]
        a7 = ws[wb + U(1387)]
        b0 = xs[xb + U(360)]
        b1 = xs[xb + U(361)]
        b2 = xs[xb + U(362)]
        b3 = xs[xb + U(363)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        a0 = ws[wb + U(1452)]
        a1 = ws[wb + U(1453)]
        a2 = ws[wb + U(1454)]
        a3 = ws[wb + U(1455)]
        a4 = ws[wb + U(1516)]
        a5 = ws[wb + U(1517)]
        a6 = ws[wb + U(1518)]
        a7 = ws[wb + U(1519)]
        b0 = xs[xb + U(396)]
        b1 = xs[xb + U(397)]
        b2 = xs[xb + U(398)]
        b3 = xs[xb + U(399)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        a0 = ws[wb + U(1584)]
        a1 = ws[wb + U(1585)]
        a2 = ws[wb + U(1586)]
        a3 = ws[wb + U(1587)]
        a4 = ws[wb + U(1648)]
        a5 = ws[wb + U(1649)]
        a6 = ws[wb + U(1650)]
        a7 = ws[wb + U(1651)]
        b0 = xs[xb + U(432)]
        b1 = xs[xb + U(433)]
        b2 = xs[xb + U(434)]
        b3 = xs[xb + U(435)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        a0 = ws[wb + U(1716)]
        a1 = ws[wb + U(1717)]
        a2 = ws[wb + U(1718)]
        a3 = ws[wb + U(1719)]
        a4 = ws[wb + U(1780)]
        a5 = ws[wb + U(1781)]
        a6 = ws[wb + U(1782)]
        a7 = ws[wb + U(1783)]
        b0 = xs[xb + U(468)]
        b1 = xs[xb + U(469)]
        b2 = xs[xb + U(470)]
        b3 = xs[xb + U(471)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        a0 = ws[wb + U(1848)]
        a1 = ws[wb + U(1849)]
        a2 = ws[wb + U(1850)]
        a3 = ws[wb + U(1851)]
        a4 = ws[wb + U(1912)]
        a5 = ws[wb + U(1913)]
        a6 = ws[wb + U(1914)]
        a7 = ws[wb + U(1915)]
        b0 = xs[xb + U(504)]
        b1 = xs[xb + U(505)]
        b2 = xs[xb + U(506)]
        b3 = xs[xb + U(507)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        a0 = ws[wb + U(1980)]
        a1 = ws[wb + U(1981)]
        a2 = ws[wb + U(1982)]
        a3 = ws[wb + U(1983)]
        a4 = ws[wb + U(2044)]
        a5 = ws[wb + U(2045)]
        a6 = ws[wb + U(2046)]
        a7 = ws[wb + U(2047)]
        b0 = xs[xb + U(540)]
        b1 = xs[xb + U(541)]
        b2 = xs[xb + U(542)]
        b3 = xs[xb + U(543)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        acc_2_0 += a2 * b0
        acc_2_1 += a2 * b1
        acc_2_2 += a2 * b2
        acc_2_3 += a2 * b3
        acc_3_0 += a3 * b0
        acc_3_1 += a3 * b1
        acc_3_2 += a3 * b2
        acc_3_3 += a3 * b3
        acc_4_0 += a4 * b0
        acc_4_1 += a4 * b1
        acc_4_2 += a4 * b2
        acc_4_3 += a4 * b3
        acc_5_0 += a5 * b0
        acc_5_1 += a5 * b1
        acc_5_2 += a5 * b2
        acc_5_3 += a5 * b3
        acc_6_0 += a6 * b0
        acc_6_1 += a6 * b1
        acc_6_2 += a6 * b2
        acc_6_3 += a6 * b3
        acc_7_0 += a7 * b0
        acc_7_1 += a7 * b1
        acc_7_2 += a7 * b2
        acc_7_3 += a7 * b3
        if more:
            ws[(U(1) - cur) * U(2112) + ws_at + U(0)] = pw0
            ws[(U(1) - cur) * U(2112) + ws_at + U(8)] = pw1
            ws[(U(1) - cur) * U(2112) + ws_at + U(16)] = pw2
            ws[(U(1) - cur) * U(2112) + ws_at + U(24)] = pw3
            ws[(U(1) - cur) * U(2112) + ws_at + U(32)] = pw4
            ws[(U(1) - cur) * U(2112) + ws_at + U(40)] = pw5
            ws[(U(1) - cur) * U(2112) + ws_at + U(48)] = pw6
            ws[(U(1) - cur) * U(2112) + ws_at + U(56)] = pw7
            ws[(U(1) - cur) * U(2112) + ws_at + U(64)] = pw8
            ws[(U(1) - cur) * U(2112) + ws_at + U(72)] = pw9
            ws[(U(1) - cur) * U(2112) + ws_at + U(80)] = pw10
            ws[(U(1) - cur) * U(2112) + ws_at + U(88)] = pw11
            ws[(U(1) - cur) * U(2112) + ws_at + U(96)] = pw12
            ws[(U(1) - cur) * U(2112) + ws_at + U(104)] = pw13
            ws[(U(1) - cur) * U(2112) + ws_at + U(112)] = pw14
            ws[(U(1) - cur) * U(2112) + ws_at + U(120)] = pw15
            xs[(U(1) - cur) * U(576) + xs_at + U(0)] = px0
            xs[(U(1) - cur) * U(576) + xs_at + U(8)] = px1
            xs[(U(1) - cur) * U(576) + xs_at + U(16)] = px2
            xs[(U(1) - cur) * U(576) + xs_at + U(24)] = px3
        cuda.syncthreads()
        cur = U(1) - cur
    whole = cuda.gridDim.z == 1
    k = k0 + ty * 4 + 0
    if k < O:
        bias = b[k]
        p = p0 + tx * 4 + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_0
        p = p0 + tx * 4 + 1
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_1
        p = p0 + tx * 4 + 2
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_2
        p = p0 + tx * 4 + 3
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_3
    k = k0 + ty * 4 + 1
    if k < O:
        bias = b[k]
        p = p0 + tx * 4 + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_0
        p = p0 + tx * 4 + 1
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_1
        p = p0 + tx * 4 + 2
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_2
        p = p0 + tx * 4 + 3
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_3
    k = k0 + ty * 4 + 2
    if k < O:
        bias = b[k]
        p = p0 + tx * 4 + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_2_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_2_0
        p = p0 + tx * 4 + 1
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_2_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_2_1
        p = p0 + tx * 4 + 2
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_2_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_2_2
        p = p0 + tx * 4 + 3
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_2_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_2_3
    k = k0 + ty * 4 + 3
    if k < O:
        bias = b[k]
        p = p0 + tx * 4 + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_3_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_3_0
        p = p0 + tx * 4 + 1
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_3_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_3_1
        p = p0 + tx * 4 + 2
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_3_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_3_2
        p = p0 + tx * 4 + 3
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_3_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_3_3
    k = k0 + ty * 4 + 64
    if k < O:
        bias = b[k]
        p = p0 + tx * 4 + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_4_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_4_0
        p = p0 + tx * 4 + 1
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_4_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_4_1
        p = p0 + tx * 4 + 2
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_4_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_4_2
        p = p0 + tx * 4 + 3
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_4_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_4_3
    k = k0 + ty * 4 + 65
    if k < O:
        bias = b[k]
        p = p0 + tx * 4 + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_5_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_5_0
        p = p0 + tx * 4 + 1
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_5_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_5_1
        p = p0 + tx * 4 + 2
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_5_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_5_2
        p = p0 + tx * 4 + 3
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_5_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_5_3
    k = k0 + ty * 4 + 66
    if k < O:
        bias = b[k]
        p = p0 + tx * 4 + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_6_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_6_0
        p = p0 + tx * 4 + 1
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_6_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_6_1
        p = p0 + tx * 4 + 2
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_6_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_6_2
        p = p0 + tx * 4 + 3
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_6_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_6_3
    k = k0 + ty * 4 + 67
    if k < O:
        bias = b[k]
        p = p0 + tx * 4 + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_7_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_7_0
        p = p0 + tx * 4 + 1
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_7_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_7_1
        p = p0 + tx * 4 + 2
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_7_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_7_2
        p = p0 + tx * 4 + 3
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_7_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_7_3


TILES['sim'] = dict(TK=8, TP=16, TR=16, RK=2, RP=4, BX=4, BY=4)


@cuda.jit(**JIT_128_REGISTERS)
def conv2d_tiled_sim(x1, w1, taps, b, out1, Cin, H, W, K, R, P, OW, stride_h, stride_w, pad_top, pad_left, groups, act):
    # x1: (N, Cin, H, W) flat, unpadded; w1: (K, R = Cin/groups*KH*KW) flat; taps: (R,) int64, cuda.py's
    # conv2d_taps; b: (K,); out1: (N, K, P = OH*OW) flat. Pixel tiles run over all N*P output pixels of
    # the batch (a 14x14 map fills a 128-pixel tile and part of the next, but 32 of them fill 49 tiles)
    Kg = K // groups
    uH = U(H)
    uW = U(W)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    tid = ty * 4 + tx
    p0 = cuda.blockIdx.x * 16
    k0 = cuda.blockIdx.y * 8
    NP = out1.size // K
    g = cuda.blockIdx.z
    kbase = g * Kg
    cbase = g * (Cin // groups)
    wr = tid % 16
    wrow = tid // 16
    wrows = Kg - k0 - wrow  # rows left to this thread's first slot
    wo = (kbase + k0 + wrow) * R + wr
    wstep = 1 * R
    ws_at = U(wr * 12 + wrow)
    p = p0 + (tid + 0) % 16
    n = p // P
    p -= n * P
    iy0 = (p // OW) * stride_h - pad_top if n < NP // P else -(1 << 40)
    ix0 = (p % OW) * stride_w - pad_left
    xo0 = (n * Cin + cbase) * H * W + iy0 * W + ix0
    ws = cuda.shared.array(384, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TKP) weights
    xs = cuda.shared.array(512, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TP) pixels
    acc_0_0 = float32(0)
    acc_0_1 = float32(0)
    acc_0_2 = float32(0)
    acc_0_3 = float32(0)
    acc_1_0 = float32(0)
    acc_1_1 = float32(0)
    acc_1_2 = float32(0)
    acc_1_3 = float32(0)
    wa = wo + 0
    rok = 0 + wr < R
    pw0 = float32(0)
    if rok and 0 < wrows:
        pw0 = w1[U(wa)]
    wa += wstep
    pw1 = float32(0)
    if rok and 1 < wrows:
        pw1 = w1[U(wa)]
    wa += wstep
    pw2 = float32(0)
    if rok and 2 < wrows:
        pw2 = w1[U(wa)]
    wa += wstep
    pw3 = float32(0)
    if rok and 3 < wrows:
        pw3 = w1[U(wa)]
    wa += wstep
    pw4 = float32(0)
    if rok and 4 < wrows:
        pw4 = w1[U(wa)]
    wa += wstep
    pw5 = float32(0)
    if rok and 5 < wrows:
        pw5 = w1[U(wa)]
    wa += wstep
    pw6 = float32(0)
    if rok and 6 < wrows:
        pw6 = w1[U(wa)]
    wa += wstep
    pw7 = float32(0)
    if rok and 7 < wrows:
        pw7 = w1[U(wa)]
    px0 = float32(0)
    r = 0 + 0
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px0 = x1[U(xo0 + (tap >> 32))]
    px1 = float32(0)
    r = 0 + 1
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px1 = x1[U(xo0 + (tap >> 32))]
    px2 = float32(0)
    r = 0 + 2
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px2 = x1[U(xo0 + (tap >> 32))]
    px3 = float32(0)
    r = 0 + 3
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px3 = x1[U(xo0 + (tap >> 32))]
    px4 = float32(0)
    r = 0 + 4
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px4 = x1[U(xo0 + (tap >> 32))]
    px5 = float32(0)
    r = 0 + 5
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px5 = x1[U(xo0 + (tap >> 32))]
    px6 = float32(0)
    r = 0 + 6
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px6 = x1[U(xo0 + (tap >> 32))]
    px7 = float32(0)
    r = 0 + 7
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px7 = x1[U(xo0 + (tap >> 32))]
    px8 = float32(0)
    r = 0 + 8
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px8 = x1[U(xo0 + (tap >> 32))]
    px9 = float32(0)
    r = 0 + 9
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px9 = x1[U(xo0 + (tap >> 32))]
    px10 = float32(0)
    r = 0 + 10
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px10 = x1[U(xo0 + (tap >> 32))]
    px11 = float32(0)
    r = 0 + 11
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px11 = x1[U(xo0 + (tap >> 32))]
    px12 = float32(0)
    r = 0 + 12
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px12 = x1[U(xo0 + (tap >> 32))]
    px13 = float32(0)
    r = 0 + 13
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px13 = x1[U(xo0 + (tap >> 32))]
    px14 = float32(0)
    r = 0 + 14
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px14 = x1[U(xo0 + (tap >> 32))]
    px15 = float32(0)
    r = 0 + 15
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px15 = x1[U(xo0 + (tap >> 32))]
    ws[U(0) * U(192) + ws_at + U(0)] = pw0
    ws[U(0) * U(192) + ws_at + U(1)] = pw1
    ws[U(0) * U(192) + ws_at + U(2)] = pw2
    ws[U(0) * U(192) + ws_at + U(3)] = pw3
    ws[U(0) * U(192) + ws_at + U(4)] = pw4
    ws[U(0) * U(192) + ws_at + U(5)] = pw5
    ws[U(0) * U(192) + ws_at + U(6)] = pw6
    ws[U(0) * U(192) + ws_at + U(7)] = pw7
    xs[U(0) * U(256) + U(tid + 0)] = px0
    xs[U(0) * U(256) + U(tid + 16)] = px1
    xs[U(0) * U(256) + U(tid + 32)] = px2
    xs[U(0) * U(256) + U(tid + 48)] = px3
    xs[U(0) * U(256) + U(tid + 64)] = px4
    xs[U(0) * U(256) + U(tid + 80)] = px5
    xs[U(0) * U(256) + U(tid + 96)] = px6
    xs[U(0) * U(256) + U(tid + 112)] = px7
    xs[U(0) * U(256) + U(tid + 128)] = px8
    xs[U(0) * U(256) + U(tid + 144)] = px9
    xs[U(0) * U(256) + U(tid + 160)] = px10
    xs[U(0) * U(256) + U(tid + 176)] = px11
    xs[U(0) * U(256) + U(tid + 192)] = px12
    xs[U(0) * U(256) + U(tid + 208)] = px13
    xs[U(0) * U(256) + U(tid + 224)] = px14
    xs[U(0) * U(256) + U(tid + 240)] = px15
    cuda.syncthreads()
    cur = U(0)
    for r0 in range(0, R, 16):
        more = r0 + 16 < R
        if more:
            wa = wo + r0 + 16
            rok = r0 + 16 + wr < R
            pw0 = float32(0)
            if rok and 0 < wrows:
                pw0 = w1[U(wa)]
            wa += wstep
            pw1 = float32(0)
            if rok and 1 < wrows:
                pw1 = w1[U(wa)]
            wa += wstep
            pw2 = float32(0)
            if rok and 2 < wrows:
                pw2 = w1[U(wa)]
            wa += wstep
            pw3 = float32(0)
            if rok and 3 < wrows:
                pw3 = w1[U(wa)]
            wa += wstep
            pw4 = float32(0)
            if rok and 4 < wrows:
                pw4 = w1[U(wa)]
            wa += wstep
            pw5 = float32(0)
            if rok and 5 < wrows:
                pw5 = w1[U(wa)]
            wa += wstep
            pw6 = float32(0)
            if rok and 6 < wrows:
                pw6 = w1[U(wa)]
            wa += wstep
            pw7 = float32(0)
            if rok and 7 < wrows:
                pw7 = w1[U(wa)]
            px0 = float32(0)
            r = r0 + 16 + 0
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px0 = x1[U(xo0 + (tap >> 32))]
            px1 = float32(0)
            r = r0 + 16 + 1
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px1 = x1[U(xo0 + (tap >> 32))]
            px2 = float32(0)
            r = r0 + 16 + 2
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px2 = x1[U(xo0 + (tap >> 32))]
            px3 = float32(0)
            r = r0 + 16 + 3
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px3 = x1[U(xo0 + (tap >> 32))]
            px4 = float32(0)
            r = r0 + 16 + 4
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px4 = x1[U(xo0 + (tap >> 32))]
            px5 = float32(0)
            r = r0 + 16 + 5
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px5 = x1[U(xo0 + (tap >> 32))]
            px6 = float32(0)
            r = r0 + 16 + 6
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px6 = x1[U(xo0 + (tap >> 32))]
            px7 = float32(0)
            r = r0 + 16 + 7
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px7 = x1[U(xo0 + (tap >> 32))]
            px8 = float32(0)
            r = r0 + 16 + 8
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px8 = x1[U(xo0 + (tap >> 32))]
            px9 = float32(0)
            r = r0 + 16 + 9
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px9 = x1[U(xo0 + (tap >> 32))]
            px10 = float32(0)
            r = r0 + 16 + 10
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px10 = x1[U(xo0 + (tap >> 32))]
            px11 = float32(0)
            r = r0 + 16 + 11
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px11 = x1[U(xo0 + (tap >> 32))]
            px12 = float32(0)
            r = r0 + 16 + 12
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px12 = x1[U(xo0 + (tap >> 32))]
            px13 = float32(0)
            r = r0 + 16 + 13
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px13 = x1[U(xo0 + (tap >> 32))]
            px14 = float32(0)
            r = r0 + 16 + 14
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px14 = x1[U(xo0 + (tap >> 32))]
            px15 = float32(0)
            r = r0 + 16 + 15
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px15 = x1[U(xo0 + (tap >> 32))]
        wb = cur * U(192) + U(ty * 2)
        xb = cur * U(256) + U(tx * 4)
        a0 = ws[wb + U(0)]
        a1 = ws[wb + U(1)]
        b0 = xs[xb + U(0)]
        b1 = xs[xb + U(1)]
        b2 = xs[xb + U(2)]
        b3 = xs[xb + U(3)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(12)]
        a1 = ws[wb + U(13)]
        b0 = xs[xb + U(16)]
        b1 = xs[xb + U(17)]
        b2 = xs[xb + U(18)]
        b3 = xs[xb + U(19)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(24)]
        a1 = ws[wb + U(25)]
        b0 = xs[xb + U(32)]
        b1 = xs[xb + U(33)]
        b2 = xs[xb + U(34)]
        b3 = xs[xb + U(35)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(36)]
        a1 = ws[wb + U(37)]
        b0 = xs[xb + U(48)]
        b1 = xs[xb + U(49)]
        b2 = xs[xb + U(50)]
        b3 = xs[xb + U(51)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(48)]
        a1 = ws[wb + U(49)]
        b0 = xs[xb + U(64)]
        b1 = xs[xb + U(65)]
        b2 = xs[xb + U(66)]
        b3 = xs[xb + U(67)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(60)]
        a1 = ws[wb + U(61)]
        b0 = xs[xb + U(80)]
        b1 = xs[xb + U(81)]
        b2 = xs[xb + U(82)]
        b3 = xs[xb + U(83)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(72)]
        a1 = ws[wb + U(73)]
        b0 = xs[xb + U(96)]
        b1 = xs[xb + U(97)]
        b2 = xs[xb + U(98)]
        b3 = xs[xb + U(99)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(84)]
        a1 = ws[wb + U(85)]
        b0 = xs[xb + U(112)]
        b1 = xs[xb + U(113)]
        b2 = xs[xb + U(114)]
        b3 = xs[xb + U(115)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(96)]
        a1 = ws[wb + U(97)]
        b0 = xs[xb + U(128)]
        b1 = xs[xb + U(129)]
        b2 = xs[xb + U(130)]
        b3 = xs[xb + U(131)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(108)]
        a1 = ws[wb + U(109)]
        b0 = xs[xb + U(144)]
        b1 = xs[xb + U(145)]
        b2 = xs[xb + U(146)]
        b3 = xs[xb + U(147)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(120)]
        a1 = ws[wb + U(121)]
        b0 = xs[xb + U(160)]
        b1 = xs[xb + U(161)]
        b2 = xs[xb + U(162)]
        b3 = xs[xb + U(163)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(132)]
        a1 = ws[wb + U(133)]
        b0 = xs[xb + U(176)]
        b1 = xs[xb + U(177)]
        b2 = xs[xb + U(178)]
        b3 = xs[xb + U(179)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(144)]
        a1 = ws[wb + U(145)]
        b0 = xs[xb + U(192)]
        b1 = xs[xb + U(193)]
        b2 = xs[xb + U(194)]
        b3 = xs[xb + U(195)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(156)]
        a1 = ws[wb + U(157)]
        b0 = xs[xb + U(208)]
        b1 = xs[xb + U(209)]
        b2 = xs[xb + U(210)]
        b3 = xs[xb + U(211)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(168)]
        a1 = ws[wb + U(169)]
        b0 = xs[xb + U(224)]
        b1 = xs[xb + U(225)]
        b2 = xs[xb + U(226)]
        b3 = xs[xb + U(227)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(180)]
        a1 = ws[wb + U(181)]
        b0 = xs[xb + U(240)]
        b1 = xs[xb + U(241)]
        b2 = xs[xb + U(242)]
        b3 = xs[xb + U(243)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        if more:
            ws[(U(1) - cur) * U(192) + ws_at + U(0)] = pw0
            ws[(U(1) - cur) * U(192) + ws_at + U(1)] = pw1
            ws[(U(1) - cur) * U(192) + ws_at + U(2)] = pw2
            ws[(U(1) - cur) * U(192) + ws_at + U(3)] = pw3
            ws[(U(1) - cur) * U(192) + ws_at + U(4)] = pw4
            ws[(U(1) - cur) * U(192) + ws_at + U(5)] = pw5
            ws[(U(1) - cur) * U(192) + ws_at + U(6)] = pw6
            ws[(U(1) - cur) * U(192) + ws_at + U(7)] = pw7
            xs[(U(1) - cur) * U(256) + U(tid + 0)] = px0
            xs[(U(1) - cur) * U(256) + U(tid + 16)] = px1
            xs[(U(1) - cur) * U(256) + U(tid + 32)] = px2
            xs[(U(1) - cur) * U(256) + U(tid + 48)] = px3
            xs[(U(1) - cur) * U(256) + U(tid + 64)] = px4
            xs[(U(1) - cur) * U(256) + U(tid + 80)] = px5
            xs[(U(1) - cur) * U(256) + U(tid + 96)] = px6
            xs[(U(1) - cur) * U(256) + U(tid + 112)] = px7
            xs[(U(1) - cur) * U(256) + U(tid + 128)] = px8
            xs[(U(1) - cur) * U(256) + U(tid + 144)] = px9
            xs[(U(1) - cur) * U(256) + U(tid + 160)] = px10
            xs[(U(1) - cur) * U(256) + U(tid + 176)] = px11
            xs[(U(1) - cur) * U(256) + U(tid + 192)] = px12
            xs[(U(1) - cur) * U(256) + U(tid + 208)] = px13
            xs[(U(1) - cur) * U(256) + U(tid + 224)] = px14
            xs[(U(1) - cur) * U(256) + U(tid + 240)] = px15
        cuda.syncthreads()
        cur = U(1) - cur
    p = p0 + tx * 4 + 0
    n = p // P
    oc0 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx * 4 + 1
    n = p // P
    oc1 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx * 4 + 2
    n = p // P
    oc2 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx * 4 + 3
    n = p // P
    oc3 = (n * K + kbase) * P + p - n * P if p < NP else -1
    k = k0 + ty * 2 + 0
    if k < Kg:
        bias = b[kbase + k]
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = activate(acc_0_0 + bias, act)
        if oc1 >= 0:
            out1[U(oc1 + kp)] = activate(acc_0_1 + bias, act)
        if oc2 >= 0:
            out1[U(oc2 + kp)] = activate(acc_0_2 + bias, act)
        if oc3 >= 0:
            out1[U(oc3 + kp)] = activate(acc_0_3 + bias, act)
    k = k0 + ty * 2 + 1
    if k < Kg:
        bias = b[kbase + k]
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = activate(acc_1_0 + bias, act)
        if oc1 >= 0:
            out1[U(oc1 + kp)] = activate(acc_1_1 + bias, act)
        if oc2 >= 0:
            out1[U(oc2 + kp)] = activate(acc_1_2 + bias, act)
        if oc3 >= 0:
            out1[U(oc3 + kp)] = activate(acc_1_3 + bias, act)


@cuda.jit(**JIT_128_REGISTERS)
def gemm_tiled_sim(lhs, rhs, out1, K, R, P):
    # lhs: (Z, K, R) flat, rhs: (Z, R, P) flat -> out1: (Z, K, P) flat; grid (ceil(P / TP), ceil(K / TK), Z)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    tid = ty * 4 + tx
    p0 = cuda.blockIdx.x * 16
    k0 = cuda.blockIdx.y * 8
    z = cuda.blockIdx.z
    wr = tid % 16
    wrow = tid // 16
    wrows = K - k0 - wrow  # rows left to this thread's first A slot
    wo = (z * K + k0 + wrow) * R + wr
    wstep = 1 * R
    ws_at = U(wr * 12 + wrow)
    p = p0 + tid % 16  # the B column of every slot of this thread
    pok = p < P
    xrow = tid // 16
    xo = (z * R + xrow) * P + p
    xstep = 1 * P
    ws = cuda.shared.array(384, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TKP) of A
    xs = cuda.shared.array(512, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TP) of B
    acc_0_0 = float32(0)
    acc_0_1 = float32(0)
    acc_0_2 = float32(0)
    acc_0_3 = float32(0)
    acc_1_0 = float32(0)
    acc_1_1 = float32(0)
    acc_1_2 = float32(0)
    acc_1_3 = float32(0)
    wa = wo + 0
    rok = 0 + wr < R
    pw0 = float32(0)
    if rok and 0 < wrows:
        pw0 = lhs[U(wa)]
    wa += wstep
    pw1 = float32(0)
    if rok and 1 < wrows:
        pw1 = lhs[U(wa)]
    wa += wstep
    pw2 = float32(0)
    if rok and 2 < wrows:
        pw2 = lhs[U(wa)]
    wa += wstep
    pw3 = float32(0)
    if rok and 3 < wrows:
        pw3 = lhs[U(wa)]
    wa += wstep
    pw4 = float32(0)
    if rok and 4 < wrows:
        pw4 = lhs[U(wa)]
    wa += wstep
    pw5 = float32(0)
    if rok and 5 < wrows:
        pw5 = lhs[U(wa)]
    wa += wstep
    pw6 = float32(0)
    if rok and 6 < wrows:
        pw6 = lhs[U(wa)]
    wa += wstep
    pw7 = float32(0)
    if rok and 7 < wrows:
        pw7 = lhs[U(wa)]
    xa = xo + (0) * P
    px0 = float32(0)
    if pok and 0 + xrow + 0 < R:
        px0 = rhs[U(xa)]
    xa += xstep
    px1 = float32(0)
    if pok and 0 + xrow + 1 < R:
        px1 = rhs[U(xa)]
    xa += xstep
    px2 = float32(0)
    if pok and 0 + xrow + 2 < R:
        px2 = rhs[U(xa)]
    xa += xstep
    px3 = float32(0)
    if pok and 0 + xrow + 3 < R:
        px3 = rhs[U(xa)]
    xa += xstep
    px4 = float32(0)
    if pok and 0 + xrow + 4 < R:
        px4 = rhs[U(xa)]
    xa += xstep
    px5 = float32(0)
    if pok and 0 + xrow + 5 < R:
        px5 = rhs[U(xa)]
    xa += xstep
    px6 = float32(0)
    if pok and 0 + xrow + 6 < R:
        px6 = rhs[U(xa)]
    xa += xstep
    px7 = float32(0)
    if pok and 0 + xrow + 7 < R:
        px7 = rhs[U(xa)]
    xa += xstep
    px8 = float32(0)
    if pok and 0 + xrow + 8 < R:
        px8 = rhs[U(xa)]
    xa += xstep
    px9 = float32(0)
    if pok and 0 + xrow + 9 < R:
        px9 = rhs[U(xa)]
    xa += xstep
    px10 = float32(0)
    if pok and 0 + xrow + 10 < R:
        px10 = rhs[U(xa)]
    xa += xstep
    px11 = float32(0)
    if pok and 0 + xrow + 11 < R:
        px11 = rhs[U(xa)]
    xa += xstep
    px12 = float32(0)
    if pok and 0 + xrow + 12 < R:
        px12 = rhs[U(xa)]
    xa += xstep
    px13 = float32(0)
    if pok and 0 + xrow + 13 < R:
        px13 = rhs[U(xa)]
    xa += xstep
    px14 = float32(0)
    if pok and 0 + xrow + 14 < R:
        px14 = rhs[U(xa)]
    xa += xstep
    px15 = float32(0)
    if pok and 0 + xrow + 15 < R:
        px15 = rhs[U(xa)]
    ws[U(0) * U(192) + ws_at + U(0)] = pw0
    ws[U(0) * U(192) + ws_at + U(1)] = pw1
    ws[U(0) * U(192) + ws_at + U(2)] = pw2
    ws[U(0) * U(192) + ws_at + U(3)] = pw3
    ws[U(0) * U(192) + ws_at + U(4)] = pw4
    ws[U(0) * U(192) + ws_at + U(5)] = pw5
    ws[U(0) * U(192) + ws_at + U(6)] = pw6
    ws[U(0) * U(192) + ws_at + U(7)] = pw7
    xs[U(0) * U(256) + U(tid + 0)] = px0
    xs[U(0) * U(256) + U(tid + 16)] = px1
    xs[U(0) * U(256) + U(tid + 32)] = px2
    xs[U(0) * U(256) + U(tid + 48)] = px3
    xs[U(0) * U(256) + U(tid + 64)] = px4
    xs[U(0) * U(256) + U(tid + 80)] = px5
    xs[U(0) * U(256) + U(tid + 96)] = px6
    xs[U(0) * U(256) + U(tid + 112)] = px7
    xs[U(0) * U(256) + U(tid + 128)] = px8
    xs[U(0) * U(256) + U(tid + 144)] = px9
    xs[U(0) * U(256) + U(tid + 160)] = px10
    xs[U(0) * U(256) + U(tid + 176)] = px11
    xs[U(0) * U(256) + U(tid + 192)] = px12
    xs[U(0) * U(256) + U(tid + 208)] = px13
    xs[U(0) * U(256) + U(tid + 224)] = px14
    xs[U(0) * U(256) + U(tid + 240)] = px15
    cuda.syncthreads()
    cur = U(0)
    for r0 in range(0, R, 16):
        more = r0 + 16 < R
        if more:
            wa = wo + r0 + 16
            rok = r0 + 16 + wr < R
            pw0 = float32(0)
            if rok and 0 < wrows:
                pw0 = lhs[U(wa)]
            wa += wstep
            pw1 = float32(0)
            if rok and 1 < wrows:
                pw1 = lhs[U(wa)]
            wa += wstep
            pw2 = float32(0)
            if rok and 2 < wrows:
                pw2 = lhs[U(wa)]
            wa += wstep
            pw3 = float32(0)
            if rok and 3 < wrows:
                pw3 = lhs[U(wa)]
            wa += wstep
            pw4 = float32(0)
            if rok and 4 < wrows:
                pw4 = lhs[U(wa)]
            wa += wstep
            pw5 = float32(0)
            if rok and 5 < wrows:
                pw5 = lhs[U(wa)]
            wa += wstep
            pw6 = float32(0)
            if rok and 6 < wrows:
                pw6 = lhs[U(wa)]
            wa += wstep
            pw7 = float32(0)
            if rok and 7 < wrows:
                pw7 = lhs[U(wa)]
            xa = xo + (r0 + 16) * P
            px0 = float32(0)
            if pok and r0 + 16 + xrow + 0 < R:
                px0 = rhs[U(xa)]
            xa += xstep
            px1 = float32(0)
            if pok and r0 + 16 + xrow + 1 < R:
                px1 = rhs[U(xa)]
            xa += xstep
            px2 = float32(0)
            if pok and r0 + 16 + xrow + 2 < R:
                px2 = rhs[U(xa)]
            xa += xstep
            px3 = float32(0)
            if pok and r0 + 16 + xrow + 3 < R:
                px3 = rhs[U(xa)]
            xa += xstep
            px4 = float32(0)
            if pok and r0 + 16 + xrow + 4 < R:
                px4 = rhs[U(xa)]
            xa += xstep
            px5 = float32(0)
            if pok and r0 + 16 + xrow + 5 < R:
                px5 = rhs[U(xa)]
            xa += xstep
            px6 = float32(0)
            if pok and r0 + 16 + xrow + 6 < R:
                px6 = rhs[U(xa)]
            xa += xstep
            px7 = float32(0)
            if pok and r0 + 16 + xrow + 7 < R:
                px7 = rhs[U(xa)]
            xa += xstep
            px8 = float32(0)
            if pok and r0 + 16 + xrow + 8 < R:
                px8 = rhs[U(xa)]
            xa += xstep
            px9 = float32(0)
            if pok and r0 + 16 + xrow + 9 < R:
                px9 = rhs[U(xa)]
            xa += xstep
            px10 = float32(0)
            if pok and r0 + 16 + xrow + 10 < R:
                px10 = rhs[U(xa)]
            xa += xstep
            px11 = float32(0)
            if pok and r0 + 16 + xrow + 11 < R:
                px11 = rhs[U(xa)]
            xa += xstep
            px12 = float32(0)
            if pok and r0 + 16 + xrow + 12 < R:
                px12 = rhs[U(xa)]
            xa += xstep
            px13 = float32(0)
            if pok and r0 + 16 + xrow + 13 < R:
                px13 = rhs[U(xa)]
            xa += xstep
            px14 = float32(0)
            if pok and r0 + 16 + xrow + 14 < R:
                px14 = rhs[U(xa)]
            xa += xstep
            px15 = float32(0)
            if pok and r0 + 16 + xrow + 15 < R:
                px15 = rhs[U(xa)]
        wb = cur * U(192) + U(ty * 2)
        xb = cur * U(256) + U(tx * 4)
        a0 = ws[wb + U(0)]
        a1 = ws[wb + U(1)]
        b0 = xs[xb + U(0)]
        b1 = xs[xb + U(1)]
        b2 = xs[xb + U(2)]
        b3 = xs[xb + U(3)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(12)]
        a1 = ws[wb + U(13)]
        b0 = xs[xb + U(16)]
        b1 = xs[xb + U(17)]
        b2 = xs[xb + U(18)]
        b3 = xs[xb + U(19)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(24)]
        a1 = ws[wb + U(25)]
        b0 = xs[xb + U(32)]
        b1 = xs[xb + U(33)]
        b2 = xs[xb + U(34)]
        b3 = xs[xb + U(35)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(36)]
        a1 = ws[wb + U(37)]
        b0 = xs[xb + U(48)]
        b1 = xs[xb + U(49)]
        b2 = xs[xb + U(50)]
        b3 = xs[xb + U(51)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(48)]
        a1 = ws[wb + U(49)]
        b0 = xs[xb + U(64)]
        b1 = xs[xb + U(65)]
        b2 = xs[xb + U(66)]
        b3 = xs[xb + U(67)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(60)]
        a1 = ws[wb + U(61)]
        b0 = xs[xb + U(80)]
        b1 = xs[xb + U(81)]
        b2 = xs[xb + U(82)]
        b3 = xs[xb + U(83)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(72)]
        a1 = ws[wb + U(73)]
        b0 = xs[xb + U(96)]
        b1 = xs[xb + U(97)]
        b2 = xs[xb + U(98)]
        b3 = xs[xb + U(99)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(84)]
        a1 = ws[wb + U(85)]
        b0 = xs[xb + U(112)]
        b1 = xs[xb + U(113)]
        b2 = xs[xb + U(114)]
        b3 = xs[xb + U(115)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(96)]
        a1 = ws[wb + U(97)]
        b0 = xs[xb + U(128)]
        b1 = xs[xb + U(129)]
        b2 = xs[xb + U(130)]
        b3 = xs[xb + U(131)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(108)]
        a1 = ws[wb + U(109)]
        b0 = xs[xb + U(144)]
        b1 = xs[xb + U(145)]
        b2 = xs[xb + U(146)]
        b3 = xs[xb + U(147)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(120)]
        a1 = ws[wb + U(121)]
        b0 = xs[xb + U(160)]
        b1 = xs[xb + U(161)]
        b2 = xs[xb + U(162)]
        b3 = xs[xb + U(163)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(132)]
        a1 = ws[wb + U(133)]
        b0 = xs[xb + U(176)]
        b1 = xs[xb + U(177)]
        b2 = xs[xb + U(178)]
        b3 = xs[xb + U(179)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(144)]
        a1 = ws[wb + U(145)]
        b0 = xs[xb + U(192)]
        b1 = xs[xb + U(193)]
        b2 = xs[xb + U(194)]
        b3 = xs[xb + U(195)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(156)]
        a1 = ws[wb + U(157)]
        b0 = xs[xb + U(208)]
        b1 = xs[xb + U(209)]
        b2 = xs[xb + U(210)]
        b3 = xs[xb + U(211)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(168)]
        a1 = ws[wb + U(169)]
        b0 = xs[xb + U(224)]
        b1 = xs[xb + U(225)]
        b2 = xs[xb + U(226)]
        b3 = xs[xb + U(227)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(180)]
        a1 = ws[wb + U(181)]
        b0 = xs[xb + U(240)]
        b1 = xs[xb + U(241)]
        b2 = xs[xb + U(242)]
        b3 = xs[xb + U(243)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        if more:
            ws[(U(1) - cur) * U(192) + ws_at + U(0)] = pw0
            ws[(U(1) - cur) * U(192) + ws_at + U(1)] = pw1
            ws[(U(1) - cur) * U(192) + ws_at + U(2)] = pw2
            ws[(U(1) - cur) * U(192) + ws_at + U(3)] = pw3
            ws[(U(1) - cur) * U(192) + ws_at + U(4)] = pw4
            ws[(U(1) - cur) * U(192) + ws_at + U(5)] = pw5
            ws[(U(1) - cur) * U(192) + ws_at + U(6)] = pw6
            ws[(U(1) - cur) * U(192) + ws_at + U(7)] = pw7
            xs[(U(1) - cur) * U(256) + U(tid + 0)] = px0
            xs[(U(1) - cur) * U(256) + U(tid + 16)] = px1
            xs[(U(1) - cur) * U(256) + U(tid + 32)] = px2
            xs[(U(1) - cur) * U(256) + U(tid + 48)] = px3
            xs[(U(1) - cur) * U(256) + U(tid + 64)] = px4
            xs[(U(1) - cur) * U(256) + U(tid + 80)] = px5
            xs[(U(1) - cur) * U(256) + U(tid + 96)] = px6
            xs[(U(1) - cur) * U(256) + U(tid + 112)] = px7
            xs[(U(1) - cur) * U(256) + U(tid + 128)] = px8
            xs[(U(1) - cur) * U(256) + U(tid + 144)] = px9
            xs[(U(1) - cur) * U(256) + U(tid + 160)] = px10
            xs[(U(1) - cur) * U(256) + U(tid + 176)] = px11
            xs[(U(1) - cur) * U(256) + U(tid + 192)] = px12
            xs[(U(1) - cur) * U(256) + U(tid + 208)] = px13
            xs[(U(1) - cur) * U(256) + U(tid + 224)] = px14
            xs[(U(1) - cur) * U(256) + U(tid + 240)] = px15
        cuda.syncthreads()
        cur = U(1) - cur
    p = p0 + tx * 4 + 0
    oc0 = z * K * P + p if p < P else -1
    p = p0 + tx * 4 + 1
    oc1 = z * K * P + p if p < P else -1
    p = p0 + tx * 4 + 2
    oc2 = z * K * P + p if p < P else -1
    p = p0 + tx * 4 + 3
    oc3 = z * K * P + p if p < P else -1
    k = k0 + ty * 2 + 0
    if k < K:
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = acc_0_0
        if oc1 >= 0:
            out1[U(oc1 + kp)] = acc_0_1
        if oc2 >= 0:
            out1[U(oc2 + kp)] = acc_0_2
        if oc3 >= 0:
            out1[U(oc3 + kp)] = acc_0_3
    k = k0 + ty * 2 + 1
    if k < K:
        kp = k * P
        if oc0 >= 0:
            out1[U(oc0 + kp)] = acc_1_0
        if oc1 >= 0:
            out1[U(oc1 + kp)] = acc_1_1
        if oc2 >= 0:
            out1[U(oc2 + kp)] = acc_1_2
        if oc3 >= 0:
            out1[U(oc3 + kp)] = acc_1_3


@cuda.jit(**JIT)
def dense_tiled_sim(x1, w1, b, out1, M, I, O, slice_len, act):
    # x1: (M, I) flat, w1: (O, I) flat, b: (O,); k runs over O, p over M. Block z sums the reduction
    # slice [z * slice_len, (z + 1) * slice_len): with one slice, out1 is (M, O) = act(x @ w.T + b);
    # with several, out1 is (slices, M, O) of partial sums (cuda.py's dense_forward adds them up)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    tid = ty * 4 + tx
    p0 = cuda.blockIdx.x * 16
    k0 = cuda.blockIdx.y * 8
    z = cuda.blockIdx.z
    rbeg = z * slice_len
    rend = min(I, rbeg + slice_len)
    r = tid % 16
    row = tid // 16
    wrows = O - k0 - row  # rows left to this thread's first weight slot
    xrows = M - p0 - row
    wo = (k0 + row) * I + r
    xo = (p0 + row) * I + r
    step = 1 * I
    ws_at = U(r * 12 + row)
    xs_at = U(r * 20 + row)
    ws = cuda.shared.array(384, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TKP) weights
    xs = cuda.shared.array(640, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TPP) inputs
    acc_0_0 = float32(0)
    acc_0_1 = float32(0)
    acc_0_2 = float32(0)
    acc_0_3 = float32(0)
    acc_1_0 = float32(0)
    acc_1_1 = float32(0)
    acc_1_2 = float32(0)
    acc_1_3 = float32(0)
    rok = rbeg + r < rend
    a = wo + rbeg
    pw0 = float32(0)
    if rok and 0 < wrows:
        pw0 = w1[U(a)]
    a += step
    pw1 = float32(0)
    if rok and 1 < wrows:
        pw1 = w1[U(a)]
    a += step
    pw2 = float32(0)
    if rok and 2 < wrows:
        pw2 = w1[U(a)]
    a += step
    pw3 = float32(0)
    if rok and 3 < wrows:
        pw3 = w1[U(a)]
    a += step
    pw4 = float32(0)
    if rok and 4 < wrows:
        pw4 = w1[U(a)]
    a += step
    pw5 = float32(0)
    if rok and 5 < wrows:
        pw5 = w1[U(a)]
    a += step
    pw6 = float32(0)
    if rok and 6 < wrows:
        pw6 = w1[U(a)]
    a += step
    pw7 = float32(0)
    if rok and 7 < wrows:
        pw7 = w1[U(a)]
    a = xo + rbeg
    px0 = float32(0)
    if rok and 0 < xrows:
        px0 = x1[U(a)]
    a += step
    px1 = float32(0)
    if rok and 1 < xrows:
        px1 = x1[U(a)]
    a += step
    px2 = float32(0)
    if rok and 2 < xrows:
        px2 = x1[U(a)]
    a += step
    px3 = float32(0)
    if rok and 3 < xrows:
        px3 = x1[U(a)]
    a += step
    px4 = float32(0)
    if rok and 4 < xrows:
        px4 = x1[U(a)]
    a += step
    px5 = float32(0)
    if rok and 5 < xrows:
        px5 = x1[U(a)]
    a += step
    px6 = float32(0)
    if rok and 6 < xrows:
        px6 = x1[U(a)]
    a += step
    px7 = float32(0)
    if rok and 7 < xrows:
        px7 = x1[U(a)]
    a += step
    px8 = float32(0)
    if rok and 8 < xrows:
        px8 = x1[U(a)]
    a += step
    px9 = float32(0)
    if rok and 9 < xrows:
        px9 = x1[U(a)]
    a += step
    px10 = float32(0)
    if rok and 10 < xrows:
        px10 = x1[U(a)]
    a += step
    px11 = float32(0)
    if rok and 11 < xrows:
        px11 = x1[U(a)]
    a += step
    px12 = float32(0)
    if rok and 12 < xrows:
        px12 = x1[U(a)]
    a += step
    px13 = float32(0)
    if rok and 13 < xrows:
        px13 = x1[U(a)]
    a += step
    px14 = float32(0)
    if rok and 14 < xrows:
        px14 = x1[U(a)]
    a += step
    px15 = float32(0)
    if rok and 15 < xrows:
        px15 = x1[U(a)]
    ws[U(0) * U(192) + ws_at + U(0)] = pw0
    ws[U(0) * U(192) + ws_at + U(1)] = pw1
    ws[U(0) * U(192) + ws_at + U(2)] = pw2
    ws[U(0) * U(192) + ws_at + U(3)] = pw3
    ws[U(0) * U(192) + ws_at + U(4)] = pw4
    ws[U(0) * U(192) + ws_at + U(5)] = pw5
    ws[U(0) * U(192) + ws_at + U(6)] = pw6
    ws[U(0) * U(192) + ws_at + U(7)] = pw7
    xs[U(0) * U(320) + xs_at + U(0)] = px0
    xs[U(0) * U(320) + xs_at + U(1)] = px1
    xs[U(0) * U(320) + xs_at + U(2)] = px2
    xs[U(0) * U(320) + xs_at + U(3)] = px3
    xs[U(0) * U(320) + xs_at + U(4)] = px4
    xs[U(0) * U(320) + xs_at + U(5)] = px5
    xs[U(0) * U(320) + xs_at + U(6)] = px6
    xs[U(0) * U(320) + xs_at + U(7)] = px7
    xs[U(0) * U(320) + xs_at + U(8)] = px8
    xs[U(0) * U(320) + xs_at + U(9)] = px9
    xs[U(0) * U(320) + xs_at + U(10)] = px10
    xs[U(0) * U(320) + xs_at + U(11)] = px11
    xs[U(0) * U(320) + xs_at + U(12)] = px12
    xs[U(0) * U(320) + xs_at + U(13)] = px13
    xs[U(0) * U(320) + xs_at + U(14)] = px14
    xs[U(0) * U(320) + xs_at + U(15)] = px15
    cuda.syncthreads()
    cur = U(0)
    for r0 in range(rbeg, rend, 16):
        more = r0 + 16 < rend
        if more:
            rok = r0 + 16 + r < rend
            a = wo + r0 + 16
            pw0 = float32(0)
            if rok and 0 < wrows:
                pw0 = w1[U(a)]
            a += step
            pw1 = float32(0)
            if rok and 1 < wrows:
                pw1 = w1[U(a)]
            a += step
            pw2 = float32(0)
            if rok and 2 < wrows:
                pw2 = w1[U(a)]
            a += step
            pw3 = float32(0)
            if rok and 3 < wrows:
                pw3 = w1[U(a)]
            a += step
            pw4 = float32(0)
            if rok and 4 < wrows:
                pw4 = w1[U(a)]
            a += step
            pw5 = float32(0)
            if rok and 5 < wrows:
                pw5 = w1[U(a)]
            a += step
            pw6 = float32(0)
            if rok and 6 < wrows:
                pw6 = w1[U(a)]
            a += step
            pw7 = float32(0)
            if rok and 7 < wrows:
                pw7 = w1[U(a)]
            a = xo + r0 + 16
            px0 = float32(0)
            if rok and 0 < xrows:
                px0 = x1[U(a)]
            a += step
            px1 = float32(0)
            if rok and 1 < xrows:
                px1 = x1[U(a)]
            a += step
            px2 = float32(0)
            if rok and 2 < xrows:
                px2 = x1[U(a)]
            a += step
            px3 = float32(0)
            if rok and 3 < xrows:
                px3 = x1[U(a)]
            a += step
            px4 = float32(0)
            if rok and 4 < xrows:
                px4 = x1[U(a)]
            a += step
            px5 = float32(0)
            if rok and 5 < xrows:
                px5 = x1[U(a)]
            a += step
            px6 = float32(0)
            if rok and 6 < xrows:
                px6 = x1[U(a)]
            a += step
            px7 = float32(0)
            if rok and 7 < xrows:
                px7 = x1[U(a)]
            a += step
            px8 = float32(0)
            if rok and 8 < xrows:
                px8 = x1[U(a)]
            a += step
            px9 = float32(0)
            if rok and 9 < xrows:
                px9 = x1[U(a)]
            a += step
            px10 = float32(0)
            if rok and 10 < xrows:
                px10 = x1[U(a)]
            a += step
            px11 = float32(0)
            if rok and 11 < xrows:
                px11 = x1[U(a)]
            a += step
            px12 = float32(0)
            if rok and 12 < xrows:
                px12 = x1[U(a)]
            a += step
            px13 = float32(0)
            if rok and 13 < xrows:
                px13 = x1[U(a)]
            a += step
            px14 = float32(0)
            if rok and 14 < xrows:
                px14 = x1[U(a)]
            a += step
            px15 = float32(0)
            if rok and 15 < xrows:
                px15 = x1[U(a)]
        wb = cur * U(192) + U(ty * 2)
        xb = cur * U(320) + U(tx * 4)
        a0 = ws[wb + U(0)]
        a1 = ws[wb + U(1)]
        b0 = xs[xb + U(0)]
        b1 = xs[xb + U(1)]
        b2 = xs[xb + U(2)]
        b3 = xs[xb + U(3)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(12)]
        a1 = ws[wb + U(13)]
        b0 = xs[xb + U(20)]
        b1 = xs[xb + U(21)]
        b2 = xs[xb + U(22)]
        b3 = xs[xb + U(23)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(24)]
        a1 = ws[wb + U(25)]
        b0 = xs[xb + U(40)]
        b1 = xs[xb + U(41)]
        b2 = xs[xb + U(42)]
        b3 = xs[xb + U(43)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(36)]
        a1 = ws[wb + U(37)]
        b0 = xs[xb + U(60)]
        b1 = xs[xb + U(61)]
        b2 = xs[xb + U(62)]
        b3 = xs[xb + U(63)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(48)]
        a1 = ws[wb + U(49)]
        b0 = xs[xb + U(80)]
        b1 = xs[xb + U(81)]
        b2 = xs[xb + U(82)]
        b3 = xs[xb + U(83)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(60)]
        a1 = ws[wb + U(61)]
        b0 = xs[xb + U(100)]
        b1 = xs[xb + U(101)]
        b2 = xs[xb + U(102)]
        b3 = xs[xb + U(103)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(72)]
        a1 = ws[wb + U(73)]
        b0 = xs[xb + U(120)]
        b1 = xs[xb + U(121)]
        b2 = xs[xb + U(122)]
        b3 = xs[xb + U(123)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(84)]
        a1 = ws[wb + U(85)]
        b0 = xs[xb + U(140)]
        b1 = xs[xb + U(141)]
        b2 = xs[xb + U(142)]
        b3 = xs[xb + U(143)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(96)]
        a1 = ws[wb + U(97)]
        b0 = xs[xb + U(160)]
        b1 = xs[xb + U(161)]
        b2 = xs[xb + U(162)]
        b3 = xs[xb + U(163)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(108)]
        a1 = ws[wb + U(109)]
        b0 = xs[xb + U(180)]
        b1 = xs[xb + U(181)]
        b2 = xs[xb + U(182)]
        b3 = xs[xb + U(183)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(120)]
        a1 = ws[wb + U(121)]
        b0 = xs[xb + U(200)]
        b1 = xs[xb + U(201)]
        b2 = xs[xb + U(202)]
        b3 = xs[xb + U(203)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(132)]
        a1 = ws[wb + U(133)]
        b0 = xs[xb + U(220)]
        b1 = xs[xb + U(221)]
        b2 = xs[xb + U(222)]
        b3 = xs[xb + U(223)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(144)]
        a1 = ws[wb + U(145)]
        b0 = xs[xb + U(240)]
        b1 = xs[xb + U(241)]
        b2 = xs[xb + U(242)]
        b3 = xs[xb + U(243)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(156)]
        a1 = ws[wb + U(157)]
        b0 = xs[xb + U(260)]
        b1 = xs[xb + U(261)]
        b2 = xs[xb + U(262)]
        b3 = xs[xb + U(263)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(168)]
        a1 = ws[wb + U(169)]
        b0 = xs[xb + U(280)]
        b1 = xs[xb + U(281)]
        b2 = xs[xb + U(282)]
        b3 = xs[xb + U(283)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(180)]
        a1 = ws[wb + U(181)]
        b0 = xs[xb + U(300)]
        b1 = xs[xb + U(301)]
        b2 = xs[xb + U(302)]
        b3 = xs[xb + U(303)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        if more:
            ws[(U(1) - cur) * U(192) + ws_at + U(0)] = pw0
            ws[(U(1) - cur) * U(192) + ws_at + U(1)] = pw1
            ws[(U(1) - cur) * U(192) + ws_at + U(2)] = pw2
            ws[(U(1) - cur) * U(192) + ws_at + U(3)] = pw3
            ws[(U(1) - cur) * U(192) + ws_at + U(4)] = pw4
            ws[(U(1) - cur) * U(192) + ws_at + U(5)] = pw5
            ws[(U(1) - cur) * U(192) + ws_at + U(6)] = pw6
            ws[(U(1) - cur) * U(192) + ws_at + U(7)] = pw7
            xs[(U(1) - cur) * U(320) + xs_at + U(0)] = px0
            xs[(U(1) - cur) * U(320) + xs_at + U(1)] = px1
            xs[(U(1) - cur) * U(320) + xs_at + U(2)] = px2
            xs[(U(1) - cur) * U(320) + xs_at + U(3)] = px3
            xs[(U(1) - cur) * U(320) + xs_at + U(4)] = px4
            xs[(U(1) - cur) * U(320) + xs_at + U(5)] = px5
            xs[(U(1) - cur) * U(320) + xs_at + U(6)] = px6
            xs[(U(1) - cur) * U(320) + xs_at + U(7)] = px7
            xs[(U(1) - cur) * U(320) + xs_at + U(8)] = px8
            xs[(U(1) - cur) * U(320) + xs_at + U(9)] = px9
            xs[(U(1) - cur) * U(320) + xs_at + U(10)] = px10
            xs[(U(1) - cur) * U(320) + xs_at + U(11)] = px11
            xs[(U(1) - cur) * U(320) + xs_at + U(12)] = px12
            xs[(U(1) - cur) * U(320) + xs_at + U(13)] = px13
            xs[(U(1) - cur) * U(320) + xs_at + U(14)] = px14
            xs[(U(1) - cur) * U(320) + xs_at + U(15)] = px15
        cuda.syncthreads()
        cur = U(1) - cur
    whole = cuda.gridDim.z == 1
    k = k0 + ty * 2 + 0
    if k < O:
        bias = b[k]
        p = p0 + tx * 4 + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_0
        p = p0 + tx * 4 + 1
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_1
        p = p0 + tx * 4 + 2
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_2
        p = p0 + tx * 4 + 3
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_3
    k = k0 + ty * 2 + 1
    if k < O:
        bias = b[k]
        p = p0 + tx * 4 + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_0
        p = p0 + tx * 4 + 1
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_1
        p = p0 + tx * 4 + 2
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_2
        p = p0 + tx * 4 + 3
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_3
