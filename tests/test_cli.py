"""The `cnn-engine` command line, end to end: through click's CliRunner in-process and through real
subprocesses. Expected numbers are computed here (preprocessing by hand from FORMAT.md, the model run
in-process); failures must be one 'error:' line on stderr, a non-zero exit and never a traceback.
"""
import csv
import gzip
import hashlib
import json
import os
import struct
import subprocess
import sys
import warnings

import click
import h5py
import numpy as np
import pytest
from PIL import Image

import engine
from cli_runner import cli
import weights

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LENET_PARAMS = (6 * 1 * 5 * 5 + 6) + (16 * 6 * 5 * 5 + 16) + (400 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10)
LENET_SHAPES = {"conv1": (6, 28, 28), "pool1": (6, 14, 14), "conv2": (16, 10, 10), "pool2": (16, 5, 5),
                "flatten": (400,), "fc1": (120,), "fc2": (84,), "fc3": (10,), "prob": (10,)}


@pytest.fixture(autouse=True)
def _restore_showwarning(monkeypatch):
    """main() installs its own warnings.showwarning; put the original back after each test."""
    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)


@pytest.fixture(scope="module")
def bundled():
    return engine.load(weights.bundled_path())


def ok(*args):
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


def failed(*args, words=()):
    """A failing command: exit != 0, exactly one 'error:' line on stderr (the last), no traceback;
    with -q the error line is all of stderr."""
    for quiet in (False, True):
        result = cli(*(("-q",) if quiet else ()), *args)
        assert result.exit_code != 0, result.output
        assert "Traceback" not in result.output and "Traceback" not in result.stderr
        lines = result.stderr.splitlines()
        errors = [line for line in lines if line.startswith("error:")]
        assert len(errors) == 1 and lines[-1] == errors[0], result.stderr
        if quiet:
            assert lines == errors, result.stderr
        assert not any(line.startswith("error:") for line in result.stdout.splitlines())
        for word in words:
            assert word.lower() in errors[0].lower(), (word, errors[0])
    return errors[0]


def expected_probs(model, raw_28):
    """(N, 28, 28) pixels 0..255 -> probabilities: centred on a 32x32 zero canvas, scaled by 1/255."""
    x = np.zeros((len(raw_28), 1, 32, 32), np.float32)
    x[:, 0, 2:30, 2:30] = np.asarray(raw_28, np.float64) / 255
    return model.predict(x)


def scaled(raw):
    """FORMAT.md's preprocessing of LeNet's files in float32: x * scale (scale 1/255, mean 0, std 1), so
    activations can be compared bit for bit."""
    x = np.asarray(raw, np.float32) * np.float32(1 / 255)
    np.testing.assert_allclose(x, np.asarray(raw, np.float64) / 255, rtol=1e-6)
    return x


def write_idx(path, array):
    array = np.asarray(array, np.uint8)
    raw = struct.pack(">BBBB", 0, 0, 8, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape) + array.tobytes()
    if str(path).endswith(".gz"):
        raw = gzip.compress(raw)
    with open(path, "wb") as f:
        f.write(raw)
    return path


@pytest.fixture(scope="module")
def digits28():
    """Six 28x28 'images' with structure (so the model's outputs differ between them) and labels."""
    rng = np.random.default_rng(7)
    x = np.zeros((6, 28, 28), np.uint8)
    for i in range(6):
        r, c = rng.integers(4, 20, 2)
        x[i, r:r + 8, c:c + 3 + i] = 255
        x[i] += rng.integers(0, 40, (28, 28)).astype(np.uint8)
    return x, np.array([1, 7, 3, 3, 0, 9])


# ---------------------------------------------------------------- version, help
def test_version():
    result = ok("--version")
    assert engine.__version__ in result.output and "cnn-engine" in result.output


@pytest.mark.parametrize("command", ["summary", "init", "infer", "dump-activations"])
def test_help_shows_an_example(command):
    result = ok(command, "--help")
    assert "Example" in result.output and f"cnn-engine {command}" in result.output


def test_group_help_lists_commands():
    result = ok("--help")
    for command in ("summary", "init", "infer", "dump-activations"):
        assert command in result.output


# ---------------------------------------------------------------- summary, init
def test_summary_of_bundled_model():
    result = ok("summary")
    assert f"{LENET_PARAMS:,}" == "61,706" and "61,706" in result.stdout
    for name in LENET_SHAPES:
        assert name in result.stdout
    assert str(weights.bundled_path()) in result.stdout


