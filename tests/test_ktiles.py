"""The channel-vectorised direct convolution (engine/kernels/conv2d_ktiles.py), which engine.ops.conv2d runs for
small or strided maps: against float64 loops (tests/reference.py), and bit for bit against conv2d_tiles (the two
kernels must give the same outputs, so that which one a layer takes changes no result)."""
import numpy as np
import pytest

from engine import ops
from engine.kernels import conv2d_ktiles, conv2d_tiles
from tests import reference

ACTS = {None: 0, "relu": 1, "tanh": 2, "sigmoid": 3}


def _case(rng, n, c, k, h, w, kh, kw, groups=1):
    x = (rng.standard_normal((n, c, h, w)) * 3).astype(np.float32)  # * 3: tanh and sigmoid saturate too
    wt = (rng.standard_normal((k, c // groups, kh, kw)) / np.sqrt(kh * kw * c / groups)).astype(np.float32)
    b = rng.standard_normal(k).astype(np.float32)
    return x, wt, b


def _out(xp_shape, k, kh, kw, stride, dilation):
    oh = (xp_shape[2] - dilation * (kh - 1) - 1) // stride + 1
    ow = (xp_shape[3] - dilation * (kw - 1) - 1) // stride + 1
    return np.full((xp_shape[0], k, oh, ow), np.nan, np.float32)  # NaN: every element must be written


# (n, c, k, h, w, kh, kw, stride, dilation, groups): channels below, at and above 32 and not multiples of it,
# maps of fewer than 8 pixels (one partial tile), odd sizes, stride > kernel, dilation, groups, 1x1
CASES = [
    (1, 3, 64, 23, 23, 11, 11, 4, 1, 1),
    (2, 16, 40, 9, 9, 5, 5, 1, 1, 1),
    (1, 32, 33, 4, 4, 3, 3, 1, 1, 1),
    (3, 8, 32, 7, 5, 3, 3, 2, 1, 1),
    (1, 4, 7, 3, 3, 2, 2, 1, 1, 1),
    (2, 6, 48, 11, 13, 3, 3, 3, 2, 1),
    (1, 12, 64, 6, 6, 1, 1, 1, 1, 1),
    (2, 16, 64, 8, 7, 3, 3, 1, 1, 2),
    (1, 5, 35, 17, 3, 3, 1, 5, 1, 1),
]


@pytest.mark.parametrize("n,c,k,h,w,kh,kw,stride,dilation,groups", CASES)
@pytest.mark.parametrize("activation", list(ACTS))
def test_matches_reference_and_conv2d_tiles(n, c, k, h, w, kh, kw, stride, dilation, groups, activation):
    rng = np.random.default_rng(hash((n, c, k, h, w, kh, stride)) % 2**32)
    x, wt, b = _case(rng, n, c, k, h, w, kh, kw, groups)
    ours = _out(x.shape, k, kh, kw, stride, dilation)
    conv2d_ktiles.conv2d_ktiles_forward(x, conv2d_ktiles.pack_weights(wt, groups), b, ours, stride, stride,
                                        dilation, dilation, np.int64(ACTS[activation]))
    ref = reference.conv2d(x.astype(np.float64), wt.astype(np.float64), b.astype(np.float64), stride, 0,
                           dilation, groups, activation)
    assert ours.shape == ref.shape
    assert np.linalg.norm(ours - ref) / np.linalg.norm(ref) <= 1e-5
    theirs = _out(x.shape, k, kh, kw, stride, dilation)
    conv2d_tiles.conv2d_tiles_forward(x, conv2d_tiles.pack_conv2d_weights(wt, groups), b, theirs, stride, stride,
                                      dilation, dilation, np.int64(ACTS[activation]))
    np.testing.assert_array_equal(ours, theirs)


def test_parallel_driver_matches_reference_and_is_batch_independent():
    # big enough for the prange driver; each image alone must give the same bits as in the batch
    rng = np.random.default_rng(7)
    x, wt, b = _case(rng, 4, 64, 96, 15, 15, 3, 3)
    pack = conv2d_ktiles.pack_weights(wt)
    out = _out(x.shape, 96, 3, 3, 1, 1)
    conv2d_ktiles.conv2d_ktiles_forward(x, pack, b, out, 1, 1, 1, 1, np.int64(1))
    ref = reference.conv2d(x.astype(np.float64), wt.astype(np.float64), b.astype(np.float64), activation="relu")
    assert np.linalg.norm(out - ref) / np.linalg.norm(ref) <= 1e-5
    for i in range(4):
        one = _out(x[i:i + 1].shape, 96, 3, 3, 1, 1)
        conv2d_ktiles.conv2d_ktiles_forward(x[i:i + 1].copy(), pack, b, one, 1, 1, 1, 1, np.int64(1))
        np.testing.assert_array_equal(one[0], out[i])


def test_nan_stays_in_its_image():
    rng = np.random.default_rng(3)
    x, wt, b = _case(rng, 3, 8, 32, 6, 6, 3, 3)
    x[1, 2, 3, 3] = np.nan
    out = _out(x.shape, 32, 3, 3, 1, 1)
    conv2d_ktiles.conv2d_ktiles_forward(x, conv2d_ktiles.pack_weights(wt), b, out, 1, 1, 1, 1, np.int64(0))
    assert np.isfinite(out[0]).all() and np.isfinite(out[2]).all()
    assert np.isnan(out[1]).any()


def test_selection():
    # AlexNet's conv1 (11x11 stride 4: phase taps padded to 12x12) and 6x6 maps: this kernel
    assert conv2d_ktiles.prefer((1, 3, 227, 227), (64, 3, 11, 11), (4, 4), (1, 1), 1, (55, 55))
    assert conv2d_ktiles.prefer((1, 256, 8, 8), (256, 256, 3, 3), (1, 1), (1, 1), 1, (6, 6))
    # VGG's 224x224 maps (2 padding columns in 226) and LeNet's 6 channels: conv2d_tiles
    assert not conv2d_ktiles.prefer((1, 64, 226, 226), (64, 64, 3, 3), (1, 1), (1, 1), 1, (224, 224))
    assert not conv2d_ktiles.prefer((1, 1, 32, 32), (6, 1, 5, 5), (1, 1), (1, 1), 1, (28, 28))


def test_ops_conv2d_takes_it_for_small_maps(monkeypatch):
    # 4x4 maps, 48 -> 64 channels: conv2d_tiles would compute 2 padding columns in 6, and its 22 wide pixels
    # would take its path for narrow planes, which counts as a 32-wide tile
    rng = np.random.default_rng(11)
    x, wt, b = _case(rng, 2, 48, 64, 4, 4, 3, 3)
    assert conv2d_ktiles.prefer((2, 48, 6, 6), wt.shape, (1, 1), (1, 1), 1, (4, 4))
    # prove the path, not just the preference: engine/kernels/cpu.py calls conv2d_ktiles.conv2d_ktiles_forward
    # through the module attribute, so this wrapper sees the run
    runs = []
    real = conv2d_ktiles.conv2d_ktiles_forward

    def counting(xp, wpack, b, out, *rest):
        runs.append((xp.shape, out.shape))
        return real(xp, wpack, b, out, *rest)

    monkeypatch.setattr(conv2d_ktiles, "conv2d_ktiles_forward", counting)
    ours = ops.conv2d(x, wt, b, padding=1)
    assert runs == [((2, 48, 6, 6), ours.shape)], "ops.conv2d did not run conv2d_ktiles"
    ref = reference.conv2d(x.astype(np.float64), wt.astype(np.float64), b.astype(np.float64), padding=1)
    assert np.linalg.norm(ours - ref) / np.linalg.norm(ref) <= 1e-5


# (h, w, kh, kw, stride, dilation): conv2d_tiles' wide pixel count Q = (OH-1)*Wq + OW leaves a last tile of
# 1-8, 9-16, 17-31 or 32 pixels, which it computes 8, 16 or 32 wide
NARROW_TAIL_CASES = [
    (14, 14, 5, 5, 1, 1),   # LeNet-5 conv2: Q = 136, 8 left
    (13, 11, 3, 3, 1, 1),   # Q = 119, 23 left
    (12, 16, 3, 3, 1, 1),   # Q = 158, 30 left
    (9, 9, 3, 3, 1, 1),     # Q = 61, 29 left
    (10, 10, 3, 3, 1, 1),   # Q = 78, 14 left
    (11, 13, 3, 3, 2, 1),   # stride phases: Wq = 7, Q = 34, 2 left
    (15, 12, 3, 3, 1, 2),   # dilation: Q = 128, a full tile
    (19, 9, 5, 3, 2, 1),    # Q = 39, 7 left
    (8, 8, 1, 1, 1, 1),     # Q = 64
    (7, 7, 3, 3, 1, 1),     # Q = 33, 1 left
]


@pytest.mark.parametrize("h,w,kh,kw,stride,dilation", NARROW_TAIL_CASES)
def test_narrow_last_tiles_sum_as_full_tiles(h, w, kh, kw, stride, dilation):
    # conv2d_tiles' 8- and 16-wide last tiles: against float64 loops, and bit for bit against conv2d_ktiles,
    # whose tiles never depend on Q (so a narrow tile summing in another order would show)
    rng = np.random.default_rng(h * 100 + w)
    x, wt, b = _case(rng, 2, 5, 11, h, w, kh, kw)
    out = _out(x.shape, 11, kh, kw, stride, dilation)
    Wq = -(-w // stride)
    Q = (out.shape[2] - 1) * Wq + out.shape[3]
    assert Q >= 32  # (below 32 another path runs)
    for act, code in ACTS.items():
        tiles, ktiles = out.copy(), out.copy()
        conv2d_tiles.conv2d_tiles_forward(x, conv2d_tiles.pack_conv2d_weights(wt), b, tiles, stride, stride,
                                          dilation, dilation, np.int64(code))
        conv2d_ktiles.conv2d_ktiles_forward(x, conv2d_ktiles.pack_weights(wt, 1), b, ktiles, stride, stride,
                                            dilation, dilation, np.int64(code))
        assert np.array_equal(tiles, ktiles), f"activation {act}: Q = {Q}"
    expected = reference.conv2d(x.astype(np.float64), wt.astype(np.float64), b.astype(np.float64), stride, 0,
                                dilation)
    got = tiles.copy()
    conv2d_tiles.conv2d_tiles_forward(x, conv2d_tiles.pack_conv2d_weights(wt), b, got, stride, stride,
                                      dilation, dilation, np.int64(0))
    assert np.linalg.norm(got - expected) / np.linalg.norm(expected) < 1e-5


def test_narrow_tail_cases_cover_every_tile_width():
    lefts = set()
    for h, w, kh, kw, stride, dilation in NARROW_TAIL_CASES:
        oh, ow = (h - dilation * (kh - 1) - 1) // stride + 1, (w - dilation * (kw - 1) - 1) // stride + 1
        Q = (oh - 1) * -(-w // stride) + ow
        left = Q - (-(-Q // 32) - 1) * 32
        lefts.add(8 if left <= 8 else 16 if left <= 16 else 32)
    assert lefts == {8, 16, 32}
