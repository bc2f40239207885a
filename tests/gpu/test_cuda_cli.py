"""The CLI with --device cuda, end to end on the bundled lenet5-digits model at batch 2 (simulator):
infer takes the fused LeNet-5 kernel, dump-activations the layer-by-layer path; both equal --device cpu."""
import numpy as np
import pytest

from cli_runner import cli
from engine import jobs

pytestmark = pytest.mark.gpu


def run_ok(*args):
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result


def relative_error(got, want):
    return np.linalg.norm(got - want) / np.linalg.norm(want)


@pytest.fixture
def images(tmp_path):
    path = tmp_path / "x.npy"
    np.save(path, np.random.default_rng(9).random((2, 1, 32, 32)).astype(np.float32))
    return path


def test_infer_on_cuda_equals_cpu(tmp_path, images):
    for device in ("cuda", "cpu"):
        run_ok("infer", images, "--device", device, "--batch-size", 2, "-o", tmp_path / f"{device}.npy")
    got, want = np.load(tmp_path / "cuda.npy"), np.load(tmp_path / "cpu.npy")
    assert got.shape == want.shape == (2, 10) and relative_error(got, want) <= 1e-5


def test_dump_activations_on_cuda_equals_cpu(tmp_path, images):
    for device in ("cuda", "cpu"):
        run_ok("dump-activations", images, "--layer", "pool1", "--layer", "prob", "--device", device,
               "--batch-size", 2, "-o", tmp_path / f"{device}.h5")
    for layer in ("pool1", "prob"):
        got = jobs.read_activation_dump(tmp_path / "cuda.h5", layer)
        want = jobs.read_activation_dump(tmp_path / "cpu.h5", layer)
        got, want = (np.asarray(a[0] if isinstance(a, tuple) else a) for a in (got, want))
        assert got.shape == want.shape and got.shape[0] == 2 and relative_error(got, want) <= 1e-5, layer
