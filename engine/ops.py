"""The functional API: checks arguments, converts dtypes, allocates outputs, picks the device's kernel.

Semantics and layouts follow PyTorch: NCL / NCHW activations, conv weights (K, C/groups, kH, kW),
dense weights (out, in). float32 and float64 inputs are computed in their own precision; anything
else is converted to float32. 1D ops run the 2D kernels with H = 1.

Arrays: NumPy in, NumPy out on every device. With device='cuda', a numba device array in gives a device
array out (no host copy): outputs are allocated by the device's kernel module (`empty(..., like=x)`),
which also pads, so nothing here depends on where the data lives.
"""
import numpy as np

from engine import shapes


def kernels_for(device):
    """The kernel module of a device: 'cpu' (Numba) or 'cuda' (numba.cuda, the GPU issue)."""
    if device == "cpu":
        from engine.kernels import cpu
        return cpu
    if device == "cuda":
        from engine.kernels import cuda  # raises ValueError without a GPU (or numba's CUDA simulator)
        return cuda
    raise ValueError(f"device: expected 'cpu' or 'cuda', got {device!r}")


def on_device(x):
    """A numba CUDA device array (or the simulator's)? They are used as they are, never copied to the host."""
    return hasattr(x, "copy_to_host")


def array(x, what="x"):
    """x as an array: a NumPy or device array as it is, anything else converted (a ValueError naming `what`
    unless it holds real numbers)."""
    if type(x) is np.ndarray or on_device(x):
        return x
    return _numeric(x, what)


def compute_dtype(x):
    return np.float64 if array(x).dtype == np.float64 else np.float32


_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))
# dtype kinds taken as numbers: bool, ints, unsigned ints, floats. Complex is refused, not cast (numpy would drop
# the imaginary part with only a ComplexWarning; the CLI refuses it too); so are strings, objects and timedelta
# (which np.issubdtype counts as an integer).
_REAL_KINDS = "biuf"


def _numeric(x, what):
    """np.asarray(x), or a one-line ValueError naming `what` where x does not hold real numbers. Off the fast
    paths: numpy's own errors ("could not convert string to float", ragged nesting) do not name the argument."""
    try:
        a = np.asarray(x)
    except (ValueError, TypeError) as e:  # ragged nesting
        first_line = (str(e) or type(e).__name__).splitlines()[0]
        raise ValueError(f"{what}: expected a numeric array, got a {type(x).__name__} numpy cannot convert "
                         f"({first_line})") from None
    kind = a.dtype.kind
    if kind not in _REAL_KINDS:
        if kind == "c":
            raise ValueError(f"{what}: complex values are not supported, got a {a.dtype} array of shape {a.shape}")
        raise ValueError(f"{what}: expected a numeric array, got dtype {a.dtype}")
    return a


def as_values(v, what, dtype=None):
    """v (a bias, a gradient, per-channel statistics) as a C-contiguous host array of dtype (None: float32 or
    float64 kept, anything else float32), with any rank; non-numeric or complex v is a ValueError naming `what`."""
    if type(v) is np.ndarray and v.flags.c_contiguous and (v.dtype in _FLOATS if dtype is None else v.dtype == dtype):
        return v  # the common case: a few attribute reads
    v = _numeric(v, what)
    return np.asarray(v, dtype or compute_dtype(v), order="C")


def _same_shape(a, shape, what, of="expected"):
    """Gradients and per-channel arrays must have exactly the shape the kernels index: a smaller array of
    another shape would be read past its end (the kernels run without bounds checks)."""
    if a.shape != tuple(shape):
        raise ValueError(f"{what}: {of} shape {tuple(shape)}, got {a.shape}")
    return a


