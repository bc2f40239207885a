"""Device arrays in, device arrays out: engine.ops with numba device arrays stays on the device, a model
runs every layer on the device, uploads its weights once and returns NumPy from predict/activations. Results are
checked against tests/reference.py (float64, no engine code): ||cuda - ref|| / ||ref|| <= 1e-5."""
import numpy as np
import pytest
from numba import cuda

import reference as ref
from engine import layers, ops
try:
    from engine.kernels import cuda as kernels
except ValueError:  # no GPU and no simulator: conftest.py skips every test here
    kernels = None
from engine.model import Sequential
from gpu_reference import check, params64, randomise

pytestmark = pytest.mark.gpu


@pytest.fixture
def rng():
    return np.random.default_rng(77)


def rand(rng, shape):
    return rng.standard_normal(shape).astype(np.float32)


def on_device(want, fn, *args, **kwargs):
    """fn with its array arguments uploaded and device='cuda': a device array, equal to the float64 reference want.
    (Device outputs start as NaN under the simulator: check's finiteness test shows every element was written.)"""
    d_args = [cuda.to_device(a) if isinstance(a, np.ndarray) else a for a in args]
    got = fn(*d_args, device="cuda", **kwargs)
    assert kernels.is_device_array(got), type(got)
    return check(got.copy_to_host(), want)


def test_conv_device_in_device_out(rng):
    x = rand(rng, (2, 4, 6, 7))
    w, b = rand(rng, (6, 2, 3, 2)), rand(rng, 6)
    kwargs = dict(stride=(1, 2), padding=((2, 0), (1, 1)), groups=2, activation="relu")
    on_device(ref.conv2d(x, w, b, **kwargs), ops.conv2d, x, w, b, **kwargs)
    w = rand(rng, (3, 4, 3, 3))
    on_device(ref.conv2d(x, w, None, padding="same", dilation=2),
              ops.conv2d, x, w, None, padding="same", dilation=2)  # padded on the device
    x1, w1, b1 = rand(rng, (2, 3, 8)), rand(rng, (2, 3, 3)), rand(rng, 2)
    on_device(ref.conv1d(x1, w1, b1, padding=1, activation="tanh"), ops.conv1d, x1, w1, b1, padding=1,
              activation="tanh")


def test_pooling_device_in_device_out(rng):
    x = rand(rng, (2, 3, 7, 6))
    on_device(ref.max_pool2d(x, 3, stride=2, padding=1, ceil_mode=True),
              ops.max_pool2d, x, 3, stride=2, padding=1, ceil_mode=True)
    on_device(ref.avg_pool2d(x, 2, count_include_pad=False, padding=1),
              ops.avg_pool2d, x, 2, count_include_pad=False, padding=1)
    x1 = rand(rng, (2, 2, 9))
    on_device(ref.max_pool1d(x1, 2), ops.max_pool1d, x1, 2)
    on_device(ref.avg_pool1d(x1, 3, stride=2), ops.avg_pool1d, x1, 3, stride=2)
    x = x + 0.5  # a mean away from 0
    on_device(ref.global_avg_pool(x), ops.global_avg_pool, x)


def test_dense_elementwise_norm_device_in_device_out(rng):
    x, w, b = rand(rng, (3, 7)), rand(rng, (5, 7)), rand(rng, 5)
    on_device(ref.linear(x, w, b, "sigmoid"), ops.linear, x, w, b, activation="sigmoid")
    x = rand(rng, (2, 4, 3, 2))
    on_device(ref.relu(x), ops.relu, x)
    on_device(ref.tanh(x), ops.tanh, x)
    on_device(ref.softmax(x, axis=1), ops.softmax, x, axis=1)  # not the last axis: transposed on the device
    on_device(ref.softmax(x), ops.softmax, x)
    mean, var, weight, bias = rand(rng, 4), rng.random(4) + 0.5, rand(rng, 4), rand(rng, 4)
    on_device(ref.batch_norm(x, mean, var, weight, bias), ops.batch_norm, x, mean, var, weight, bias)
    on_device(ref.local_response_norm(x * 3, 3, alpha=1e-1, k=2.0), ops.local_response_norm, x * 3, 3, alpha=1e-1,
              k=2.0)


def test_flatten_keeps_device_arrays(rng):
    x = rand(rng, (2, 3, 2))
    d = ops.flatten(cuda.to_device(x))
    assert kernels.is_device_array(d) and d.shape == (2, 6)
    np.testing.assert_array_equal(d.copy_to_host(), x.reshape(2, 6))


def test_device_array_of_wrong_dtype_is_refused(rng):
    with pytest.raises(ValueError, match="device array"):
        ops.linear(cuda.to_device(rand(rng, (2, 3))), cuda.to_device(rng.standard_normal((4, 3))), device="cuda")


def small_model():
    """Random parameters throughout (randomise): non-zero biases, a batch norm with random mean, var > 0, scale
    and shift."""
    model = Sequential([layers.Conv2D(3, 3, padding=1, activation="relu", name="conv"), layers.BatchNorm(name="bn"),
                        layers.MaxPool2D(2, name="pool"), layers.Flatten(name="flat"),
                        layers.Dense(5, activation="tanh", name="fc"), layers.Dense(4, name="out"),
                        layers.Softmax(name="prob")], input_shape=(2, 6, 6), seed=3)
    return randomise(model, 3)


