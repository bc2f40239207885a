"""The fused whole-model CPU path (engine/fused_cpu.py, engine/kernels/cpu_fused.py) against the layer-by-layer
path, which tests/test_ops*.py check against float64 loops, scipy and PyTorch. The fused ops call the layer
kernels' own serial functions, so the two must agree to the last bit."""
import numpy as np
import pytest

from engine import Sequential, layers as L, zoo
from tests import reference
from random_params import randomise


def _layer_path(model, x):
    return model.activations(x, batch_size=len(x))[model.layers[-1].name]


def _check_fused(model, logits64, batches=(1, 7, 37), seed=0):
    """The fused program against the layer-by-layer path (bit for bit), and both against logits64(x): an
    independent float64 chain from tests/reference.py giving the model's output before a final Softmax (the
    fused and the layered path share kernels, so only that chain can see a kernel that is wrong in both)."""
    program = model.fused_program()
    assert program is not None, "this model should have a fused form"
    ends_in_softmax = isinstance(model.layers[-1], L.Softmax)
    head = Sequential(model.layers[:-1], model.input_shape) if ends_in_softmax else None  # the logits alone
    assert head is None or head.fused_program() is not None
    rng = np.random.default_rng(seed)
    for n in batches:
        x = rng.standard_normal((n,) + model.input_shape).astype(np.float32)
        fused = model.predict(x, batch_size=n)
        layered = _layer_path(model, x)
        assert fused.shape == layered.shape
        assert np.array_equal(fused, layered), f"batch {n}: max diff {np.abs(fused - layered).max()}"
        assert np.array_equal(program(x), fused)
        want = logits64(x.astype(np.float64))
        if ends_in_softmax:
            reference.assert_close(head.predict(x, batch_size=n), want, np.float32, 1e-5)
            want = reference.softmax(want, axis=1)
        reference.assert_close(fused, want, np.float32, 1e-5)
    return program


def _params64(model):
    return {layer.name: {k: v.astype(np.float64) for k, v in layer.params.items()} for layer in model.layers}


def _lenet5_logits64(model):
    p = _params64(model)

    def forward(x):
        h = reference.conv2d(x, p["conv1"]["weight"], p["conv1"]["bias"], activation="tanh")
        h = reference.avg_pool2d(h, 2, 2)
        h = reference.conv2d(h, p["conv2"]["weight"], p["conv2"]["bias"], activation="tanh")
        h = reference.avg_pool2d(h, 2, 2).reshape(len(x), -1)
        h = reference.linear(h, p["fc1"]["weight"], p["fc1"]["bias"], "tanh")
        h = reference.linear(h, p["fc2"]["weight"], p["fc2"]["bias"], "tanh")
        return reference.linear(h, p["fc3"]["weight"], p["fc3"]["bias"])
    return forward


def _lenet5_bn_logits64(model):
    p = _params64(model)

    def bn(h, name):
        q = p[name]
        return reference.batch_norm(h, q["running_mean"], q["running_var"], q["weight"], q["bias"], eps=1e-5)

    def forward(x):
        assert "bias" not in p["conv1"] and "bias" not in p["conv2"]  # use_bias=False: the batch norm shifts
        h = reference.relu(bn(reference.conv2d(x, p["conv1"]["weight"]), "bn1"))
        h = reference.max_pool2d(h, 2, 2)
        h = reference.relu(bn(reference.conv2d(h, p["conv2"]["weight"]), "bn2"))
        h = reference.max_pool2d(h, 2, 2).reshape(len(x), -1)
        h = reference.linear(h, p["fc1"]["weight"], p["fc1"]["bias"], "relu")  # drop1: identity in inference
        h = reference.linear(h, p["fc2"]["weight"], p["fc2"]["bias"], "relu")
        return reference.linear(h, p["fc3"]["weight"], p["fc3"]["bias"])
    return forward


@pytest.mark.parametrize("name,logits64", [("lenet5", _lenet5_logits64), ("lenet5-bn", _lenet5_bn_logits64)])
def test_zoo_small_models_fuse_bit_identical(name, logits64):
    model = randomise(zoo.build(name))
    bn = [layer for layer in model.layers if isinstance(layer, L.BatchNorm)]
    assert len(bn) == (2 if name == "lenet5-bn" else 0) and all(layer.eps == 1e-5 for layer in bn)
    _check_fused(model, logits64(model))


