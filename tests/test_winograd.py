"""Winograd F(4x4,3x3) and F(4x4,5x5) (engine/kernels/winograd.py), which engine.ops.conv2d runs for wide 3x3 layers, against
float64 loops (tests/reference.py) and, where installed, PyTorch."""
import numpy as np
import pytest

from engine import layers as L, ops, Sequential
from engine.kernels import winograd
from tests import reference

WIDE = (32, 48)  # (C, K): layers from 32 channels in and out take the Winograd path


@pytest.fixture
def runs(monkeypatch):
    """The calls of winograd.conv2d_forward, as (out.shape, weights passed): engine/kernels/cpu.py calls it through
    the module attribute, so this wrapper sees every run and a test can prove that ops.conv2d (or a layer) took the
    Winograd path, not merely that supports() says it should."""
    calls = []
    real = winograd.conv2d_forward

    def counting(x, u, b, out, act, *pads):
        calls.append((out.shape, u))
        return real(x, u, b, out, act, *pads)

    monkeypatch.setattr(winograd, "conv2d_forward", counting)
    return calls


def _conv(runs, *args, **kwargs):
    """ops.conv2d, asserting that it ran the Winograd kernel exactly once, for the whole output."""
    before = len(runs)
    y = ops.conv2d(*args, **kwargs)
    assert [shape for shape, _ in runs[before:]] == [y.shape], "ops.conv2d did not run the Winograd kernel"
    return y


def _layer_params(rng, layer):
    """Random weights and a random, non-zero bias (a zoo/init bias is all zeros: it would hide a dropped bias)."""
    w = layer.params["weight"]
    layer.params["weight"] = (rng.standard_normal(w.shape) / np.sqrt(np.prod(w.shape[1:]))).astype(np.float32)
    layer.params["bias"] = rng.standard_normal(w.shape[0]).astype(np.float32)
    return layer.params["weight"], layer.params["bias"]


def _case(rng, n, c, k, h, w):
    x = rng.standard_normal((n, c, h, w)).astype(np.float32)
    wt = (rng.standard_normal((k, c, 3, 3)) / np.sqrt(9 * c)).astype(np.float32)
    b = rng.standard_normal(k).astype(np.float32)
    return x, wt, b


def test_selection():
    assert winograd.supports((48, 32, 3, 3), (1, 1), (1, 1), 1, np.float32)
    assert not winograd.supports((48, 16, 3, 3), (1, 1), (1, 1), 1, np.float32)  # narrow: direct wins
    assert not winograd.supports((64, 3, 3, 3), (1, 1), (1, 1), 1, np.float32)  # RGB input layer
    assert not winograd.supports((48, 32, 3, 3), (2, 2), (1, 1), 1, np.float32)
    assert not winograd.supports((48, 32, 3, 3), (1, 1), (2, 2), 1, np.float32)
    assert not winograd.supports((64, 32, 3, 3), (1, 1), (1, 1), 2, np.float32)
    assert not winograd.supports((48, 32, 3, 3), (1, 1), (1, 1), 1, np.float64)
    assert not winograd.supports((48, 32, 5, 5), (1, 1), (1, 1), 1, np.float32)  # 5x5: from 48 channels in and out
    assert not winograd.supports((32, 48, 5, 5), (1, 1), (1, 1), 1, np.float32)
    assert winograd.supports((48, 48, 5, 5), (1, 1), (1, 1), 1, np.float32)
    assert winograd.supports((192, 64, 5, 5), (1, 1), (1, 1), 1, np.float32, (27, 27))  # AlexNet's conv2
    assert not winograd.supports((128, 64, 5, 5), (2, 2), (1, 1), 1, np.float32)
    assert not winograd.supports((128, 64, 7, 7), (1, 1), (1, 1), 1, np.float32)
    assert winograd.supports((48, 32, 3, 3), (1, 1), (1, 1), 1, np.float32, (8, 40))
    assert not winograd.supports((48, 32, 3, 3), (1, 1), (1, 1), 1, np.float32, (7, 40))  # tiny maps: direct


