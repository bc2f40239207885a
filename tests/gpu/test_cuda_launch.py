"""engine/kernels/cuda_launch.py: the short launch path gives numba's results, is taken for device arrays and
ints from the second launch on, and leaves other arguments to numba. A real GPU only: on the simulator the
module launches through numba alone (FAST is False there)."""
import numpy as np
import pytest
from numba import cuda

from engine import ops
from engine.kernels import cuda_launch
from engine.kernels.cuda_common import SIMULATING

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(SIMULATING, reason="the simulator launches through numba only")]


@cuda.jit
def _axpy(x, y, out, a):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = a * x[i] + y[i]


def test_second_launch_takes_the_short_path_with_numbas_result():
    assert cuda_launch.FAST
    rng = np.random.default_rng(0)
    x, y = (cuda.to_device(rng.standard_normal(1000).astype(np.float32)) for _ in range(2))
    out = cuda.device_array(1000, np.float32)
    for a in (3, -2):  # the first launch goes through numba and is remembered, the second does not
        cuda_launch.launch(_axpy, 8, 128, x, y, out, a)
        np.testing.assert_allclose(out.copy_to_host(), a * x.copy_to_host() + y.copy_to_host(), rtol=1e-6, atol=1e-6)
    compiled = [v for (kernel, _, _), v in cuda_launch._COMPILED.items() if kernel is _axpy]
    assert len(compiled) == 1 and compiled[0]


def test_other_arguments_go_through_numba():
    """A host array (numba copies it), a float and a strided view: no short path, same results."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal(1000).astype(np.float32)
    y = cuda.to_device(rng.standard_normal(2000).astype(np.float32))[::2]
    out = cuda.device_array(1000, np.float32)
    cuda_launch.launch(_axpy, 8, 128, x, y, out, 0.5)
    cuda_launch.launch(_axpy, 8, 128, x, y, out, 0.5)
    np.testing.assert_allclose(out.copy_to_host(), 0.5 * x + y.copy_to_host(), rtol=1e-6, atol=1e-6)
    assert cuda_launch._signature((x, y, out, 0.5)) is None


def test_layers_run_on_the_short_path():
    """A small conv layer (cuda_gemm's 4x4-per-thread tiles) launched twice: its compiled kernel is remembered."""
    from engine.kernels import cuda_gemm
    x = cuda.to_device(np.random.default_rng(2).standard_normal((2, 3, 9, 9)).astype(np.float32))
    w = cuda.to_device(np.random.default_rng(3).standard_normal((4, 3, 3, 3)).astype(np.float32))
    for _ in range(2):
        ops.conv2d(x, w, padding=1, device="cuda")
    assert any(v for (kernel, _, _), v in cuda_launch._COMPILED.items() if kernel is cuda_gemm.conv2d_tiled_gpu)
