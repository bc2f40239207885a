"""A small Sequential as one fused CPU call: the layers translated into the program that
engine/kernels/cpu_fused.py runs (one row of int64 codes per layer, the weights in one array).
Sequential.fused_program() builds it and keeps it until the parameters change.

Only models whose every layer has a fused form and whose per-image activations are small
(LeNet-5: 4,704 values at most) qualify; the others run layer by layer. The results are
bit-identical either way (the fused ops call the layer kernels' own serial functions).
"""
import os

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

    def run_checked(self, x):
        """self(x) for x float32 C-contiguous, or None when x or the outputs hold NaN or Inf (cpu.all_finite:
        ~0.3 us each on a LeNet-5 image, numpy's isfinite().all() 1.5 us)."""
        from engine.kernels import cpu, cpu_fused
        if not cpu.all_finite(x.reshape(-1)):
            return None
        if x.shape[0] > self.chunk:  # several work items: the threaded path
            y = self(x)
        else:
            y = np.empty((x.shape[0],) + self.output_shape, np.float32)
            cpu_fused.fused_forward(x.reshape(-1), y.reshape(-1), self.codes, self.params, self.sizes, self.chunk,
                                    0, x.shape[0])
        return y if cpu.all_finite(y.reshape(-1)) else None

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
        # The calling thread and threads - 1 helpers take runs of `step` work items from one counter until
        # none is left, so a thread that starts late (a helper waking on an idle core: 0.15-0.3 ms here)
        # or whose core is busy elsewhere simply takes fewer. Each image is computed by the same code
        # whichever thread takes it: results do not depend on the thread count or the split.
        step = max(1, items // (8 * threads))
        runs = iter(range(0, N, step * self.chunk))  # next() on it is atomic under the GIL

        def work():
            for lo in runs:
                cpu_fused.fused_forward(*args, lo, min(N, lo + step * self.chunk))

        jobs = [helper.submit(work) for helper in _helpers(threads - 1)]
        try:
            work()
        finally:
            for job in jobs:
                job.result()
        return out


_WORKERS = []      # one-thread executors, made once
_WORKER_CPUS = []  # the CPU each is pinned to (None: not pinned)


def _threads():
    import numba
    return numba.get_num_threads()  # engine.set_num_threads() sets it


def _helpers(count):
    """`count` one-thread executors pinned to CPUs other than the calling thread's.

    Why pinned, and on other CPUs: Linux tends to wake a helper on the CPU of the thread that woke it,
    and a LeNet-5 batch (3 ms) ends before the load balancer moves one of them. Measured on 2 cores,
    LeNet-5 at batch 256 after a 50 ms pause: caller + one unpinned helper 5.2-7.4 ms (as slow as one
    thread), two pinned helpers with the caller waiting 3.4-4.3 ms, the caller + a helper pinned to the
    other CPU about 3% faster again (the caller starts at once)."""
    from concurrent.futures import ThreadPoolExecutor
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_setaffinity") else []
    # one more than needed, pinned to the first CPUs, so that one may be skipped: the caller's
    while len(_WORKERS) < count + 1:
        worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cnn-engine-fused")
        cpu = cpus[len(_WORKERS)] if len(_WORKERS) < len(cpus) else None  # more than CPUs: the extra ones float
        if cpu is not None and not worker.submit(_pin, cpu).result():
            cpu = None
        _WORKERS.append(worker)
        _WORKER_CPUS.append(cpu)
    here = _current_cpu()
    return [w for w, cpu in zip(_WORKERS, _WORKER_CPUS) if cpu is None or cpu != here][:count]


def _current_cpu():
    """The CPU the calling thread runs on now, or None where the C library cannot say."""
    global _SCHED_GETCPU
    if _SCHED_GETCPU is None:
        try:
            import ctypes
            _SCHED_GETCPU = ctypes.CDLL(None).sched_getcpu
            _SCHED_GETCPU.restype = ctypes.c_int
            _SCHED_GETCPU.argtypes = []
        except (OSError, AttributeError):
            _SCHED_GETCPU = False
    if _SCHED_GETCPU is False:
        return None
    cpu = _SCHED_GETCPU()
    return cpu if cpu >= 0 else None


_SCHED_GETCPU = None


def _pin(cpu):
    try:
        os.sched_setaffinity(0, {cpu})  # 0: the calling thread
        return True
    except OSError:
        return False  # not allowed here (a container's policy): the worker stays free to move


def _forget_workers():
    _WORKERS.clear()  # a forked child has none of the parent's threads
    _WORKER_CPUS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_workers)


def build(model):
    """The fused program of a model, or None when a layer has no fused form (LRN, float64 weights,
    depthwise convolutions, softmax over feature maps) or its activations are too large."""
    from engine.kernels import conv2d_tiles, cpu_fused as F, dense_transposed, winograd
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
            if dense_transposed.uses(layer.params["weight"].shape, np.float32):
                return None  # the layer path runs dense_transposed.py: results would differ in rounding
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