def test_init_then_summary_and_load(tmp_path):
    out = tmp_path / "l.h5"
    result = ok("init", "lenet5", "-o", out, "--seed", 3)
    assert out.exists() and str(out) in result.stderr
    model = engine.load(out)
    assert model.count_params() == LENET_PARAMS and model.provenance["seed"] == 3
    assert model.provenance["trained"] is False
    same_seed = engine.zoo.lenet5(seed=3)
    other_seed = engine.zoo.lenet5(seed=0)
    w = model.get_layer("conv1").params["weight"]
    assert np.array_equal(w, same_seed.get_layer("conv1").params["weight"])
    assert not np.array_equal(w, other_seed.get_layer("conv1").params["weight"])
    assert "61,706" in ok("summary", "-m", out).stdout


def test_init_num_classes(tmp_path):
    ok("init", "lenet5", "-o", tmp_path / "l3.h5", "--num-classes", 3)
    model = engine.load(tmp_path / "l3.h5")
    assert model.output_shape == (3,) and model.count_params() == LENET_PARAMS - 7 * 84 - 7


def test_init_into_missing_folder(tmp_path):
    failed("init", "lenet5", "-o", tmp_path / "no" / "l.h5", words=["does not exist"])


# ---------------------------------------------------------------- infer
def test_infer_with_out_does_not_suggest_out(tmp_path):
    out = tmp_path / "p.csv"
    result = ok("infer", "--show", "3", "-o", out)
    assert "more (-v lists all, all are in " + str(out) + ")" in result.stdout and out.exists()


def test_infer_without_arguments(bundled):
    result = ok("infer")
    with np.load(weights.sample_data_path()) as z:
        x, y = z["x"], z["y"]
    probs = bundled.predict(x.astype(np.float32) / 255)
    accuracy = np.mean(probs.argmax(1) == y)
    lines = result.stdout.splitlines()
    listed = [line for line in lines if line.split(":")[0].isdigit()]
    assert len(listed) == 20
    for i, line in enumerate(listed):
        assert line.startswith(f"{i}: {probs[i].argmax()} ({probs[i].max():.3f})"), line
        assert line.endswith(f"[label {y[i]}]")
    assert f"... {len(y) - 20} more (-v lists all, -o saves all)" in result.stdout
    acc_line = [line for line in lines if line.startswith("accuracy:")]
    assert acc_line == [f"accuracy: {accuracy:.4f} ({int((probs.argmax(1) == y).sum())}/{len(y)}) on dataset sample (test)"]
    assert accuracy >= 0.98  # the shipped LeNet-5 trained on digits
    assert "untrained" not in result.stderr


def test_infer_untrained_model_says_so(tmp_path):
    engine.save(engine.zoo.lenet5(), tmp_path / "u.h5")
    result = ok("infer", "-m", tmp_path / "u.h5")
    assert "untrained" in result.stderr and "note:" in result.stderr


def test_infer_quiet_and_verbose():
    quiet = ok("-q", "infer")
    assert quiet.stderr == "" and "accuracy:" in quiet.stdout
    verbose = ok("-v", "infer")
    assert len([l for l in verbose.stdout.splitlines() if l.split(":")[0].isdigit()]) == 360


def read_out(path):
    if str(path).endswith(".npy"):
        return np.load(path)
    if str(path).endswith(".json"):
        with open(path) as f:
            doc = json.load(f)
        return np.array([row["probabilities"] for row in doc["predictions"]])
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return np.array([[float(v) for v in row[2:12]] for row in rows[1:]])


