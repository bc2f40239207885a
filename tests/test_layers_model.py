"""Layers (shapes, configs) and Sequential (naming, summary, parameter counts, predict, activations), zoo."""
import json
import re

import numpy as np
import pytest

import reference as ref
from engine import layers as L
from engine import zoo
from engine.model import Sequential
from reference import assert_close
from random_params import randomise


def randn(rng, shape, dtype=np.float32):
    return rng.standard_normal(shape).astype(dtype)


# ================================================================ output shapes
# id, layer factory, input shape (no batch axis), expected output shape (worked out by hand)
SHAPE_CASES = [
    ("conv2d-5x5", lambda: L.Conv2D(6, 5), (1, 32, 32), (6, 28, 28)),
    ("conv2d-stride4-pad2-k11", lambda: L.Conv2D(8, 11, stride=4, padding=2), (3, 67, 67), (8, 16, 16)),
    ("conv2d-same-s2-odd", lambda: L.Conv2D(4, 3, stride=2, padding="same"), (2, 9, 10), (4, 5, 5)),
    ("conv2d-same-even-kernel", lambda: L.Conv2D(4, 4, padding="same"), (2, 7, 8), (4, 7, 8)),
    ("conv2d-valid-dilation2", lambda: L.Conv2D(3, 3, dilation=2, padding="valid"), (2, 9, 10), (3, 5, 6)),
    ("conv2d-pairs", lambda: L.Conv2D(3, (3, 2), padding=((1, 2), (0, 3))), (2, 6, 7), (3, 7, 9)),
    ("conv2d-per-axis-stride-pad", lambda: L.Conv2D(3, 3, stride=(2, 1), padding=(2, 0)), (2, 9, 8), (3, 6, 6)),
    ("conv2d-groups-no-bias", lambda: L.Conv2D(6, 3, groups=2, use_bias=False, activation="relu"), (4, 7, 7),
     (6, 5, 5)),
    ("conv2d-depthwise", lambda: L.Conv2D(4, 3, groups=4, padding=1), (4, 6, 5), (4, 6, 5)),
    ("conv1d", lambda: L.Conv1D(5, 3, stride=2, padding=1), (3, 11), (5, 6)),
    ("conv1d-same-dil2", lambda: L.Conv1D(2, 4, dilation=2, padding="same"), (3, 11), (2, 11)),
    ("maxpool2d-k2", lambda: L.MaxPool2D(2), (6, 28, 28), (6, 14, 14)),
    ("maxpool2d-k3-s2", lambda: L.MaxPool2D(3, 2), (64, 55, 55), (64, 27, 27)),
    ("maxpool2d-ceil", lambda: L.MaxPool2D(3, 2, ceil_mode=True), (2, 10, 10), (2, 5, 5)),
    ("maxpool2d-ceil-drop", lambda: L.MaxPool2D(2, 3, padding=1, ceil_mode=True), (2, 4, 4), (2, 2, 2)),
    ("avgpool2d-pad-exclude", lambda: L.AvgPool2D(3, 1, padding=1, count_include_pad=False), (2, 5, 6), (2, 5, 6)),
    ("avgpool2d-same-s2", lambda: L.AvgPool2D(3, 2, padding="same"), (2, 9, 8), (2, 5, 4)),
    ("maxpool1d", lambda: L.MaxPool1D(2), (3, 9), (3, 4)),
    ("avgpool1d-ceil", lambda: L.AvgPool1D(2, ceil_mode=True), (3, 9), (3, 5)),
    ("globalavgpool-2d", lambda: L.GlobalAvgPool(), (5, 4, 3), (5, 1, 1)),
    ("globalavgpool-1d", lambda: L.GlobalAvgPool(), (5, 7), (5, 1)),
    ("dense", lambda: L.Dense(7, activation="tanh"), (13,), (7,)),
    ("dense-no-bias", lambda: L.Dense(3, use_bias=False), (4,), (3,)),
    ("flatten", lambda: L.Flatten(), (16, 5, 5), (400,)),
    ("dropout", lambda: L.Dropout(0.3), (3, 4, 4), (3, 4, 4)),
    ("relu", lambda: L.ReLU(), (3, 4, 4), (3, 4, 4)),
    ("tanh", lambda: L.Tanh(), (5,), (5,)),
    ("sigmoid", lambda: L.Sigmoid(), (2, 6), (2, 6)),
    ("softmax", lambda: L.Softmax(), (10,), (10,)),
    ("batchnorm", lambda: L.BatchNorm(eps=1e-3), (4, 5, 5), (4, 5, 5)),
    ("lrn", lambda: L.LRN(5, alpha=1e-3, k=2.0), (8, 5, 5), (8, 5, 5)),
]
SHAPE_PARAMS = [pytest.param(*c[1:], id=c[0]) for c in SHAPE_CASES]


