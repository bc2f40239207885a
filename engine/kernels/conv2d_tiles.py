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
TILE_K = 8
TILE_Q = 32
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
TQ64 = np.int64(32)
TQ8 = np.int64(8)
TQ16 = np.int64(16)


@njit(cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')
def _tile_8x32(xf, xo, wf, wo, nc, T, cs, tapoff, buf, bo):
    """buf[bo + 32*i + j] += sum over c < nc, t < T (c, t ascending, one FMA each) of
       wf[wo + (c*T + t)*8 + i] * xf[xo + c*cs + tapoff[t] + j],  i < 8, j < 32."""
    bv = buf[bo:bo + 256]
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


@njit(cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')
def _tile_8x8(xf, xo, wf, wo, nc, T, cs, tapoff, buf, bo):
    """buf[bo + 32*i + j] += sum over c < nc, t < T (c, t ascending, one FMA each) of
       wf[wo + (c*T + t)*8 + i] * xf[xo + c*cs + tapoff[t] + j],  i < 8, j < 8."""
    bv = buf[bo:bo + 256]
    a0_0 = bv[0]; a0_1 = bv[1]; a0_2 = bv[2]; a0_3 = bv[3]; a0_4 = bv[4]; a0_5 = bv[5]; a0_6 = bv[6]; a0_7 = bv[7]
    a1_0 = bv[32]; a1_1 = bv[33]; a1_2 = bv[34]; a1_3 = bv[35]; a1_4 = bv[36]; a1_5 = bv[37]; a1_6 = bv[38]; a1_7 = bv[39]
    a2_0 = bv[64]; a2_1 = bv[65]; a2_2 = bv[66]; a2_3 = bv[67]; a2_4 = bv[68]; a2_5 = bv[69]; a2_6 = bv[70]; a2_7 = bv[71]
    a3_0 = bv[96]; a3_1 = bv[97]; a3_2 = bv[98]; a3_3 = bv[99]; a3_4 = bv[100]; a3_5 = bv[101]; a3_6 = bv[102]; a3_7 = bv[103]
    a4_0 = bv[128]; a4_1 = bv[129]; a4_2 = bv[130]; a4_3 = bv[131]; a4_4 = bv[132]; a4_5 = bv[133]; a4_6 = bv[134]; a4_7 = bv[135]
    a5_0 = bv[160]; a5_1 = bv[161]; a5_2 = bv[162]; a5_3 = bv[163]; a5_4 = bv[164]; a5_5 = bv[165]; a5_6 = bv[166]; a5_7 = bv[167]
    a6_0 = bv[192]; a6_1 = bv[193]; a6_2 = bv[194]; a6_3 = bv[195]; a6_4 = bv[196]; a6_5 = bv[197]; a6_6 = bv[198]; a6_7 = bv[199]
    a7_0 = bv[224]; a7_1 = bv[225]; a7_2 = bv[226]; a7_3 = bv[227]; a7_4 = bv[228]; a7_5 = bv[229]; a7_6 = bv[230]; a7_7 = bv[231]
    for c in range(nc):
        xc = xo + c * cs
        wc = wo + c * T * 8
        for t in range(T):
            p = xc + tapoff[t]
            xv = xf[p:p + 8]
            r = wc + t * 8
            wv = wf[r:r + 8]
            w0 = wv[0]; w1 = wv[1]; w2 = wv[2]; w3 = wv[3]; w4 = wv[4]; w5 = wv[5]; w6 = wv[6]; w7 = wv[7]
            x0 = xv[0]; x1 = xv[1]; x2 = xv[2]; x3 = xv[3]; x4 = xv[4]; x5 = xv[5]; x6 = xv[6]; x7 = xv[7]
            a0_0 += w0 * x0; a0_1 += w0 * x1; a0_2 += w0 * x2; a0_3 += w0 * x3; a0_4 += w0 * x4; a0_5 += w0 * x5; a0_6 += w0 * x6; a0_7 += w0 * x7
            a1_0 += w1 * x0; a1_1 += w1 * x1; a1_2 += w1 * x2; a1_3 += w1 * x3; a1_4 += w1 * x4; a1_5 += w1 * x5; a1_6 += w1 * x6; a1_7 += w1 * x7
            a2_0 += w2 * x0; a2_1 += w2 * x1; a2_2 += w2 * x2; a2_3 += w2 * x3; a2_4 += w2 * x4; a2_5 += w2 * x5; a2_6 += w2 * x6; a2_7 += w2 * x7
            a3_0 += w3 * x0; a3_1 += w3 * x1; a3_2 += w3 * x2; a3_3 += w3 * x3; a3_4 += w3 * x4; a3_5 += w3 * x5; a3_6 += w3 * x6; a3_7 += w3 * x7
            a4_0 += w4 * x0; a4_1 += w4 * x1; a4_2 += w4 * x2; a4_3 += w4 * x3; a4_4 += w4 * x4; a4_5 += w4 * x5; a4_6 += w4 * x6; a4_7 += w4 * x7
            a5_0 += w5 * x0; a5_1 += w5 * x1; a5_2 += w5 * x2; a5_3 += w5 * x3; a5_4 += w5 * x4; a5_5 += w5 * x5; a5_6 += w5 * x6; a5_7 += w5 * x7
            a6_0 += w6 * x0; a6_1 += w6 * x1; a6_2 += w6 * x2; a6_3 += w6 * x3; a6_4 += w6 * x4; a6_5 += w6 * x5; a6_6 += w6 * x6; a6_7 += w6 * x7
            a7_0 += w7 * x0; a7_1 += w7 * x1; a7_2 += w7 * x2; a7_3 += w7 * x3; a7_4 += w7 * x4; a7_5 += w7 * x5; a7_6 += w7 * x6; a7_7 += w7 * x7
    bv[0] = a0_0; bv[1] = a0_1; bv[2] = a0_2; bv[3] = a0_3; bv[4] = a0_4; bv[5] = a0_5; bv[6] = a0_6; bv[7] = a0_7
    bv[32] = a1_0; bv[33] = a1_1; bv[34] = a1_2; bv[35] = a1_3; bv[36] = a1_4; bv[37] = a1_5; bv[38] = a1_6; bv[39] = a1_7
    bv[64] = a2_0; bv[65] = a2_1; bv[66] = a2_2; bv[67] = a2_3; bv[68] = a2_4; bv[69] = a2_5; bv[70] = a2_6; bv[71] = a2_7
    bv[96] = a3_0; bv[97] = a3_1; bv[98] = a3_2; bv[99] = a3_3; bv[100] = a3_4; bv[101] = a3_5; bv[102] = a3_6; bv[103] = a3_7
    bv[128] = a4_0; bv[129] = a4_1; bv[130] = a4_2; bv[131] = a4_3; bv[132] = a4_4; bv[133] = a4_5; bv[134] = a4_6; bv[135] = a4_7
    bv[160] = a5_0; bv[161] = a5_1; bv[162] = a5_2; bv[163] = a5_3; bv[164] = a5_4; bv[165] = a5_5; bv[166] = a5_6; bv[167] = a5_7
    bv[192] = a6_0; bv[193] = a6_1; bv[194] = a6_2; bv[195] = a6_3; bv[196] = a6_4; bv[197] = a6_5; bv[198] = a6_6; bv[199] = a6_7
    bv[224] = a7_0; bv[225] = a7_1; bv[226] = a7_2; bv[227] = a7_3; bv[228] = a7_4; bv[229] = a7_5; bv[230] = a7_6; bv[231] = a7_7


@njit(cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')
def _tile_8x16(xf, xo, wf, wo, nc, T, cs, tapoff, buf, bo):
    """buf[bo + 32*i + j] += sum over c < nc, t < T (c, t ascending, one FMA each) of
       wf[wo + (c*T + t)*8 + i] * xf[xo + c*cs + tapoff[t] + j],  i < 8, j < 16."""
    bv = buf[bo:bo + 256]
    a0_0 = bv[0]; a0_1 = bv[1]; a0_2 = bv[2]; a0_3 = bv[3]; a0_4 = bv[4]; a0_5 = bv[5]; a0_6 = bv[6]; a0_7 = bv[7]
    a0_8 = bv[8]; a0_9 = bv[9]; a0_10 = bv[10]; a0_11 = bv[11]; a0_12 = bv[12]; a0_13 = bv[13]; a0_14 = bv[14]; a0_15 = bv[15]
    a1_0 = bv[32]; a1_1 = bv[33]; a1_2 = bv[34]; a1_3 = bv[35]; a1_4 = bv[36]; a1_5 = bv[37]; a1_6 = bv[38]; a1_7 = bv[39]
    a1_8 = bv[40]; a1_9 = bv[41]; a1_10 = bv[42]; a1_11 = bv[43]; a1_12 = bv[44]; a1_13 = bv[45]; a1_14 = bv[46]; a1_15 = bv[47]
    a2_0 = bv[64]; a2_1 = bv[65]; a2_2 = bv[66]; a2_3 = bv[67]; a2_4 = bv[68]; a2_5 = bv[69]; a2_6 = bv[70]; a2_7 = bv[71]
    a2_8 = bv[72]; a2_9 = bv[73]; a2_10 = bv[74]; a2_11 = bv[75]; a2_12 = bv[76]; a2_13 = bv[77]; a2_14 = bv[78]; a2_15 = bv[79]
    a3_0 = bv[96]; a3_1 = bv[97]; a3_2 = bv[98]; a3_3 = bv[99]; a3_4 = bv[100]; a3_5 = bv[101]; a3_6 = bv[102]; a3_7 = bv[103]
    a3_8 = bv[104]; a3_9 = bv[105]; a3_10 = bv[106]; a3_11 = bv[107]; a3_12 = bv[108]; a3_13 = bv[109]; a3_14 = bv[110]; a3_15 = bv[111]
    a4_0 = bv[128]; a4_1 = bv[129]; a4_2 = bv[130]; a4_3 = bv[131]; a4_4 = bv[132]; a4_5 = bv[133]; a4_6 = bv[134]; a4_7 = bv[135]
    a4_8 = bv[136]; a4_9 = bv[137]; a4_10 = bv[138]; a4_11 = bv[139]; a4_12 = bv[140]; a4_13 = bv[141]; a4_14 = bv[142]; a4_15 = bv[143]
    a5_0 = bv[160]; a5_1 = bv[161]; a5_2 = bv[162]; a5_3 = bv[163]; a5_4 = bv[164]; a5_5 = bv[165]; a5_6 = bv[166]; a5_7 = bv[167]
    a5_8 = bv[168]; a5_9 = bv[169]; a5_10 = bv[170]; a5_11 = bv[171]; a5_12 = bv[172]; a5_13 = bv[173]; a5_14 = bv[174]; a5_15 = bv[175]
    a6_0 = bv[192]; a6_1 = bv[193]; a6_2 = bv[194]; a6_3 = bv[195]; a6_4 = bv[196]; a6_5 = bv[197]; a6_6 = bv[198]; a6_7 = bv[199]
    a6_8 = bv[200]; a6_9 = bv[201]; a6_10 = bv[202]; a6_11 = bv[203]; a6_12 = bv[204]; a6_13 = bv[205]; a6_14 = bv[206]; a6_15 = bv[207]
    a7_0 = bv[224]; a7_1 = bv[225]; a7_2 = bv[226]; a7_3 = bv[227]; a7_4 = bv[228]; a7_5 = bv[229]; a7_6 = bv[230]; a7_7 = bv[231]
    a7_8 = bv[232]; a7_9 = bv[233]; a7_10 = bv[234]; a7_11 = bv[235]; a7_12 = bv[236]; a7_13 = bv[237]; a7_14 = bv[238]; a7_15 = bv[239]
    for c in range(nc):
        xc = xo + c * cs
        wc = wo + c * T * 8
        for t in range(T):
            p = xc + tapoff[t]
            xv = xf[p:p + 16]
            r = wc + t * 8
            wv = wf[r:r + 8]
            w0 = wv[0]; w1 = wv[1]; w2 = wv[2]; w3 = wv[3]; w4 = wv[4]; w5 = wv[5]; w6 = wv[6]; w7 = wv[7]
            x0 = xv[0]; x1 = xv[1]; x2 = xv[2]; x3 = xv[3]; x4 = xv[4]; x5 = xv[5]; x6 = xv[6]; x7 = xv[7]
            x8 = xv[8]; x9 = xv[9]; x10 = xv[10]; x11 = xv[11]; x12 = xv[12]; x13 = xv[13]; x14 = xv[14]; x15 = xv[15]
            a0_0 += w0 * x0; a0_1 += w0 * x1; a0_2 += w0 * x2; a0_3 += w0 * x3; a0_4 += w0 * x4; a0_5 += w0 * x5; a0_6 += w0 * x6; a0_7 += w0 * x7
            a0_8 += w0 * x8; a0_9 += w0 * x9; a0_10 += w0 * x10; a0_11 += w0 * x11; a0_12 += w0 * x12; a0_13 += w0 * x13; a0_14 += w0 * x14; a0_15 += w0 * x15
            a1_0 += w1 * x0; a1_1 += w1 * x1; a1_2 += w1 * x2; a1_3 += w1 * x3; a1_4 += w1 * x4; a1_5 += w1 * x5; a1_6 += w1 * x6; a1_7 += w1 * x7
            a1_8 += w1 * x8; a1_9 += w1 * x9; a1_10 += w1 * x10; a1_11 += w1 * x11; a1_12 += w1 * x12; a1_13 += w1 * x13; a1_14 += w1 * x14; a1_15 += w1 * x15
            a2_0 += w2 * x0; a2_1 += w2 * x1; a2_2 += w2 * x2; a2_3 += w2 * x3; a2_4 += w2 * x4; a2_5 += w2 * x5; a2_6 += w2 * x6; a2_7 += w2 * x7
            a2_8 += w2 * x8; a2_9 += w2 * x9; a2_10 += w2 * x10; a2_11 += w2 * x11; a2_12 += w2 * x12; a2_13 += w2 * x13; a2_14 += w2 * x14; a2_15 += w2 * x15
            a3_0 += w3 * x0; a3_1 += w3 * x1; a3_2 += w3 * x2; a3_3 += w3 * x3; a3_4 += w3 * x4; a3_5 += w3 * x5; a3_6 += w3 * x6; a3_7 += w3 * x7
            a3_8 += w3 * x8; a3_9 += w3 * x9; a3_10 += w3 * x10; a3_11 += w3 * x11; a3_12 += w3 * x12; a3_13 += w3 * x13; a3_14 += w3 * x14; a3_15 += w3 * x15
            a4_0 += w4 * x0; a4_1 += w4 * x1; a4_2 += w4 * x2; a4_3 += w4 * x3; a4_4 += w4 * x4; a4_5 += w4 * x5; a4_6 += w4 * x6; a4_7 += w4 * x7
            a4_8 += w4 * x8; a4_9 += w4 * x9; a4_10 += w4 * x10; a4_11 += w4 * x11; a4_12 += w4 * x12; a4_13 += w4 * x13; a4_14 += w4 * x14; a4_15 += w4 * x15
            a5_0 += w5 * x0; a5_1 += w5 * x1; a5_2 += w5 * x2; a5_3 += w5 * x3; a5_4 += w5 * x4; a5_5 += w5 * x5; a5_6 += w5 * x6; a5_7 += w5 * x7
            a5_8 += w5 * x8; a5_9 += w5 * x9; a5_10 += w5 * x10; a5_11 += w5 * x11; a5_12 += w5 * x12; a5_13 += w5 * x13; a5_14 += w5 * x14; a5_15 += w5 * x15
            a6_0 += w6 * x0; a6_1 += w6 * x1; a6_2 += w6 * x2; a6_3 += w6 * x3; a6_4 += w6 * x4; a6_5 += w6 * x5; a6_6 += w6 * x6; a6_7 += w6 * x7
            a6_8 += w6 * x8; a6_9 += w6 * x9; a6_10 += w6 * x10; a6_11 += w6 * x11; a6_12 += w6 * x12; a6_13 += w6 * x13; a6_14 += w6 * x14; a6_15 += w6 * x15
            a7_0 += w7 * x0; a7_1 += w7 * x1; a7_2 += w7 * x2; a7_3 += w7 * x3; a7_4 += w7 * x4; a7_5 += w7 * x5; a7_6 += w7 * x6; a7_7 += w7 * x7
            a7_8 += w7 * x8; a7_9 += w7 * x9; a7_10 += w7 * x10; a7_11 += w7 * x11; a7_12 += w7 * x12; a7_13 += w7 * x13; a7_14 += w7 * x14; a7_15 += w7 * x15
    bv[0] = a0_0; bv[1] = a0_1; bv[2] = a0_2; bv[3] = a0_3; bv[4] = a0_4; bv[5] = a0_5; bv[6] = a0_6; bv[7] = a0_7
    bv[8] = a0_8; bv[9] = a0_9; bv[10] = a0_10; bv[11] = a0_11; bv[12] = a0_12; bv[13] = a0_13; bv[14] = a0_14; bv[15] = a0_15
    bv[32] = a1_0; bv[33] = a1_1; bv[34] = a1_2; bv[35] = a1_3; bv[36] = a1_4; bv[37] = a1_5; bv[38] = a1_6; bv[39] = a1_7
    bv[40] = a1_8; bv[41] = a1_9; bv[42] = a1_10; bv[43] = a1_11; bv[44] = a1_12; bv[45] = a1_13; bv[46] = a1_14; bv[47] = a1_15
    bv[64] = a2_0; bv[65] = a2_1; bv[66] = a2_2; bv[67] = a2_3; bv[68] = a2_4; bv[69] = a2_5; bv[70] = a2_6; bv[71] = a2_7
    bv[72] = a2_8; bv[73] = a2_9; bv[74] = a2_10; bv[75] = a2_11; bv[76] = a2_12; bv[77] = a2_13; bv[78] = a2_14; bv[79] = a2_15
    bv[96] = a3_0; bv[97] = a3_1; bv[98] = a3_2; bv[99] = a3_3; bv[100] = a3_4; bv[101] = a3_5; bv[102] = a3_6; bv[103] = a3_7
    bv[104] = a3_8; bv[105] = a3_9; bv[106] = a3_10; bv[107] = a3_11; bv[108] = a3_12; bv[109] = a3_13; bv[110] = a3_14; bv[111] = a3_15
    bv[128] = a4_0; bv[129] = a4_1; bv[130] = a4_2; bv[131] = a4_3; bv[132] = a4_4; bv[133] = a4_5; bv[134] = a4_6; bv[135] = a4_7
    bv[136] = a4_8; bv[137] = a4_9; bv[138] = a4_10; bv[139] = a4_11; bv[140] = a4_12; bv[141] = a4_13; bv[142] = a4_14; bv[143] = a4_15
    bv[160] = a5_0; bv[161] = a5_1; bv[162] = a5_2; bv[163] = a5_3; bv[164] = a5_4; bv[165] = a5_5; bv[166] = a5_6; bv[167] = a5_7
    bv[168] = a5_8; bv[169] = a5_9; bv[170] = a5_10; bv[171] = a5_11; bv[172] = a5_12; bv[173] = a5_13; bv[174] = a5_14; bv[175] = a5_15
    bv[192] = a6_0; bv[193] = a6_1; bv[194] = a6_2; bv[195] = a6_3; bv[196] = a6_4; bv[197] = a6_5; bv[198] = a6_6; bv[199] = a6_7
    bv[200] = a6_8; bv[201] = a6_9; bv[202] = a6_10; bv[203] = a6_11; bv[204] = a6_12; bv[205] = a6_13; bv[206] = a6_14; bv[207] = a6_15
    bv[224] = a7_0; bv[225] = a7_1; bv[226] = a7_2; bv[227] = a7_3; bv[228] = a7_4; bv[229] = a7_5; bv[230] = a7_6; bv[231] = a7_7
    bv[232] = a7_8; bv[233] = a7_9; bv[234] = a7_10; bv[235] = a7_11; bv[236] = a7_12; bv[237] = a7_13; bv[238] = a7_14; bv[239] = a7_15


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
                src = bo + i * 32 + j
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
    for i in range(8):
        for j in range(nq):
            a = np.float32(0.0)
            for c in range(Cg):
                for t in range(T):
                    a += wf[wo + (c * T + t) * 8 + i] * xf[xo + c * cs + tapoff[t] + j]
            buf[i * 32 + j] = a


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
    TT = 8 * 32
    for it in range(lo, hi):
        ch = it % nch
        r = it // nch
        gr = r % ngr
        r = r // ngr
        g = r % G
        n = r // G
        kb0 = gr * kbb
        nkb = min(kbb, KBg - kb0)
        xo_n = n * ns + g * Cg * cs
        if Q < 32 and Q != 8 and Q != 16:  # (8 or 16 wide pixels: one narrow tile, vectorised)
            for kbi in range(nkb):
                kb = kb0 + kbi
                _small_tile(xf, xo_n, wf, (g * KBg + kb) * Cg * T * 8, Cg, T, cs, tapoff, buf, Q)
                nk = g * Kg + kb * 8
                _store_tile(buf, ZERO, nk, ZERO, Q, b, outf, (n * K + nk) * OH * OW,
                            min(8, Kg - kb * 8), Wq, OH, OW, act)
            continue
        qt0 = ch * qchunk
        nt = min(qchunk, nqt - qt0)
        for i in range(nkb * nt * TT):
            buf[i] = np.float32(0.0)
        for c0 in range(0, Cg, cb):
            nc = min(cb, Cg - c0)
            for ti in range(nt):
                q0 = (qt0 + ti) * 32
                width = _tile_width(Q - q0)
                if q0 + width > Q:  # last tile: shifted back to end at Q (overlap, same values)
                    q0 = Q - width
                xo = xo_n + c0 * cs + q0
                for kbi in range(nkb):
                    wo = ((g * KBg + kb0 + kbi) * Cg + c0) * T * 8
                    if width == 8:
                        _tile_8x8(xf, xo, wf, wo, nc, T, cs, tapoff, buf, (kbi * nt + ti) * TT)
                    elif width == 16:
                        _tile_8x16(xf, xo, wf, wo, nc, T, cs, tapoff, buf, (kbi * nt + ti) * TT)
                    else:
                        _tile_8x32(xf, xo, wf, wo, nc, T, cs, tapoff, buf, (kbi * nt + ti) * TT)
        for kbi in range(nkb):
            kb = kb0 + kbi
            nk = g * Kg + kb * 8
            kbase = (n * K + nk) * OH * OW
            nvalid = min(8, Kg - kb * 8)
            for ti in range(nt):
                q0 = (qt0 + ti) * 32
                width = _tile_width(Q - q0)
                if q0 + width > Q:
                    q0 = Q - width
                _store_tile(buf, (kbi * nt + ti) * TT, nk, q0, width, b, outf, kbase, nvalid,
                            Wq, OH, OW, act)


@njit(parallel=True, cache=True, fastmath=_FM, nogil=True, boundscheck=False, error_model='numpy')
def _run_parallel(nitems, xf, wf, b, outf, G, Cg, Kg, KBg, T, cs, ns, Wq, Q, OH, OW,
                  tapoff, act, nqt, qchunk, kbb, cb):
    for it in prange(nitems):
        buf = np.empty(kbb * qchunk * 8 * 32, np.float32)
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
            tapoff[ky * KW + kx] = (((oy_ % sh) * sw + (ox_ % sw)) * Hq * Wq
                                    + (oy_ // sh) * Wq + (ox_ // sw))
    Q = (OH - 1) * Wq + OW
    nqt = (Q + 32 - 1) // 32
    wf = wpack.reshape(wpack.size)
    outf = out.reshape(out.size)
    if cb < 1:
        cb = Cg
    if Cg * T < FEW_KSTEPS:  # epilogue-bound layers (e.g. RGB input): stream q, one kb per item
        kbb = 1
        qchunk = max(qchunk, 32)
    kbb = max(1, min(kbb, KBg))
    qchunk = max(1, min(qchunk, nqt))
    macs = N * G * KBg * 8 * nqt * 32 * Cg * T
    if serial or macs < _SERIAL_MACS:
        buf = np.empty(kbb * qchunk * 8 * 32, np.float32)
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


def pack_conv2d_weights(w, groups=1, tile=8):
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
    if C % G or K % G or C // G != Cg:
        return False
    if G > 1 and K // G < 8:  # depthwise-like: 8-channel tiles would be mostly idle
        return False
    if sh > 8 or sw > 8:
        return False
    if Hp - dh * (KH - 1) < 1 or Wp - dw * (KW - 1) < 1:
        return False
    return True
