"""engine/kernels/cuda_launch.py: the short launch path gives numba's results, is taken for device arrays and
ints from the second launch on, and leaves other arguments to numba. A real GPU only: on the simulator the
module launches through numba alone (FAST is False there)."""
import numpy as np
import pytest
from numba import cuda

import reference as ref
from engine import ops
from engine.kernels import cuda_launch
from engine.kernels.cuda_common import SIMULATING
from gpu_reference import check

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(SIMULATING, reason="the simulator launches through numba only")]


@cuda.jit
def _axpy(x, y, out, a):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = a * x[i] + y[i]


@pytest.fixture
def short_launches(monkeypatch):
    """Counts the launches that went the short way (straight to cuda.core)."""
    calls = []
    real = cuda_launch._core_launch
    monkeypatch.setattr(cuda_launch, "_core_launch", lambda *a: calls.append(1) or real(*a))
    return calls


def test_second_launch_takes_the_short_path_with_numbas_result(short_launches):
    assert cuda_launch.FAST
    rng = np.random.default_rng(0)
    x, y = (cuda.to_device(rng.standard_normal(1000).astype(np.float32)) for _ in range(2))
    out = cuda.device_array(1000, np.float32)
    for launch_number, a in enumerate((3, -2, 5)):  # the first goes through numba and is remembered
        cuda_launch.launch(_axpy, 8, 128, x, y, out, a)
        np.testing.assert_allclose(out.copy_to_host(), a * x.copy_to_host() + y.copy_to_host(), rtol=1e-6, atol=1e-6)
        assert len(short_launches) == launch_number


def test_other_arguments_go_through_numba(short_launches):
    """A host array (numba copies it), a float and a strided view: numba's path every time, same results."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal(1000).astype(np.float32)
    y = cuda.to_device(rng.standard_normal(2000).astype(np.float32))[::2]
    out = cuda.device_array(1000, np.float32)
    for _ in range(2):
        cuda_launch.launch(_axpy, 8, 128, x, y, out, 0.5)
        np.testing.assert_allclose(out.copy_to_host(), 0.5 * x + y.copy_to_host(), rtol=1e-6, atol=1e-6)
    assert cuda_launch._signature((x, y, out, 0.5)) is None and short_launches == []


def test_a_conv_layer_on_the_short_path_matches_the_reference(short_launches):
    """cuda_gemm's tiled conv launched three times: the later launches go the short way, every result right."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 3, 9, 9)).astype(np.float32)
    w = rng.standard_normal((4, 3, 3, 3)).astype(np.float32)
    b = rng.standard_normal(4).astype(np.float32)
    d_x, d_w, d_b = cuda.to_device(x), cuda.to_device(w), cuda.to_device(b)
    want = ref.conv2d(x, w, b, padding=1, activation="relu")
    for _ in range(3):
        check(ops.conv2d(d_x, d_w, d_b, padding=1, activation="relu", device="cuda").copy_to_host(), want)
    assert len(short_launches) >= 2
