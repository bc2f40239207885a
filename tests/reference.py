"""Independent float64 references for the engine's ops.

Written from the definitions (PyTorch semantics) with explicit loops, plain NumPy and
scipy.signal.correlate. Nothing here imports or calls engine code, so a test comparing the engine
with these functions can fail.

Layouts: NCL / NCHW activations, conv weights (K, C/groups, kH[, kW]), dense weights (out, in).
Padding arguments accept the same forms as the engine: int, one int per axis, one (before, after)
pair per axis, 'valid' or 'same' (output ceil(n / stride), the odd extra pixel after).
"""
import math

import numpy as np
from scipy import signal


# ---------------------------------------------------------------- sizes
def out_size(n, f, s=1, pb=0, pa=0, d=1):
    """floor((n + pb + pa - d(f-1) - 1) / s) + 1."""
    return math.floor((n + pb + pa - d * (f - 1) - 1) / s) + 1


def pool_out_size(n, f, s, pb, pa, ceil_mode):
    """PyTorch's pooling size; with ceil_mode the last window must start inside the input or the
    leading padding."""
    span = n + pb + pa - f
    out = (math.ceil(span / s) if ceil_mode else math.floor(span / s)) + 1
    if ceil_mode and (out - 1) * s >= n + pb:
        out -= 1
    return out


def _tuple(v, ndim):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * ndim


