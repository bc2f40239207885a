# GENERATED FILE - DO NOT EDIT.
# Written by engine/kernels/gen_conv2d_tiles.py (run: python engine/kernels/gen_conv2d_tiles.py).
"""Register-tiled direct 2-D convolution (float32, NCHW) for CPUs, in Numba.

Public interface:
    pack_conv2d_weights(w, groups) -> wpack
    conv2d_tiles_forward(xp, wpack, b, out, stride_h, stride_w, dil_h, dil_w, activation)
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

_FM = {"contract", "nnan", "ninf", "nsz", "arcp", "afn"}  # no "reassoc" (see PERF-NOTES)
TILE_K = 8
TILE_Q = 32
ACT_NONE, ACT_RELU, ACT_TANH, ACT_SIGMOID = 0, 1, 2, 3
# below this many MACs per call the serial driver is used (a prange launch costs ~2 us)
_SERIAL_MACS = 1 << 20
QCHUNK = 8          # output tiles (of 32 wide pixels) per work item
KFAST_BYTES = 1 << 19


@njit(cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')
def _tile_8x32(xf, xo, wf, wo, Cg, T, cs, tapoff, tmp):
    """tmp[i, j] = sum_{c,t} w[wo + (c*T+t)*8 + i] * x[xo + c*cs + tapoff[t] + j]."""
    a0_0 = np.float32(0.0); a0_1 = np.float32(0.0); a0_2 = np.float32(0.0); a0_3 = np.float32(0.0); a0_4 = np.float32(0.0); a0_5 = np.float32(0.0); a0_6 = np.float32(0.0); a0_7 = np.float32(0.0); a0_8 = np.float32(0.0); a0_9 = np.float32(0.0); a0_10 = np.float32(0.0); a0_11 = np.float32(0.0); a0_12 = np.float32(0.0); a0_13 = np.float32(0.0); a0_14 = np.float32(0.0); a0_15 = np.float32(0.0); a0_16 = np.float32(0.0); a0_17 = np.float32(0.0); a0_18 = np.float32(0.0); a0_19 = np.float32(0.0); a0_20 = np.float32(0.0); a0_21 = np.float32(0.0); a0_22 = np.float32(0.0); a0_23 = np.float32(0.0); a0_24 = np.float32(0.0); a0_25 = np.float32(0.0); a0_26 = np.float32(0.0); a0_27 = np.float32(0.0); a0_28 = np.float32(0.0); a0_29 = np.float32(0.0); a0_30 = np.float32(0.0); a0_31 = np.float32(0.0)
    a1_0 = np.float32(0.0); a1_1 = np.float32(0.0); a1_2 = np.float32(0.0); a1_3 = np.float32(0.0); a1_4 = np.float32(0.0); a1_5 = np.float32(0.0); a1_6 = np.float32(0.0); a1_7 = np.float32(0.0); a1_8 = np.float32(0.0); a1_9 = np.float32(0.0); a1_10 = np.float32(0.0); a1_11 = np.float32(0.0); a1_12 = np.float32(0.0); a1_13 = np.float32(0.0); a1_14 = np.float32(0.0); a1_15 = np.float32(0.0); a1_16 = np.float32(0.0); a1_17 = np.float32(0.0); a1_18 = np.float32(0.0); a1_19 = np.float32(0.0); a1_20 = np.float32(0.0); a1_21 = np.float32(0.0); a1_22 = np.float32(0.0); a1_23 = np.float32(0.0); a1_24 = np.float32(0.0); a1_25 = np.float32(0.0); a1_26 = np.float32(0.0); a1_27 = np.float32(0.0); a1_28 = np.float32(0.0); a1_29 = np.float32(0.0); a1_30 = np.float32(0.0); a1_31 = np.float32(0.0)
    a2_0 = np.float32(0.0); a2_1 = np.float32(0.0); a2_2 = np.float32(0.0); a2_3 = np.float32(0.0); a2_4 = np.float32(0.0); a2_5 = np.float32(0.0); a2_6 = np.float32(0.0); a2_7 = np.float32(0.0); a2_8 = np.float32(0.0); a2_9 = np.float32(0.0); a2_10 = np.float32(0.0); a2_11 = np.float32(0.0); a2_12 = np.float32(0.0); a2_13 = np.float32(0.0); a2_14 = np.float32(0.0); a2_15 = np.float32(0.0); a2_16 = np.float32(0.0); a2_17 = np.float32(0.0); a2_18 = np.float32(0.0); a2_19 = np.float32(0.0); a2_20 = np.float32(0.0); a2_21 = np.float32(0.0); a2_22 = np.float32(0.0); a2_23 = np.float32(0.0); a2_24 = np.float32(0.0); a2_25 = np.float32(0.0); a2_26 = np.float32(0.0); a2_27 = np.float32(0.0); a2_28 = np.float32(0.0); a2_29 = np.float32(0.0); a2_30 = np.float32(0.0); a2_31 = np.float32(0.0)
    a3_0 = np.float32(0.0); a3_1 = np.float32(0.0); a3_2 = np.float32(0.0); a3_3 = np.float32(0.0); a3_4 = np.float32(0.0); a3_5 = np.float32(0.0); a3_6 = np.float32(0.0); a3_7 = np.float32(0.0); a3_8 = np.float32(0.0); a3_9 = np.float32(0.0); a3_10 = np.float32(0.0); a3_11 = np.float32(0.0); a3_12 = np.float32(0.0); a3_13 = np.float32(0.0); a3_14 = np.float32(0.0); a3_15 = np.float32(0.0); a3_16 = np.float32(0.0); a3_17 = np.float32(0.0); a3_18 = np.float32(0.0); a3_19 = np.float32(0.0); a3_20 = np.float32(0.0); a3_21 = np.float32(0.0); a3_22 = np.float32(0.0); a3_23 = np.float32(0.0); a3_24 = np.float32(0.0); a3_25 = np.float32(0.0); a3_26 = np.float32(0.0); a3_27 = np.float32(0.0); a3_28 = np.float32(0.0); a3_29 = np.float32(0.0); a3_30 = np.float32(0.0); a3_31 = np.float32(0.0)
    a4_0 = np.float32(0.0); a4_1 = np.float32(0.0); a4_2 = np.float32(0.0); a4_3 = np.float32(0.0); a4_4 = np.float32(0.0); a4_5 = np.float32(0.0); a4_6 = np.float32(0.0); a4_7 = np.float32(0.0); a4_8 = np.float32(0.0); a4_9 = np.float32(0.0); a4_10 = np.float32(0.0); a4_11 = np.float32(0.0); a4_12 = np.float32(0.0); a4_13 = np.float32(0.0); a4_14 = np.float32(0.0); a4_15 = np.float32(0.0); a4_16 = np.float32(0.0); a4_17 = np.float32(0.0); a4_18 = np.float32(0.0); a4_19 = np.float32(0.0); a4_20 = np.float32(0.0); a4_21 = np.float32(0.0); a4_22 = np.float32(0.0); a4_23 = np.float32(0.0); a4_24 = np.float32(0.0); a4_25 = np.float32(0.0); a4_26 = np.float32(0.0); a4_27 = np.float32(0.0); a4_28 = np.float32(0.0); a4_29 = np.float32(0.0); a4_30 = np.float32(0.0); a4_31 = np.float32(0.0)
    a5_0 = np.float32(0.0); a5_1 = np.float32(0.0); a5_2 = np.float32(0.0); a5_3 = np.float32(0.0); a5_4 = np.float32(0.0); a5_5 = np.float32(0.0); a5_6 = np.float32(0.0); a5_7 = np.float32(0.0); a5_8 = np.float32(0.0); a5_9 = np.float32(0.0); a5_10 = np.float32(0.0); a5_11 = np.float32(0.0); a5_12 = np.float32(0.0); a5_13 = np.float32(0.0); a5_14 = np.float32(0.0); a5_15 = np.float32(0.0); a5_16 = np.float32(0.0); a5_17 = np.float32(0.0); a5_18 = np.float32(0.0); a5_19 = np.float32(0.0); a5_20 = np.float32(0.0); a5_21 = np.float32(0.0); a5_22 = np.float32(0.0); a5_23 = np.float32(0.0); a5_24 = np.float32(0.0); a5_25 = np.float32(0.0); a5_26 = np.float32(0.0); a5_27 = np.float32(0.0); a5_28 = np.float32(0.0); a5_29 = np.float32(0.0); a5_30 = np.float32(0.0); a5_31 = np.float32(0.0)
    a6_0 = np.float32(0.0); a6_1 = np.float32(0.0); a6_2 = np.float32(0.0); a6_3 = np.float32(0.0); a6_4 = np.float32(0.0); a6_5 = np.float32(0.0); a6_6 = np.float32(0.0); a6_7 = np.float32(0.0); a6_8 = np.float32(0.0); a6_9 = np.float32(0.0); a6_10 = np.float32(0.0); a6_11 = np.float32(0.0); a6_12 = np.float32(0.0); a6_13 = np.float32(0.0); a6_14 = np.float32(0.0); a6_15 = np.float32(0.0); a6_16 = np.float32(0.0); a6_17 = np.float32(0.0); a6_18 = np.float32(0.0); a6_19 = np.float32(0.0); a6_20 = np.float32(0.0); a6_21 = np.float32(0.0); a6_22 = np.float32(0.0); a6_23 = np.float32(0.0); a6_24 = np.float32(0.0); a6_25 = np.float32(0.0); a6_26 = np.float32(0.0); a6_27 = np.float32(0.0); a6_28 = np.float32(0.0); a6_29 = np.float32(0.0); a6_30 = np.float32(0.0); a6_31 = np.float32(0.0)
    a7_0 = np.float32(0.0); a7_1 = np.float32(0.0); a7_2 = np.float32(0.0); a7_3 = np.float32(0.0); a7_4 = np.float32(0.0); a7_5 = np.float32(0.0); a7_6 = np.float32(0.0); a7_7 = np.float32(0.0); a7_8 = np.float32(0.0); a7_9 = np.float32(0.0); a7_10 = np.float32(0.0); a7_11 = np.float32(0.0); a7_12 = np.float32(0.0); a7_13 = np.float32(0.0); a7_14 = np.float32(0.0); a7_15 = np.float32(0.0); a7_16 = np.float32(0.0); a7_17 = np.float32(0.0); a7_18 = np.float32(0.0); a7_19 = np.float32(0.0); a7_20 = np.float32(0.0); a7_21 = np.float32(0.0); a7_22 = np.float32(0.0); a7_23 = np.float32(0.0); a7_24 = np.float32(0.0); a7_25 = np.float32(0.0); a7_26 = np.float32(0.0); a7_27 = np.float32(0.0); a7_28 = np.float32(0.0); a7_29 = np.float32(0.0); a7_30 = np.float32(0.0); a7_31 = np.float32(0.0)
    for c in range(Cg):
        xc = xo + c * cs
        wc = wo + c * T * 8
        for t in range(T):
            p = xc + tapoff[t]
            xv = xf[p:p + 32]
            r = wc + t * 8
            wv = wf[r:r + 8]
            w0 = wv[0]; w1 = wv[1]; w2 = wv[2]; w3 = wv[3]; w4 = wv[4]; w5 = wv[5]; w6 = wv[6]; w7 = wv[7]
            x0 = xv[0]; x1 = xv[1]; x2 = xv[2]; x3 = xv[3]; x4 = xv[4]; x5 = xv[5]; x6 = xv[6]; x7 = xv[7]
            x8 = xv[8]; x9 = xv[9]; x10 = xv[10]; x11 = xv[11]; x12 = xv[12]; x13 = xv[13]; x14 = xv[14]; x15 = xv[15]
            x16 = xv[16]; x17 = xv[17]; x18 = xv[18]; x19 = xv[19]; x20 = xv[20]; x21 = xv[21]; x22 = xv[22]; x23 = xv[23]
            x24 = xv[24]; x25 = xv[25]; x26 = xv[26]; x27 = xv[27]; x28 = xv[28]; x29 = xv[29]; x30 = xv[30]; x31 = xv[31]
            a0_0 += w0 * x0; a0_1 += w0 * x1; a0_2 += w0 * x2; a0_3 += w0 * x3; a0_4 += w0 * x4; a0_5 += w0 * x5; a0_6 += w0 * x6; a0_7 += w0 * x7
            a0_8 += w0 * x8; a0_9 += w0 * x9; a0_10 += w0 * x10; a0_11 += w0 * x11; a0_12 += w0 * x12; a0_13 += w0 * x13; a0_14 += w0 * x14; a0_15 += w0 * x15
            a0_16 += w0 * x16; a0_17 += w0 * x17; a0_18 += w0 * x18; a0_19 += w0 * x19; a0_20 += w0 * x20; a0_21 += w0 * x21; a0_22 += w0 * x22; a0_23 += w0 * x23
            a0_24 += w0 * x24; a0_25 += w0 * x25; a0_26 += w0 * x26; a0_27 += w0 * x27; a0_28 += w0 * x28; a0_29 += w0 * x29; a0_30 += w0 * x30; a0_31 += w0 * x31
            a1_0 += w1 * x0; a1_1 += w1 * x1; a1_2 += w1 * x2; a1_3 += w1 * x3; a1_4 += w1 * x4; a1_5 += w1 * x5; a1_6 += w1 * x6; a1_7 += w1 * x7
            a1_8 += w1 * x8; a1_9 += w1 * x9; a1_10 += w1 * x10; a1_11 += w1 * x11; a1_12 += w1 * x12; a1_13 += w1 * x13; a1_14 += w1 * x14; a1_15 += w1 * x15
            a1_16 += w1 * x16; a1_17 += w1 * x17; a1_18 += w1 * x18; a1_19 += w1 * x19; a1_20 += w1 * x20; a1_21 += w1 * x21; a1_22 += w1 * x22; a1_23 += w1 * x23
            a1_24 += w1 * x24; a1_25 += w1 * x25; a1_26 += w1 * x26; a1_27 += w1 * x27; a1_28 += w1 * x28; a1_29 += w1 * x29; a1_30 += w1 * x30; a1_31 += w1 * x31
            a2_0 += w2 * x0; a2_1 += w2 * x1; a2_2 += w2 * x2; a2_3 += w2 * x3; a2_4 += w2 * x4; a2_5 += w2 * x5; a2_6 += w2 * x6; a2_7 += w2 * x7
            a2_8 += w2 * x8; a2_9 += w2 * x9; a2_10 += w2 * x10; a2_11 += w2 * x11; a2_12 += w2 * x12; a2_13 += w2 * x13; a2_14 += w2 * x14; a2_15 += w2 * x15
            a2_16 += w2 * x16; a2_17 += w2 * x17; a2_18 += w2 * x18; a2_19 += w2 * x19; a2_20 += w2 * x20; a2_21 += w2 * x21; a2_22 += w2 * x22; a2_23 += w2 * x23
            a2_24 += w2 * x24; a2_25 += w2 * x25; a2_26 += w2 * x26; a2_27 += w2 * x27; a2_28 += w2 * x28; a2_29 += w2 * x29; a2_30 += w2 * x30; a2_31 += w2 * x31
            a3_0 += w3 * x0; a3_1 += w3 * x1; a3_2 += w3 * x2; a3_3 += w3 * x3; a3_4 += w3 * x4; a3_5 += w3 * x5; a3_6 += w3 * x6; a3_7 += w3 * x7
            a3_8 += w3 * x8; a3_9 += w3 * x9; a3_10 += w3 * x10; a3_11 += w3 * x11; a3_12 += w3 * x12; a3_13 += w3 * x13; a3_14 += w3 * x14; a3_15 += w3 * x15
            a3_16 += w3 * x16; a3_17 += w3 * x17; a3_18 += w3 * x18; a3_19 += w3 * x19; a3_20 += w3 * x20; a3_21 += w3 * x21; a3_22 += w3 * x22; a3_23 += w3 * x23
            a3_24 += w3 * x24; a3_25 += w3 * x25; a3_26 += w3 * x26; a3_27 += w3 * x27; a3_28 += w3 * x28; a3_29 += w3 * x29; a3_30 += w3 * x30; a3_31 += w3 * x31
            a4_0 += w4 * x0; a4_1 += w4 * x1; a4_2 += w4 * x2; a4_3 += w4 * x3; a4_4 += w4 * x4; a4_5 += w4 * x5; a4_6 += w4 * x6; a4_7 += w4 * x7
            a4_8 += w4 * x8; a4_9 += w4 * x9; a4_10 += w4 * x10; a4_11 += w4 * x11; a4_12 += w4 * x12; a4_13 += w4 * x13; a4_14 += w4 * x14; a4_15 += w4 * x15
            a4_16 += w4 * x16; a4_17 += w4 * x17; a4_18 += w4 * x18; a4_19 += w4 * x19; a4_20 += w4 * x20; a4_21 += w4 * x21; a4_22 += w4 * x22; a4_23 += w4 * x23
            a4_24 += w4 * x24; a4_25 += w4 * x25; a4_26 += w4 * x26; a4_27 += w4 * x27; a4_28 += w4 * x28; a4_29 += w4 * x29; a4_30 += w4 * x30; a4_31 += w4 * x31
            a5_0 += w5 * x0; a5_1 += w5 * x1; a5_2 += w5 * x2; a5_3 += w5 * x3; a5_4 += w5 * x4; a5_5 += w5 * x5; a5_6 += w5 * x6; a5_7 += w5 * x7
            a5_8 += w5 * x8; a5_9 += w5 * x9; a5_10 += w5 * x10; a5_11 += w5 * x11; a5_12 += w5 * x12; a5_13 += w5 * x13; a5_14 += w5 * x14; a5_15 += w5 * x15
            a5_16 += w5 * x16; a5_17 += w5 * x17; a5_18 += w5 * x18; a5_19 += w5 * x19; a5_20 += w5 * x20; a5_21 += w5 * x21; a5_22 += w5 * x22; a5_23 += w5 * x23
            a5_24 += w5 * x24; a5_25 += w5 * x25; a5_26 += w5 * x26; a5_27 += w5 * x27; a5_28 += w5 * x28; a5_29 += w5 * x29; a5_30 += w5 * x30; a5_31 += w5 * x31
            a6_0 += w6 * x0; a6_1 += w6 * x1; a6_2 += w6 * x2; a6_3 += w6 * x3; a6_4 += w6 * x4; a6_5 += w6 * x5; a6_6 += w6 * x6; a6_7 += w6 * x7
            a6_8 += w6 * x8; a6_9 += w6 * x9; a6_10 += w6 * x10; a6_11 += w6 * x11; a6_12 += w6 * x12; a6_13 += w6 * x13; a6_14 += w6 * x14; a6_15 += w6 * x15
            a6_16 += w6 * x16; a6_17 += w6 * x17; a6_18 += w6 * x18; a6_19 += w6 * x19; a6_20 += w6 * x20; a6_21 += w6 * x21; a6_22 += w6 * x22; a6_23 += w6 * x23
            a6_24 += w6 * x24; a6_25 += w6 * x25; a6_26 += w6 * x26; a6_27 += w6 * x27; a6_28 += w6 * x28; a6_29 += w6 * x29; a6_30 += w6 * x30; a6_31 += w6 * x31
            a7_0 += w7 * x0; a7_1 += w7 * x1; a7_2 += w7 * x2; a7_3 += w7 * x3; a7_4 += w7 * x4; a7_5 += w7 * x5; a7_6 += w7 * x6; a7_7 += w7 * x7
            a7_8 += w7 * x8; a7_9 += w7 * x9; a7_10 += w7 * x10; a7_11 += w7 * x11; a7_12 += w7 * x12; a7_13 += w7 * x13; a7_14 += w7 * x14; a7_15 += w7 * x15
            a7_16 += w7 * x16; a7_17 += w7 * x17; a7_18 += w7 * x18; a7_19 += w7 * x19; a7_20 += w7 * x20; a7_21 += w7 * x21; a7_22 += w7 * x22; a7_23 += w7 * x23
            a7_24 += w7 * x24; a7_25 += w7 * x25; a7_26 += w7 * x26; a7_27 += w7 * x27; a7_28 += w7 * x28; a7_29 += w7 * x29; a7_30 += w7 * x30; a7_31 += w7 * x31
    tmp[0, 0] = a0_0; tmp[0, 1] = a0_1; tmp[0, 2] = a0_2; tmp[0, 3] = a0_3; tmp[0, 4] = a0_4; tmp[0, 5] = a0_5; tmp[0, 6] = a0_6; tmp[0, 7] = a0_7
    tmp[0, 8] = a0_8; tmp[0, 9] = a0_9; tmp[0, 10] = a0_10; tmp[0, 11] = a0_11; tmp[0, 12] = a0_12; tmp[0, 13] = a0_13; tmp[0, 14] = a0_14; tmp[0, 15] = a0_15
    tmp[0, 16] = a0_16; tmp[0, 17] = a0_17; tmp[0, 18] = a0_18; tmp[0, 19] = a0_19; tmp[0, 20] = a0_20; tmp[0, 21] = a0_21; tmp[0, 22] = a0_22; tmp[0, 23] = a0_23
    tmp[0, 24] = a0_24; tmp[0, 25] = a0_25; tmp[0, 26] = a0_26; tmp[0, 27] = a0_27; tmp[0, 28] = a0_28; tmp[0, 29] = a0_29; tmp[0, 30] = a0_30; tmp[0, 31] = a0_31
    tmp[1, 0] = a1_0; tmp[1, 1] = a1_1; tmp[1, 2] = a1_2; tmp[1, 3] = a1_3; tmp[1, 4] = a1_4; tmp[1, 5] = a1_5; tmp[1, 6] = a1_6; tmp[1, 7] = a1_7
    tmp[1, 8] = a1_8; tmp[1, 9] = a1_9; tmp[1, 10] = a1_10; tmp[1, 11] = a1_11; tmp[1, 12] = a1_12; tmp[1, 13] = a1_13; tmp[1, 14] = a1_14; tmp[1, 15] = a1_15
    tmp[1, 16] = a1_16; tmp[1, 17] = a1_17; tmp[1, 18] = a1_18; tmp[1, 19] = a1_19; tmp[1, 20] = a1_20; tmp[1, 21] = a1_21; tmp[1, 22] = a1_22; tmp[1, 23] = a1_23
    tmp[1, 24] = a1_24; tmp[1, 25] = a1_25; tmp[1, 26] = a1_26; tmp[1, 27] = a1_27; tmp[1, 28] = a1_28; tmp[1, 29] = a1_29; tmp[1, 30] = a1_30; tmp[1, 31] = a1_31
    tmp[2, 0] = a2_0; tmp[2, 1] = a2_1; tmp[2, 2] = a2_2; tmp[2, 3] = a2_3; tmp[2, 4] = a2_4; tmp[2, 5] = a2_5; tmp[2, 6] = a2_6; tmp[2, 7] = a2_7
    tmp[2, 8] = a2_8; tmp[2, 9] = a2_9; tmp[2, 10] = a2_10; tmp[2, 11] = a2_11; tmp[2, 12] = a2_12; tmp[2, 13] = a2_13; tmp[2, 14] = a2_14; tmp[2, 15] = a2_15
    tmp[2, 16] = a2_16; tmp[2, 17] = a2_17; tmp[2, 18] = a2_18; tmp[2, 19] = a2_19; tmp[2, 20] = a2_20; tmp[2, 21] = a2_21; tmp[2, 22] = a2_22; tmp[2, 23] = a2_23
    tmp[2, 24] = a2_24; tmp[2, 25] = a2_25; tmp[2, 26] = a2_26; tmp[2, 27] = a2_27; tmp[2, 28] = a2_28; tmp[2, 29] = a2_29; tmp[2, 30] = a2_30; tmp[2, 31] = a2_31
    tmp[3, 0] = a3_0; tmp[3, 1] = a3_1; tmp[3, 2] = a3_2; tmp[3, 3] = a3_3; tmp[3, 4] = a3_4; tmp[3, 5] = a3_5; tmp[3, 6] = a3_6; tmp[3, 7] = a3_7
    tmp[3, 8] = a3_8; tmp[3, 9] = a3_9; tmp[3, 10] = a3_10; tmp[3, 11] = a3_11; tmp[3, 12] = a3_12; tmp[3, 13] = a3_13; tmp[3, 14] = a3_14; tmp[3, 15] = a3_15
    tmp[3, 16] = a3_16; tmp[3, 17] = a3_17; tmp[3, 18] = a3_18; tmp[3, 19] = a3_19; tmp[3, 20] = a3_20; tmp[3, 21] = a3_21; tmp[3, 22] = a3_22; tmp[3, 23] = a3_23
    tmp[3, 24] = a3_24; tmp[3, 25] = a3_25; tmp[3, 26] = a3_26; tmp[3, 27] = a3_27; tmp[3, 28] = a3_28; tmp[3, 29] = a3_29; tmp[3, 30] = a3_30; tmp[3, 31] = a3_31
    tmp[4, 0] = a4_0; tmp[4, 1] = a4_1; tmp[4, 2] = a4_2; tmp[4, 3] = a4_3; tmp[4, 4] = a4_4; tmp[4, 5] = a4_5; tmp[4, 6] = a4_6; tmp[4, 7] = a4_7
    tmp[4, 8] = a4_8; tmp[4, 9] = a4_9; tmp[4, 10] = a4_10; tmp[4, 11] = a4_11; tmp[4, 12] = a4_12; tmp[4, 13] = a4_13; tmp[4, 14] = a4_14; tmp[4, 15] = a4_15
    tmp[4, 16] = a4_16; tmp[4, 17] = a4_17; tmp[4, 18] = a4_18; tmp[4, 19] = a4_19; tmp[4, 20] = a4_20; tmp[4, 21] = a4_21; tmp[4, 22] = a4_22; tmp[4, 23] = a4_23
    tmp[4, 24] = a4_24; tmp[4, 25] = a4_25; tmp[4, 26] = a4_26; tmp[4, 27] = a4_27; tmp[4, 28] = a4_28; tmp[4, 29] = a4_29; tmp[4, 30] = a4_30; tmp[4, 31] = a4_31
    tmp[5, 0] = a5_0; tmp[5, 1] = a5_1; tmp[5, 2] = a5_2; tmp[5, 3] = a5_3; tmp[5, 4] = a5_4; tmp[5, 5] = a5_5; tmp[5, 6] = a5_6; tmp[5, 7] = a5_7
    tmp[5, 8] = a5_8; tmp[5, 9] = a5_9; tmp[5, 10] = a5_10; tmp[5, 11] = a5_11; tmp[5, 12] = a5_12; tmp[5, 13] = a5_13; tmp[5, 14] = a5_14; tmp[5, 15] = a5_15
    tmp[5, 16] = a5_16; tmp[5, 17] = a5_17; tmp[5, 18] = a5_18; tmp[5, 19] = a5_19; tmp[5, 20] = a5_20; tmp[5, 21] = a5_21; tmp[5, 22] = a5_22; tmp[5, 23] = a5_23
    tmp[5, 24] = a5_24; tmp[5, 25] = a5_25; tmp[5, 26] = a5_26; tmp[5, 27] = a5_27; tmp[5, 28] = a5_28; tmp[5, 29] = a5_29; tmp[5, 30] = a5_30; tmp[5, 31] = a5_31
    tmp[6, 0] = a6_0; tmp[6, 1] = a6_1; tmp[6, 2] = a6_2; tmp[6, 3] = a6_3; tmp[6, 4] = a6_4; tmp[6, 5] = a6_5; tmp[6, 6] = a6_6; tmp[6, 7] = a6_7
    tmp[6, 8] = a6_8; tmp[6, 9] = a6_9; tmp[6, 10] = a6_10; tmp[6, 11] = a6_11; tmp[6, 12] = a6_12; tmp[6, 13] = a6_13; tmp[6, 14] = a6_14; tmp[6, 15] = a6_15
    tmp[6, 16] = a6_16; tmp[6, 17] = a6_17; tmp[6, 18] = a6_18; tmp[6, 19] = a6_19; tmp[6, 20] = a6_20; tmp[6, 21] = a6_21; tmp[6, 22] = a6_22; tmp[6, 23] = a6_23
    tmp[6, 24] = a6_24; tmp[6, 25] = a6_25; tmp[6, 26] = a6_26; tmp[6, 27] = a6_27; tmp[6, 28] = a6_28; tmp[6, 29] = a6_29; tmp[6, 30] = a6_30; tmp[6, 31] = a6_31
    tmp[7, 0] = a7_0; tmp[7, 1] = a7_1; tmp[7, 2] = a7_2; tmp[7, 3] = a7_3; tmp[7, 4] = a7_4; tmp[7, 5] = a7_5; tmp[7, 6] = a7_6; tmp[7, 7] = a7_7
    tmp[7, 8] = a7_8; tmp[7, 9] = a7_9; tmp[7, 10] = a7_10; tmp[7, 11] = a7_11; tmp[7, 12] = a7_12; tmp[7, 13] = a7_13; tmp[7, 14] = a7_14; tmp[7, 15] = a7_15
    tmp[7, 16] = a7_16; tmp[7, 17] = a7_17; tmp[7, 18] = a7_18; tmp[7, 19] = a7_19; tmp[7, 20] = a7_20; tmp[7, 21] = a7_21; tmp[7, 22] = a7_22; tmp[7, 23] = a7_23
    tmp[7, 24] = a7_24; tmp[7, 25] = a7_25; tmp[7, 26] = a7_26; tmp[7, 27] = a7_27; tmp[7, 28] = a7_28; tmp[7, 29] = a7_29; tmp[7, 30] = a7_30; tmp[7, 31] = a7_31


@njit(cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')
def _store_tile(tmp, ni, nk, q0, nq, b, outf, kbase, Kg_left, Wq, OH, OW, act):
    """Bias + activation + scatter of tmp[:ni, :nq] (wide indices q0..q0+nq-1) into out.
    kbase: flat offset of output channel 0 of this tile; Kg_left: valid channels."""
    plane = OH * OW
    for i in range(min(ni, Kg_left)):
        bias = b[nk + i]
        ob = kbase + i * plane
        j = 0
        while j < nq:
            q = q0 + j
            oy = q // Wq
            ox = q - oy * Wq
            seg = min(nq - j, Wq - ox)
            nv = min(seg, OW - ox)
            if nv > 0:
                o = ob + oy * OW + ox
                if act == 1:
                    for jj in range(nv):
                        v = tmp[i, j + jj] + bias
                        outf[o + jj] = v if v > 0 else np.float32(0.0)
                elif act == 2:
                    for jj in range(nv):
                        outf[o + jj] = np.tanh(tmp[i, j + jj] + bias)
                elif act == 3:
                    for jj in range(nv):
                        v = tmp[i, j + jj] + bias
                        outf[o + jj] = np.float32(1.0) / (np.float32(1.0) + np.exp(-v))
                else:
                    for jj in range(nv):
                        outf[o + jj] = tmp[i, j + jj] + bias
            j += seg


@njit(cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')
def _small_tile(xf, xo, wf, wo, Cg, T, cs, tapoff, tmp, nq):
    """Same arithmetic order as _tile_8x32, for images with fewer than TILE_Q wide pixels."""
    for i in range(8):
        for j in range(nq):
            a = np.float32(0.0)
            for c in range(Cg):
                for t in range(T):
                    a += wf[wo + (c * T + t) * 8 + i] * xf[xo + c * cs + tapoff[t] + j]
            tmp[i, j] = a


@njit(cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')
def _run_items(lo, hi, xf, wf, b, outf, G, Cg, Kg, KBg, T, cs, ns, Wq, Q, OH, OW,
               tapoff, act, nqt, qchunk, kfast, tmp):
    """Work items lo..hi-1; item -> (n, g, kb, q-chunk) with q-chunk fastest, or
    (n, g, q-chunk, kb) with kb fastest when kfast (weights of all kb stay in cache)."""
    nch = (nqt + qchunk - 1) // qchunk
    K = G * Kg
    for it in range(lo, hi):
        if kfast:
            kb = it % KBg
            r = it // KBg
            ch = r % nch
            r = r // nch
        else:
            ch = it % nch
            r = it // nch
            kb = r % KBg
            r = r // KBg
        g = r % G
        n = r // G
        xo_n = n * ns + g * Cg * cs
        wo = (g * KBg + kb) * Cg * T * 8
        nk = g * Kg + kb * 8
        kbase = (n * K + nk) * OH * OW
        Kg_left = Kg - kb * 8
        if Q < 32:
            _small_tile(xf, xo_n, wf, wo, Cg, T, cs, tapoff, tmp, Q)
            _store_tile(tmp, 8, nk, 0, Q, b, outf, kbase, Kg_left, Wq, OH, OW, act)
            continue
        t1 = min((ch + 1) * qchunk, nqt)
        for qt in range(ch * qchunk, t1):
            q0 = qt * 32
            if q0 + 32 > Q:  # last tile: shift back so it ends at Q (overlap, same values)
                q0 = Q - 32
            _tile_8x32(xf, xo_n + q0, wf, wo, Cg, T, cs, tapoff, tmp)
            _store_tile(tmp, 8, nk, q0, 32, b, outf, kbase, Kg_left, Wq, OH, OW, act)


@njit(parallel=True, cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')
def _run_parallel(nitems, xf, wf, b, outf, G, Cg, Kg, KBg, T, cs, ns, Wq, Q, OH, OW,
                  tapoff, act, nqt, qchunk, kfast):
    for it in prange(nitems):
        tmp = np.empty((8, 32), np.float32)
        _run_items(it, it + 1, xf, wf, b, outf, G, Cg, Kg, KBg, T, cs, ns, Wq, Q, OH, OW,
                   tapoff, act, nqt, qchunk, kfast, tmp)


@njit(cache=True, nogil=True, boundscheck=False)
def _phase_split(xp, sh, sw, Hq, Wq):
    """xs[n, c, py*sw+px, i, j] = xp[n, c, i*sh+py, j*sw+px] (zero where out of range)."""
    N, C, Hp, Wp = xp.shape
    xs = np.zeros((N, C, sh * sw, Hq, Wq), xp.dtype)
    for n in range(N):
        for c in range(C):
            for py in range(sh):
                for px in range(sw):
                    ph = py * sw + px
                    for i in range(Hq):
                        iy = i * sh + py
                        if iy >= Hp:
                            break
                        for j in range(Wq):
                            ix = j * sw + px
                            if ix >= Wp:
                                break
                            xs[n, c, ph, i, j] = xp[n, c, iy, ix]
    return xs


@njit(cache=True, nogil=True)
def conv2d_tiles_forward(xp, wpack, b, out, stride_h, stride_w, dil_h, dil_w, activation):
    """out[n,k,oy,ox] = act(b[k] + sum_{c,ky,kx} w[k,c,ky,kx] * xp[n, g*Cg+c, oy*sh+ky*dh, ox*sw+kx*dw]).

    xp: (N, C, Hp, Wp) float32 C-contiguous, already zero-padded.
    wpack: from pack_conv2d_weights, shape (G, KBg, Cg, KH, KW, 8).
    b: (K,) float32.  out: (N, K, OH, OW) float32 C-contiguous, fully overwritten.
    activation: 0 none, 1 relu, 2 tanh, 3 sigmoid.
    """
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
        xf = _phase_split(xp, sh, sw, Hq, Wq).reshape(N * C * P * Hq * Wq)
    cs = P * Hq * Wq
    ns = C * cs
    tapoff = np.empty(T, np.int64)
    for ky in range(KH):
        for kx in range(KW):
            oy_ = ky * dil_h
            ox_ = kx * dil_w
            tapoff[ky * KW + kx] = (((oy_ % sh) * sw + (ox_ % sw)) * Hq * Wq
                                    + (oy_ // sh) * Wq + (ox_ // sw))
    Q = (OH - 1) * Wq + OW
    nqt = (Q + 32 - 1) // 32
    wf = wpack.reshape(wpack.size)
    outf = out.reshape(out.size)
    macs = N * G * KBg * 8 * nqt * 32 * Cg * T
    # kb fastest when all of this group's packed weights fit in L2, else q-chunks fastest
    kfast = KBg * Cg * T * 8 * 4 <= KFAST_BYTES
    if macs < _SERIAL_MACS:
        tmp = np.empty((8, 32), np.float32)
        nitems = N * G * KBg
        _run_items(0, nitems, xf, wf, b, outf, G, Cg, Kg, KBg, T, cs, ns, Wq, Q, OH, OW,
                   tapoff, activation, nqt, nqt, False, tmp)
        return
    # q-chunks of up to QCHUNK tiles, smaller when needed to give >= 64 work items
    qchunk = max(1, min(QCHUNK, (N * G * KBg * nqt) // 64))
    nitems = N * G * KBg * ((nqt + qchunk - 1) // qchunk)
    _run_parallel(nitems, xf, wf, b, outf, G, Cg, Kg, KBg, T, cs, ns, Wq, Q, OH, OW,
                  tapoff, activation, nqt, qchunk, kfast)


def pack_conv2d_weights(w, groups=1):
    """(K, C//groups, KH, KW) -> (G, ceil(Kg/8), Cg, KH, KW, 8) float32, zero-padded channels.
    wpack[g, kb, c, ky, kx, i] = w[g*Kg + kb*8 + i, c, ky, kx]."""
    w = np.asarray(w)
    K, Cg, KH, KW = w.shape
    G = int(groups)
    Kg = K // G
    KBg = (Kg + 8 - 1) // 8
    wp = np.zeros((G, KBg * 8, Cg, KH, KW), np.float32)
    wp[:, :Kg] = w.reshape(G, Kg, Cg, KH, KW)
    wp = wp.reshape(G, KBg, 8, Cg, KH, KW).transpose(0, 1, 3, 4, 5, 2)
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
    if C % G or K % G or C // G != Cg:
        return False
    if G > 1 and K // G < 8:  # depthwise-like: 8-channel tiles would be mostly idle
        return False
    if sh > 8 or sw > 8:
        return False
    if Hp - dh * (KH - 1) < 1 or Wp - dw * (KW - 1) < 1:
        return False
    return True
