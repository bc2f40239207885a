"""engine.save / engine.load and the HDF5 model format (weights/FORMAT.md), end to end.

Round trips must be bit-exact; every damaged, foreign or hostile file must be refused with a
FormatError (a ValueError) whose message says why. Damaged files are made here with h5py alone.
"""
import json
import os
import stat

import h5py
import numpy as np
import pytest

import engine
from engine import layers as L
from engine.model import Sequential
from weights import format as h5format
from weights.format import FormatError


# ---------------------------------------------------------------- models
def _randomise(model, seed, dtype=np.float32):
    """Replace every parameter by random values (so a round trip can't pass by matching an init)."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        for key, value in list(layer.params.items()):
            new = rng.standard_normal(value.shape) * 0.3
            if key == "running_var":
                new = rng.uniform(0.5, 2.0, value.shape)
            layer.params[key] = np.ascontiguousarray(new, dtype)
    return model


def every_layer_2d():
    """Every 2D layer type, with groups, dilation, 'same', uneven padding pairs, ceil_mode, float32."""
    model = Sequential([
        L.Conv2D(4, 3, padding=[[0, 1], [2, 1]], activation="relu", name="conv_pairs"),
        L.BatchNorm(eps=1e-3, momentum=0.2, name="bn"),
        L.LRN(3, alpha=2e-4, beta=0.7, k=1.5, name="lrn"),
        L.Conv2D(6, [3, 2], stride=[2, 1], padding="same", dilation=[1, 2], groups=2, activation="tanh",
                 name="conv_same_grouped"),
        L.MaxPool2D(2, 2, padding=1, ceil_mode=True, name="maxpool"),
        L.AvgPool2D([2, 3], [1, 2], padding=[1, 0], count_include_pad=False, name="avgpool"),
        L.Conv2D(8, 1, use_bias=False, activation="sigmoid", name="conv_nobias"),
        L.ReLU(name="relu"),
        L.GlobalAvgPool(name="gap"),
        L.Flatten(name="flatten"),
        L.Dropout(0.25, name="drop"),
        L.Dense(7, activation="relu", name="fc1"),
        L.Tanh(name="tanh"),
        L.Dense(5, use_bias=False, name="fc2"),
        L.Sigmoid(name="sig"),
        L.Dense(4, name="fc3"),
        L.Softmax(name="prob"),
    ], input_shape=(3, 11, 13), name="every2d", seed=1,
        preprocessing={"scale": 1 / 255, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225],
                       "channels": "rgb", "resize": "resize"},
        class_names=["cat", "dog", "émeu", "a,b \"q\""],
        provenance={"trained": True, "dataset": "toy", "epochs": 3, "test_accuracy": 0.8125, "seed": 7,
                    "note": "ünïcode", "nested": {"lr": [0.1, 1e-3]}})
    return _randomise(model, 11)


def every_layer_1d():
    """Every 1D layer type (Conv1D, MaxPool1D, AvgPool1D; GlobalAvgPool on (C, L)), float64 parameters."""
    model = Sequential([
        L.Conv1D(4, 3, padding=[[2, 0]], dilation=2, name="c1"),
        L.BatchNorm(name="bn1"),
        L.LRN(2, name="lrn1"),
        L.Conv1D(6, 3, stride=2, padding="same", groups=2, activation="relu", name="c2"),
        L.MaxPool1D(2, ceil_mode=True, name="mp1"),
        L.AvgPool1D(3, 1, padding=1, name="ap1"),
        L.GlobalAvgPool(name="gap1"),
        L.Flatten(name="flat1"),
        L.Dense(3, activation="tanh", name="d1"),
        L.Softmax(name="sm1"),
    ], input_shape=(2, 17), name="every1d", seed=2)
    return _randomise(model, 12, np.float64)


def _assert_same_model(a, b):
    assert a.get_config() == b.get_config()
    assert a.input_shape == b.input_shape and a.name == b.name
    assert a.preprocessing == b.preprocessing
    assert a.class_names == b.class_names
    assert a.provenance == b.provenance
    assert a.layer_names == b.layer_names
    for la, lb in zip(a.layers, b.layers):
        assert type(la) is type(lb)
        assert list(la.params) == list(lb.params)
        for key in la.params:
            assert la.params[key].dtype == lb.params[key].dtype, (la.name, key)
            assert la.params[key].shape == lb.params[key].shape
            assert la.params[key].tobytes() == lb.params[key].tobytes(), (la.name, key)


# ---------------------------------------------------------------- round trips
@pytest.mark.parametrize("build", [lambda: engine.zoo.lenet5(seed=5), every_layer_2d, every_layer_1d],
                         ids=["lenet5", "every2d", "every1d"])
def test_round_trip_is_bit_exact(tmp_path, build):
    model = build()
    path = tmp_path / "m.h5"
    engine.save(model, path)
    back = engine.load(path)
    _assert_same_model(model, back)
    rng = np.random.default_rng(3)
    x = rng.uniform(-1, 1, (5,) + model.input_shape).astype(np.float32)
    before, after = model.predict(x), back.predict(x)
    assert before.dtype == after.dtype
    assert np.array_equal(before, after)
    assert np.all(np.isfinite(after))
    # saving the reloaded model gives the same parameters again
    engine.save(back, tmp_path / "again.h5")
    _assert_same_model(model, engine.load(tmp_path / "again.h5"))


def test_every_layer_type_is_covered():
    used = {type(l).__name__ for m in (every_layer_2d(), every_layer_1d()) for l in m.layers}
    assert used == set(L.LAYER_TYPES)


def test_float64_parameters_stay_float64(tmp_path):
    model = every_layer_1d()
    engine.save(model, tmp_path / "m.h5")
    with h5py.File(tmp_path / "m.h5", "r") as f:
        assert f["params/c1/weight"].dtype == np.float64
    back = engine.load(tmp_path / "m.h5")
    assert all(v.dtype == np.float64 for l in back.layers for v in l.params.values())


def test_file_layout_follows_format_md(tmp_path):
    """Read what save() wrote with h5py alone and check it against the documented layout."""
    model = every_layer_2d()
    path = tmp_path / "m.h5"
    engine.save(model, path)
    with h5py.File(path, "r") as f:
        attrs = f.attrs
        assert attrs["format"] == "cnn-engine-model"
        version = attrs["format_version"]
        assert np.asarray(version).dtype == np.int64 and np.asarray(version).shape == () and version == 1
        arch = json.loads(attrs["architecture"])
        assert arch["name"] == "every2d" and arch["input_shape"] == [3, 11, 13]
        assert [e["type"] for e in arch["layers"]][:3] == ["Conv2D", "BatchNorm", "LRN"]
        assert arch["layers"][0]["config"]["padding"] == [[0, 1], [2, 1]]
        assert np.asarray(attrs["input_shape"]).dtype == np.int64
        assert list(attrs["input_shape"]) == [3, 11, 13]
        assert json.loads(attrs["preprocessing"])["mean"] == [0.485, 0.456, 0.406]
        assert json.loads(attrs["class_names"]) == ["cat", "dog", "émeu", "a,b \"q\""]
        assert json.loads(attrs["provenance"])["nested"] == {"lr": [0.1, 1e-3]}
        assert isinstance(attrs["created_by"], str) and "cnn-engine" in attrs["created_by"]
        # one group per layer with parameters, none for the others
        assert set(f["params"]) == {"conv_pairs", "bn", "conv_same_grouped", "conv_nobias", "fc1", "fc2", "fc3"}
        assert json.loads(f["params/bn"].attrs["order"]) == ["weight", "bias", "running_mean", "running_var"]
        assert set(f["params/conv_nobias"]) == {"weight"}
        # shapes follow the PyTorch layouts: (filters, C/groups, kh, kw) and (units, in)
        assert f["params/conv_pairs/weight"].shape == (4, 3, 3, 3)
        assert f["params/conv_same_grouped/weight"].shape == (6, 2, 3, 2)
        assert f["params/fc1/weight"].shape == (7, 8)
        assert f["params/fc1/weight"].dtype == np.float32
        w = model.get_layer("fc1").params["weight"]
        assert np.array_equal(f["params/fc1/weight"][()], w)


def test_minimal_hand_written_file_loads_and_predicts(tmp_path):
    """FORMAT.md's minimal example, written with h5py alone (non-zero weights so predict is checked)."""
    rng = np.random.default_rng(0)
    w, b = rng.standard_normal((3, 4)).astype(np.float32), rng.standard_normal(3).astype(np.float32)
    arch = {"name": "tiny", "input_shape": [4], "layers": [
        {"type": "Dense", "config": {"name": "fc", "units": 3, "use_bias": True, "activation": None}},
        {"type": "Softmax", "config": {"name": "prob"}}]}
    path = tmp_path / "tiny.h5"
    with h5py.File(path, "w") as f:
        f.attrs["format"] = "cnn-engine-model"
        f.attrs["format_version"] = np.int64(1)
        f.attrs["architecture"] = json.dumps(arch)
        f.attrs["input_shape"] = np.array([4])
        f.attrs["preprocessing"] = "{}"
        f.attrs["provenance"] = json.dumps({"trained": False})
        f["params/fc/weight"] = w
        f["params/fc/bias"] = b
    model = engine.load(path)
    assert model.input_shape == (4,) and model.name == "tiny" and model.class_names is None
    assert model.provenance == {"trained": False}
    x = rng.standard_normal((6, 4)).astype(np.float32)
    z = x.astype(np.float64) @ w.T.astype(np.float64) + b
    expected = np.exp(z - z.max(1, keepdims=True))
    expected /= expected.sum(1, keepdims=True)
    np.testing.assert_allclose(model.predict(x), expected, rtol=1e-5, atol=1e-6)