def _real(v, what):
    """A finite real number argument (eps, alpha, beta, k) as a float."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)) or \
            not np.isfinite(v):
        raise ValueError(f"{what}: expected a finite number, got {v!r:.40}")
    return float(v)


def as_input(x, rank, what, dtype=None):
    """x as a C-contiguous float array of the given rank (a device array is checked, not converted)."""
    if type(x) is np.ndarray and x.ndim == rank and x.dtype in _FLOATS and x.flags.c_contiguous and x.size:
        if dtype is None or x.dtype == dtype:  # the common case, checked in a few attribute reads
            return x
    if on_device(x):
        return _device_input(x, rank, what, dtype)
    x = _numeric(x, what)
    if x.ndim != rank:
        raise ValueError(f"{what}: expected a {rank}-d array, got shape {x.shape}")
    if 0 in x.shape:
        raise ValueError(f"{what}: empty array of shape {x.shape}")
    return np.ascontiguousarray(x, dtype=dtype or compute_dtype(x))


def _device_input(x, rank, what, dtype):
    want = np.dtype(dtype or compute_dtype(x))
    if x.ndim != rank:
        raise ValueError(f"{what}: expected a {rank}-d array, got shape {x.shape}")
    if 0 in x.shape:
        raise ValueError(f"{what}: empty array of shape {x.shape}")
    if x.dtype != want or not x.is_c_contiguous():
        raise ValueError(f"{what}: a device array must be C-contiguous {want}, got a {x.dtype} array of shape "
                         f"{x.shape}; convert it before uploading")
    return x


def bias_or_zeros(b, count, dtype, kernels=None, like=None):
    """b checked, or zeros (on like's side: kept on the device, not uploaded per call, for device inputs)."""
    if b is None:
        return np.zeros(count, dtype) if kernels is None else kernels.zeros(count, dtype, like=like)
    b = as_input(b, 1, "b", dtype) if on_device(b) else as_values(b, "b", dtype)
    if b.shape != (count,):
        raise ValueError(f"b: expected shape ({count},), got {b.shape}")
    return b


# ---------------------------------------------------------------- convolution
def conv2d(x, w, b=None, stride=1, padding=0, dilation=1, groups=1, activation=None, device="cpu", prepared=None):
    """2D cross-correlation, PyTorch's conv2d. x: (N, C, H, W), w: (K, C/groups, kH, kW) -> (N, K, OH, OW).

    padding: int, (ph, pw), ((top, bottom), (left, right)), 'valid' or 'same'.
    activation: None, 'relu', 'tanh' or 'sigmoid', fused into the kernel.
    prepared: w as prepare_conv2d_weights(w, groups, device) gave it, to skip repacking per call.
    """
    x = as_input(x, 4, "x")
    w = as_input(w, 4, "w", x.dtype)
    return _conv(x, w, b, stride, padding, dilation, groups, activation, device, prepared)


def prepare_conv2d_weights(w, groups=1, device="cpu"):
    """The device's preferred form of conv weights (repacked for the CPU's tiled kernel), or None."""
    return kernels_for(device).prepare_conv2d_weights(as_input(w, 4, "w"), _check_groups(groups))


def _check_groups(groups):
    if isinstance(groups, bool) or not isinstance(groups, (int, np.integer)) or groups <= 0:
        raise ValueError(f"groups: expected a positive int, got {groups!r}")
    return int(groups)


def conv1d(x, w, b=None, stride=1, padding=0, dilation=1, groups=1, activation=None, device="cpu", prepared=None):
    """1D cross-correlation, PyTorch's conv1d. x: (N, C, L), w: (K, C/groups, k) -> (N, K, OL)."""
    x = as_input(x, 3, "x")
    w = as_input(w, 3, "w", x.dtype)
    stride, dilation = shapes.as_tuple(stride, 1, "stride"), shapes.as_tuple(dilation, 1, "dilation")
    pads = shapes.normalize_padding(padding, 1, x.shape[2:], w.shape[2:], stride, dilation)
    out = _conv(_with_h1(x), _with_h1(w), b, (1,) + stride, ((0, 0),) + pads,
                (1,) + dilation, groups, activation, device, prepared)
    return out.reshape(out.shape[:2] + out.shape[3:])


def _with_h1(a):
    """(N, C, L) -> (N, C, 1, L), a view (device arrays cannot be indexed with None)."""
    return a.reshape(a.shape[:2] + (1,) + a.shape[2:])


def _conv_setup(x, w, stride, padding, dilation, groups, device="cpu"):
    """Checks; -> (stride, dilation, pads, (OH, OW), padded x)."""
    N, C, H, W = x.shape
    K, Cg, KH, KW = w.shape
    _check_groups(groups)
    if C != Cg * groups:
        raise ValueError(f"w: input has {C} channels but w of shape {w.shape} with groups={groups} "
                         f"expects {Cg * groups}")
    if K % groups:
        raise ValueError(f"w: {K} output channels are not divisible by groups={groups}")
    stride = shapes.as_tuple(stride, 2, "stride")
    dilation = shapes.as_tuple(dilation, 2, "dilation")
    pads = shapes.normalize_padding(padding, 2, (H, W), (KH, KW), stride, dilation)
    out_size = shapes.conv_output_shape((H, W), (KH, KW), stride, pads, dilation)
    (pt, pb), (pl, pr) = pads
    if pt or pb or pl or pr:
        # max(C, K): the padding grows the output as much as the padded input (numpy's "array is too big")
        shapes.check_padding_size(N, max(C, K), (H, W), pads, x.dtype.itemsize)
        xp = kernels_for(device).pad(x, pads)
    else:
        xp = x
    return stride, dilation, pads, out_size, xp


def _conv(x, w, b, stride, padding, dilation, groups, activation, device, prepared=None):
    stride, dilation, pads, (OH, OW), xp = _conv_setup(x, w, stride, padding, dilation, groups, device)
    K = w.shape[0]
    act = shapes.activation_code(activation)
    kernels = kernels_for(device)
    b = bias_or_zeros(b, K, x.dtype, kernels, x)
    out = kernels.empty((x.shape[0], K, OH, OW), x.dtype, like=x)
    kernels.conv2d_forward(xp, w, b, out, stride[0], stride[1], dilation[0], dilation[1],
                                       int(groups), act, prepared)
    return out


def conv2d_train(x, w, b=None, stride=1, padding=0, dilation=1, groups=1, activation=None, device="cpu"):
    """conv2d for training -> (outputs, cache for conv2d_backward)."""
    x = as_input(x, 4, "x")
    w = as_input(w, 4, "w", x.dtype)
    stride, dilation, pads, (OH, OW), xp = _conv_setup(x, w, stride, padding, dilation, groups)
    out = np.empty((x.shape[0], w.shape[0], OH, OW), x.dtype)
    cols = kernels_for(device).conv2d_forward_train(xp, w, bias_or_zeros(b, w.shape[0], x.dtype), out, stride[0],
                                                    stride[1], dilation[0], dilation[1], int(groups),
                                                    shapes.activation_code(activation))
    return out, (x.shape, xp.shape, pads, stride, dilation, int(groups), cols)


def conv2d_backward(cache, w, dz, device="cpu"):
    """Gradients of conv2d from conv2d_train's cache, given dz, the gradient at its output before any
    activation (N, K, OH, OW) -> (dx (N, C, H, W), dw, db)."""
    x_shape, xp_shape, pads, stride, dilation, groups, cols = cache
    w = as_values(w, "w", cols[0].dtype)
    dz = as_values(dz, "dz", w.dtype)
    taps, positions = cols[0].shape  # (C/groups * KH * KW, N * OH * OW), from conv2d_train
    if w.ndim != 4 or w.shape[1] * w.shape[2] * w.shape[3] != taps:
        raise ValueError(f"w: shape {w.shape} is not the convolution of this cache ({taps} taps per output)")
    if dz.ndim != 4 or dz.shape[:2] != (x_shape[0], w.shape[0]) or dz.size != w.shape[0] * positions:
        raise ValueError(f"dz: expected the convolution's output shape ({x_shape[0]}, {w.shape[0]}, OH, OW) with "
                         f"OH * OW = {positions // x_shape[0]}, got {dz.shape}")
    dw, db, dxp = np.empty_like(w), np.empty(w.shape[0], w.dtype), np.empty(xp_shape, w.dtype)
    kernels_for(device).conv2d_backward(cols, w, dz, dxp, dw, db, stride[0], stride[1], dilation[0], dilation[1],
                                        groups)
    (pt, _), (pl, _) = pads
    return np.ascontiguousarray(dxp[:, :, pt:pt + x_shape[2], pl:pl + x_shape[3]]), dw, db


def conv1d_train(x, w, b=None, stride=1, padding=0, dilation=1, groups=1, activation=None, device="cpu"):
    """conv1d for training -> (outputs (N, K, OL), cache for conv2d_backward)."""
    x = as_input(x, 3, "x")
    w = as_input(w, 3, "w", x.dtype)
    stride, dilation = shapes.as_tuple(stride, 1, "stride"), shapes.as_tuple(dilation, 1, "dilation")
    pads = shapes.normalize_padding(padding, 1, x.shape[2:], w.shape[2:], stride, dilation)
    out, cache = conv2d_train(x[:, :, None, :], w[:, :, None, :], b, (1,) + stride, ((0, 0),) + pads,
                              (1,) + dilation, groups, activation, device)
    return out[:, :, 0, :], cache


def conv1d_backward(cache, w, dz, device="cpu"):
    """conv2d_backward for conv1d_train's cache: dz (N, K, OL) -> (dx (N, C, L), dw (K, C/groups, k), db)."""
    w, dz = array(w, "w"), array(dz, "dz")
    if w.ndim != 3 or dz.ndim != 3:
        what, a = ("w", w) if w.ndim != 3 else ("dz", dz)
        raise ValueError(f"{what}: expected a 3-d array, got shape {a.shape}")
    dx, dw, db = conv2d_backward(cache, w[:, :, None, :], dz[:, :, None, :], device)
    return dx[:, :, 0, :], dw[:, :, 0, :], db


def activation_backward(y, dy, activation, device="cpu"):
    """Gradient before an activation from its output y and the gradient dy after it."""
    act = shapes.activation_code(activation)
    y = as_values(y, "y")
    dy = _same_shape(as_values(dy, "dy", y.dtype), y.shape, "dy", "expected y's")
    if act == 0:
        return dy
    dz = np.empty_like(y)
    kernels_for(device).activation_backward(y.reshape(-1), dy.reshape(-1), dz.reshape(-1), act)
    return dz


# ---------------------------------------------------------------- pooling
def pool_args(sizes, ndim, kernel_size, stride, padding, ceil_mode):
    """A pooling's geometry as the 2D kernels take it: sizes (H, W) or (L,) ->
    (kernel, stride, ((top, bottom), (left, right)), (OH, OW)); 1D runs as 2D with H = 1."""
    kernel = shapes.as_tuple(kernel_size, ndim, "kernel_size")
    stride = kernel if stride is None else shapes.as_tuple(stride, ndim, "stride")
    pads = shapes.normalize_padding(padding, ndim, sizes, kernel, stride, (1,) * ndim)
    out_sizes = shapes.pool_output_shape(sizes, kernel, stride, pads, ceil_mode)
    if ndim == 1:  # run as 2D with H = 1
        kernel, stride, pads, out_sizes = (1,) + kernel, (1,) + stride, ((0, 0),) + pads, (1,) + out_sizes
    return kernel, stride, pads, out_sizes


def _pool(kind, x, ndim, kernel_size, stride, padding, ceil_mode, count_include_pad, device):
    x = as_input(x, ndim + 2, "x")
    kernel, stride, pads, (OH, OW) = pool_args(x.shape[2:], ndim, kernel_size, stride, padding, ceil_mode)
    x4 = _with_h1(x) if ndim == 1 else x
    (pt, pb), (pl, pr) = pads
    if pt or pb or pl or pr:  # smaller than the window, but a huge window lets it grow the output past numpy's limits
        shapes.check_padding_size(x4.shape[0], x4.shape[1], x4.shape[2:], pads, x.dtype.itemsize)
    kernels = kernels_for(device)
    out = kernels.empty(x4.shape[:2] + (OH, OW), x.dtype, like=x)
    if kind == "max":
        kernels.max_pool2d_forward(x4, out, kernel[0], kernel[1], stride[0], stride[1], pt, pl)
    else:
        kernels.avg_pool2d_forward(x4, out, kernel[0], kernel[1], stride[0], stride[1], pt, pl, pb, pr,
                                   bool(count_include_pad))
    return out.reshape(out.shape[:2] + (OW,)) if ndim == 1 else out


def pool_backward(kind, x, dy, ndim, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                  device="cpu"):
    """Gradient of max/avg pooling (kind 'max' or 'avg') with respect to its input x."""
    x = as_input(x, ndim + 2, "x")
    kernel, stride, pads, out_size = pool_args(x.shape[2:], ndim, kernel_size, stride, padding, ceil_mode)
    x4 = x[:, :, None, :] if ndim == 1 else x
    (pt, pb), (pl, pr) = pads
    if pt or pb or pl or pr:
        shapes.check_padding_size(x4.shape[0], x4.shape[1], x4.shape[2:], pads, x.dtype.itemsize)
    dy = as_values(dy, "dy", x.dtype)
    if dy.size != x4.shape[0] * x4.shape[1] * out_size[0] * out_size[1]:
        raise ValueError(f"dy: expected the pooling's output shape {x.shape[:2] + out_size[2 - ndim:]}, "
                         f"got {dy.shape}")
    dy4 = dy.reshape(x4.shape[:2] + out_size)
    dx = np.empty_like(x4)
    kernels = kernels_for(device)
    if kind == "max":
        kernels.max_pool2d_backward(x4, dy4, dx, kernel[0], kernel[1], stride[0], stride[1], pt, pl)
    else:
        kernels.avg_pool2d_backward(dy4, dx, kernel[0], kernel[1], stride[0], stride[1], pt, pl, pb, pr,
                                    bool(count_include_pad))
    return dx.reshape(x.shape)


def max_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, device="cpu"):
    """x: (N, C, H, W) -> (N, C, OH, OW); stride=None means stride = kernel_size."""
    return _pool("max", x, 2, kernel_size, stride, padding, ceil_mode, True, device)


