"""Generator for engine/kernels/cuda_gemm.py (tiled implicit-GEMM kernels for numba.cuda, float32).

Run:  python engine/kernels/gen_cuda_gemm.py

The kernels compute C[k, p] = sum_r A[k, r] * B[r, p] a tile at a time: a block owns TK x TP outputs,
each thread RK x RP of them in scalar registers (written out as separate variables: numba keeps a
cuda.local.array indexed in a loop in local memory, and PERF-NOTES found hot loops had to be unrolled
by generating source), and the reduction runs in chunks of TR through two shared-memory tiles.
  conv2d: A = weights (K, C/groups * KH * KW), B = the input gathered on the fly (implicit im2col: never
          materialised; padding is a bounds check, so the input is not padded first), p = output pixel.
          Each thread's load slots keep the same pixel for the whole reduction (their coordinates are
          computed once), and a reduction index finds its (channel, tap) in a small table (rtab).
  dense:  A = weights (O, I), B = x.T, p = batch row.
  gemm:   a batch of plain products, A (K, R) and B (R, P) both row-major (Winograd's 16 products per
          layer: cuda_winograd.py); no bias, no activation.
Each thread's RK rows (RP columns) lie in runs of 4 (ty*4 + 0..3, then BY*4 further on), so that with
16-byte aligned shared tiles and tile pitches that are multiples of 4 the compiler reads each run with one
ld.shared.v4 (a quarter of the shared-load instructions; numba has no vector loads of its own).
Bias and activation are fused into the conv and dense epilogues. The source is written to a real .py file (not exec'd)
so numba's cache=True works. The tile configurations are CONFIGS below; 'sim' is small for numba's CUDA
simulator, which runs every thread as a Python thread.
"""
import os

CONFIGS = {  # name: (TK, TP, TR, RK, RP); cuda.py picks one per layer
    "gpu": (64, 64, 16, 4, 4),      # 256 threads, 4x4 outputs each: small conv layers, dense with many rows
    "gpu8x8": (64, 128, 8, 8, 8),   # 128 threads, 8x8 outputs each (4 FMAs per shared load, not 2): big conv layers
    "gpu32": (128, 32, 16, 8, 4),   # 128 threads, 8x4 outputs each: dense with up to 32 rows (no conv)
    "sim": (8, 16, 16, 2, 4),       # 16 threads: numba's CUDA simulator
}
CONV = ("gpu", "gpu8x8", "sim")
DENSE = ("gpu", "gpu32", "sim")
GEMM = ("gpu8x8", "sim")

HEADER = '''\
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
    gemm_tiled_<cfg>[grid, (BX, BY)](lhs, rhs, out1, K, R, P)   (sim; gpu8x8 as gemm_tiled_gpu8x8_r128 and _r168)
        lhs: (Z, K, R) flat, rhs: (Z, R, P) flat -> out1: (Z, K, P) = a @ b per z; grid (ceil(P / TP),
        ceil(K / TK), Z)

TILES[cfg] = dict(TK, TP, TR, RK, RP, BX, BY): the launch geometry of each configuration.
"""
from numba import cuda, float32

from engine.kernels.cuda_common import JIT, SHARED_ALIGN, U, activate, jit_registers

TILES = {}
'''


def _row_major_a_setup(TR, NT, TKP, rows_left, first_offset):
    """Load slots of the A operand (K x R, r contiguous: conv weights, Winograd's U) for conv2d and gemm.
    NT is a multiple of TR, so every slot of a thread has the same reduction offset wr and rows NT/TR apart;
    the loads walk a running address (per-slot addresses would each hold registers). rows_left: rows from
    this thread's first slot to the operand's end; first_offset: that slot's flat offset at r = 0."""
    assert NT % TR == 0
    return [f"    wr = tid % {TR}",
            f"    wrow = tid // {TR}",
            f"    wrows = {rows_left}  # rows left to this thread's first slot",
            f"    wo = {first_offset}",
            f"    wstep = {NT // TR} * R",
            f"    ws_at = U(wr * {TKP} + wrow)"]


def _row_major_a_fetch(r0, src, WS, NT, TR):
    """The A slots' global loads of the chunk at reduction offset r0 (zero past R or past the last row)."""
    lines = [f"wa = wo + {r0}", f"rok = {r0} + wr < R"]
    for it in range(WS):
        lines += [f"pw{it} = float32(0)",
                  f"if rok and {it * NT // TR} < wrows:",
                  f"    pw{it} = {src}[U(wa)]"]
        lines += ["wa += wstep"] if it + 1 < WS else []
    return lines