@pytest.mark.parametrize("make,in_shape,expected", SHAPE_PARAMS)
def test_output_shape_matches_forward(make, in_shape, expected):
    layer = make()
    layer.name = "layer"
    assert layer.output_shape(in_shape) == expected            # without running or building
    assert layer.build(in_shape, np.random.default_rng(0)) == expected
    x = randn(np.random.default_rng(1), (3,) + in_shape)
    out = layer(x)
    assert out.shape == (3,) + expected
    assert out.dtype == np.float32


def test_output_shape_errors():
    with pytest.raises(ValueError, match="expects"):
        L.Conv2D(3, 3, name="c").output_shape((3, 9))           # 1D input to a 2D conv
    with pytest.raises(ValueError, match="groups"):
        L.Conv2D(4, 3, groups=2, name="c").output_shape((3, 9, 9))
    with pytest.raises(ValueError, match="kernel"):
        L.Conv2D(4, 5, name="c").output_shape((3, 4, 9))
    with pytest.raises(ValueError, match="kernel_size"):
        L.MaxPool2D(5, name="p").output_shape((3, 4, 9))
    with pytest.raises(ValueError, match="expects"):
        L.Dense(3, name="d").output_shape((3, 4))
    with pytest.raises(ValueError):
        L.GlobalAvgPool(name="g").output_shape((3,))


@pytest.mark.parametrize("make,kwargs,match", [
    (L.Conv2D, {"filters": 0, "kernel_size": 3}, "filters"),
    (L.Conv2D, {"filters": 4, "kernel_size": 0}, "kernel_size"),
    (L.Conv2D, {"filters": 4, "kernel_size": 3, "groups": 3}, "groups"),
    (L.Conv2D, {"filters": 4, "kernel_size": 3, "padding": "full"}, "padding"),
    (L.Conv2D, {"filters": 4, "kernel_size": 3, "activation": "gelu"}, "activation"),
    (L.Conv2D, {"filters": 4, "kernel_size": 3, "stride": -1}, "stride"),
    (L.MaxPool2D, {"kernel_size": 2, "padding": -1}, "padding"),
    (L.Dense, {"units": 0}, "units"),
    (L.Dropout, {"rate": 1.0}, "rate"),
    (L.BatchNorm, {"eps": 0}, "eps"),
    (L.LRN, {"size": 0}, "size"),
    (L.Dense, {"units": 3, "name": "a/b"}, "name"),
    (L.Dense, {"units": 3, "name": ""}, "name"),
], ids=lambda v: v.__name__ if isinstance(v, type) else None)
def test_bad_layer_arguments(make, kwargs, match):
    with pytest.raises(ValueError, match=match):
        make(**kwargs)


def test_build_rejects_mismatched_params():
    layer = L.Dense(3, name="d")
    layer.params = {"weight": np.zeros((3, 5), np.float32), "bias": np.zeros(3, np.float32)}
    with pytest.raises(ValueError, match="weight"):
        layer.build((4,))
    layer.params = {"weight": np.zeros((3, 4), np.float32)}
    with pytest.raises(ValueError, match="parameters"):
        layer.build((4,))