def max_pool1d(x, kernel_size, stride=None, padding=0, ceil_mode=False, device="cpu"):
    """x: (N, C, L) -> (N, C, OL)."""
    return _pool("max", x, 1, kernel_size, stride, padding, ceil_mode, True, device)


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, device="cpu"):
    """x: (N, C, H, W) -> (N, C, OH, OW)."""
    return _pool("avg", x, 2, kernel_size, stride, padding, ceil_mode, count_include_pad, device)


def avg_pool1d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, device="cpu"):
    """x: (N, C, L) -> (N, C, OL)."""
    return _pool("avg", x, 1, kernel_size, stride, padding, ceil_mode, count_include_pad, device)


def global_avg_pool(x, device="cpu"):
    """Mean over every spatial axis, kept as size 1: (N, C, H, W) -> (N, C, 1, 1), (N, C, L) -> (N, C, 1)."""
    x = array(x)
    if x.ndim not in (3, 4):
        raise ValueError(f"x: expected (N, C, L) or (N, C, H, W), got shape {x.shape}")
    x = as_input(x, x.ndim, "x")
    kernels = kernels_for(device)
    out = kernels.empty(x.shape[:2], x.dtype, like=x)
    kernels.global_avg_pool_forward(x.reshape(x.shape[0], x.shape[1], -1), out)
    return out.reshape(x.shape[:2] + (1,) * (x.ndim - 2))