# odd sizes (partial 4x4 tiles at the right and bottom edges), exact multiples, 'same' and no padding,
# uneven padding, batch 1 and > 1, every activation (outputs of at least 8x8: smaller maps run direct)
@pytest.mark.parametrize("n,h,w,padding,activation", [
    (1, 9, 13, 1, None), (2, 8, 8, 1, "relu"), (1, 10, 10, 0, "tanh"), (2, 13, 11, "same", "sigmoid"),
    (1, 14, 11, ((0, 2), (1, 0)), "relu"), (1, 45, 28, 1, None), (3, 10, 11, 0, None),  # 45x28: 84 tiles, by rows
])
def test_matches_float64_reference(n, h, w, padding, activation, runs):
    rng = np.random.default_rng(hash((n, h, w)) % 2**32)
    x, wt, b = _case(rng, n, *WIDE, h, w)
    got = _conv(runs, x, wt, b, padding=padding, activation=activation)  # the path under test
    ref = reference.conv2d(x.astype(np.float64), wt.astype(np.float64), b.astype(np.float64), padding=padding,
                           activation=activation)
    assert got.shape == ref.shape
    assert np.isfinite(got).all()
    assert reference.rel_error(got, ref) <= 1e-5


def test_batch_size_does_not_change_results(runs):
    rng = np.random.default_rng(7)
    x, wt, b = _case(rng, 5, *WIDE, 30, 29)
    full = _conv(runs, x, wt, b, padding=1, activation="relu")
    for i in range(5):
        assert np.array_equal(_conv(runs, x[i:i + 1], wt, b, padding=1, activation="relu")[0], full[i])


@pytest.mark.parametrize("side", [8, 9, 13, 14, 17])
def test_batch_size_does_not_change_results_on_small_maps(side, runs):
    # batch 1 on these maps has 4 to 25 tiles, which the products take as 8, 16 or 32 columns (or as many as
    # there are from 32 on, in 8-, 16- and 32-wide tiles): each column must sum the same in every width
    rng = np.random.default_rng(side)
    x, wt, b = _case(rng, 5, *WIDE, side, side)
    full = _conv(runs, x, wt, b, padding=1, activation="tanh")
    expected = reference.conv2d(x.astype(np.float64), wt.astype(np.float64), b.astype(np.float64), padding=1,
                                activation="tanh")
    assert np.linalg.norm(full - expected) / np.linalg.norm(expected) < 1e-5
    for lo, hi in [(0, 1), (1, 3), (2, 5), (4, 5)]:
        assert np.array_equal(_conv(runs, x[lo:hi], wt, b, padding=1, activation="tanh"), full[lo:hi])


