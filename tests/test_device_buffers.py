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
    assert memory_of(d) is a_memory and memory_of(sliced) is b_memory
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


def test_kept_memory_is_capped_least_recently_used_free_buffers_going_first():
    allocated = []

    def allocate(nbytes):
        allocated.append(nbytes)
        return Memory(nbytes).own()
    r = Recycler(allocate, lambda owned: owned.memory.refct,
                 lambda owned, shape, dtype: Array(owned.memory.own(), shape, dtype), keep_bytes=100)
    a = r.empty((10,), "float32")            # 40 bytes kept
    b = r.empty((5,), "float32")             # 20 bytes kept: 60
    a_memory, b_memory = memory_of(a), memory_of(b)
    del a, b
    r.empty((10,), "float32")                # reuses a's memory (now the most recent)
    held = r.empty((12,), "float32")         # 48 bytes: 108 > 100, so b's free buffer (least recent) goes
    assert r.kept_bytes == 88 and len(allocated) == 3
    assert memory_of(r.empty((5,), "float32")) is not b_memory  # forgotten: a new allocation
    big = r.empty((30,), "float32")          # 120 bytes never fit: handed out, not kept
    assert r.kept_bytes <= 100 and memory_of(big) is not a_memory and held is not None


def test_threads_never_get_the_same_buffer():
    """Between 'this buffer is free' and the new array's reference to it, another thread must not take it."""
    import sys
    import threading
    import time

    def as_array(owned, shape, dtype):
        time.sleep(0)  # another thread's turn here, between the check and the new reference
        return Array(owned.memory.own(), shape, dtype)
    r = Recycler(lambda nbytes: Memory(nbytes).own(), lambda owned: owned.memory.refct, as_array)
    live, guard, clashes = set(), threading.Lock(), []

    def work():
        for _ in range(500):
            a = r.empty((8,), "float32")
            key = id(memory_of(a))
            with guard:
                if key in live:
                    clashes.append(key)
                live.add(key)
            time.sleep(0)
            with guard:
                live.discard(key)
            del a
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=work) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert not clashes


def test_buffers_whose_memory_is_gone_are_forgotten():
    """After a context reset numba's memory is gone (refct reads 0 here): never handed out again."""
    r, allocated = recycler()
    a = r.empty((4,), "float32")
    gone = memory_of(a)
    del a
    gone.refct = 0
    assert memory_of(r.empty((4,), "float32")) is not gone and len(allocated) == 2