def small_model_reference(model, x):
    """small_model recomputed in float64 by tests/reference.py -> {layer name: output} for pool, fc, out, prob."""
    p = params64(model)
    bn = p["bn"]
    h = ref.conv2d(x, p["conv"]["weight"], p["conv"]["bias"], padding=1, activation="relu")
    h = ref.batch_norm(h, bn["running_mean"], bn["running_var"], bn["weight"], bn["bias"], eps=1e-5)
    want = {"pool": ref.max_pool2d(h, 2)}
    want["fc"] = ref.linear(want["pool"].reshape(len(x), -1), p["fc"]["weight"], p["fc"]["bias"], "tanh")
    want["out"] = ref.linear(want["fc"], p["out"]["weight"], p["out"]["bias"])
    want["prob"] = ref.softmax(want["out"], axis=1)
    return want


def test_model_on_cuda_matches_reference(rng):
    model = small_model()
    x = rng.random((5, 2, 6, 6)).astype(np.float32)
    want = small_model_reference(model, x)
    got = model.activations(x, ["pool", "fc", "prob"], batch_size=2, device="cuda")
    assert sorted(got) == ["fc", "pool", "prob"]
    for name in got:
        check(got[name], want[name])  # NumPy arrays on the host
    check(model.predict(x, batch_size=2, device="cuda"), want["prob"])


def test_weights_upload_once_per_model_and_again_after_params_changed(rng, monkeypatch):
    model = small_model()
    x = rng.random((5, 2, 6, 6)).astype(np.float32)
    uploads = []
    real = cuda.to_device
    def counting(a, *args, **kwargs):  # float arrays: not the conv kernel's int64 tap tables (one per geometry)
        if np.asarray(a).dtype.kind == "f":
            uploads.append(np.shape(a))
        return real(a, *args, **kwargs)
    monkeypatch.setattr(cuda, "to_device", counting)
    model.predict(x, batch_size=2, device="cuda")
    batches = [s for s in uploads if s[1:] == (2, 6, 6)]
    assert len(batches) == 3                       # each batch once
    assert len(uploads) == 3 + 2 + 2 + 2 + 2       # + conv, bn (scale, shift), fc, out: weight and bias once
    uploads.clear()
    before = check(model.predict(x, batch_size=2, device="cuda"), small_model_reference(model, x)["prob"])
    assert len(uploads) == 3                       # weights stay on the device between calls
    conv = model.get_layer("conv")
    conv.params["weight"] *= 2
    conv.params_changed()
    uploads.clear()
    got = model.predict(x, batch_size=5, device="cuda")
    assert len(uploads) == 1 + 2
    check(got, small_model_reference(model, x)["prob"])  # the new weights, not the uploaded old ones
    assert ref.rel_error(got, before) > 1e-3


def test_bias_free_layers_upload_no_zeros_per_batch(rng, monkeypatch):
    model = Sequential([layers.Conv2D(2, 3, use_bias=False, name="conv"), layers.Flatten(name="flat"),
                        layers.Dense(3, use_bias=False, name="fc")], input_shape=(1, 5, 5), seed=1)
    x = rng.random((4, 1, 5, 5)).astype(np.float32)
    p = params64(model)
    want = ref.linear(ref.conv2d(x, p["conv"]["weight"]).reshape(4, -1), p["fc"]["weight"])  # no biases at all
    got = model.predict(x, batch_size=2, device="cuda")  # weights and the zero biases reach the device here
    check(got, want)
    uploads = []
    real = cuda.to_device
    monkeypatch.setattr(cuda, "to_device", lambda a, *args, **kw: uploads.append(np.shape(a)) or real(a, *args, **kw))
    model.predict(x, batch_size=2, device="cuda")
    assert uploads == [(2, 1, 5, 5)] * 2                  # the two batches, nothing else


@pytest.mark.filterwarnings("ignore:invalid value encountered")  # the simulator computing inf * 0 in NumPy
def test_nonfinite_outputs_still_warn_on_cuda(rng):
    model = Sequential([layers.Dense(3, name="fc"), layers.Softmax(name="prob")], input_shape=(4,))
    model.get_layer("fc").params["weight"][0, 0] = np.inf
    model.get_layer("fc").params_changed()
    x = rng.random((2, 4)).astype(np.float32) + 0.5
    with pytest.warns(RuntimeWarning, match="layer prob"):  # the host copies of the wanted outputs are checked
        got = model.predict(x, device="cuda")
    assert np.isnan(got).any()


@pytest.mark.skipif(kernels is None or kernels.SIMULATING, reason="the simulator allocates plainly (NaN-poisoned)")
def test_layer_outputs_reuse_memory_only_when_nothing_uses_it(rng):
    """engine/kernels/device_buffers.py on the GPU: numba's memory counting is the one the recycler knows
    (else it would be None and every output a plain allocation), a held output keeps its values while later
    calls run, and a dropped one's memory is reused."""
    assert kernels._recycler() is not None
    x, w = rand(rng, (3, 40)), rand(rng, (50, 40))
    d_x, d_w = cuda.to_device(x), cuda.to_device(w)
    held = ops.linear(d_x, d_w, device="cuda")
    held_view = held.reshape(150)
    want = held.copy_to_host()
    for _ in range(3 * kernels.device_buffers.PER_SIZE):
        ops.linear(cuda.to_device(rand(rng, (3, 40))), d_w, device="cuda")
    np.testing.assert_array_equal(held_view.copy_to_host(), want.reshape(150))
    check(want, ref.linear(x, w))
    dropped = ops.linear(d_x, d_w, device="cuda")
    address = dropped.device_ctypes_pointer.value
    del dropped
    again = ops.linear(d_x, d_w, device="cuda")
    assert again.device_ctypes_pointer.value == address
    np.testing.assert_array_equal(again.copy_to_host(), want)
