"""A whole LeNet-5 forward pass in one CUDA launch (float32): at LeNet's size a GPU is bound by kernel
launches, not arithmetic, so nine layer launches per batch become one.

One block per IMGS = 3 images. Both conv layers' weights (10 KB) and, per image, the input (32x32) and
every intermediate (11.7 KB) live in shared memory: 45 KB in all, under the 48 KB a block gets without
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

from engine.kernels.cuda_common import JIT, SIMULATING, activate

THREADS = 32 if SIMULATING else 256  # per block; the simulator runs each thread as a Python thread
IMGS = 3                              # images per block (the dense layers keep 3 sums per thread)
MAX_CLASSES = 128
H3_SIZE = IMGS * MAX_CLASSES          # (shared array sizes must be plain constants)


@cuda.jit(device=True, **JIT)
def _dense3(src, src_pitch, wt, b, dst, dst_pitch, n_in, n_out, act, t, nt):
    """dst[m * dst_pitch + o] = act(b[o] + sum_i src[m * src_pitch + i] * wt[i, o]) for the block's 3 images m:
    one thread per output o, each weight loaded once for the 3 images."""
    for o in range(t, n_out, nt):
        a0 = a1 = a2 = b[o]
        for i in range(n_in):
            w = wt[i, o]
            a0 += src[i] * w
            a1 += src[src_pitch + i] * w
            a2 += src[2 * src_pitch + i] * w
        dst[o] = activate(a0, act)
        dst[dst_pitch + o] = activate(a1, act)
        dst[2 * dst_pitch + o] = activate(a2, act)


@cuda.jit(**JIT)
def lenet5_kernel(x, w1, b1, w2, b2, w3t, b3, w4t, b4, w5t, b5, out, act1, act2, act3, act4, act5):
    # x: (N, 1, 32, 32); w1: (150,) = (6, 1, 5, 5) flat; w2: (2400,) = (16, 6, 5, 5) flat;
    # w3t: (400, 120), w4t: (120, 84), w5t: (84, NC) (dense weights transposed); out: (N, NC) probabilities;
    # grid: ceil(N / IMGS) blocks
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
    for i in range(t, IMGS * 1024, nt):
        m = i // 1024
        img[i] = x[n0 + m, 0, (i // 32) % 32, i % 32] if n0 + m < N else float32(0)  # past N: zeros, not written
    for i in range(t, 150, nt):
        sw1[i] = w1[i]
    for i in range(t, 2400, nt):
        sw2[i] = w2[i]
    if t < 6:
        sb[t] = b1[t]
    elif t < 22:
        sb[t] = b2[t - 6]
    cuda.syncthreads()

    for i in range(t, IMGS * 1176, nt):  # conv1 + act1 + 2x2 average: each weight loaded once for 4 outputs
        q = i % 1176
        k = q // 196
        y0 = 2 * ((q // 14) % 14)
        x0 = 2 * (q % 14)
        base = (i // 1176) * 1024
        a00 = a01 = a10 = a11 = sb[k]
        for ky in range(5):
            for kx in range(5):
                w = sw1[k * 25 + ky * 5 + kx]
                j = base + (y0 + ky) * 32 + x0 + kx
                a00 += w * img[j]
                a01 += w * img[j + 1]
                a10 += w * img[j + 32]
                a11 += w * img[j + 33]
        p1[i] = (float32(activate(a00, act1)) + float32(activate(a01, act1)) + float32(activate(a10, act1))
                 + float32(activate(a11, act1))) / 4
    cuda.syncthreads()

    for i in range(t, IMGS * 400, nt):  # conv2 + act2 + 2x2 average, the same way
        q = i % 400
        k = q // 25
        y0 = 2 * ((q // 5) % 5)
        x0 = 2 * (q % 5)
        base = (i // 400) * 1176
        a00 = a01 = a10 = a11 = sb[6 + k]
        for c in range(6):
            for ky in range(5):
                for kx in range(5):
                    w = sw2[((k * 6 + c) * 5 + ky) * 5 + kx]
                    j = base + c * 196 + (y0 + ky) * 14 + x0 + kx
                    a00 += w * p1[j]
                    a01 += w * p1[j + 1]
                    a10 += w * p1[j + 14]
                    a11 += w * p1[j + 15]
        p2[i] = (float32(activate(a00, act2)) + float32(activate(a01, act2)) + float32(activate(a10, act2))
                 + float32(activate(a11, act2))) / 4
    cuda.syncthreads()

    _dense3(p2, 400, w3t, b3, h1, 120, 400, 120, act3, t, nt)  # fc1
    cuda.syncthreads()
    _dense3(h1, 120, w4t, b4, h2, 84, 120, 84, act4, t, nt)  # fc2
    cuda.syncthreads()
    _dense3(h2, 84, w5t, b5, h3, MAX_CLASSES, 84, NC, act5, t, nt)  # fc3
    cuda.syncthreads()

    for i in range(t, IMGS * NC, nt):  # softmax over NC (small): every thread finds the max and the sum itself
        m = i // NC
        o = i % NC
        if n0 + m < N:
            h = m * MAX_CLASSES
            top = h3[h]
            for j in range(1, NC):
                if h3[h + j] > top:  # as the CPU's softmax: a NaN first entry stays the max
                    top = h3[h + j]
            total = float32(0)
            for j in range(NC):
                total += math.exp(h3[h + j] - top)
            out[n0 + m, o] = math.exp(h3[h + o] - top) / total