# ---------------------------------------------------------------- dense and elementwise
def linear(x, w, b=None, activation=None, device="cpu", prepared=None):
    """x: (N, in), w: (out, in), b: (out,) -> (N, out) = x @ w.T + b.
    prepared: w as prepare_dense_weights(w, device) gave it, to skip transposing big layers per call."""
    x = as_input(x, 2, "x")
    w = as_input(w, 2, "w", x.dtype)
    if x.shape[1] != w.shape[1]:
        raise ValueError(f"w: x has {x.shape[1]} features but w of shape {w.shape} expects {w.shape[1]}")
    kernels = kernels_for(device)
    b = bias_or_zeros(b, w.shape[0], x.dtype, kernels, x)
    out = kernels.empty((x.shape[0], w.shape[0]), x.dtype, like=x)
    kernels.dense_forward(x, w, b, out, shapes.activation_code(activation), prepared)
    return out


def prepare_dense_weights(w, device="cpu"):
    """The device's own form of dense weights (the CPU's big layers: transposed), or None."""
    return kernels_for(device).prepare_dense_weights(as_input(w, 2, "w"))


def linear_backward(x, w, dz, device="cpu"):
    """x (N, in), w (out, in), dz (N, out) gradient before the activation -> (dx, dw, db)."""
    x = as_input(x, 2, "x")
    w = as_input(w, 2, "w", x.dtype)
    if w.shape[1] != x.shape[1]:
        raise ValueError(f"w: x has {x.shape[1]} features but w of shape {w.shape} expects {w.shape[1]}")
    dz = _same_shape(as_values(dz, "dz", x.dtype), (x.shape[0], w.shape[0]), "dz")
    dx, dw, db = np.empty_like(x), np.empty_like(w), np.empty(w.shape[0], x.dtype)
    kernels_for(device).dense_backward(x, w, dz, dx, dw, db)
    return dx, dw, db


