"""A whole LeNet-5 forward pass in one CUDA launch (float32): at LeNet's size a GPU is bound by kernel
launches, not arithmetic, so nine layer launches per batch become one.

One block per IMGS = 3 images. Both conv layers' weights (10 KB) and, per image, the input (32x32) and
every intermediate (11.7 KB) live in shared memory, with 1.5 KB of dense partial sums: 47 KB in all, under the 48 KB a block gets without
the driver's opt-in attribute, which numba has no API for. fc1..fc3 weights (192 KB + 40 KB + 3 KB: more
than shared or constant memory holds) are read from global memory (L2 after the first blocks),
transposed to (in, out) so that neighbouring threads, which compute neighbouring outputs, read
neighbouring addresses; each weight loaded serves the block's 3 images, a third of the L2 traffic of one
image per block (fc1 alone is 192 KB per load of it).
A thread computes the four conv outputs of one 2x2 average-pooling cell together (each weight loaded once
for the four), applies the activation and averages them at once, so the 28x28 and 10x10 maps are never
stored.

Layer geometry is fixed (input 1x32x32, conv 5x5 -> 6, pool 2, conv 5x5 -> 16, pool 2, dense 400 -> 120
-> 84 -> NC <= 128, softmax); engine/fused_cuda.py checks a model has it. Activations are arguments (codes as
in cpu.py). The loops are short and fixed, so no generated source here.
"""
import math

from numba import cuda, float32

from engine.kernels.cuda_common import JIT, SIMULATING, U32, activate

THREADS = 32 if SIMULATING else 256  # per block; the simulator runs each thread as a Python thread
IMGS = 3                              # images per block (the dense layers keep 3 sums per thread)
MAX_CLASSES = 128
MAX_HIDDEN = 128                      # part_sums rows: the widest dense layer split between two threads (fc1)
H3_SIZE = IMGS * MAX_CLASSES          # (shared array sizes must be plain constants)
PART_SIZE = IMGS * MAX_HIDDEN


@cuda.jit(device=True, **JIT)
def _dense3(src, src_pitch, wt, b, dst, dst_pitch, part_sums, n_in, n_out, act, t, nt):
    """dst[m * dst_pitch + o] = act(b[o] + sum_i src[m * src_pitch + i] * wt[i * n_out + o]) for the block's 3
    images m (wt: the (n_in, n_out) transposed weights, flat):
    a thread per output o, each weight loaded once for the 3 images. Where the block has at least twice as
    many threads as outputs, two threads share an output (half the reduction each, partial sums through
    part_sums), so that fc1's 120 outputs keep 240 of 256 threads busy, not 120."""
    parts = 2 if nt >= 2 * n_out else 1
    half = (n_in + 1) // 2
    for j in range(t, parts * n_out, nt):
        uj = U32(j)
        part = uj // U32(n_out)
        o = uj - part * U32(n_out)
        i0 = part * U32(half) if parts == 2 else U32(0)
        i1 = min(i0 + U32(half), U32(n_in)) if parts == 2 else U32(n_in)
        a0 = a1 = a2 = float32(0)
        si = i0                        # a while loop over running indices: numba's range() counts with
        wi = i0 * U32(n_out) + o       # extra 64-bit bookkeeping, and wt[i, o] multiplies every time
        while si < i1:
            w = wt[wi]
            a0 += src[si] * w
            a1 += src[si + U32(src_pitch)] * w
            a2 += src[si + U32(2 * src_pitch)] * w
            si += U32(1)
            wi += U32(n_out)
        if part == 1:
            part_sums[o] = a0
            part_sums[U32(MAX_HIDDEN) + o] = a1
            part_sums[U32(2 * MAX_HIDDEN) + o] = a2
        else:
            dst[o] = a0
            dst[U32(dst_pitch) + o] = a1
            dst[U32(2 * dst_pitch) + o] = a2
    cuda.syncthreads()
    for o in range(t, n_out, nt):
        uo = U32(o)
        bias = b[uo]
        for m in range(IMGS):
            d = U32(m * dst_pitch) + uo
            v = dst[d] + bias
            if parts == 2:
                v += part_sums[U32(m * MAX_HIDDEN) + uo]
            dst[d] = activate(v, act)


