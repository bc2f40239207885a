"""A small Sequential as one fused CPU call: the layers translated into the program that
engine/kernels/cpu_fused.py runs (one row of int64 codes per layer, the weights in one array).
Sequential.fused_program() builds it and keeps it until the parameters change.

Only models whose every layer has a fused form and whose per-image activations are small
(LeNet-5: 4,704 values at most) qualify; the others run layer by layer. The results are
bit-identical either way (the fused ops call the layer kernels' own serial functions).
"""
import numpy as np

from engine import layers as L
from engine import ops, shapes

# per image, in float32 values: the largest activation (or padded input) a fused model may have.
# Above this, a layer's work is big enough to be split across threads by itself.
MAX_ACTIVATION = 1 << 16
# values per work-item buffer: chunk = images per work item (LeNet-5: 6); results do not depend on it
CHUNK_VALUES = 1 << 15


class FusedProgram:
    """Callable: x (N, *input_shape) float32 -> the model's last outputs (N, *output_shape).
    Also layer-like (name, forward(x, device)) for Sequential.iter_activations."""

    def __init__(self, codes, params, sizes, chunk, output_shape, name):
        self.codes, self.params, self.sizes, self.chunk = codes, params, sizes, chunk
        self.output_shape, self.name = tuple(output_shape), name

    def forward(self, x, device="cpu"):
        return self(x)

    def __call__(self, x):
        from engine.kernels import cpu_fused
        x = np.ascontiguousarray(x, np.float32)
        N = x.shape[0]
        out = np.empty((N,) + self.output_shape, np.float32)
        args = (x.reshape(-1), out.reshape(-1), self.codes, self.params, self.sizes, self.chunk)
        items = -(-N // self.chunk)
        threads = 1 if items == 1 else min(items, _threads())  # (asking numba costs ~2 us: not for one item)
        if threads <= 1:
            cpu_fused.fused_forward(*args, 0, N)
            return out
        # contiguous ranges of work items, one per thread (the kernel releases the GIL); each image is
        # computed by the same code whatever the split, so results do not depend on the thread count
        bounds = [min(N, (items * t // threads) * self.chunk) for t in range(threads + 1)]
        jobs = [_pool(threads - 1).submit(cpu_fused.fused_forward, *args, lo, hi)
                for lo, hi in zip(bounds[1:-1], bounds[2:]) if hi > lo]
        cpu_fused.fused_forward(*args, bounds[0], bounds[1])  # the first range on this thread
        for job in jobs:
            job.result()
        return out


_POOL = None


def _threads():
    import numba
    return numba.get_num_threads()  # engine.set_num_threads() sets it


def _pool(threads):
    """A pool of at least `threads` threads, made once."""
    global _POOL
    if _POOL is None or _POOL._max_workers < threads:
        from concurrent.futures import ThreadPoolExecutor
        _POOL = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="cnn-engine-fused")
    return _POOL


def build(model):
    """The fused program of a model, or None when a layer has no fused form (LRN, float64 weights,
    depthwise convolutions, softmax over feature maps) or its activations are too large."""
    from engine.kernels import conv2d_tiles, cpu_fused as F, winograd
    rows, blobs, offset = [], [], 0
    biggest = [0, 0, 0]  # per image: activation, padded input, stride phases

    def add(values):
        nonlocal offset
        values = np.ascontiguousarray(values, np.float32).reshape(-1)
        blobs.append(values)
        offset += values.size
        return offset - values.size

    for layer, (in_shape, out_shape) in zip(model.layers, model.shapes):
        if any(v.dtype != np.float32 for v in layer.params.values()):
            return None
        row = np.zeros(F.NCOL, np.int64)
        C, H, W = (tuple(in_shape) + (1, 1))[:3] if len(in_shape) != 2 else (in_shape[0], 1, in_shape[1])
        K, OH, OW = (tuple(out_shape) + (1, 1))[:3] if len(out_shape) != 2 else (out_shape[0], 1, out_shape[1])
        row[[F.COL_C, F.COL_H, F.COL_W, F.COL_K, F.COL_OH, F.COL_OW]] = C, H, W, K, OH, OW
        biggest[0] = max(biggest[0], C * H * W, K * OH * OW)
        if isinstance(layer, L._Conv):
            one = layer.ndim == 1
            sizes = tuple(in_shape[1:])
            pads = shapes.normalize_padding(layer.padding, layer.ndim, sizes, layer.kernel_size, layer.stride,
                                            layer.dilation)
            kernel, stride, dilation = layer.kernel_size, layer.stride, layer.dilation
            if one:
                kernel, stride, dilation, pads = (1,) + kernel, (1,) + stride, (1,) + dilation, ((0, 0),) + pads
            (pt, pb), (pl, pr) = pads
            Hp, Wp = H + pt + pb, W + pl + pr
            w_shape = (K, C // layer.groups) + kernel
            if not conv2d_tiles.supports((1, C, Hp, Wp), w_shape, stride, dilation, layer.groups, np.float32) \
                    or winograd.supports(w_shape, stride, dilation, layer.groups, np.float32, (OH, OW)):
                return None  # the layer path would run another kernel: results would differ in rounding
            biggest[1] = max(biggest[1], C * Hp * Wp)
            biggest[2] = max(biggest[2], C * stride[0] * stride[1] * -(-Hp // stride[0]) * -(-Wp // stride[1])
                             if stride != (1, 1) else 0)
            row[F.COL_OP] = F.OP_CONV
            row[[F.COL_KH, F.COL_KW, F.COL_SH, F.COL_SW, F.COL_DH, F.COL_DW]] = kernel + stride + dilation
            row[[F.COL_PT, F.COL_PL, F.COL_PB, F.COL_PR]] = pt, pl, pb, pr
            row[F.COL_GROUPS] = layer.groups
            row[F.COL_ACT] = shapes.activation_code(layer.activation)
            row[F.COL_WOFF] = add(layer.prepared_weights("cpu", np.float32).tiles)
            row[F.COL_BOFF] = add(layer.params.get("bias", np.zeros(K, np.float32)))
        elif isinstance(layer, L._Pool):
            kernel, stride, pads, _ = ops.pool_args(tuple(in_shape[1:]), layer.ndim, layer.kernel_size, layer.stride,
                                                    layer.padding, layer.ceil_mode)
            row[F.COL_OP] = F.OP_MAXPOOL if layer.kind == "max" else F.OP_AVGPOOL
            row[[F.COL_KH, F.COL_KW, F.COL_SH, F.COL_SW]] = kernel + stride
            row[[F.COL_PT, F.COL_PL, F.COL_PB, F.COL_PR]] = pads[0][0], pads[1][0], pads[0][1], pads[1][1]
            row[F.COL_FLAG] = int(bool(getattr(layer, "count_include_pad", True)))
        elif isinstance(layer, L.Dense):
            row[F.COL_OP] = F.OP_DENSE
            row[F.COL_ACT] = shapes.activation_code(layer.activation)
            row[F.COL_WOFF] = add(layer.params["weight"])
            row[F.COL_BOFF] = add(layer.params.get("bias", np.zeros(K, np.float32)))
        elif isinstance(layer, (L.Flatten, L.Dropout)):
            row[F.COL_OP] = F.OP_RESHAPE
        elif isinstance(layer, L._Activation):
            row[F.COL_OP] = F.OP_ACT
            row[F.COL_ACT] = shapes.activation_code(layer.activation)
        elif isinstance(layer, L.Softmax) and len(in_shape) == 1:
            row[F.COL_OP] = F.OP_SOFTMAX
        elif isinstance(layer, L.BatchNorm):
            p = layer.params
            scale, shift = ops.batch_norm_coefficients(C, p["running_mean"], p["running_var"], p["weight"],
                                                       p["bias"], layer.eps)
            row[F.COL_OP] = F.OP_BN
            row[F.COL_WOFF] = add(scale)
            row[F.COL_BOFF] = add(shift)
        elif isinstance(layer, L.GlobalAvgPool):
            row[F.COL_OP] = F.OP_GAP
        else:
            return None
        rows.append(row)
    if max(biggest) > MAX_ACTIVATION:
        return None
    chunk = int(min(16, max(1, CHUNK_VALUES // max(biggest))))
    params = np.concatenate(blobs) if blobs else np.zeros(1, np.float32)
    return FusedProgram(np.stack(rows), params, np.array(biggest, np.int64), chunk, model.output_shape,
                        model.layers[-1].name)