def _store_both(buf, WS, XS, NT, TR, TKP, TP):
    """Registers to the shared buffer `buf`: A transposed to (TR, TKP), B as it came, (TR, TP)."""
    return ([f"ws[{buf} * U({TR * TKP}) + ws_at + U({it * NT // TR})] = pw{it}" for it in range(WS)]
            + [f"xs[{buf} * U({TR * TP}) + U(tid + {it * NT})] = px{it}" for it in range(XS)])


def conv2d_source(cfg, TK, TP, TR, RK, RP):
    BX, BY = TP // RP, TK // RK
    NT = BX * BY
    TKP = TK + 4  # weight tile pitch: the TR threads storing one tile column hit TR banks, not one
    assert (TR * TK) % NT == 0 and (TR * TP) % NT == 0, "every thread loads whole slots of both tiles"
    WS, XS = TR * TK // NT, TR * TP // NT  # weight and input slots per thread
    s = [f"TILES[{cfg!r}] = dict(TK={TK}, TP={TP}, TR={TR}, RK={RK}, RP={RP}, BX={BX}, BY={BY})", "", "",
         "@cuda.jit(**JIT)" if RK * RP > 16 else "@cuda.jit(**jit_registers(128))",  # 64 sums need more
         f"def conv2d_tiled_{cfg}(x1, w1, taps, b, out1, Cin, H, W, K, R, P, OW, stride_h, stride_w, pad_top, "
         "pad_left, groups, act):",
         "    # x1: (N, Cin, H, W) flat, unpadded; w1: (K, R = Cin/groups*KH*KW) flat; taps: (R,) int64, cuda.py's",
         "    # conv2d_taps; b: (K,); out1: (N, K, P = OH*OW) flat. Pixel tiles run over all N*P output pixels of",
         "    # the batch (a 14x14 map fills a 128-pixel tile and part of the next, but 32 of them fill 49 tiles)",
         "    Kg = K // groups",
         "    uH = U(H)",
         "    uW = U(W)",
         "    tx = cuda.threadIdx.x",
         "    ty = cuda.threadIdx.y",
         f"    tid = ty * {BX} + tx",
         f"    p0 = cuda.blockIdx.x * {TP}",
         f"    k0 = cuda.blockIdx.y * {TK}",
         "    NP = out1.size // K",
         "    g = cuda.blockIdx.z",
         "    kbase = g * Kg",
         "    cbase = g * (Cin // groups)"]
    # Each thread's load slots keep their tile position along the whole reduction: the weight row, the
    # output pixel and its top-left input coordinates (iy, ix; past the last pixel iy fails every bounds
    # check) are computed once. Slots whose offsets agree modulo TP load the same pixel and share them.
    s += _row_major_a_setup(TR, NT, TKP, "Kg - k0 - wrow", "(kbase + k0 + wrow) * R + wr")
    shifts = sorted({it * NT % TP for it in range(XS)})
    for q in shifts:
        s += [f"    p = p0 + (tid + {q}) % {TP}",
              "    n = p // P",
              "    p -= n * P",
              f"    iy{q} = (p // OW) * stride_h - pad_top if n < NP // P else -(1 << 40)",
              f"    ix{q} = (p % OW) * stride_w - pad_left",
              f"    xo{q} = (n * Cin + cbase) * H * W + iy{q} * W + ix{q}"]
    # input slot `it` is row (tid + it*NT) // TP of the chunk: with one thread per tile column that is `it`
    # itself (a constant, not a register)
    xrow = [str(it) if NT == TP else f"xr{it}" for it in range(XS)]
    s += [f"    xr{it} = (tid + {it * NT}) // {TP}" for it in range(XS) if NT != TP]
    s += [f"    ws = cuda.shared.array({2 * TR * TKP}, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TKP) weights",
          f"    xs = cuda.shared.array({2 * TR * TP}, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TP) pixels"]
    s += [f"    acc_{i}_{j} = float32(0)" for i in range(RK) for j in range(RP)]

    def fetch(r0):
        """Global loads of the chunk at reduction offset r0 into registers (no use until stored)."""
        lines = _row_major_a_fetch(r0, "w1", WS, NT, TR)
        for it in range(XS):
            q = it * NT % TP
            lines += [f"px{it} = float32(0)",
                      f"r = {r0} + {xrow[it]}",
                      "if r < R:",
                      "    tap = taps[U(r)]",
                      f"    if U(iy{q} + ((tap >> 16) & 0xFFFF)) < uH and U(ix{q} + (tap & 0xFFFF)) < uW:",
                      f"        px{it} = x1[U(xo{q} + (tap >> 32))]"]
        return lines

    def store(buf):
        return _store_both(buf, WS, XS, NT, TR, TKP, TP)

    s += _pipeline(fetch, store, "0", "R", TR, RK, RP, BX, BY, TKP, TP)
    for j, col in enumerate(_runs_of_4(RP, BX)):  # epilogue: each column's output offset, past the last: -1
        s += [f"    p = p0 + tx * {min(4, RP)} + {col}",
              "    n = p // P",
              f"    oc{j} = (n * K + kbase) * P + p - n * P if p < NP else -1"]
    for i, row in enumerate(_runs_of_4(RK, BY)):  # bias + activation, guarded at the edges
        s += [f"    k = k0 + ty * {min(4, RK)} + {row}",
              "    if k < Kg:",
              "        bias = b[kbase + k]",
              "        kp = k * P"]
        for j in range(RP):
            s += [f"        if oc{j} >= 0:",
                  f"            out1[U(oc{j} + kp)] = activate(acc_{i}_{j} + bias, act)"]
    return s