@pytest.mark.parametrize("kind", ["npy", "npz", "idx", "idx.gz", "png", "folder", "jpg-gray-as-png-rgb"])
def test_infer_input_kinds(tmp_path, bundled, digits28, kind):
    x, y = digits28
    if kind == "npy":
        np.save(tmp_path / "x.npy", x)
        inputs = [tmp_path / "x.npy"]
    elif kind == "npz":
        np.savez(tmp_path / "x.npz", x=x[:, None], y=y)
        inputs = [tmp_path / "x.npz"]
    elif kind.startswith("idx"):
        inputs = [write_idx(tmp_path / ("t-images-idx3-ubyte" + kind[3:]), x)]
    elif kind == "png":
        inputs = []
        for i in range(len(x)):
            Image.fromarray(x[i]).save(tmp_path / f"{i}.png")
            inputs.append(tmp_path / f"{i}.png")
    elif kind == "folder":
        (tmp_path / "imgs").mkdir()
        for i in range(len(x)):
            Image.fromarray(x[i]).save(tmp_path / "imgs" / f"img{i:02d}.png")
        inputs = [tmp_path / "imgs"]
    else:  # RGB PNGs whose three channels are equal: luminance gives the gray values back
        inputs = []
        for i in range(len(x)):
            Image.fromarray(np.repeat(x[i][..., None], 3, axis=2)).save(tmp_path / f"rgb{i}.png")
            inputs.append(tmp_path / f"rgb{i}.png")
    out = tmp_path / "out.npy"
    result = ok("infer", *inputs, "-o", out)
    probs = np.load(out)
    expected = expected_probs(bundled, x)
    assert probs.shape == (6, 10) and probs.dtype == np.float32
    np.testing.assert_allclose(probs, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(probs.sum(1), 1, rtol=1e-5)
    listed = [line for line in result.stdout.splitlines() if line.split(":")[0].isdigit()]
    assert len(listed) == 6
    assert ("accuracy:" in result.stdout) == (kind == "npz")
    assert f"wrote {out}" in result.stderr


def test_infer_batch_boundaries_do_not_change_results(tmp_path, bundled, digits28):
    """Batches of 1 and of 3 images from an (N, 28, 28) stack: every image keeps its own row."""
    x, _ = digits28
    np.save(tmp_path / "x.npy", x)
    expected = expected_probs(bundled, x)
    for batch_size in (1, 3, 4):
        ok("infer", tmp_path / "x.npy", "--batch-size", batch_size, "-o", tmp_path / "o.npy")
        np.testing.assert_allclose(np.load(tmp_path / "o.npy"), expected, rtol=1e-5, atol=1e-6)


def test_infer_top_k_and_labels(tmp_path, bundled, digits28):
    x, y = digits28
    images = write_idx(tmp_path / "t-images-idx3-ubyte.gz", x)
    labels = write_idx(tmp_path / "t-labels-idx1-ubyte.gz", y)
    result = ok("infer", images, "--labels", labels, "--top-k", 3)
    probs = expected_probs(bundled, x)
    listed = [line for line in result.stdout.splitlines() if line.split(":")[0].isdigit()]
    assert len(listed) == 6
    for i, line in enumerate(listed):
        top = np.argsort(-probs[i], kind="stable")[:3]
        want = "  ".join(f"{j} ({probs[i, j]:.3f})" for j in top)
        assert line == f"{i}: {want}  [label {y[i]}]"
    correct = int((probs.argmax(1) == y).sum())
    assert f"accuracy: {correct / 6:.4f} ({correct}/6)" in result.stdout


def test_infer_labels_from_npy(tmp_path, digits28):
    x, y = digits28
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "y.npy", y)
    assert "/6)" in ok("infer", tmp_path / "x.npy", "--labels", tmp_path / "y.npy").stdout
    failed("infer", tmp_path / "x.npy", "--labels", write_idx(tmp_path / "l-idx1-ubyte", y[:4]), words=["labels"])


