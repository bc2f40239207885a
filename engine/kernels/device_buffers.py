"""Reuse of device memory for layer outputs once nothing uses it (engine/kernels/cuda.py).

numba allocates every device array with cuMemAlloc and frees it with cuMemFree, which waits for the GPU:
on an H200 `cuda.device_array` took ~100 us per call (bench/gpu_profile.py --overhead), more than the
kernel of a small layer, and a free in the middle of a forward pass stalls the queue of launches. A
Recycler keeps the buffers it allocated and hands one out again, as a new array of the asked shape, when
no array made from it is alive any more. Kernels run in launch order on one stream, so a kernel writing
a recycled buffer starts after every kernel that read its old contents.

Liveness is counted by numba itself, not by Python reference counts (which interpreters count
differently): numba's device memory keeps `refct`, the number of live "owned pointers" to it. The
recycler holds one; every array it hands out holds another (its reshapes share it, its slices take one
more), and each is released when its last array goes. A buffer whose refct is back to 1 is free.

Generic over the memory type, so that tests/test_device_buffers.py can run without a GPU:
    allocate(nbytes) -> buffer (the recycler's own reference, refct 1)
    refct(buffer) -> int
    as_array(buffer, shape, dtype) -> a new array on the buffer's memory, holding a reference of its own
"""
import numpy as np

PER_SIZE = 4  # buffers kept per byte size: a forward pass needs a few of one size at once (input, output)


class Recycler:
    def __init__(self, allocate, refct, as_array):
        self._allocate, self._refct, self._as_array = allocate, refct, as_array
        self._buffers = {}  # nbytes -> [buffers]

    def empty(self, shape, dtype):
        """A new array of this shape and dtype (undefined contents) on a free buffer of ours, or on a new one."""
        shape = tuple(int(s) for s in shape)
        nbytes = int(np.prod(shape, dtype=np.int64)) * np.dtype(dtype).itemsize
        kept = self._buffers.setdefault(nbytes, [])
        for buffer in kept:
            if self._refct(buffer) == 1:
                return self._as_array(buffer, shape, dtype)
        buffer = self._allocate(nbytes)
        if len(kept) < PER_SIZE:
            kept.append(buffer)
        return self._as_array(buffer, shape, dtype)

    def drop_free(self):
        """Forget the buffers no array uses (numba frees them): for a retry when the device is out of memory."""
        for nbytes, kept in self._buffers.items():
            kept[:] = [buffer for buffer in kept if self._refct(buffer) != 1]

    def clear(self):
        """Drop the recycler's references (the memory is freed once the arrays made from it go too)."""
        self._buffers.clear()
