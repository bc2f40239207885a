"""The fused whole-LeNet-5 kernel (engine/kernels/cuda_lenet.py via engine/fused_cuda.py): one launch per batch
for predict, equal to the layer-by-layer path; intermediate activations still run layer by layer."""
import numpy as np
import pytest

from engine import fused_cuda, zoo
try:
    from engine.kernels import cuda as kernels
except ValueError:  # no GPU and no simulator: conftest.py skips every test here
    kernels = None

pytestmark = pytest.mark.gpu


@pytest.fixture
def launches(monkeypatch):
    calls = []
    real = kernels.lenet5_forward
    monkeypatch.setattr(kernels, "lenet5_forward", lambda x, *a: calls.append(x.shape[0]) or real(x, *a))
    return calls


def relative_error(got, want):
    return np.linalg.norm(got - want) / np.linalg.norm(want)


def test_fused_lenet5_equals_layer_by_layer(launches):
    model = zoo.lenet5(num_classes=7, seed=4)
    for layer in model.layers:  # non-zero biases, so a bias the kernel dropped would show
        if "bias" in layer.params:
            layer.params["bias"][:] = np.random.default_rng(1).standard_normal(layer.params["bias"].shape)
            layer.params_changed()
    x = np.random.default_rng(2).random((5, 1, 32, 32)).astype(np.float32)
    got = model.predict(x, batch_size=4, device="cuda")  # blocks of 3 images: one full and one part, then one part
    assert launches == [4, 1]                              # one fused launch per batch
    layer_by_layer = model.activations(x[:2], ["fc3", "prob"], device="cuda")["prob"]  # 2: the simulator is slow
    assert launches == [4, 1]                              # intermediates wanted: the layer-by-layer path
    want = model.predict(x, device="cpu")
    assert got.shape == want.shape == (5, 7)
    assert relative_error(got[:2], layer_by_layer) <= 1e-5 and relative_error(got, want) <= 1e-5


def test_fused_lenet5_sees_changed_weights(launches):
    model = zoo.lenet5(seed=1)
    x = np.random.default_rng(3).random((2, 1, 32, 32)).astype(np.float32)
    model.predict(x, device="cuda")
    model.get_layer("fc2").params["weight"] *= -1
    model.get_layer("fc2").params_changed()
    got = model.predict(x, device="cuda")
    assert len(launches) == 2 and relative_error(got, model.predict(x, device="cpu")) <= 1e-5


def test_only_lenet5_geometry_is_fused():
    assert fused_cuda.plan(zoo.lenet5(), "cuda") is not None
    assert fused_cuda.plan(zoo.lenet5(), "cpu") is None          # the CPU has no fused kernel
    assert fused_cuda.plan(zoo.lenet5_bn(), "cuda") is None      # other layers
    model = zoo.lenet5()
    model.layers[2].stride = (2, 2)                           # same layer types, other geometry
    assert fused_cuda.plan(model, "cuda") is None


def test_plan_is_kept_per_model():
    model = zoo.lenet5()
    assert fused_cuda.plan(model, "cuda") is fused_cuda.plan(model, "cuda")
    assert fused_cuda.plan(zoo.lenet5(), "cuda") is not fused_cuda.plan(model, "cuda")