# ================================================================ config round trip
@pytest.mark.parametrize("make,in_shape,expected", SHAPE_PARAMS)
def test_config_round_trip(make, in_shape, expected):
    layer = make()
    layer.name = "layer"
    entry = L.to_config(layer)
    entry = json.loads(json.dumps(entry))                      # JSON-serialisable
    rebuilt = L.from_config(entry)
    assert type(rebuilt) is type(layer)
    assert rebuilt.get_config() == layer.get_config()
    assert rebuilt.output_shape(in_shape) == expected
    layer.build(in_shape, np.random.default_rng(0))
    rebuilt.params = {k: v.copy() for k, v in layer.params.items()}
    rebuilt.build(in_shape)
    x = randn(np.random.default_rng(2), (2,) + in_shape)
    np.testing.assert_array_equal(rebuilt(x), layer(x))


def test_from_config_errors():
    with pytest.raises(ValueError, match="unknown layer type"):
        L.from_config({"type": "Conv3D", "config": {}})
    with pytest.raises(ValueError, match="bad config"):
        L.from_config({"type": "Dense", "config": {"units": 3, "colour": "red"}})
    with pytest.raises(ValueError, match="type"):
        L.from_config(["Dense"])


def test_model_config_round_trip(lenet):
    config = json.loads(json.dumps(lenet.get_config()))
    params = {layer.name: dict(layer.params) for layer in lenet.layers}
    rebuilt = Sequential.from_config(config, params)
    assert rebuilt.layer_names == lenet.layer_names
    assert rebuilt.count_params() == lenet.count_params() == 61706
    x = randn(np.random.default_rng(3), (4, 1, 32, 32))
    np.testing.assert_array_equal(rebuilt.predict(x), lenet.predict(x))
    # without params: fresh weights from the seed, same architecture
    fresh = Sequential.from_config(config, seed=7)
    assert [l.get_config() for l in fresh.layers] == [l.get_config() for l in lenet.layers]


# ================================================================ naming
def test_auto_names_are_unique():
    m = Sequential([L.Dense(4), L.ReLU(), L.Dense(3), L.ReLU(), L.Dense(2), L.Softmax()], input_shape=(5,))
    assert m.layer_names == ["dense_1", "relu_1", "dense_2", "relu_2", "dense_3", "softmax_1"]


def test_auto_names_skip_explicit_names():
    m = Sequential([L.Dense(4), L.Dense(3, name="dense_2"), L.Dense(2), L.Dense(2, name="dense_1")],
                   input_shape=(5,))
    names = m.layer_names
    assert len(set(names)) == 4
    assert names[1] == "dense_2" and names[3] == "dense_1"
    assert names[0] not in ("dense_1", "dense_2") and names[2] not in ("dense_1", "dense_2")


def test_duplicate_names_raise():
    with pytest.raises(ValueError, match="fc"):
        Sequential([L.Dense(4, name="fc"), L.Dense(3, name="fc")], input_shape=(5,))


def test_model_construction_errors():
    with pytest.raises(ValueError, match="layers"):
        Sequential([], input_shape=(5,))
    with pytest.raises(ValueError, match="input_shape"):
        Sequential([L.Dense(3)], input_shape=(0,))
    with pytest.raises(ValueError, match="input_shape"):
        Sequential([L.Dense(3)], input_shape="abc")
    with pytest.raises(ValueError, match="Layer"):
        Sequential([L.Dense(3), "relu"], input_shape=(5,))
    with pytest.raises(ValueError, match="kernel"):
        Sequential([L.Conv2D(3, 5), L.Conv2D(3, 5)], input_shape=(1, 8, 8))


def test_class_names_must_match_the_output_size():
    layers = lambda: [L.Dense(10, name="fc"), L.Softmax(name="prob")]
    with pytest.raises(ValueError, match=r"^class_names has 2 names but the model outputs 10 classes$"):
        Sequential(layers(), input_shape=(4,), class_names=["a", "b"])
    assert Sequential(layers(), input_shape=(4,), class_names=list("abcdefghij")).class_names == list("abcdefghij")


