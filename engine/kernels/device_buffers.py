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
import threading

import numpy as np

PER_SIZE = 4  # buffers kept per byte size: a forward pass needs a few of one size at once (input, output)


class Recycler:
    """keep_bytes caps the memory kept: past it, the free buffers used longest ago go first, and a buffer
    that still does not fit is handed out without being kept (numba frees it when its arrays go)."""

    def __init__(self, allocate, refct, as_array, keep_bytes=None):
        self._allocate, self._refct, self._as_array = allocate, refct, as_array
        self._keep_bytes = keep_bytes
        self._buffers = {}   # nbytes -> [buffers]
        self._last_use = {}  # id(buffer) -> use counter, for the eviction order
        self._uses = 0
        self._kept = 0       # bytes kept
        # one lock: between the check that a buffer is free and the new array's reference to it, another
        # thread (a Dask worker's task threads) must not take the same buffer
        self._lock = threading.Lock()

    def empty(self, shape, dtype):
        """A new array of this shape and dtype (undefined contents) on a free buffer of ours, or on a new one."""
        shape = tuple(int(s) for s in shape)
        nbytes = int(np.prod(shape, dtype=np.int64)) * np.dtype(dtype).itemsize
        with self._lock:
            self._uses += 1
            kept = self._buffers.setdefault(nbytes, [])
            for buffer in list(kept):
                count = self._refct(buffer)
                if count == 1:
                    self._last_use[id(buffer)] = self._uses
                    return self._as_array(buffer, shape, dtype)
                if count < 1:  # its memory went with its context (a reset): forget it
                    self._forget(nbytes, buffer)
            buffer = self._allocate(nbytes)
            if len(kept) < PER_SIZE and self._make_room(nbytes):
                kept.append(buffer)
                self._kept += nbytes
                self._last_use[id(buffer)] = self._uses
            return self._as_array(buffer, shape, dtype)

    def _forget(self, nbytes, buffer):
        self._buffers[nbytes].remove(buffer)
        self._last_use.pop(id(buffer), None)
        self._kept -= nbytes

    def _make_room(self, nbytes):
        """Evict free buffers, least recently used first, until nbytes more fit under keep_bytes."""
        if self._keep_bytes is None or self._kept + nbytes <= self._keep_bytes:
            return True
        free = sorted(((self._last_use.get(id(b), 0), size, b) for size, kept in self._buffers.items()
                       for b in kept if self._refct(b) <= 1), key=lambda t: t[0])
        for _, size, buffer in free:
            self._forget(size, buffer)
            if self._kept + nbytes <= self._keep_bytes:
                return True
        return False

    @property
    def kept_bytes(self):
        return self._kept

    def drop_free(self):
        """Forget the buffers no array uses (numba frees them): for a retry when the device is out of memory."""
        with self._lock:
            for nbytes, kept in self._buffers.items():
                for buffer in [b for b in kept if self._refct(b) <= 1]:
                    self._forget(nbytes, buffer)

    def clear(self):
        """Drop the recycler's references (the memory is freed once the arrays made from it go too)."""
        with self._lock:
            self._buffers.clear()
            self._last_use.clear()
            self._kept = 0
