"""launch(kernel, grid, block, *args): kernel[grid, block](*args) with less host time per launch.

numba-cuda prepares every argument of every launch in Python (types it, wraps it, works out its strides):
~100 us per launch on the H200's host for a kernel with five arrays (bench/gpu_profile.py --overhead), more
than many of our kernels run on the GPU. At batch 1, and for AlexNet at any batch, that host time is the
model's time. Here the first launch of a kernel for an argument signature goes through numba (compiling if
need be) and remembers the compiled function; later launches with that signature build the same argument
list numba builds (an array: meminfo and parent 0, size, itemsize, data pointer, shape, strides in bytes; an
int: int64) and hand it to cuda.core's launch, the call numba itself ends with.

Only C-contiguous device arrays and ints take this path; anything else (host arrays, floats, booleans, the
simulator, or a numba-cuda whose internals differ: FAST = False) launches through numba as usual.
CNN_ENGINE_CUDA_FAST_LAUNCH=0 turns it off (to compare, or to rule it out).
"""
import ctypes
import numbers
import os

from engine.kernels.cuda_common import SIMULATING

FAST = not SIMULATING and os.environ.get("CNN_ENGINE_CUDA_FAST_LAUNCH", "1") != "0"
if FAST:
    try:
        from cuda.core import LaunchConfig
        from cuda.core import launch as _core_launch
        from numba.cuda.cudadrv.driver import _to_core_stream
        from numba.cuda.cudadrv.devicearray import DeviceNDArray
    except ImportError:  # another numba-cuda: its own launch path only
        FAST = False

_COMPILED = {}  # (kernel, argument signature, context) -> cuda.core kernel


def _signature(args):
    """A hashable description of the arguments, or None where the fast path does not apply."""
    sig = []
    for a in args:
        if type(a) is int:
            sig.append("i")
        elif type(a) is DeviceNDArray and a.flags["C_CONTIGUOUS"]:
            sig.append((a.dtype.str, a.ndim))
        else:
            return None
    return tuple(sig)


def launch(kernel, grid, block, *args):
    sig = _signature(args) if FAST else None
    if sig is None:
        kernel[grid, block](*args)
        return
    first = next((a for a in args if type(a) is not int), None)
    # the kernel is per context: the key holds the context object itself (an id could be reused after a close)
    key = (kernel, sig, getattr(first.gpu_data, "context", None) if first is not None else None)
    compiled = _COMPILED.get(key)
    if not compiled:  # None: not launched yet with this signature; False: numba's path for good
        kernel[grid, block](*args)  # compiles if needed (and warns of a small grid, as numba does)
        if compiled is None:
            _COMPILED[key] = _compiled_for(kernel, args)
        return
    if isinstance(grid, int):
        grid = (grid, 1, 1)
    if isinstance(block, int):
        block = (block, 1, 1)
    _core_launch(_to_core_stream(0), LaunchConfig(grid=grid, block=block), compiled, *_params(args))


def _params(args):
    """The kernel's parameters as numba's _Kernel._prepare_args lists them (numba-cuda 0.30)."""
    params = []
    for a in args:
        if type(a) is int:
            params.append(ctypes.c_int64(a))
        else:
            params += [0, 0, a.size, a.dtype.itemsize, a.device_ctypes_pointer.value or 0, *a.shape, *a.strides]
    return params


def _compiled_for(kernel, args):
    """The cuda.core kernel numba compiled for these arguments (int64 ints, C-contiguous arrays), or False.
    Once per kernel and signature, _params is checked against the list numba itself builds for the same
    arguments: a numba-cuda that lays them out otherwise keeps its own launch path."""
    try:
        argtypes = tuple(kernel.typeof_pyval(a) for a in args)
        overload = kernel.overloads.get(argtypes)
        if overload is None or getattr(overload, "debug", False) or not all(
                (str(t) == "int64") if type(a) is int else (getattr(t, "layout", None) == "C")
                for t, a in zip(argtypes, args)):
            return False
        theirs, keep = [], []
        for t, a in zip(overload.argument_types, args):
            overload._prepare_args(t, a, 0, keep, theirs)
        ours = _params(args)
        same = len(ours) == len(theirs) and all(
            type(o) is type(t) and o.value == t.value if isinstance(o, ctypes.c_int64)
            else isinstance(t, numbers.Integral) and o == t for o, t in zip(ours, theirs))
        return overload._codelibrary.get_cufunc().kernel if same else False
    except Exception:  # numba-cuda internals not as expected: its own path
        return False
