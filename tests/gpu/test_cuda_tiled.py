"""The tiled implicit-GEMM kernels (engine/kernels/cuda_gemm.py) at the edges of their tiles: several
blocks along output channels, pixels and batch rows, reduction lengths that are not a multiple of the
chunk, against a float64 reference. Shapes are the smallest that cross every tile edge of the simulator's
configuration (TILE: TK output channels x TP pixels per block, TR-long reduction chunks). The oracle is
tests/reference.py (float64, no engine code): ||cuda - ref|| / ||ref|| <= 1e-5."""
import numpy as np
import pytest
from numba import cuda

import reference as ref
from engine import ops
from gpu_reference import check
try:
    from engine.kernels import cuda as kernels
except ValueError:  # no GPU and no simulator: conftest.py skips every test here
    kernels = None

pytestmark = pytest.mark.gpu
T = kernels.TILE if kernels else {}


@pytest.fixture
def rng():
    return np.random.default_rng(5)


def test_conv2d_tiles_cross_every_edge(rng):
    K, C, kh, kw = 2 * T["TK"] + 3, 3, 3, 2                      # R = 18: one full chunk and a part
    H = W = int(np.ceil(np.sqrt(T["TP"] + 5)))                    # more than one pixel block
    x = rng.standard_normal((3, C, H, W)).astype(np.float32)
    w = rng.standard_normal((K, C, kh, kw)).astype(np.float32)
    b = rng.standard_normal(K).astype(np.float32)
    kwargs = dict(stride=(1, 2), padding=((1, 2), (2, 0)), activation="relu")
    got = ops.conv2d(cuda.to_device(x), cuda.to_device(w), cuda.to_device(b), device="cuda", **kwargs).copy_to_host()
    check(got, ref.conv2d(x, w, b, **kwargs))


def test_conv2d_tiles_with_groups_and_dilation(rng):
    groups, Kg, Cg = 3, T["TK"] + 1, 2
    x = rng.standard_normal((2, groups * Cg, 7, 6)).astype(np.float32)
    w = rng.standard_normal((groups * Kg, Cg, 3, 3)).astype(np.float32)
    b = rng.standard_normal(groups * Kg).astype(np.float32)
    kwargs = dict(groups=groups, dilation=(2, 1), padding=2, activation="tanh")
    check(ops.conv2d(x, w, b, device="cuda", **kwargs), ref.conv2d(x, w, b, **kwargs))


def test_dense_tiles_cross_every_edge(rng):
    M, O, I = T["TP"] + 3, 2 * T["TK"] + 1, T["TR"] + 7
    x, w, b = (rng.standard_normal(s).astype(np.float32) for s in ((M, I), (O, I), O))
    got = ops.linear(cuda.to_device(x), cuda.to_device(w), cuda.to_device(b), activation="sigmoid", device="cuda")
    check(got.copy_to_host(), ref.linear(x, w, b, "sigmoid"))


@pytest.mark.parametrize("generator, module", [("gen_cuda_gemm", "cuda_gemm"), ("gen_cuda_lenet", "cuda_lenet_convs")])
def test_generated_module_is_the_generators_output(generator, module):
    import importlib
    import os

    gen = importlib.import_module(f"engine.kernels.{generator}")
    with open(os.path.join(os.path.dirname(gen.__file__), f"{module}.py")) as f:
        assert f.read() == gen.source(), f"run: python engine/kernels/{generator}.py"


@pytest.mark.parametrize("tiles", ["gpu", "gpu8x8"])
def test_conv2d_gpu_tile_configurations(rng, tiles):
    """The configurations a real GPU runs (256 threads a block), on the simulator: 64 output channels (every
    thread's every accumulator row), 272 pixels (a full and a partial pixel block), R = 18 (partial chunks)."""
    x = rng.standard_normal((1, 2, 16, 17)).astype(np.float32)
    w = rng.standard_normal((64, 2, 3, 3)).astype(np.float32)
    b = rng.standard_normal(64).astype(np.float32)
    out = kernels.empty((1, 64, 16, 17), np.float32, like=cuda.to_device(x))
    kernels.conv2d_tiled(tiles, kernels.pad(cuda.to_device(x), ((1, 1), (1, 1))), cuda.to_device(w),
                         cuda.to_device(b), out, 1, 1, 1, 1, 1, 2)
    check(out.copy_to_host(), ref.conv2d(x, w, b, padding=1, activation="tanh"))  # tanh: activation 2


def test_dense_gpu_tile_configuration(rng):
    """The GPU's dense tiles on the simulator: 64 outputs (every accumulator row), 65 rows (a partial block)."""
    x, w, b = (rng.standard_normal(s).astype(np.float32) for s in ((65, 20), (64, 20), 64))
    out = kernels.empty((65, 64), np.float32, like=cuda.to_device(x))
    kernels.dense_tiled("gpu", cuda.to_device(x), cuda.to_device(w), cuda.to_device(b), out, 3)
    check(out.copy_to_host(), ref.linear(x, w, b, "sigmoid"))  # sigmoid: activation 3


@pytest.mark.parametrize("slices", [2, 3])
def test_dense_reduction_split_into_slices(rng, slices):
    """A small batch splits the reduction across blocks (partial sums, then _dense_sum_kernel): slice
    boundaries inside the reduction, a short last slice, bias and activation applied once."""
    M, O, I = 3, T["TK"] + 2, 5 * T["TR"] + 3
    x, w, b = (rng.standard_normal(s).astype(np.float32) for s in ((M, I), (O, I), O))
    out = kernels.empty((M, O), np.float32, like=cuda.to_device(x))
    kernels.dense_tiled(kernels._TILES, cuda.to_device(x), cuda.to_device(w), cuda.to_device(b), out, 2,
                        slices=slices)
    check(out.copy_to_host(), ref.linear(x, w, b, "tanh"))


def test_dense_small_batch_tile_configuration(rng):
    """The GPU's tiles for up to 32 rows (128 outputs x 32 rows a block) on the simulator: a partial output
    block, 5 rows, a reduction of two chunks and a part, split in two slices."""
    x, w, b = (rng.standard_normal(s).astype(np.float32) for s in ((5, 37), (130, 37), 130))
    out = kernels.empty((5, 130), np.float32, like=cuda.to_device(x))
    kernels.dense_tiled("gpu32", cuda.to_device(x), cuda.to_device(w), cuda.to_device(b), out, 1, slices=2)
    check(out.copy_to_host(), ref.linear(x, w, b, "relu"))


def test_results_do_not_depend_on_the_batch(rng):
    """A row's dense sums and an image's conv sums are added in the same order whatever the batch size
    (dense_slices depends on the layer's shape alone; conv pixel tiles spanning images do not reorder a
    sum): one input alone and inside a batch agree bit for bit, as on the CPU."""
    x, w = rng.standard_normal((40, 5 * 128 + 3)).astype(np.float32), rng.standard_normal((9, 5 * 128 + 3)).astype(np.float32)
    assert kernels.dense_slices(x.shape[1], w.shape[0]) > 1  # the split path
    alone = ops.linear(x[:1], w, device="cuda")
    np.testing.assert_array_equal(alone[0], ops.linear(x, w, device="cuda")[0])
    xc = rng.standard_normal((5, 3, 7, 6)).astype(np.float32)
    wc = rng.standard_normal((T["TK"] + 1, 3, 3, 3)).astype(np.float32)
    np.testing.assert_array_equal(ops.conv2d(xc[3:4], wc, padding=1, device="cuda")[0],
                                  ops.conv2d(xc, wc, padding=1, device="cuda")[3])
