"""Generator for engine/kernels/cuda_gemm.py (tiled implicit-GEMM kernels for numba.cuda, float32).

Run:  python engine/kernels/gen_cuda_gemm.py

Both kernels compute C[k, p] = sum_r A[k, r] * B[r, p] a tile at a time: a block owns TK x TP outputs,
each thread RK x RP of them in scalar registers (written out as separate variables: numba keeps a
cuda.local.array indexed in a loop in local memory, and PERF-NOTES found hot loops had to be unrolled
by generating source), and the reduction runs in chunks of TR through two shared-memory tiles.
  conv2d: A = weights (K, C/groups * KH * KW), B = the input gathered on the fly (implicit im2col: never
          materialised; padding is a bounds check, so the input is not padded first), p = output pixel.
          Each thread's load slots keep the same pixel for the whole reduction (their coordinates are
          computed once), and a reduction index finds its (channel, tap) in a small table (rtab).
  dense:  A = weights (O, I), B = x.T, p = batch row.
Bias and activation are fused into the epilogue. The source is written to a real .py file (not exec'd)
so numba's cache=True works. The tile configurations are CONFIGS below; 'sim' is small for numba's CUDA
simulator, which runs every thread as a Python thread.
"""
import os

CONFIGS = {  # name: (TK, TP, TR, RK, RP); cuda.py picks one per layer
    "gpu": (64, 64, 16, 4, 4),      # 256 threads, 4x4 outputs each: small layers, dense
    "gpu8x8": (64, 256, 8, 8, 8),   # 256 threads, 8x8 outputs each (4 FMAs per shared load, not 2): big conv layers
    "sim": (8, 16, 16, 2, 4),       # 16 threads: numba's CUDA simulator
}

HEADER = '''\
# GENERATED FILE - DO NOT EDIT.
# Written by engine/kernels/gen_cuda_gemm.py (run: python engine/kernels/gen_cuda_gemm.py).
"""Tiled implicit-GEMM kernels for numba.cuda, float32 (see gen_cuda_gemm.py for the method).

    conv2d_tiled_<cfg>[grid, (BX, BY)](x, w2, rtab, b, out3, OW, stride_h, stride_w, pad_top, pad_left, groups, act)
        x: (N, C, H, W); w2: (K, C/groups*KH*KW) (the weights reshaped); rtab: (C/groups*KH*KW,) int64, each
        reduction index's tap (c << 32 | ky*dil_h << 16 | kx*dil_w, cuda.py's conv2d_taps); b: (K,);
        out3: (N, K, OH*OW); padding by bounds checks (pad_top, pad_left);
        grid (ceil(OH*OW / TP), ceil(K/groups / TK), N * groups)
    dense_tiled_<cfg>[grid, (BX, BY)](x, w, b, out, act)
        x: (M, I), w: (O, I), b: (O,), out: (M, O); grid (ceil(M / TP), ceil(O / TK))

TILES[cfg] = dict(TK, TP, TR, RK, RP, BX, BY): the launch geometry of each configuration.
"""
from numba import cuda, float32

from engine.kernels.cuda_common import JIT, JIT_128_REGISTERS, activate

TILES = {}
'''


