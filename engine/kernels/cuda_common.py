"""What every CUDA kernel module shares: simulator switches and the activation device function.
Imported by engine/kernels/cuda.py after it has checked that a GPU (or numba's simulator) is there."""
import math
import warnings

import numba
from numba import cuda

SIMULATING = bool(numba.config.ENABLE_CUDASIM)
# Small layers at batch 1 launch few blocks by design; numba warns of low occupancy on each such launch.
# (numba wraps the message in terminal colour codes, hence the leading .*)
warnings.filterwarnings("ignore", message=".*Grid size .* will likely result in GPU under-utilization")
JIT = {} if SIMULATING else {"cache": True}  # the simulator does not support cache=True


def jit_registers(count):
    """cuda.jit options capping a kernel's registers at count, e.g. so that more blocks fit on a
    multiprocessor (tests/gpu/compile_for_sm90.py reports registers and spills); the simulator rejects
    max_registers, so none there."""
    return {} if SIMULATING else {"cache": True, "max_registers": count}


# Shared tiles aligned to 16 bytes let the compiler turn 4 adjacent float32 reads into one ld.shared.v4
# (checked in the PTX; numba does not know the alignment otherwise). numba-cuda's simulator takes only None.
SHARED_ALIGN = None if SIMULATING else 16


# ---------------------------------------------------------------- activations (codes as in cpu.py)
@cuda.jit(device=True, **JIT)
def activate(v, act):
    if act == 1:
        return 0.0 if v <= 0 else v  # NaN passes through, -inf gives 0, as on the CPU
    if act == 2:
        return math.tanh(v)
    if act == 3:
        if v >= 0:
            return 1 / (1 + math.exp(-v))
        e = math.exp(v)
        return e / (1 + e)
    return v


# ---------------------------------------------------------------- unsigned indices
# An array index of a signed type makes numba add a negative-index wrap-around to every access; the tiled
# kernels' hot loops index with U(...) instead (PERF-NOTES: 24.5 -> 32.9 TFLOP/s in a probe conv). Keep
# both operands of U-typed arithmetic unsigned: numba types uint64 op int64 as float64. The simulator
# runs kernels as Python, where a cast of a negative int to numpy's uint64 raises: plain ints there.
if SIMULATING:
    def U(v):
        return int(v) & 0xFFFFFFFFFFFFFFFF

    def U32(v):
        return int(v) & 0xFFFFFFFF
else:
    U = numba.uint64
    U32 = numba.uint32  # a 32-bit division is several times cheaper than a 64-bit one
