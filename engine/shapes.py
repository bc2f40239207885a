"""Shape arithmetic shared by the ops, the layers and every device: no arrays are touched here."""
import math
from numbers import Integral

ACTIVATIONS = {None: 0, "linear": 0, "relu": 1, "tanh": 2, "sigmoid": 3}


def activation_code(name):
    if name not in ACTIVATIONS:
        raise ValueError(f"activation: expected one of relu, tanh, sigmoid or None, got {name!r}")
    return ACTIVATIONS[name]


def _is_int(v):
    # type(v) is int first: the abstract-class check costs ~1 us, and layers call this per forward
    return type(v) is int or (isinstance(v, Integral) and not isinstance(v, bool))


def as_tuple(value, ndim, what):
    """An int or a sequence of ndim ints -> tuple of ndim positive ints."""
    if type(value) is tuple and len(value) == ndim and all(type(v) is int and v > 0 for v in value):
        return value  # already normalised (a layer's own config, on every forward)
    if _is_int(value):
        values = (value,) * ndim
    else:
        try:
            values = tuple(value)
        except TypeError:
            raise ValueError(f"{what}: expected an int or {ndim} ints, got {value!r}") from None
        if len(values) != ndim:
            raise ValueError(f"{what}: expected {ndim} values, got {value!r}")
    for v in values:
        if not _is_int(v):
            raise ValueError(f"{what}: expected integers, got {value!r}")
        if int(v) <= 0:
            raise ValueError(f"{what}: sizes must be positive, got {value!r}")
    return tuple(int(v) for v in values)


def normalize_padding(padding, ndim, sizes=None, kernel=None, stride=None, dilation=None):
    """Any accepted padding form -> ((before, after),) * ndim.

    Forms: int; one int per axis; one (before, after) pair per axis; 'valid'; 'same'
    ('same' gives output ceil(n / stride), the odd extra pixel after, as Keras and ONNX SAME_UPPER;
    it needs the input sizes, kernel, stride and dilation).
    """
    if isinstance(padding, str):
        mode = padding.lower()
        if mode == "valid":
            return ((0, 0),) * ndim
        if mode == "same":
            if sizes is None:
                raise ValueError("padding='same' needs the input size")
            pads = []
            for n, f, s, d in zip(sizes, kernel, stride, dilation):
                out = -(-n // s)
                total = max((out - 1) * s + d * (f - 1) + 1 - n, 0)
                pads.append((total // 2, total - total // 2))
            return tuple(pads)
        raise ValueError(f"padding: expected an int, pairs, 'valid' or 'same', got {padding!r}")
    if type(padding) is tuple and len(padding) == ndim and all(
            type(p) is tuple and len(p) == 2 and type(p[0]) is int and type(p[1]) is int and p[0] >= 0 and p[1] >= 0
            for p in padding):
        return padding  # already normalised
    if isinstance(padding, bool):
        raise ValueError(f"padding: expected an int, pairs, 'valid' or 'same', got {padding!r}")
    if _is_int(padding):
        pads = ((padding, padding),) * ndim
    else:
        try:
            items = list(padding)
        except TypeError:
            raise ValueError(f"padding: expected an int, pairs, 'valid' or 'same', got {padding!r}") from None
        if ndim == 1 and len(items) == 2 and all(_is_int(i) for i in items):
            items = [tuple(items)]  # 1D: (before, after) needs no extra nesting
        if len(items) != ndim:
            raise ValueError(f"padding: expected {ndim} entries (one per spatial axis), got {padding!r}")
        pads = []
        for item in items:
            if _is_int(item):
                pads.append((item, item))
            else:
                pair = tuple(item) if hasattr(item, "__len__") else None
                if pair is None or len(pair) != 2 or not all(_is_int(p) for p in pair):
                    raise ValueError(f"padding: expected an int or a (before, after) pair per axis, got {padding!r}")
                pads.append(pair)
        pads = tuple(pads)
    for before, after in pads:
        if before < 0 or after < 0:
            raise ValueError(f"padding: must not be negative, got {padding!r}")
    return tuple((int(b), int(a)) for b, a in pads)


def output_size(n, kernel, stride, pad_before, pad_after, dilation=1, ceil_mode=False):
    """floor((n + p_before + p_after - d(f-1) - 1)/s) + 1, PyTorch's rule (ceil_mode for pools:
    the last window must start inside the input or the leading padding)."""
    span = n + pad_before + pad_after - dilation * (kernel - 1) - 1
    if span < 0:
        return 0
    if ceil_mode:
        out = -(-span // stride) + 1
        if (out - 1) * stride >= n + pad_before:
            out -= 1
        return out
    return span // stride + 1


def conv_output_shape(in_sizes, kernel, stride, pads, dilation, what="input"):
    """Spatial output sizes of a conv or pool; ValueError when the kernel exceeds the padded input."""
    out = []
    for n, f, s, (pb, pa), d in zip(in_sizes, kernel, stride, pads, dilation):
        extent = d * (f - 1) + 1
        if n + pb + pa < extent:
            raise ValueError(
                f"kernel_size: the kernel (extent {extent} with dilation {d}) is larger than the padded "
                f"{what} ({n} + {pb} + {pa}); input spatial size {tuple(in_sizes)}, kernel {tuple(kernel)}")
        out.append(output_size(n, f, s, pb, pa, d))
    return tuple(out)


def pool_output_shape(in_sizes, kernel, stride, pads, ceil_mode):
    out = []
    for n, f, s, (pb, pa) in zip(in_sizes, kernel, stride, pads):
        if n + pb + pa < f:
            raise ValueError(f"kernel_size: the pooling window {tuple(kernel)} is larger than the padded input "
                             f"{tuple(in_sizes)} with padding {pads}")
        if pb >= f or pa >= f:
            raise ValueError(f"padding: {pads} must be smaller than the pooling window {tuple(kernel)}")
        out.append(output_size(n, f, s, pb, pa, 1, ceil_mode))
    return tuple(out)


# The most bytes padding may add to the arrays of one op (the padded input; the output, which grows with it).
# Far above any real padding (VGG-16's largest: 64 channels of 224 x 224 padded by 1, at batch 256, add 59 MB),
# far below what an absurd one asks for: padding=10**12 would otherwise be numpy's "array is too big" (or a failed
# allocation of petabytes), a message that names no argument.
MAX_PADDING_BYTES = 16 << 30


def check_padding_size(batch, channels, sizes, pads, itemsize):
    """ValueError naming padding where padding (batch, channels, H, W) by pads ((top, bottom), (left, right))
    would add more than MAX_PADDING_BYTES. 2D only (1D runs as 2D with H = 1), in plain arithmetic: it runs on
    every padded conv and pool."""
    (pt, pb), (pl, pr) = pads
    H, W = sizes
    Hp, Wp = H + pt + pb, W + pl + pr
    added = batch * channels * (Hp * Wp - H * W) * itemsize
    if added > MAX_PADDING_BYTES:
        raise ValueError(f"padding: {pads} is too large for input spatial size {(H, W)}: the padded size "
                         f"{(Hp, Wp)} would need {added:,} more bytes (at most {MAX_PADDING_BYTES:,})")


def ceil_div(a, b):
    return -(-a // b)


def prod(values):
    return math.prod(values)