@pytest.mark.parametrize("filters,k,shape,seed", [(48, 3, (32, 12, 12), 8), (128, 5, (64, 10, 10), 55)])
def test_layer_with_prepared_weights_matches_ops(runs, filters, k, shape, seed):
    """F(4x4,3x3) and F(4x4,5x5) through a layer: its prepared weights, the same bits as ops.conv2d, and
    within 1e-5 of the float64 reference."""
    rng = np.random.default_rng(seed)
    model = Sequential([L.Conv2D(filters, k, padding=k // 2, activation="relu", name="c")], input_shape=shape)
    layer = model.get_layer("c")
    wt, b = _layer_params(rng, layer)
    assert model.fused_program() is None  # small enough to fuse, but the fused path has no Winograd: it stays out
    x = rng.standard_normal((2,) + shape).astype(np.float32)
    prepared = layer.prepared_weights("cpu", np.float32)
    assert prepared.winograd is not None
    got = model.predict(x)
    assert len(runs) == 1 and runs[0][0] == got.shape, "the layer did not run the Winograd kernel"
    assert runs[0][1] is prepared.winograd  # with the layer's prepared weights
    assert np.array_equal(got, _conv(runs, x, wt, b, padding=k // 2, activation="relu"))
    ref = reference.conv2d(x.astype(np.float64), wt.astype(np.float64), b.astype(np.float64), padding=k // 2,
                           activation="relu")
    assert got.shape == ref.shape
    assert reference.rel_error(got, ref) <= 1e-5


def test_nan_stays_in_its_image(runs):
    rng = np.random.default_rng(9)
    x, wt, b = _case(rng, 3, *WIDE, 28, 28)
    x[1, 5, 2, 3] = np.nan
    y = _conv(runs, x, wt, b, padding=1)
    assert np.isfinite(y[[0, 2]]).all() and np.isnan(y[1]).any()


def test_matches_torch(runs):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(10)
    x, wt, b = _case(rng, 2, *WIDE, 29, 30)
    got = _conv(runs, x, wt, b, padding=1)
    with torch.no_grad():
        ref = torch.nn.functional.conv2d(torch.from_numpy(x).double(), torch.from_numpy(wt).double(),
                                         torch.from_numpy(b).double(), padding=1).numpy()
    assert reference.rel_error(got, ref) <= 1e-5


@pytest.mark.parametrize("shape", [(2, 5, 15, 15), (1, 3, 10, 31), (3, 4, 34, 34), (1, 2, 6, 6)], ids=str)
def test_transforms_by_planes_and_by_rows_agree(shape):
    # F(4x4,3x3): small planes (at most PLANE_TILES tiles) take the transforms across all of a plane's tiles,
    # larger ones by tile rows: the same arithmetic per value, so the same bits (the choice depends on geometry)
    rng = np.random.default_rng(sum(shape))
    N, C, Hp, Wp = shape
    xp = rng.standard_normal(shape).astype(np.float32)
    th, tw = -(-(Hp - 2) // 4), -(-(Wp - 2) // 4)
    P, K = N * th * tw, 7
    by_planes, by_rows = np.full((36, C, P), np.nan, np.float32), np.full((36, C, P), np.nan, np.float32)
    winograd._input_transform_planes(xp, by_planes, th, tw, 0, 0)
    winograd._input_transform_rows(xp, by_rows, th, tw, 0, 0)
    assert np.isfinite(by_planes).all() and np.array_equal(by_planes, by_rows)
    m = rng.standard_normal((36, K, P)).astype(np.float32)
    b = rng.standard_normal(K).astype(np.float32)
    for act in range(4):
        out_planes = np.full((N, K, Hp - 2, Wp - 2), np.nan, np.float32)
        out_rows = out_planes.copy()
        winograd._output_transform_planes(m, b, out_planes, th, tw, np.int64(act))
        winograd._output_transform_rows(m, b, out_rows, th, tw, np.int64(act))
        assert np.isfinite(out_planes).all() and np.array_equal(out_planes, out_rows)


@pytest.mark.parametrize("r", [3, 5])
@pytest.mark.parametrize("shape,pads", [((2, 3, 9, 13), ((1, 1), (1, 1))), ((1, 2, 40, 31), ((2, 0), (0, 3))),
                                        ((1, 4, 7, 5), ((0, 2), (2, 2)))], ids=str)
def test_input_transforms_pad_as_a_padded_copy_does(shape, pads, r):
    # the transforms read the unpadded input with the pad offsets (cpu.conv2d_forward passes no padded copy):
    # the same bits as on np.pad's copy; 40x31: more than PLANE_TILES tiles, by rows for F(4x4,3x3)
    rng = np.random.default_rng(sum(shape) + r)
    x = rng.standard_normal(shape).astype(np.float32)
    xp = np.pad(x, ((0, 0), (0, 0)) + pads)
    OH, OW = xp.shape[2] - r + 1, xp.shape[3] - r + 1
    th, tw = -(-OH // 4), -(-OW // 4)
    a = 6 if r == 3 else 8
    implicit = np.full((a * a, shape[1], shape[0] * th * tw), np.nan, np.float32)
    explicit = implicit.copy()
    winograd.input_transform(x, implicit, th, tw, r, pads[0][0], pads[1][0])
    winograd.input_transform(xp, explicit, th, tw, r)
    assert np.isfinite(implicit).all() and np.array_equal(implicit, explicit)


def test_8_point_matrices_compute_the_correlation():
    # F(4x4,5x5) in one dimension, float64: A^T ((G g) * (B^T d)) must be the valid correlation of d (8) and
    # g (5), 4 outputs, for any d and g. B^T and A^T are read off _bt8 and _at8 by feeding them unit vectors.
    eye = np.eye(8)
    bt = np.array([winograd._bt8(*eye[j]) for j in range(8)]).T    # column j: B^T e_j
    at = np.array([winograd._at8(*eye[j]) for j in range(8)]).T    # (4, 8)
    rng = np.random.default_rng(45)
    for _ in range(5):
        d, g = rng.standard_normal(8), rng.standard_normal(5)
        got = at @ ((winograd.G8_MATRIX @ g) * (bt @ d))
        want = np.array([d[i:i + 5] @ g for i in range(4)])
        assert np.abs(got - want).max() <= 1e-12 * np.abs(want).max()


# F(4x4,5x5): AlexNet's conv2 geometry and odd sizes, every padding form, batch 1 and > 1, every activation;
# 45x38: 120 tiles, two blocks of the transforms (TILE_BLOCK)
WIDE5 = (64, 128)


@pytest.mark.parametrize("n,h,w,padding,activation", [
    (1, 27, 27, 2, "relu"), (2, 9, 13, 2, None), (1, 12, 12, 0, "tanh"), (3, 11, 10, "same", "sigmoid"),
    (1, 14, 12, ((1, 3), (0, 2)), None), (1, 45, 38, 2, "relu"),
])
def test_5x5_matches_float64_reference(n, h, w, padding, activation, runs):
    rng = np.random.default_rng(hash((n, h, w, 5)) % 2**32)
    x = (rng.standard_normal((n, WIDE5[0], h, w))).astype(np.float32)
    wt = (rng.standard_normal((WIDE5[1], WIDE5[0], 5, 5)) / np.sqrt(25 * WIDE5[0])).astype(np.float32)
    b = rng.standard_normal(WIDE5[1]).astype(np.float32)
    got = _conv(runs, x, wt, b, padding=padding, activation=activation)  # the path under test
    ref = reference.conv2d(x.astype(np.float64), wt.astype(np.float64), b.astype(np.float64), padding=padding,
                           activation=activation)
    assert got.shape == ref.shape
    assert reference.rel_error(got, ref) <= 1e-5
    # batch independence (groups of images of GROUP_BYTES, 8/16/32-wide column tiles): each image alone
    for i in range(n):
        assert np.array_equal(_conv(runs, x[i:i + 1], wt, b, padding=padding, activation=activation)[0], got[i])


def test_images_in_groups_give_the_same_bits(monkeypatch, runs):
    # conv2d_forward runs the batch in groups of images (GROUP_BYTES); any grouping gives the same outputs
    rng = np.random.default_rng(12)
    x = rng.standard_normal((5, 64, 12, 12)).astype(np.float32)
    wt = (rng.standard_normal((128, 64, 5, 5)) / 40).astype(np.float32)
    b = rng.standard_normal(128).astype(np.float32)
    whole = _conv(runs, x, wt, b, padding=2)
    monkeypatch.setattr(winograd, "GROUP_BYTES", 1)  # one image per group
    assert np.array_equal(_conv(runs, x, wt, b, padding=2), whole)
    monkeypatch.setattr(winograd, "GROUP_BYTES", 64 * 128 * 9 * 4 * 2)  # two images per group (9 tiles each)
    assert np.array_equal(_conv(runs, x, wt, b, padding=2), whole)
