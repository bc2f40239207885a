"""CUDA kernels (numba.cuda): the first, correctness-first version of the GPU device.

Same functions and signatures as the forward (inference) kernels of engine/kernels/cpu.py, so
engine/ops.py runs unchanged with device='cuda': each function takes the NumPy arrays ops allocates,
copies its inputs to the device, launches one `@cuda.jit` kernel with one thread per output element
(per row for softmax, per plane for the global average), and copies the result back into `out`.
Every output element is summed in the same order as on the CPU (conv: bias, then (c, ky, kx)
ascending), so results agree with device='cpu' to rounding (tests/gpu/test_cuda_ops.py).

Runs on a real GPU or on numba's CUDA simulator (NUMBA_ENABLE_CUDASIM=1, how the tests run without one).
Importing this module without either raises a one-line ValueError (engine.ops.kernels_for passes it on).

Still to do for the GPU issue: device-resident activations between layers (no host round trip per op),
implicit-GEMM tiled conv kernels (shared-memory tiles, several outputs per thread), a fused LeNet-5
kernel for small batches, the training/backward kernels, and benchmarks on a real H100.
"""
import math

import numba
import numpy as np
from numba import cuda

if not cuda.is_available():
    raise ValueError("device 'cuda': no CUDA GPU found (numba.cuda.is_available() is False); use device='cpu'")

SIMULATING = bool(numba.config.ENABLE_CUDASIM)
JIT = {} if SIMULATING else {"cache": True}  # the simulator does not support cache=True
THREADS = 32 if SIMULATING else 128           # the simulator runs each thread as a Python thread


