"""Winograd F(2x2, 3x3) on the GPU (engine/kernels/cuda_winograd.py, run by cuda.py's conv2d_winograd) against
the float64 reference of tests/reference.py: odd output sizes (a last tile half outside the map), every
padding, batch 1 and several images, channel counts past the GEMM tiles' edges, and the layer path that
picks it (prepared weights, stride 1). ||cuda - ref|| / ||ref|| <= 1e-5."""
import numpy as np
import pytest
from numba import cuda

import reference as ref
from engine import layers, ops
from gpu_reference import check
try:
    from engine.kernels import cuda as kernels
except ValueError:  # no GPU and no simulator: conftest.py skips every test here
    kernels = None

pytestmark = pytest.mark.gpu


@pytest.fixture
def rng():
    return np.random.default_rng(11)


def winograd(x, w, b, padding, activation):
    """conv2d through conv2d_winograd whatever the channel counts (the layer path needs 64 in and out)."""
    pads = ops.shapes.normalize_padding(padding, 2, x.shape[2:], (3, 3), (1, 1), (1, 1))
    (pt, pb), (pl, pr) = pads
    N, C, H, W = x.shape
    out = kernels.empty((N, w.shape[0], H + pt + pb - 2, W + pl + pr - 2), np.float32, like=cuda.to_device(x))
    u = kernels.WinogradWeights(w).u
    xp = kernels.pad(cuda.to_device(x), pads)
    kernels.conv2d_winograd(xp, u, cuda.to_device(b), out, ops.shapes.activation_code(activation))
    return out.copy_to_host()


@pytest.mark.parametrize("shape, padding", [
    ((1, 3, 7, 9), 1),                 # batch 1, odd output (7 x 9: the last tiles half outside)
    ((2, 5, 6, 5), 0),                 # no padding: 4 x 3 outputs
    ((3, 2, 5, 8), ((2, 0), (1, 2))),  # uneven padding
    ((2, 1, 3, 3), "same"),            # one channel, a single 2x2 tile row
    ((1, None, 4, 5), 1),              # C = 2 GEMM reduction chunks and a part
])
def test_winograd_matches_direct_convolution(rng, shape, padding):
    tiles = kernels.cuda_gemm.TILES[kernels._GEMM_TILES]
    N, C, H, W = shape
    C = 2 * tiles["TR"] + 3 if C is None else C
    K = tiles["TK"] + 3  # two output-channel blocks, the second partial
    x = rng.standard_normal((N, C, H, W)).astype(np.float32)
    w = rng.standard_normal((K, C, 3, 3)).astype(np.float32)
    b = rng.standard_normal(K).astype(np.float32)
    got = winograd(x, w, b, padding, "relu")
    check(got, ref.conv2d(x, w, b, padding=padding, activation="relu"))


def test_weight_transform_is_g_w_gt():
    """U[i*4 + j, k, c] = (G w[k, c] G^T)[i, j], with G written out here from Lavin & Gray's F(2x2, 3x3)."""
    G = np.array([[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]])
    w = np.random.default_rng(1).standard_normal((3, 2, 3, 3)).astype(np.float32)
    u = kernels.cuda_winograd.prepare_weights(w)
    assert u.shape == (16, 3, 2) and u.dtype == np.float32
    for k in range(3):
        for c in range(2):
            np.testing.assert_allclose(u[:, k, c].reshape(4, 4), G @ w[k, c].astype(np.float64) @ G.T, rtol=1e-6)


def test_wide_3x3_layers_take_the_winograd_path(rng, monkeypatch):
    """A Conv2D layer of 64 -> 64 channels, stride 1, runs conv2d_winograd (and gives the reference's result);
    the same layer with stride 2 does not."""
    calls = []
    real = kernels.conv2d_winograd
    monkeypatch.setattr(kernels, "conv2d_winograd", lambda *a: calls.append(1) or real(*a))
    x = rng.standard_normal((1, 64, 3, 3)).astype(np.float32)
    for stride, expected_calls in ((1, 1), (2, 1)):
        layer = layers.Conv2D(64, 3, stride=stride, padding=1, activation="tanh", name="c")
        layer.build((64, 3, 3), np.random.default_rng(2))
        layer.params["bias"] = rng.standard_normal(64).astype(np.float32)
        got = layer.forward(cuda.to_device(x), "cuda").copy_to_host()
        p = layer.params
        check(got, ref.conv2d(x, p["weight"], p["bias"], stride=stride, padding=1, activation="tanh"))
        assert len(calls) == expected_calls


@pytest.mark.parametrize("name", ["gemm_tiled_gpu8x8_r128", "gemm_tiled_gpu8x8_r168"])
def test_gpu_gemm_tiles_on_every_edge(rng, name):
    """The GPU's batched GEMM (128 threads, 64 x 128 outputs a block) on the simulator against NumPy in float64:
    2 products, a partial block along K and along P, a reduction of 2 chunks and a part."""
    t = kernels.cuda_gemm.TILES["gpu8x8"]
    Z, K, R, P = 2, t["TK"] + 1, 2 * t["TR"] + 3, t["TP"] + 2
    a, b = rng.standard_normal((Z, K, R)).astype(np.float32), rng.standard_normal((Z, R, P)).astype(np.float32)
    out = cuda.to_device(np.full(Z * K * P, np.nan, np.float32))
    grid = (kernels._blocks(P, t["TP"]), kernels._blocks(K, t["TK"]), Z)
    getattr(kernels.cuda_gemm, name)[grid, (t["BX"], t["BY"])](
        cuda.to_device(a.reshape(-1)), cuda.to_device(b.reshape(-1)), out, K, R, P)
    check(out.copy_to_host().reshape(Z, K, P), a.astype(np.float64) @ b.astype(np.float64))


def test_prepared_weights_are_ignored_where_winograd_does_not_apply(rng, monkeypatch):
    """ops.conv2d with WinogradWeights but float64 input, or weights of another shape: the direct path, right."""
    calls = []
    real = kernels.conv2d_winograd
    monkeypatch.setattr(kernels, "conv2d_winograd", lambda *a: calls.append(1) or real(*a))
    w = rng.standard_normal((2, 3, 3, 3)).astype(np.float32)
    prepared = kernels.WinogradWeights(w)
    x = rng.standard_normal((1, 3, 4, 4))
    got = ops.conv2d(x, w.astype(np.float64), padding=1, device="cuda", prepared=prepared)
    check(got, ref.conv2d(x, w.astype(np.float64), padding=1), dtype=np.float64)
    other = rng.standard_normal((2, 5, 3, 3)).astype(np.float32)
    x5 = rng.standard_normal((1, 5, 4, 4)).astype(np.float32)
    check(ops.conv2d(x5, other, padding=1, device="cuda", prepared=prepared), ref.conv2d(x5, other, padding=1))
    assert calls == []


def test_winograd_results_do_not_depend_on_the_batch(rng):
    """An image alone and inside a batch of 3 give bit-identical outputs (tiles are independent and each GEMM
    sum runs over the channels in one order, whatever the number of tiles)."""
    x = rng.standard_normal((3, 4, 5, 7)).astype(np.float32)
    w = rng.standard_normal((5, 4, 3, 3)).astype(np.float32)
    b = rng.standard_normal(5).astype(np.float32)
    together = winograd(x, w, b, 1, "tanh")
    alone = winograd(x[1:2], w, b, 1, "tanh")
    np.testing.assert_array_equal(together[1:2], alone)