@pytest.mark.parametrize("preprocessing,match", [
    ({"std": [0.0]}, "'std' must be positive"),
    ({"mean": [0.1, 0.2, 0.3]}, "'mean' has 3 values but the model's input has 1 channel"),
    ({"scale": "x"}, "'scale' must be a finite number, got 'x'"),
    ("scale", "expected a dict, got str"),
])
def test_bad_preprocessing_raises_at_construction(preprocessing, match):
    with pytest.raises(ValueError, match="^preprocessing: " + match):
        Sequential([L.Conv2D(2, 3)], input_shape=(1, 8, 8), preprocessing=preprocessing)


def test_get_layer_and_output_shape_of(lenet):
    assert lenet.get_layer("fc2").units == 84
    assert lenet.output_shape_of("pool2") == (16, 5, 5)
    assert lenet.output_shape == (10,)
    with pytest.raises(ValueError, match="nope"):
        lenet.get_layer("nope")


# ================================================================ summary and parameter counts
def test_lenet5_summary(lenet):
    text = lenet.summary()
    rows = {line.split()[0]: line.split()[-1] for line in text.splitlines() if "(" in line and ")" in line
            and not line.startswith(("Model", "Layer"))}
    assert rows == {"conv1": "156", "pool1": "0", "conv2": "2,416", "pool2": "0", "flatten": "0",
                    "fc1": "48,120", "fc2": "10,164", "fc3": "850", "prob": "0"}
    assert "Total params: 61,706" in text
    assert "Trainable params: 61,706" in text
    assert "Non-trainable params: 0" in text
    assert "(None, 6, 28, 28)" in text and "(None, 16, 5, 5)" in text and "(None, 400)" in text


def test_lenet5_counts_from_formulas(lenet):
    # (kernel area * in channels + 1) * filters, (in + 1) * out
    expected = {"conv1": (5 * 5 * 1 + 1) * 6, "conv2": (5 * 5 * 6 + 1) * 16, "fc1": (400 + 1) * 120,
                "fc2": (120 + 1) * 84, "fc3": (84 + 1) * 10}
    for name, count in expected.items():
        assert lenet.get_layer(name).count_params() == count
    assert lenet.count_params() == sum(expected.values()) == 61706


def test_batchnorm_running_stats_are_not_trainable():
    m = Sequential([L.Conv2D(4, 3, name="c"), L.BatchNorm(name="bn")], input_shape=(2, 5, 5))
    assert m.count_params() == (9 * 2 + 1) * 4 + 4 * 4
    assert m.count_trainable_params() == (9 * 2 + 1) * 4 + 2 * 4
    assert "Non-trainable params: 8" in m.summary()


def test_alexnet_parameters():
    m = zoo.alexnet()
    assert m.count_params() == 61_100_840
    counts = {l.name: l.count_params() for l in m.layers}
    assert counts["conv1"] == (11 * 11 * 3 + 1) * 64 and counts["fc6"] == (256 * 6 * 6 + 1) * 4096
    assert m.output_shape_of("pool5") == (256, 6, 6)
    x = randn(np.random.default_rng(4), (1, 3, 224, 224))
    p = m.predict(x)
    assert p.shape == (1, 1000)
    np.testing.assert_allclose(p.sum(axis=1), 1, rtol=1e-5)


def test_vgg16_parameters():
    m = zoo.vgg16()
    assert m.count_params() == 138_357_544
    assert m.output_shape_of("pool5") == (512, 7, 7)
    assert m.get_layer("fc6").count_params() == (512 * 7 * 7 + 1) * 4096


@pytest.mark.slow
def test_vgg16_forward():
    m = zoo.vgg16()
    p = m.predict(randn(np.random.default_rng(5), (1, 3, 224, 224)))
    assert p.shape == (1, 1000) and np.isfinite(p).all()
    np.testing.assert_allclose(p.sum(), 1, rtol=1e-5)