def test_every_fusable_layer_kind_bit_identical():
    # stride > 1 (stride phases), 'same' and uneven padding, dilation, groups, ceil_mode, avg pool
    # without padding in the count, batch norm, global average, dropout, each activation
    model = Sequential([
        L.Conv2D(8, 3, stride=2, padding="same", activation="relu", name="c1"),
        L.BatchNorm(name="bn"),
        L.MaxPool2D(3, stride=2, padding=1, ceil_mode=True, name="p1"),
        L.Conv2D(16, (3, 2), padding=((1, 0), (2, 1)), dilation=(1, 2), groups=2, activation="sigmoid", name="c2"),
        L.AvgPool2D(2, stride=1, padding=1, count_include_pad=False, name="p2"),
        L.Tanh(name="t"),
        L.Conv2D(8, 1, activation=None, name="c3"),
        L.ReLU(name="r"),
        L.GlobalAvgPool(name="gap"),
        L.Flatten(name="f"),
        L.Dropout(0.3, name="d"),
        L.Dense(5, activation="tanh", name="fc"),
        L.Sigmoid(name="s"),
        L.Dense(4, use_bias=False, name="out"),
        L.Softmax(name="prob"),
    ], input_shape=(3, 13, 11))
    randomise(model)
    p = _params64(model)

    def logits64(x):  # the same geometry, written out again for tests/reference.py
        h = reference.conv2d(x, p["c1"]["weight"], p["c1"]["bias"], stride=2, padding="same", activation="relu")
        q = p["bn"]
        h = reference.batch_norm(h, q["running_mean"], q["running_var"], q["weight"], q["bias"], eps=1e-5)
        h = reference.max_pool2d(h, 3, 2, padding=1, ceil_mode=True)
        h = reference.conv2d(h, p["c2"]["weight"], p["c2"]["bias"], stride=1, padding=((1, 0), (2, 1)),
                             dilation=(1, 2), groups=2, activation="sigmoid")
        h = reference.avg_pool2d(h, 2, 1, padding=1, count_include_pad=False)
        h = reference.tanh(h)
        h = reference.relu(reference.conv2d(h, p["c3"]["weight"], p["c3"]["bias"]))
        h = reference.global_avg_pool(h).reshape(len(x), -1)  # dropout: identity in inference
        h = reference.sigmoid(reference.linear(h, p["fc"]["weight"], p["fc"]["bias"], "tanh"))
        assert "bias" not in p["out"]
        return reference.linear(h, p["out"]["weight"])

    assert model.output_shape_of("p1") == (8, 4, 4) and model.output_shape_of("p2") == (16, 4, 6)
    _check_fused(model, logits64)


def test_one_dimensional_model_bit_identical():
    model = Sequential([
        L.Conv1D(8, 5, padding=2, activation="relu", name="c1"),
        L.MaxPool1D(2, name="p1"),
        L.Conv1D(8, 3, stride=3, name="c2"),
        L.AvgPool1D(3, stride=2, padding=1, name="p2"),
        L.Flatten(name="f"),
        L.Dense(3, name="fc"),
    ], input_shape=(2, 40))
    randomise(model)
    p = _params64(model)

    def logits64(x):  # Conv1D, MaxPool1D, AvgPool1D with tests/reference.py's own 1-D loops
        h = reference.conv1d(x, p["c1"]["weight"], p["c1"]["bias"], padding=2, activation="relu")
        h = reference.max_pool1d(h, 2)
        h = reference.conv1d(h, p["c2"]["weight"], p["c2"]["bias"], stride=3)
        h = reference.avg_pool1d(h, 3, 2, padding=1, count_include_pad=True).reshape(len(x), -1)
        return reference.linear(h, p["fc"]["weight"], p["fc"]["bias"])

    assert model.output_shape_of("p2") == (8, 3)
    _check_fused(model, logits64)


def test_fused_lenet_matches_float64_reference():
    # an independent check of the whole fused model: float64 loops from tests/reference.py
    model = zoo.lenet5()
    randomise(model)
    x = np.random.default_rng(2).standard_normal((3, 1, 32, 32)).astype(np.float32)
    h = x.astype(np.float64)
    for layer in model.layers:
        p = {k: v.astype(np.float64) for k, v in layer.params.items()}
        if isinstance(layer, L.Conv2D):
            h = reference.conv2d(h, p["weight"], p["bias"])
            h = np.tanh(h) if layer.activation == "tanh" else h
        elif isinstance(layer, L.AvgPool2D):
            h = reference.avg_pool2d(h, 2, 2)
        elif isinstance(layer, L.Flatten):
            h = h.reshape(len(h), -1)
        elif isinstance(layer, L.Dense):
            h = h @ p["weight"].T + p["bias"]
            h = np.tanh(h) if layer.activation == "tanh" else h
        elif isinstance(layer, L.Softmax):
            e = np.exp(h - h.max(1, keepdims=True))
            h = e / e.sum(1, keepdims=True)
    got = model.predict(x)
    assert model.fused_program() is not None
    assert np.linalg.norm(got - h) / np.linalg.norm(h) < 1e-5