def _launch(kernel, total, *args):
    if total > 0:
        kernel[(total + THREADS - 1) // THREADS, THREADS](*args)


def _dev(a):
    return cuda.to_device(np.ascontiguousarray(a))


def _back(d_out, out):
    out[...] = d_out.copy_to_host()


def __getattr__(name):
    # the training kernels of cpu.py are not written for the GPU yet: a clear error, not an AttributeError
    if name in ("conv2d_forward_train", "conv2d_backward", "activation_backward", "max_pool2d_backward",
                "avg_pool2d_backward", "global_avg_pool_backward", "dense_backward", "softmax_backward",
                "softmax_cross_entropy", "batch_norm_train_forward", "batch_norm_backward", "lrn_backward"):
        raise ValueError(f"device 'cuda': {name} is not implemented on the GPU yet (inference only); "
                         "use device='cpu' for training")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---------------------------------------------------------------- activations (codes as in cpu.py)
@cuda.jit(device=True, **JIT)
def activate(v, act):
    if act == 1:
        return 0.0 if v <= 0 else v  # NaN passes through, -inf gives 0, as on the CPU
    if act == 2:
        return math.tanh(v)
    if act == 3:
        if v >= 0:
            return 1 / (1 + math.exp(-v))
        e = math.exp(v)
        return e / (1 + e)
    return v


@cuda.jit(device=True)
def _nchw_index(i, C, OH, OW):
    """Flat index of an (N, C, OH, OW) output -> (n, c, oy, ox)."""
    return i // (OW * OH * C), (i // (OW * OH)) % C, (i // OW) % OH, i % OW


# ---------------------------------------------------------------- convolution
def prepare_conv2d_weights(w, groups):
    """No repacked form on the GPU yet."""
    return None


@cuda.jit(**JIT)
def _conv2d_kernel(xp, w, b, out, stride_h, stride_w, dil_h, dil_w, groups, act):
    N, K, OH, OW = out.shape
    Cg, KH, KW = w.shape[1], w.shape[2], w.shape[3]
    i = cuda.grid(1)
    if i >= N * K * OH * OW:
        return
    n, k, oy, ox = _nchw_index(i, K, OH, OW)
    c0 = (k // (K // groups)) * Cg
    s = b[k]
    for c in range(Cg):
        for ky in range(KH):
            y = oy * stride_h + ky * dil_h
            for kx in range(KW):
                s += w[k, c, ky, kx] * xp[n, c0 + c, y, ox * stride_w + kx * dil_w]
    if act != 0:
        s = activate(s, act)
    out[n, k, oy, ox] = s


def conv2d_forward(xp, w, b, out, stride_h, stride_w, dil_h, dil_w, groups, act, prepared=None):
    """xp: (N, C, Hp, Wp) already padded; w: (K, C/groups, KH, KW); b: (K,) -> out: (N, K, OH, OW)."""
    d_out = cuda.device_array(out.shape, out.dtype)
    _launch(_conv2d_kernel, out.size, _dev(xp), _dev(w), _dev(b), d_out, stride_h, stride_w, dil_h, dil_w,
            groups, act)
    _back(d_out, out)


# ---------------------------------------------------------------- pooling
@cuda.jit(**JIT)
def _max_pool2d_kernel(x, out, kh, kw, sh, sw, pad_top, pad_left):
    N, C, H, W = x.shape
    OH, OW = out.shape[2], out.shape[3]
    i = cuda.grid(1)
    if i >= N * C * OH * OW:
        return
    n, c, oy, ox = _nchw_index(i, C, OH, OW)
    y0 = oy * sh - pad_top
    x0 = ox * sw - pad_left
    ya, yb = max(y0, 0), min(y0 + kh, H)
    xa, xb = max(x0, 0), min(x0 + kw, W)
    m = x[n, c, ya, xa]
    for y in range(ya, yb):
        for xx in range(xa, xb):
            v = x[n, c, y, xx]
            if v > m or v != v:  # NaN propagates, as in PyTorch
                m = v
    out[n, c, oy, ox] = m


def max_pool2d_forward(x, out, kh, kw, sh, sw, pad_top, pad_left):
    d_out = cuda.device_array(out.shape, out.dtype)
    _launch(_max_pool2d_kernel, out.size, _dev(x), d_out, kh, kw, sh, sw, pad_top, pad_left)
    _back(d_out, out)


@cuda.jit(**JIT)
def _avg_pool2d_kernel(x, out, kh, kw, sh, sw, pad_top, pad_left, pad_bottom, pad_right, count_include_pad):
    N, C, H, W = x.shape
    OH, OW = out.shape[2], out.shape[3]
    i = cuda.grid(1)
    if i >= N * C * OH * OW:
        return
    n, c, oy, ox = _nchw_index(i, C, OH, OW)
    y0 = oy * sh - pad_top
    x0 = ox * sw - pad_left
    ya, yb = max(y0, 0), min(y0 + kh, H)
    xa, xb = max(x0, 0), min(x0 + kw, W)
    s = x[n, c, ya, xa] * 0
    for y in range(ya, yb):
        for xx in range(xa, xb):
            s += x[n, c, y, xx]
    if count_include_pad:
        count = (min(y0 + kh, H + pad_bottom) - max(y0, -pad_top)) * (min(x0 + kw, W + pad_right) - max(x0, -pad_left))
    else:
        count = (yb - ya) * (xb - xa)
    out[n, c, oy, ox] = s / count


def avg_pool2d_forward(x, out, kh, kw, sh, sw, pad_top, pad_left, pad_bottom, pad_right, count_include_pad):
    d_out = cuda.device_array(out.shape, out.dtype)
    _launch(_avg_pool2d_kernel, out.size, _dev(x), d_out, kh, kw, sh, sw, pad_top, pad_left, pad_bottom,
            pad_right, bool(count_include_pad))
    _back(d_out, out)


@cuda.jit(**JIT)
def _global_avg_pool_kernel(x, out):
    N, C, S = x.shape
    p = cuda.grid(1)
    if p >= N * C:
        return
    n = p // C
    c = p % C
    s = x[n, c, 0] * 0
    for i in range(S):
        s += x[n, c, i]
    out[n, c] = s / S


def global_avg_pool_forward(x, out):
    # x: (N, C, S) -> out: (N, C)
    d_out = cuda.device_array(out.shape, out.dtype)
    _launch(_global_avg_pool_kernel, out.size, _dev(x), d_out)
    _back(d_out, out)


# ---------------------------------------------------------------- dense
@cuda.jit(**JIT)
def _dense_kernel(x, w, b, out, act):
    N, I = x.shape
    O = w.shape[0]
    j = cuda.grid(1)
    if j >= N * O:
        return
    n = j // O
    o = j % O
    s = x[n, 0] * 0
    for i in range(I):
        s += x[n, i] * w[o, i]
    out[n, o] = activate(s + b[o], act)


def dense_forward(x, w, b, out, act):
    # x: (N, I), w: (O, I), b: (O,) -> out: (N, O)
    d_out = cuda.device_array(out.shape, out.dtype)
    _launch(_dense_kernel, out.size, _dev(x), _dev(w), _dev(b), d_out, act)
    _back(d_out, out)


# ---------------------------------------------------------------- elementwise and normalisation
@cuda.jit(**JIT)
def _activation_kernel(x, out, act):
    i = cuda.grid(1)
    if i < x.shape[0]:
        out[i] = activate(x[i], act)


def activation_forward(x, out, act):
    # x, out: flat (M,)
    d_out = cuda.device_array(out.shape, out.dtype)
    _launch(_activation_kernel, out.size, _dev(x), d_out, act)
    _back(d_out, out)


@cuda.jit(**JIT)
def _softmax_kernel(x, out):
    M, K = x.shape
    m = cuda.grid(1)
    if m >= M:
        return
    top = x[m, 0]
    for k in range(1, K):
        if x[m, k] > top:
            top = x[m, k]
    s = x[m, 0] * 0
    for k in range(K):
        e = math.exp(x[m, k] - top)
        out[m, k] = e
        s += e
    for k in range(K):
        out[m, k] /= s


def softmax_forward(x, out):
    # x, out: (M, K), softmax over each row (one thread per row)
    d_out = cuda.device_array(out.shape, out.dtype)
    _launch(_softmax_kernel, out.shape[0], _dev(x), d_out)
    _back(d_out, out)


@cuda.jit(**JIT)
def _batch_norm_kernel(x, scale, shift, out):
    N, C, S = x.shape
    j = cuda.grid(1)
    if j >= N * C * S:
        return
    i = j % S
    c = (j // S) % C
    n = j // (S * C)
    out[n, c, i] = x[n, c, i] * scale[c] + shift[c]


def batch_norm_forward(x, scale, shift, out):
    # x, out: (N, C, S); y = x * scale[c] + shift[c]
    d_out = cuda.device_array(out.shape, out.dtype)
    _launch(_batch_norm_kernel, out.size, _dev(x), _dev(scale), _dev(shift), d_out)
    _back(d_out, out)


@cuda.jit(**JIT)
def _lrn_kernel(x, out, size, alpha, beta, k):
    N, C, S = x.shape
    j = cuda.grid(1)
    if j >= N * C * S:
        return
    i = j % S
    c = (j // S) % C
    n = j // (S * C)
    ca = max(c - size // 2, 0)
    cb = min(c + (size - 1) // 2 + 1, C)
    s = x[n, c, i] * 0
    for q in range(ca, cb):
        v = x[n, q, i]
        s += v * v
    out[n, c, i] = x[n, c, i] / (k + alpha / size * s) ** beta


def lrn_forward(x, out, size, alpha, beta, k):
    # x, out: (N, C, S); PyTorch's local_response_norm across channels
    d_out = cuda.device_array(out.shape, out.dtype)
    _launch(_lrn_kernel, out.size, _dev(x), d_out, size, alpha, beta, k)
    _back(d_out, out)