def pads_of(padding, sizes, kernel, stride, dilation):
    """Any padding form -> list of (before, after) per spatial axis."""
    ndim = len(sizes)
    if isinstance(padding, str):
        if padding == "valid":
            return [(0, 0)] * ndim
        assert padding == "same"
        pads = []
        for n, f, s, d in zip(sizes, kernel, stride, dilation):
            want = math.ceil(n / s)
            total = max(0, (want - 1) * s + d * (f - 1) + 1 - n)
            pads.append((total // 2, total - total // 2))
        return pads
    if isinstance(padding, int):
        return [(padding, padding)] * ndim
    return [(p, p) if isinstance(p, int) else tuple(p) for p in padding]


# ---------------------------------------------------------------- convolution
def conv2d(x, w, b=None, stride=1, padding=0, dilation=1, groups=1, activation=None):
    """PyTorch conv2d (cross-correlation), float64, one output pixel at a time."""
    x = np.asarray(x, np.float64)
    w = np.asarray(w, np.float64)
    N, C, H, W = x.shape
    K, Cg, KH, KW = w.shape
    assert C == Cg * groups and K % groups == 0
    sh, sw = _tuple(stride, 2)
    dh, dw = _tuple(dilation, 2)
    (pt, pb), (pl, pr) = pads_of(padding, (H, W), (KH, KW), (sh, sw), (dh, dw))
    xp = np.zeros((N, C, H + pt + pb, W + pl + pr))
    xp[:, :, pt:pt + H, pl:pl + W] = x
    OH, OW = out_size(H, KH, sh, pt, pb, dh), out_size(W, KW, sw, pl, pr, dw)
    Kg = K // groups
    out = np.zeros((N, K, OH, OW))
    for g in range(groups):
        wg = w[g * Kg:(g + 1) * Kg]                       # (Kg, Cg, KH, KW)
        for oy in range(OH):
            for ox in range(OW):
                patch = xp[:, g * Cg:(g + 1) * Cg,
                           oy * sh: oy * sh + dh * (KH - 1) + 1: dh,
                           ox * sw: ox * sw + dw * (KW - 1) + 1: dw]   # (N, Cg, KH, KW)
                for k in range(Kg):
                    out[:, g * Kg + k, oy, ox] = (patch * wg[k]).sum(axis=(1, 2, 3))
    if b is not None:
        out += np.asarray(b, np.float64)[None, :, None, None]
    return activate(out, activation)


def conv1d(x, w, b=None, stride=1, padding=0, dilation=1, groups=1, activation=None):
    """PyTorch conv1d, float64, with its own loops (not via conv2d)."""
    x = np.asarray(x, np.float64)
    w = np.asarray(w, np.float64)
    N, C, L = x.shape
    K, Cg, F = w.shape
    s = _tuple(stride, 1)[0]
    d = _tuple(dilation, 1)[0]
    ((pb, pa),) = pads_of(padding if isinstance(padding, (str, int)) else list(padding), (L,), (F,), (s,), (d,))
    xp = np.concatenate([np.zeros((N, C, pb)), x, np.zeros((N, C, pa))], axis=2)
    OL = out_size(L, F, s, pb, pa, d)
    Kg = K // groups
    out = np.zeros((N, K, OL))
    for n in range(N):
        for k in range(K):
            g = k // Kg
            for o in range(OL):
                acc = 0.0
                for c in range(Cg):
                    for j in range(F):
                        acc += xp[n, g * Cg + c, o * s + j * d] * w[k, c, j]
                out[n, k, o] = acc
    if b is not None:
        out += np.asarray(b, np.float64)[None, :, None]
    return activate(out, activation)


def conv2d_scipy(x, w, b=None):
    """Stride 1, no padding, groups 1: sum over channels of scipy.signal.correlate(..., 'valid')."""
    x = np.asarray(x, np.float64)
    w = np.asarray(w, np.float64)
    N, C = x.shape[:2]
    K = w.shape[0]
    rows = []
    for n in range(N):
        rows.append([sum(signal.correlate(x[n, c], w[k, c], mode="valid") for c in range(C)) for k in range(K)])
    out = np.array(rows)
    if b is not None:
        out += np.asarray(b, np.float64)[None, :, None, None]
    return out


# ---------------------------------------------------------------- pooling
def _pool2d(kind, x, kernel_size, stride, padding, ceil_mode, count_include_pad):
    x = np.asarray(x, np.float64)
    N, C, H, W = x.shape
    kh, kw = _tuple(kernel_size, 2)
    sh, sw = (kh, kw) if stride is None else _tuple(stride, 2)
    (pt, pb), (pl, pr) = pads_of(padding, (H, W), (kh, kw), (sh, sw), (1, 1))
    OH = pool_out_size(H, kh, sh, pt, pb, ceil_mode)
    OW = pool_out_size(W, kw, sw, pl, pr, ceil_mode)
    out = np.empty((N, C, OH, OW))
    for oy in range(OH):
        y0 = oy * sh - pt                       # window [y0, y0 + kh) in input coordinates
        ya, yb = max(y0, 0), min(y0 + kh, H)    # inside the input
        pya, pyb = max(y0, -pt), min(y0 + kh, H + pb)   # inside the padded input
        for ox in range(OW):
            x0 = ox * sw - pl
            xa, xb = max(x0, 0), min(x0 + kw, W)
            pxa, pxb = max(x0, -pl), min(x0 + kw, W + pr)
            if kind == "max":
                # the padded input is -inf, so padding never wins; np.max propagates NaN
                padded = np.full((N, C, kh, kw), -np.inf)
                padded[:, :, ya - y0:yb - y0, xa - x0:xb - x0] = x[:, :, ya:yb, xa:xb]
                out[:, :, oy, ox] = padded.max(axis=(2, 3))
            else:
                count = (pyb - pya) * (pxb - pxa) if count_include_pad else (yb - ya) * (xb - xa)
                out[:, :, oy, ox] = x[:, :, ya:yb, xa:xb].sum(axis=(2, 3)) / count
    return out


def max_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False):
    return _pool2d("max", x, kernel_size, stride, padding, ceil_mode, True)


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    return _pool2d("avg", x, kernel_size, stride, padding, ceil_mode, count_include_pad)


def _as_1d_padding(padding):
    if isinstance(padding, str):
        return padding
    if isinstance(padding, int):
        return [(0, 0), (padding, padding)]
    (p,) = padding
    return [(0, 0), (p, p) if isinstance(p, int) else tuple(p)]


def max_pool1d(x, kernel_size, stride=None, padding=0, ceil_mode=False):
    k = _tuple(kernel_size, 1)[0]
    s = k if stride is None else _tuple(stride, 1)[0]
    x = np.asarray(x, np.float64)[:, :, None, :]
    return max_pool2d(x, (1, k), (1, s), _as_1d_padding(padding), ceil_mode)[:, :, 0, :]


def avg_pool1d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    k = _tuple(kernel_size, 1)[0]
    s = k if stride is None else _tuple(stride, 1)[0]
    x = np.asarray(x, np.float64)[:, :, None, :]
    return avg_pool2d(x, (1, k), (1, s), _as_1d_padding(padding), ceil_mode, count_include_pad)[:, :, 0, :]


def global_avg_pool(x):
    x = np.asarray(x, np.float64)
    return x.mean(axis=tuple(range(2, x.ndim)), keepdims=True)


# ---------------------------------------------------------------- dense, activations
def linear(x, w, b=None, activation=None):
    x = np.asarray(x, np.float64)
    w = np.asarray(w, np.float64)
    out = np.zeros((x.shape[0], w.shape[0]))
    for o in range(w.shape[0]):
        out[:, o] = (x * w[o]).sum(axis=1)
    if b is not None:
        out += np.asarray(b, np.float64)
    return activate(out, activation)


def relu(x):
    x = np.asarray(x, np.float64)
    return np.where(x > 0, x, np.where(np.isnan(x), x, 0.0))


def tanh(x):
    return np.tanh(np.asarray(x, np.float64))


def sigmoid(x):
    x = np.asarray(x, np.float64)
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-x))


