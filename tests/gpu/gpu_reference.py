"""Oracle helpers for tests/gpu (not a test module): random parameters for model-level tests, LeNet-5 recomputed
in float64 with tests/reference.py, and a check that also allows NaN / Inf. Nothing here calls engine code, so a
bug in code the CUDA and CPU paths share (padding, output shapes, batch-norm coefficients) can fail a test."""
import numpy as np

import reference as ref
from random_params import randomise  # noqa: F401 (re-exported for the GPU tests)


def params64(model):
    """{layer name: {param name: float64 copy}}."""
    return {layer.name: {k: np.asarray(v, np.float64) for k, v in layer.params.items()} for layer in model.layers}


def lenet5_logits64(p, x):
    """LeNet-5 (zoo.lenet5's and weights/lenet5-digits.h5's architecture) up to fc3, in float64 with
    tests/reference.py: p is {layer: {param: array}}, x (N, 1, 32, 32) model inputs -> (logits (N, classes),
    pool1 (N, 6, 14, 14))."""
    h = ref.conv2d(x, p["conv1"]["weight"], p["conv1"]["bias"], activation="tanh")
    pool1 = h = ref.avg_pool2d(h, 2, 2)
    h = ref.conv2d(h, p["conv2"]["weight"], p["conv2"]["bias"], activation="tanh")
    h = ref.avg_pool2d(h, 2, 2).reshape(len(x), -1)
    h = ref.linear(h, p["fc1"]["weight"], p["fc1"]["bias"], "tanh")
    h = ref.linear(h, p["fc2"]["weight"], p["fc2"]["bias"], "tanh")
    return ref.linear(h, p["fc3"]["weight"], p["fc3"]["bias"]), pool1


def check(got, want, dtype=np.float32, tol=None):
    """got (a CUDA result on the host) against want (a float64 reference): dtype and shape; NaN and +-Inf exactly
    where the reference has them; ||got - want|| / ||want|| within reference.TOLERANCE (1e-5 float32, 1e-12
    float64) over the finite rest. Returns got."""
    dtype = np.dtype(dtype)
    want = np.asarray(want, np.float64)
    assert isinstance(got, np.ndarray), type(got)
    assert got.dtype == dtype and got.shape == want.shape, (got.dtype, got.shape, dtype, want.shape)
    finite = np.isfinite(want)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg="NaN positions")
    np.testing.assert_array_equal(got[np.isinf(want)], want[np.isinf(want)], err_msg="Inf positions")
    if finite.any():
        ref.assert_close(got[finite], want[finite], dtype, tol)
    return got
