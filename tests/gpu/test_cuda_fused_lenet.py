"""The fused whole-LeNet-5 kernel (engine/kernels/cuda_lenet.py via engine/fused_cuda.py): one launch per batch
for predict; intermediate activations still run layer by layer. Both against LeNet-5 recomputed in float64 by
tests/reference.py (no engine code) with every parameter random: ||cuda - ref|| / ||ref|| <= 1e-5."""
import numpy as np
import pytest

import reference as ref
from engine import fused_cuda, zoo
try:
    from engine.kernels import cuda as kernels
except ValueError:  # no GPU and no simulator: conftest.py skips every test here
    kernels = None
from gpu_reference import check, lenet5_logits64, params64, randomise

pytestmark = pytest.mark.gpu


@pytest.fixture
def launches(monkeypatch):
    calls = []
    real = kernels.lenet5_forward
    monkeypatch.setattr(kernels, "lenet5_forward", lambda x, *a: calls.append(x.shape[0]) or real(x, *a))
    return calls


def test_fused_lenet5_matches_reference(launches):
    model = randomise(zoo.lenet5(num_classes=7, seed=4), 1)  # non-zero biases: a bias the kernel dropped would show
    x = np.random.default_rng(2).random((5, 1, 32, 32)).astype(np.float32)
    logits, pool1 = lenet5_logits64(params64(model), x.astype(np.float64))
    want = ref.softmax(logits, axis=1)
    assert want.max() < 0.9  # not saturated: the logits show in the probabilities
    got = model.predict(x, batch_size=4, device="cuda")  # blocks of 3 images: one full and one part, then one part
    assert launches == [4, 1]                              # one fused launch per batch
    check(got, want)
    acts = model.activations(x[:2], ["pool1", "fc3", "prob"], device="cuda")  # 2: the simulator is slow
    assert launches == [4, 1]                              # intermediates wanted: the layer-by-layer path
    check(acts["pool1"], pool1[:2])
    check(acts["fc3"], logits[:2])
    check(acts["prob"], want[:2])


def test_fused_lenet5_sees_changed_weights(launches):
    model = randomise(zoo.lenet5(seed=1), 5)
    x = np.random.default_rng(3).random((2, 1, 32, 32)).astype(np.float32)
    before = check(model.predict(x, device="cuda"), ref.softmax(lenet5_logits64(params64(model), x)[0], axis=1))
    model.get_layer("fc2").params["weight"] *= -1
    model.get_layer("fc2").params_changed()
    want = ref.softmax(lenet5_logits64(params64(model), x)[0], axis=1)
    assert ref.rel_error(before, want) > 1e-2  # the change shows in the outputs
    check(model.predict(x, device="cuda"), want)
    assert len(launches) == 2


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


def test_fused_lenet5_takes_each_layers_activation(launches):
    """Five different activation codes reach the kernel packed in one argument: each layer's own, recomputed
    here in float64 (tests/reference.py) with the same activations."""
    model = randomise(zoo.lenet5(num_classes=5, seed=6), 3)
    chosen = {"conv1": "relu", "conv2": "sigmoid", "fc1": "tanh", "fc2": "relu", "fc3": "sigmoid"}
    for name, activation in chosen.items():
        model.get_layer(name).activation = activation
    x = np.random.default_rng(4).random((2, 1, 32, 32)).astype(np.float32)
    p = params64(model)
    h = ref.avg_pool2d(ref.conv2d(x.astype(np.float64), p["conv1"]["weight"], p["conv1"]["bias"],
                                  activation="relu"), 2, 2)
    h = ref.avg_pool2d(ref.conv2d(h, p["conv2"]["weight"], p["conv2"]["bias"], activation="sigmoid"), 2, 2)
    h = ref.linear(h.reshape(2, -1), p["fc1"]["weight"], p["fc1"]["bias"], "tanh")
    h = ref.linear(h, p["fc2"]["weight"], p["fc2"]["bias"], "relu")
    want = ref.softmax(ref.linear(h, p["fc3"]["weight"], p["fc3"]["bias"], "sigmoid"), axis=1)
    check(model.predict(x, device="cuda"), want)
    assert launches == [2]


def test_fused_lenet5_without_biases(launches):
    """Layers without a bias (use_bias=False) get zeros of their own output size in the packed parameters."""
    model = randomise(zoo.lenet5(seed=7), 4)
    for name in ("conv2", "fc1", "fc3"):
        layer = model.get_layer(name)
        layer.use_bias = False
        del layer.params["bias"]
        layer.params_changed()
    x = np.random.default_rng(5).random((2, 1, 32, 32)).astype(np.float32)
    p = params64(model)
    for name in ("conv2", "fc1", "fc3"):
        p[name]["bias"] = np.zeros(len(p[name]["weight"]))
    check(model.predict(x, device="cuda"), ref.softmax(lenet5_logits64(p, x)[0], axis=1))
    assert launches == [2]
