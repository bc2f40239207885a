"""engine.ops and whole models against torch.nn.functional (skipped when torch is not importable).

Same tolerances as test_ops.py: relative error <= 1e-5 in float32 and <= 1e-12 in float64.
"""
import numpy as np
import pytest

torch = pytest.importorskip("torch")
F = torch.nn.functional

from engine import layers as L  # noqa: E402
from engine import ops, zoo  # noqa: E402
from engine.model import Sequential  # noqa: E402
from random_params import randomise  # noqa: E402
from reference import assert_close  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths:UserWarning")

DTYPES = [pytest.param(np.float32, id="f32"), pytest.param(np.float64, id="f64")]


@pytest.fixture(autouse=True, scope="module")
def _torch_threads():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def T(a):
    return None if a is None else torch.from_numpy(np.ascontiguousarray(a))


def N(t):
    return t.detach().numpy()


def randn(rng, shape, dtype, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(dtype)


def seed_of(text):
    return sum((i + 1) * ord(ch) for i, ch in enumerate(text))


# ================================================================ convolution
# id, x shape, w shape, kwargs (torch spelling: padding is an int, a tuple of ints or 'same'/'valid')
CONV2D = [
    ("n1-c1", (1, 1, 7, 7), (1, 1, 3, 3), {}),
    ("n4-c3-k8", (4, 3, 10, 11), (8, 3, 3, 3), {}),
    ("stride2-pad1", (2, 3, 9, 9), (4, 3, 3, 3), {"stride": 2, "padding": 1}),
    ("stride3-kernel2", (2, 2, 10, 11), (3, 2, 2, 2), {"stride": 3}),
    ("stride-2x1-pad-2x0", (2, 2, 9, 8), (3, 2, 3, 3), {"stride": (2, 1), "padding": (2, 0)}),
    ("dilation2-pad2", (2, 2, 9, 10), (3, 2, 3, 3), {"dilation": 2, "padding": 2}),
    ("dilation-1x3", (1, 2, 8, 12), (2, 2, 2, 3), {"dilation": (1, 3)}),
    ("groups2", (2, 4, 7, 7), (6, 2, 3, 3), {"groups": 2, "padding": 1}),
    ("depthwise", (2, 4, 8, 7), (4, 1, 3, 3), {"groups": 4, "padding": 1}),
    ("depthwise-mult2-stride2", (2, 3, 9, 9), (6, 1, 3, 3), {"groups": 3, "stride": 2}),
    ("same-k3", (2, 3, 7, 8), (4, 3, 3, 3), {"padding": "same"}),
    ("same-k4-even", (2, 2, 7, 8), (3, 2, 4, 4), {"padding": "same"}),
    ("same-k2x5-dil2", (2, 2, 9, 10), (3, 2, 2, 5), {"padding": "same", "dilation": 2}),
    ("valid", (2, 3, 8, 7), (2, 3, 3, 3), {"padding": "valid"}),
    ("alexnet-conv1", (1, 3, 63, 63), (8, 3, 11, 11), {"stride": 4, "padding": 2}),
]


@pytest.mark.parametrize("bias", [True, False], ids=["bias", "no-bias"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,xs,ws,kw", [pytest.param(*c, id=c[0]) for c in CONV2D])
def test_conv2d_vs_torch(name, xs, ws, kw, dtype, bias):
    rng = np.random.default_rng(seed_of(name))
    x, w = randn(rng, xs, dtype), randn(rng, ws, dtype)
    b = randn(rng, (ws[0],), dtype) if bias else None
    assert_close(ops.conv2d(x, w, b, **kw), N(F.conv2d(T(x), T(w), T(b), **kw)), dtype)


CONV1D = [
    ("n1-c1", (1, 1, 9), (1, 1, 3), {}),
    ("n3-c4", (3, 4, 13), (5, 4, 3), {"padding": 1}),
    ("stride2-pad2", (2, 3, 15), (4, 3, 5), {"stride": 2, "padding": 2}),
    ("dilation3", (2, 2, 15), (3, 2, 3), {"dilation": 3}),
    ("groups2", (2, 4, 10), (6, 2, 3), {"groups": 2}),
    ("depthwise", (2, 5, 10), (5, 1, 3), {"groups": 5, "padding": 1}),
    ("same-k4", (2, 2, 11), (3, 2, 4), {"padding": "same"}),
    ("same-k3-dil2", (2, 2, 11), (3, 2, 3), {"padding": "same", "dilation": 2}),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,xs,ws,kw", [pytest.param(*c, id=c[0]) for c in CONV1D])
def test_conv1d_vs_torch(name, xs, ws, kw, dtype):
    rng = np.random.default_rng(seed_of(name))
    x, w, b = randn(rng, xs, dtype), randn(rng, ws, dtype), randn(rng, (ws[0],), dtype)
    assert_close(ops.conv1d(x, w, b, **kw), N(F.conv1d(T(x), T(w), T(b), **kw)), dtype)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_fused_activations_vs_torch(activation):
    rng = np.random.default_rng(4)
    x, w, b = randn(rng, (2, 3, 8, 8), np.float32), randn(rng, (4, 3, 3, 3), np.float32), randn(rng, (4,), np.float32)
    act = getattr(torch, activation)
    assert_close(ops.conv2d(x, w, b, padding=1, activation=activation),
                 N(act(F.conv2d(T(x), T(w), T(b), padding=1))), np.float32)
    xd, wd, bd = randn(rng, (5, 30), np.float32), randn(rng, (7, 30), np.float32), randn(rng, (7,), np.float32)
    assert_close(ops.linear(xd, wd, bd, activation), N(act(F.linear(T(xd), T(wd), T(bd)))), np.float32)


# ================================================================ pooling
# id, x shape, kernel, stride, padding (int or per-axis ints: torch's symmetric form), ceil_mode
POOLS = [
    ("k2", (2, 3, 8, 8), 2, None, 0, False),
    ("k2-odd", (1, 2, 7, 9), 2, None, 0, False),
    ("k3-s2", (2, 2, 9, 10), 3, 2, 0, False),
    ("k3-s2-ceil", (2, 2, 10, 10), 3, 2, 0, True),
    ("k3-s1-pad1", (2, 3, 6, 7), 3, 1, 1, False),
    ("k3-s2-pad1-ceil", (2, 2, 8, 9), 3, 2, 1, True),
    ("k2-s3-pad1-ceil-drop", (1, 2, 4, 4), 2, 3, 1, True),
    ("k3-s3-ceil-overhang", (2, 1, 10, 11), 3, 3, 0, True),
    ("k2-s3", (2, 2, 10, 11), 2, 3, 0, False),
    ("k2x3-s1x2-pad-1x1", (2, 2, 7, 9), (2, 3), (1, 2), (1, 1), False),
    ("k4x3-s2-pad-2x0-ceil", (2, 2, 9, 8), (4, 3), 2, (2, 0), True),
    ("k5-s2-pad2-ceil", (1, 2, 12, 13), 5, 2, 2, True),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,xs,k,s,p,ceil", [pytest.param(*c, id=c[0]) for c in POOLS])
def test_max_pool2d_vs_torch(name, xs, k, s, p, ceil, dtype):
    x = randn(np.random.default_rng(seed_of(name)), xs, dtype) - 2
    want = N(F.max_pool2d(T(x), k, s, p, ceil_mode=ceil))
    got = ops.max_pool2d(x, k, s, p, ceil)
    assert got.shape == want.shape
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("cip", [True, False], ids=["include-pad", "exclude-pad"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,xs,k,s,p,ceil", [pytest.param(*c, id=c[0]) for c in POOLS])
def test_avg_pool2d_vs_torch(name, xs, k, s, p, ceil, dtype, cip):
    x = randn(np.random.default_rng(seed_of(name)), xs, dtype) + 1
    want = N(F.avg_pool2d(T(x), k, s, p, ceil_mode=ceil, count_include_pad=cip))
    assert_close(ops.avg_pool2d(x, k, s, p, ceil, cip), want, dtype)


@pytest.mark.parametrize("cip", [True, False], ids=["include-pad", "exclude-pad"])
@pytest.mark.parametrize("name,xs,k,s,p,ceil", [
    pytest.param("k2", (2, 3, 9), 2, None, 0, False, id="k2"),
    pytest.param("k3-s2-pad1-ceil", (2, 2, 10), 3, 2, 1, True, id="k3-s2-pad1-ceil"),
    pytest.param("k2-s3-pad1-ceil-drop", (1, 2, 4), 2, 3, 1, True, id="k2-s3-pad1-ceil-drop"),
    pytest.param("k4-s1-pad2", (2, 2, 9), 4, 1, 2, False, id="k4-s1-pad2"),
])
def test_pool1d_vs_torch(name, xs, k, s, p, ceil, cip):
    x = randn(np.random.default_rng(seed_of(name)), xs, np.float64)
    np.testing.assert_array_equal(ops.max_pool1d(x, k, s, p, ceil), N(F.max_pool1d(T(x), k, s, p, ceil_mode=ceil)))
    assert_close(ops.avg_pool1d(x + 1, k, s, p, ceil, cip),
                 N(F.avg_pool1d(T(x + 1), k, s, p, ceil_mode=ceil, count_include_pad=cip)), np.float64)


def test_global_avg_pool_vs_torch():
    x = randn(np.random.default_rng(1), (3, 4, 5, 6), np.float32) + 1
    assert_close(ops.global_avg_pool(x), N(F.adaptive_avg_pool2d(T(x), 1)), np.float32)


# ================================================================ normalisation, softmax
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("size,alpha,beta,k,shape", [
    (1, 1e-4, 0.75, 1.0, (2, 3, 4, 4)),
    (2, 0.5, 0.75, 1.0, (2, 6, 3, 5)),
    (3, 0.3, 0.5, 2.0, (2, 6, 3, 5)),
    (5, 1e-4, 0.75, 2.0, (2, 8, 5, 5)),
    (5, 1.0, 0.75, 1.0, (2, 8, 5, 5)),
    (7, 0.8, 0.6, 1.5, (2, 3, 4, 4)),
    (4, 0.6, 0.75, 1.0, (2, 5, 9)),
], ids=["size1", "size2", "size3", "alexnet", "size5-strong", "size-gt-channels", "1d"])
def test_lrn_vs_torch(size, alpha, beta, k, shape, dtype):
    x = randn(np.random.default_rng(size * 7 + len(shape)), shape, dtype, 3.0)
    assert_close(ops.local_response_norm(x, size, alpha, beta, k),
                 N(F.local_response_norm(T(x), size, alpha, beta, k)), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(5, 4), (2, 3, 7), (3, 4, 5, 6)], ids=str)
def test_batch_norm_vs_torch(shape, dtype):
    rng = np.random.default_rng(len(shape))
    C = shape[1]
    x = randn(rng, shape, dtype, 2.0)
    mean, var = randn(rng, C, dtype), rng.uniform(0.2, 3, C).astype(dtype)
    weight, bias = randn(rng, C, dtype), randn(rng, C, dtype)
    want = F.batch_norm(T(x), T(mean), T(var), T(weight), T(bias), training=False, eps=1e-3)
    assert_close(ops.batch_norm(x, mean, var, weight, bias, eps=1e-3), N(want), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,axis", [((4, 10), -1), ((4, 10), 0), ((2, 3, 4), 1), ((3, 7, 2, 2), 1)], ids=str)
def test_softmax_vs_torch(shape, axis, dtype):
    x = randn(np.random.default_rng(sum(shape)), shape, dtype, 5.0)
    assert_close(ops.softmax(x, axis), N(F.softmax(T(x), dim=axis)), dtype)


def test_activations_vs_torch():
    x = randn(np.random.default_rng(2), (3, 50), np.float32, 5.0)
    x[0, :3] = [-np.inf, np.inf, 0.0]
    for ours, theirs in ((ops.relu, torch.relu), (ops.tanh, torch.tanh), (ops.sigmoid, torch.sigmoid)):
        np.testing.assert_allclose(ours(x), N(theirs(T(x))), rtol=2e-6, atol=1e-7, err_msg=ours.__name__)


# ================================================================ whole models
ACT = {None: lambda v: v, "relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}


def _torch_forward(model, x):
    """Run an engine Sequential layer by layer with torch.nn.functional and the engine's weights."""
    h = T(x)
    for layer in model.layers:
        p = {k: T(v) for k, v in layer.params.items()}
        t = type(layer).__name__
        if t in ("Conv2D", "Conv1D"):
            pads = layer.padding
            assert isinstance(pads, (int, str)) or all(isinstance(v, int) for v in pads)
            pads = tuple(pads) if isinstance(pads, list) else pads
            conv = F.conv2d if t == "Conv2D" else F.conv1d
            h = conv(h, p["weight"], p.get("bias"), layer.stride, pads, layer.dilation, layer.groups)
            h = ACT[layer.activation](h)
        elif t == "MaxPool2D":
            h = F.max_pool2d(h, layer.kernel_size, layer.stride, layer.padding, ceil_mode=layer.ceil_mode)
        elif t == "AvgPool2D":
            h = F.avg_pool2d(h, layer.kernel_size, layer.stride, layer.padding, ceil_mode=layer.ceil_mode,
                             count_include_pad=layer.count_include_pad)
        elif t == "Flatten":
            h = torch.flatten(h, 1)
        elif t == "Dense":
            h = F.linear(h, p["weight"], p.get("bias"))
            h = ACT[layer.activation](h)
        elif t == "Dropout":
            pass
        elif t == "ReLU":
            h = torch.relu(h)
        elif t == "Softmax":
            h = F.softmax(h, dim=1)
        elif t == "LRN":
            h = F.local_response_norm(h, layer.size, layer.alpha, layer.beta, layer.k)
        elif t == "BatchNorm":
            h = F.batch_norm(h, p["running_mean"], p["running_var"], p["weight"], p["bias"], training=False,
                             eps=layer.eps)
        elif t == "GlobalAvgPool":
            h = F.adaptive_avg_pool2d(h, 1)
        else:
            raise AssertionError(f"no torch translation for {t}")
    return N(h)


@pytest.mark.parametrize("name", ["lenet5", "lenet5-bn"])
def test_lenet5_vs_torch(name):
    model = randomise(zoo.build(name, seed=3), 4)
    for layer in model.layers:  # nothing left at its init value (zero biases, identity batch norms)
        assert all(np.abs(v).min() > 0 and not np.all(v == 1) for v in layer.params.values()), layer.name
    x = randn(np.random.default_rng(5), (8, 1, 32, 32), np.float32)
    probs = model.predict(x)
    assert_close(probs, _torch_forward(model, x), np.float32)
    # and the logits before the softmax, which are far from uniform
    logits = model.activations(x, ["fc3"])["fc3"]
    want = _torch_forward(Sequential(model.layers[:-1], model.input_shape), x)
    assert_close(logits, want, np.float32)


def _small_alexnet(seed=0):
    """An AlexNet-shaped net on 3x67x67: big strided conv, LRN, overlapping ceil-mode max pools, a grouped
    conv, batch norm, dense layers."""
    model = Sequential([
        L.Conv2D(16, 11, stride=4, padding=2, activation="relu", name="conv1"),
        L.LRN(5, alpha=1e-3, beta=0.75, k=2.0, name="norm1"),
        L.MaxPool2D(3, 2, ceil_mode=True, name="pool1"),
        L.Conv2D(32, 5, padding=2, groups=2, activation="relu", name="conv2"),
        L.LRN(5, alpha=1e-3, beta=0.75, k=2.0, name="norm2"),
        L.MaxPool2D(3, 2, name="pool2"),
        L.Conv2D(48, 3, padding=1, name="conv3"),
        L.BatchNorm(name="bn3"),
        L.ReLU(name="relu3"),
        L.Conv2D(32, 3, padding=(1, 1), groups=2, activation="relu", name="conv4"),
        L.AvgPool2D(3, 1, padding=1, count_include_pad=False, name="pool4"),
        L.Flatten(name="flatten"),
        L.Dropout(0.5, name="drop"),
        L.Dense(64, activation="relu", name="fc6"),
        L.Dense(10, name="fc7"),
        L.Softmax(name="prob"),
    ], input_shape=(3, 67, 67), name="small_alexnet", seed=seed)
    rng = np.random.default_rng(seed + 1)
    bn = model.get_layer("bn3").params
    for key, value in (("weight", rng.uniform(0.5, 1.5, 48)), ("bias", rng.standard_normal(48) * 0.1),
                       ("running_mean", rng.standard_normal(48) * 0.1), ("running_var", rng.uniform(0.5, 2, 48))):
        bn[key] = value.astype(np.float32)
    for layer in model.layers:
        if "bias" in layer.params and type(layer).__name__ != "BatchNorm":
            layer.params["bias"] = (rng.standard_normal(layer.params["bias"].shape) * 0.1).astype(np.float32)
    return model


def test_small_alexnet_vs_torch():
    model = _small_alexnet()
    assert model.output_shape_of("pool1") == (16, 8, 8)
    x = randn(np.random.default_rng(6), (4, 3, 67, 67), np.float32)
    assert_close(model.predict(x), _torch_forward(model, x), np.float32)
    logits = model.activations(x, ["fc7"])["fc7"]
    assert_close(logits, _torch_forward(Sequential(model.layers[:-1], model.input_shape), x), np.float32)


def test_small_alexnet_float64_vs_torch():
    model = _small_alexnet(seed=2)
    for layer in model.layers:
        layer.params = {k: v.astype(np.float64) for k, v in layer.params.items()}
    x = randn(np.random.default_rng(7), (2, 3, 67, 67), np.float64)
    out = model.activations(x, ["fc7"])["fc7"]
    assert out.dtype == np.float64
    assert_close(out, _torch_forward(Sequential(model.layers[:-1], model.input_shape), x), np.float64)