def conv2d_source(cfg, TK, TP, TR, RK, RP):
    BX, BY = TP // RP, TK // RK
    NT = BX * BY
    assert (TR * TK) % NT == 0 and (TR * TP) % NT == 0, "every thread loads whole slots of both tiles"
    s = [f"TILES[{cfg!r}] = dict(TK={TK}, TP={TP}, TR={TR}, RK={RK}, RP={RP}, BX={BX}, BY={BY})", "", "",
         "@cuda.jit(**JIT)" if RK * RP > 16 else "@cuda.jit(**JIT_128_REGISTERS)",  # 64 sums need more
         f"def conv2d_tiled_{cfg}(x, w2, rtab, b, out3, OW, stride_h, stride_w, pad_top, pad_left, groups, act):",
         "    # x: (N, C, H, W) unpadded; w2: (K, Cg*KH*KW); rtab: (Cg*KH*KW,) int64, cuda.py's conv2d_taps;",
         "    # b: (K,); out3: (N, K, OH*OW)",
         "    H, W = x.shape[2], x.shape[3]",
         "    K, R = w2.shape",
         "    P = out3.shape[2]",
         "    Kg = K // groups",
         "    tx = cuda.threadIdx.x",
         "    ty = cuda.threadIdx.y",
         f"    tid = ty * {BX} + tx",
         f"    p0 = cuda.blockIdx.x * {TP}",
         f"    k0 = cuda.blockIdx.y * {TK}",
         "    n = cuda.blockIdx.z // groups",
         "    g = cuda.blockIdx.z % groups",
         "    kbase = g * Kg",
         "    cbase = g * (x.shape[1] // groups)",
         f"    ws = cuda.shared.array(({TR}, {TK}), float32)",
         f"    xs = cuda.shared.array(({TR}, {TP}), float32)"]
    # the pixel a thread's input slot loads does not change along the reduction: its top-left input
    # coordinates are computed once (divisions by OW); past the last pixel they fail every bounds check.
    # Slot positions within the tiles are tid plus constants (powers of two: shifts), recomputed freely.
    # Slots whose offsets are equal modulo TP load the same pixel: one pair of coordinates serves them all.
    shifts = sorted({it * NT % TP for it in range(TR * TP // NT)})
    for q in shifts:
        p = f"p0 + (tid + {q}) % {TP}"
        s += [f"    iy{q} = (({p}) // OW) * stride_h - pad_top if {p} < P else -(1 << 40)",
              f"    ix{q} = (({p}) % OW) * stride_w - pad_left"]
    s += [f"    acc_{i}_{j} = float32(0)" for i in range(RK) for j in range(RP)]
    s += [f"    for r0 in range(0, R, {TR}):"]
    body = []
    for it in range(TR * TK // NT):  # weight tile: r fastest, so neighbours read neighbours
        e = f"(tid + {it * NT})"
        body += ["v = float32(0)",
                 f"r = r0 + {e} % {TR}",
                 f"k = k0 + {e} // {TR}",
                 "if k < Kg and r < R:",
                 "    v = w2[kbase + k, r]",
                 f"ws[{e} % {TR}, {e} // {TR}] = v"]
    for it in range(TR * TP // NT):  # input tile: p fastest (neighbouring output pixels)
        e = f"(tid + {it * NT})"
        body += ["v = float32(0)",
                 f"r = r0 + {e} // {TP}",
                 "if r < R:",
                 "    tap = rtab[r]",
                 f"    iy = iy{it * NT % TP} + ((tap >> 16) & 0xFFFF)",
                 f"    ix = ix{it * NT % TP} + (tap & 0xFFFF)",
                 "    if 0 <= iy < H and 0 <= ix < W:",
                 "        v = x[n, cbase + (tap >> 32), iy, ix]",
                 f"xs[{e} // {TP}, {e} % {TP}] = v"]
    body += ["cuda.syncthreads()"]
    body += _product(TR, RK, RP, BX, BY)
    body += ["cuda.syncthreads()"]
    s += ["        " + line if line else "" for line in body]
    for i in range(RK):  # epilogue: bias + activation, guarded at the edges
        s += [f"    k = k0 + ty + {i * BY}",
              "    if k < Kg:",
              "        bias = b[kbase + k]"]
        for j in range(RP):
            s += [f"        p = p0 + tx + {j * BX}",
                  "        if p < P:",
                  f"            out3[n, kbase + k, p] = activate(acc_{i}_{j} + bias, act)"]
    return s


def dense_source(cfg, TK, TP, TR, RK, RP):
    BX, BY = TP // RP, TK // RK
    NT = BX * BY
    s = ["@cuda.jit(**JIT)",
         f"def dense_tiled_{cfg}(x, w, b, out, act):",
         "    # x: (M, I), w: (O, I), b: (O,) -> out: (M, O); k runs over O, p over M",
         "    M, I = x.shape",
         "    O = w.shape[0]",
         "    tx = cuda.threadIdx.x",
         "    ty = cuda.threadIdx.y",
         f"    tid = ty * {BX} + tx",
         f"    p0 = cuda.blockIdx.x * {TP}",
         f"    k0 = cuda.blockIdx.y * {TK}",
         f"    ws = cuda.shared.array(({TR}, {TK}), float32)",
         f"    xs = cuda.shared.array(({TR}, {TP}), float32)"]
    s += [f"    acc_{i}_{j} = float32(0)" for i in range(RK) for j in range(RP)]
    s += [f"    for r0 in range(0, I, {TR}):"]
    body = []
    for name, rows, limit, src, tile, T in (("kk", "k0", "O", "w", "ws", TK), ("pp", "p0", "M", "x", "xs", TP)):
        for it in range((TR * T + NT - 1) // NT):  # both operands are contiguous along r: r fastest
            body += [f"e = tid + {it * NT}"]
            guard = "" if (TR * T) % NT == 0 or (it + 1) * NT <= TR * T else f"if e < {TR * T}:"
            inner = [f"rr = e % {TR}", f"q = e // {TR}", "r = r0 + rr", "v = float32(0)",
                     f"if r < I and {rows} + q < {limit}:", f"    v = {src}[{rows} + q, r]", f"{tile}[rr, q] = v"]
            body += ([guard] + ["    " + line for line in inner]) if guard else inner
    body += ["cuda.syncthreads()"]
    body += _product(TR, RK, RP, BX, BY)
    body += ["cuda.syncthreads()"]
    s += ["        " + line if line else "" for line in body]
    for i in range(RK):
        s += [f"    k = k0 + ty + {i * BY}",
              "    if k < O:",
              "        bias = b[k]"]
        for j in range(RP):
            s += [f"        p = p0 + tx + {j * BX}",
                  "        if p < M:",
                  f"            out[p, k] = activate(acc_{i}_{j} + bias, act)"]
    return s


def _product(TR, RK, RP, BX, BY):
    """The unrolled TR-step outer product of the shared tiles into the RK x RP accumulators."""
    lines = []
    for rr in range(TR):
        lines += [f"a{i} = ws[{rr}, ty + {i * BY}]" for i in range(RK)]
        lines += [f"b{j} = xs[{rr}, tx + {j * BX}]" for j in range(RP)]
        lines += [f"acc_{i}_{j} += a{i} * b{j}" for i in range(RK) for j in range(RP)]
    return lines


def source():
    parts = [HEADER]
    for cfg, params in CONFIGS.items():
        TK, TP, TR, RK, RP = params
        assert TP % RP == 0 and TK % RK == 0
        parts.append("\n\n" + "\n".join(conv2d_source(cfg, *params)) + "\n")
        if cfg != "gpu8x8":  # dense layers use the 4x4 tiles (their batch axis is short)
            parts.append("\n\n" + "\n".join(dense_source(cfg, *params)) + "\n")
    return "".join(parts)


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cuda_gemm.py")
    with open(path, "w") as f:
        f.write(source())
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
