# GENERATED FILE - DO NOT EDIT.
# Written by engine/kernels/gen_dense_tiles.py (run: python engine/kernels/gen_dense_tiles.py).
"""Register tiles of engine/kernels/dense_transposed.py: 32 outputs x 8 or 4 images.

tile_32xP(wf, O, o0, rows, j0, j1, xk, N, n0, sf):
    sf[(n0 + p) * O + o0 + k] += xk[j * N + n0 + p] * wf[rows[j] * O + o0 + k]   for j = j0 .. j1 - 1 in order,
    one FMA each, k < 32, p < P.
wf: the transposed weights (I, O) flattened; xk: the kept inputs, (kept, N) flattened; sf: one half's sums
(N, O) flattened. Each sum takes the same FMAs in the same order as dense_transposed's other loops.
"""
import numpy as np
from numba import njit

FMA = {"contract", "nsz"}  # as dense_transposed.py: no reassoc


@njit(cache=True, fastmath=FMA, nogil=True, boundscheck=False, error_model='numpy')
def tile_32x8(wf, O, o0, rows, j0, j1, xk, N, n0, sf):
    uO = np.uint64(O)
    uN = np.uint64(N)
    uo0 = np.uint64(o0)
    un0 = np.uint64(n0)
    b0 = (un0 + np.uint64(0)) * uO + uo0
    a0_0 = sf[b0 + np.uint64(0)]; a0_1 = sf[b0 + np.uint64(1)]; a0_2 = sf[b0 + np.uint64(2)]; a0_3 = sf[b0 + np.uint64(3)]; a0_4 = sf[b0 + np.uint64(4)]; a0_5 = sf[b0 + np.uint64(5)]; a0_6 = sf[b0 + np.uint64(6)]; a0_7 = sf[b0 + np.uint64(7)]
    a0_8 = sf[b0 + np.uint64(8)]; a0_9 = sf[b0 + np.uint64(9)]; a0_10 = sf[b0 + np.uint64(10)]; a0_11 = sf[b0 + np.uint64(11)]; a0_12 = sf[b0 + np.uint64(12)]; a0_13 = sf[b0 + np.uint64(13)]; a0_14 = sf[b0 + np.uint64(14)]; a0_15 = sf[b0 + np.uint64(15)]
    a0_16 = sf[b0 + np.uint64(16)]; a0_17 = sf[b0 + np.uint64(17)]; a0_18 = sf[b0 + np.uint64(18)]; a0_19 = sf[b0 + np.uint64(19)]; a0_20 = sf[b0 + np.uint64(20)]; a0_21 = sf[b0 + np.uint64(21)]; a0_22 = sf[b0 + np.uint64(22)]; a0_23 = sf[b0 + np.uint64(23)]
    a0_24 = sf[b0 + np.uint64(24)]; a0_25 = sf[b0 + np.uint64(25)]; a0_26 = sf[b0 + np.uint64(26)]; a0_27 = sf[b0 + np.uint64(27)]; a0_28 = sf[b0 + np.uint64(28)]; a0_29 = sf[b0 + np.uint64(29)]; a0_30 = sf[b0 + np.uint64(30)]; a0_31 = sf[b0 + np.uint64(31)]
    b1 = (un0 + np.uint64(1)) * uO + uo0
    a1_0 = sf[b1 + np.uint64(0)]; a1_1 = sf[b1 + np.uint64(1)]; a1_2 = sf[b1 + np.uint64(2)]; a1_3 = sf[b1 + np.uint64(3)]; a1_4 = sf[b1 + np.uint64(4)]; a1_5 = sf[b1 + np.uint64(5)]; a1_6 = sf[b1 + np.uint64(6)]; a1_7 = sf[b1 + np.uint64(7)]
    a1_8 = sf[b1 + np.uint64(8)]; a1_9 = sf[b1 + np.uint64(9)]; a1_10 = sf[b1 + np.uint64(10)]; a1_11 = sf[b1 + np.uint64(11)]; a1_12 = sf[b1 + np.uint64(12)]; a1_13 = sf[b1 + np.uint64(13)]; a1_14 = sf[b1 + np.uint64(14)]; a1_15 = sf[b1 + np.uint64(15)]
    a1_16 = sf[b1 + np.uint64(16)]; a1_17 = sf[b1 + np.uint64(17)]; a1_18 = sf[b1 + np.uint64(18)]; a1_19 = sf[b1 + np.uint64(19)]; a1_20 = sf[b1 + np.uint64(20)]; a1_21 = sf[b1 + np.uint64(21)]; a1_22 = sf[b1 + np.uint64(22)]; a1_23 = sf[b1 + np.uint64(23)]
    a1_24 = sf[b1 + np.uint64(24)]; a1_25 = sf[b1 + np.uint64(25)]; a1_26 = sf[b1 + np.uint64(26)]; a1_27 = sf[b1 + np.uint64(27)]; a1_28 = sf[b1 + np.uint64(28)]; a1_29 = sf[b1 + np.uint64(29)]; a1_30 = sf[b1 + np.uint64(30)]; a1_31 = sf[b1 + np.uint64(31)]
    b2 = (un0 + np.uint64(2)) * uO + uo0
    a2_0 = sf[b2 + np.uint64(0)]; a2_1 = sf[b2 + np.uint64(1)]; a2_2 = sf[b2 + np.uint64(2)]; a2_3 = sf[b2 + np.uint64(3)]; a2_4 = sf[b2 + np.uint64(4)]; a2_5 = sf[b2 + np.uint64(5)]; a2_6 = sf[b2 + np.uint64(6)]; a2_7 = sf[b2 + np.uint64(7)]
    a2_8 = sf[b2 + np.uint64(8)]; a2_9 = sf[b2 + np.uint64(9)]; a2_10 = sf[b2 + np.uint64(10)]; a2_11 = sf[b2 + np.uint64(11)]; a2_12 = sf[b2 + np.uint64(12)]; a2_13 = sf[b2 + np.uint64(13)]; a2_14 = sf[b2 + np.uint64(14)]; a2_15 = sf[b2 + np.uint64(15)]
    a2_16 = sf[b2 + np.uint64(16)]; a2_17 = sf[b2 + np.uint64(17)]; a2_18 = sf[b2 + np.uint64(18)]; a2_19 = sf[b2 + np.uint64(19)]; a2_20 = sf[b2 + np.uint64(20)]; a2_21 = sf[b2 + np.uint64(21)]; a2_22 = sf[b2 + np.uint64(22)]; a2_23 = sf[b2 + np.uint64(23)]
    a2_24 = sf[b2 + np.uint64(24)]; a2_25 = sf[b2 + np.uint64(25)]; a2_26 = sf[b2 + np.uint64(26)]; a2_27 = sf[b2 + np.uint64(27)]; a2_28 = sf[b2 + np.uint64(28)]; a2_29 = sf[b2 + np.uint64(29)]; a2_30 = sf[b2 + np.uint64(30)]; a2_31 = sf[b2 + np.uint64(31)]
    b3 = (un0 + np.uint64(3)) * uO + uo0
    a3_0 = sf[b3 + np.uint64(0)]; a3_1 = sf[b3 + np.uint64(1)]; a3_2 = sf[b3 + np.uint64(2)]; a3_3 = sf[b3 + np.uint64(3)]; a3_4 = sf[b3 + np.uint64(4)]; a3_5 = sf[b3 + np.uint64(5)]; a3_6 = sf[b3 + np.uint64(6)]; a3_7 = sf[b3 + np.uint64(7)]
    a3_8 = sf[b3 + np.uint64(8)]; a3_9 = sf[b3 + np.uint64(9)]; a3_10 = sf[b3 + np.uint64(10)]; a3_11 = sf[b3 + np.uint64(11)]; a3_12 = sf[b3 + np.uint64(12)]; a3_13 = sf[b3 + np.uint64(13)]; a3_14 = sf[b3 + np.uint64(14)]; a3_15 = sf[b3 + np.uint64(15)]
    a3_16 = sf[b3 + np.uint64(16)]; a3_17 = sf[b3 + np.uint64(17)]; a3_18 = sf[b3 + np.uint64(18)]; a3_19 = sf[b3 + np.uint64(19)]; a3_20 = sf[b3 + np.uint64(20)]; a3_21 = sf[b3 + np.uint64(21)]; a3_22 = sf[b3 + np.uint64(22)]; a3_23 = sf[b3 + np.uint64(23)]
    a3_24 = sf[b3 + np.uint64(24)]; a3_25 = sf[b3 + np.uint64(25)]; a3_26 = sf[b3 + np.uint64(26)]; a3_27 = sf[b3 + np.uint64(27)]; a3_28 = sf[b3 + np.uint64(28)]; a3_29 = sf[b3 + np.uint64(29)]; a3_30 = sf[b3 + np.uint64(30)]; a3_31 = sf[b3 + np.uint64(31)]
    b4 = (un0 + np.uint64(4)) * uO + uo0
    a4_0 = sf[b4 + np.uint64(0)]; a4_1 = sf[b4 + np.uint64(1)]; a4_2 = sf[b4 + np.uint64(2)]; a4_3 = sf[b4 + np.uint64(3)]; a4_4 = sf[b4 + np.uint64(4)]; a4_5 = sf[b4 + np.uint64(5)]; a4_6 = sf[b4 + np.uint64(6)]; a4_7 = sf[b4 + np.uint64(7)]
    a4_8 = sf[b4 + np.uint64(8)]; a4_9 = sf[b4 + np.uint64(9)]; a4_10 = sf[b4 + np.uint64(10)]; a4_11 = sf[b4 + np.uint64(11)]; a4_12 = sf[b4 + np.uint64(12)]; a4_13 = sf[b4 + np.uint64(13)]; a4_14 = sf[b4 + np.uint64(14)]; a4_15 = sf[b4 + np.uint64(15)]
    a4_16 = sf[b4 + np.uint64(16)]; a4_17 = sf[b4 + np.uint64(17)]; a4_18 = sf[b4 + np.uint64(18)]; a4_19 = sf[b4 + np.uint64(19)]; a4_20 = sf[b4 + np.uint64(20)]; a4_21 = sf[b4 + np.uint64(21)]; a4_22 = sf[b4 + np.uint64(22)]; a4_23 = sf[b4 + np.uint64(23)]
    a4_24 = sf[b4 + np.uint64(24)]; a4_25 = sf[b4 + np.uint64(25)]; a4_26 = sf[b4 + np.uint64(26)]; a4_27 = sf[b4 + np.uint64(27)]; a4_28 = sf[b4 + np.uint64(28)]; a4_29 = sf[b4 + np.uint64(29)]; a4_30 = sf[b4 + np.uint64(30)]; a4_31 = sf[b4 + np.uint64(31)]
    b5 = (un0 + np.uint64(5)) * uO + uo0
    a5_0 = sf[b5 + np.uint64(0)]; a5_1 = sf[b5 + np.uint64(1)]; a5_2 = sf[b5 + np.uint64(2)]; a5_3 = sf[b5 + np.uint64(3)]; a5_4 = sf[b5 + np.uint64(4)]; a5_5 = sf[b5 + np.uint64(5)]; a5_6 = sf[b5 + np.uint64(6)]; a5_7 = sf[b5 + np.uint64(7)]
    a5_8 = sf[b5 + np.uint64(8)]; a5_9 = sf[b5 + np.uint64(9)]; a5_10 = sf[b5 + np.uint64(10)]; a5_11 = sf[b5 + np.uint64(11)]; a5_12 = sf[b5 + np.uint64(12)]; a5_13 = sf[b5 + np.uint64(13)]; a5_14 = sf[b5 + np.uint64(14)]; a5_15 = sf[b5 + np.uint64(15)]
    a5_16 = sf[b5 + np.uint64(16)]; a5_17 = sf[b5 + np.uint64(17)]; a5_18 = sf[b5 + np.uint64(18)]; a5_19 = sf[b5 + np.uint64(19)]; a5_20 = sf[b5 + np.uint64(20)]; a5_21 = sf[b5 + np.uint64(21)]; a5_22 = sf[b5 + np.uint64(22)]; a5_23 = sf[b5 + np.uint64(23)]
    a5_24 = sf[b5 + np.uint64(24)]; a5_25 = sf[b5 + np.uint64(25)]; a5_26 = sf[b5 + np.uint64(26)]; a5_27 = sf[b5 + np.uint64(27)]; a5_28 = sf[b5 + np.uint64(28)]; a5_29 = sf[b5 + np.uint64(29)]; a5_30 = sf[b5 + np.uint64(30)]; a5_31 = sf[b5 + np.uint64(31)]
    b6 = (un0 + np.uint64(6)) * uO + uo0
    a6_0 = sf[b6 + np.uint64(0)]; a6_1 = sf[b6 + np.uint64(1)]; a6_2 = sf[b6 + np.uint64(2)]; a6_3 = sf[b6 + np.uint64(3)]; a6_4 = sf[b6 + np.uint64(4)]; a6_5 = sf[b6 + np.uint64(5)]; a6_6 = sf[b6 + np.uint64(6)]; a6_7 = sf[b6 + np.uint64(7)]
    a6_8 = sf[b6 + np.uint64(8)]; a6_9 = sf[b6 + np.uint64(9)]; a6_10 = sf[b6 + np.uint64(10)]; a6_11 = sf[b6 + np.uint64(11)]; a6_12 = sf[b6 + np.uint64(12)]; a6_13 = sf[b6 + np.uint64(13)]; a6_14 = sf[b6 + np.uint64(14)]; a6_15 = sf[b6 + np.uint64(15)]
    a6_16 = sf[b6 + np.uint64(16)]; a6_17 = sf[b6 + np.uint64(17)]; a6_18 = sf[b6 + np.uint64(18)]; a6_19 = sf[b6 + np.uint64(19)]; a6_20 = sf[b6 + np.uint64(20)]; a6_21 = sf[b6 + np.uint64(21)]; a6_22 = sf[b6 + np.uint64(22)]; a6_23 = sf[b6 + np.uint64(23)]
    a6_24 = sf[b6 + np.uint64(24)]; a6_25 = sf[b6 + np.uint64(25)]; a6_26 = sf[b6 + np.uint64(26)]; a6_27 = sf[b6 + np.uint64(27)]; a6_28 = sf[b6 + np.uint64(28)]; a6_29 = sf[b6 + np.uint64(29)]; a6_30 = sf[b6 + np.uint64(30)]; a6_31 = sf[b6 + np.uint64(31)]
    b7 = (un0 + np.uint64(7)) * uO + uo0
    a7_0 = sf[b7 + np.uint64(0)]; a7_1 = sf[b7 + np.uint64(1)]; a7_2 = sf[b7 + np.uint64(2)]; a7_3 = sf[b7 + np.uint64(3)]; a7_4 = sf[b7 + np.uint64(4)]; a7_5 = sf[b7 + np.uint64(5)]; a7_6 = sf[b7 + np.uint64(6)]; a7_7 = sf[b7 + np.uint64(7)]
    a7_8 = sf[b7 + np.uint64(8)]; a7_9 = sf[b7 + np.uint64(9)]; a7_10 = sf[b7 + np.uint64(10)]; a7_11 = sf[b7 + np.uint64(11)]; a7_12 = sf[b7 + np.uint64(12)]; a7_13 = sf[b7 + np.uint64(13)]; a7_14 = sf[b7 + np.uint64(14)]; a7_15 = sf[b7 + np.uint64(15)]
    a7_16 = sf[b7 + np.uint64(16)]; a7_17 = sf[b7 + np.uint64(17)]; a7_18 = sf[b7 + np.uint64(18)]; a7_19 = sf[b7 + np.uint64(19)]; a7_20 = sf[b7 + np.uint64(20)]; a7_21 = sf[b7 + np.uint64(21)]; a7_22 = sf[b7 + np.uint64(22)]; a7_23 = sf[b7 + np.uint64(23)]
    a7_24 = sf[b7 + np.uint64(24)]; a7_25 = sf[b7 + np.uint64(25)]; a7_26 = sf[b7 + np.uint64(26)]; a7_27 = sf[b7 + np.uint64(27)]; a7_28 = sf[b7 + np.uint64(28)]; a7_29 = sf[b7 + np.uint64(29)]; a7_30 = sf[b7 + np.uint64(30)]; a7_31 = sf[b7 + np.uint64(31)]
    for j in range(j0, j1):
        wo = np.uint64(rows[j]) * uO + uo0
        xo = np.uint64(j) * uN + un0
        w0 = wf[wo + np.uint64(0)]; w1 = wf[wo + np.uint64(1)]; w2 = wf[wo + np.uint64(2)]; w3 = wf[wo + np.uint64(3)]; w4 = wf[wo + np.uint64(4)]; w5 = wf[wo + np.uint64(5)]; w6 = wf[wo + np.uint64(6)]; w7 = wf[wo + np.uint64(7)]
        w8 = wf[wo + np.uint64(8)]; w9 = wf[wo + np.uint64(9)]; w10 = wf[wo + np.uint64(10)]; w11 = wf[wo + np.uint64(11)]; w12 = wf[wo + np.uint64(12)]; w13 = wf[wo + np.uint64(13)]; w14 = wf[wo + np.uint64(14)]; w15 = wf[wo + np.uint64(15)]
        w16 = wf[wo + np.uint64(16)]; w17 = wf[wo + np.uint64(17)]; w18 = wf[wo + np.uint64(18)]; w19 = wf[wo + np.uint64(19)]; w20 = wf[wo + np.uint64(20)]; w21 = wf[wo + np.uint64(21)]; w22 = wf[wo + np.uint64(22)]; w23 = wf[wo + np.uint64(23)]
        w24 = wf[wo + np.uint64(24)]; w25 = wf[wo + np.uint64(25)]; w26 = wf[wo + np.uint64(26)]; w27 = wf[wo + np.uint64(27)]; w28 = wf[wo + np.uint64(28)]; w29 = wf[wo + np.uint64(29)]; w30 = wf[wo + np.uint64(30)]; w31 = wf[wo + np.uint64(31)]
        x0 = xk[xo + np.uint64(0)]; x1 = xk[xo + np.uint64(1)]; x2 = xk[xo + np.uint64(2)]; x3 = xk[xo + np.uint64(3)]; x4 = xk[xo + np.uint64(4)]; x5 = xk[xo + np.uint64(5)]; x6 = xk[xo + np.uint64(6)]; x7 = xk[xo + np.uint64(7)]
        a0_0 += x0 * w0; a0_1 += x0 * w1; a0_2 += x0 * w2; a0_3 += x0 * w3; a0_4 += x0 * w4; a0_5 += x0 * w5; a0_6 += x0 * w6; a0_7 += x0 * w7
        a0_8 += x0 * w8; a0_9 += x0 * w9; a0_10 += x0 * w10; a0_11 += x0 * w11; a0_12 += x0 * w12; a0_13 += x0 * w13; a0_14 += x0 * w14; a0_15 += x0 * w15
        a0_16 += x0 * w16; a0_17 += x0 * w17; a0_18 += x0 * w18; a0_19 += x0 * w19; a0_20 += x0 * w20; a0_21 += x0 * w21; a0_22 += x0 * w22; a0_23 += x0 * w23
        a0_24 += x0 * w24; a0_25 += x0 * w25; a0_26 += x0 * w26; a0_27 += x0 * w27; a0_28 += x0 * w28; a0_29 += x0 * w29; a0_30 += x0 * w30; a0_31 += x0 * w31
        a1_0 += x1 * w0; a1_1 += x1 * w1; a1_2 += x1 * w2; a1_3 += x1 * w3; a1_4 += x1 * w4; a1_5 += x1 * w5; a1_6 += x1 * w6; a1_7 += x1 * w7
        a1_8 += x1 * w8; a1_9 += x1 * w9; a1_10 += x1 * w10; a1_11 += x1 * w11; a1_12 += x1 * w12; a1_13 += x1 * w13; a1_14 += x1 * w14; a1_15 += x1 * w15
        a1_16 += x1 * w16; a1_17 += x1 * w17; a1_18 += x1 * w18; a1_19 += x1 * w19; a1_20 += x1 * w20; a1_21 += x1 * w21; a1_22 += x1 * w22; a1_23 += x1 * w23
        a1_24 += x1 * w24; a1_25 += x1 * w25; a1_26 += x1 * w26; a1_27 += x1 * w27; a1_28 += x1 * w28; a1_29 += x1 * w29; a1_30 += x1 * w30; a1_31 += x1 * w31
        a2_0 += x2 * w0; a2_1 += x2 * w1; a2_2 += x2 * w2; a2_3 += x2 * w3; a2_4 += x2 * w4; a2_5 += x2 * w5; a2_6 += x2 * w6; a2_7 += x2 * w7
        a2_8 += x2 * w8; a2_9 += x2 * w9; a2_10 += x2 * w10; a2_11 += x2 * w11; a2_12 += x2 * w12; a2_13 += x2 * w13; a2_14 += x2 * w14; a2_15 += x2 * w15
        a2_16 += x2 * w16; a2_17 += x2 * w17; a2_18 += x2 * w18; a2_19 += x2 * w19; a2_20 += x2 * w20; a2_21 += x2 * w21; a2_22 += x2 * w22; a2_23 += x2 * w23
        a2_24 += x2 * w24; a2_25 += x2 * w25; a2_26 += x2 * w26; a2_27 += x2 * w27; a2_28 += x2 * w28; a2_29 += x2 * w29; a2_30 += x2 * w30; a2_31 += x2 * w31
        a3_0 += x3 * w0; a3_1 += x3 * w1; a3_2 += x3 * w2; a3_3 += x3 * w3; a3_4 += x3 * w4; a3_5 += x3 * w5; a3_6 += x3 * w6; a3_7 += x3 * w7
        a3_8 += x3 * w8; a3_9 += x3 * w9; a3_10 += x3 * w10; a3_11 += x3 * w11; a3_12 += x3 * w12; a3_13 += x3 * w13; a3_14 += x3 * w14; a3_15 += x3 * w15
        a3_16 += x3 * w16; a3_17 += x3 * w17; a3_18 += x3 * w18; a3_19 += x3 * w19; a3_20 += x3 * w20; a3_21 += x3 * w21; a3_22 += x3 * w22; a3_23 += x3 * w23
        a3_24 += x3 * w24; a3_25 += x3 * w25; a3_26 += x3 * w26; a3_27 += x3 * w27; a3_28 += x3 * w28; a3_29 += x3 * w29; a3_30 += x3 * w30; a3_31 += x3 * w31
        a4_0 += x4 * w0; a4_1 += x4 * w1; a4_2 += x4 * w2; a4_3 += x4 * w3; a4_4 += x4 * w4; a4_5 += x4 * w5; a4_6 += x4 * w6; a4_7 += x4 * w7
        a4_8 += x4 * w8; a4_9 += x4 * w9; a4_10 += x4 * w10; a4_11 += x4 * w11; a4_12 += x4 * w12; a4_13 += x4 * w13; a4_14 += x4 * w14; a4_15 += x4 * w15
        a4_16 += x4 * w16; a4_17 += x4 * w17; a4_18 += x4 * w18; a4_19 += x4 * w19; a4_20 += x4 * w20; a4_21 += x4 * w21; a4_22 += x4 * w22; a4_23 += x4 * w23
        a4_24 += x4 * w24; a4_25 += x4 * w25; a4_26 += x4 * w26; a4_27 += x4 * w27; a4_28 += x4 * w28; a4_29 += x4 * w29; a4_30 += x4 * w30; a4_31 += x4 * w31
        a5_0 += x5 * w0; a5_1 += x5 * w1; a5_2 += x5 * w2; a5_3 += x5 * w3; a5_4 += x5 * w4; a5_5 += x5 * w5; a5_6 += x5 * w6; a5_7 += x5 * w7
        a5_8 += x5 * w8; a5_9 += x5 * w9; a5_10 += x5 * w10; a5_11 += x5 * w11; a5_12 += x5 * w12; a5_13 += x5 * w13; a5_14 += x5 * w14; a5_15 += x5 * w15
        a5_16 += x5 * w16; a5_17 += x5 * w17; a5_18 += x5 * w18; a5_19 += x5 * w19; a5_20 += x5 * w20; a5_21 += x5 * w21; a5_22 += x5 * w22; a5_23 += x5 * w23
        a5_24 += x5 * w24; a5_25 += x5 * w25; a5_26 += x5 * w26; a5_27 += x5 * w27; a5_28 += x5 * w28; a5_29 += x5 * w29; a5_30 += x5 * w30; a5_31 += x5 * w31
        a6_0 += x6 * w0; a6_1 += x6 * w1; a6_2 += x6 * w2; a6_3 += x6 * w3; a6_4 += x6 * w4; a6_5 += x6 * w5; a6_6 += x6 * w6; a6_7 += x6 * w7
        a6_8 += x6 * w8; a6_9 += x6 * w9; a6_10 += x6 * w10; a6_11 += x6 * w11; a6_12 += x6 * w12; a6_13 += x6 * w13; a6_14 += x6 * w14; a6_15 += x6 * w15
        a6_16 += x6 * w16; a6_17 += x6 * w17; a6_18 += x6 * w18; a6_19 += x6 * w19; a6_20 += x6 * w20; a6_21 += x6 * w21; a6_22 += x6 * w22; a6_23 += x6 * w23
        a6_24 += x6 * w24; a6_25 += x6 * w25; a6_26 += x6 * w26; a6_27 += x6 * w27; a6_28 += x6 * w28; a6_29 += x6 * w29; a6_30 += x6 * w30; a6_31 += x6 * w31
        a7_0 += x7 * w0; a7_1 += x7 * w1; a7_2 += x7 * w2; a7_3 += x7 * w3; a7_4 += x7 * w4; a7_5 += x7 * w5; a7_6 += x7 * w6; a7_7 += x7 * w7
        a7_8 += x7 * w8; a7_9 += x7 * w9; a7_10 += x7 * w10; a7_11 += x7 * w11; a7_12 += x7 * w12; a7_13 += x7 * w13; a7_14 += x7 * w14; a7_15 += x7 * w15
        a7_16 += x7 * w16; a7_17 += x7 * w17; a7_18 += x7 * w18; a7_19 += x7 * w19; a7_20 += x7 * w20; a7_21 += x7 * w21; a7_22 += x7 * w22; a7_23 += x7 * w23
        a7_24 += x7 * w24; a7_25 += x7 * w25; a7_26 += x7 * w26; a7_27 += x7 * w27; a7_28 += x7 * w28; a7_29 += x7 * w29; a7_30 += x7 * w30; a7_31 += x7 * w31
    sf[b0 + np.uint64(0)] = a0_0; sf[b0 + np.uint64(1)] = a0_1; sf[b0 + np.uint64(2)] = a0_2; sf[b0 + np.uint64(3)] = a0_3; sf[b0 + np.uint64(4)] = a0_4; sf[b0 + np.uint64(5)] = a0_5; sf[b0 + np.uint64(6)] = a0_6; sf[b0 + np.uint64(7)] = a0_7
    sf[b0 + np.uint64(8)] = a0_8; sf[b0 + np.uint64(9)] = a0_9; sf[b0 + np.uint64(10)] = a0_10; sf[b0 + np.uint64(11)] = a0_11; sf[b0 + np.uint64(12)] = a0_12; sf[b0 + np.uint64(13)] = a0_13; sf[b0 + np.uint64(14)] = a0_14; sf[b0 + np.uint64(15)] = a0_15
    sf[b0 + np.uint64(16)] = a0_16; sf[b0 + np.uint64(17)] = a0_17; sf[b0 + np.uint64(18)] = a0_18; sf[b0 + np.uint64(19)] = a0_19; sf[b0 + np.uint64(20)] = a0_20; sf[b0 + np.uint64(21)] = a0_21; sf[b0 + np.uint64(22)] = a0_22; sf[b0 + np.uint64(23)] = a0_23
    sf[b0 + np.uint64(24)] = a0_24; sf[b0 + np.uint64(25)] = a0_25; sf[b0 + np.uint64(26)] = a0_26; sf[b0 + np.uint64(27)] = a0_27; sf[b0 + np.uint64(28)] = a0_28; sf[b0 + np.uint64(29)] = a0_29; sf[b0 + np.uint64(30)] = a0_30; sf[b0 + np.uint64(31)] = a0_31
    sf[b1 + np.uint64(0)] = a1_0; sf[b1 + np.uint64(1)] = a1_1; sf[b1 + np.uint64(2)] = a1_2; sf[b1 + np.uint64(3)] = a1_3; sf[b1 + np.uint64(4)] = a1_4; sf[b1 + np.uint64(5)] = a1_5; sf[b1 + np.uint64(6)] = a1_6; sf[b1 + np.uint64(7)] = a1_7
    sf[b1 + np.uint64(8)] = a1_8; sf[b1 + np.uint64(9)] = a1_9; sf[b1 + np.uint64(10)] = a1_10; sf[b1 + np.uint64(11)] = a1_11; sf[b1 + np.uint64(12)] = a1_12; sf[b1 + np.uint64(13)] = a1_13; sf[b1 + np.uint64(14)] = a1_14; sf[b1 + np.uint64(15)] = a1_15
    sf[b1 + np.uint64(16)] = a1_16; sf[b1 + np.uint64(17)] = a1_17; sf[b1 + np.uint64(18)] = a1_18; sf[b1 + np.uint64(19)] = a1_19; sf[b1 + np.uint64(20)] = a1_20; sf[b1 + np.uint64(21)] = a1_21; sf[b1 + np.uint64(22)] = a1_22; sf[b1 + np.uint64(23)] = a1_23
    sf[b1 + np.uint64(24)] = a1_24; sf[b1 + np.uint64(25)] = a1_25; sf[b1 + np.uint64(26)] = a1_26; sf[b1 + np.uint64(27)] = a1_27; sf[b1 + np.uint64(28)] = a1_28; sf[b1 + np.uint64(29)] = a1_29; sf[b1 + np.uint64(30)] = a1_30; sf[b1 + np.uint64(31)] = a1_31
    sf[b2 + np.uint64(0)] = a2_0; sf[b2 + np.uint64(1)] = a2_1; sf[b2 + np.uint64(2)] = a2_2; sf[b2 + np.uint64(3)] = a2_3; sf[b2 + np.uint64(4)] = a2_4; sf[b2 + np.uint64(5)] = a2_5; sf[b2 + np.uint64(6)] = a2_6; sf[b2 + np.uint64(7)] = a2_7
    sf[b2 + np.uint64(8)] = a2_8; sf[b2 + np.uint64(9)] = a2_9; sf[b2 + np.uint64(10)] = a2_10; sf[b2 + np.uint64(11)] = a2_11; sf[b2 + np.uint64(12)] = a2_12; sf[b2 + np.uint64(13)] = a2_13; sf[b2 + np.uint64(14)] = a2_14; sf[b2 + np.uint64(15)] = a2_15
    sf[b2 + np.uint64(16)] = a2_16; sf[b2 + np.uint64(17)] = a2_17; sf[b2 + np.uint64(18)] = a2_18; sf[b2 + np.uint64(19)] = a2_19; sf[b2 + np.uint64(20)] = a2_20; sf[b2 + np.uint64(21)] = a2_21; sf[b2 + np.uint64(22)] = a2_22; sf[b2 + np.uint64(23)] = a2_23
    sf[b2 + np.uint64(24)] = a2_24; sf[b2 + np.uint64(25)] = a2_25; sf[b2 + np.uint64(26)] = a2_26; sf[b2 + np.uint64(27)] = a2_27; sf[b2 + np.uint64(28)] = a2_28; sf[b2 + np.uint64(29)] = a2_29; sf[b2 + np.uint64(30)] = a2_30; sf[b2 + np.uint64(31)] = a2_31
    sf[b3 + np.uint64(0)] = a3_0; sf[b3 + np.uint64(1)] = a3_1; sf[b3 + np.uint64(2)] = a3_2; sf[b3 + np.uint64(3)] = a3_3; sf[b3 + np.uint64(4)] = a3_4; sf[b3 + np.uint64(5)] = a3_5; sf[b3 + np.uint64(6)] = a3_6; sf[b3 + np.uint64(7)] = a3_7
    sf[b3 + np.uint64(8)] = a3_8; sf[b3 + np.uint64(9)] = a3_9; sf[b3 + np.uint64(10)] = a3_10; sf[b3 + np.uint64(11)] = a3_11; sf[b3 + np.uint64(12)] = a3_12; sf[b3 + np.uint64(13)] = a3_13; sf[b3 + np.uint64(14)] = a3_14; sf[b3 + np.uint64(15)] = a3_15
    sf[b3 + np.uint64(16)] = a3_16; sf[b3 + np.uint64(17)] = a3_17; sf[b3 + np.uint64(18)] = a3_18; sf[b3 + np.uint64(19)] = a3_19; sf[b3 + np.uint64(20)] = a3_20; sf[b3 + np.uint64(21)] = a3_21; sf[b3 + np.uint64(22)] = a3_22; sf[b3 + np.uint64(23)] = a3_23
    sf[b3 + np.uint64(24)] = a3_24; sf[b3 + np.uint64(25)] = a3_25; sf[b3 + np.uint64(26)] = a3_26; sf[b3 + np.uint64(27)] = a3_27; sf[b3 + np.uint64(28)] = a3_28; sf[b3 + np.uint64(29)] = a3_29; sf[b3 + np.uint64(30)] = a3_30; sf[b3 + np.uint64(31)] = a3_31
    sf[b4 + np.uint64(0)] = a4_0; sf[b4 + np.uint64(1)] = a4_1; sf[b4 + np.uint64(2)] = a4_2; sf[b4 + np.uint64(3)] = a4_3; sf[b4 + np.uint64(4)] = a4_4; sf[b4 + np.uint64(5)] = a4_5; sf[b4 + np.uint64(6)] = a4_6; sf[b4 + np.uint64(7)] = a4_7
    sf[b4 + np.uint64(8)] = a4_8; sf[b4 + np.uint64(9)] = a4_9; sf[b4 + np.uint64(10)] = a4_10; sf[b4 + np.uint64(11)] = a4_11; sf[b4 + np.uint64(12)] = a4_12; sf[b4 + np.uint64(13)] = a4_13; sf[b4 + np.uint64(14)] = a4_14; sf[b4 + np.uint64(15)] = a4_15
    sf[b4 + np.uint64(16)] = a4_16; sf[b4 + np.uint64(17)] = a4_17; sf[b4 + np.uint64(18)] = a4_18; sf[b4 + np.uint64(19)] = a4_19; sf[b4 + np.uint64(20)] = a4_20; sf[b4 + np.uint64(21)] = a4_21; sf[b4 + np.uint64(22)] = a4_22; sf[b4 + np.uint64(23)] = a4_23
    sf[b4 + np.uint64(24)] = a4_24; sf[b4 + np.uint64(25)] = a4_25; sf[b4 + np.uint64(26)] = a4_26; sf[b4 + np.uint64(27)] = a4_27; sf[b4 + np.uint64(28)] = a4_28; sf[b4 + np.uint64(29)] = a4_29; sf[b4 + np.uint64(30)] = a4_30; sf[b4 + np.uint64(31)] = a4_31
    sf[b5 + np.uint64(0)] = a5_0; sf[b5 + np.uint64(1)] = a5_1; sf[b5 + np.uint64(2)] = a5_2; sf[b5 + np.uint64(3)] = a5_3; sf[b5 + np.uint64(4)] = a5_4; sf[b5 + np.uint64(5)] = a5_5; sf[b5 + np.uint64(6)] = a5_6; sf[b5 + np.uint64(7)] = a5_7
    sf[b5 + np.uint64(8)] = a5_8; sf[b5 + np.uint64(9)] = a5_9; sf[b5 + np.uint64(10)] = a5_10; sf[b5 + np.uint64(11)] = a5_11; sf[b5 + np.uint64(12)] = a5_12; sf[b5 + np.uint64(13)] = a5_13; sf[b5 + np.uint64(14)] = a5_14; sf[b5 + np.uint64(15)] = a5_15
    sf[b5 + np.uint64(16)] = a5_16; sf[b5 + np.uint64(17)] = a5_17; sf[b5 + np.uint64(18)] = a5_18; sf[b5 + np.uint64(19)] = a5_19; sf[b5 + np.uint64(20)] = a5_20; sf[b5 + np.uint64(21)] = a5_21; sf[b5 + np.uint64(22)] = a5_22; sf[b5 + np.uint64(23)] = a5_23
    sf[b5 + np.uint64(24)] = a5_24; sf[b5 + np.uint64(25)] = a5_25; sf[b5 + np.uint64(26)] = a5_26; sf[b5 + np.uint64(27)] = a5_27; sf[b5 + np.uint64(28)] = a5_28; sf[b5 + np.uint64(29)] = a5_29; sf[b5 + np.uint64(30)] = a5_30; sf[b5 + np.uint64(31)] = a5_31
    sf[b6 + np.uint64(0)] = a6_0; sf[b6 + np.uint64(1)] = a6_1; sf[b6 + np.uint64(2)] = a6_2; sf[b6 + np.uint64(3)] = a6_3; sf[b6 + np.uint64(4)] = a6_4; sf[b6 + np.uint64(5)] = a6_5; sf[b6 + np.uint64(6)] = a6_6; sf[b6 + np.uint64(7)] = a6_7
    sf[b6 + np.uint64(8)] = a6_8; sf[b6 + np.uint64(9)] = a6_9; sf[b6 + np.uint64(10)] = a6_10; sf[b6 + np.uint64(11)] = a6_11; sf[b6 + np.uint64(12)] = a6_12; sf[b6 + np.uint64(13)] = a6_13; sf[b6 + np.uint64(14)] = a6_14; sf[b6 + np.uint64(15)] = a6_15
    sf[b6 + np.uint64(16)] = a6_16; sf[b6 + np.uint64(17)] = a6_17; sf[b6 + np.uint64(18)] = a6_18; sf[b6 + np.uint64(19)] = a6_19; sf[b6 + np.uint64(20)] = a6_20; sf[b6 + np.uint64(21)] = a6_21; sf[b6 + np.uint64(22)] = a6_22; sf[b6 + np.uint64(23)] = a6_23
    sf[b6 + np.uint64(24)] = a6_24; sf[b6 + np.uint64(25)] = a6_25; sf[b6 + np.uint64(26)] = a6_26; sf[b6 + np.uint64(27)] = a6_27; sf[b6 + np.uint64(28)] = a6_28; sf[b6 + np.uint64(29)] = a6_29; sf[b6 + np.uint64(30)] = a6_30; sf[b6 + np.uint64(31)] = a6_31
    sf[b7 + np.uint64(0)] = a7_0; sf[b7 + np.uint64(1)] = a7_1; sf[b7 + np.uint64(2)] = a7_2; sf[b7 + np.uint64(3)] = a7_3; sf[b7 + np.uint64(4)] = a7_4; sf[b7 + np.uint64(5)] = a7_5; sf[b7 + np.uint64(6)] = a7_6; sf[b7 + np.uint64(7)] = a7_7
    sf[b7 + np.uint64(8)] = a7_8; sf[b7 + np.uint64(9)] = a7_9; sf[b7 + np.uint64(10)] = a7_10; sf[b7 + np.uint64(11)] = a7_11; sf[b7 + np.uint64(12)] = a7_12; sf[b7 + np.uint64(13)] = a7_13; sf[b7 + np.uint64(14)] = a7_14; sf[b7 + np.uint64(15)] = a7_15
    sf[b7 + np.uint64(16)] = a7_16; sf[b7 + np.uint64(17)] = a7_17; sf[b7 + np.uint64(18)] = a7_18; sf[b7 + np.uint64(19)] = a7_19; sf[b7 + np.uint64(20)] = a7_20; sf[b7 + np.uint64(21)] = a7_21; sf[b7 + np.uint64(22)] = a7_22; sf[b7 + np.uint64(23)] = a7_23
    sf[b7 + np.uint64(24)] = a7_24; sf[b7 + np.uint64(25)] = a7_25; sf[b7 + np.uint64(26)] = a7_26; sf[b7 + np.uint64(27)] = a7_27; sf[b7 + np.uint64(28)] = a7_28; sf[b7 + np.uint64(29)] = a7_29; sf[b7 + np.uint64(30)] = a7_30; sf[b7 + np.uint64(31)] = a7_31


