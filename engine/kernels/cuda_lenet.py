"""A whole LeNet-5 forward pass in one CUDA launch (float32): at LeNet's size a GPU is bound by kernel
launches, not arithmetic, so nine layer launches per batch become one.

One block per image. The image (32x32), both conv layers' weights (10 KB) and every intermediate live in
shared memory (about 23 KB in all, under the 48 KB a block gets without the driver's opt-in attribute,
which numba has no API for); fc1..fc3 weights (192 KB + 40 KB + 3 KB: more than shared or constant
memory holds) are read from global memory, transposed to (in, out) so that neighbouring threads, which
compute neighbouring outputs, read neighbouring addresses, and served from L2 after the first blocks.
A thread computes the four conv outputs of one 2x2 average-pooling cell together (each weight loaded once
for the four), applies the activation and averages them at once, so the 28x28 and 10x10 maps are never
stored.

Layer geometry is fixed (input 1x32x32, conv 5x5 -> 6, pool 2, conv 5x5 -> 16, pool 2, dense 400 -> 120
-> 84 -> NC <= 128, softmax); engine/fused.py checks a model has it. Activations are arguments (codes as
in cpu.py). The loops are short and fixed, so no generated source here.
"""
import math

from numba import cuda, float32

from engine.kernels.cuda_common import JIT, SIMULATING, activate

THREADS = 32 if SIMULATING else 256  # per block (one image); the simulator runs each thread as a Python thread
MAX_CLASSES = 128


@cuda.jit(**JIT)
def lenet5_kernel(x, w1, b1, w2, b2, w3t, b3, w4t, b4, w5t, b5, out, act1, act2, act3, act4, act5):
    # x: (N, 1, 32, 32); w1: (150,) = (6, 1, 5, 5) flat; w2: (2400,) = (16, 6, 5, 5) flat;
    # w3t: (400, 120), w4t: (120, 84), w5t: (84, NC) (dense weights transposed); out: (N, NC) probabilities
    n = cuda.blockIdx.x
    t = cuda.threadIdx.x
    nt = cuda.blockDim.x
    NC = out.shape[1]
    img = cuda.shared.array(1024, float32)
    sw1 = cuda.shared.array(150, float32)
    sw2 = cuda.shared.array(2400, float32)
    sb = cuda.shared.array(22, float32)      # b1 (6) then b2 (16)
    p1 = cuda.shared.array(1176, float32)    # (6, 14, 14) after conv1, act1, pool
    p2 = cuda.shared.array(400, float32)     # (16, 5, 5) after conv2, act2, pool = fc1's input
    h1 = cuda.shared.array(120, float32)
    h2 = cuda.shared.array(84, float32)
    h3 = cuda.shared.array(MAX_CLASSES, float32)
    for i in range(t, 1024, nt):
        img[i] = x[n, 0, i // 32, i % 32]
    for i in range(t, 150, nt):
        sw1[i] = w1[i]
    for i in range(t, 2400, nt):
        sw2[i] = w2[i]
    if t < 6:
        sb[t] = b1[t]
    elif t < 22:
        sb[t] = b2[t - 6]
    cuda.syncthreads()

    for i in range(t, 1176, nt):  # conv1 + act1 + 2x2 average: each weight is loaded once for the 4 outputs
        k = i // 196
        y0 = 2 * ((i // 14) % 14)
        x0 = 2 * (i % 14)
        a00 = a01 = a10 = a11 = sb[k]
        for ky in range(5):
            for kx in range(5):
                w = sw1[k * 25 + ky * 5 + kx]
                j = (y0 + ky) * 32 + x0 + kx
                a00 += w * img[j]
                a01 += w * img[j + 1]
                a10 += w * img[j + 32]
                a11 += w * img[j + 33]
        p1[i] = (float32(activate(a00, act1)) + float32(activate(a01, act1)) + float32(activate(a10, act1))
                 + float32(activate(a11, act1))) / 4
    cuda.syncthreads()

    for i in range(t, 400, nt):  # conv2 + act2 + 2x2 average, the same way
        k = i // 25
        y0 = 2 * ((i // 5) % 5)
        x0 = 2 * (i % 5)
        a00 = a01 = a10 = a11 = sb[6 + k]
        for c in range(6):
            for ky in range(5):
                for kx in range(5):
                    w = sw2[((k * 6 + c) * 5 + ky) * 5 + kx]
                    j = c * 196 + (y0 + ky) * 14 + x0 + kx
                    a00 += w * p1[j]
                    a01 += w * p1[j + 1]
                    a10 += w * p1[j + 14]
                    a11 += w * p1[j + 15]
        p2[i] = (float32(activate(a00, act2)) + float32(activate(a01, act2)) + float32(activate(a10, act2))
                 + float32(activate(a11, act2))) / 4
    cuda.syncthreads()

    for o in range(t, 120, nt):  # fc1: one thread per output, weights from global memory (L2)
        a = b3[o]
        for i in range(400):
            a += p2[i] * w3t[i, o]
        h1[o] = activate(a, act3)
    cuda.syncthreads()
    for o in range(t, 84, nt):
        a = b4[o]
        for i in range(120):
            a += h1[i] * w4t[i, o]
        h2[o] = activate(a, act4)
    cuda.syncthreads()
    for o in range(t, NC, nt):
        a = b5[o]
        for i in range(84):
            a += h2[i] * w5t[i, o]
        h3[o] = activate(a, act5)
    cuda.syncthreads()

    for o in range(t, NC, nt):  # softmax over NC (small): every thread finds the max and the sum itself
        top = h3[0]
        for j in range(1, NC):
            if h3[j] > top:  # as the CPU's softmax: a NaN first entry stays the max
                top = h3[j]
        total = float32(0)
        for j in range(NC):
            total += math.exp(h3[j] - top)
        out[n, o] = math.exp(h3[o] - top) / total