# ================================================================ predict and activations
def test_predict_single_sample_vs_batch(lenet):
    x = randn(np.random.default_rng(6), (5, 1, 32, 32))
    batch = lenet.predict(x)
    assert batch.shape == (5, 10) and batch.dtype == np.float32
    for i in range(5):
        single = lenet.predict(x[i])                           # one sample without the batch axis
        assert single.shape == (1, 10)
        np.testing.assert_array_equal(single[0], batch[i])
    np.testing.assert_array_equal(lenet(x), batch)


def test_predict_matches_layer_by_layer_reference():
    """LeNet-5 recomputed with tests/reference.py from the model's weights (all random: see random_params.py)."""
    lenet = randomise(zoo.lenet5(seed=0), 17)  # (not the shared fixture, which tests must not modify)
    x = randn(np.random.default_rng(7), (3, 1, 32, 32))
    p = {l.name: l.params for l in lenet.layers}
    assert all(np.abs(p[n]["bias"]).min() > 0 for n in ("conv1", "conv2", "fc1", "fc2", "fc3"))
    h = ref.conv2d(x, p["conv1"]["weight"], p["conv1"]["bias"], activation="tanh")
    h = ref.avg_pool2d(h, 2, 2)
    h = ref.conv2d(h, p["conv2"]["weight"], p["conv2"]["bias"], activation="tanh")
    h = ref.avg_pool2d(h, 2, 2).reshape(3, -1)
    h = ref.linear(h, p["fc1"]["weight"], p["fc1"]["bias"], "tanh")
    h = ref.linear(h, p["fc2"]["weight"], p["fc2"]["bias"], "tanh")
    fc2 = h
    h = ref.linear(h, p["fc3"]["weight"], p["fc3"]["bias"])
    assert_close(lenet.predict(x), ref.softmax(h, axis=1), np.float32)
    assert_close(lenet.activations(x, ["fc2"])["fc2"], fc2, np.float32)
    assert_close(lenet.activations(x, ["fc3"])["fc3"], h, np.float32)  # the logits, before the softmax


def test_predict_lenet5_bn_matches_layer_by_layer_reference():
    """lenet5-bn (batch norm, ReLU, max pools, dropout) recomputed with tests/reference.py, random parameters."""
    model = randomise(zoo.build("lenet5-bn"), 18)
    x = randn(np.random.default_rng(19), (4, 1, 32, 32))
    p = {l.name: l.params for l in model.layers}
    assert "bias" not in p["conv1"] and "bias" not in p["conv2"]  # use_bias=False: the batch norms shift

    def bn(h, name):
        q = p[name]
        return ref.batch_norm(h, q["running_mean"], q["running_var"], q["weight"], q["bias"], eps=1e-5)

    h = ref.max_pool2d(ref.relu(bn(ref.conv2d(x, p["conv1"]["weight"]), "bn1")), 2, 2)
    bn1 = h
    h = ref.max_pool2d(ref.relu(bn(ref.conv2d(h, p["conv2"]["weight"]), "bn2")), 2, 2).reshape(4, -1)
    h = ref.linear(h, p["fc1"]["weight"], p["fc1"]["bias"], "relu")  # drop1: identity in inference
    h = ref.linear(h, p["fc2"]["weight"], p["fc2"]["bias"], "relu")
    h = ref.linear(h, p["fc3"]["weight"], p["fc3"]["bias"])
    assert_close(model.predict(x), ref.softmax(h, axis=1), np.float32)
    acts = model.activations(x, ["pool1", "fc3"])
    assert_close(acts["pool1"], bn1, np.float32)
    assert_close(acts["fc3"], h, np.float32)