def test_bundled_model_loads():
    import weights
    model = engine.load(weights.bundled_path())
    assert model.input_shape == (1, 32, 32)
    assert model.count_params() == 61706


# ---------------------------------------------------------------- atomic save, permissions
def test_failed_save_leaves_previous_file_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "model.h5"
    engine.save(engine.zoo.lenet5(seed=1), path)
    good = path.read_bytes()
    calls = []

    def failing_create_dataset(self, *args, **kwargs):
        calls.append(args[0] if args else kwargs.get("name"))
        raise OSError("simulated: no space left on device")

    monkeypatch.setattr(h5py.Group, "create_dataset", failing_create_dataset)
    with pytest.raises(OSError, match="no space left"):
        engine.save(engine.zoo.lenet5(seed=2), path)
    assert calls, "the failure was not triggered inside save()"
    assert path.read_bytes() == good
    assert sorted(os.listdir(tmp_path)) == ["model.h5"]
    monkeypatch.undo()
    assert engine.load(path).provenance["seed"] == 1


def test_failed_first_save_leaves_nothing(tmp_path, monkeypatch):
    def boom(self, *args, **kwargs):
        raise RuntimeError("simulated crash")
    monkeypatch.setattr(h5py.Group, "create_dataset", boom)
    with pytest.raises(RuntimeError):
        engine.save(engine.zoo.lenet5(), tmp_path / "new.h5")
    assert os.listdir(tmp_path) == []


