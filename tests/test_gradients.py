"""Backward passes against central finite differences in float64, for every layer type and a small network."""
import numpy as np
import pytest

import reference
from engine import layers as L
from engine import ops
from engine.model import Sequential


def numeric_grad(f, arr, eps=1e-6):
    """Central differences of the scalar f() with respect to every element of arr (modified in place)."""
    grad = np.empty_like(arr)
    flat, gflat = arr.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        up = f()
        flat[i] = old - eps
        down = f()
        flat[i] = old
        gflat[i] = (up - down) / (2 * eps)
    return grad


def rel_err(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(b), 1e-12)


def trainable(layer):
    """The names of the layer's trainable parameters (all of its params unless it says otherwise)."""
    names = layer.param_names if layer.trainable_names is None else layer.trainable_names
    return {k for k in names if k in layer.params}


def check_layer(layer, input_shape, seed=0, batch=2, x_scale=1.0):
    rng = np.random.default_rng(seed)
    layer.build(input_shape, rng)
    layer.params = {k: v.astype(np.float64) for k, v in layer.params.items()}
    if isinstance(layer, L.BatchNorm):
        layer.params["weight"][:] = rng.uniform(0.5, 1.5, input_shape[0])
        layer.params["bias"][:] = rng.normal(size=input_shape[0])
    for k, v in layer.params.items():
        if k == "bias":
            v[:] = rng.normal(size=v.shape)
    x = rng.normal(size=(batch,) + tuple(input_shape)) * x_scale
    out_shape = (batch,) + layer.output_shape(input_shape)
    proj = rng.normal(size=out_shape)  # loss = sum(proj * y): a generic direction
    saved = {k: v.copy() for k, v in layer.params.items()}

    def loss():
        layer.params.update({k: v for k, v in layer.params.items()})
        y, _ = layer.forward_train(x, np.random.default_rng(1))
        return float(np.sum(proj * y))

    y, cache = layer.forward_train(x, np.random.default_rng(1))
    assert y.shape == out_shape
    dx, grads = layer.backward(proj, cache)
    if isinstance(layer, L.BatchNorm):  # forward_train moved the running averages; irrelevant to gradients
        for k in ("running_mean", "running_var"):
            layer.params[k][:] = saved[k]
    assert dx.shape == x.shape and dx.dtype == np.float64
    assert rel_err(dx, numeric_grad(loss, x)) < 1e-6
    # one gradient per trainable parameter, no more, no less (an empty dict would skip the checks below)
    assert set(grads) == trainable(layer), (sorted(grads), sorted(trainable(layer)))
    for name, g in grads.items():
        assert g.shape == layer.params[name].shape, name
        assert rel_err(g, numeric_grad(loss, layer.params[name])) < 1e-6, name


@pytest.mark.parametrize("layer,shape", [
    (L.Conv2D(3, 3, name="c"), (2, 6, 5)),
    (L.Conv2D(4, (3, 2), stride=(2, 3), padding=((1, 2), (0, 1)), name="c"), (2, 7, 8)),
    (L.Conv2D(4, 3, padding="same", dilation=2, groups=2, activation="tanh", name="c"), (2, 6, 6)),
    (L.Conv2D(2, 2, stride=3, activation="relu", use_bias=False, name="c"), (1, 7, 7)),
    (L.Conv2D(2, 3, activation="sigmoid", padding=1, name="c"), (3, 4, 5)),
    (L.Conv1D(3, 3, stride=2, padding=(1, 2), dilation=2, name="c"), (2, 11)),
    (L.Conv1D(4, 5, padding="same", groups=2, activation="tanh", name="c"), (2, 9)),
], ids=["plain", "stride-uneven-pad", "same-dilation-groups-tanh", "stride>kernel-relu-nobias", "sigmoid",
        "conv1d-stride-dilation", "conv1d-same-groups"])
def test_conv_gradients(layer, shape):
    check_layer(layer, shape)