@pytest.mark.parametrize("build", [
    lambda: Sequential([L.Conv2D(4, 3, name="c"), L.LRN(3, name="lrn")], input_shape=(2, 8, 8)),
    lambda: Sequential([L.Conv2D(4, 3, groups=4, name="depthwise")], input_shape=(4, 8, 8)),
    lambda: Sequential([L.Conv2D(4, 3, name="c"), L.Softmax(name="prob")], input_shape=(2, 8, 8)),
    lambda: Sequential([L.Conv2D(64, 3, padding=1, name="big")], input_shape=(3, 64, 64)),
])
def test_models_without_a_fused_form_run_layer_by_layer(build):
    model = build()
    assert model.fused_program() is None
    x = np.random.default_rng(0).standard_normal((2,) + model.input_shape).astype(np.float32)
    assert np.array_equal(model.predict(x), _layer_path(model, x))


def test_float64_models_are_not_fused():
    model = zoo.lenet5()
    for layer in model.layers:
        layer.params = {k: v.astype(np.float64) for k, v in layer.params.items()}
    assert model.fused_program() is None


def test_program_follows_parameter_changes():
    model = zoo.lenet5()
    x = np.random.default_rng(0).standard_normal((3, 1, 32, 32)).astype(np.float32)
    before = model.predict(x)
    first = model.fused_program()
    assert model.fused_program() is first  # kept between calls
    fc3 = model.get_layer("fc3")
    fc3.params["bias"] = fc3.params["bias"] + np.float32(1.5)  # replaced: seen without a call
    replaced = model.predict(x)
    assert not np.array_equal(replaced, before)
    assert np.array_equal(replaced, _layer_path(model, x))
    conv1 = model.get_layer("conv1")
    conv1.params["weight"] *= np.float32(-1)  # in place: seen after params_changed(), as optimizers call it
    conv1.params_changed()
    changed = model.predict(x)
    assert not np.array_equal(changed, replaced)
    assert np.array_equal(changed, _layer_path(model, x))
    fc1 = model.get_layer("fc1")
    last = changed
    for change in (lambda p: p.update(bias=p["bias"] + np.float32(0.25)),  # other ways to replace arrays
                   lambda p: setattr(fc1, "params", {**p, "weight": p["weight"][::-1].copy()}),
                   lambda p: p.__ior__({"bias": p["bias"] - np.float32(1)})):
        program = model.fused_program()
        change(fc1.params)
        assert model.fused_program() is not program
        now = model.predict(x)
        assert not np.array_equal(now, last) and np.array_equal(now, _layer_path(model, x))
        last = now
    assert model.fused_program() is model.fused_program()


def test_nonfinite_outputs_still_name_the_layer():
    model = zoo.lenet5()
    model.get_layer("fc3").params["bias"][0] = np.float32(np.inf)  # Inf first appears in fc3
    model.get_layer("fc3").params_changed()
    x = np.abs(np.random.default_rng(0).standard_normal((2, 1, 32, 32))).astype(np.float32) + 1
    with pytest.warns(RuntimeWarning, match="layer fc3"):
        y = model.predict(x)
    assert not np.isfinite(y).all()


def test_every_layer_is_bit_identical_across_batch_sizes():
    # batch sizes change the kernels' blocking (work items, tiles per item, buffer offsets) and so which
    # values take vectorised or scalar code: neither may change a result
    model = zoo.lenet5()
    x = np.random.default_rng(3).standard_normal((150, 1, 32, 32)).astype(np.float32)
    runs = [model.activations(x, batch_size=b) for b in (64, 23, 1)]
    for name in runs[0]:
        for other in runs[1:]:
            assert np.array_equal(runs[0][name], other[name]), name
    assert np.array_equal(model.predict(x, batch_size=64), runs[0]["prob"])