def test_save_into_missing_folder_is_refused(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        engine.save(engine.zoo.lenet5(), tmp_path / "nope" / "m.h5")


def test_save_to_a_directory_is_refused_before_writing(tmp_path):
    with pytest.raises(ValueError, match="is a directory") as info:
        engine.save(engine.zoo.lenet5(), tmp_path)
    assert str(tmp_path) in str(info.value)
    assert os.listdir(tmp_path) == []  # no temporary file left behind (nor made)


@pytest.mark.parametrize("path", [None, 3], ids=["none", "int"])
def test_path_that_is_not_a_path_is_a_value_error(tmp_path, path):
    for call in (lambda: engine.load(path), lambda: engine.save(engine.zoo.lenet5(), path)):
        with pytest.raises(ValueError, match=rf"^path: expected a file name.*got {path}$"):
            call()


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_saved_file_permissions_follow_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        engine.save(engine.zoo.lenet5(), tmp_path / "m.h5")
    finally:
        os.umask(old)
    mode = stat.S_IMODE(os.stat(tmp_path / "m.h5").st_mode)
    assert mode == 0o666 & ~umask


def test_overwrite_keeps_existing_permissions(tmp_path):
    path = tmp_path / "m.h5"
    engine.save(engine.zoo.lenet5(), path)
    os.chmod(path, 0o640)
    engine.save(engine.zoo.lenet5(seed=4), path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert engine.load(path).provenance["seed"] == 4


# ---------------------------------------------------------------- refusals
@pytest.fixture
def lenet_file(tmp_path):
    path = tmp_path / "lenet.h5"
    engine.save(engine.zoo.lenet5(seed=0), path)
    return path


def refused(path, *words, **kwargs):
    """engine.load(path) must raise FormatError (a ValueError) whose one-line message has all words."""
    with pytest.raises(FormatError) as info:
        engine.load(path, **kwargs)
    assert isinstance(info.value, ValueError)
    message = str(info.value)
    assert "\n" not in message.strip(), message
    for word in words:
        assert word.lower() in message.lower(), (word, message)
    return message


def set_architecture(path, arch_text):
    with h5py.File(path, "r+") as f:
        f.attrs["architecture"] = arch_text if isinstance(arch_text, str) else json.dumps(arch_text)


def lenet_arch():
    return engine.zoo.lenet5().get_config()


def test_missing_file(tmp_path):
    refused(tmp_path / "absent.h5", "no such file")


def test_folder(tmp_path):
    refused(tmp_path, "folder")


def test_not_hdf5(tmp_path):
    path = tmp_path / "notes.h5"
    path.write_text("these are not weights\n" * 50)
    refused(path, "not an HDF5 file")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.h5"
    path.write_bytes(b"")
    refused(path)


def test_hdf5_but_not_ours(tmp_path):
    path = tmp_path / "other.h5"
    with h5py.File(path, "w") as f:
        f["data"] = np.arange(10)
        f.attrs["format"] = "keras"
    refused(path, "not a cnn-engine-model file")
    with h5py.File(path, "r+") as f:
        del f.attrs["format"]
    refused(path, "not a cnn-engine-model file")


def test_activation_dump_is_not_a_model(tmp_path):
    path = tmp_path / "acts.h5"
    with h5py.File(path, "w") as f:
        f.attrs["format"] = "cnn-engine-activations"
        f.attrs["format_version"] = np.int64(1)
    refused(path, "not a cnn-engine-model file")


def test_newer_format_version(lenet_file):
    with h5py.File(lenet_file, "r+") as f:
        f.attrs["format_version"] = np.int64(2)
    refused(lenet_file, "version 2", "newer")


@pytest.mark.parametrize("value", [np.int64(0), "1", np.float64(1.0), np.array([1, 1])], ids=["zero", "str", "float", "array"])
def test_bad_format_version(lenet_file, value):
    with h5py.File(lenet_file, "r+") as f:
        f.attrs["format_version"] = value
    refused(lenet_file, "version")


def test_missing_format_version_says_missing(lenet_file):
    with h5py.File(lenet_file, "r+") as f:
        del f.attrs["format_version"]
    message = refused(lenet_file, str(lenet_file), "'format_version' is missing")
    assert "None" not in message


def test_float_format_version_shows_a_plain_value(lenet_file):
    with h5py.File(lenet_file, "r+") as f:
        f.attrs["format_version"] = np.float64(1.0)
    message = refused(lenet_file, str(lenet_file), "format_version", "integer", "found 1.0")
    assert "np." not in message and "float64" not in message


def test_missing_architecture(lenet_file):
    with h5py.File(lenet_file, "r+") as f:
        del f.attrs["architecture"]
    refused(lenet_file, "architecture", "missing")


def test_unknown_layer_type(lenet_file):
    arch = lenet_arch()
    arch["layers"][1]["type"] = "Conv3D"
    set_architecture(lenet_file, arch)
    refused(lenet_file, "unknown layer type", "Conv3D")


def test_unknown_config_key(lenet_file):
    arch = lenet_arch()
    arch["layers"][0]["config"]["kernel"] = 5
    set_architecture(lenet_file, arch)
    refused(lenet_file, "Conv2D")


def _replace_dataset(path, where, value):
    with h5py.File(path, "r+") as f:
        del f[where]
        f[where] = value


def test_dataset_with_wrong_shape(lenet_file):
    _replace_dataset(lenet_file, "params/fc1/weight", np.zeros((120, 399), np.float32))
    refused(lenet_file, "/params/fc1/weight", "shape", "(120, 399)", "(120, 400)")


def test_dataset_transposed(lenet_file):
    _replace_dataset(lenet_file, "params/fc2/weight", np.zeros((120, 84), np.float32))
    refused(lenet_file, "/params/fc2/weight", "shape")


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float16, np.uint8])
def test_dataset_with_wrong_dtype(lenet_file, dtype):
    _replace_dataset(lenet_file, "params/conv1/bias", np.zeros(6, dtype))
    refused(lenet_file, "/params/conv1/bias", "dtype")


