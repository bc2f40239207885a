"""Memory helpers of the CPU device: the same names as engine/kernels/cuda.py's, so engine/ops.py and the
layers allocate, pad and move arrays without asking which device they run on. On the CPU every array is
already where the kernels want it. (pad is a kernel: engine/kernels/cpu.py.)"""
import numpy as np


def is_device_array(a):
    return False


def to_device(a, dtype=None):
    """The CPU kernels read host arrays: nothing to copy (ops converts dtypes)."""
    return a


def to_host(a):
    return a


def empty(shape, dtype, like=None):
    return np.empty(shape, dtype)


def zeros(count, dtype, like=None):
    return np.zeros(count, dtype)


def swap_last_axes(x):
    """x: (A, K, B) -> contiguous (A, B, K)."""
    return np.ascontiguousarray(x.transpose(0, 2, 1))