@cuda.jit(**JIT)
def lenet5_kernel(x, w1, b1, w2, b2, w3t, b3, w4t, b4, w5t, b5, out, act1, act2, act3, act4, act5):
    # x: (N, 1, 32, 32); w1: (150,) = (6, 1, 5, 5) flat; w2: (2400,) = (16, 6, 5, 5) flat;
    # w3t: (400, 120), w4t: (120, 84), w5t: (84, NC) dense weights transposed, flat; out: (N, NC) probabilities;
    # grid: ceil(N / IMGS) blocks. Indices are unsigned (U32): a signed index makes numba add a negative-index
    # wrap-around to every shared-memory access, and the profile of the signed version was integer-bound.
    N = x.shape[0]
    n0 = cuda.blockIdx.x * IMGS
    t = cuda.threadIdx.x
    nt = cuda.blockDim.x
    NC = out.shape[1]
    sw1 = cuda.shared.array(150, float32)
    sw2 = cuda.shared.array(2400, float32)
    sb = cuda.shared.array(22, float32)                 # b1 (6) then b2 (16)
    img = cuda.shared.array(3 * 1024, float32)          # per image (32, 32)
    p1 = cuda.shared.array(3 * 1176, float32)           # per image (6, 14, 14) after conv1, act1, pool
    p2 = cuda.shared.array(3 * 400, float32)            # per image (16, 5, 5) after conv2, act2, pool
    h1 = cuda.shared.array(3 * 120, float32)
    h2 = cuda.shared.array(3 * 84, float32)
    h3 = cuda.shared.array(H3_SIZE, float32)
    part_sums = cuda.shared.array(PART_SIZE, float32)  # the dense layers' second-half sums
    for i in range(t, IMGS * 1024, nt):
        ui = U32(i)
        m = ui // U32(1024)
        r = ui - m * U32(1024)
        n = U32(n0) + m
        img[ui] = x[n, U32(0), r // U32(32), r % U32(32)] if n < U32(N) else float32(0)  # past N: zeros
    for i in range(t, 150, nt):
        sw1[U32(i)] = w1[U32(i)]
    for i in range(t, 2400, nt):
        sw2[U32(i)] = w2[U32(i)]
    if t < 6:
        sb[U32(t)] = b1[U32(t)]
    elif t < 22:
        sb[U32(t)] = b2[U32(t - 6)]
    cuda.syncthreads()

    for i in range(t, IMGS * 1176, nt):  # conv1 + act1 + 2x2 average: each weight loaded once for 4 outputs
        ui = U32(i)
        m = ui // U32(1176)
        q = ui - m * U32(1176)
        k = q // U32(196)
        cell = q - k * U32(196)
        py = cell // U32(14)
        jb = m * U32(1024) + py * U32(64) + (cell - py * U32(14)) * U32(2)  # top-left input pixel
        wb = k * U32(25)
        a00 = a01 = a10 = a11 = sb[k]
        for ky in range(5):
            for kx in range(5):
                w = sw1[wb + U32(ky * 5 + kx)]
                j = jb + U32(ky * 32 + kx)
                a00 += w * img[j]
                a01 += w * img[j + U32(1)]
                a10 += w * img[j + U32(32)]
                a11 += w * img[j + U32(33)]
        p1[ui] = (float32(activate(a00, act1)) + float32(activate(a01, act1)) + float32(activate(a10, act1))
                  + float32(activate(a11, act1))) / 4
    cuda.syncthreads()

    for i in range(t, IMGS * 400, nt):  # conv2 + act2 + 2x2 average, the same way
        ui = U32(i)
        m = ui // U32(400)
        q = ui - m * U32(400)
        k = q // U32(25)
        cell = q - k * U32(25)
        py = cell // U32(5)
        jb = m * U32(1176) + py * U32(28) + (cell - py * U32(5)) * U32(2)
        wb = k * U32(150)
        a00 = a01 = a10 = a11 = sb[U32(6) + k]
        for c in range(6):
            for ky in range(5):
                for kx in range(5):
                    w = sw2[wb + U32((c * 5 + ky) * 5 + kx)]
                    j = jb + U32(c * 196 + ky * 14 + kx)
                    a00 += w * p1[j]
                    a01 += w * p1[j + U32(1)]
                    a10 += w * p1[j + U32(14)]
                    a11 += w * p1[j + U32(15)]
        p2[ui] = (float32(activate(a00, act2)) + float32(activate(a01, act2)) + float32(activate(a10, act2))
                  + float32(activate(a11, act2))) / 4
    cuda.syncthreads()

    _dense3(p2, 400, w3t, b3, h1, 120, part_sums, 400, 120, act3, t, nt)  # fc1 (synchronises inside)
    cuda.syncthreads()
    _dense3(h1, 120, w4t, b4, h2, 84, part_sums, 120, 84, act4, t, nt)  # fc2
    cuda.syncthreads()
    _dense3(h2, 84, w5t, b5, h3, MAX_CLASSES, part_sums, 84, NC, act5, t, nt)  # fc3
    cuda.syncthreads()

    for i in range(t, IMGS * NC, nt):  # softmax over NC (small): every thread finds the max and the sum itself
        ui = U32(i)
        m = ui // U32(NC)
        o = ui - m * U32(NC)
        if U32(n0) + m < U32(N):
            h = m * U32(MAX_CLASSES)
            top = h3[h]
            for j in range(1, NC):
                if h3[h + U32(j)] > top:  # as the CPU's softmax: a NaN first entry stays the max
                    top = h3[h + U32(j)]
            total = float32(0)
            for j in range(NC):
                total += math.exp(h3[h + U32(j)] - top)
            out[U32(n0) + m, o] = math.exp(h3[h + o] - top) / total