@njit(cache=True, fastmath=FMA, nogil=True, boundscheck=False, error_model='numpy')
def tile_32x4(wf, O, o0, rows, j0, j1, xk, N, n0, sf):
    uO = np.uint64(O)
    uN = np.uint64(N)
    uo0 = np.uint64(o0)
    un0 = np.uint64(n0)
    b0 = (un0 + np.uint64(0)) * uO + uo0
    a0_0 = sf[b0 + np.uint64(0)]; a0_1 = sf[b0 + np.uint64(1)]; a0_2 = sf[b0 + np.uint64(2)]; a0_3 = sf[b0 + np.uint64(3)]; a0_4 = sf[b0 + np.uint64(4)]; a0_5 = sf[b0 + np.uint64(5)]; a0_6 = sf[b0 + np.uint64(6)]; a0_7 = sf[b0 + np.uint64(7)]
    a0_8 = sf[b0 + np.uint64(8)]; a0_9 = sf[b0 + np.uint64(9)]; a0_10 = sf[b0 + np.uint64(10)]; a0_11 = sf[b0 + np.uint64(11)]; a0_12 = sf[b0 + np.uint64(12)]; a0_13 = sf[b0 + np.uint64(13)]; a0_14 = sf[b0 + np.uint64(14)]; a0_15 = sf[b0 + np.uint64(15)]
    a0_16 = sf[b0 + np.uint64(16)]; a0_17 = sf[b0 + np.uint64(17)]; a0_18 = sf[b0 + np.uint64(18)]; a0_19 = sf[b0 + np.uint64(19)]; a0_20 = sf[b0 + np.uint64(20)]; a0_21 = sf[b0 + np.uint64(21)]; a0_22 = sf[b0 + np.uint64(22)]; a0_23 = sf[b0 + np.uint64(23)]
    a0_24 = sf[b0 + np.uint64(24)]; a0_25 = sf[b0 + np.uint64(25)]; a0_26 = sf[b0 + np.uint64(26)]; a0_27 = sf[b0 + np.uint64(27)]; a0_28 = sf[b0 + np.uint64(28)]; a0_29 = sf[b0 + np.uint64(29)]; a0_30 = sf[b0 + np.uint64(30)]; a0_31 = sf[b0 + np.uint64(31)]
    b1 = (un0 + np.uint64(1)) * uO + uo0
    a1_0 = sf[b1 + np.uint64(0)]; a1_1 = sf[b1 + np.uint64(1)]; a1_2 = sf[b1 + np.uint64(2)]; a1_3 = sf[b1 + np.uint64(3)]; a1_4 = sf[b1 + np.uint64(4)]; a1_5 = sf[b1 + np.uint64(5)]; a1_6 = sf[b1 + np.uint64(6)]; a1_7 = sf[b1 + np.uint64(7)]
    a1_8 = sf[b1 + np.uint64(8)]; a1_9 = sf[b1 + np.uint64(9)]; a1_10 = sf[b1 + np.uint64(10)]; a1_11 = sf[b1 + np.uint64(11)]; a1_12 = sf[b1 + np.uint64(12)]; a1_13 = sf[b1 + np.uint64(13)]; a1_14 = sf[b1 + np.uint64(14)]; a1_15 = sf[b1 + np.uint64(15)]
    a1_16 = sf[b1 + np.uint64(16)]; a1_17 = sf[b1 + np.uint64(17)]; a1_18 = sf[b1 + np.uint64(18)]; a1_19 = sf[b1 + np.uint64(19)]; a1_20 = sf[b1 + np.uint64(20)]; a1_21 = sf[b1 + np.uint64(21)]; a1_22 = sf[b1 + np.uint64(22)]; a1_23 = sf[b1 + np.uint64(23)]
    a1_24 = sf[b1 + np.uint64(24)]; a1_25 = sf[b1 + np.uint64(25)]; a1_26 = sf[b1 + np.uint64(26)]; a1_27 = sf[b1 + np.uint64(27)]; a1_28 = sf[b1 + np.uint64(28)]; a1_29 = sf[b1 + np.uint64(29)]; a1_30 = sf[b1 + np.uint64(30)]; a1_31 = sf[b1 + np.uint64(31)]
    b2 = (un0 + np.uint64(2)) * uO + uo0
    a2_0 = sf[b2 + np.uint64(0)]; a2_1 = sf[b2 + np.uint64(1)]; a2_2 = sf[b2 + np.uint64(2)]; a2_3 = sf[b2 + np.uint64(3)]; a2_4 = sf[b2 + np.uint64(4)]; a2_5 = sf[b2 + np.uint64(5)]; a2_6 = sf[b2 + np.uint64(6)]; a2_7 = sf[b2 + np.uint64(7)]
    a2_8 = sf[b2 + np.uint64(8)]; a2_9 = sf[b2 + np.uint64(9)]; a2_10 = sf[b2 + np.uint64(10)]; a2_11 = sf[b2 + np.uint64(11)]; a2_12 = sf[b2 + np.uint64(12)]; a2_13 = sf[b2 + np.uint64(13)]; a2_14 = sf[b2 + np.uint64(14)]; a2_15 = sf[b2 + np.uint64(15)]
    a2_16 = sf[b2 + np.uint64(16)]; a2_17 = sf[b2 + np.uint64(17)]; a2_18 = sf[b2 + np.uint64(18)]; a2_19 = sf[b2 + np.uint64(19)]; a2_20 = sf[b2 + np.uint64(20)]; a2_21 = sf[b2 + np.uint64(21)]; a2_22 = sf[b2 + np.uint64(22)]; a2_23 = sf[b2 + np.uint64(23)]
    a2_24 = sf[b2 + np.uint64(24)]; a2_25 = sf[b2 + np.uint64(25)]; a2_26 = sf[b2 + np.uint64(26)]; a2_27 = sf[b2 + np.uint64(27)]; a2_28 = sf[b2 + np.uint64(28)]; a2_29 = sf[b2 + np.uint64(29)]; a2_30 = sf[b2 + np.uint64(30)]; a2_31 = sf[b2 + np.uint64(31)]
    b3 = (un0 + np.uint64(3)) * uO + uo0
    a3_0 = sf[b3 + np.uint64(0)]; a3_1 = sf[b3 + np.uint64(1)]; a3_2 = sf[b3 + np.uint64(2)]; a3_3 = sf[b3 + np.uint64(3)]; a3_4 = sf[b3 + np.uint64(4)]; a3_5 = sf[b3 + np.uint64(5)]; a3_6 = sf[b3 + np.uint64(6)]; a3_7 = sf[b3 + np.uint64(7)]
    a3_8 = sf[b3 + np.uint64(8)]; a3_9 = sf[b3 + np.uint64(9)]; a3_10 = sf[b3 + np.uint64(10)]; a3_11 = sf[b3 + np.uint64(11)]; a3_12 = sf[b3 + np.uint64(12)]; a3_13 = sf[b3 + np.uint64(13)]; a3_14 = sf[b3 + np.uint64(14)]; a3_15 = sf[b3 + np.uint64(15)]
    a3_16 = sf[b3 + np.uint64(16)]; a3_17 = sf[b3 + np.uint64(17)]; a3_18 = sf[b3 + np.uint64(18)]; a3_19 = sf[b3 + np.uint64(19)]; a3_20 = sf[b3 + np.uint64(20)]; a3_21 = sf[b3 + np.uint64(21)]; a3_22 = sf[b3 + np.uint64(22)]; a3_23 = sf[b3 + np.uint64(23)]
    a3_24 = sf[b3 + np.uint64(24)]; a3_25 = sf[b3 + np.uint64(25)]; a3_26 = sf[b3 + np.uint64(26)]; a3_27 = sf[b3 + np.uint64(27)]; a3_28 = sf[b3 + np.uint64(28)]; a3_29 = sf[b3 + np.uint64(29)]; a3_30 = sf[b3 + np.uint64(30)]; a3_31 = sf[b3 + np.uint64(31)]
    for j in range(j0, j1):
        wo = np.uint64(rows[j]) * uO + uo0
        xo = np.uint64(j) * uN + un0
        w0 = wf[wo + np.uint64(0)]; w1 = wf[wo + np.uint64(1)]; w2 = wf[wo + np.uint64(2)]; w3 = wf[wo + np.uint64(3)]; w4 = wf[wo + np.uint64(4)]; w5 = wf[wo + np.uint64(5)]; w6 = wf[wo + np.uint64(6)]; w7 = wf[wo + np.uint64(7)]
        w8 = wf[wo + np.uint64(8)]; w9 = wf[wo + np.uint64(9)]; w10 = wf[wo + np.uint64(10)]; w11 = wf[wo + np.uint64(11)]; w12 = wf[wo + np.uint64(12)]; w13 = wf[wo + np.uint64(13)]; w14 = wf[wo + np.uint64(14)]; w15 = wf[wo + np.uint64(15)]
        w16 = wf[wo + np.uint64(16)]; w17 = wf[wo + np.uint64(17)]; w18 = wf[wo + np.uint64(18)]; w19 = wf[wo + np.uint64(19)]; w20 = wf[wo + np.uint64(20)]; w21 = wf[wo + np.uint64(21)]; w22 = wf[wo + np.uint64(22)]; w23 = wf[wo + np.uint64(23)]
        w24 = wf[wo + np.uint64(24)]; w25 = wf[wo + np.uint64(25)]; w26 = wf[wo + np.uint64(26)]; w27 = wf[wo + np.uint64(27)]; w28 = wf[wo + np.uint64(28)]; w29 = wf[wo + np.uint64(29)]; w30 = wf[wo + np.uint64(30)]; w31 = wf[wo + np.uint64(31)]
        x0 = xk[xo + np.uint64(0)]; x1 = xk[xo + np.uint64(1)]; x2 = xk[xo + np.uint64(2)]; x3 = xk[xo + np.uint64(3)]
        a0_0 += x0 * w0; a0_1 += x0 * w1; a0_2 += x0 * w2; a0_3 += x0 * w3; a0_4 += x0 * w4; a0_5 += x0 * w5; a0_6 += x0 * w6; a0_7 += x0 * w7
        a0_8 += x0 * w8; a0_9 += x0 * w9; a0_10 += x0 * w10; a0_11 += x0 * w11; a0_12 += x0 * w12; a0_13 += x0 * w13; a0_14 += x0 * w14; a0_15 += x0 * w15
        a0_16 += x0 * w16; a0_17 += x0 * w17; a0_18 += x0 * w18; a0_19 += x0 * w19; a0_20 += x0 * w20; a0_21 += x0 * w21; a0_22 += x0 * w22; a0_23 += x0 * w23
        a0_24 += x0 * w24; a0_25 += x0 * w25; a0_26 += x0 * w26; a0_27 += x0 * w27; a0_28 += x0 * w28; a0_29 += x0 * w29; a0_30 += x0 * w30; a0_31 += x0 * w31
        a1_0 += x1 * w0; a1_1 += x1 * w1; a1_2 += x1 * w2; a1_3 += x1 * w3; a1_4 += x1 * w4; a1_5 += x1 * w5; a1_6 += x1 * w6; a1_7 += x1 * w7
        a1_8 += x1 * w8; a1_9 += x1 * w9; a1_10 += x1 * w10; a1_11 += x1 * w11; a1_12 += x1 * w12; a1_13 += x1 * w13; a1_14 += x1 * w14; a1_15 += x1 * w15
        a1_16 += x1 * w16; a1_17 += x1 * w17; a1_18 += x1 * w18; a1_19 += x1 * w19; a1_20 += x1 * w20; a1_21 += x1 * w21; a1_22 += x1 * w22; a1_23 += x1 * w23
        a1_24 += x1 * w24; a1_25 += x1 * w25; a1_26 += x1 * w26; a1_27 += x1 * w27; a1_28 += x1 * w28; a1_29 += x1 * w29; a1_30 += x1 * w30; a1_31 += x1 * w31
        a2_0 += x2 * w0; a2_1 += x2 * w1; a2_2 += x2 * w2; a2_3 += x2 * w3; a2_4 += x2 * w4; a2_5 += x2 * w5; a2_6 += x2 * w6; a2_7 += x2 * w7
        a2_8 += x2 * w8; a2_9 += x2 * w9; a2_10 += x2 * w10; a2_11 += x2 * w11; a2_12 += x2 * w12; a2_13 += x2 * w13; a2_14 += x2 * w14; a2_15 += x2 * w15
        a2_16 += x2 * w16; a2_17 += x2 * w17; a2_18 += x2 * w18; a2_19 += x2 * w19; a2_20 += x2 * w20; a2_21 += x2 * w21; a2_22 += x2 * w22; a2_23 += x2 * w23
        a2_24 += x2 * w24; a2_25 += x2 * w25; a2_26 += x2 * w26; a2_27 += x2 * w27; a2_28 += x2 * w28; a2_29 += x2 * w29; a2_30 += x2 * w30; a2_31 += x2 * w31
        a3_0 += x3 * w0; a3_1 += x3 * w1; a3_2 += x3 * w2; a3_3 += x3 * w3; a3_4 += x3 * w4; a3_5 += x3 * w5; a3_6 += x3 * w6; a3_7 += x3 * w7
        a3_8 += x3 * w8; a3_9 += x3 * w9; a3_10 += x3 * w10; a3_11 += x3 * w11; a3_12 += x3 * w12; a3_13 += x3 * w13; a3_14 += x3 * w14; a3_15 += x3 * w15
        a3_16 += x3 * w16; a3_17 += x3 * w17; a3_18 += x3 * w18; a3_19 += x3 * w19; a3_20 += x3 * w20; a3_21 += x3 * w21; a3_22 += x3 * w22; a3_23 += x3 * w23
        a3_24 += x3 * w24; a3_25 += x3 * w25; a3_26 += x3 * w26; a3_27 += x3 * w27; a3_28 += x3 * w28; a3_29 += x3 * w29; a3_30 += x3 * w30; a3_31 += x3 * w31
    sf[b0 + np.uint64(0)] = a0_0; sf[b0 + np.uint64(1)] = a0_1; sf[b0 + np.uint64(2)] = a0_2; sf[b0 + np.uint64(3)] = a0_3; sf[b0 + np.uint64(4)] = a0_4; sf[b0 + np.uint64(5)] = a0_5; sf[b0 + np.uint64(6)] = a0_6; sf[b0 + np.uint64(7)] = a0_7
    sf[b0 + np.uint64(8)] = a0_8; sf[b0 + np.uint64(9)] = a0_9; sf[b0 + np.uint64(10)] = a0_10; sf[b0 + np.uint64(11)] = a0_11; sf[b0 + np.uint64(12)] = a0_12; sf[b0 + np.uint64(13)] = a0_13; sf[b0 + np.uint64(14)] = a0_14; sf[b0 + np.uint64(15)] = a0_15
    sf[b0 + np.uint64(16)] = a0_16; sf[b0 + np.uint64(17)] = a0_17; sf[b0 + np.uint64(18)] = a0_18; sf[b0 + np.uint64(19)] = a0_19; sf[b0 + np.uint64(20)] = a0_20; sf[b0 + np.uint64(21)] = a0_21; sf[b0 + np.uint64(22)] = a0_22; sf[b0 + np.uint64(23)] = a0_23
    sf[b0 + np.uint64(24)] = a0_24; sf[b0 + np.uint64(25)] = a0_25; sf[b0 + np.uint64(26)] = a0_26; sf[b0 + np.uint64(27)] = a0_27; sf[b0 + np.uint64(28)] = a0_28; sf[b0 + np.uint64(29)] = a0_29; sf[b0 + np.uint64(30)] = a0_30; sf[b0 + np.uint64(31)] = a0_31
    sf[b1 + np.uint64(0)] = a1_0; sf[b1 + np.uint64(1)] = a1_1; sf[b1 + np.uint64(2)] = a1_2; sf[b1 + np.uint64(3)] = a1_3; sf[b1 + np.uint64(4)] = a1_4; sf[b1 + np.uint64(5)] = a1_5; sf[b1 + np.uint64(6)] = a1_6; sf[b1 + np.uint64(7)] = a1_7
    sf[b1 + np.uint64(8)] = a1_8; sf[b1 + np.uint64(9)] = a1_9; sf[b1 + np.uint64(10)] = a1_10; sf[b1 + np.uint64(11)] = a1_11; sf[b1 + np.uint64(12)] = a1_12; sf[b1 + np.uint64(13)] = a1_13; sf[b1 + np.uint64(14)] = a1_14; sf[b1 + np.uint64(15)] = a1_15
    sf[b1 + np.uint64(16)] = a1_16; sf[b1 + np.uint64(17)] = a1_17; sf[b1 + np.uint64(18)] = a1_18; sf[b1 + np.uint64(19)] = a1_19; sf[b1 + np.uint64(20)] = a1_20; sf[b1 + np.uint64(21)] = a1_21; sf[b1 + np.uint64(22)] = a1_22; sf[b1 + np.uint64(23)] = a1_23
    sf[b1 + np.uint64(24)] = a1_24; sf[b1 + np.uint64(25)] = a1_25; sf[b1 + np.uint64(26)] = a1_26; sf[b1 + np.uint64(27)] = a1_27; sf[b1 + np.uint64(28)] = a1_28; sf[b1 + np.uint64(29)] = a1_29; sf[b1 + np.uint64(30)] = a1_30; sf[b1 + np.uint64(31)] = a1_31
    sf[b2 + np.uint64(0)] = a2_0; sf[b2 + np.uint64(1)] = a2_1; sf[b2 + np.uint64(2)] = a2_2; sf[b2 + np.uint64(3)] = a2_3; sf[b2 + np.uint64(4)] = a2_4; sf[b2 + np.uint64(5)] = a2_5; sf[b2 + np.uint64(6)] = a2_6; sf[b2 + np.uint64(7)] = a2_7
    sf[b2 + np.uint64(8)] = a2_8; sf[b2 + np.uint64(9)] = a2_9; sf[b2 + np.uint64(10)] = a2_10; sf[b2 + np.uint64(11)] = a2_11; sf[b2 + np.uint64(12)] = a2_12; sf[b2 + np.uint64(13)] = a2_13; sf[b2 + np.uint64(14)] = a2_14; sf[b2 + np.uint64(15)] = a2_15
    sf[b2 + np.uint64(16)] = a2_16; sf[b2 + np.uint64(17)] = a2_17; sf[b2 + np.uint64(18)] = a2_18; sf[b2 + np.uint64(19)] = a2_19; sf[b2 + np.uint64(20)] = a2_20; sf[b2 + np.uint64(21)] = a2_21; sf[b2 + np.uint64(22)] = a2_22; sf[b2 + np.uint64(23)] = a2_23
    sf[b2 + np.uint64(24)] = a2_24; sf[b2 + np.uint64(25)] = a2_25; sf[b2 + np.uint64(26)] = a2_26; sf[b2 + np.uint64(27)] = a2_27; sf[b2 + np.uint64(28)] = a2_28; sf[b2 + np.uint64(29)] = a2_29; sf[b2 + np.uint64(30)] = a2_30; sf[b2 + np.uint64(31)] = a2_31
    sf[b3 + np.uint64(0)] = a3_0; sf[b3 + np.uint64(1)] = a3_1; sf[b3 + np.uint64(2)] = a3_2; sf[b3 + np.uint64(3)] = a3_3; sf[b3 + np.uint64(4)] = a3_4; sf[b3 + np.uint64(5)] = a3_5; sf[b3 + np.uint64(6)] = a3_6; sf[b3 + np.uint64(7)] = a3_7
    sf[b3 + np.uint64(8)] = a3_8; sf[b3 + np.uint64(9)] = a3_9; sf[b3 + np.uint64(10)] = a3_10; sf[b3 + np.uint64(11)] = a3_11; sf[b3 + np.uint64(12)] = a3_12; sf[b3 + np.uint64(13)] = a3_13; sf[b3 + np.uint64(14)] = a3_14; sf[b3 + np.uint64(15)] = a3_15
    sf[b3 + np.uint64(16)] = a3_16; sf[b3 + np.uint64(17)] = a3_17; sf[b3 + np.uint64(18)] = a3_18; sf[b3 + np.uint64(19)] = a3_19; sf[b3 + np.uint64(20)] = a3_20; sf[b3 + np.uint64(21)] = a3_21; sf[b3 + np.uint64(22)] = a3_22; sf[b3 + np.uint64(23)] = a3_23
    sf[b3 + np.uint64(24)] = a3_24; sf[b3 + np.uint64(25)] = a3_25; sf[b3 + np.uint64(26)] = a3_26; sf[b3 + np.uint64(27)] = a3_27; sf[b3 + np.uint64(28)] = a3_28; sf[b3 + np.uint64(29)] = a3_29; sf[b3 + np.uint64(30)] = a3_30; sf[b3 + np.uint64(31)] = a3_31
