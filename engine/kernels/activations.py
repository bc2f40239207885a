"""Activation functions shared by the CPU kernels (inlined into each kernel's epilogue).
Codes: 0 none, 1 relu, 2 tanh, 3 sigmoid."""
import numpy as np
from numba import njit, types
from numba.extending import overload


_TANH_X = np.float32(7.9053111)  # where the rational form stops; past it tanh is within 2.4e-7 of +-1


@njit(cache=True)
def _tanh_ends(x, r):
    # +-1 exactly where x was clamped, else r. A function of its own: numba's inliner mishandled this
    # conditional inside the inline='always' overload below (NumbaIRAssumptionWarning); LLVM inlines it.
    return np.float32(1.0) if x >= _TANH_X else (np.float32(-1.0) if x <= -_TANH_X else r)


def tanh_value(v):
    return np.tanh(v)


@overload(tanh_value, inline="always")
def _tanh_value(v):
    """float32: a rational approximation (Eigen's) that vectorises, max relative error 3.5e-7 against
    float64 tanh (libm's tanhf is a scalar call: 10x slower in a conv epilogue); float64: exact."""
    if v == types.float32:
        def tanh32(v):
            x = min(max(v, -_TANH_X), _TANH_X)
            x2 = x * x
            p = x2 * np.float32(-2.76076847742355e-16) + np.float32(2.00018790482477e-13)
            p = x2 * p + np.float32(-8.60467152213735e-11)
            p = x2 * p + np.float32(5.12229709037114e-08)
            p = x2 * p + np.float32(1.48572235717979e-05)
            p = x2 * p + np.float32(6.37261928875436e-04)
            p = x2 * p + np.float32(4.89352455891786e-03)
            q = x2 * np.float32(1.19825839466702e-06) + np.float32(1.18534705686654e-04)
            q = x2 * q + np.float32(2.26843463243900e-03)
            q = x2 * q + np.float32(4.89352518554385e-03)
            r = x * p / q  # NaN passes: numba's max/min return a NaN first argument
            # exactly +-1 past the clamp, as float32 tanh and PyTorch give: LLVM constant-folded x * p / q at
            # x = +-7.9053111 in some loops (without FMAs) but not in others, which put 0.99999982 in one
            # kernel and 0.99999976 in another
            return _tanh_ends(x, r)
        return tanh32
    return lambda v: np.tanh(v)


@njit(inline="always", cache=True)
def activation_grad(y, act):
    """d act / d z expressed through the output y = act(z)."""
    if act == 1:
        return np.float32(1) if y > 0 else np.float32(0)
    if act == 2:
        return 1 - y * y
    if act == 3:
        return y * (1 - y)
    return np.float32(1)


@njit(inline="always", cache=True)
def activate(v, act):
    if act == 1:
        return np.float32(0) if v <= 0 else v  # NaN passes through, -inf gives 0, as PyTorch; f32 stays f32
    if act == 2:
        return tanh_value(v)
    if act == 3:
        if v >= 0:
            return 1 / (1 + np.exp(-v))
        e = np.exp(v)
        return e / (1 + e)
    return v


@njit(cache=True, nogil=True)
def activate_range(src, so, dst, do, n, act):
    """dst[do + j] = act(src[so + j]) for j < n. The activation is chosen once, outside the loop, so that
    each loop is branch-free and vectorises (activate() inside one loop does not)."""
    if so < 0 or do < 0:  # never: tells LLVM the indices are not negative (no wraparound selects)
        return
    if act == 1:
        for j in range(n):
            v = src[so + j]
            dst[do + j] = np.float32(0) if v <= 0 else v
    elif act == 2:
        for j in range(n):
            dst[do + j] = activate(src[so + j], 2)
    elif act == 3:
        for j in range(n):
            dst[do + j] = activate(src[so + j], 3)
    else:
        for j in range(n):
            dst[do + j] = src[so + j]