def test_string_dataset(lenet_file):
    with h5py.File(lenet_file, "r+") as f:
        del f["params/fc3/bias"]
        f.create_dataset("params/fc3/bias", data=np.array([b"abc"] * 10))
    refused(lenet_file, "/params/fc3/bias")


def test_missing_dataset(lenet_file):
    with h5py.File(lenet_file, "r+") as f:
        del f["params/fc3/bias"]
    refused(lenet_file, "/params/fc3/bias", "missing")


def test_missing_layer_group(lenet_file):
    with h5py.File(lenet_file, "r+") as f:
        del f["params/conv2"]
    refused(lenet_file, "/params/conv2", "missing")


def test_missing_params_group(lenet_file):
    with h5py.File(lenet_file, "r+") as f:
        del f["params"]
    refused(lenet_file, "/params", "missing")


def test_params_path_is_a_dataset(lenet_file):
    with h5py.File(lenet_file, "r+") as f:
        del f["params/conv2"]
        f["params/conv2"] = np.zeros(3, np.float32)
    refused(lenet_file, "/params/conv2", "missing")


def test_extra_dataset(lenet_file):
    with h5py.File(lenet_file, "r+") as f:
        f["params/fc3/scale"] = np.ones(10, np.float32)
    refused(lenet_file, "/params/fc3", "unexpected", "scale")


