"""The CLI with --device cuda, end to end at batch 2 (simulator) on a copy of the bundled lenet5-digits model whose
parameters are all replaced by random ones (h5py alone): infer takes the fused LeNet-5 kernel, dump-activations the
layer-by-layer path. Both against the model recomputed in float64 by tests/reference.py from the file's parameters
and preprocessing (no engine code): ||cuda - ref|| / ||ref|| <= 1e-5."""
import json
import shutil

import h5py
import numpy as np
import pytest

import reference as ref
import weights
from cli_runner import cli
from engine import jobs
from gpu_reference import check, lenet5_logits64

pytestmark = pytest.mark.gpu
LENET5 = [("Conv2D", "tanh"), ("AvgPool2D", None), ("Conv2D", "tanh"), ("AvgPool2D", None), ("Flatten", None),
          ("Dense", "tanh"), ("Dense", "tanh"), ("Dense", None), ("Softmax", None)]


def run_ok(*args):
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    """(model file, raw images file, float64 reference {pool1, fc3, prob}): lenet5-digits with random parameters
    (its own are trained; random ones, scaled by 1/sqrt(fan-in), keep the probabilities away from 0 and 1)."""
    tmp = tmp_path_factory.mktemp("cuda_cli")
    model = tmp / "random-lenet5.h5"
    shutil.copy(weights.bundled_path("lenet5-digits"), model)
    rng = np.random.default_rng(9)
    p = {}
    with h5py.File(model, "r+") as f:
        arch = json.loads(f.attrs["architecture"])
        assert [(l["type"], l["config"].get("activation")) for l in arch["layers"]] == LENET5
        assert all(l["config"].get("padding", 0) == 0 for l in arch["layers"])
        pre = json.loads(f.attrs["preprocessing"])
        for layer, group in f["params"].items():
            p[layer] = {}
            for name, ds in group.items():
                shape = ds.shape
                new = rng.standard_normal(shape) / (np.sqrt(np.prod(shape[1:])) if name == "weight" else 2)
                ds[...] = new.astype(ds.dtype)
                p[layer][name] = ds[()].astype(np.float64)
    images = tmp / "x.npy"
    raw = rng.random((2, 1, 32, 32)).astype(np.float32) * 255  # pixel values, already the model's input size
    np.save(images, raw)
    # preprocessing from the file (FORMAT.md): x * scale, then (x - mean) / std; a 32 x 32 image needs no resizing
    x = (raw.astype(np.float64) * pre["scale"] - pre["mean"][0]) / pre["std"][0]
    logits, pool1 = lenet5_logits64(p, x)
    want = {"pool1": pool1, "fc3": logits, "prob": ref.softmax(logits, axis=1)}
    assert want["prob"].max() < 0.9  # not saturated
    return model, images, want


def test_infer_on_cuda(tmp_path, case):
    model, images, want = case
    run_ok("infer", images, "-m", model, "--device", "cuda", "--batch-size", 2, "-o", tmp_path / "cuda.npy")
    check(np.load(tmp_path / "cuda.npy"), want["prob"])


def test_dump_activations_on_cuda(tmp_path, case):
    model, images, want = case
    run_ok("dump-activations", images, "-m", model, "--layer", "pool1", "--layer", "fc3", "--layer", "prob",
           "--device", "cuda", "--batch-size", 2, "-o", tmp_path / "cuda.h5")
    for layer in ("pool1", "fc3", "prob"):
        got, _ = jobs.read_activation_dump(tmp_path / "cuda.h5", layer)
        check(got, want[layer])
