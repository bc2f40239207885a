"""What every CUDA kernel module shares: simulator switches and the activation device function.
Imported by engine/kernels/cuda.py after it has checked that a GPU (or numba's simulator) is there."""
import math

import numba
from numba import cuda

SIMULATING = bool(numba.config.ENABLE_CUDASIM)
JIT = {} if SIMULATING else {"cache": True}  # the simulator does not support cache=True
# ptxas gives the tiled conv kernel 135 registers: one 256-thread block per SM; capped at 128 (no spills,
# tests/gpu/compile_for_sm90.py) two fit. The simulator rejects max_registers too.
JIT_128_REGISTERS = {} if SIMULATING else {"cache": True, "max_registers": 128}


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