def test_activations(lenet):
    x = randn(np.random.default_rng(8), (6, 1, 32, 32))
    acts = lenet.activations(x, ["fc2"])
    assert list(acts) == ["fc2"] and acts["fc2"].shape == (6, 84)
    acts = lenet.activations(x, ["conv1", "pool2", "prob"], batch_size=4)
    assert acts["conv1"].shape == (6, 6, 28, 28)
    assert acts["pool2"].shape == (6, 16, 5, 5)
    np.testing.assert_array_equal(acts["prob"], lenet.predict(x))
    everything = lenet.activations(x)
    assert list(everything) == lenet.layer_names
    for name, (_, out_shape) in zip(lenet.layer_names, lenet.shapes):
        assert everything[name].shape == (6,) + out_shape
    with pytest.raises(ValueError, match="fc9"):
        lenet.activations(x, ["fc9"])


def test_activations_takes_one_layer_name_as_a_str(lenet):
    x = randn(np.random.default_rng(8), (3, 1, 32, 32))
    acts = lenet.activations(x, layers="fc2")  # was read as the layers 'f', 'c', '2'
    assert list(acts) == ["fc2"] and acts["fc2"].shape == (3, 84)
    with pytest.raises(ValueError, match="layer 'fc9' not found"):
        lenet.activations(x, layers="fc9")
    with pytest.raises(ValueError, match="^layers: expected a layer name or a list of names, got 5$"):
        lenet.activations(x, layers=5)


@pytest.mark.parametrize("shape", [(2, 1, 32, 31), (2, 3, 32, 32), (1, 32, 32, 1), (32, 32), (2, 1, 1, 32, 32),
                                   (0, 1, 32, 32)], ids=str)
def test_predict_rejects_wrong_shapes(lenet, shape):
    with pytest.raises(ValueError, match="^x: "):
        lenet.predict(np.zeros(shape, np.float32))


def test_predict_rejects_non_numeric_and_bad_batch_size(lenet):
    with pytest.raises(ValueError, match="^x: "):
        lenet.predict(np.full((1, 1, 32, 32), "a"))
    with pytest.raises(ValueError, match="batch_size"):
        lenet.predict(np.zeros((1, 1, 32, 32), np.float32), batch_size=0)


@pytest.mark.parametrize("batch_size,shown", [("8", "'8' (str)"), (1.5, "1.5 (float)"), (None, "None"),
                                              (True, "True (bool)"), (np.float64(2.0), "2.0 (float64)"),
                                              (-1, "-1 (int)")], ids=str)
@pytest.mark.parametrize("method", ["predict", "activations"])
def test_batch_size_must_be_a_positive_int(lenet, method, batch_size, shown):
    x = np.zeros((2, 1, 32, 32), np.float32)
    with pytest.raises(ValueError, match=r"^batch_size: expected a positive int, got " + re.escape(shown)):
        getattr(lenet, method)(x, batch_size=batch_size)


def test_batch_size_accepts_numpy_integers(lenet):
    x = randn(np.random.default_rng(4), (3, 1, 32, 32))
    expected = lenet.predict(x)
    np.testing.assert_array_equal(lenet.predict(x, batch_size=np.int64(2)), expected)
    np.testing.assert_array_equal(lenet.activations(x, ["prob"], batch_size=np.int32(1))["prob"], expected)


def test_predict_converts_integer_input(lenet):
    x = np.random.default_rng(9).integers(0, 255, (2, 1, 32, 32))
    np.testing.assert_array_equal(lenet.predict(x), lenet.predict(x.astype(np.float32)))


def test_softmax_outputs_sum_to_one(lenet):
    x = randn(np.random.default_rng(10), (50, 1, 32, 32)) * 5
    p = lenet.predict(x)
    assert (p >= 0).all() and (p <= 1).all()
    np.testing.assert_allclose(p.sum(axis=1), 1, rtol=1e-6)


def test_nan_input_warns_and_gives_nan(lenet):
    x = randn(np.random.default_rng(11), (2, 1, 32, 32))
    x[1, 0, 3, 3] = np.nan
    with pytest.warns(RuntimeWarning, match="NaN"):
        p = lenet.predict(x)
    assert np.isfinite(p[0]).all() and np.isnan(p[1]).all()


