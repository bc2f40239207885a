"""Oracle helpers for tests/gpu (not a test module): random parameters for model-level tests, LeNet-5 recomputed
in float64 with tests/reference.py, and a check that also allows NaN / Inf. Nothing here calls engine code, so a
bug in code the CUDA and CPU paths share (padding, output shapes, batch-norm coefficients) can fail a test."""
import numpy as np

import reference as ref


def randomise(model, seed):
    """Random values for every parameter of the model (in place; returns it): the zoo's biases are all zeros and
    its batch norms identities (mean 0, var 1, weight 1, bias 0), which would hide a dropped bias, mean, variance
    or scale. Weights are scaled by 1/sqrt(fan-in), so that no tanh or sigmoid saturates and every parameter
    shows in the outputs; running variances are in [0.5, 2], batch-norm scales of either sign."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        for key, value in list(layer.params.items()):
            if key == "running_var":
                new = rng.uniform(0.5, 2.0, value.shape)
            elif key == "weight" and value.ndim > 1:  # conv and dense weights
                new = rng.standard_normal(value.shape) / np.sqrt(np.prod(value.shape[1:]))
            elif key == "weight":  # batch norm scale
                new = rng.uniform(0.5, 1.5, value.shape) * rng.choice([-1, 1], value.shape)
            else:  # biases, running means
                new = rng.standard_normal(value.shape) * 0.5
            layer.params[key] = new.astype(value.dtype)
        layer.params_changed()
    for layer in model.layers:  # the point of randomising: no all-zero bias or mean, no unit variance
        for key in ("bias", "running_mean"):
            if key in layer.params:
                assert np.abs(layer.params[key]).min() > 0, (layer.name, key)
    return model


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