def softmax_cross_entropy(logits, labels, device="cpu"):
    """Mean cross-entropy of softmax(logits) against integer labels -> (loss, d loss / d logits)."""
    z = as_input(logits, 2, "logits")
    labels = _numeric(labels, "labels")
    if labels.dtype.kind not in "iu":  # 1.5 (or True) is no class index; not truncated to one
        raise ValueError(f"labels: expected integer class indices, got dtype {labels.dtype}")
    if labels.shape != (z.shape[0],):
        raise ValueError(f"labels: expected shape ({z.shape[0]},), one class index per row of logits, "
                         f"got {labels.shape}")
    low, high = labels.min(), labels.max()
    if low < 0 or high >= z.shape[1]:
        raise ValueError(f"labels: expected class indices in 0..{z.shape[1] - 1}, got values from {low} to {high}")
    labels = np.ascontiguousarray(labels, np.int64)
    dz = np.empty_like(z)
    loss = kernels_for(device).softmax_cross_entropy(z, labels, dz)
    return float(loss), dz


def _elementwise(x, act, device):
    x = array(x)
    x = as_input(x, x.ndim, "x") if x.ndim else as_values(x, "x")
    kernels = kernels_for(device)
    out = kernels.empty(x.shape, x.dtype, like=x)
    kernels.activation_forward(x.reshape(-1), out.reshape(-1), act)
    return out


