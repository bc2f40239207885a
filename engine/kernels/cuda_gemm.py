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

TILES[cfg] = dict(TK, TP, TR, RK, RP, BX, BY): the launch geometry of each configuration.
"""
from numba import cuda, float32

from engine.kernels.cuda_common import JIT, JIT_128_REGISTERS, U, activate

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
    ws_at = U(wr * 65 + wrow)
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
    ws = cuda.shared.array(2080, float32)  # two buffers: (TR, TKP) weights each
    xs = cuda.shared.array(2048, float32)  # two buffers: (TR, TP) input pixels each
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
    ws[U(0) * U(1040) + ws_at + U(0)] = pw0
    ws[U(0) * U(1040) + ws_at + U(16)] = pw1
    ws[U(0) * U(1040) + ws_at + U(32)] = pw2
    ws[U(0) * U(1040) + ws_at + U(48)] = pw3
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
        wb = cur * U(1040) + U(ty)
        xb = cur * U(1024) + U(tx)
        a0 = ws[wb + U(0)]
        a1 = ws[wb + U(16)]
        a2 = ws[wb + U(32)]
        a3 = ws[wb + U(48)]
        b0 = xs[xb + U(0)]
        b1 = xs[xb + U(16)]
        b2 = xs[xb + U(32)]
        b3 = xs[xb + U(48)]
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
        a0 = ws[wb + U(65)]
        a1 = ws[wb + U(81)]
        a2 = ws[wb + U(97)]
        a3 = ws[wb + U(113)]
        b0 = xs[xb + U(64)]
        b1 = xs[xb + U(80)]
        b2 = xs[xb + U(96)]
        b3 = xs[xb + U(112)]
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
        a0 = ws[wb + U(130)]
        a1 = ws[wb + U(146)]
        a2 = ws[wb + U(162)]
        a3 = ws[wb + U(178)]
        b0 = xs[xb + U(128)]
        b1 = xs[xb + U(144)]
        b2 = xs[xb + U(160)]
        b3 = xs[xb + U(176)]
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
        a0 = ws[wb + U(195)]
        a1 = ws[wb + U(211)]
        a2 = ws[wb + U(227)]
        a3 = ws[wb + U(243)]
        b0 = xs[xb + U(192)]
        b1 = xs[xb + U(208)]
        b2 = xs[xb + U(224)]
        b3 = xs[xb + U(240)]
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
        a0 = ws[wb + U(260)]
        a1 = ws[wb + U(276)]
        a2 = ws[wb + U(292)]
        a3 = ws[wb + U(308)]
        b0 = xs[xb + U(256)]
        b1 = xs[xb + U(272)]
        b2 = xs[xb + U(288)]
        b3 = xs[xb + U(304)]
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
        a0 = ws[wb + U(325)]
        a1 = ws[wb + U(341)]
        a2 = ws[wb + U(357)]
        a3 = ws[wb + U(373)]
        b0 = xs[xb + U(320)]
        b1 = xs[xb + U(336)]
        b2 = xs[xb + U(352)]
        b3 = xs[xb + U(368)]
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
        a0 = ws[wb + U(390)]
        a1 = ws[wb + U(406)]
        a2 = ws[wb + U(422)]
        a3 = ws[wb + U(438)]
        b0 = xs[xb + U(384)]
        b1 = xs[xb + U(400)]
        b2 = xs[xb + U(416)]
        b3 = xs[xb + U(432)]
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
        a0 = ws[wb + U(455)]
        a1 = ws[wb + U(471)]
        a2 = ws[wb + U(487)]
        a3 = ws[wb + U(503)]
        b0 = xs[xb + U(448)]
        b1 = xs[xb + U(464)]
        b2 = xs[xb + U(480)]
        b3 = xs[xb + U(496)]
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
        a0 = ws[wb + U(520)]
        a1 = ws[wb + U(536)]
        a2 = ws[wb + U(552)]
        a3 = ws[wb + U(568)]
        b0 = xs[xb + U(512)]
        b1 = xs[xb + U(528)]
        b2 = xs[xb + U(544)]
        b3 = xs[xb + U(560)]
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
        a0 = ws[wb + U(585)]
        a1 = ws[wb + U(601)]
        a2 = ws[wb + U(617)]
        a3 = ws[wb + U(633)]
        b0 = xs[xb + U(576)]
        b1 = xs[xb + U(592)]
        b2 = xs[xb + U(608)]
        b3 = xs[xb + U(624)]
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
        a0 = ws[wb + U(650)]
        a1 = ws[wb + U(666)]
        a2 = ws[wb + U(682)]
        a3 = ws[wb + U(698)]
        b0 = xs[xb + U(640)]
        b1 = xs[xb + U(656)]
        b2 = xs[xb + U(672)]
        b3 = xs[xb + U(688)]
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
        a0 = ws[wb + U(715)]
        a1 = ws[wb + U(731)]
        a2 = ws[wb + U(747)]
        a3 = ws[wb + U(763)]
        b0 = xs[xb + U(704)]
        b1 = xs[xb + U(720)]
        b2 = xs[xb + U(736)]
        b3 = xs[xb + U(752)]
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
        a0 = ws[wb + U(780)]
        a1 = ws[wb + U(796)]
        a2 = ws[wb + U(812)]
        a3 = ws[wb + U(828)]
        b0 = xs[xb + U(768)]
        b1 = xs[xb + U(784)]
        b2 = xs[xb + U(800)]
        b3 = xs[xb + U(816)]
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
        a0 = ws[wb + U(845)]
        a1 = ws[wb + U(861)]
        a2 = ws[wb + U(877)]
        a3 = ws[wb + U(893)]
        b0 = xs[xb + U(832)]
        b1 = xs[xb + U(848)]
        b2 = xs[xb + U(864)]
        b3 = xs[xb + U(880)]
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
        a0 = ws[wb + U(910)]
        a1 = ws[wb + U(926)]
        a2 = ws[wb + U(942)]
        a3 = ws[wb + U(958)]
        b0 = xs[xb + U(896)]
        b1 = xs[xb + U(912)]
        b2 = xs[xb + U(928)]
        b3 = xs[xb + U(944)]
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
        a0 = ws[wb + U(975)]
        a1 = ws[wb + U(991)]
        a2 = ws[wb + U(1007)]
        a3 = ws[wb + U(1023)]
        b0 = xs[xb + U(960)]
        b1 = xs[xb + U(976)]
        b2 = xs[xb + U(992)]
        b3 = xs[xb + U(1008)]
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
            ws[(U(1) - cur) * U(1040) + ws_at + U(0)] = pw0
            ws[(U(1) - cur) * U(1040) + ws_at + U(16)] = pw1
            ws[(U(1) - cur) * U(1040) + ws_at + U(32)] = pw2
            ws[(U(1) - cur) * U(1040) + ws_at + U(48)] = pw3
            xs[(U(1) - cur) * U(1024) + U(tid + 0)] = px0
            xs[(U(1) - cur) * U(1024) + U(tid + 256)] = px1
            xs[(U(1) - cur) * U(1024) + U(tid + 512)] = px2
            xs[(U(1) - cur) * U(1024) + U(tid + 768)] = px3
        cuda.syncthreads()
        cur = U(1) - cur
    p = p0 + tx + 0
    n = p // P
    oc0 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx + 16
    n = p // P
    oc1 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx + 32
    n = p // P
    oc2 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx + 48
    n = p // P
    oc3 = (n * K + kbase) * P + p - n * P if p < NP else -1
    k = k0 + ty + 0
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
    k = k0 + ty + 16
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
    k = k0 + ty + 32
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
    k = k0 + ty + 48
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
    ws_at = U(r * 65 + row)
    xs_at = U(r * 65 + row)
    ws = cuda.shared.array(2080, float32)  # two buffers: (TR, TKP) weights each
    xs = cuda.shared.array(2080, float32)  # two buffers: (TR, TPP) inputs each
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
    ws[U(0) * U(1040) + ws_at + U(0)] = pw0
    ws[U(0) * U(1040) + ws_at + U(16)] = pw1
    ws[U(0) * U(1040) + ws_at + U(32)] = pw2
    ws[U(0) * U(1040) + ws_at + U(48)] = pw3
    xs[U(0) * U(1040) + xs_at + U(0)] = px0
    xs[U(0) * U(1040) + xs_at + U(16)] = px1
    xs[U(0) * U(1040) + xs_at + U(32)] = px2
    xs[U(0) * U(1040) + xs_at + U(48)] = px3
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
        wb = cur * U(1040) + U(ty)
        xb = cur * U(1040) + U(tx)
        a0 = ws[wb + U(0)]
        a1 = ws[wb + U(16)]
        a2 = ws[wb + U(32)]
        a3 = ws[wb + U(48)]
        b0 = xs[xb + U(0)]
        b1 = xs[xb + U(16)]
        b2 = xs[xb + U(32)]
        b3 = xs[xb + U(48)]
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
        a0 = ws[wb + U(65)]
        a1 = ws[wb + U(81)]
        a2 = ws[wb + U(97)]
        a3 = ws[wb + U(113)]
        b0 = xs[xb + U(65)]
        b1 = xs[xb + U(81)]
        b2 = xs[xb + U(97)]
        b3 = xs[xb + U(113)]
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
        a0 = ws[wb + U(130)]
        a1 = ws[wb + U(146)]
        a2 = ws[wb + U(162)]
        a3 = ws[wb + U(178)]
        b0 = xs[xb + U(130)]
        b1 = xs[xb + U(146)]
        b2 = xs[xb + U(162)]
        b3 = xs[xb + U(178)]
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
        a0 = ws[wb + U(195)]
        a1 = ws[wb + U(211)]
        a2 = ws[wb + U(227)]
        a3 = ws[wb + U(243)]
        b0 = xs[xb + U(195)]
        b1 = xs[xb + U(211)]
        b2 = xs[xb + U(227)]
        b3 = xs[xb + U(243)]
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
        a0 = ws[wb + U(260)]
        a1 = ws[wb + U(276)]
        a2 = ws[wb + U(292)]
        a3 = ws[wb + U(308)]
        b0 = xs[xb + U(260)]
        b1 = xs[xb + U(276)]
        b2 = xs[xb + U(292)]
        b3 = xs[xb + U(308)]
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
        a0 = ws[wb + U(325)]
        a1 = ws[wb + U(341)]
        a2 = ws[wb + U(357)]
        a3 = ws[wb + U(373)]
        b0 = xs[xb + U(325)]
        b1 = xs[xb + U(341)]
        b2 = xs[xb + U(357)]
        b3 = xs[xb + U(373)]
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
        a0 = ws[wb + U(390)]
        a1 = ws[wb + U(406)]
        a2 = ws[wb + U(422)]
        a3 = ws[wb + U(438)]
        b0 = xs[xb + U(390)]
        b1 = xs[xb + U(406)]
        b2 = xs[xb + U(422)]
        b3 = xs[xb + U(438)]
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
        a0 = ws[wb + U(455)]
        a1 = ws[wb + U(471)]
        a2 = ws[wb + U(487)]
        a3 = ws[wb + U(503)]
        b0 = xs[xb + U(455)]
        b1 = xs[xb + U(471)]
        b2 = xs[xb + U(487)]
        b3 = xs[xb + U(503)]
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
        a0 = ws[wb + U(520)]
        a1 = ws[wb + U(536)]
        a2 = ws[wb + U(552)]
        a3 = ws[wb + U(568)]
        b0 = xs[xb + U(520)]
        b1 = xs[xb + U(536)]
        b2 = xs[xb + U(552)]
        b3 = xs[xb + U(568)]
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
        a0 = ws[wb + U(585)]
        a1 = ws[wb + U(601)]
        a2 = ws[wb + U(617)]
        a3 = ws[wb + U(633)]
        b0 = xs[xb + U(585)]
        b1 = xs[xb + U(601)]
        b2 = xs[xb + U(617)]
        b3 = xs[xb + U(633)]
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
        a0 = ws[wb + U(650)]
        a1 = ws[wb + U(666)]
        a2 = ws[wb + U(682)]
        a3 = ws[wb + U(698)]
        b0 = xs[xb + U(650)]
        b1 = xs[xb + U(666)]
        b2 = xs[xb + U(682)]
        b3 = xs[xb + U(698)]
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
        a0 = ws[wb + U(715)]
        a1 = ws[wb + U(731)]
        a2 = ws[wb + U(747)]
        a3 = ws[wb + U(763)]
        b0 = xs[xb + U(715)]
        b1 = xs[xb + U(731)]
        b2 = xs[xb + U(747)]
        b3 = xs[xb + U(763)]
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
        a0 = ws[wb + U(780)]
        a1 = ws[wb + U(796)]
        a2 = ws[wb + U(812)]
        a3 = ws[wb + U(828)]
        b0 = xs[xb + U(780)]
        b1 = xs[xb + U(796)]
        b2 = xs[xb + U(812)]
        b3 = xs[xb + U(828)]
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
        a0 = ws[wb + U(845)]
        a1 = ws[wb + U(861)]
        a2 = ws[wb + U(877)]
        a3 = ws[wb + U(893)]
        b0 = xs[xb + U(845)]
        b1 = xs[xb + U(861)]
        b2 = xs[xb + U(877)]
        b3 = xs[xb + U(893)]
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
        a0 = ws[wb + U(910)]
        a1 = ws[wb + U(926)]
        a2 = ws[wb + U(942)]
        a3 = ws[wb + U(958)]
        b0 = xs[xb + U(910)]
        b1 = xs[xb + U(926)]
        b2 = xs[xb + U(942)]
        b3 = xs[xb + U(958)]
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
        a0 = ws[wb + U(975)]
        a1 = ws[wb + U(991)]
        a2 = ws[wb + U(1007)]
        a3 = ws[wb + U(1023)]
        b0 = xs[xb + U(975)]
        b1 = xs[xb + U(991)]
        b2 = xs[xb + U(1007)]
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
            ws[(U(1) - cur) * U(1040) + ws_at + U(0)] = pw0
            ws[(U(1) - cur) * U(1040) + ws_at + U(16)] = pw1
            ws[(U(1) - cur) * U(1040) + ws_at + U(32)] = pw2
            ws[(U(1) - cur) * U(1040) + ws_at + U(48)] = pw3
            xs[(U(1) - cur) * U(1040) + xs_at + U(0)] = px0
            xs[(U(1) - cur) * U(1040) + xs_at + U(16)] = px1
            xs[(U(1) - cur) * U(1040) + xs_at + U(32)] = px2
            xs[(U(1) - cur) * U(1040) + xs_at + U(48)] = px3
        cuda.syncthreads()
        cur = U(1) - cur
    whole = cuda.gridDim.z == 1
    k = k0 + ty + 0
    if k < O:
        bias = b[k]
        p = p0 + tx + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_0
        p = p0 + tx + 16
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_1
        p = p0 + tx + 32
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_2
        p = p0 + tx + 48
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_3
    k = k0 + ty + 16
    if k < O:
        bias = b[k]
        p = p0 + tx + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_0
        p = p0 + tx + 16
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_1
        p = p0 + tx + 32
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_2
        p = p0 + tx + 48
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_3
    k = k0 + ty + 32
    if k < O:
        bias = b[k]
        p = p0 + tx + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_2_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_2_0
        p = p0 + tx + 16
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_2_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_2_1
        p = p0 + tx + 32
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_2_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_2_2
        p = p0 + tx + 48
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_2_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_2_3
    k = k0 + ty + 48
    if k < O:
        bias = b[k]
        p = p0 + tx + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_3_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_3_0
        p = p0 + tx + 16
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_3_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_3_1
        p = p0 + tx + 32
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_3_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_3_2
        p = p0 + tx + 48
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
    ws_at = U(wr * 65 + wrow)
    p = p0 + (tid + 0) % 128
    n = p // P
    p -= n * P
    iy0 = (p // OW) * stride_h - pad_top if n < NP // P else -(1 << 40)
    ix0 = (p % OW) * stride_w - pad_left
    xo0 = (n * Cin + cbase) * H * W + iy0 * W + ix0
    xr0 = (tid + 0) // 128
    xr1 = (tid + 128) // 128
    xr2 = (tid + 256) // 128
    xr3 = (tid + 384) // 128
    xr4 = (tid + 512) // 128
    xr5 = (tid + 640) // 128
    xr6 = (tid + 768) // 128
    xr7 = (tid + 896) // 128
    ws = cuda.shared.array(1040, float32)  # two buffers: (TR, TKP) weights each
    xs = cuda.shared.array(2048, float32)  # two buffers: (TR, TP) input pixels each
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
    px4 = float32(0)
    r = 0 + xr4
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px4 = x1[U(xo0 + (tap >> 32))]
    px5 = float32(0)
    r = 0 + xr5
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px5 = x1[U(xo0 + (tap >> 32))]
    px6 = float32(0)
    r = 0 + xr6
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px6 = x1[U(xo0 + (tap >> 32))]
    px7 = float32(0)
    r = 0 + xr7
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px7 = x1[U(xo0 + (tap >> 32))]
    ws[U(0) * U(520) + ws_at + U(0)] = pw0
    ws[U(0) * U(520) + ws_at + U(16)] = pw1
    ws[U(0) * U(520) + ws_at + U(32)] = pw2
    ws[U(0) * U(520) + ws_at + U(48)] = pw3
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
            r = r0 + 8 + xr0
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px0 = x1[U(xo0 + (tap >> 32))]
            px1 = float32(0)
            r = r0 + 8 + xr1
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px1 = x1[U(xo0 + (tap >> 32))]
            px2 = float32(0)
            r = r0 + 8 + xr2
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px2 = x1[U(xo0 + (tap >> 32))]
            px3 = float32(0)
            r = r0 + 8 + xr3
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px3 = x1[U(xo0 + (tap >> 32))]
            px4 = float32(0)
            r = r0 + 8 + xr4
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px4 = x1[U(xo0 + (tap >> 32))]
            px5 = float32(0)
            r = r0 + 8 + xr5
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px5 = x1[U(xo0 + (tap >> 32))]
            px6 = float32(0)
            r = r0 + 8 + xr6
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px6 = x1[U(xo0 + (tap >> 32))]
            px7 = float32(0)
            r = r0 + 8 + xr7
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px7 = x1[U(xo0 + (tap >> 32))]
        wb = cur * U(520) + U(ty)
        xb = cur * U(1024) + U(tx)
        a0 = ws[wb + U(0)]
        a1 = ws[wb + U(8)]
        a2 = ws[wb + U(16)]
        a3 = ws[wb + U(24)]
        a4 = ws[wb + U(32)]
        a5 = ws[wb + U(40)]
        a6 = ws[wb + U(48)]
        a7 = ws[wb + U(56)]
        b0 = xs[xb + U(0)]
        b1 = xs[xb + U(16)]
        b2 = xs[xb + U(32)]
        b3 = xs[xb + U(48)]
        b4 = xs[xb + U(64)]
        b5 = xs[xb + U(80)]
        b6 = xs[xb + U(96)]
        b7 = xs[xb + U(112)]
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
        a0 = ws[wb + U(65)]
        a1 = ws[wb + U(73)]
        a2 = ws[wb + U(81)]
        a3 = ws[wb + U(89)]
        a4 = ws[wb + U(97)]
        a5 = ws[wb + U(105)]
        a6 = ws[wb + U(113)]
        a7 = ws[wb + U(121)]
        b0 = xs[xb + U(128)]
        b1 = xs[xb + U(144)]
        b2 = xs[xb + U(160)]
        b3 = xs[xb + U(176)]
        b4 = xs[xb + U(192)]
        b5 = xs[xb + U(208)]
        b6 = xs[xb + U(224)]
        b7 = xs[xb + U(240)]
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
        a0 = ws[wb + U(130)]
        a1 = ws[wb + U(138)]
        a2 = ws[wb + U(146)]
        a3 = ws[wb + U(154)]
        a4 = ws[wb + U(162)]
        a5 = ws[wb + U(170)]
        a6 = ws[wb + U(178)]
        a7 = ws[wb + U(186)]
        b0 = xs[xb + U(256)]
        b1 = xs[xb + U(272)]
        b2 = xs[xb + U(288)]
        b3 = xs[xb + U(304)]
        b4 = xs[xb + U(320)]
        b5 = xs[xb + U(336)]
        b6 = xs[xb + U(352)]
        b7 = xs[xb + U(368)]
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
        a0 = ws[wb + U(195)]
        a1 = ws[wb + U(203)]
        a2 = ws[wb + U(211)]
        a3 = ws[wb + U(219)]
        a4 = ws[wb + U(227)]
        a5 = ws[wb + U(235)]
        a6 = ws[wb + U(243)]
        a7 = ws[wb + U(251)]
        b0 = xs[xb + U(384)]
        b1 = xs[xb + U(400)]
        b2 = xs[xb + U(416)]
        b3 = xs[xb + U(432)]
        b4 = xs[xb + U(448)]
        b5 = xs[xb + U(464)]
        b6 = xs[xb + U(480)]
        b7 = xs[xb + U(496)]
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
        a0 = ws[wb + U(260)]
        a1 = ws[wb + U(268)]
        a2 = ws[wb + U(276)]
        a3 = ws[wb + U(284)]
        a4 = ws[wb + U(292)]
        a5 = ws[wb + U(300)]
        a6 = ws[wb + U(308)]
        a7 = ws[wb + U(316)]
        b0 = xs[xb + U(512)]
        b1 = xs[xb + U(528)]
        b2 = xs[xb + U(544)]
        b3 = xs[xb + U(560)]
        b4 = xs[xb + U(576)]
        b5 = xs[xb + U(592)]
        b6 = xs[xb + U(608)]
        b7 = xs[xb + U(624)]
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
        a0 = ws[wb + U(325)]
        a1 = ws[wb + U(333)]
        a2 = ws[wb + U(341)]
        a3 = ws[wb + U(349)]
        a4 = ws[wb + U(357)]
        a5 = ws[wb + U(365)]
        a6 = ws[wb + U(373)]
        a7 = ws[wb + U(381)]
        b0 = xs[xb + U(640)]
        b1 = xs[xb + U(656)]
        b2 = xs[xb + U(672)]
        b3 = xs[xb + U(688)]
        b4 = xs[xb + U(704)]
        b5 = xs[xb + U(720)]
        b6 = xs[xb + U(736)]
        b7 = xs[xb + U(752)]
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
        a0 = ws[wb + U(390)]
        a1 = ws[wb + U(398)]
        a2 = ws[wb + U(406)]
        a3 = ws[wb + U(414)]
        a4 = ws[wb + U(422)]
        a5 = ws[wb + U(430)]
        a6 = ws[wb + U(438)]
        a7 = ws[wb + U(446)]
        b0 = xs[xb + U(768)]
        b1 = xs[xb + U(784)]
        b2 = xs[xb + U(800)]
        b3 = xs[xb + U(816)]
        b4 = xs[xb + U(832)]
        b5 = xs[xb + U(848)]
        b6 = xs[xb + U(864)]
        b7 = xs[xb + U(880)]
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
        a0 = ws[wb + U(455)]
        a1 = ws[wb + U(463)]
        a2 = ws[wb + U(471)]
        a3 = ws[wb + U(479)]
        a4 = ws[wb + U(487)]
        a5 = ws[wb + U(495)]
        a6 = ws[wb + U(503)]
        a7 = ws[wb + U(511)]
        b0 = xs[xb + U(896)]
        b1 = xs[xb + U(912)]
        b2 = xs[xb + U(928)]
        b3 = xs[xb + U(944)]
        b4 = xs[xb + U(960)]
        b5 = xs[xb + U(976)]
        b6 = xs[xb + U(992)]
        b7 = xs[xb + U(1008)]
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
            ws[(U(1) - cur) * U(520) + ws_at + U(0)] = pw0
            ws[(U(1) - cur) * U(520) + ws_at + U(16)] = pw1
            ws[(U(1) - cur) * U(520) + ws_at + U(32)] = pw2
            ws[(U(1) - cur) * U(520) + ws_at + U(48)] = pw3
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
    p = p0 + tx + 0
    n = p // P
    oc0 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx + 16
    n = p // P
    oc1 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx + 32
    n = p // P
    oc2 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx + 48
    n = p // P
    oc3 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx + 64
    n = p // P
    oc4 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx + 80
    n = p // P
    oc5 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx + 96
    n = p // P
    oc6 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx + 112
    n = p // P
    oc7 = (n * K + kbase) * P + p - n * P if p < NP else -1
    k = k0 + ty + 0
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
    k = k0 + ty + 8
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
    k = k0 + ty + 16
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
    k = k0 + ty + 24
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
    k = k0 + ty + 32
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
    k = k0 + ty + 40
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
    k = k0 + ty + 48
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
    k = k0 + ty + 56
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
    ws_at = U(r * 129 + row)
    xs_at = U(r * 33 + row)
    ws = cuda.shared.array(4128, float32)  # two buffers: (TR, TKP) weights each
    xs = cuda.shared.array(1056, float32)  # two buffers: (TR, TPP) inputs each
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
    ws[U(0) * U(2064) + ws_at + U(0)] = pw0
    ws[U(0) * U(2064) + ws_at + U(8)] = pw1
    ws[U(0) * U(2064) + ws_at + U(16)] = pw2
    ws[U(0) * U(2064) + ws_at + U(24)] = pw3
    ws[U(0) * U(2064) + ws_at + U(32)] = pw4
    ws[U(0) * U(2064) + ws_at + U(40)] = pw5
    ws[U(0) * U(2064) + ws_at + U(48)] = pw6
    ws[U(0) * U(2064) + ws_at + U(56)] = pw7
    ws[U(0) * U(2064) + ws_at + U(64)] = pw8
    ws[U(0) * U(2064) + ws_at + U(72)] = pw9
    ws[U(0) * U(2064) + ws_at + U(80)] = pw10
    ws[U(0) * U(2064) + ws_at + U(88)] = pw11
    ws[U(0) * U(2064) + ws_at + U(96)] = pw12
    ws[U(0) * U(2064) + ws_at + U(104)] = pw13
    ws[U(0) * U(2064) + ws_at + U(112)] = pw14
    ws[U(0) * U(2064) + ws_at + U(120)] = pw15
    xs[U(0) * U(528) + xs_at + U(0)] = px0
    xs[U(0) * U(528) + xs_at + U(8)] = px1
    xs[U(0) * U(528) + xs_at + U(16)] = px2
    xs[U(0) * U(528) + xs_at + U(24)] = px3
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
        wb = cur * U(2064) + U(ty)
        xb = cur * U(528) + U(tx)
        a0 = ws[wb + U(0)]
        a1 = ws[wb + U(16)]
        a2 = ws[wb + U(32)]
        a3 = ws[wb + U(48)]
        a4 = ws[wb + U(64)]
        a5 = ws[wb + U(80)]
        a6 = ws[wb + U(96)]
        a7 = ws[wb + U(112)]
        b0 = xs[xb + U(0)]
        b1 = xs[xb + U(8)]
        b2 = xs[xb + U(16)]
        b3 = xs[xb + U(24)]
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
        a0 = ws[wb + U(129)]
        a1 = ws[wb + U(145)]
        a2 = ws[wb + U(161)]
        a3 = ws[wb + U(177)]
        a4 = ws[wb + U(193)]
        a5 = ws[wb + U(209)]
        a6 = ws[wb + U(225)]
        a7 = ws[wb + U(241)]
        b0 = xs[xb + U(33)]
        b1 = xs[xb + U(41)]
        b2 = xs[xb + U(49)]
        b3 = xs[xb + U(57)]
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
        a0 = ws[wb + U(258)]
        a1 = ws[wb + U(274)]
        a2 = ws[wb + U(290)]
        a3 = ws[wb + U(306)]
        a4 = ws[wb + U(322)]
        a5 = ws[wb + U(338)]
        a6 = ws[wb + U(354)]
        a7 = ws[wb + U(370)]
        b0 = xs[xb + U(66)]
        b1 = xs[xb + U(74)]
        b2 = xs[xb + U(82)]
        b3 = xs[xb + U(90)]
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
        a0 = ws[wb + U(387)]
        a1 = ws[wb + U(403)]
        a2 = ws[wb + U(419)]
        a3 = ws[wb + U(435)]
        a4 = ws[wb + U(451)]
        a5 = ws[wb + U(467)]
        a6 = ws[wb + U(483)]
        a7 = ws[wb + U(499)]
        b0 = xs[xb + U(99)]
        b1 = xs[xb + U(107)]
        b2 = xs[xb + U(115)]
        b3 = xs[xb + U(123)]
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
        a0 = ws[wb + U(516)]
        a1 = ws[wb + U(532)]
        a2 = ws[wb + U(548)]
        a3 = ws[wb + U(564)]
        a4 = ws[wb + U(580)]
        a5 = ws[wb + U(596)]
        a6 = ws[wb + U(612)]
        a7 = ws[wb + U(628)]
        b0 = xs[xb + U(132)]
        b1 = xs[xb + U(140)]
        b2 = xs[xb + U(148)]
        b3 = xs[xb + U(156)]
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
        a0 = ws[wb + U(645)]
        a1 = ws[wb + U(661)]
        a2 = ws[wb + U(677)]
        a3 = ws[wb + U(693)]
        a4 = ws[wb + U(709)]
        a5 = ws[wb + U(725)]
        a6 = ws[wb + U(741)]
        a7 = ws[wb + U(757)]
        b0 = xs[xb + U(165)]
        b1 = xs[xb + U(173)]
        b2 = xs[xb + U(181)]
        b3 = xs[xb + U(189)]
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
        a0 = ws[wb + U(774)]
        a1 = ws[wb + U(790)]
        a2 = ws[wb + U(806)]
        a3 = ws[wb + U(822)]
        a4 = ws[wb + U(838)]
        a5 = ws[wb + U(854)]
        a6 = ws[wb + U(870)]
        a7 = ws[wb + U(886)]
        b0 = xs[xb + U(198)]
        b1 = xs[xb + U(206)]
        b2 = xs[xb + U(214)]
        b3 = xs[xb + U(222)]
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
        a0 = ws[wb + U(903)]
        a1 = ws[wb + U(919)]
        a2 = ws[wb + U(935)]
        a3 = ws[wb + U(951)]
        a4 = ws[wb + U(967)]
        a5 = ws[wb + U(983)]
        a6 = ws[wb + U(999)]
        a7 = ws[wb + U(1015)]
        b0 = xs[xb + U(231)]
        b1 = xs[xb + U(239)]
        b2 = xs[xb + U(247)]
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
        a0 = ws[wb + U(1032)]
        a1 = ws[wb + U(1048)]
        a2 = ws[wb + U(1064)]
        a3 = ws[wb + U(1080)]
        a4 = ws[wb + U(1096)]
        a5 = ws[wb + U(1112)]
        a6 = ws[wb + U(1128)]
        a7 = ws[wb + U(1144)]
        b0 = xs[xb + U(264)]
        b1 = xs[xb + U(272)]
        b2 = xs[xb + U(280)]
        b3 = xs[xb + U(288)]
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
        a0 = ws[wb + U(1161)]
        a1 = ws[wb + U(1177)]
        a2 = ws[wb + U(1193)]
        a3 = ws[wb + U(1209)]
        a4 = ws[wb + U(1225)]
        a5 = ws[wb + U(1241)]
        a6 = ws[wb + U(1257)]
        a7 = ws[wb + U(1273)]
        b0 = xs[xb + U(297)]
        b1 = xs[xb + U(305)]
        b2 = xs[xb + U(313)]
        b3 = xs[xb + U(321)]
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
        a0 = ws[wb + U(1290)]
        a1 = ws[wb + U(1306)]
        a2 = ws[wb + U(1322)]
        a3 = ws[wb + U(1338)]
        a4 = ws[wb + U(1354)]
        a5 = ws[wb + U(1370)]
        a6 = ws[wb + U(1386)]
        a7 = ws[wb + U(1402)]
        b0 = xs[xb + U(330)]
        b1 = xs[xb + U(338)]
        b2 = xs[xb + U(346)]
        b3 = xs[xb + U(354)]
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
        a0 = ws[wb + U(1419)]
        a1 = ws[wb + U(1435)]
        a2 = ws[wb + U(1451)]
        a3 = ws[wb + U(1467)]
        a4 = ws[wb + U(1483)]
        a5 = ws[wb + U(1499)]
        a6 = ws[wb + U(1515)]
        a7 = ws[wb + U(1531)]
        b0 = xs[xb + U(363)]
        b1 = xs[xb + U(371)]
        b2 = xs[xb + U(379)]
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
        a0 = ws[wb + U(1548)]
        a1 = ws[wb + U(1564)]
        a2 = ws[wb + U(1580)]
        a3 = ws[wb + U(1596)]
        a4 = ws[wb + U(1612)]
        a5 = ws[wb + U(1628)]
        a6 = ws[wb + U(1644)]
        a7 = ws[wb + U(1660)]
        b0 = xs[xb + U(396)]
        b1 = xs[xb + U(404)]
        b2 = xs[xb + U(412)]
        b3 = xs[xb + U(420)]
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
        a0 = ws[wb + U(1677)]
        a1 = ws[wb + U(1693)]
        a2 = ws[wb + U(1709)]
        a3 = ws[wb + U(1725)]
        a4 = ws[wb + U(1741)]
        a5 = ws[wb + U(1757)]
        a6 = ws[wb + U(1773)]
        a7 = ws[wb + U(1789)]
        b0 = xs[xb + U(429)]
        b1 = xs[xb + U(437)]
        b2 = xs[xb + U(445)]
        b3 = xs[xb + U(453)]
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
        a0 = ws[wb + U(1806)]
        a1 = ws[wb + U(1822)]
        a2 = ws[wb + U(1838)]
        a3 = ws[wb + U(1854)]
        a4 = ws[wb + U(1870)]
        a5 = ws[wb + U(1886)]
        a6 = ws[wb + U(1902)]
        a7 = ws[wb + U(1918)]
        b0 = xs[xb + U(462)]
        b1 = xs[xb + U(470)]
        b2 = xs[xb + U(478)]
        b3 = xs[xb + U(486)]
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
        a0 = ws[wb + U(1935)]
        a1 = ws[wb + U(1951)]
        a2 = ws[wb + U(1967)]
        a3 = ws[wb + U(1983)]
        a4 = ws[wb + U(1999)]
        a5 = ws[wb + U(2015)]
        a6 = ws[wb + U(2031)]
        a7 = ws[wb + U(2047)]
        b0 = xs[xb + U(495)]
        b1 = xs[xb + U(503)]
        b2 = xs[xb + U(511)]
        b3 = xs[xb + U(519)]
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
            ws[(U(1) - cur) * U(2064) + ws_at + U(0)] = pw0
            ws[(U(1) - cur) * U(2064) + ws_at + U(8)] = pw1
            ws[(U(1) - cur) * U(2064) + ws_at + U(16)] = pw2
            ws[(U(1) - cur) * U(2064) + ws_at + U(24)] = pw3
            ws[(U(1) - cur) * U(2064) + ws_at + U(32)] = pw4
            ws[(U(1) - cur) * U(2064) + ws_at + U(40)] = pw5
            ws[(U(1) - cur) * U(2064) + ws_at + U(48)] = pw6
            ws[(U(1) - cur) * U(2064) + ws_at + U(56)] = pw7
            ws[(U(1) - cur) * U(2064) + ws_at + U(64)] = pw8
            ws[(U(1) - cur) * U(2064) + ws_at + U(72)] = pw9
            ws[(U(1) - cur) * U(2064) + ws_at + U(80)] = pw10
            ws[(U(1) - cur) * U(2064) + ws_at + U(88)] = pw11
            ws[(U(1) - cur) * U(2064) + ws_at + U(96)] = pw12
            ws[(U(1) - cur) * U(2064) + ws_at + U(104)] = pw13
            ws[(U(1) - cur) * U(2064) + ws_at + U(112)] = pw14
            ws[(U(1) - cur) * U(2064) + ws_at + U(120)] = pw15
            xs[(U(1) - cur) * U(528) + xs_at + U(0)] = px0
            xs[(U(1) - cur) * U(528) + xs_at + U(8)] = px1
            xs[(U(1) - cur) * U(528) + xs_at + U(16)] = px2
            xs[(U(1) - cur) * U(528) + xs_at + U(24)] = px3
        cuda.syncthreads()
        cur = U(1) - cur
    whole = cuda.gridDim.z == 1
    k = k0 + ty + 0
    if k < O:
        bias = b[k]
        p = p0 + tx + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_0
        p = p0 + tx + 8
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_1
        p = p0 + tx + 16
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_2
        p = p0 + tx + 24
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_3
    k = k0 + ty + 16
    if k < O:
        bias = b[k]
        p = p0 + tx + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_0
        p = p0 + tx + 8
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_1
        p = p0 + tx + 16
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_2
        p = p0 + tx + 24
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_3
    k = k0 + ty + 32
    if k < O:
        bias = b[k]
        p = p0 + tx + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_2_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_2_0
        p = p0 + tx + 8
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_2_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_2_1
        p = p0 + tx + 16
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_2_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_2_2
        p = p0 + tx + 24
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_2_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_2_3
    k = k0 + ty + 48
    if k < O:
        bias = b[k]
        p = p0 + tx + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_3_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_3_0
        p = p0 + tx + 8
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_3_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_3_1
        p = p0 + tx + 16
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_3_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_3_2
        p = p0 + tx + 24
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_3_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_3_3
    k = k0 + ty + 64
    if k < O:
        bias = b[k]
        p = p0 + tx + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_4_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_4_0
        p = p0 + tx + 8
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_4_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_4_1
        p = p0 + tx + 16
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_4_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_4_2
        p = p0 + tx + 24
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_4_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_4_3
    k = k0 + ty + 80
    if k < O:
        bias = b[k]
        p = p0 + tx + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_5_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_5_0
        p = p0 + tx + 8
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_5_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_5_1
        p = p0 + tx + 16
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_5_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_5_2
        p = p0 + tx + 24
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_5_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_5_3
    k = k0 + ty + 96
    if k < O:
        bias = b[k]
        p = p0 + tx + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_6_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_6_0
        p = p0 + tx + 8
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_6_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_6_1
        p = p0 + tx + 16
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_6_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_6_2
        p = p0 + tx + 24
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_6_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_6_3
    k = k0 + ty + 112
    if k < O:
        bias = b[k]
        p = p0 + tx + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_7_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_7_0
        p = p0 + tx + 8
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_7_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_7_1
        p = p0 + tx + 16
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_7_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_7_2
        p = p0 + tx + 24
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
    ws_at = U(wr * 9 + wrow)
    p = p0 + (tid + 0) % 16
    n = p // P
    p -= n * P
    iy0 = (p // OW) * stride_h - pad_top if n < NP // P else -(1 << 40)
    ix0 = (p % OW) * stride_w - pad_left
    xo0 = (n * Cin + cbase) * H * W + iy0 * W + ix0
    xr0 = (tid + 0) // 16
    xr1 = (tid + 16) // 16
    xr2 = (tid + 32) // 16
    xr3 = (tid + 48) // 16
    xr4 = (tid + 64) // 16
    xr5 = (tid + 80) // 16
    xr6 = (tid + 96) // 16
    xr7 = (tid + 112) // 16
    xr8 = (tid + 128) // 16
    xr9 = (tid + 144) // 16
    xr10 = (tid + 160) // 16
    xr11 = (tid + 176) // 16
    xr12 = (tid + 192) // 16
    xr13 = (tid + 208) // 16
    xr14 = (tid + 224) // 16
    xr15 = (tid + 240) // 16
    ws = cuda.shared.array(288, float32)  # two buffers: (TR, TKP) weights each
    xs = cuda.shared.array(512, float32)  # two buffers: (TR, TP) input pixels each
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
    px4 = float32(0)
    r = 0 + xr4
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px4 = x1[U(xo0 + (tap >> 32))]
    px5 = float32(0)
    r = 0 + xr5
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px5 = x1[U(xo0 + (tap >> 32))]
    px6 = float32(0)
    r = 0 + xr6
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px6 = x1[U(xo0 + (tap >> 32))]
    px7 = float32(0)
    r = 0 + xr7
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px7 = x1[U(xo0 + (tap >> 32))]
    px8 = float32(0)
    r = 0 + xr8
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px8 = x1[U(xo0 + (tap >> 32))]
    px9 = float32(0)
    r = 0 + xr9
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px9 = x1[U(xo0 + (tap >> 32))]
    px10 = float32(0)
    r = 0 + xr10
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px10 = x1[U(xo0 + (tap >> 32))]
    px11 = float32(0)
    r = 0 + xr11
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px11 = x1[U(xo0 + (tap >> 32))]
    px12 = float32(0)
    r = 0 + xr12
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px12 = x1[U(xo0 + (tap >> 32))]
    px13 = float32(0)
    r = 0 + xr13
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px13 = x1[U(xo0 + (tap >> 32))]
    px14 = float32(0)
    r = 0 + xr14
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px14 = x1[U(xo0 + (tap >> 32))]
    px15 = float32(0)
    r = 0 + xr15
    if r < R:
        tap = taps[U(r)]
        if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
            px15 = x1[U(xo0 + (tap >> 32))]
    ws[U(0) * U(144) + ws_at + U(0)] = pw0
    ws[U(0) * U(144) + ws_at + U(1)] = pw1
    ws[U(0) * U(144) + ws_at + U(2)] = pw2
    ws[U(0) * U(144) + ws_at + U(3)] = pw3
    ws[U(0) * U(144) + ws_at + U(4)] = pw4
    ws[U(0) * U(144) + ws_at + U(5)] = pw5
    ws[U(0) * U(144) + ws_at + U(6)] = pw6
    ws[U(0) * U(144) + ws_at + U(7)] = pw7
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
            px4 = float32(0)
            r = r0 + 16 + xr4
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px4 = x1[U(xo0 + (tap >> 32))]
            px5 = float32(0)
            r = r0 + 16 + xr5
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px5 = x1[U(xo0 + (tap >> 32))]
            px6 = float32(0)
            r = r0 + 16 + xr6
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px6 = x1[U(xo0 + (tap >> 32))]
            px7 = float32(0)
            r = r0 + 16 + xr7
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px7 = x1[U(xo0 + (tap >> 32))]
            px8 = float32(0)
            r = r0 + 16 + xr8
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px8 = x1[U(xo0 + (tap >> 32))]
            px9 = float32(0)
            r = r0 + 16 + xr9
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px9 = x1[U(xo0 + (tap >> 32))]
            px10 = float32(0)
            r = r0 + 16 + xr10
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px10 = x1[U(xo0 + (tap >> 32))]
            px11 = float32(0)
            r = r0 + 16 + xr11
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px11 = x1[U(xo0 + (tap >> 32))]
            px12 = float32(0)
            r = r0 + 16 + xr12
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px12 = x1[U(xo0 + (tap >> 32))]
            px13 = float32(0)
            r = r0 + 16 + xr13
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px13 = x1[U(xo0 + (tap >> 32))]
            px14 = float32(0)
            r = r0 + 16 + xr14
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px14 = x1[U(xo0 + (tap >> 32))]
            px15 = float32(0)
            r = r0 + 16 + xr15
            if r < R:
                tap = taps[U(r)]
                if U(iy0 + ((tap >> 16) & 0xFFFF)) < uH and U(ix0 + (tap & 0xFFFF)) < uW:
                    px15 = x1[U(xo0 + (tap >> 32))]
        wb = cur * U(144) + U(ty)
        xb = cur * U(256) + U(tx)
        a0 = ws[wb + U(0)]
        a1 = ws[wb + U(4)]
        b0 = xs[xb + U(0)]
        b1 = xs[xb + U(4)]
        b2 = xs[xb + U(8)]
        b3 = xs[xb + U(12)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(9)]
        a1 = ws[wb + U(13)]
        b0 = xs[xb + U(16)]
        b1 = xs[xb + U(20)]
        b2 = xs[xb + U(24)]
        b3 = xs[xb + U(28)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(18)]
        a1 = ws[wb + U(22)]
        b0 = xs[xb + U(32)]
        b1 = xs[xb + U(36)]
        b2 = xs[xb + U(40)]
        b3 = xs[xb + U(44)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(27)]
        a1 = ws[wb + U(31)]
        b0 = xs[xb + U(48)]
        b1 = xs[xb + U(52)]
        b2 = xs[xb + U(56)]
        b3 = xs[xb + U(60)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(36)]
        a1 = ws[wb + U(40)]
        b0 = xs[xb + U(64)]
        b1 = xs[xb + U(68)]
        b2 = xs[xb + U(72)]
        b3 = xs[xb + U(76)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(45)]
        a1 = ws[wb + U(49)]
        b0 = xs[xb + U(80)]
        b1 = xs[xb + U(84)]
        b2 = xs[xb + U(88)]
        b3 = xs[xb + U(92)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(54)]
        a1 = ws[wb + U(58)]
        b0 = xs[xb + U(96)]
        b1 = xs[xb + U(100)]
        b2 = xs[xb + U(104)]
        b3 = xs[xb + U(108)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(63)]
        a1 = ws[wb + U(67)]
        b0 = xs[xb + U(112)]
        b1 = xs[xb + U(116)]
        b2 = xs[xb + U(120)]
        b3 = xs[xb + U(124)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(72)]
        a1 = ws[wb + U(76)]
        b0 = xs[xb + U(128)]
        b1 = xs[xb + U(132)]
        b2 = xs[xb + U(136)]
        b3 = xs[xb + U(140)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(81)]
        a1 = ws[wb + U(85)]
        b0 = xs[xb + U(144)]
        b1 = xs[xb + U(148)]
        b2 = xs[xb + U(152)]
        b3 = xs[xb + U(156)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(90)]
        a1 = ws[wb + U(94)]
        b0 = xs[xb + U(160)]
        b1 = xs[xb + U(164)]
        b2 = xs[xb + U(168)]
        b3 = xs[xb + U(172)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(99)]
        a1 = ws[wb + U(103)]
        b0 = xs[xb + U(176)]
        b1 = xs[xb + U(180)]
        b2 = xs[xb + U(184)]
        b3 = xs[xb + U(188)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(108)]
        a1 = ws[wb + U(112)]
        b0 = xs[xb + U(192)]
        b1 = xs[xb + U(196)]
        b2 = xs[xb + U(200)]
        b3 = xs[xb + U(204)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(117)]
        a1 = ws[wb + U(121)]
        b0 = xs[xb + U(208)]
        b1 = xs[xb + U(212)]
        b2 = xs[xb + U(216)]
        b3 = xs[xb + U(220)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(126)]
        a1 = ws[wb + U(130)]
        b0 = xs[xb + U(224)]
        b1 = xs[xb + U(228)]
        b2 = xs[xb + U(232)]
        b3 = xs[xb + U(236)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(135)]
        a1 = ws[wb + U(139)]
        b0 = xs[xb + U(240)]
        b1 = xs[xb + U(244)]
        b2 = xs[xb + U(248)]
        b3 = xs[xb + U(252)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        if more:
            ws[(U(1) - cur) * U(144) + ws_at + U(0)] = pw0
            ws[(U(1) - cur) * U(144) + ws_at + U(1)] = pw1
            ws[(U(1) - cur) * U(144) + ws_at + U(2)] = pw2
            ws[(U(1) - cur) * U(144) + ws_at + U(3)] = pw3
            ws[(U(1) - cur) * U(144) + ws_at + U(4)] = pw4
            ws[(U(1) - cur) * U(144) + ws_at + U(5)] = pw5
            ws[(U(1) - cur) * U(144) + ws_at + U(6)] = pw6
            ws[(U(1) - cur) * U(144) + ws_at + U(7)] = pw7
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
    p = p0 + tx + 0
    n = p // P
    oc0 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx + 4
    n = p // P
    oc1 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx + 8
    n = p // P
    oc2 = (n * K + kbase) * P + p - n * P if p < NP else -1
    p = p0 + tx + 12
    n = p // P
    oc3 = (n * K + kbase) * P + p - n * P if p < NP else -1
    k = k0 + ty + 0
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
    k = k0 + ty + 4
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
    ws_at = U(r * 9 + row)
    xs_at = U(r * 17 + row)
    ws = cuda.shared.array(288, float32)  # two buffers: (TR, TKP) weights each
    xs = cuda.shared.array(544, float32)  # two buffers: (TR, TPP) inputs each
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
    ws[U(0) * U(144) + ws_at + U(0)] = pw0
    ws[U(0) * U(144) + ws_at + U(1)] = pw1
    ws[U(0) * U(144) + ws_at + U(2)] = pw2
    ws[U(0) * U(144) + ws_at + U(3)] = pw3
    ws[U(0) * U(144) + ws_at + U(4)] = pw4
    ws[U(0) * U(144) + ws_at + U(5)] = pw5
    ws[U(0) * U(144) + ws_at + U(6)] = pw6
    ws[U(0) * U(144) + ws_at + U(7)] = pw7
    xs[U(0) * U(272) + xs_at + U(0)] = px0
    xs[U(0) * U(272) + xs_at + U(1)] = px1
    xs[U(0) * U(272) + xs_at + U(2)] = px2
    xs[U(0) * U(272) + xs_at + U(3)] = px3
    xs[U(0) * U(272) + xs_at + U(4)] = px4
    xs[U(0) * U(272) + xs_at + U(5)] = px5
    xs[U(0) * U(272) + xs_at + U(6)] = px6
    xs[U(0) * U(272) + xs_at + U(7)] = px7
    xs[U(0) * U(272) + xs_at + U(8)] = px8
    xs[U(0) * U(272) + xs_at + U(9)] = px9
    xs[U(0) * U(272) + xs_at + U(10)] = px10
    xs[U(0) * U(272) + xs_at + U(11)] = px11
    xs[U(0) * U(272) + xs_at + U(12)] = px12
    xs[U(0) * U(272) + xs_at + U(13)] = px13
    xs[U(0) * U(272) + xs_at + U(14)] = px14
    xs[U(0) * U(272) + xs_at + U(15)] = px15
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
        wb = cur * U(144) + U(ty)
        xb = cur * U(272) + U(tx)
        a0 = ws[wb + U(0)]
        a1 = ws[wb + U(4)]
        b0 = xs[xb + U(0)]
        b1 = xs[xb + U(4)]
        b2 = xs[xb + U(8)]
        b3 = xs[xb + U(12)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(9)]
        a1 = ws[wb + U(13)]
        b0 = xs[xb + U(17)]
        b1 = xs[xb + U(21)]
        b2 = xs[xb + U(25)]
        b3 = xs[xb + U(29)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(18)]
        a1 = ws[wb + U(22)]
        b0 = xs[xb + U(34)]
        b1 = xs[xb + U(38)]
        b2 = xs[xb + U(42)]
        b3 = xs[xb + U(46)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(27)]
        a1 = ws[wb + U(31)]
        b0 = xs[xb + U(51)]
        b1 = xs[xb + U(55)]
        b2 = xs[xb + U(59)]
        b3 = xs[xb + U(63)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(36)]
        a1 = ws[wb + U(40)]
        b0 = xs[xb + U(68)]
        b1 = xs[xb + U(72)]
        b2 = xs[xb + U(76)]
        b3 = xs[xb + U(80)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(45)]
        a1 = ws[wb + U(49)]
        b0 = xs[xb + U(85)]
        b1 = xs[xb + U(89)]
        b2 = xs[xb + U(93)]
        b3 = xs[xb + U(97)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(54)]
        a1 = ws[wb + U(58)]
        b0 = xs[xb + U(102)]
        b1 = xs[xb + U(106)]
        b2 = xs[xb + U(110)]
        b3 = xs[xb + U(114)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(63)]
        a1 = ws[wb + U(67)]
        b0 = xs[xb + U(119)]
        b1 = xs[xb + U(123)]
        b2 = xs[xb + U(127)]
        b3 = xs[xb + U(131)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(72)]
        a1 = ws[wb + U(76)]
        b0 = xs[xb + U(136)]
        b1 = xs[xb + U(140)]
        b2 = xs[xb + U(144)]
        b3 = xs[xb + U(148)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(81)]
        a1 = ws[wb + U(85)]
        b0 = xs[xb + U(153)]
        b1 = xs[xb + U(157)]
        b2 = xs[xb + U(161)]
        b3 = xs[xb + U(165)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(90)]
        a1 = ws[wb + U(94)]
        b0 = xs[xb + U(170)]
        b1 = xs[xb + U(174)]
        b2 = xs[xb + U(178)]
        b3 = xs[xb + U(182)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(99)]
        a1 = ws[wb + U(103)]
        b0 = xs[xb + U(187)]
        b1 = xs[xb + U(191)]
        b2 = xs[xb + U(195)]
        b3 = xs[xb + U(199)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(108)]
        a1 = ws[wb + U(112)]
        b0 = xs[xb + U(204)]
        b1 = xs[xb + U(208)]
        b2 = xs[xb + U(212)]
        b3 = xs[xb + U(216)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(117)]
        a1 = ws[wb + U(121)]
        b0 = xs[xb + U(221)]
        b1 = xs[xb + U(225)]
        b2 = xs[xb + U(229)]
        b3 = xs[xb + U(233)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(126)]
        a1 = ws[wb + U(130)]
        b0 = xs[xb + U(238)]
        b1 = xs[xb + U(242)]
        b2 = xs[xb + U(246)]
        b3 = xs[xb + U(250)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        a0 = ws[wb + U(135)]
        a1 = ws[wb + U(139)]
        b0 = xs[xb + U(255)]
        b1 = xs[xb + U(259)]
        b2 = xs[xb + U(263)]
        b3 = xs[xb + U(267)]
        acc_0_0 += a0 * b0
        acc_0_1 += a0 * b1
        acc_0_2 += a0 * b2
        acc_0_3 += a0 * b3
        acc_1_0 += a1 * b0
        acc_1_1 += a1 * b1
        acc_1_2 += a1 * b2
        acc_1_3 += a1 * b3
        if more:
            ws[(U(1) - cur) * U(144) + ws_at + U(0)] = pw0
            ws[(U(1) - cur) * U(144) + ws_at + U(1)] = pw1
            ws[(U(1) - cur) * U(144) + ws_at + U(2)] = pw2
            ws[(U(1) - cur) * U(144) + ws_at + U(3)] = pw3
            ws[(U(1) - cur) * U(144) + ws_at + U(4)] = pw4
            ws[(U(1) - cur) * U(144) + ws_at + U(5)] = pw5
            ws[(U(1) - cur) * U(144) + ws_at + U(6)] = pw6
            ws[(U(1) - cur) * U(144) + ws_at + U(7)] = pw7
            xs[(U(1) - cur) * U(272) + xs_at + U(0)] = px0
            xs[(U(1) - cur) * U(272) + xs_at + U(1)] = px1
            xs[(U(1) - cur) * U(272) + xs_at + U(2)] = px2
            xs[(U(1) - cur) * U(272) + xs_at + U(3)] = px3
            xs[(U(1) - cur) * U(272) + xs_at + U(4)] = px4
            xs[(U(1) - cur) * U(272) + xs_at + U(5)] = px5
            xs[(U(1) - cur) * U(272) + xs_at + U(6)] = px6
            xs[(U(1) - cur) * U(272) + xs_at + U(7)] = px7
            xs[(U(1) - cur) * U(272) + xs_at + U(8)] = px8
            xs[(U(1) - cur) * U(272) + xs_at + U(9)] = px9
            xs[(U(1) - cur) * U(272) + xs_at + U(10)] = px10
            xs[(U(1) - cur) * U(272) + xs_at + U(11)] = px11
            xs[(U(1) - cur) * U(272) + xs_at + U(12)] = px12
            xs[(U(1) - cur) * U(272) + xs_at + U(13)] = px13
            xs[(U(1) - cur) * U(272) + xs_at + U(14)] = px14
            xs[(U(1) - cur) * U(272) + xs_at + U(15)] = px15
        cuda.syncthreads()
        cur = U(1) - cur
    whole = cuda.gridDim.z == 1
    k = k0 + ty + 0
    if k < O:
        bias = b[k]
        p = p0 + tx + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_0
        p = p0 + tx + 4
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_1
        p = p0 + tx + 8
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_2
        p = p0 + tx + 12
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_0_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_0_3
    k = k0 + ty + 4
    if k < O:
        bias = b[k]
        p = p0 + tx + 0
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_0 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_0
        p = p0 + tx + 4
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_1 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_1
        p = p0 + tx + 8
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_2 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_2
        p = p0 + tx + 12
        if p < M:
            if whole:
                out1[U(p * O + k)] = activate(acc_1_3 + bias, act)
            else:
                out1[U((z * M + p) * O + k)] = acc_1_3
