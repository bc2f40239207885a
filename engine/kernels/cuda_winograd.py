"""Winograd F(2x2, 3x3) convolution on the GPU (float32): 3x3 kernels, stride 1, no dilation, one group.

Each 2x2 block of outputs ("tile") comes from a 4x4 input patch d:  Y = A^T [ sum_c (G g_c G^T) o (B^T d_c B) ] A
(o: element-wise), 16 multiplications per tile and channel pair where direct convolution needs 36: the
GPU's products drop 2.25-fold. In three launches (cuda.py's conv2d_winograd runs them):
  1. input_transform_kernel:  V[pos, c, t] = (B^T d_c,t B)[pos]       V: (16, C, T), T = N * tiles per image
  2. cuda_gemm.gemm_tiled_*:  M[pos] = U[pos] @ V[pos]                U: (16, K, C), the weights transformed
     once per model on the host (prepare_weights), M: (16, K, T); 16 independent GEMMs in one launch
  3. output_transform_kernel: out[n, k, 2ty + a, 2tx + b] = act((A^T M[:, k, t] A)[a, b] + bias[k])
The transforms only add, subtract and halve (exact in float32 but for the sums' rounding); the relative
error against direct convolution is ~1e-7 (tests/gpu/test_cuda_winograd.py). V and M cost memory traffic
(2 x 16 floats per tile and channel) that the GEMM saves many times over on VGG-size layers, so
engine/kernels/cuda.py uses this for layers of at least 64 input and output channels.
"""
import numpy as np
from numba import cuda, float32

from engine.kernels.cuda_common import JIT, activate

# F(2x2, 3x3) (Lavin & Gray 2016): U = G g G^T, V = B^T d B, Y = A^T M A
G = np.array([[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]])


def prepare_weights(w):
    """w: (K, C, 3, 3) -> U: (16, K, C) float32, U[i * 4 + j, k, c] = (G w[k, c] G^T)[i, j] (in float64 first)."""
    u = np.einsum("ia,kcab,jb->ijkc", G, np.asarray(w, np.float64), G)
    return np.ascontiguousarray(u.reshape(16, w.shape[0], w.shape[1]), dtype=np.float32)


@cuda.jit(device=True, **JIT)
def _bt(a0, a1, a2, a3):
    """B^T a for one column (or row) of a 4x4 patch."""
    return a0 - a2, a1 + a2, a2 - a1, a1 - a3


@cuda.jit(device=True, **JIT)
def _at(m0, m1, m2, m3):
    """A^T m: 4 values -> 2."""
    return m0 + m1 + m2, m1 - m2 - m3


@cuda.jit(device=True, **JIT)
def _load(x1, base, y, x, H, W):
    """x1[base + y * W + x], zero outside the H x W map (the conv's padding)."""
    if 0 <= y < H and 0 <= x < W:
        return x1[base + y * W + x]
    return float32(0)


@cuda.jit(**JIT)
def input_transform_kernel(x1, v1, C, H, W, TH, TW, pad_top, pad_left):
    # x1: (N, C, H, W) flat, unpadded; v1: (16, C, T) flat with T = N * TH * TW; tile t = (n, ty, tx) reads
    # input rows 2 ty - pad_top .. + 3 and columns 2 tx - pad_left .. + 3. One thread per (c, t), t fastest:
    # the 16 stores of a warp each go to 32 adjacent floats
    T = v1.size // (16 * C)
    for i in range(cuda.grid(1), C * T, cuda.gridsize(1)):
        c = i // T
        t = i - c * T
        n = t // (TH * TW)
        q = t - n * (TH * TW)
        ty = q // TW
        y0 = ty * 2 - pad_top
        x0 = (q - ty * TW) * 2 - pad_left
        base = (n * C + c) * H * W
        # rows of B^T d: r_i = sum over the patch's rows, per column j
        r00, r10, r20, r30 = _bt(_load(x1, base, y0, x0, H, W), _load(x1, base, y0 + 1, x0, H, W),
                                 _load(x1, base, y0 + 2, x0, H, W), _load(x1, base, y0 + 3, x0, H, W))
        r01, r11, r21, r31 = _bt(_load(x1, base, y0, x0 + 1, H, W), _load(x1, base, y0 + 1, x0 + 1, H, W),
                                 _load(x1, base, y0 + 2, x0 + 1, H, W), _load(x1, base, y0 + 3, x0 + 1, H, W))
        r02, r12, r22, r32 = _bt(_load(x1, base, y0, x0 + 2, H, W), _load(x1, base, y0 + 1, x0 + 2, H, W),
                                 _load(x1, base, y0 + 2, x0 + 2, H, W), _load(x1, base, y0 + 3, x0 + 2, H, W))
        r03, r13, r23, r33 = _bt(_load(x1, base, y0, x0 + 3, H, W), _load(x1, base, y0 + 1, x0 + 3, H, W),
                                 _load(x1, base, y0 + 2, x0 + 3, H, W), _load(x1, base, y0 + 3, x0 + 3, H, W))
        # then B^T along each row: V[i, j]
        CT = C * T
        o = c * T + t
        v1[o], v1[o + CT], v1[o + 2 * CT], v1[o + 3 * CT] = _bt(r00, r01, r02, r03)
        o += 4 * CT
        v1[o], v1[o + CT], v1[o + 2 * CT], v1[o + 3 * CT] = _bt(r10, r11, r12, r13)
        o += 4 * CT
        v1[o], v1[o + CT], v1[o + 2 * CT], v1[o + 3 * CT] = _bt(r20, r21, r22, r23)
        o += 4 * CT
        v1[o], v1[o + CT], v1[o + 2 * CT], v1[o + 3 * CT] = _bt(r30, r31, r32, r33)


@cuda.jit(**JIT)
def output_transform_kernel(m1, b, out, TH, TW, act):
    # m1: (16, K, T) flat; b: (K,); out: (N, K, OH, OW), OH <= 2 TH, OW <= 2 TW (odd sizes: the last tile's
    # second row or column is dropped). One thread per (k, t), t fastest (the 16 loads of a warp coalesce)
    N, K, OH, OW = out.shape
    T = m1.size // (16 * K)
    KT = K * T
    for i in range(cuda.grid(1), KT, cuda.gridsize(1)):
        k = i // T
        t = i - k * T
        n = t // (TH * TW)
        q = t - n * (TH * TW)
        ty = q // TW
        tx = q - ty * TW
        # A^T M: for each column j of M, 2 values
        s0, d0 = _at(m1[i], m1[i + 4 * KT], m1[i + 8 * KT], m1[i + 12 * KT])
        s1, d1 = _at(m1[i + KT], m1[i + 5 * KT], m1[i + 9 * KT], m1[i + 13 * KT])
        s2, d2 = _at(m1[i + 2 * KT], m1[i + 6 * KT], m1[i + 10 * KT], m1[i + 14 * KT])
        s3, d3 = _at(m1[i + 3 * KT], m1[i + 7 * KT], m1[i + 11 * KT], m1[i + 15 * KT])
        y00, y01 = _at(s0, s1, s2, s3)  # then (A^T M) A along each row
        y10, y11 = _at(d0, d1, d2, d3)
        bias = b[k]
        oy, ox = ty * 2, tx * 2
        out[n, k, oy, ox] = activate(y00 + bias, act)
        if ox + 1 < OW:
            out[n, k, oy, ox + 1] = activate(y01 + bias, act)
        if oy + 1 < OH:
            out[n, k, oy + 1, ox] = activate(y10 + bias, act)
            if ox + 1 < OW:
                out[n, k, oy + 1, ox + 1] = activate(y11 + bias, act)
