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
TILE_K = 32
TILE_P = 8
# a prange launch costs ~2 us: below this many MACs per call the calling thread does it all
_SERIAL_MACS = 1 << 20
# blocking (results do not depend on it): pixel tiles per work item (their sums, 8 KB, stay in L1),
# (c, ky, kx) steps per pass over them (256 x 32 weights = 32 KB), and the number of work items the
# parallel driver aims for (it shrinks the chunk to get it)
PCHUNK = 8
KSTEPS_PER_BLOCK = 256
MIN_ITEMS = 32
ZERO = np.int64(0)  # typed, not a literal: see conv2d_tiles.py


@njit(cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')
def _tile_32x8(xf, xo, o0, o1, o2, o3, o4, o5, o6, o7, wf, wo, nc, T, cs, tapoff, buf, bo):
    """buf[bo + 32*p + k] += sum over c < nc, t < T (c, t ascending, one FMA each) of
       wf[wo + (c*T + t)*32 + k] * xf[xo + c*cs + tapoff[t] + o_p],  k < 32, p < 8."""
    bv = buf[bo:bo + 256]
    u0, u1, u2, u3, u4, u5, u6, u7 = np.uint64(o0), np.uint64(o1), np.uint64(o2), np.uint64(o3), np.uint64(o4), np.uint64(o5), np.uint64(o6), np.uint64(o7)
    a0_0 = bv[0]; a0_1 = bv[1]; a0_2 = bv[2]; a0_3 = bv[3]; a0_4 = bv[4]; a0_5 = bv[5]; a0_6 = bv[6]; a0_7 = bv[7]
    a0_8 = bv[8]; a0_9 = bv[9]; a0_10 = bv[10]; a0_11 = bv[11]; a0_12 = bv[12]; a0_13 = bv[13]; a0_14 = bv[14]; a0_15 = bv[15]
    a0_16 = bv[16]; a0_17 = bv[17]; a0_18 = bv[18]; a0_19 = bv[19]; a0_20 = bv[20]; a0_21 = bv[21]; a0_22 = bv[22]; a0_23 = bv[23]
    a0_24 = bv[24]; a0_25 = bv[25]; a0_26 = bv[26]; a0_27 = bv[27]; a0_28 = bv[28]; a0_29 = bv[29]; a0_30 = bv[30]; a0_31 = bv[31]
    a1_0 = bv[32]; a1_1 = bv[33]; a1_2 = bv[34]; a1_3 = bv[35]; a1_4 = bv[36]; a1_5 = bv[37]; a1_6 = bv[38]; a1_7 = bv[39]
    a1_8 = bv[40]; a1_9 = bv[41]; a1_10 = bv[42]; a1_11 = bv[43]; a1_12 = bv[44]; a1_13 = bv[45]; a1_14 = bv[46]; a1_15 = bv[47]
    a1_16 = bv[48]; a1_17 = bv[49]; a1_18 = bv[50]; a1_19 = bv[51]; a1_20 = bv[52]; a1_21 = bv[53]; a1_22 = bv[54]; a1_23 = bv[55]
    a1_24 = bv[56]; a1_25 = bv[57]; a1_26 = bv[58]; a1_27 = bv[59]; a1_28 = bv[60]; a1_29 = bv[61]; a1_30 = bv[62]; a1_31 = bv[63]
    a2_0 = bv[64]; a2_1 = bv[65]; a2_2 = bv[66]; a2_3 = bv[67]; a2_4 = bv[68]; a2_5 = bv[69]; a2_6 = bv[70]; a2_7 = bv[71]
    a2_8 = bv[72]; a2_9 = bv[73]; a2_10 = bv[74]; a2_11 = bv[75]; a2_12 = bv[76]; a2_13 = bv[77]; a2_14 = bv[78]; a2_15 = bv[79]
    a2_16 = bv[80]; a2_17 = bv[81]; a2_18 = bv[82]; a2_19 = bv[83]; a2_20 = bv[84]; a2_21 = bv[85]; a2_22 = bv[86]; a2_23 = bv[87]
    a2_24 = bv[88]; a2_25 = bv[89]; a2_26 = bv[90]; a2_27 = bv[91]; a2_28 = bv[92]; a2_29 = bv[93]; a2_30 = bv[94]; a2_31 = bv[95]
    a3_0 = bv[96]; a3_1 = bv[97]; a3_2 = bv[98]; a3_3 = bv[99]; a3_4 = bv[100]; a3_5 = bv[101]; a3_6 = bv[102]; a3_7 = bv[103]
    a3_8 = bv[104]; a3_9 = bv[105]; a3_10 = bv[106]; a3_11 = bv[107]; a3_12 = bv[108]; a3_13 = bv[109]; a3_14 = bv[110]; a3_15 = bv[111]
    a3_16 = bv[112]; a3_17 = bv[113]; a3_18 = bv[114]; a3_19 = bv[115]; a3_20 = bv[116]; a3_21 = bv[117]; a3_22 = bv[118]; a3_23 = bv[119]
    a3_24 = bv[120]; a3_25 = bv[121]; a3_26 = bv[122]; a3_27 = bv[123]; a3_28 = bv[124]; a3_29 = bv[125]; a3_30 = bv[126]; a3_31 = bv[127]
    a4_0 = bv[128]; a4_1 = bv[129]; a4_2 = bv[130]; a4_3 = bv[131]; a4_4 = bv[132]; a4_5 = bv[133]; a4_6 = bv[134]; a4_7 = bv[135]
    a4_8 = bv[136]; a4_9 = bv[137]; a4_10 = bv[138]; a4_11 = bv[139]; a4_12 = bv[140]; a4_13 = bv[141]; a4_14 = bv[142]; a4_15 = bv[143]
    a4_16 = bv[144]; a4_17 = bv[145]; a4_18 = bv[146]; a4_19 = bv[147]; a4_20 = bv[148]; a4_21 = bv[149]; a4_22 = bv[150]; a4_23 = bv[151]
    a4_24 = bv[152]; a4_25 = bv[153]; a4_26 = bv[154]; a4_27 = bv[155]; a4_28 = bv[156]; a4_29 = bv[157]; a4_30 = bv[158]; a4_31 = bv[159]
    a5_0 = bv[160]; a5_1 = bv[161]; a5_2 = bv[162]; a5_3 = bv[163]; a5_4 = bv[164]; a5_5 = bv[165]; a5_6 = bv[166]; a5_7 = bv[167]
    a5_8 = bv[168]; a5_9 = bv[169]; a5_10 = bv[170]; a5_11 = bv[171]; a5_12 = bv[172]; a5_13 = bv[173]; a5_14 = bv[174]; a5_15 = bv[175]
    a5_16 = bv[176]; a5_17 = bv[177]; a5_18 = bv[178]; a5_19 = bv[179]; a5_20 = bv[180]; a5_21 = bv[181]; a5_22 = bv[182]; a5_23 = bv[183]
    a5_24 = bv[184]; a5_25 = bv[185]; a5_26 = bv[186]; a5_27 = bv[187]; a5_28 = bv[188]; a5_29 = bv[189]; a5_30 = bv[190]; a5_31 = bv[191]
    a6_0 = bv[192]; a6_1 = bv[193]; a6_2 = bv[194]; a6_3 = bv[195]; a6_4 = bv[196]; a6_5 = bv[197]; a6_6 = bv[198]; a6_7 = bv[199]
    a6_8 = bv[200]; a6_9 = bv[201]; a6_10 = bv[202]; a6_11 = bv[203]; a6_12 = bv[204]; a6_13 = bv[205]; a6_14 = bv[206]; a6_15 = bv[207]
    a6_16 = bv[208]; a6_17 = bv[209]; a6_18 = bv[210]; a6_19 = bv[211]; a6_20 = bv[212]; a6_21 = bv[213]; a6_22 = bv[214]; a6_23 = bv[215]
    a6_24 = bv[216]; a6_25 = bv[217]; a6_26 = bv[218]; a6_27 = bv[219]; a6_28 = bv[220]; a6_29 = bv[221]; a6_30 = bv[222]; a6_31 = bv[223]
    a7_0 = bv[224]; a7_1 = bv[225]; a7_2 = bv[226]; a7_3 = bv[227]; a7_4 = bv[228]; a7_5 = bv[229]; a7_6 = bv[230]; a7_7 = bv[231]
    a7_8 = bv[232]; a7_9 = bv[233]; a7_10 = bv[234]; a7_11 = bv[235]; a7_12 = bv[236]; a7_13 = bv[237]; a7_14 = bv[238]; a7_15 = bv[239]
    a7_16 = bv[240]; a7_17 = bv[241]; a7_18 = bv[242]; a7_19 = bv[243]; a7_20 = bv[244]; a7_21 = bv[245]; a7_22 = bv[246]; a7_23 = bv[247]
    a7_24 = bv[248]; a7_25 = bv[249]; a7_26 = bv[250]; a7_27 = bv[251]; a7_28 = bv[252]; a7_29 = bv[253]; a7_30 = bv[254]; a7_31 = bv[255]
    for c in range(nc):
        xc = xo + c * cs
        wc = wo + c * T * 32
        for t in range(T):
            q = np.uint64(xc + tapoff[t])
            r = wc + t * 32
            wv = wf[r:r + 32]
            w0 = wv[0]; w1 = wv[1]; w2 = wv[2]; w3 = wv[3]; w4 = wv[4]; w5 = wv[5]; w6 = wv[6]; w7 = wv[7]
            w8 = wv[8]; w9 = wv[9]; w10 = wv[10]; w11 = wv[11]; w12 = wv[12]; w13 = wv[13]; w14 = wv[14]; w15 = wv[15]
            w16 = wv[16]; w17 = wv[17]; w18 = wv[18]; w19 = wv[19]; w20 = wv[20]; w21 = wv[21]; w22 = wv[22]; w23 = wv[23]
            w24 = wv[24]; w25 = wv[25]; w26 = wv[26]; w27 = wv[27]; w28 = wv[28]; w29 = wv[29]; w30 = wv[30]; w31 = wv[31]
            x0 = xf[q + u0]; x1 = xf[q + u1]; x2 = xf[q + u2]; x3 = xf[q + u3]; x4 = xf[q + u4]; x5 = xf[q + u5]; x6 = xf[q + u6]; x7 = xf[q + u7]
            a0_0 += w0 * x0; a0_1 += w1 * x0; a0_2 += w2 * x0; a0_3 += w3 * x0; a0_4 += w4 * x0; a0_5 += w5 * x0; a0_6 += w6 * x0; a0_7 += w7 * x0
            a0_8 += w8 * x0; a0_9 += w9 * x0; a0_10 += w10 * x0; a0_11 += w11 * x0; a0_12 += w12 * x0; a0_13 += w13 * x0; a0_14 += w14 * x0; a0_15 += w15 * x0
            a0_16 += w16 * x0; a0_17 += w17 * x0; a0_18 += w18 * x0; a0_19 += w19 * x0; a0_20 += w20 * x0; a0_21 += w21 * x0; a0_22 += w22 * x0; a0_23 += w23 * x0
            a0_24 += w24 * x0; a0_25 += w25 * x0; a0_26 += w26 * x0; a0_27 += w27 * x0; a0_28 += w28 * x0; a0_29 += w29 * x0; a0_30 += w30 * x0; a0_31 += w31 * x0
            a1_0 += w0 * x1; a1_1 += w1 * x1; a1_2 += w2 * x1; a1_3 += w3 * x1; a1_4 += w4 * x1; a1_5 += w5 * x1; a1_6 += w6 * x1; a1_7 += w7 * x1
            a1_8 += w8 * x1; a1_9 += w9 * x1; a1_10 += w10 * x1; a1_11 += w11 * x1; a1_12 += w12 * x1; a1_13 += w13 * x1; a1_14 += w14 * x1; a1_15 += w15 * x1
            a1_16 += w16 * x1; a1_17 += w17 * x1; a1_18 += w18 * x1; a1_19 += w19 * x1; a1_20 += w20 * x1; a1_21 += w21 * x1; a1_22 += w22 * x1; a1_23 += w23 * x1
            a1_24 += w24 * x1; a1_25 += w25 * x1; a1_26 += w26 * x1; a1_27 += w27 * x1; a1_28 += w28 * x1; a1_29 += w29 * x1; a1_30 += w30 * x1; a1_31 += w31 * x1
            a2_0 += w0 * x2; a2_1 += w1 * x2; a2_2 += w2 * x2; a2_3 += w3 * x2; a2_4 += w4 * x2; a2_5 += w5 * x2; a2_6 += w6 * x2; a2_7 += w7 * x2
            a2_8 += w8 * x2; a2_9 += w9 * x2; a2_10 += w10 * x2; a2_11 += w11 * x2; a2_12 += w12 * x2; a2_13 += w13 * x2; a2_14 += w14 * x2; a2_15 += w15 * x2
            a2_16 += w16 * x2; a2_17 += w17 * x2; a2_18 += w18 * x2; a2_19 += w19 * x2; a2_20 += w20 * x2; a2_21 += w21 * x2; a2_22 += w22 * x2; a2_23 += w23 * x2
            a2_24 += w24 * x2; a2_25 += w25 * x2; a2_26 += w26 * x2; a2_27 += w27 * x2; a2_28 += w28 * x2; a2_29 += w29 * x2; a2_30 += w30 * x2; a2_31 += w31 * x2
            a3_0 += w0 * x3; a3_1 += w1 * x3; a3_2 += w2 * x3; a3_3 += w3 * x3; a3_4 += w4 * x3; a3_5 += w5 * x3; a3_6 += w6 * x3; a3_7 += w7 * x3
            a3_8 += w8 * x3; a3_9 += w9 * x3; a3_10 += w10 * x3; a3_11 += w11 * x3; a3_12 += w12 * x3; a3_13 += w13 * x3; a3_14 += w14 * x3; a3_15 += w15 * x3
            a3_16 += w16 * x3; a3_17 += w17 * x3; a3_18 += w18 * x3; a3_19 += w19 * x3; a3_20 += w20 * x3; a3_21 += w21 * x3; a3_22 += w22 * x3; a3_23 += w23 * x3
            a3_24 += w24 * x3; a3_25 += w25 * x3; a3_26 += w26 * x3; a3_27 += w27 * x3; a3_28 += w28 * x3; a3_29 += w29 * x3; a3_30 += w30 * x3; a3_31 += w31 * x3
            a4_0 += w0 * x4; a4_1 += w1 * x4; a4_2 += w2 * x4; a4_3 += w3 * x4; a4_4 += w4 * x4; a4_5 += w5 * x4; a4_6 += w6 * x4; a4_7 += w7 * x4
            a4_8 += w8 * x4; a4_9 += w9 * x4; a4_10 += w10 * x4; a4_11 += w11 * x4; a4_12 += w12 * x4; a4_13 += w13 * x4; a4_14 += w14 * x4; a4_15 += w15 * x4
            a4_16 += w16 * x4; a4_17 += w17 * x4; a4_18 += w18 * x4; a4_19 += w19 * x4; a4_20 += w20 * x4; a4_21 += w21 * x4; a4_22 += w22 * x4; a4_23 += w23 * x4
            a4_24 += w24 * x4; a4_25 += w25 * x4; a4_26 += w26 * x4; a4_27 += w27 * x4; a4_28 += w28 * x4; a4_29 += w29 * x4; a4_30 += w30 * x4; a4_31 += w31 * x4
            a5_0 += w0 * x5; a5_1 += w1 * x5; a5_2 += w2 * x5; a5_3 += w3 * x5; a5_4 += w4 * x5; a5_5 += w5 * x5; a5_6 += w6 * x5; a5_7 += w7 * x5
            a5_8 += w8 * x5; a5_9 += w9 * x5; a5_10 += w10 * x5; a5_11 += w11 * x5; a5_12 += w12 * x5; a5_13 += w13 * x5; a5_14 += w14 * x5; a5_15 += w15 * x5
            a5_16 += w16 * x5; a5_17 += w17 * x5; a5_18 += w18 * x5; a5_19 += w19 * x5; a5_20 += w20 * x5; a5_21 += w21 * x5; a5_22 += w22 * x5; a5_23 += w23 * x5
            a5_24 += w24 * x5; a5_25 += w25 * x5; a5_26 += w26 * x5; a5_27 += w27 * x5; a5_28 += w28 * x5; a5_29 += w29 * x5; a5_30 += w30 * x5; a5_31 += w31 * x5
            a6_0 += w0 * x6; a6_1 += w1 * x6; a6_2 += w2 * x6; a6_3 += w3 * x6; a6_4 += w4 * x6; a6_5 += w5 * x6; a6_6 += w6 * x6; a6_7 += w7 * x6
            a6_8 += w8 * x6; a6_9 += w9 * x6; a6_10 += w10 * x6; a6_11 += w11 * x6; a6_12 += w12 * x6; a6_13 += w13 * x6; a6_14 += w14 * x6; a6_15 += w15 * x6
            a6_16 += w16 * x6; a6_17 += w17 * x6; a6_18 += w18 * x6; a6_19 += w19 * x6; a6_20 += w20 * x6; a6_21 += w21 * x6; a6_22 += w22 * x6; a6_23 += w23 * x6
            a6_24 += w24 * x6; a6_25 += w25 * x6; a6_26 += w26 * x6; a6_27 += w27 * x6; a6_28 += w28 * x6; a6_29 += w29 * x6; a6_30 += w30 * x6; a6_31 += w31 * x6
            a7_0 += w0 * x7; a7_1 += w1 * x7; a7_2 += w2 * x7; a7_3 += w3 * x7; a7_4 += w4 * x7; a7_5 += w5 * x7; a7_6 += w6 * x7; a7_7 += w7 * x7
            a7_8 += w8 * x7; a7_9 += w9 * x7; a7_10 += w10 * x7; a7_11 += w11 * x7; a7_12 += w12 * x7; a7_13 += w13 * x7; a7_14 += w14 * x7; a7_15 += w15 * x7
            a7_16 += w16 * x7; a7_17 += w17 * x7; a7_18 += w18 * x7; a7_19 += w19 * x7; a7_20 += w20 * x7; a7_21 += w21 * x7; a7_22 += w22 * x7; a7_23 += w23 * x7
            a7_24 += w24 * x7; a7_25 += w25 * x7; a7_26 += w26 * x7; a7_27 += w27 * x7; a7_28 += w28 * x7; a7_29 += w29 * x7; a7_30 += w30 * x7; a7_31 += w31 * x7
    bv[0] = a0_0; bv[1] = a0_1; bv[2] = a0_2; bv[3] = a0_3; bv[4] = a0_4; bv[5] = a0_5; bv[6] = a0_6; bv[7] = a0_7
    bv[8] = a0_8; bv[9] = a0_9; bv[10] = a0_10; bv[11] = a0_11; bv[12] = a0_12; bv[13] = a0_13; bv[14] = a0_14; bv[15] = a0_15
    bv[16] = a0_16; bv[17] = a0_17; bv[18] = a0_18; bv[19] = a0_19; bv[20] = a0_20; bv[21] = a0_21; bv[22] = a0_22; bv[23] = a0_23
    bv[24] = a0_24; bv[25] = a0_25; bv[26] = a0_26; bv[27] = a0_27; bv[28] = a0_28; bv[29] = a0_29; bv[30] = a0_30; bv[31] = a0_31
    bv[32] = a1_0; bv[33] = a1_1; bv[34] = a1_2; bv[35] = a1_3; bv[36] = a1_4; bv[37] = a1_5; bv[38] = a1_6; bv[39] = a1_7
    bv[40] = a1_8; bv[41] = a1_9; bv[42] = a1_10; bv[43] = a1_11; bv[44] = a1_12; bv[45] = a1_13; bv[46] = a1_14; bv[47] = a1_15
    bv[48] = a1_16; bv[49] = a1_17; bv[50] = a1_18; bv[51] = a1_19; bv[52] = a1_20; bv[53] = a1_21; bv[54] = a1_22; bv[55] = a1_23
    bv[56] = a1_24; bv[57] = a1_25; bv[58] = a1_26; bv[59] = a1_27; bv[60] = a1_28; bv[61] = a1_29; bv[62] = a1_30; bv[63] = a1_31
    bv[64] = a2_0; bv[65] = a2_1; bv[66] = a2_2; bv[67] = a2_3; bv[68] = a2_4; bv[69] = a2_5; bv[70] = a2_6; bv[71] = a2_7
    bv[72] = a2_8; bv[73] = a2_9; bv[74] = a2_10; bv[75] = a2_11; bv[76] = a2_12; bv[77] = a2_13; bv[78] = a2_14; bv[79] = a2_15
    bv[80] = a2_16; bv[81] = a2_17; bv[82] = a2_18; bv[83] = a2_19; bv[84] = a2_20; bv[85] = a2_21; bv[86] = a2_22; bv[87] = a2_23
    bv[88] = a2_24; bv[89] = a2_25; bv[90] = a2_26; bv[91] = a2_27; bv[92] = a2_28; bv[93] = a2_29; bv[94] = a2_30; bv[95] = a2_31
    bv[96] = a3_0; bv[97] = a3_1; bv[98] = a3_2; bv[99] = a3_3; bv[100] = a3_4; bv[101] = a3_5; bv[102] = a3_6; bv[103] = a3_7
    bv[104] = a3_8; bv[105] = a3_9; bv[106] = a3_10; bv[107] = a3_11; bv[108] = a3_12; bv[109] = a3_13; bv[110] = a3_14; bv[111] = a3_15
    bv[112] = a3_16; bv[113] = a3_17; bv[114] = a3_18; bv[115] = a3_19; bv[116] = a3_20; bv[117] = a3_21; bv[118] = a3_22; bv[119] = a3_23
    bv[120] = a3_24; bv[121] = a3_25; bv[122] = a3_26; bv[123] = a3_27; bv[124] = a3_28; bv[125] = a3_29; bv[126] = a3_30; bv[127] = a3_31
    bv[128] = a4_0; bv[129] = a4_1; bv[130] = a4_2; bv[131] = a4_3; bv[132] = a4_4; bv[133] = a4_5; bv[134] = a4_6; bv[135] = a4_7
    bv[136] = a4_8; bv[137] = a4_9; bv[138] = a4_10; bv[139] = a4_11; bv[140] = a4_12; bv[141] = a4_13; bv[142] = a4_14; bv[143] = a4_15
    bv[144] = a4_16; bv[145] = a4_17; bv[146] = a4_18; bv[147] = a4_19; bv[148] = a4_20; bv[149] = a4_21; bv[150] = a4_22; bv[151] = a4_23
    bv[152] = a4_24; bv[153] = a4_25; bv[154] = a4_26; bv[155] = a4_27; bv[156] = a4_28; bv[157] = a4_29; bv[158] = a4_30; bv[159] = a4_31
    bv[160] = a5_0; bv[161] = a5_1; bv[162] = a5_2; bv[163] = a5_3; bv[164] = a5_4; bv[165] = a5_5; bv[166] = a5_6; bv[167] = a5_7
    bv[168] = a5_8; bv[169] = a5_9; bv[170] = a5_10; bv[171] = a5_11; bv[172] = a5_12; bv[173] = a5_13; bv[174] = a5_14; bv[175] = a5_15
    bv[176] = a5_16; bv[177] = a5_17; bv[178] = a5_18; bv[179] = a5_19; bv[180] = a5_20; bv[181] = a5_21; bv[182] = a5_22; bv[183] = a5_23
    bv[184] = a5_24; bv[185] = a5_25; bv[186] = a5_26; bv[187] = a5_27; bv[188] = a5_28; bv[189] = a5_29; bv[190] = a5_30; bv[191] = a5_31
    bv[192] = a6_0; bv[193] = a6_1; bv[194] = a6_2; bv[195] = a6_3; bv[196] = a6_4; bv[197] = a6_5; bv[198] = a6_6; bv[199] = a6_7
    bv[200] = a6_8; bv[201] = a6_9; bv[202] = a6_10; bv[203] = a6_11; bv[204] = a6_12; bv[205] = a6_13; bv[206] = a6_14; bv[207] = a6_15
    bv[208] = a6_16; bv[209] = a6_17; bv[210] = a6_18; bv[211] = a6_19; bv[212] = a6_20; bv[213] = a6_21; bv[214] = a6_22; bv[215] = a6_23
    bv[216] = a6_24; bv[217] = a6_25; bv[218] = a6_26; bv[219] = a6_27; bv[220] = a6_28; bv[221] = a6_29; bv[222] = a6_30; bv[223] = a6_31
    bv[224] = a7_0; bv[225] = a7_1; bv[226] = a7_2; bv[227] = a7_3; bv[228] = a7_4; bv[229] = a7_5; bv[230] = a7_6; bv[231] = a7_7
    bv[232] = a7_8; bv[233] = a7_9; bv[234] = a7_10; bv[235] = a7_11; bv[236] = a7_12; bv[237] = a7_13; bv[238] = a7_14; bv[239] = a7_15
    bv[240] = a7_16; bv[241] = a7_17; bv[242] = a7_18; bv[243] = a7_19; bv[244] = a7_20; bv[245] = a7_21; bv[246] = a7_22; bv[247] = a7_23
    bv[248] = a7_24; bv[249] = a7_25; bv[250] = a7_26; bv[251] = a7_27; bv[252] = a7_28; bv[253] = a7_29; bv[254] = a7_30; bv[255] = a7_31


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
                outf[dst + p] = buf[src + 32 * p] + bias
        elif act == 1:
            for p in range(npix):
                outf[dst + p] = activate(buf[src + 32 * p] + bias, 1)
        elif act == 2:
            for p in range(npix):
                outf[dst + p] = activate(buf[src + 32 * p] + bias, 2)
        else:
            for p in range(npix):
                outf[dst + p] = activate(buf[src + 32 * p] + bias, 3)


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
        ch = it % nch
        r = it // nch
        kb = r % KBg
        r = r // KBg
        g = r % G
        n = r // G
        xo = n * ns + g * Cg * cs
        wo = (g * KBg + kb) * Cg * T * 32
        nk = g * Kg + kb * 32
        nvalid = min(32, Kg - kb * 32)
        kbase = (n * K + nk) * P
        t0 = ch * pchunk
        nt = min(pchunk, npt - t0)
        # input offsets of each tile's pixels; a plane of fewer than 8 pixels repeats its last one
        for ti in range(nt):
            p0 = _tile_start(t0 + ti, P)
            for j in range(8):
                p = min(p0 + j, P - 1)
                oy = p // OW
                offs[ti * 8 + j] = oy * sh * Wp + (p - oy * OW) * sw
        for i in range(nt * 32 * 8):
            buf[i] = np.float32(0.0)
        for c0 in range(0, Cg, cb):
            nc = min(cb, Cg - c0)
            for ti in range(nt):
                q = ti * 8
                _tile_32x8(xf, xo + c0 * cs, offs[q], offs[q + 1], offs[q + 2], offs[q + 3], offs[q + 4],
                           offs[q + 5], offs[q + 6], offs[q + 7], wf, wo + c0 * T * 32, nc, T, cs, tapoff,
                           buf, ti * 32 * 8)
        for ti in range(nt):
            p0 = _tile_start(t0 + ti, P)
            _store_tile(buf, ti * 32 * 8, nk, nvalid, p0, min(8, P - p0), b, outf, kbase, P, act)


@njit(cache=True, inline="always")
def _tile_start(ti, P):
    # the last tile ends at P: it overlaps the one before (same values)
    p0 = ti * 8
    if p0 + 8 > P:
        p0 = max(P - 8, 0)
    return p0


@njit(parallel=True, cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')
def _run_parallel(nitems, xf, wf, b, outf, G, Cg, Kg, KBg, T, cs, ns, Wp, sh, sw, OW, P,
                  tapoff, act, npt, pchunk, cb):
    for it in prange(nitems):
        buf = np.empty(pchunk * 32 * 8, np.float32)
        offs = np.empty(pchunk * 8, np.int64)
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
    npt = (P + 8 - 1) // 8
    xf = xp.reshape(xp.size)
    wf = wpack.reshape(wpack.size)
    outf = out.reshape(out.size)
    pchunk = max(1, min(PCHUNK, npt))
    cb = max(1, KSTEPS_PER_BLOCK // T)
    macs = N * G * KBg * 32 * npt * 8 * Cg * T
    if macs < _SERIAL_MACS:
        nitems = N * G * KBg * ((npt + pchunk - 1) // pchunk)
        _run_items(ZERO, nitems, xf, wf, b, outf, G, Cg, K // G, KBg, T, cs, ns, Wp, stride_h, stride_w, OW, P,
                   tapoff, activation, npt, pchunk, cb, np.empty(pchunk * 32 * 8, np.float32),
                   np.empty(pchunk * 8, np.int64))
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
    mine = P / _ceil(P, 8) * Kg / _ceil(Kg, 32)
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
# with this kernel against 18.9 ms.) With unsigned input offsets (5-9% faster): conv1 0.89, conv2 0.98,
# 13x13 and 14x14 layers 0.98-1.01 (both kernels on one layer, interleaved, batch 8). Kept at the
# strided layers' rate, where the choice is closest.
SPEED_RATIO = 0.88


def prefer(xp_shape, w_shape, stride, dilation, groups, out_hw):
    """True where this kernel should beat conv2d_tiles (both must support the layer; results are equal)."""
    mine, theirs = efficiency(xp_shape, w_shape, stride, dilation, groups, out_hw)
    return mine * SPEED_RATIO > theirs