# ================================================================ zoo
def test_zoo_seeds_are_reproducible():
    a, b, c = zoo.lenet5(seed=0), zoo.lenet5(seed=0), zoo.lenet5(seed=1)
    for la, lb, lc in zip(a.layers, b.layers, c.layers):
        for key in la.params:
            np.testing.assert_array_equal(la.params[key], lb.params[key])
    weights = [name for name in a.layer_names if "weight" in a.get_layer(name).params]
    assert weights
    for name in weights:
        assert not np.array_equal(a.get_layer(name).params["weight"], c.get_layer(name).params["weight"]), name
    x = randn(np.random.default_rng(12), (2, 1, 32, 32))
    np.testing.assert_array_equal(a.predict(x), b.predict(x))
    assert not np.array_equal(a.predict(x), c.predict(x))


def test_zoo_build():
    m = zoo.build("lenet5", num_classes=4, seed=3)
    assert m.output_shape == (4,)
    assert m.get_layer("fc3").count_params() == (84 + 1) * 4
    ref_model = zoo.lenet5(num_classes=4, seed=3)
    np.testing.assert_array_equal(m.get_layer("conv1").params["weight"], ref_model.get_layer("conv1").params["weight"])
    with pytest.raises(ValueError, match="resnet"):
        zoo.build("resnet50")


def test_zoo_initial_weights_are_sane(lenet):
    w = lenet.get_layer("conv1").params["weight"]
    assert w.dtype == np.float32 and w.std() > 0
    limit = np.sqrt(6.0 / (25 + 6 * 25))                       # Glorot uniform (tanh layer)
    assert np.abs(w).max() <= limit
    assert not lenet.get_layer("conv1").params["bias"].any()


def test_predict_without_a_fused_form_checks_the_output_and_names_the_layer():
    # a model with no fused program (LRN) runs its layers unchecked in predict, checks the output, and on
    # NaN/Inf runs the checked path again to name the layer where they first appeared (once per model)
    import warnings
    model = Sequential([L.Conv2D(4, 3, activation="relu", name="conv"), L.LRN(3, name="lrn"),
                        L.Flatten(name="flat"), L.Dense(5, name="fc"), L.Softmax(name="prob")],
                       input_shape=(2, 6, 6))
    assert model.fused_program() is None
    x = np.random.default_rng(0).standard_normal((3, 2, 6, 6)).astype(np.float32)
    want = x
    for layer in model.layers:
        want = layer.forward(want)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # finite values: no warning
        assert np.array_equal(model.predict(x), want)
    model.get_layer("fc").params["bias"][1] = np.float32(np.nan)
    model.get_layer("fc").params_changed()
    with pytest.warns(RuntimeWarning, match="layer fc "):
        y = model.predict(x)
    assert np.isnan(y).all()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # reported once
        model.predict(x)


def test_conv_layer_picks_its_kernel_per_input_size():
    # the kernel choice is kept per input geometry on the prepared weights: one layer alternating between a
    # map too small for Winograd and one large enough must give, each time, what a fresh ops call gives
    from engine import ops
    layer = L.Conv2D(32, 3, padding=1, activation="relu", name="conv")
    Sequential([layer], input_shape=(32, 6, 6))
    rng = np.random.default_rng(5)
    small = rng.standard_normal((2, 32, 6, 6)).astype(np.float32)
    large = rng.standard_normal((1, 32, 20, 20)).astype(np.float32)
    w, b = layer.params["weight"], layer.params["bias"]
    for x in (small, large, small, large):
        want = ops.conv2d(x, w, b, padding=1, activation="relu")  # no prepared weights: chosen afresh
        assert np.array_equal(layer.forward(x), want)
        assert_close(layer.forward(x), ref.conv2d(x.astype(np.float64), w.astype(np.float64), b.astype(np.float64),
                                                  padding=1, activation="relu"), np.float32)
    choices = set(layer.prepared_weights("cpu", np.float32).choices.values())
    assert choices == {"winograd", "tiles"} or choices == {"winograd", "ktiles"}, choices