@pytest.mark.parametrize("layer,shape", [
    (L.MaxPool2D(2, name="p"), (2, 6, 6)),
    (L.MaxPool2D(3, 2, padding=1, ceil_mode=True, name="p"), (2, 7, 6)),
    (L.AvgPool2D(2, name="p"), (2, 6, 6)),
    (L.AvgPool2D(3, 2, padding=1, ceil_mode=True, count_include_pad=False, name="p"), (2, 7, 6)),
    (L.AvgPool2D(3, 2, padding=((1, 0), (0, 1)), name="p"), (1, 6, 7)),
    (L.MaxPool1D(3, 2, padding=1, name="p"), (2, 9)),
    (L.AvgPool1D(2, name="p"), (2, 9)),
    (L.GlobalAvgPool(name="g"), (3, 4, 5)),
], ids=["max", "max-pad-ceil", "avg", "avg-ceil-nopad-count", "avg-uneven", "max1d", "avg1d", "global"])
def test_pool_gradients(layer, shape):
    check_layer(layer, shape)


@pytest.mark.parametrize("layer,shape", [
    (L.Dense(5, name="d"), (7,)),
    (L.Dense(4, activation="tanh", name="d"), (6,)),
    (L.Dense(3, activation="relu", use_bias=False, name="d"), (6,)),
    (L.Flatten(name="f"), (2, 3, 4)),
    (L.ReLU(name="a"), (3, 4)),
    (L.Tanh(name="a"), (3, 4)),
    (L.Sigmoid(name="a"), (3, 4)),
    (L.Softmax(name="s"), (6,)),
    (L.Dropout(0.4, name="d"), (3, 5)),
    (L.BatchNorm(name="bn"), (3, 4, 4)),
    (L.BatchNorm(name="bn"), (5,)),
    (L.LRN(3, alpha=0.5, beta=0.75, k=2.0, name="n"), (5, 2, 3)),
    (L.LRN(4, alpha=0.3, beta=0.6, name="n"), (6, 3)),
], ids=["dense", "dense-tanh", "dense-relu-nobias", "flatten", "relu", "tanh", "sigmoid", "softmax", "dropout",
        "batchnorm2d", "batchnorm1d", "lrn-odd", "lrn-even"])
def test_other_gradients(layer, shape):
    check_layer(layer, shape, batch=4 if isinstance(layer, L.BatchNorm) else 2)


def test_small_network_gradients():
    """Loss gradient of a whole network (softmax cross-entropy from the logits) against finite differences."""
    from engine import train
    model = Sequential([
        L.Conv2D(3, 3, padding=1, activation="relu", name="c1"), L.BatchNorm(name="bn"),
        L.MaxPool2D(2, name="p1"), L.Conv2D(4, 3, activation="tanh", name="c2"), L.Flatten(name="f"),
        L.Dense(5, activation="sigmoid", name="d1"), L.Dense(3, name="d2"), L.Softmax(name="prob"),
    ], input_shape=(2, 8, 8), seed=3)
    for layer in model.layers:
        layer.params = {k: v.astype(np.float64) for k, v in layer.params.items()}
        if "bias" in layer.params:
            layer.params["bias"][:] = np.random.default_rng(4).normal(size=layer.params["bias"].shape) * 0.1
    rng = np.random.default_rng(5)
    x = rng.normal(size=(4, 2, 8, 8))
    y = np.array([0, 2, 1, 2])
    running = {k: v.copy() for k, v in model.get_layer("bn").params.items()}

    def loss():
        value, _, _ = train.loss_and_grads(model, x, y, np.random.default_rng(0))
        return value

    _, grads, _ = train.loss_and_grads(model, x, y, np.random.default_rng(0))
    # every layer with trainable parameters has a gradient for each of them, and only those
    expected = {layer.name: trainable(layer) for layer in model.layers if trainable(layer)}
    assert set(expected) == {"c1", "bn", "c2", "d1", "d2"}
    assert {k: set(v) for k, v in grads.items()} == expected
    for layer in model.layers:
        for name, g in grads.get(layer.name, {}).items():
            assert g.shape == layer.params[name].shape, (layer.name, name)
            if layer.name == "bn":
                model.get_layer("bn").params.update({k: running[k].copy() for k in ("running_mean", "running_var")})
            assert rel_err(g, numeric_grad(loss, layer.params[name])) < 1e-5, (layer.name, name)


