"""engine/kernels/device_buffers.py with a stand-in for numba's device memory (a reference count of live
owned pointers, released by finalizers as numba's are): a buffer is handed out again only once no array
made from it, nor any view or slice of one, is alive."""
import weakref

import numpy as np

from engine.kernels.device_buffers import PER_SIZE, Recycler


class Memory:
    """numba's AutoFreePointer in miniature: refct counts the live Owned handles."""

    def __init__(self, nbytes):
        self.data = np.empty(nbytes, np.uint8)
        self.refct = 0

    def own(self):
        return Owned(self)


class Owned:
    def __init__(self, memory):
        memory.refct += 1

        def release(m=memory):
            m.refct -= 1
        weakref.finalize(self, release)
        self.memory = memory


class Array:
    """A device array in miniature: shares its Owned handle with its reshapes; a slice takes a new one."""

    def __init__(self, owned, shape, dtype):
        self.owned, self.shape, self.dtype = owned, shape, dtype

    def reshape(self, shape):
        return Array(self.owned, shape, self.dtype)

    def slice(self):
        return Array(self.owned.memory.own(), self.shape, self.dtype)


def recycler():
    allocated = []

    def allocate(nbytes):
        allocated.append(nbytes)
        return Memory(nbytes).own()
    r = Recycler(allocate, lambda owned: owned.memory.refct,
                 lambda owned, shape, dtype: Array(owned.memory.own(), shape, dtype))
    return r, allocated


def memory_of(a):
    return a.owned.memory


def test_a_dropped_array_s_memory_is_handed_out_again():
    r, allocated = recycler()
    a = r.empty((2, 3), "float32")
    first = memory_of(a)
    del a
    b = r.empty((3, 2), "float32")  # same byte size, another shape
    assert memory_of(b) is first and b.shape == (3, 2) and allocated == [24]


def test_memory_in_use_is_never_handed_out_again():
    r, allocated = recycler()
    a = r.empty((2, 3), "float32")
    b = r.empty((2, 3), "float32")
    assert memory_of(b) is not memory_of(a)
    view = a.reshape((6,))   # a reshape shares a's handle: a's memory stays in use after a goes
    sliced = b.slice()       # a slice holds a handle of its own
    a_memory, b_memory = memory_of(a), memory_of(b)
    del a, b
    c = r.empty((2, 3), "float32")
    assert memory_of(c) is not a_memory and memory_of(c) is not b_memory
    del view                 # a's memory is free now; b's is still held by the slice
    d = r.empty((2, 3), "float32")
    assert memory_of(d) is a_memory
    assert len(allocated) == 3


def test_other_sizes_get_their_own_memory():
    r, allocated = recycler()
    a = r.empty((2, 3), "float32")
    del a
    r.empty((2, 3), "float64")
    r.empty((5,), "float32")
    assert allocated == [24, 48, 20]


def test_at_most_per_size_buffers_are_kept():
    r, allocated = recycler()
    held = [r.empty((4,), "float32") for _ in range(PER_SIZE + 2)]
    assert len({id(memory_of(a)) for a in held}) == PER_SIZE + 2  # all in use: all new
    kept = {id(memory_of(a)) for a in held[:PER_SIZE]}
    del held
    again = [r.empty((4,), "float32") for _ in range(PER_SIZE)]
    assert {id(memory_of(a)) for a in again} == kept and len(allocated) == PER_SIZE + 2
    del again
    r.clear()
    r.empty((4,), "float32")
    assert len(allocated) == PER_SIZE + 3


def test_drop_free_forgets_only_unused_buffers():
    r, allocated = recycler()
    busy = r.empty((4,), "float32")
    free = r.empty((4,), "float32")
    del free
    r.drop_free()
    again = r.empty((4,), "float32")  # the dropped free buffer is not handed out again: a new one
    assert len(allocated) == 3 and memory_of(again) is not memory_of(busy)