def relu(x, device="cpu"):
    return _elementwise(x, 1, device)


def tanh(x, device="cpu"):
    return _elementwise(x, 2, device)


def sigmoid(x, device="cpu"):
    return _elementwise(x, 3, device)


def softmax(x, axis=-1, device="cpu"):
    """Numerically stable softmax along `axis`."""
    x = array(x)
    if x.ndim == 0:
        raise ValueError("x: softmax needs at least one axis, got a scalar")
    _check_axis(axis, x.shape)
    x = as_input(x, x.ndim, "x")
    axis %= x.ndim
    A, K = int(np.prod(x.shape[:axis])), x.shape[axis]
    B = x.size // (A * K)
    kernels = kernels_for(device)
    rows = x.reshape(A, K, B) if B == 1 else kernels.swap_last_axes(x.reshape(A, K, B))  # (A, B, K): K last
    out = kernels.empty(rows.shape, x.dtype, like=x)
    kernels.softmax_forward(rows.reshape(-1, K), out.reshape(-1, K))
    return (out if B == 1 else kernels.swap_last_axes(out)).reshape(x.shape)


def _check_axis(axis, shape):
    if not shapes._is_int(axis):  # "1" would be a TypeError in the comparison, True taken as 1
        raise ValueError(f"axis: expected an int, got {axis!r}")
    if not -len(shape) <= axis < len(shape):
        raise ValueError(f"axis: {axis} is out of range for shape {shape}")