@pytest.mark.parametrize("batch", [1, 2, 7, 50])
def test_nan_in_one_image_never_reaches_another(batch):
    # kernels that share loads between images (paired dense rows, tiles) must keep their sums apart
    model = zoo.lenet5()
    x = np.random.default_rng(4).standard_normal((50, 1, 32, 32)).astype(np.float32)
    bad = [0, 3, 20, 49]
    x[bad, 0, 5, 5] = np.nan
    with pytest.warns(RuntimeWarning):
        fused = model.predict(x, batch_size=batch)
    layered = model.activations(x, batch_size=batch)
    for y in [fused] + [v.reshape(len(v), -1) for v in layered.values()]:
        rows = np.nonzero(~np.isfinite(y).all(1))[0]
        assert rows.tolist() == bad


def test_predict_shortcut_matches_the_general_path():
    # predict's one-batch shortcut (float32, right shape, finite) against the same model run through
    # activations(), and against inputs that take the general path (float64, one sample without batch axis)
    model = zoo.lenet5()
    x = np.random.default_rng(9).standard_normal((7, 1, 32, 32)).astype(np.float32)
    fast = model.predict(x)
    assert np.array_equal(fast, model.activations(x, ["prob"])["prob"])
    assert np.array_equal(fast, model.predict(x.astype(np.float64)))
    assert np.array_equal(fast[3], model.predict(x[3])[0])
    assert np.array_equal(fast[:2], model.predict(x[:2], batch_size=1))


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_fused_results_do_not_depend_on_threads(threads):
    # the workers take runs of work items from one counter, in whatever order the cores allow; each image
    # must still come out bit-identical to the same image computed alone (and NaN must stay in its image)
    import engine
    import numba
    if threads > numba.config.NUMBA_NUM_THREADS:  # (capping it would only repeat a smaller case)
        pytest.skip(f"{threads} threads asked for, Numba started with NUMBA_NUM_THREADS="
                    f"{numba.config.NUMBA_NUM_THREADS}")
    model = zoo.lenet5()
    program = model.fused_program()
    x = np.random.default_rng(11).standard_normal((131, 1, 32, 32)).astype(np.float32)
    x[57, 0, 3, 3] = np.nan
    alone = np.concatenate([program(x[i:i + 1]) for i in range(len(x))])
    before = numba.get_num_threads()
    engine.set_num_threads(threads)
    try:
        assert numba.get_num_threads() == threads
        for _ in range(3):
            together = program(x)
            assert np.array_equal(together, alone, equal_nan=True)
    finally:
        engine.set_num_threads(before)
    assert np.isnan(together[57]).all() and np.isfinite(np.delete(together, 57, 0)).all()


@pytest.mark.parametrize("shape", [(2, 3, 14, 14), (1, 1, 32, 32), (3, 5, 9, 37)], ids=str)
def test_activation_pass_rounds_as_the_conv_epilogue(shape):
    # the fused kernel runs a conv without activation and then conv2d_tiles.activate_in_place over whole
    # planes; that must give the bits of the conv with its activation in the tile epilogue
    from engine.kernels import conv2d_tiles
    rng = np.random.default_rng(sum(shape))
    x = (rng.standard_normal(shape) * 3).astype(np.float32)
    w = rng.standard_normal((11, shape[1], 3, 5)).astype(np.float32)
    b = rng.standard_normal(11).astype(np.float32)
    packed = conv2d_tiles.pack_conv2d_weights(w)
    out_shape = (shape[0], 11, shape[2] - 2, shape[3] - 4)
    plain = np.empty(out_shape, np.float32)
    conv2d_tiles.conv2d_tiles_forward(x, packed, b, plain, 1, 1, 1, 1, np.int64(0))
    for act in (1, 2, 3):
        fused = np.empty(out_shape, np.float32)
        conv2d_tiles.conv2d_tiles_forward(x, packed, b, fused, 1, 1, 1, 1, np.int64(act))
        separate = plain.copy()
        conv2d_tiles.activate_in_place(separate.reshape(-1), np.int64(act))
        assert np.array_equal(fused, separate), f"activation {act}"


def test_helpers_are_pinned_away_from_the_calling_thread():
    # the fused path's helper threads: as many as asked, and (where the OS lets us pin them) never on the CPU
    # the caller runs on, which would leave them waiting for the caller to finish its own share
    import os
    from engine import fused_cpu
    for count in (1, 2):
        helpers = fused_cpu._helpers(count)
        assert len(helpers) == count
        here = fused_cpu._current_cpu()
        if hasattr(os, "sched_getaffinity") and here is not None:
            pinned = [fused_cpu._WORKER_CPUS[fused_cpu._WORKERS.index(h)] for h in helpers]
            assert here not in pinned
            assert all(h.submit(lambda: os.sched_getaffinity(0)).result() == {cpu}
                       for h, cpu in zip(helpers, pinned) if cpu is not None)