def test_infer_csv_output(tmp_path, bundled, digits28):
    x, y = digits28
    np.savez(tmp_path / "x.npz", x=x, y=y)
    ok("infer", tmp_path / "x.npz", "-o", tmp_path / "p.csv")
    with open(tmp_path / "p.csv", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["index", "prediction"] + [str(i) for i in range(10)] + ["label"]
    assert len(rows) == 7
    probs = np.array([[float(v) for v in row[2:12]] for row in rows[1:]])
    np.testing.assert_allclose(probs.sum(1), 1, atol=1e-5)
    np.testing.assert_allclose(probs, expected_probs(bundled, x), rtol=1e-6, atol=1e-7)
    for i, row in enumerate(rows[1:]):
        assert row[0] == str(i) and row[1] == str(np.argmax(probs[i])) and row[12] == str(y[i])


def test_infer_json_output(tmp_path, bundled, digits28):
    x, _ = digits28
    np.save(tmp_path / "x.npy", x)
    ok("infer", tmp_path / "x.npy", "-o", tmp_path / "p.json")
    with open(tmp_path / "p.json") as f:
        doc = json.load(f)
    assert doc["class_names"] == [str(i) for i in range(10)]
    assert [row["index"] for row in doc["predictions"]] == list(range(6))
    assert all("label" not in row for row in doc["predictions"])
    probs = np.array([row["probabilities"] for row in doc["predictions"]])
    assert probs.shape == (6, 10)
    np.testing.assert_allclose(probs.sum(1), 1, rtol=1e-6)
    np.testing.assert_allclose(probs, expected_probs(bundled, x), rtol=1e-6)
    assert [row["prediction"] for row in doc["predictions"]] == [str(i) for i in probs.argmax(1)]


def test_infer_class_names_from_model(tmp_path, digits28):
    model = engine.zoo.lenet5(num_classes=3, seed=1)
    model.class_names = ["cat", "dog", "emu"]
    engine.save(model, tmp_path / "m.h5")
    x, _ = digits28
    np.save(tmp_path / "x.npy", x)
    result = ok("infer", tmp_path / "x.npy", "-m", tmp_path / "m.h5", "--top-k", 5, "-o", tmp_path / "p.json")
    line = result.stdout.splitlines()[0]
    assert all(name in line for name in ("cat", "dog", "emu")) and line.count("(") == 3
    with open(tmp_path / "p.json") as f:
        assert json.load(f)["class_names"] == ["cat", "dog", "emu"]


def test_infer_digits_dataset(bundled):
    from engine.data import load_digits_split
    result = ok("infer", "--data", "digits")
    (_, _), (x, y) = load_digits_split()
    probs = bundled.predict(x.astype(np.float32) / 255)
    correct = int((probs.argmax(1) == y).sum())
    assert f"accuracy: {correct / 360:.4f} ({correct}/360) on dataset digits (test)" in result.stdout


def test_infer_trained_model_has_no_note(tmp_path):
    model = engine.zoo.lenet5()
    model.provenance = {"trained": True}
    engine.save(model, tmp_path / "t.h5")
    assert "untrained" not in ok("infer", "-m", tmp_path / "t.h5").stderr


# ---------------------------------------------------------------- dump-activations
def test_dump_two_layers(tmp_path, bundled, digits28):
    x, y = digits28
    np.savez(tmp_path / "x.npz", x=x, y=y)
    out = tmp_path / "a.h5"
    ok("dump-activations", tmp_path / "x.npz", "--layer", "fc2", "--layer", "conv1", "-o", out)
    pre = np.zeros((6, 1, 32, 32), np.float32)
    pre[:, 0, 2:30, 2:30] = scaled(x)
    want = bundled.activations(pre, ["conv1", "fc2"])
    with open(weights.bundled_path(), "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    with h5py.File(out, "r") as f:
        assert f.attrs["format"] == "cnn-engine-activations"
        assert f.attrs["format_version"] == 1
        assert f.attrs["model_sha256"] == sha
        assert f.attrs["model_file"] == os.path.abspath(weights.bundled_path())
        assert f.attrs["model_name"] == "lenet5"
        assert json.loads(f.attrs["layers"]) == ["conv1", "fc2"]  # model order (FORMAT.md)
        assert f.attrs["count"] == 6 and np.asarray(f.attrs["count"]).dtype == np.int64
        assert bool(f.attrs["complete"])
        assert str(tmp_path / "x.npz") in f.attrs["inputs"]
        assert set(f["activations"]) == {"conv1", "fc2"}
        for name in ("conv1", "fc2"):
            ds = f["activations"][name]
            assert ds.shape == (6,) + LENET_SHAPES[name] and ds.dtype == np.float32
            assert ds.compression == "gzip" and ds.shuffle
            np.testing.assert_array_equal(ds[()], want[name])
        assert f["labels"].dtype == np.int64 and f["labels"][()].tolist() == y.tolist()


def test_dump_all_layers_default_inputs(tmp_path, bundled):
    out = tmp_path / "all.h5"
    ok("dump-activations", "--layer", "all", "-o", out, "--batch-size", 100)
    with np.load(weights.sample_data_path()) as z:
        x, y = z["x"], z["y"]
    want = bundled.activations(scaled(x))
    with h5py.File(out, "r") as f:
        assert json.loads(f.attrs["layers"]) == list(LENET_SHAPES)
        assert f.attrs["count"] == 360
        for name, shape in LENET_SHAPES.items():
            assert f["activations"][name].shape == (360,) + shape
            np.testing.assert_array_equal(f["activations"][name][()], want[name])
        assert np.array_equal(f["labels"][()], y)


def test_dump_without_labels_and_digits(tmp_path, digits28):
    x, _ = digits28
    np.save(tmp_path / "x.npy", x)
    ok("dump-activations", tmp_path / "x.npy", "--layer", "prob", "-o", tmp_path / "a.h5")
    with h5py.File(tmp_path / "a.h5", "r") as f:
        assert "labels" not in f and f["activations/prob"].shape == (6, 10)
        np.testing.assert_allclose(f["activations/prob"][()].sum(1), 1, rtol=1e-5)
    ok("dump-activations", "--data", "digits", "--layer", "fc3", "-o", tmp_path / "d.h5")
    with h5py.File(tmp_path / "d.h5", "r") as f:
        assert f["activations/fc3"].shape == (360, 10) and f["labels"].shape == (360,)
        assert "digits" in f.attrs["inputs"]


def test_dump_repeated_layer(tmp_path):
    ok("dump-activations", "--layer", "fc2", "--layer", "fc2", "-o", tmp_path / "a.h5")
    with h5py.File(tmp_path / "a.h5", "r") as f:
        assert json.loads(f.attrs["layers"]) == ["fc2"]


# ---------------------------------------------------------------- errors
@pytest.fixture
def lenet_file(tmp_path):
    path = tmp_path / "lenet.h5"
    engine.save(engine.zoo.lenet5(), path)
    return path


def test_error_missing_model(tmp_path):
    failed("infer", "-m", tmp_path / "absent.h5", words=["no such file"])
    failed("summary", "-m", tmp_path / "absent.h5", words=["no such file"])


def test_error_missing_input(tmp_path):
    failed("infer", tmp_path / "absent.npy", words=["no such file"])
    failed("dump-activations", tmp_path / "absent.png", "--layer", "fc2", "-o", tmp_path / "a.h5")
    assert not (tmp_path / "a.h5").exists()


def test_error_text_file_as_model(tmp_path):
    (tmp_path / "m.h5").write_text("hello\n")
    failed("summary", "-m", tmp_path / "m.h5", words=["not an HDF5 file"])


def test_error_foreign_hdf5(tmp_path):
    with h5py.File(tmp_path / "k.h5", "w") as f:
        f["model_weights"] = np.zeros(3)
    failed("infer", "-m", tmp_path / "k.h5", words=["not a cnn-engine-model"])


def test_error_truncated_model(lenet_file):
    data = lenet_file.read_bytes()
    lenet_file.write_bytes(data[:len(data) // 2])
    failed("infer", "-m", lenet_file)
    failed("summary", "-m", lenet_file)


def test_error_damaged_hdf5_metadata(lenet_file, monkeypatch):
    """h5py raises RuntimeError on some damaged files (found by flipping bytes): still one error line."""
    def damaged(*args, **kwargs):
        raise RuntimeError("Can't synchronously determine if attribute exists by name (bad version number)")
    monkeypatch.setattr(h5py.AttributeManager, "__getitem__", damaged)
    failed("summary", "-m", lenet_file, words=["damaged"])


def test_error_newer_format(lenet_file):
    with h5py.File(lenet_file, "r+") as f:
        f.attrs["format_version"] = np.int64(7)
    failed("summary", "-m", lenet_file, words=["version 7", "upgrade"])


def test_error_nan_parameter(lenet_file):
    with h5py.File(lenet_file, "r+") as f:
        f["params/fc3/bias"][0] = np.nan
    failed("infer", "-m", lenet_file, words=["NaN"])


@pytest.mark.parametrize("shape,words", [((5,), ["input"]), ((1, 1, 1, 28, 28), ["input"]),
                                         ((4, 2, 28, 28), ["channels"]), ((0, 28, 28), [])],
                         ids=["1d", "5d", "2-channels", "empty"])
def test_error_bad_input_array(tmp_path, shape, words):
    np.save(tmp_path / "x.npy", np.zeros(shape, np.float32))
    failed("infer", tmp_path / "x.npy", words=words)


def test_error_wrong_size_for_model_without_resizing(tmp_path, lenet_file):
    with h5py.File(lenet_file, "r+") as f:
        f.attrs["preprocessing"] = json.dumps({"scale": 1 / 255, "resize": "none"})
    np.save(tmp_path / "x.npy", np.zeros((3, 1, 28, 28), np.uint8))
    failed("infer", tmp_path / "x.npy", "-m", lenet_file, words=["32x32"])
    np.save(tmp_path / "y.npy", np.zeros((2, 5), np.uint8))
    failed("infer", tmp_path / "y.npy", "-m", lenet_file, words=["32x32"])


def test_error_corrupt_png(tmp_path):
    (tmp_path / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(64))
    failed("infer", tmp_path / "bad.png", words=["bad.png"])
    Image.fromarray(np.zeros((40, 40), np.uint8) + 9).save(tmp_path / "ok.png")
    raw = (tmp_path / "ok.png").read_bytes()
    (tmp_path / "cut.png").write_bytes(raw[:len(raw) // 2])
    failed("infer", tmp_path / "cut.png", words=["cut.png"])


def test_error_object_npy(tmp_path):
    arr = np.empty(3, dtype=object)
    arr[:] = [{"a": 1}, [2], "three"]
    np.save(tmp_path / "obj.npy", arr, allow_pickle=True)
    failed("infer", tmp_path / "obj.npy", words=["obj.npy"])


def test_error_unknown_layer(tmp_path):
    failed("dump-activations", "--layer", "fc9", "-o", tmp_path / "a.h5", words=["fc9"])
    assert not (tmp_path / "a.h5").exists()


def test_error_output_in_missing_folder(tmp_path):
    failed("infer", "-o", tmp_path / "no" / "p.npy", words=["does not exist"])
    failed("dump-activations", "--layer", "fc2", "-o", tmp_path / "no" / "a.h5", words=["does not exist"])


def test_error_bad_output_suffix(tmp_path):
    failed("infer", "-o", tmp_path / "p.txt", words=[".npy"])


def test_error_cuda():
    failed("infer", "--device", "cuda", words=["cuda"])


def test_error_inputs_and_data(tmp_path, digits28):
    np.save(tmp_path / "x.npy", digits28[0])
    failed("infer", tmp_path / "x.npy", "--data", "digits")
    failed("infer", "--data", "imagenet", words=["imagenet"])


def test_failed_commands_leave_existing_outputs(tmp_path, digits28):
    x, _ = digits28
    for name, content in (("p.npy", b"old npy"), ("a.h5", b"old h5")):
        (tmp_path / name).write_bytes(content)
    np.save(tmp_path / "bad.npy", np.zeros((4, 2, 28, 28), np.float32))
    failed("infer", tmp_path / "bad.npy", "-o", tmp_path / "p.npy")
    failed("dump-activations", "--layer", "nope", "-o", tmp_path / "a.h5")
    # a folder whose last image is corrupt: the dump fails after its temporary file was created
    folder = tmp_path / "imgs"
    folder.mkdir()
    for i in range(5):
        Image.fromarray(x[i]).save(folder / f"{i}.png")
    (folder / "9.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    failed("infer", folder, "-o", tmp_path / "p.npy", "--batch-size", 2)
    assert sorted(os.listdir(tmp_path)) == ["a.h5", "bad.npy", "imgs", "p.npy"]  # no temporary files left
    failed("dump-activations", folder, "--layer", "fc2", "-o", tmp_path / "a.h5", "--batch-size", 2)
    assert (tmp_path / "p.npy").read_bytes() == b"old npy"
    assert (tmp_path / "a.h5").read_bytes() == b"old h5"
    # the completed batches stay in a.h5.partial/ for --resume (FORMAT.md, "Work in progress"); nothing else
    assert set(os.listdir(tmp_path)) - {"a.h5.partial"} == {"a.h5", "bad.npy", "imgs", "p.npy"}


def test_nan_inputs_warn(tmp_path, digits28):
    x = digits28[0].astype(np.float32)
    x[1, 3, 3] = np.nan
    np.save(tmp_path / "x.npy", x)
    result = ok("infer", tmp_path / "x.npy", "-o", tmp_path / "p.npy")
    assert any(line.startswith("warning:") and "NaN" in line for line in result.stderr.splitlines()), result.stderr
    probs = np.load(tmp_path / "p.npy")
    assert np.all(np.isnan(probs[1])) and np.all(np.isfinite(np.delete(probs, 1, axis=0)))


# ---------------------------------------------------------------- real subprocesses
def run(*args):
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "cli.main", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_subprocess_version_and_infer(tmp_path, bundled, digits28):
    version = run("--version")
    assert version.returncode == 0 and engine.__version__ in version.stdout
    x, _ = digits28
    Image.fromarray(x[0]).save(tmp_path / "d.png")
    done = run("infer", tmp_path / "d.png", "--top-k", 2, "-o", tmp_path / "p.json")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("0: ") and "Traceback" not in done.stderr
    with open(tmp_path / "p.json") as f:
        probs = np.array(json.load(f)["predictions"][0]["probabilities"])
    np.testing.assert_allclose(probs, expected_probs(bundled, x[:1])[0], rtol=1e-5, atol=1e-6)


def test_subprocess_errors_are_one_line(tmp_path, lenet_file):
    data = lenet_file.read_bytes()
    lenet_file.write_bytes(data[:len(data) // 2])
    for args in (("summary", "-m", lenet_file), ("-q", "infer", "--device", "cuda"),
                 ("dump-activations", "--layer", "fc9", "-o", tmp_path / "a.h5")):
        done = run(*args)
        assert done.returncode != 0
        assert "Traceback" not in done.stderr + done.stdout
        errors = [l for l in done.stderr.splitlines() if l.startswith("error:")]
        assert len(errors) == 1 and done.stderr.splitlines()[-1] == errors[0], done.stderr


def test_subprocess_nan_warning(tmp_path, digits28):
    x = digits28[0].astype(np.float32)
    x[0, 0, 0] = np.inf
    np.save(tmp_path / "x.npy", x)
    done = run("infer", tmp_path / "x.npy")
    assert done.returncode == 0 and "Traceback" not in done.stderr
    warning_lines = [l for l in done.stderr.splitlines() if l.startswith("warning:")]
    assert len(warning_lines) == 1 and "NaN" in warning_lines[0], done.stderr


def test_a_first_kernel_compile_is_announced_once_per_process_and_never_with_quiet(monkeypatch):
    import click
    from numba import njit
    from cli import main as cli_main
    monkeypatch.setitem(cli_main._compile_note, "shown", False)
    said = []
    monkeypatch.setattr(cli_main.click, "echo", lambda text, err=False: said.append((text, err)))
    for quiet in (True, False, False):
        ctx = click.Context(cli_main.main, obj={"quiet": quiet, "verbose": 0})
        with ctx:
            cli_main.announce_compiling(ctx)
            assert njit(lambda v: v + 1)(1) == 2  # a new function: Numba compiles it
    assert len(said) == 1 and said[0][1] is True and "compiling kernels" in said[0][0], said
    # the listener went with its command: a compile after it says nothing, even with the flag reset
    cli_main._compile_note["shown"] = False
    assert njit(lambda v: v * 2)(3) == 6
    assert len(said) == 1, said


def test_an_output_never_replaces_an_input(tmp_path):
    x = np.random.default_rng(0).integers(0, 256, (4, 28, 28)).astype(np.uint8)
    src = tmp_path / "x.npy"
    np.save(src, x)
    model = tmp_path / "m.h5"
    ok("init", "lenet5", "-o", model)
    before = {p: p.read_bytes() for p in (src, model)}
    failed("infer", src, "-o", src, words=("input",))
    failed("dump-activations", src, "-m", model, "--layer", "fc2", "-o", model, words=("input",))
    h5_src = tmp_path / "x.h5"
    with h5py.File(h5_src, "w") as f:
        f["x"] = x
    before[h5_src] = h5_src.read_bytes()
    failed("dump-activations", h5_src, "--layer", "fc2", "-o", h5_src, words=("input",))
    failed("feature-maps", src, "--layer", "conv1", "-o", src, words=("input",))
    failed("filters", "-m", model, "--layer", "conv1", "-o", model, words=("input",))
    assert {p: p.read_bytes() for p in before} == before
    assert not os.path.exists(str(h5_src) + ".partial")


def test_labels_must_fit_the_inputs_and_the_classes(tmp_path):
    np.save(tmp_path / "ten.npy", np.arange(10))
    failed("evaluate", "--data", "digits", "--labels", tmp_path / "ten.npy", words=("10 labels", "360"))
    failed("infer", "--data", "digits", "--labels", tmp_path / "ten.npy", words=("10 labels",))
    x = np.random.default_rng(0).integers(0, 256, (3, 28, 28)).astype(np.uint8)
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "neg.npy", np.array([1, -1, 2]))
    failed("infer", tmp_path / "x.npy", "--labels", tmp_path / "neg.npy", words=("-1", "0..9"))
    np.save(tmp_path / "big.npy", np.array([1, 10, 2]))
    failed("infer", tmp_path / "x.npy", "--labels", tmp_path / "big.npy", words=("10",))
    (tmp_path / "l.h5").write_bytes(b"not labels")
    failed("infer", tmp_path / "x.npy", "--labels", tmp_path / "l.h5", words=("IDX",))


def test_dump_never_deletes_a_folder_it_did_not_write(tmp_path):
    x = np.random.default_rng(0).integers(0, 256, (3, 28, 28)).astype(np.uint8)
    np.save(tmp_path / "x.npy", x)
    out = tmp_path / "notes.h5"
    mine = tmp_path / "notes.h5.partial"
    mine.mkdir()
    (mine / "mywork.txt").write_text("precious")
    failed("dump-activations", tmp_path / "x.npy", "--layer", "fc2", "-o", out, words=("mywork.txt",))
    assert (mine / "mywork.txt").read_text() == "precious"
    # a run that fails before its first chunk leaves no folder behind
    np.save(tmp_path / "bad.npy", np.zeros((2, 5, 7, 7), np.uint8))
    failed("dump-activations", tmp_path / "bad.npy", "--layer", "fc2", "-o", tmp_path / "b.h5")
    assert not os.path.exists(tmp_path / "b.h5.partial") and not os.path.exists(tmp_path / "b.h5")


def test_predictions_of_nan_inputs_are_valid_json(tmp_path):
    x = np.full((2, 1, 32, 32), np.nan, np.float32)
    np.save(tmp_path / "nan.npy", x)
    result = cli("infer", tmp_path / "nan.npy", "-o", tmp_path / "p.json")
    assert result.exit_code == 0, result.output
    found = json.loads((tmp_path / "p.json").read_text(), parse_constant=lambda c: pytest.fail(f"bare {c}"))
    assert found["predictions"][0]["probabilities"][0] is None


def test_a_bundled_model_by_name_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("lenet5-fashion-mnist", "weights/lenet5-fashion-mnist.h5"):
        result = ok("summary", "-m", name)
        assert "lenet5-bn" in result.output or "batch" in result.output.lower(), result.output
    failed("summary", "-m", "no-such-model", words=("no-such-model",))


def test_bad_options_are_refused_before_any_work(tmp_path):
    assert cli("init", "lenet5", "-o", tmp_path / "l.h5", "--seed", "-1").exit_code == 2
    failed("infer", "-o", tmp_path / "p.txt", words=(".npy",))
    failed("plot", "--layer", "fc2", "-o", tmp_path / "e.jpg", words=(".png",))
    failed("transfer", "--layer", "fc2", "--data", "digits", "--dump-dir", tmp_path / "nodir", words=("nodir",))


def test_an_unwritable_output_is_named_as_given():
    line = failed("init", "lenet5", "-o", "/proc/x.h5", words=("cannot write /proc/x.h5",))
    assert ".tmp" not in line


def test_nan_inputs_get_no_class_and_dumps_are_named_h5(tmp_path):
    np.save(tmp_path / "nan.npy", np.full((2, 1, 32, 32), np.nan, np.float32))
    result = cli("infer", tmp_path / "nan.npy")
    assert result.exit_code == 0 and result.stdout.splitlines()[0] == "0: no prediction (NaN)", result.output
    failed("dump-activations", tmp_path / "nan.npy", "--layer", "fc2", "-o", tmp_path / "a.npy", words=(".h5",))


def test_a_ctrl_c_python_could_not_raise_still_ends_the_command_as_interrupted():
    """A KeyboardInterrupt inside a weakref callback (h5py's, while dump-activations writes its file)
    reaches sys.unraisablehook, not the command: it must not vanish (exit 0) nor print a traceback."""
    from types import SimpleNamespace
    from cli import main as cli_main

    @cli_main.main.command("_unraisable-probe")
    def probe():
        sys.unraisablehook(SimpleNamespace(exc_type=KeyboardInterrupt, exc_value=KeyboardInterrupt(),
                                           exc_traceback=None, err_msg=None, object=None))
        import time
        time.sleep(2)  # (the hook delivers the Ctrl-C again a few ms later: it lands here)
        click.echo("work done")
    try:
        result = cli("_unraisable-probe")
    finally:
        cli_main.main.commands.pop("_unraisable-probe")
    assert result.exit_code == 130 and "work done" not in result.stdout, result.output  # it stopped there
    assert result.stderr.strip().startswith("interrupted") and "Traceback" not in result.stderr
    assert cli("summary").exit_code == 0  # (the flag does not leak into the next command)


def test_python_dash_m_gives_one_line_errors_from_convert_too(tmp_path):
    """`python -m cli.main` runs cli/main.py as __main__, and cli/convert.py imports a second copy of it:
    its UserError must still be caught (it is a ValueError)."""
    src = tmp_path / "m.onnx"
    src.write_bytes(b"not onnx")
    done = subprocess.run([sys.executable, "-m", "cli.main", "convert", str(src), "-o", str(src)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("error: -o"), done.stderr