@pytest.mark.parametrize("axis", [1, 2, -3, 0])
def test_softmax_backward_on_a_non_last_axis(axis):
    """ops.softmax_backward over an inner axis of a 4-D input, against central differences of the float64
    reference softmax (loss = sum(proj * softmax(x, axis)))."""
    rng = np.random.default_rng(60 + axis)
    x = rng.normal(size=(2, 3, 4, 5)) * 2
    proj = rng.normal(size=x.shape)
    y = reference.softmax(x, axis)
    dx = ops.softmax_backward(y, proj, axis=axis)
    assert dx.shape == x.shape and dx.dtype == np.float64
    expected = numeric_grad(lambda: float(np.sum(proj * reference.softmax(x, axis))), x)
    assert rel_err(dx, expected) < 1e-7
    # the gradient sums to zero along the softmax axis (softmax is invariant to adding a constant there)
    np.testing.assert_allclose(dx.sum(axis=axis), 0, atol=1e-12)


@pytest.mark.parametrize("layer,shape", [
    (L.Conv2D(4, 3, stride=2, padding=1, activation="tanh", name="c"), (3, 9, 8)),
    (L.Conv1D(3, 3, padding="same", groups=1, name="c"), (2, 10)),
    (L.Dense(6, activation="sigmoid", name="d"), (11,)),
    (L.MaxPool2D(3, 2, padding=1, ceil_mode=True, name="p"), (2, 7, 6)),
    (L.AvgPool2D(2, name="p"), (3, 6, 6)),
    (L.BatchNorm(name="bn"), (3, 4, 4)),
    (L.LRN(3, alpha=0.5, beta=0.75, k=2.0, name="n"), (5, 2, 3)),
    (L.Softmax(name="s"), (7,)),
], ids=["conv2d", "conv1d", "dense", "maxpool", "avgpool", "batchnorm", "lrn", "softmax"])
def test_float32_backward_matches_float64(layer, shape):
    """The float32 backward (what training runs) against the float64 one checked above: rel error <= 1e-4."""
    rng = np.random.default_rng(70)
    layer.build(shape, rng)
    for k, v in layer.params.items():
        if k == "bias":
            v[:] = rng.normal(size=v.shape)
        elif k == "weight" and isinstance(layer, L.BatchNorm):
            v[:] = rng.uniform(0.5, 1.5, v.shape)
    params64 = {k: np.asarray(v, np.float64).copy() for k, v in layer.params.items()}
    x = rng.normal(size=(4,) + tuple(shape))
    proj = rng.normal(size=(4,) + layer.output_shape(shape))
    results = {}
    for dtype in (np.float64, np.float32):
        layer.params = {k: v.astype(dtype) for k, v in params64.items()}
        y, cache = layer.forward_train(x.astype(dtype), np.random.default_rng(1))
        dx, grads = layer.backward(proj.astype(dtype), cache)
        assert y.dtype == dtype and dx.dtype == dtype, (y.dtype, dx.dtype)
        assert set(grads) == trainable(layer)
        assert all(g.dtype == dtype for g in grads.values())
        results[dtype] = dx, grads
    (dx64, g64), (dx32, g32) = results[np.float64], results[np.float32]
    assert rel_err(dx32.astype(np.float64), dx64) <= 1e-4
    for name in g64:
        assert rel_err(g32[name].astype(np.float64), g64[name]) <= 1e-4, name