def softmax_backward(y, dy, axis=-1, device="cpu"):
    """Gradient of softmax from its output y and the gradient dy after it."""
    y = as_values(y, "y")
    if y.ndim == 0:
        raise ValueError("y: softmax needs at least one axis, got a scalar")
    _check_axis(axis, y.shape)
    dy = _same_shape(as_values(dy, "dy", y.dtype), y.shape, "dy", "expected y's")
    y = np.moveaxis(y, axis, -1)
    yc = np.ascontiguousarray(y)
    dyc = np.ascontiguousarray(np.moveaxis(dy, axis, -1))
    dx = np.empty_like(yc)
    kernels_for(device).softmax_backward(yc.reshape(-1, y.shape[-1]), dyc.reshape(-1, y.shape[-1]),
                                         dx.reshape(-1, y.shape[-1]))
    return np.moveaxis(dx, -1, axis)


def flatten(x):
    """(N, ...) -> (N, prod(...))."""
    x = array(x)
    if x.ndim < 1:
        raise ValueError("x: flatten needs a batch axis")
    return x.reshape(x.shape[0], -1)


def batch_norm_coefficients(C, mean, var, weight=None, bias=None, eps=1e-5):
    """Inference batch norm as y = x * scale + shift per channel -> (scale, shift), float64 (C,)."""
    params = {}
    for name, value, default in (("mean", mean, 0.0), ("var", var, 1.0), ("weight", weight, 1.0), ("bias", bias, 0.0)):
        arr = np.full(C, default) if value is None else as_values(value, name, np.float64)
        if arr.shape != (C,):
            raise ValueError(f"{name}: expected shape ({C},) for {C} channels, got {arr.shape}")
        params[name] = arr
    eps = _real(eps, "eps")
    if np.any(params["var"] + eps <= 0):
        raise ValueError("var: var + eps must be positive")
    scale = params["weight"] / np.sqrt(params["var"] + eps)
    return scale, params["bias"] - params["mean"] * scale


def batch_norm(x, mean, var, weight=None, bias=None, eps=1e-5, device="cpu", prepared=None):
    """Inference batch norm over axis 1: (x - mean) / sqrt(var + eps) * weight + bias.
    prepared: (scale, shift) as batch_norm_coefficients gives them (device copies too), used instead."""
    x = array(x)
    if x.ndim < 2:
        raise ValueError(f"x: expected (N, C, ...), got shape {x.shape}")
    x = as_input(x, x.ndim, "x")
    C = x.shape[1]
    scale, shift = prepared if prepared is not None else batch_norm_coefficients(C, mean, var, weight, bias, eps)
    scale, shift = as_input(scale, 1, "scale", x.dtype), as_input(shift, 1, "shift", x.dtype)
    if scale.shape != (C,) or shift.shape != (C,):
        raise ValueError(f"prepared: expected scale and shift of shape ({C},), got {scale.shape}, {shift.shape}")
    kernels = kernels_for(device)
    out = kernels.empty(x.shape, x.dtype, like=x)
    kernels.batch_norm_forward(x.reshape(x.shape[0], C, -1), scale, shift, out.reshape(x.shape[0], C, -1))
    return out


def _batch_input(x):
    """x (N, C, ...) for the batch norm and LRN gradients."""
    x = array(x)
    if x.ndim < 2:
        raise ValueError(f"x: expected (N, C, ...), got shape {x.shape}")
    return as_input(x, x.ndim, "x")