GEMM_REGISTERS = {"gpu8x8": (128, 168)}  # one kernel per register cap (suffix _r<cap>); others: one, uncapped


def gemm_source(cfg, TK, TP, TR, RK, RP, registers=None):
    """Batched C[z] = A[z] @ B[z] with A (K, R) and B (R, P) row-major: Winograd's 16 products (cuda_winograd.py).
    On an H200 (bench/gpu_conv_stages.py --variants) the 8x8 tiles ran fastest capped at 128 registers (4 blocks
    per SM, 12 bytes spilled) for reductions of up to 128 channels, at 168 (3 blocks, a freer schedule) above."""
    BX, BY = TP // RP, TK // RK
    NT = BX * BY
    TKP = TK + 4
    assert (TR * TK) % NT == 0 and (TR * TP) % NT == 0 and NT % TR == 0 and NT % TP == 0
    WS, XS = TR * TK // NT, TR * TP // NT
    s = [f"@cuda.jit(**jit_registers({registers}))" if registers else "@cuda.jit(**JIT)",
         f"def gemm_tiled_{cfg}{f'_r{registers}' if registers else ''}(lhs, rhs, out1, K, R, P):",
         "    # lhs: (Z, K, R) flat, rhs: (Z, R, P) flat -> out1: (Z, K, P) flat; grid (ceil(P / TP), ceil(K / TK), Z)",
         "    tx = cuda.threadIdx.x",
         "    ty = cuda.threadIdx.y",
         f"    tid = ty * {BX} + tx",
         f"    p0 = cuda.blockIdx.x * {TP}",
         f"    k0 = cuda.blockIdx.y * {TK}",
         "    z = cuda.blockIdx.z"]
    s += _row_major_a_setup(TR, NT, TKP, "K - k0 - wrow", "(z * K + k0 + wrow) * R + wr")
    s += [f"    p = p0 + tid % {TP}  # the B column of every slot of this thread",
         "    pok = p < P",
         f"    xrow = tid // {TP}",
         "    xo = (z * R + xrow) * P + p",
         f"    xstep = {NT // TP} * P",
         f"    ws = cuda.shared.array({2 * TR * TKP}, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TKP) of A",
         f"    xs = cuda.shared.array({2 * TR * TP}, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TP) of B"]
    s += [f"    acc_{i}_{j} = float32(0)" for i in range(RK) for j in range(RP)]

    def fetch(r0):
        lines = _row_major_a_fetch(r0, "lhs", WS, NT, TR) + [f"xa = xo + ({r0}) * P"]
        for it in range(XS):
            lines += [f"px{it} = float32(0)",
                      f"if pok and {r0} + xrow + {it * NT // TP} < R:",
                      f"    px{it} = rhs[U(xa)]"]
            lines += ["xa += xstep"] if it + 1 < XS else []
        return lines

    def store(buf):
        return _store_both(buf, WS, XS, NT, TR, TKP, TP)

    s += _pipeline(fetch, store, "0", "R", TR, RK, RP, BX, BY, TKP, TP)
    for j, col in enumerate(_runs_of_4(RP, BX)):
        s += [f"    p = p0 + tx * {min(4, RP)} + {col}",
              f"    oc{j} = z * K * P + p if p < P else -1"]
    for i, row in enumerate(_runs_of_4(RK, BY)):
        s += [f"    k = k0 + ty * {min(4, RK)} + {row}",
              "    if k < K:",
              "        kp = k * P"]
        for j in range(RP):
            s += [f"        if oc{j} >= 0:",
                  f"            out1[U(oc{j} + kp)] = acc_{i}_{j}"]
    return s