def test_nan_parameter_refused_unless_allowed(lenet_file):
    with h5py.File(lenet_file, "r+") as f:
        w = f["params/fc2/weight"][()]
        w[3, 7] = np.nan
        w[5, 1] = np.inf
        f["params/fc2/weight"][...] = w
    refused(lenet_file, "fc2/weight", "NaN")
    model = engine.load(lenet_file, allow_nonfinite=True)
    loaded = model.get_layer("fc2").params["weight"]
    assert np.isnan(loaded[3, 7]) and np.isposinf(loaded[5, 1])
    assert np.count_nonzero(~np.isfinite(loaded)) == 2


def test_truncated_file_half(lenet_file):
    data = lenet_file.read_bytes()
    lenet_file.write_bytes(data[:len(data) // 2])
    refused(lenet_file)


@pytest.mark.parametrize("fraction", [0.001, 0.02, 0.1, 0.3, 0.7, 0.9, 0.99])
def test_truncated_file_anywhere(lenet_file, fraction):
    data = lenet_file.read_bytes()
    lenet_file.write_bytes(data[:max(1, int(len(data) * fraction))])
    refused(lenet_file)


def test_corrupted_bytes_in_data(lenet_file):
    """Flip bytes well inside the file: either refused with FormatError or (if only weights were hit)
    loaded; never another exception type."""
    data = bytearray(lenet_file.read_bytes())
    for i in range(len(data) // 3, len(data) // 3 + 64):
        data[i] ^= 0xFF
    lenet_file.write_bytes(bytes(data))
    try:
        engine.load(lenet_file, allow_nonfinite=True)
    except FormatError:
        pass


@pytest.mark.parametrize("error", [RuntimeError("Can't synchronously determine if attribute exists by name "
                                                  "(bad version number for datatype message)"),
                                     KeyError("Unable to synchronously open object (unable to determine object type)"),
                                     OSError("Can't synchronously read data (actual len exceeds EOA)"),
                                     TypeError("Unknown string encoding (value 13)")],
                         ids=["RuntimeError", "KeyError", "OSError", "TypeError"])
@pytest.mark.parametrize("where", ["attrs", "group"])
def test_damaged_metadata_errors_from_h5py_become_format_errors(lenet_file, monkeypatch, error, where):
    """What h5py raises on files with a few flipped bytes in their metadata (found by fuzzing)."""
    def damaged(*args, **kwargs):
        raise error
    if where == "attrs":
        monkeypatch.setattr(h5py.AttributeManager, "__getitem__", damaged)
    else:
        monkeypatch.setattr(h5py.Group, "get", damaged)
    refused(lenet_file, "damaged")


def test_layer_name_that_hdf5_cannot_encode(lenet_file):
    """JSON may hold lone surrogates ("\\udc80"), which are valid names for Python but not for HDF5."""
    text = json.dumps(lenet_arch()).replace('"name": "conv1"', '"name": "c\\udc80"')
    assert "\\udc80" in text
    set_architecture(lenet_file, text)
    refused(lenet_file)


@pytest.mark.parametrize("text", ["{", "not json", "", "[1, 2", '{"layers": [}'], ids=["brace", "word", "empty", "list", "obj"])
def test_invalid_architecture_json(lenet_file, text):
    set_architecture(lenet_file, text)
    refused(lenet_file, "architecture")


@pytest.mark.parametrize("text", ["[" * 100000, "[" * 100000 + "]" * 100000, '{"a":' * 50000 + "1" + "}" * 50000],
                         ids=["open", "balanced", "objects"])
def test_deeply_nested_architecture_json(lenet_file, text):
    set_architecture(lenet_file, text)
    refused(lenet_file, "architecture")


def test_oversized_architecture_json(lenet_file, monkeypatch):
    monkeypatch.setattr(h5format, "MAX_JSON_BYTES", 1000)
    refused(lenet_file, "architecture", "JSON")


@pytest.mark.parametrize("arch", [[], "lenet", 3, None, {"name": "x"}, {"layers": "Conv2D", "input_shape": [1, 32, 32]}],
                         ids=["list", "str", "int", "null", "nolayers", "layers-str"])
def test_architecture_of_wrong_type(lenet_file, arch):
    set_architecture(lenet_file, arch)
    refused(lenet_file, "architecture")


def _edit(layer_index, **changes):
    arch = lenet_arch()
    arch["layers"][layer_index]["config"].update(changes)
    return arch


STRINGS_FOR_NUMBERS = {
    "dense-units-str": _edit(5, units="120"),
    "conv-filters-str": _edit(0, filters="6"),
    "conv-kernel-str": _edit(0, kernel_size="5"),
    "conv-kernel-list-of-str": _edit(0, kernel_size=["5", "5"]),
    "conv-stride-str": _edit(0, stride=["1", "1"]),
    "conv-groups-str": _edit(0, groups="1"),
    "pool-kernel-str": _edit(1, kernel_size=["2", "2"]),
    "conv-filters-float": _edit(0, filters=6.5),
    "conv-filters-bool": _edit(0, filters=True),
    "padding-str": _edit(0, padding="lots"),
    "padding-pairs-str": _edit(0, padding=[["0", "0"], [0, 0]]),
    "input-shape-str": dict(lenet_arch(), input_shape=["1", "32", "32"]),
    "input-shape-float": dict(lenet_arch(), input_shape=[1, 32.0, 32]),
    "activation-unknown": _edit(5, activation="swish"),
    "layer-not-object": dict(lenet_arch(), layers=lenet_arch()["layers"][:4] + ["Flatten"]),
    "config-not-object": dict(lenet_arch(), layers=[{"type": "Flatten", "config": "flatten"}]),
    "name-with-slash": _edit(5, name="fc/1"),
    "name-not-str": _edit(5, name=5),
}


@pytest.mark.parametrize("arch", list(STRINGS_FOR_NUMBERS.values()), ids=list(STRINGS_FOR_NUMBERS))
def test_architecture_with_wrong_value_types(lenet_file, arch):
    set_architecture(lenet_file, arch)
    refused(lenet_file)


NEGATIVE_SIZES = {
    "input-shape": dict(lenet_arch(), input_shape=[1, -32, 32]),
    "input-shape-zero": dict(lenet_arch(), input_shape=[0, 32, 32]),
    "input-shape-empty": dict(lenet_arch(), input_shape=[]),
    "dense-units": _edit(5, units=-120),
    "dense-units-zero": _edit(5, units=0),
    "conv-filters": _edit(0, filters=-6),
    "conv-kernel": _edit(0, kernel_size=[-5, 5]),
    "conv-stride": _edit(0, stride=[0, 1]),
    "conv-dilation": _edit(0, dilation=[1, -1]),
    "conv-padding": _edit(0, padding=-2),
    "conv-groups": _edit(0, groups=-1),
    "pool-kernel": _edit(1, kernel_size=[2, -2]),
    "lrn-size": dict(lenet_arch(), layers=lenet_arch()["layers"][:1]
                     + [{"type": "LRN", "config": {"name": "n", "size": -3}}] + lenet_arch()["layers"][1:]),
    "kernel-larger-than-input": _edit(0, kernel_size=[33, 5]),
}


@pytest.mark.parametrize("arch", list(NEGATIVE_SIZES.values()), ids=list(NEGATIVE_SIZES))
def test_architecture_with_bad_sizes(lenet_file, arch):
    set_architecture(lenet_file, arch)
    refused(lenet_file)


def test_duplicate_layer_names(lenet_file):
    arch = lenet_arch()
    arch["layers"][6]["config"]["name"] = "fc1"
    set_architecture(lenet_file, arch)
    refused(lenet_file, "fc1")


def test_input_shape_attribute_must_match_architecture(lenet_file):
    """Architecture and the input_shape attribute disagree: the architecture's shape rules; the param
    shapes it implies no longer match the file, which is refused."""
    arch = lenet_arch()
    arch["input_shape"] = [3, 32, 32]
    set_architecture(lenet_file, arch)
    refused(lenet_file, "/params/conv1/weight", "shape")


@pytest.mark.parametrize("key,value", [("preprocessing", "[1, 2]"), ("provenance", '"trained"'),
                                       ("class_names", '{"a": 1}'), ("class_names", "[1, 2, 3]"),
                                       ("preprocessing", "{bad json")])
def test_bad_metadata(lenet_file, key, value):
    with h5py.File(lenet_file, "r+") as f:
        f.attrs[key] = value
    refused(lenet_file, key)


def test_class_names_must_match_the_number_of_outputs(lenet_file):
    """Two names for LeNet's ten classes loaded, then the CLI's report indexed past the list's end."""
    with h5py.File(lenet_file, "r+") as f:
        f.attrs["class_names"] = json.dumps(["cat", "dog"])
    refused(lenet_file, str(lenet_file), "class_names", "2 names", "10 classes")


def test_class_names_are_not_checked_against_outputs_that_are_not_classes(tmp_path):
    """Only an (N, classes) output has one class per value; a (C, L) output is left alone."""
    model = Sequential([L.Conv1D(2, 3, name="c")], input_shape=(1, 8), class_names=["a"])
    engine.save(model, tmp_path / "m.h5")
    assert engine.load(tmp_path / "m.h5").class_names == ["a"]


def _set_preprocessing(path, preprocessing):
    with h5py.File(path, "r+") as f:
        f.attrs["preprocessing"] = preprocessing if isinstance(preprocessing, str) else json.dumps(preprocessing)


@pytest.mark.parametrize("preprocessing,words", [
    ({"std": [0]}, ["'std'", "positive", "[0]"]),
    ({"std": -2.0}, ["'std'", "positive", "-2.0"]),
    ('{"std": [Infinity]}', ["'std'", "finite", "inf"]),
    ('{"mean": NaN}', ["'mean'", "finite", "nan"]),
    ({"mean": [1, 2, 3]}, ["'mean'", "3 values", "1 channel"]),
    ({"std": [0.5, 0.5]}, ["'std'", "2 values", "1 channel"]),
    ({"mean": []}, ["'mean'", "[]"]),
    ({"mean": ["0"]}, ["'mean'", "['0']"]),
    ({"mean": [True]}, ["'mean'", "[True]"]),
    ({"scale": "x"}, ["'scale'", "finite number", "'x'"]),
    ({"scale": None}, ["'scale'", "None"]),
    ({"scale": [1]}, ["'scale'", "[1]"]),
    ({"scale": 10 ** 400}, ["'scale'", "finite number"]),
], ids=["std-zero", "std-negative", "std-inf", "mean-nan", "mean-3-for-1-channel", "std-2-for-1-channel",
        "mean-empty", "mean-string", "mean-bool", "scale-string", "scale-null", "scale-list", "scale-huge"])
def test_bad_preprocessing_refused_at_load(lenet_file, preprocessing, words):
    _set_preprocessing(lenet_file, preprocessing)
    refused(lenet_file, str(lenet_file), "preprocessing", *words)


@pytest.mark.parametrize("preprocessing", [
    {}, {"scale": 1, "mean": 0.5, "std": 2}, {"scale": -1 / 255, "mean": [0.1307], "std": [0.3081]},
    {"channels": "gray", "resize": "pad", "note": "keys data.preprocess does not use are kept"}],
    ids=["none", "scalars", "lists", "other-keys"])
def test_valid_preprocessing_loads(lenet_file, preprocessing):
    _set_preprocessing(lenet_file, preprocessing)
    assert engine.load(lenet_file).preprocessing == preprocessing


def test_per_channel_preprocessing_of_a_1d_model_loads(tmp_path):
    """(C, L) inputs: one mean/std per channel, as cli/convert.py writes them."""
    model = Sequential([L.Conv1D(2, 3, name="c")], input_shape=(3, 8),
                       preprocessing={"mean": [0.0, 0.5, 1.0], "std": [1.0, 2.0, 3.0]})
    engine.save(model, tmp_path / "m.h5")
    assert engine.load(tmp_path / "m.h5").preprocessing == model.preprocessing


def test_architecture_attribute_not_a_string(lenet_file):
    with h5py.File(lenet_file, "r+") as f:
        f.attrs["architecture"] = np.arange(5)
    refused(lenet_file, "architecture", "string")


# ---------------------------------------------------------------- absurd sizes
def _dense_arch(units, features):
    return {"name": "huge", "input_shape": [features], "layers": [
        {"type": "Dense", "config": {"name": "fc", "units": units}}]}


def _write_header_only(path, arch, with_dataset_shape=None):
    with h5py.File(path, "w") as f:
        f.attrs["format"] = "cnn-engine-model"
        f.attrs["format_version"] = np.int64(1)
        f.attrs["architecture"] = json.dumps(arch)
        f.attrs["input_shape"] = np.asarray(arch["input_shape"], np.int64)
        f.attrs["preprocessing"] = "{}"
        f.attrs["provenance"] = "{}"
        if with_dataset_shape is not None:
            # a dataset that claims a huge shape but stores nothing (chunked, never written)
            f.create_dataset("params/fc/weight", shape=with_dataset_shape, dtype=np.float32,
                             chunks=(1,) * len(with_dataset_shape), maxshape=with_dataset_shape)
            f.create_dataset("params/fc/bias", shape=with_dataset_shape[:1], dtype=np.float32,
                             chunks=(1,), maxshape=with_dataset_shape[:1])


def _forbid_big_allocations(monkeypatch):
    """Make any attempt to read a parameter dataset fail loudly: a refusal must come first."""
    def no_read(self, *args, **kwargs):
        raise AssertionError("a parameter was read before the size check")
    monkeypatch.setattr(h5py.Dataset, "__getitem__", no_read)


def test_absurd_dense_refused_before_allocating(tmp_path, monkeypatch):
    path = tmp_path / "huge.h5"
    _write_header_only(path, _dense_arch(10 ** 12, 400), with_dataset_shape=(10 ** 12, 400))
    _forbid_big_allocations(monkeypatch)
    refused(path, "limit")


def test_absurd_dense_without_datasets_refused_for_size(tmp_path, monkeypatch):
    path = tmp_path / "huge.h5"
    _write_header_only(path, _dense_arch(10 ** 12, 400))
    _forbid_big_allocations(monkeypatch)
    refused(path, "limit")


@pytest.mark.parametrize("units,features", [(2 ** 32, 2 ** 31), (2 ** 33, 2 ** 31), (2 ** 40, 2 ** 30),
                                            (3 * 2 ** 31, 2 ** 32 + 1)],
                         ids=["2^63", "2^64", "2^70", "odd"])
def test_sizes_that_overflow_int64_are_refused_for_size(tmp_path, monkeypatch, units, features):
    """units * features overflows a 64-bit integer: the size check must still see a huge number."""
    path = tmp_path / "huge.h5"
    _write_header_only(path, _dense_arch(units, features))
    _forbid_big_allocations(monkeypatch)
    refused(path, "limit")


def test_param_limit_applies_to_real_models(lenet_file, monkeypatch):
    monkeypatch.setattr(h5format, "MAX_PARAM_BYTES", 61706 * 8 - 1)
    refused(lenet_file, "limit", "CNN_ENGINE_MAX_PARAM_BYTES")
    monkeypatch.setattr(h5format, "MAX_PARAM_BYTES", 61706 * 8)
    assert engine.load(lenet_file).count_params() == 61706


def test_a_params_group_of_no_layer_is_refused(lenet_file):
    with h5py.File(lenet_file, "r+") as f:
        f["params/ghost/weight"] = np.zeros(3, np.float32)
    refused(lenet_file, "ghost")


def test_a_model_without_parameters_needs_no_params_group(tmp_path):
    """FORMAT.md: a layer without parameters has no group; a model with none needs no /params."""
    arch = {"name": "flat", "input_shape": [2, 3], "layers": [
        {"type": "Flatten", "config": {"name": "flatten"}}, {"type": "Softmax", "config": {"name": "prob"}}]}
    path = tmp_path / "flat.h5"
    with h5py.File(path, "w") as f:
        f.attrs["format"] = "cnn-engine-model"
        f.attrs["format_version"] = np.int64(1)
        f.attrs["architecture"] = json.dumps(arch)
    x = np.random.default_rng(0).standard_normal((4, 2, 3)).astype(np.float32)
    y = engine.load(path).predict(x)
    z = np.exp(x.reshape(4, 6) - x.reshape(4, 6).max(1, keepdims=True))
    np.testing.assert_allclose(y, z / z.sum(1, keepdims=True), rtol=1e-5)