def batch_norm_train(x, weight, bias, eps=1e-5, device="cpu"):
    """Training-mode batch norm with this batch's statistics -> (y, batch mean, biased batch var)."""
    x = _batch_input(x)
    N, C = x.shape[:2]
    y, mean, var = np.empty_like(x), np.empty(C, x.dtype), np.empty(C, x.dtype)
    weight, bias = (_same_shape(as_values(v, what, x.dtype), (C,), what) for v, what in ((weight, "weight"),
                                                                                         (bias, "bias")))
    kernels_for(device).batch_norm_train_forward(x.reshape(N, C, -1), weight, bias, _real(eps, "eps"),
                                                 y.reshape(N, C, -1), mean, var)
    return y, mean, var


def batch_norm_backward(x, dy, weight, mean, var, eps=1e-5, device="cpu"):
    """Gradients of training-mode batch norm -> (dx, dweight, dbias)."""
    x = _batch_input(x)
    N, C = x.shape[:2]
    dx, dweight, dbias = np.empty_like(x), np.empty(C, x.dtype), np.empty(C, x.dtype)
    dy = _same_shape(as_values(dy, "dy", x.dtype), x.shape, "dy", "expected x's")
    weight, mean, var = (_same_shape(as_values(v, what, x.dtype), (C,), what)
                         for v, what in ((weight, "weight"), (mean, "mean"), (var, "var")))
    kernels_for(device).batch_norm_backward(x.reshape(N, C, -1), dy.reshape(N, C, -1), weight, mean, var,
                                            _real(eps, "eps"), dx.reshape(N, C, -1), dweight, dbias)
    return dx, dweight, dbias


def local_response_norm_backward(x, dy, size, alpha=1e-4, beta=0.75, k=1.0, device="cpu"):
    x = _batch_input(x)
    _check_lrn_size(size)
    dx = np.empty_like(x)
    N, C = x.shape[:2]
    dy = _same_shape(as_values(dy, "dy", x.dtype), x.shape, "dy", "expected x's")
    kernels_for(device).lrn_backward(x.reshape(N, C, -1), dy.reshape(N, C, -1), dx.reshape(N, C, -1), int(size),
                                     _real(alpha, "alpha"), _real(beta, "beta"), _real(k, "k"))
    return dx


def _check_lrn_size(size):
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size <= 0:
        raise ValueError(f"size: expected a positive int, got {size!r}")


def global_avg_pool_backward(x_shape, dy, device="cpu"):
    try:
        x_shape = tuple(int(d) for d in x_shape)
    except (TypeError, ValueError):
        x_shape = ()
    if len(x_shape) not in (3, 4) or min(x_shape) <= 0:
        raise ValueError(f"x_shape: expected (N, C, L) or (N, C, H, W) of positive sizes, got {x_shape!r:.60}")
    dy = as_values(dy, "dy")
    if dy.size != x_shape[0] * x_shape[1]:
        raise ValueError(f"dy: expected {tuple(x_shape[:2])} (or with size-1 spatial axes), got {dy.shape}")
    dy = dy.reshape(x_shape[:2])
    dx = np.empty(tuple(x_shape[:2]) + (int(np.prod(x_shape[2:])),), dy.dtype)
    kernels_for(device).global_avg_pool_backward(dy, dx)
    return dx.reshape(x_shape)


def local_response_norm(x, size, alpha=1e-4, beta=0.75, k=1.0, device="cpu"):
    """PyTorch's local_response_norm across channels (axis 1); AlexNet (2012) used k=2."""
    x = array(x)
    if x.ndim < 3:
        raise ValueError(f"x: expected (N, C, ...) with a spatial axis, got shape {x.shape}")
    _check_lrn_size(size)
    x = as_input(x, x.ndim, "x")
    kernels = kernels_for(device)
    out = kernels.empty(x.shape, x.dtype, like=x)
    kernels.lrn_forward(x.reshape(x.shape[0], x.shape[1], -1), out.reshape(x.shape[0], x.shape[1], -1),
                                    int(size), _real(alpha, "alpha"), _real(beta, "beta"), _real(k, "k"))
    return out