def activate(x, activation):
    return {None: lambda v: v, "relu": relu, "tanh": tanh, "sigmoid": sigmoid}[activation](x)


def softmax(x, axis=-1):
    x = np.asarray(x, np.float64)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# ---------------------------------------------------------------- normalisation
def batch_norm(x, mean, var, weight=None, bias=None, eps=1e-5):
    x = np.asarray(x, np.float64)
    C = x.shape[1]
    shape = (1, C) + (1,) * (x.ndim - 2)
    weight = np.ones(C) if weight is None else np.asarray(weight, np.float64)
    bias = np.zeros(C) if bias is None else np.asarray(bias, np.float64)
    mean = np.asarray(mean, np.float64).reshape(shape)
    var = np.asarray(var, np.float64).reshape(shape)
    return (x - mean) / np.sqrt(var + eps) * weight.reshape(shape) + bias.reshape(shape)


def local_response_norm(x, size, alpha=1e-4, beta=0.75, k=1.0):
    """x / (k + alpha/size * sum of x^2 over channels c - size//2 .. c + (size-1)//2)^beta."""
    x = np.asarray(x, np.float64)
    C = x.shape[1]
    out = np.empty_like(x)
    for c in range(C):
        s = np.zeros_like(x[:, 0])
        for j in range(c - size // 2, c + (size - 1) // 2 + 1):
            if 0 <= j < C:
                s += x[:, j] ** 2
        out[:, c] = x[:, c] / (k + alpha / size * s) ** beta
    return out


# ---------------------------------------------------------------- comparison
TOLERANCE = {np.dtype(np.float32): 1e-5, np.dtype(np.float64): 1e-12}


def rel_error(ours, ref):
    """||ours - ref|| / ||ref|| in float64."""
    ours = np.asarray(ours, np.float64)
    ref = np.asarray(ref, np.float64)
    return float(np.linalg.norm(ours - ref) / np.linalg.norm(ref))


def assert_close(ours, ref, dtype, tol=None):
    """Same shape, dtype `dtype`, finite, and relative error within the dtype's tolerance."""
    dtype = np.dtype(dtype)
    ref = np.asarray(ref)
    assert isinstance(ours, np.ndarray), type(ours)
    assert ours.dtype == dtype, f"dtype {ours.dtype}, expected {dtype}"
    assert ours.shape == ref.shape, f"shape {ours.shape}, expected {ref.shape}"
    assert np.isfinite(ours).all(), "non-finite values in the result"
    assert np.linalg.norm(ref) > 0, "degenerate test: the reference is all zeros"
    err = rel_error(ours, ref)
    limit = TOLERANCE[dtype] if tol is None else tol
    assert err <= limit, f"relative error {err:.3g} > {limit:.1g}"