def _pipeline(fetch, store, begin, end, TR, RK, RP, BX, BY, pitch_a, pitch_b):
    """The reduction loop of both kernels, a software pipeline with one barrier per chunk: the next chunk's
    global loads (fetch(r0), into registers) are issued before the current chunk's products, so their
    latency hides behind the FMAs, and stored (store(buffer)) into the other shared buffer after."""
    s = ["    " + line for line in fetch(begin) + store("U(0)")]
    s += ["    cuda.syncthreads()",
          "    cur = U(0)",
          f"    for r0 in range({begin}, {end}, {TR}):",
          f"        more = r0 + {TR} < {end}",
          "        if more:"]
    s += ["            " + line for line in fetch(f"r0 + {TR}")]
    s += [f"        wb = cur * U({TR * pitch_a}) + U(ty * {min(4, RK)})",
          f"        xb = cur * U({TR * pitch_b}) + U(tx * {min(4, RP)})"]
    s += ["        " + line for line in _product_flat(TR, RK, RP, BX, BY, pitch_a, pitch_b)]
    s += ["        if more:"]
    s += ["            " + line for line in store("(U(1) - cur)")]
    s += ["        cuda.syncthreads()",
          "        cur = U(1) - cur"]
    return s


def _runs_of_4(count, threads):
    """Offsets, from the thread's first (its index * 4), of its `count` rows or columns: runs of 4 adjacent
    ones (one 16-byte shared load), run g starting threads * 4 * g further (a warp's loads stay adjacent)."""
    assert count <= 4 or count % 4 == 0, "whole runs of 4"
    v = min(4, count)
    return [(i // v) * threads * v + i % v for i in range(count)]


def _product_flat(TR, RK, RP, BX, BY, pitch_a, pitch_b):
    """The unrolled TR-step outer product of the flat shared tiles (bases wb, xb) into the accumulators."""
    assert pitch_a % 4 == 0 and pitch_b % 4 == 0, "16-byte aligned runs"
    lines = []
    for rr in range(TR):
        lines += [f"a{i} = ws[wb + U({rr * pitch_a + row})]" for i, row in enumerate(_runs_of_4(RK, BY))]
        lines += [f"b{j} = xs[xb + U({rr * pitch_b + col})]" for j, col in enumerate(_runs_of_4(RP, BX))]
        lines += [f"acc_{i}_{j} += a{i} * b{j}" for i in range(RK) for j in range(RP)]
    return lines


def dense_source(cfg, TK, TP, TR, RK, RP):
    BX, BY = TP // RP, TK // RK
    NT = BX * BY
    TKP, TPP = TK + 4, TP + 4  # tile pitches, multiples of 4: the stores of one tile column spread over banks
    WS, XS = -(-TR * TK // NT), -(-TR * TP // NT)  # slots per thread (the last may be partly unused)
    s = ["@cuda.jit(**JIT)",
         f"def dense_tiled_{cfg}(x1, w1, b, out1, M, I, O, slice_len, act):",
         "    # x1: (M, I) flat, w1: (O, I) flat, b: (O,); k runs over O, p over M. Block z sums the reduction",
         "    # slice [z * slice_len, (z + 1) * slice_len): with one slice, out1 is (M, O) = act(x @ w.T + b);",
         "    # with several, out1 is (slices, M, O) of partial sums (cuda.py's dense_forward adds them up)",
         "    tx = cuda.threadIdx.x",
         "    ty = cuda.threadIdx.y",
         f"    tid = ty * {BX} + tx",
         f"    p0 = cuda.blockIdx.x * {TP}",
         f"    k0 = cuda.blockIdx.y * {TK}",
         "    z = cuda.blockIdx.z",
         "    rbeg = z * slice_len",
         "    rend = min(I, rbeg + slice_len)"]
    # both operands are contiguous along r: r fastest in the loads, so neighbours read neighbours
    # every slot of a thread has the same reduction offset r and rows NT/TR apart (see conv2d_source)
    assert NT % TR == 0
    s += [f"    r = tid % {TR}",
          f"    row = tid // {TR}",
          "    wrows = O - k0 - row  # rows left to this thread's first weight slot",
          "    xrows = M - p0 - row",
          "    wo = (k0 + row) * I + r",
          "    xo = (p0 + row) * I + r",
          f"    step = {NT // TR} * I",
          f"    ws_at = U(r * {TKP} + row)",
          f"    xs_at = U(r * {TPP} + row)"]
    s += [f"    ws = cuda.shared.array({2 * TR * TKP}, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TKP) weights",
          f"    xs = cuda.shared.array({2 * TR * TPP}, float32, alignment=SHARED_ALIGN)  # 2 buffers: (TR, TPP) inputs"]
    s += [f"    acc_{i}_{j} = float32(0)" for i in range(RK) for j in range(RP)]

    def fetch(r0):
        lines = [f"rok = {r0} + r < rend"]
        for name, count, T in (("w", WS, TK), ("x", XS, TP)):
            lines += [f"a = {name}o + {r0}"]
            for it in range(count):
                slot_ok = f"{it * NT // TR} < {name}rows" + ("" if (it + 1) * NT <= TR * T else f" and tid + {it * NT} < {TR * T}")
                lines += [f"p{name}{it} = float32(0)",
                          f"if rok and {slot_ok}:",
                          f"    p{name}{it} = {name}1[U(a)]"]
                lines += ["a += step"] if it + 1 < count else []
        return lines

    def store(buf):
        lines = []
        for name, count, size, slots in (("w", WS, TR * TKP, TR * TK), ("x", XS, TR * TPP, TR * TP)):
            for it in range(count):
                st = f"{name}s[{buf} * U({size}) + {name}s_at + U({it * NT // TR})] = p{name}{it}"
                whole = (it + 1) * NT <= slots  # every thread's slot `it` lies inside the tile
                lines += [st] if whole else [f"if tid + {it * NT} < {slots}:", "    " + st]
        return lines

    s += _pipeline(fetch, store, "rbeg", "rend", TR, RK, RP, BX, BY, TKP, TPP)
    s += ["    whole = cuda.gridDim.z == 1"]
    for i, row in enumerate(_runs_of_4(RK, BY)):
        s += [f"    k = k0 + ty * {min(4, RK)} + {row}",
              "    if k < O:",
              "        bias = b[k]"]
        for j, col in enumerate(_runs_of_4(RP, BX)):
            s += [f"        p = p0 + tx * {min(4, RP)} + {col}",
                  "        if p < M:",
                  "            if whole:",
                  f"                out1[U(p * O + k)] = activate(acc_{i}_{j} + bias, act)",
                  "            else:",
                  f"                out1[U((z * M + p) * O + k)] = acc_{i}_{j}"]
    return s


def source():
    parts = [HEADER]
    for cfg, params in CONFIGS.items():
        TK, TP, TR, RK, RP = params
        assert TP % RP == 0 and TK % RK == 0
        if cfg in CONV:  # (conv2d_source writes TILES[cfg] first)
            parts.append("\n\n" + "\n".join(conv2d_source(cfg, *params)) + "\n")
        else:
            parts.append(f"\n\nTILES[{cfg!r}] = dict(TK={TK}, TP={TP}, TR={TR}, RK={RK}, RP={RP}, "
                         f"BX={TP // RP}, BY={TK // RK})\n")
        for registers in GEMM_REGISTERS.get(cfg, (None,)) if cfg in GEMM else ():
            parts.append("\n\n" + "\n".join(gemm_source(cfg, *params, registers)) + "\n")
        if cfg in DENSE:
            parts.append("\n\n" + "\n".join(dense_source(cfg, *params)) + "\n")
    return "".join(parts)


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cuda_gemm.py")
    with open(path, "w") as f:
        f.write(source())
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
