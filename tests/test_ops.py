"""engine.ops against the independent float64 references in tests/reference.py.

Relative error ||ours - ref|| / ||ref|| <= 1e-5 in float32 and <= 1e-12 in float64, on fresh random
inputs (fixed seeds), over grids of shapes, strides, paddings, dilations and groups.
"""
import warnings

import numba
import numpy as np
import pytest

import reference as ref
from engine import ops, shapes
from reference import assert_close

DTYPES = [pytest.param(np.float32, id="f32"), pytest.param(np.float64, id="f64")]


def randn(rng, shape, dtype=np.float32, scale=1.0):
    a = (rng.standard_normal(shape) * scale).astype(dtype)
    assert np.any(a != 0)
    return a


def seed_of(text):
    """A stable seed per test case (Python's str hash is salted per process)."""
    return sum((i + 1) * ord(ch) for i, ch in enumerate(text))


# ================================================================ conv2d
# id, x shape (N, C, H, W), w shape (K, C/groups, kH, kW), keyword arguments, with bias
CONV2D_CASES = [
    ("n1-c1-k1-3x3", (1, 1, 7, 7), (1, 1, 3, 3), {}, True),
    ("n3-c3-k4", (3, 3, 8, 9), (4, 3, 3, 3), {}, True),
    ("odd-11x13-kernel3x2", (2, 2, 11, 13), (3, 2, 3, 2), {}, True),
    ("kernel-1x1", (2, 5, 6, 7), (3, 5, 1, 1), {}, True),
    ("kernel-equals-input", (2, 2, 5, 4), (3, 2, 5, 4), {}, True),
    ("stride2", (2, 3, 9, 9), (4, 3, 3, 3), {"stride": 2}, True),
    ("stride3-gt-kernel2", (2, 2, 10, 11), (3, 2, 2, 2), {"stride": 3}, True),
    ("stride-per-axis-2x1", (1, 2, 9, 8), (2, 2, 3, 3), {"stride": (2, 1)}, True),
    ("pad-int1", (2, 3, 7, 7), (4, 3, 3, 3), {"padding": 1}, True),
    ("pad-int2-kernel5", (1, 2, 6, 9), (3, 2, 5, 5), {"padding": 2}, True),
    ("pad-per-axis-2x0", (2, 2, 6, 8), (3, 2, 3, 3), {"padding": (2, 0)}, True),
    ("pad-pairs-uneven", (2, 2, 6, 7), (3, 2, 3, 3), {"padding": ((1, 2), (0, 3))}, True),
    ("pad-mixed-int-and-pair", (1, 2, 6, 7), (2, 2, 3, 2), {"padding": [1, (2, 0)]}, True),
    ("valid", (2, 3, 8, 7), (2, 3, 3, 3), {"padding": "valid"}, True),
    ("same-s1-k3", (2, 3, 7, 8), (4, 3, 3, 3), {"padding": "same"}, True),
    ("same-s1-k4-even", (2, 2, 7, 8), (3, 2, 4, 4), {"padding": "same"}, True),
    ("same-s1-k2x5", (1, 2, 6, 9), (2, 2, 2, 5), {"padding": "same"}, True),
    ("same-s2-k3", (2, 3, 9, 8), (4, 3, 3, 3), {"padding": "same", "stride": 2}, True),
    ("same-s2-k4-even", (2, 2, 9, 10), (3, 2, 4, 4), {"padding": "same", "stride": 2}, True),
    ("same-s3-k2-dil2", (1, 2, 10, 11), (2, 2, 2, 2), {"padding": "same", "stride": 3, "dilation": 2}, True),
    ("dilation2", (2, 2, 9, 10), (3, 2, 3, 3), {"dilation": 2}, True),
    ("dilation-2x3-pad", (1, 2, 9, 12), (2, 2, 3, 3), {"dilation": (2, 3), "padding": 2}, True),
    ("groups2", (2, 4, 7, 7), (6, 2, 3, 3), {"groups": 2}, True),
    ("groups3-stride2-pad1", (2, 6, 8, 9), (3, 2, 3, 3), {"groups": 3, "stride": 2, "padding": 1}, True),
    ("depthwise", (2, 4, 7, 8), (4, 1, 3, 3), {"groups": 4, "padding": 1}, True),
    ("depthwise-multiplier2", (2, 3, 7, 6), (6, 1, 3, 3), {"groups": 3}, True),
    ("bias-none", (2, 3, 6, 6), (4, 3, 3, 3), {"padding": 1}, False),
    ("everything", (3, 4, 11, 12), (6, 2, 3, 2),
     {"stride": (2, 3), "padding": ((2, 1), (0, 2)), "dilation": (1, 2), "groups": 2}, True),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,xs,ws,kw,with_bias", [pytest.param(*c, id=c[0]) for c in CONV2D_CASES])
def test_conv2d_matches_reference(name, xs, ws, kw, with_bias, dtype):
    rng = np.random.default_rng(seed_of(name))
    x, w = randn(rng, xs, dtype), randn(rng, ws, dtype)
    b = randn(rng, (ws[0],), dtype) if with_bias else None
    assert_close(ops.conv2d(x, w, b, **kw), ref.conv2d(x, w, b, **kw), dtype)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", None])
@pytest.mark.parametrize("dtype", DTYPES)
def test_conv2d_fused_activation(activation, dtype):
    rng = np.random.default_rng(7)
    x, w, b = randn(rng, (2, 3, 8, 8), dtype), randn(rng, (5, 3, 3, 3), dtype), randn(rng, (5,), dtype)
    got = ops.conv2d(x, w, b, padding=1, activation=activation)
    want = ref.conv2d(x, w, b, padding=1, activation=activation)
    assert_close(got, want, dtype)
    if activation == "relu":
        assert (got >= 0).all() and (got == 0).any() and (got > 0).any()


def test_conv2d_worked_example():
    """The course's worked example (one channel, no padding, stride 1)."""
    x = np.array([[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]], np.float32)
    w = np.array([[0, 1, 2], [2, 2, 0], [0, 1, 2]], np.float32)
    expected = np.array([[12, 12, 17], [10, 17, 19], [9, 6, 14]], np.float32)
    out = ops.conv2d(x[None, None], w[None, None])
    assert out.shape == (1, 1, 3, 3)
    np.testing.assert_array_equal(out[0, 0], expected)
    # the references agree with the worked example too
    np.testing.assert_array_equal(ref.conv2d(x[None, None], w[None, None])[0, 0], expected)
    np.testing.assert_allclose(ref.conv2d_scipy(x[None, None], w[None, None])[0, 0], expected, atol=1e-12)
    # and as 1D: each row of x against a row of w
    out1 = ops.conv1d(x[None, :1], w[None, :1])
    np.testing.assert_array_equal(out1[0, 0], [3 * 0 + 3 * 1 + 2 * 2, 3 * 0 + 2 * 1 + 1 * 2, 2 * 0 + 1 * 1 + 0 * 2])


def test_reference_conv_agrees_with_scipy():
    rng = np.random.default_rng(3)
    x, w, b = rng.standard_normal((2, 3, 9, 8)), rng.standard_normal((4, 3, 3, 2)), rng.standard_normal(4)
    np.testing.assert_allclose(ref.conv2d(x, w, b), ref.conv2d_scipy(x, w, b), rtol=1e-12, atol=1e-12)
    assert_close(ops.conv2d(x, w, b), ref.conv2d_scipy(x, w, b), np.float64)


def test_output_sizes_lenet_chain():
    """32 -> 28 with a 5x5 filter; repeated: 28, 24, 20, 16."""
    assert ref.out_size(32, 5) == 28
    assert shapes.output_size(32, 5, 1, 0, 0) == 28
    rng = np.random.default_rng(0)
    h = randn(rng, (1, 1, 32, 32))
    sizes = []
    for _ in range(4):
        h = ops.conv2d(h, randn(rng, (1, 1, 5, 5)))
        sizes.append(h.shape[2:])
    assert sizes == [(28, 28), (24, 24), (20, 20), (16, 16)]


@pytest.mark.parametrize("n,f,s,pb,pa,d", [
    (32, 5, 1, 0, 0, 1), (7, 3, 2, 0, 0, 1), (7, 3, 2, 1, 1, 1), (224, 11, 4, 2, 2, 1), (10, 3, 3, 0, 1, 2),
    (5, 5, 1, 0, 0, 1), (6, 2, 4, 1, 2, 1), (9, 3, 1, 4, 0, 3),
])
def test_output_size_formula(n, f, s, pb, pa, d):
    expected = (n + pb + pa - d * (f - 1) - 1) // s + 1
    assert ref.out_size(n, f, s, pb, pa, d) == expected
    assert shapes.output_size(n, f, s, pb, pa, d) == expected
    x = np.ones((1, 1, 1, n), np.float32)
    w = np.ones((1, 1, 1, f), np.float32)
    assert ops.conv2d(x, w, stride=s, padding=((0, 0), (pb, pa)), dilation=d).shape == (1, 1, 1, expected)


@pytest.mark.parametrize("d", [1, 2])
@pytest.mark.parametrize("s", [1, 2, 3])
@pytest.mark.parametrize("f", [1, 2, 3, 4, 5])
def test_same_padding_gives_ceil_n_over_stride(f, s, d):
    rng = np.random.default_rng(f * 100 + s * 10 + d)
    for n in range(1, 12):
        x = randn(rng, (1, 2, n, n + 1))
        w = randn(rng, (3, 2, f, f))
        out = ops.conv2d(x, w, stride=s, dilation=d, padding="same")
        assert out.shape == (1, 3, -(-n // s), -(-(n + 1) // s)), (n, f, s, d)
        out1 = ops.conv1d(x[:, :, 0], w[:, :, 0], stride=s, dilation=d, padding="same")
        assert out1.shape == (1, 3, -(-(n + 1) // s))  # x[:, :, 0] has length n + 1
    # values for one of them
    x = randn(rng, (2, 2, 9, 10), np.float64)
    w = randn(rng, (3, 2, f, f), np.float64)
    assert_close(ops.conv2d(x, w, stride=s, dilation=d, padding="same"),
                 ref.conv2d(x, w, stride=s, dilation=d, padding="same"), np.float64)


# ================================================================ conv1d
CONV1D_CASES = [
    ("n1-c1", (1, 1, 9), (1, 1, 3), {}, True),
    ("n3-c4-k5-odd", (3, 4, 13), (5, 4, 3), {}, True),
    ("stride2", (2, 3, 15), (4, 3, 3), {"stride": 2}, True),
    ("stride3-gt-kernel2", (2, 2, 14), (3, 2, 2), {"stride": 3}, True),
    ("pad-int2", (2, 3, 10), (4, 3, 5), {"padding": 2}, True),
    ("pad-tuple1", (2, 3, 10), (4, 3, 3), {"padding": (1,)}, True),
    ("pad-pair-uneven", (2, 3, 10), (4, 3, 3), {"padding": [(0, 3)]}, True),
    ("valid", (2, 2, 8), (2, 2, 4), {"padding": "valid"}, True),
    ("same-s1-k3", (2, 2, 11), (3, 2, 3), {"padding": "same"}, True),
    ("same-s1-k4-even", (2, 2, 11), (3, 2, 4), {"padding": "same"}, True),
    ("same-s2-k3", (2, 2, 11), (3, 2, 3), {"padding": "same", "stride": 2}, True),
    ("same-s2-k2-even", (2, 2, 12), (3, 2, 2), {"padding": "same", "stride": 2}, True),
    ("dilation3", (2, 2, 15), (3, 2, 3), {"dilation": 3}, True),
    ("groups2", (2, 4, 10), (6, 2, 3), {"groups": 2}, True),
    ("depthwise", (2, 5, 10), (5, 1, 3), {"groups": 5, "padding": 1}, True),
    ("bias-none", (2, 3, 10), (4, 3, 3), {}, False),
    ("everything", (3, 6, 17), (9, 2, 3), {"stride": 2, "padding": [(2, 1)], "dilation": 2, "groups": 3}, True),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,xs,ws,kw,with_bias", [pytest.param(*c, id=c[0]) for c in CONV1D_CASES])
def test_conv1d_matches_reference(name, xs, ws, kw, with_bias, dtype):
    rng = np.random.default_rng(seed_of(name))
    x, w = randn(rng, xs, dtype), randn(rng, ws, dtype)
    b = randn(rng, (ws[0],), dtype) if with_bias else None
    assert_close(ops.conv1d(x, w, b, **kw), ref.conv1d(x, w, b, **kw), dtype)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_conv1d_fused_activation(activation):
    rng = np.random.default_rng(11)
    x, w, b = randn(rng, (2, 3, 12)), randn(rng, (4, 3, 3)), randn(rng, (4,))
    assert_close(ops.conv1d(x, w, b, padding=1, activation=activation),
                 ref.conv1d(x, w, b, padding=1, activation=activation), np.float32)


# ================================================================ pooling
# id, x shape (N, C, H, W), kernel_size, stride, padding, ceil_mode, count_include_pad
POOL2D_CASES = [
    ("k2-default-stride", (2, 3, 8, 8), 2, None, 0, False, True),
    ("k2-odd-input", (1, 1, 7, 9), 2, None, 0, False, True),
    ("k3-s2", (2, 2, 9, 10), 3, 2, 0, False, True),
    ("k3-s1-pad1", (2, 3, 6, 7), 3, 1, 1, False, True),
    ("k3-s1-pad1-exclude-pad", (2, 3, 6, 7), 3, 1, 1, False, False),
    ("k2-s3-stride-gt-kernel", (2, 2, 10, 11), 2, 3, 0, False, True),
    ("k2x3-s1x2-rect", (2, 2, 7, 9), (2, 3), (1, 2), 0, False, True),
    ("pad-per-axis-1x0", (2, 2, 6, 7), 3, 2, (1, 0), False, True),
    ("pad-pairs-uneven", (2, 2, 7, 8), 3, 2, ((0, 2), (2, 1)), False, True),
    ("pad-pairs-uneven-exclude", (2, 2, 7, 8), 3, 2, ((0, 2), (2, 1)), False, False),
    ("ceil-k2-odd-7", (2, 2, 7, 7), 2, 2, 0, True, True),
    ("ceil-k3-s2-pad1", (2, 2, 8, 9), 3, 2, 1, True, True),
    ("ceil-k3-s2-pad1-exclude", (2, 2, 8, 9), 3, 2, 1, True, False),
    ("ceil-drops-window-in-padding", (1, 2, 4, 4), 2, 3, 1, True, True),
    ("ceil-drops-window-exclude", (1, 2, 4, 4), 2, 3, 1, True, False),
    ("ceil-k3-s3-overhang", (2, 1, 10, 11), 3, 3, 0, True, True),
    ("same-s1-k3", (2, 2, 7, 8), 3, 1, "same", False, True),
    ("same-s1-k3-exclude", (2, 2, 7, 8), 3, 1, "same", False, False),
    ("same-s2-k3", (2, 2, 9, 8), 3, 2, "same", False, True),
    ("same-s2-k2", (2, 2, 9, 8), 2, 2, "same", False, False),
    ("valid", (2, 2, 9, 8), 3, 2, "valid", False, True),
    ("global-window", (2, 3, 5, 6), (5, 6), None, 0, False, True),
    # ceil_mode with uneven (before, after) pairs (an extra window on both axes) and with 'same'
    ("ceil-pad-pairs-uneven", (2, 2, 7, 9), 3, 2, ((0, 1), (1, 0)), True, True),
    ("ceil-pad-pairs-uneven-exclude", (2, 2, 7, 9), 3, 2, ((0, 1), (1, 0)), True, False),
    ("ceil-pad-pairs-k3-s3", (2, 1, 11, 10), 3, 3, ((2, 0), (0, 2)), True, True),
    ("ceil-same-s2-k3", (2, 2, 9, 8), 3, 2, "same", True, True),
    ("ceil-same-s3-k2-exclude", (2, 2, 10, 11), 2, 3, "same", True, False),
]
POOL2D_PARAMS = [pytest.param(*c, id=c[0]) for c in POOL2D_CASES]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,xs,k,s,p,ceil,cip", POOL2D_PARAMS)
def test_max_pool2d_matches_reference(name, xs, k, s, p, ceil, cip, dtype):
    rng = np.random.default_rng(seed_of(name))
    x = randn(rng, xs, dtype) - 3  # mostly negative: a zero-padded max pool would be caught
    got = ops.max_pool2d(x, k, s, p, ceil)
    want = ref.max_pool2d(x, k, s, p, ceil)
    assert_close(got, want, dtype)
    np.testing.assert_array_equal(got, want.astype(dtype))  # max is exact


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,xs,k,s,p,ceil,cip", POOL2D_PARAMS)
def test_avg_pool2d_matches_reference(name, xs, k, s, p, ceil, cip, dtype):
    rng = np.random.default_rng(seed_of(name))
    x = randn(rng, xs, dtype) + 1  # mostly positive: a wrong divisor changes the result
    assert_close(ops.avg_pool2d(x, k, s, p, ceil, cip), ref.avg_pool2d(x, k, s, p, ceil, cip), dtype)


def test_pool_ceil_mode_sizes():
    x = np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4) + 1
    # n=4, k=2, s=3, pad=1: windows start at -1, 2 (and 5 would start in the right padding: dropped)
    out = ops.max_pool2d(x, 2, 3, 1, ceil_mode=True)
    assert out.shape == (1, 1, 2, 2)
    np.testing.assert_array_equal(out[0, 0], [[1, 4], [13, 16]])
    assert ops.max_pool2d(x, 2, 3, 1, ceil_mode=False).shape == (1, 1, 2, 2)
    x7 = np.ones((1, 1, 7, 7), np.float32)
    assert ops.max_pool2d(x7, 2, 2).shape == (1, 1, 3, 3)
    assert ops.max_pool2d(x7, 2, 2, ceil_mode=True).shape == (1, 1, 4, 4)
    # the overhanging last window averages only what lies inside the (padded) input
    np.testing.assert_array_equal(ops.avg_pool2d(x7, 2, 2, ceil_mode=True), np.ones((1, 1, 4, 4)))


def test_avg_pool_divisor_hand_computed():
    x = np.ones((1, 1, 3, 3), np.float64)
    inc = ops.avg_pool2d(x, 3, 1, 1, count_include_pad=True)[0, 0]
    exc = ops.avg_pool2d(x, 3, 1, 1, count_include_pad=False)[0, 0]
    np.testing.assert_allclose(inc, [[4 / 9, 6 / 9, 4 / 9], [6 / 9, 1, 6 / 9], [4 / 9, 6 / 9, 4 / 9]], rtol=1e-15)
    np.testing.assert_allclose(exc, np.ones((3, 3)), rtol=1e-15)


POOL1D_CASES = [
    ("k2", (2, 3, 9), 2, None, 0, False, True),
    ("k3-s2-pad1", (2, 2, 10), 3, 2, 1, False, True),
    ("k3-s2-pad1-exclude-ceil", (2, 2, 10), 3, 2, 1, True, False),
    ("k2-s3", (1, 2, 11), 2, 3, 0, False, True),
    ("pair-uneven", (2, 2, 9), 3, 2, [(2, 0)], False, False),
    ("same-s2-k3", (2, 2, 9), 3, 2, "same", False, True),
    ("ceil-odd", (2, 1, 7), 2, 2, 0, True, True),
    ("ceil-pair-uneven", (2, 2, 9), 3, 2, [(1, 0)], True, True),
    ("ceil-pair-uneven-exclude", (2, 2, 9), 3, 2, [(0, 1)], True, False),
    ("ceil-same-s2-k3", (2, 2, 9), 3, 2, "same", True, True),
    ("ceil-same-s3-k2-exclude", (1, 2, 11), 2, 3, "same", True, False),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,xs,k,s,p,ceil,cip", [pytest.param(*c, id=c[0]) for c in POOL1D_CASES])
def test_pool1d_matches_reference(name, xs, k, s, p, ceil, cip, dtype):
    rng = np.random.default_rng(seed_of(name))
    x = randn(rng, xs, dtype)
    assert_close(ops.max_pool1d(x - 3, k, s, p, ceil), ref.max_pool1d(x - 3, k, s, p, ceil), dtype)
    assert_close(ops.avg_pool1d(x + 1, k, s, p, ceil, cip), ref.avg_pool1d(x + 1, k, s, p, ceil, cip), dtype)


def test_ceil_pad_pair_cases_add_a_window():
    """The ceil_mode cases with uneven pairs are not floor mode in disguise: each adds a window on some axis,
    and the engine's output has the reference's (larger) shape. With 'same' ceil_mode never adds one."""
    cases = [c for c in POOL2D_CASES if c[0].startswith("ceil-pad-pairs")]
    cases += [(n, (xs[0], xs[1], 1, xs[2]), (1, k), (1, s), [(0, 0), p[0]], ceil, cip)
              for n, xs, k, s, p, ceil, cip in POOL1D_CASES if n.startswith("ceil-pair")]
    assert len(cases) == 5
    for name, xs, k, s, p, _, _ in cases:
        x = np.ones(xs, np.float32)
        ceil, floor = ops.max_pool2d(x, k, s, p, True).shape, ops.max_pool2d(x, k, s, p, False).shape
        assert ceil == ref.max_pool2d(x, k, s, p, True).shape, name
        assert ceil != floor and all(c >= f for c, f in zip(ceil, floor)), (name, ceil, floor)
    for name, xs, k, s, p, _, _ in [c for c in POOL2D_CASES if c[0].startswith("ceil-same")]:
        x = np.ones(xs, np.float32)
        assert ops.max_pool2d(x, k, s, p, True).shape == ops.max_pool2d(x, k, s, p, False).shape, name


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("xs", [(1, 1, 5, 5), (3, 4, 6, 7), (2, 3, 9), (1, 2, 1, 1)], ids=str)
def test_global_avg_pool(xs, dtype):
    rng = np.random.default_rng(len(xs) + xs[-1])
    x = randn(rng, xs, dtype) + 0.5
    out = ops.global_avg_pool(x)
    assert out.shape == xs[:2] + (1,) * (len(xs) - 2)
    assert_close(out, ref.global_avg_pool(x), dtype)


# ================================================================ dense, activations, softmax
LINEAR_CASES = [
    ("n1-in1-out1", 1, 1, 1, True),
    ("n1-in5-out3", 1, 5, 3, True),
    ("n7-in33-out10", 7, 33, 10, True),
    ("n4-in400-out120", 4, 400, 120, True),
    ("n3-in17-out5-bias-none", 3, 17, 5, False),
]


@pytest.mark.parametrize("activation", [None, "relu", "tanh", "sigmoid"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,n,fin,fout,with_bias", [pytest.param(*c, id=c[0]) for c in LINEAR_CASES])
def test_linear_matches_reference(name, n, fin, fout, with_bias, dtype, activation):
    rng = np.random.default_rng(seed_of(name))
    x, w = randn(rng, (n, fin), dtype), randn(rng, (fout, fin), dtype)
    b = randn(rng, (fout,), dtype) if with_bias else None
    if activation == "relu" and fout == 1:
        b = None if b is None else np.abs(b) + np.abs(x @ w.T).max()  # keep the single output positive
    assert_close(ops.linear(x, w, b, activation), ref.linear(x, w, b, activation), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fin", [1, 3, 15, 16, 17, 37, 63, 84, 120, 333, 400, 1023, 1024, 1025, 2049, 9216])
def test_dense_rows_of_one_image_round_as_the_batched_rows(fin, dtype):
    # cpu.dense_rows_one (a batch of one: 16 rows at a time) must give each sum the same rounding as
    # cpu.dense_rows (4 rows x 4 images), or a batch of 1 and a batch of 256 would differ in the last bit
    from engine.kernels import cpu
    rng = np.random.default_rng(fin)
    x, w, b = randn(rng, (1, fin), dtype), randn(rng, (32, fin), dtype), randn(rng, (32,), dtype)
    for act in range(4):
        one, batched = np.empty((1, 32), dtype), np.empty((1, 32), dtype)
        for o in range(0, 32, 16):
            cpu.dense_rows_one(x, w, b, one, np.int64(act), o)
        for o in range(0, 32, 4):
            cpu.dense_rows(x, w, b, batched, np.int64(act), o)
        assert np.array_equal(one, batched), f"activation {act}: max diff {np.abs(one - batched).max()}"
    assert_close(one, ref.linear(x, w, b, "sigmoid"), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fin", [1, 3, 15, 16, 17, 37, 63, 84, 120, 333, 400, 1023, 1024, 1025, 2049, 9216])
def test_dense_of_one_or_two_images_rounds_as_a_larger_batch(fin, dtype):
    # one or two images take 8 weight rows per job (cpu.dense_rows_8), larger batches 4 rows x 4 images
    # (cpu.dense_rows); each image's outputs must be the same bits either way, rows left over by 8 included
    rng = np.random.default_rng(fin + 1)
    x, w, b = randn(rng, (5, fin), dtype), randn(rng, (37, fin), dtype), randn(rng, (37,), dtype)
    for act in ("relu", "sigmoid"):
        batched = ops.linear(x, w, b, act)
        for n in (1, 2):
            assert np.array_equal(ops.linear(x[:n], w, b, act), batched[:n]), (n, act)
        assert np.array_equal(ops.linear(x[3:5], w, b, act), batched[3:5]), act
    assert_close(ops.linear(x[:1], w, b), ref.linear(x[:1], w, b), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op,reffn", [(ops.relu, ref.relu), (ops.tanh, ref.tanh), (ops.sigmoid, ref.sigmoid)],
                         ids=["relu", "tanh", "sigmoid"])
@pytest.mark.parametrize("shape", [(17,), (3, 5), (2, 3, 4, 5)], ids=str)
def test_activations(op, reffn, shape, dtype):
    rng = np.random.default_rng(sum(shape))
    x = randn(rng, shape, dtype, scale=4.0)
    assert_close(op(x), reffn(x), dtype)


def test_activation_extremes():
    x = np.array([-np.inf, -100.0, -1.0, 0.0, 1.0, 100.0, np.inf], np.float32)
    np.testing.assert_array_equal(ops.relu(x), [0, 0, 0, 0, 1, 100, np.inf])
    assert not np.signbit(ops.relu(x)).any(), "relu should give +0, as PyTorch does"
    np.testing.assert_array_equal(ops.tanh(x), np.tanh(x.astype(np.float64)).astype(np.float32))
    s = ops.sigmoid(x)
    assert np.isfinite(s).all() and s[0] == 0 and s[-1] == 1 and s[3] == 0.5
    # sigmoid(-100) ~ 3.7e-44 is subnormal in float32: absolute tolerance at the smallest normal number
    np.testing.assert_allclose(s, ref.sigmoid(x), rtol=1e-6, atol=np.finfo(np.float32).tiny)
    # scalars work too
    assert ops.relu(np.float64(-3.0)) == 0 and ops.tanh(0.0) == 0


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,axis", [((5,), -1), ((4, 10), -1), ((4, 10), 0), ((2, 3, 4), 1), ((2, 3, 4), 0),
                                        ((3, 7, 2, 2), 1), ((2, 3, 4), -2), ((3, 7, 2, 5), -3), ((3, 7, 2, 5), -2),
                                        ((1, 10), -1), ((1, 10), 1)], ids=str)
def test_softmax(shape, axis, dtype):
    rng = np.random.default_rng(len(shape) * 10 + axis)
    x = randn(rng, shape, dtype, scale=3.0)
    out = ops.softmax(x, axis=axis)
    assert_close(out, ref.softmax(x, axis=axis), dtype)
    np.testing.assert_allclose(out.sum(axis=axis), 1, rtol=1e-6 if dtype == np.float32 else 1e-14)
    if shape[axis] > 1:  # not the softmax over another axis (the test can tell the axes apart)
        other = (axis + 1) % len(shape) if len(shape) > 1 else None
        if other is not None and shape[other] > 1 and other != axis % len(shape):
            assert ref.rel_error(ref.softmax(x, axis=other), ref.softmax(x, axis=axis)) > 1e-2


def test_softmax_is_stable_for_large_logits():
    x = np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1001.0, -999.0]], np.float32)
    out = ops.softmax(x)
    assert np.isfinite(out).all()
    assert_close(out, ref.softmax(x), np.float32)


# ================================================================ normalisation
BN_CASES = [
    ("vector-n5-c4", (5, 4), True),
    ("1d-n2-c3-l7", (2, 3, 7), True),
    ("2d-n3-c4-5x6", (3, 4, 5, 6), True),
    ("2d-n1-c1", (1, 1, 4, 4), True),
    ("2d-affine-none", (2, 3, 4, 5), False),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,shape,affine", [pytest.param(*c, id=c[0]) for c in BN_CASES])
def test_batch_norm(name, shape, affine, dtype):
    rng = np.random.default_rng(seed_of(name))
    C = shape[1]
    x = randn(rng, shape, dtype, scale=2.0)
    mean, var = rng.standard_normal(C), rng.uniform(0.2, 3.0, C)
    weight, bias = (rng.standard_normal(C), rng.standard_normal(C)) if affine else (None, None)
    for eps in (1e-5, 1e-3):
        assert_close(ops.batch_norm(x, mean, var, weight, bias, eps), ref.batch_norm(x, mean, var, weight, bias, eps),
                     dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,shape,affine", [pytest.param(*c, id=c[0]) for c in BN_CASES])
def test_batch_norm_prepared_scale_and_shift(name, shape, affine, dtype):
    """The prepared=(scale, shift) path (what layers use) against reference.batch_norm, with the coefficients
    computed here (scale = weight / sqrt(var + eps), shift = bias - mean * scale) and by batch_norm_coefficients."""
    rng = np.random.default_rng(seed_of(name) + 1)
    C = shape[1]
    x = randn(rng, shape, dtype, scale=2.0)
    mean, var = rng.standard_normal(C), rng.uniform(0.2, 3.0, C)
    weight, bias = (rng.standard_normal(C), rng.standard_normal(C)) if affine else (None, None)
    eps = 1e-3
    want = ref.batch_norm(x, mean, var, weight, bias, eps)
    scale = (np.ones(C) if weight is None else weight) / np.sqrt(var + eps)
    shift = (np.zeros(C) if bias is None else bias) - mean * scale
    assert_close(ops.batch_norm(x, None, None, prepared=(scale, shift)), want, dtype)
    coeffs = ops.batch_norm_coefficients(C, mean, var, weight, bias, eps)
    np.testing.assert_allclose(coeffs[0], scale, rtol=1e-12)
    np.testing.assert_allclose(coeffs[1], shift, rtol=1e-12, atol=1e-12)
    assert_close(ops.batch_norm(x, None, None, prepared=coeffs), want, dtype)
    # prepared wins over the statistics passed beside it
    assert_close(ops.batch_norm(x, mean + 5, var * 3, prepared=(scale, shift)), want, dtype)


LRN_CASES = [
    ("size1", (2, 3, 4, 4), 1, 1e-4, 0.75, 1.0),
    ("size2-even", (2, 6, 3, 5), 2, 0.5, 0.75, 1.0),
    ("size3", (2, 6, 3, 5), 3, 0.3, 0.5, 2.0),
    ("size5-alexnet", (2, 8, 5, 5), 5, 1e-4, 0.75, 2.0),
    ("size5-strong", (2, 8, 5, 5), 5, 1.0, 0.75, 1.0),
    ("size-gt-channels", (2, 3, 4, 4), 7, 0.8, 0.6, 1.5),
    ("1d", (2, 5, 9), 4, 0.6, 0.75, 1.0),
    ("batch1", (1, 6, 3, 4), 3, 0.5, 0.75, 1.0),
    ("batch1-1d", (1, 4, 7), 2, 0.9, 0.6, 1.0),
    ("one-channel", (2, 1, 4, 5), 3, 0.7, 0.75, 1.0),
    ("one-channel-batch1-size1", (1, 1, 3, 3), 1, 0.9, 0.5, 2.0),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,shape,size,alpha,beta,k", [pytest.param(*c, id=c[0]) for c in LRN_CASES])
def test_local_response_norm(name, shape, size, alpha, beta, k, dtype):
    rng = np.random.default_rng(seed_of(name))
    x = randn(rng, shape, dtype, scale=3.0)
    got = ops.local_response_norm(x, size, alpha, beta, k)
    want = ref.local_response_norm(x, size, alpha, beta, k)
    assert_close(got, want, dtype)
    if alpha >= 0.3:  # the test can tell LRN from the identity
        assert ref.rel_error(x, want) > 1e-2


def _lrn_formula(a, size, alpha, beta, k):
    """b_c = a_c / (k + alpha/size * sum_{j=c-size//2}^{c+(size-1)//2} a_j^2)^beta, zeros past the edges
    (vectorised over channels with a zero-padded cumulative sum; independent of reference.py's loop)."""
    a = np.asarray(a, np.float64)
    C = a.shape[1]
    sq = np.concatenate([np.zeros_like(a[:, :1]), np.cumsum(a ** 2, axis=1)], axis=1)   # sq[:, c] = sum_{j<c}
    lo = np.clip(np.arange(C) - size // 2, 0, C)
    hi = np.clip(np.arange(C) + (size - 1) // 2 + 1, 0, C)
    return a / (k + alpha / size * (sq[:, hi] - sq[:, lo])) ** beta


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,shape,size,alpha,beta,k", [pytest.param(*c, id=c[0]) for c in LRN_CASES
                                                           if c[0].startswith(("batch1", "one-channel"))])
def test_local_response_norm_edge_shapes_explicit_formula(name, shape, size, alpha, beta, k, dtype):
    rng = np.random.default_rng(seed_of(name) + 2)
    x = randn(rng, shape, dtype, scale=3.0)
    want = _lrn_formula(x, size, alpha, beta, k)
    assert_close(ops.local_response_norm(x, size, alpha, beta, k), want, dtype)
    if shape[1] == 1:  # one channel: only a_c itself is ever in the window
        np.testing.assert_allclose(want, x / (k + alpha / size * np.asarray(x, np.float64) ** 2) ** beta,
                                   rtol=1e-14)
    assert ref.rel_error(x, want) > 1e-2


def test_flatten():
    x = np.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5)
    np.testing.assert_array_equal(ops.flatten(x), x.reshape(2, 60))


# ================================================================ dtype rules
def _ops_and_refs(x4, seed):
    """Every op applied to a (2, 2, 6, 6) input with random float64 weights -> {name: (ours, reference)}."""
    rng = np.random.default_rng(seed)
    xf = np.asarray(x4, np.float64)
    w, b = rng.standard_normal((3, 2, 3, 3)), rng.standard_normal(3)
    w1, b1 = rng.standard_normal((3, 2, 3)), rng.standard_normal(3)
    wd, bd = rng.standard_normal((4, 72)), rng.standard_normal(4)
    mean, var = rng.standard_normal(2), rng.uniform(0.2, 3.0, 2)
    gamma, beta = rng.standard_normal(2), rng.standard_normal(2)
    return {
        "conv2d": (ops.conv2d(x4, w, b, padding=1), ref.conv2d(xf, w, b, padding=1)),
        "conv1d": (ops.conv1d(x4[:, :, 0], w1, b1), ref.conv1d(xf[:, :, 0], w1, b1)),
        "max_pool2d": (ops.max_pool2d(x4, 2), ref.max_pool2d(xf, 2)),
        "avg_pool2d": (ops.avg_pool2d(x4, 3, 2, 1, True, False), ref.avg_pool2d(xf, 3, 2, 1, True, False)),
        "max_pool1d": (ops.max_pool1d(x4[:, :, 0], 2), ref.max_pool1d(xf[:, :, 0], 2)),
        "avg_pool1d": (ops.avg_pool1d(x4[:, :, 0], 2), ref.avg_pool1d(xf[:, :, 0], 2)),
        "global_avg_pool": (ops.global_avg_pool(x4), ref.global_avg_pool(xf)),
        "linear": (ops.linear(x4.reshape(2, -1), wd, bd), ref.linear(xf.reshape(2, -1), wd, bd)),
        "relu": (ops.relu(x4), ref.relu(xf)),
        "tanh": (ops.tanh(x4), ref.tanh(xf)),
        "sigmoid": (ops.sigmoid(x4), ref.sigmoid(xf)),
        "softmax": (ops.softmax(x4, axis=1), ref.softmax(xf, axis=1)),
        "batch_norm": (ops.batch_norm(x4, mean, var, gamma, beta), ref.batch_norm(xf, mean, var, gamma, beta)),
        "lrn": (ops.local_response_norm(x4, 3, 0.5), ref.local_response_norm(xf, 3, 0.5)),
    }


def _dtype_input(dtype, rng):
    """A (2, 2, 6, 6) input of `dtype` with varied values (both signs where the type has them)."""
    dtype = np.dtype(dtype)
    shape = (2, 2, 6, 6)
    if dtype == np.bool_:
        return rng.random(shape) < 0.5
    if dtype.kind == "u":
        return rng.integers(0, 256, shape).astype(dtype)
    if dtype.kind == "i":
        return rng.integers(-9, 10, shape).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


@pytest.mark.parametrize("dtype,expected", [
    (np.float64, np.float64), (np.float32, np.float32), (np.float16, np.float32), (np.int32, np.float32),
    (np.int64, np.float32), (np.uint8, np.float32), (np.bool_, np.float32)], ids=lambda v: np.dtype(v).name)
def test_dtype_rules(dtype, expected):
    """Output dtype: float64 stays, everything else computes in float32; values against the float64
    references on the input's exact values (float16 and integers are exact in float64)."""
    x = _dtype_input(dtype, np.random.default_rng(seed_of(np.dtype(dtype).name)))
    assert x.dtype == dtype and len(np.unique(x)) > 1
    for name, (out, want) in _ops_and_refs(x, 466).items():
        assert out.dtype == expected, f"{name}: {out.dtype}"
        try:
            assert_close(out, want, expected)
        except AssertionError as e:
            raise AssertionError(f"{name}: {e}") from None


def test_mixed_dtypes_follow_x():
    rng = np.random.default_rng(5)
    x32, w64 = randn(rng, (1, 2, 5, 5)), randn(rng, (3, 2, 3, 3), np.float64)
    assert ops.conv2d(x32, w64).dtype == np.float32
    out = ops.conv2d(x32.astype(np.float64), w64)
    assert out.dtype == np.float64
    assert_close(out, ref.conv2d(x32, w64), np.float64)
    assert ops.linear(x32.reshape(1, -1)[:, :18], w64.reshape(3, -1)).dtype == np.float32


def test_non_contiguous_inputs():
    rng = np.random.default_rng(9)
    x = randn(rng, (6, 6, 3, 2)).transpose(3, 2, 1, 0)  # (2, 3, 6, 6), not C-contiguous
    w = randn(rng, (3, 3, 4, 3))[..., ::-1]
    assert not x.flags.c_contiguous and not w.flags.c_contiguous
    assert_close(ops.conv2d(x, w, padding=1), ref.conv2d(x, w, padding=1), np.float32)
    assert_close(ops.max_pool2d(x, 2), ref.max_pool2d(x, 2), np.float32)
    xs = x[:, 0, 0, :]                    # (2, 6), strided
    ws = randn(rng, (6, 4)).T             # (4, 6), Fortran order
    assert_close(ops.linear(xs, ws), ref.linear(xs, ws), np.float32)


# ================================================================ determinism
def _batch_cases():
    """name -> f(x) for a (N, 3, 12, 12) float32 batch."""
    rng = np.random.default_rng(21)
    w, b = randn(rng, (8, 3, 3, 3)), randn(rng, (8,))
    wd, bd = randn(rng, (10, 3 * 12 * 12)), randn(rng, (10,))
    return {
        "conv2d": lambda x: ops.conv2d(x, w, b, stride=2, padding="same", activation="relu"),
        "conv2d-dilated": lambda x: ops.conv2d(x, w, b, padding=2, dilation=2),
        "linear": lambda x: ops.linear(x.reshape(x.shape[0], -1), wd, bd, activation="tanh"),
        "max_pool2d": lambda x: ops.max_pool2d(x, 3, 2, 1, ceil_mode=True),
        "avg_pool2d": lambda x: ops.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False),
        "softmax": lambda x: ops.softmax(x, axis=1),
        "lrn": lambda x: ops.local_response_norm(x, 3, 0.5),
    }


BATCH_CASES = _batch_cases()


@pytest.mark.parametrize("name", list(BATCH_CASES))
def test_batch_of_one_equals_row_of_batch(name):
    fn = BATCH_CASES[name]
    x = randn(np.random.default_rng(22), (64, 3, 12, 12))
    full = fn(x)
    for i in (0, 1, 17, 63):
        np.testing.assert_array_equal(fn(x[i:i + 1])[0], full[i], err_msg=f"row {i}")


def test_lenet_predict_batch_of_one_equals_batch(lenet):
    x = randn(np.random.default_rng(23), (64, 1, 32, 32))
    full = lenet.predict(x)
    assert full.shape == (64, 10)
    for i in range(0, 64, 9):
        np.testing.assert_array_equal(lenet.predict(x[i:i + 1])[0], full[i])
        np.testing.assert_array_equal(lenet.predict(x[i])[0], full[i])
    # predicting in batches of 5 (a ragged last batch) changes nothing either
    np.testing.assert_array_equal(lenet.predict(x, batch_size=5), full)


def test_thread_count_does_not_change_results(lenet, restore_threads):
    if restore_threads < 2:
        pytest.skip("Numba runs with a single thread here")
    x = randn(np.random.default_rng(24), (16, 3, 12, 12))
    xl = randn(np.random.default_rng(25), (16, 1, 32, 32))
    results = {}
    for threads in (1, 2):
        numba.set_num_threads(threads)
        results[threads] = {name: fn(x) for name, fn in BATCH_CASES.items()}
        results[threads]["lenet"] = lenet.predict(xl)
    for name in results[1]:
        np.testing.assert_array_equal(results[1][name], results[2][name], err_msg=name)


# ================================================================ argument errors
X4 = np.ones((1, 2, 6, 6), np.float32)
W4 = np.ones((3, 2, 3, 3), np.float32)
X3 = np.ones((1, 2, 8), np.float32)
W3 = np.ones((3, 2, 3), np.float32)

ERROR_CASES = [
    ("conv2d-x-rank3", lambda: ops.conv2d(X3, W4), r"^x: .*4-d"),
    ("conv2d-x-rank5", lambda: ops.conv2d(X4[None], W4), r"^x: .*4-d"),
    ("conv2d-w-rank3", lambda: ops.conv2d(X4, W3), r"^w: .*4-d"),
    ("conv2d-channels", lambda: ops.conv2d(X4, np.ones((3, 3, 3, 3))), r"^w: .*channels"),
    ("conv2d-kernel-too-large", lambda: ops.conv2d(X4, np.ones((3, 2, 7, 3))), r"kernel"),
    ("conv2d-dilated-kernel-too-large", lambda: ops.conv2d(X4, W4, dilation=3), r"kernel.*dilation"),
    ("conv2d-stride-0", lambda: ops.conv2d(X4, W4, stride=0), r"^stride: .*positive"),
    ("conv2d-stride-negative", lambda: ops.conv2d(X4, W4, stride=(1, -2)), r"^stride: "),
    ("conv2d-stride-3-values", lambda: ops.conv2d(X4, W4, stride=(1, 1, 1)), r"^stride: "),
    ("conv2d-dilation-0", lambda: ops.conv2d(X4, W4, dilation=0), r"^dilation: "),
    ("conv2d-groups-0", lambda: ops.conv2d(X4, W4, groups=0), r"^groups: "),
    ("conv2d-groups-not-dividing-channels", lambda: ops.conv2d(np.ones((1, 3, 6, 6)), np.ones((4, 1, 3, 3)), groups=2),
     r"^w: .*groups"),
    ("conv2d-groups-not-dividing-filters", lambda: ops.conv2d(X4, np.ones((3, 1, 3, 3)), groups=2), r"groups"),
    ("conv2d-padding-string", lambda: ops.conv2d(X4, W4, padding="full"), r"^padding: "),
    ("conv2d-padding-negative", lambda: ops.conv2d(X4, W4, padding=-1), r"^padding: .*negative"),
    ("conv2d-padding-wrong-length", lambda: ops.conv2d(X4, W4, padding=(1, 1, 1)), r"^padding: "),
    ("conv2d-padding-bad-pair", lambda: ops.conv2d(X4, W4, padding=((1, 2, 3), 1)), r"^padding: "),
    ("conv2d-padding-float", lambda: ops.conv2d(X4, W4, padding=1.5), r"^padding: "),
    ("conv2d-bias-shape", lambda: ops.conv2d(X4, W4, np.ones(2)), r"^b: "),
    ("conv2d-activation", lambda: ops.conv2d(X4, W4, activation="gelu"), r"^activation: "),
    ("conv2d-empty", lambda: ops.conv2d(np.ones((0, 2, 6, 6)), W4), r"^x: .*empty"),
    ("conv2d-strings", lambda: ops.conv2d(np.array([[[["a"]]]]), W4), r"^x: .*numeric"),
    ("conv2d-device", lambda: ops.conv2d(X4, W4, device="tpu"), r"^device: "),
    ("conv1d-x-rank4", lambda: ops.conv1d(X4, W3), r"^x: .*3-d"),
    ("conv1d-channels", lambda: ops.conv1d(X3, np.ones((3, 4, 3))), r"^w: .*channels"),
    ("conv1d-kernel-too-large", lambda: ops.conv1d(X3, np.ones((3, 2, 9))), r"kernel"),
    ("conv1d-padding-string", lambda: ops.conv1d(X3, W3, padding="half"), r"^padding: "),
    ("max_pool2d-rank", lambda: ops.max_pool2d(X3, 2), r"^x: .*4-d"),
    ("max_pool2d-kernel-0", lambda: ops.max_pool2d(X4, 0), r"^kernel_size: "),
    ("max_pool2d-kernel-too-large", lambda: ops.max_pool2d(X4, 7), r"^kernel_size: "),
    ("max_pool2d-stride-0", lambda: ops.max_pool2d(X4, 2, 0), r"^stride: "),
    ("max_pool2d-padding-ge-kernel", lambda: ops.max_pool2d(X4, 2, 1, 2), r"^padding: "),
    ("max_pool2d-padding-string", lambda: ops.max_pool2d(X4, 2, padding="full"), r"^padding: "),
    ("avg_pool2d-padding-negative", lambda: ops.avg_pool2d(X4, 2, padding=-1), r"^padding: "),
    ("max_pool1d-rank", lambda: ops.max_pool1d(X4, 2), r"^x: .*3-d"),
    ("avg_pool1d-kernel-too-large", lambda: ops.avg_pool1d(X3, 9), r"^kernel_size: "),
    ("global_avg_pool-rank", lambda: ops.global_avg_pool(np.ones((2, 3))), r"^x: "),
    ("linear-features", lambda: ops.linear(np.ones((2, 5)), np.ones((3, 4))), r"^w: .*features"),
    ("linear-x-rank", lambda: ops.linear(np.ones((2, 5, 1)), np.ones((3, 5))), r"^x: .*2-d"),
    ("linear-w-rank", lambda: ops.linear(np.ones((2, 5)), np.ones(5)), r"^w: .*2-d"),
    ("linear-bias-shape", lambda: ops.linear(np.ones((2, 5)), np.ones((3, 5)), np.ones(5)), r"^b: "),
    ("linear-activation", lambda: ops.linear(np.ones((2, 5)), np.ones((3, 5)), activation="swish"), r"^activation: "),
    ("softmax-axis", lambda: ops.softmax(np.ones((2, 3)), axis=2), r"^axis: "),
    ("softmax-scalar", lambda: ops.softmax(np.float32(1)), r"^x: "),
    ("batch_norm-rank", lambda: ops.batch_norm(np.ones(3), np.zeros(3), np.ones(3)), r"^x: "),
    ("batch_norm-mean-shape", lambda: ops.batch_norm(X4, np.zeros(3), np.ones(2)), r"^mean: "),
    ("batch_norm-weight-shape", lambda: ops.batch_norm(X4, np.zeros(2), np.ones(2), np.ones(5)), r"^weight: "),
    ("batch_norm-negative-var", lambda: ops.batch_norm(X4, np.zeros(2), -np.ones(2)), r"^var: "),
    ("lrn-size-0", lambda: ops.local_response_norm(X4, 0), r"^size: "),
    ("lrn-rank", lambda: ops.local_response_norm(np.ones((2, 3)), 2), r"^x: "),
]


@pytest.mark.parametrize("call,match", [pytest.param(c[1], c[2], id=c[0]) for c in ERROR_CASES])
def test_bad_arguments_raise_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# Arrays that hold no numbers: each names its argument (not numpy's "could not convert string to float")
NON_NUMERIC_CASES = [
    ("conv2d-b-string", lambda: ops.conv2d(X4, W4, "abc"), "b"),
    ("conv2d-b-ragged", lambda: ops.conv2d(X4, W4, [[1, 2], [3]]), "b"),
    ("conv1d-b-string", lambda: ops.conv1d(X3, W3, "abc"), "b"),
    ("conv2d_train-b-string", lambda: ops.conv2d_train(X4, W4, "abc"), "b"),
    ("linear-b-string", lambda: ops.linear(np.ones((2, 5)), np.ones((3, 5)), "abc"), "b"),
    ("relu-string", lambda: ops.relu("abc"), "x"),
    ("relu-ragged", lambda: ops.relu([[1, 2], [3]]), "x"),
    ("tanh-string", lambda: ops.tanh("abc"), "x"),
    ("sigmoid-string", lambda: ops.sigmoid("abc"), "x"),
    ("relu-timedelta", lambda: ops.relu(np.ones(3, "m8[s]")), "x"),
    ("softmax-string", lambda: ops.softmax("abc"), "x"),
    ("flatten-ragged", lambda: ops.flatten([[1, 2], [3]]), "x"),
    ("batch_norm-mean-string", lambda: ops.batch_norm(X4, "ab", np.ones(2)), "mean"),
    ("batch_norm-var-string", lambda: ops.batch_norm(X4, np.zeros(2), "ab"), "var"),
    ("batch_norm-weight-string", lambda: ops.batch_norm(X4, np.zeros(2), np.ones(2), "ab"), "weight"),
    ("batch_norm-bias-string", lambda: ops.batch_norm(X4, np.zeros(2), np.ones(2), None, "ab"), "bias"),
    ("batch_norm_train-weight-string", lambda: ops.batch_norm_train(X4, "ab", np.zeros(2)), "weight"),
    ("batch_norm_train-bias-string", lambda: ops.batch_norm_train(X4, np.ones(2), "ab"), "bias"),
    ("batch_norm_train-x-rank1", lambda: ops.batch_norm_train(np.ones(3), np.ones(3), np.zeros(3)), "x"),
    ("batch_norm_backward-dy-string", lambda: ops.batch_norm_backward(X4, "ab", *np.ones((3, 2))), "dy"),
    ("batch_norm_backward-mean-string", lambda: ops.batch_norm_backward(X4, X4, np.ones(2), "ab", np.ones(2)),
     "mean"),
    ("lrn_backward-dy-string", lambda: ops.local_response_norm_backward(X4, "ab", 3), "dy"),
    ("softmax_cross_entropy-labels-string", lambda: ops.softmax_cross_entropy(np.ones((2, 3)), "ab"), "labels"),
    ("linear_backward-dz-string", lambda: ops.linear_backward(np.ones((2, 5)), np.ones((3, 5)), "abc"), "dz"),
    ("activation_backward-dy-string", lambda: ops.activation_backward(X4, "abc", "relu"), "dy"),
    ("activation_backward-y-string", lambda: ops.activation_backward("abc", X4, "relu"), "y"),
    ("softmax_backward-y-string", lambda: ops.softmax_backward("abc", np.ones((2, 3))), "y"),
    ("softmax_backward-dy-string", lambda: ops.softmax_backward(np.ones((2, 3)), "abc"), "dy"),
    ("pool_backward-dy-string", lambda: ops.pool_backward("max", X4, "abc", 2, 2), "dy"),
    ("pool_backward-dy-size", lambda: ops.pool_backward("max", X4, np.ones(5), 2, 2), "dy"),
    ("global_avg_pool_backward-dy-string", lambda: ops.global_avg_pool_backward(X4.shape, "ab"), "dy"),
    ("conv2d_backward-dz-string", lambda: ops.conv2d_backward(ops.conv2d_train(X4, W4)[1], W4, "abc"), "dz"),
    ("conv1d_backward-w-rank2", lambda: ops.conv1d_backward(ops.conv1d_train(X3, W3)[1], W3[0], np.ones((1, 3, 6))),
     "w"),
    ("prepare_conv2d_weights-w-string", lambda: ops.prepare_conv2d_weights("abc"), "w"),
    ("prepare_conv2d_weights-groups-string", lambda: ops.prepare_conv2d_weights(W4, "abc"), "groups"),
]


@pytest.mark.parametrize("call,name", [pytest.param(c[1], c[2], id=c[0]) for c in NON_NUMERIC_CASES])
def test_non_numeric_arrays_name_the_argument(call, name):
    with pytest.raises(ValueError, match=rf"^{name}: ") as info:
        call()
    assert "\n" not in str(info.value)


COMPLEX_CASES = [
    ("conv2d-x", lambda c: ops.conv2d(X4.astype(c), W4), "x"),
    ("conv2d-w", lambda c: ops.conv2d(X4, W4.astype(c)), "w"),
    ("conv2d-b", lambda c: ops.conv2d(X4, W4, np.ones(3, c)), "b"),
    ("max_pool2d-x", lambda c: ops.max_pool2d(X4.astype(c), 2), "x"),
    ("linear-w", lambda c: ops.linear(np.ones((2, 5)), np.ones((3, 5), c)), "w"),
    ("relu-array", lambda c: ops.relu(np.ones(3, c)), "x"),
    ("relu-scalar", lambda c: ops.relu(np.ones((), c)), "x"),
    ("softmax-x", lambda c: ops.softmax(np.ones((2, 3), c)), "x"),
    ("batch_norm-var", lambda c: ops.batch_norm(X4, np.zeros(2), np.ones(2, c)), "var"),
    ("softmax_cross_entropy-logits", lambda c: ops.softmax_cross_entropy(np.ones((2, 3), c), [0, 1]), "logits"),
    ("activation_backward-dy", lambda c: ops.activation_backward(X4, X4.astype(c), "relu"), "dy"),
]


@pytest.mark.parametrize("ctype", [np.complex64, np.complex128], ids=["c64", "c128"])
@pytest.mark.parametrize("call,name", [pytest.param(c[1], c[2], id=c[0]) for c in COMPLEX_CASES])
def test_complex_inputs_are_refused(call, name, ctype):
    # numpy would cast them with only a ComplexWarning, dropping the imaginary part (the CLI refuses them too)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=rf"^{name}: complex"):
            call(ctype)


@pytest.mark.parametrize("call", [
    pytest.param(lambda: ops.conv2d(X4, W4, padding=10**12), id="conv2d"),
    pytest.param(lambda: ops.conv2d(X4, W4, padding=((0, 0), (0, 10**12))), id="conv2d-one-side"),
    pytest.param(lambda: ops.conv1d(X3, W3, padding=10**12), id="conv1d"),
    pytest.param(lambda: ops.conv2d_train(X4, W4, padding=10**12), id="conv2d_train"),
    pytest.param(lambda: ops.max_pool2d(X4, 2 * 10**12, 1, 10**12), id="max_pool2d-huge-window"),
    pytest.param(lambda: ops.avg_pool1d(X3, 2 * 10**12, 1, 10**12), id="avg_pool1d-huge-window"),
    pytest.param(lambda: ops.pool_backward("max", X4, X4, 2, 2 * 10**12, 1, 10**12), id="pool_backward"),
])
def test_absurd_padding_names_padding(call):
    # numpy's "array is too big" named no argument
    with pytest.raises(ValueError, match=r"^padding: .*too large"):
        call()


def test_padding_limit_counts_the_bytes_padding_adds(monkeypatch):
    # (1, max(C=2, K=3), 6, 6) float32 padded by 1 -> 8 x 8 adds 3 * 28 * 4 = 336 bytes
    monkeypatch.setattr(shapes, "MAX_PADDING_BYTES", 336)
    assert ops.conv2d(X4, W4, padding=1).shape == (1, 3, 6, 6)
    with pytest.raises(ValueError, match=r"^padding: .*\(6, 6\).*\(8, 9\)"):
        ops.conv2d(X4, W4, padding=((1, 1), (1, 2)))
    with pytest.raises(ValueError, match=r"^padding: "):
        ops.conv2d(X4.astype(np.float64), W4, padding=1)
    monkeypatch.setattr(shapes, "MAX_PADDING_BYTES", 2 * 28 * 4)  # a pool: (1, C=2, 6, 6)
    assert ops.max_pool2d(X4, 3, 1, 1).shape == (1, 2, 6, 6)
    with pytest.raises(ValueError, match=r"^padding: "):
        ops.avg_pool2d(X4, 3, 1, ((1, 1), (1, 2)))


@pytest.mark.parametrize("axis", ["1", 1.0, True, np.bool_(False), None, (1,)], ids=repr)
def test_softmax_axis_must_be_an_int(axis):
    with pytest.raises(ValueError, match=r"^axis: .*int"):
        ops.softmax(np.ones((2, 3)), axis=axis)
    with pytest.raises(ValueError, match=r"^axis: .*int"):
        ops.softmax_backward(np.ones((2, 3)), np.ones((2, 3)), axis=axis)


def test_softmax_axis_numpy_ints_are_fine():
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(ops.softmax(x, axis=np.int64(0)), ops.softmax(x, axis=0))
    np.testing.assert_array_equal(ops.softmax(x, axis=np.int32(-1)), ops.softmax(x, axis=1))
    with pytest.raises(ValueError, match=r"^axis: 2 is out of range"):
        ops.softmax_backward(x, x, axis=2)


@pytest.mark.parametrize("labels", [
    np.array([1.5, 0.0]), np.array([1.0, 0.0]), np.array([True, False]), [1.0, 0.0]], ids=repr)
def test_cross_entropy_labels_must_be_integers(labels):
    # 1.5 was truncated to class 1; floats (even integral) and bools are no class indices
    with pytest.raises(ValueError, match=r"^labels: .*integer.*got dtype"):
        ops.softmax_cross_entropy(np.ones((2, 3)), labels)


@pytest.mark.parametrize("labels", [[1, 0], np.array([1, 0], np.uint8), np.array([1, 0], np.int32)], ids=repr)
def test_cross_entropy_integer_labels(labels):
    loss, dz = ops.softmax_cross_entropy(np.zeros((2, 3)), labels)
    assert loss == pytest.approx(np.log(3))
    np.testing.assert_allclose(dz, (1 / 3 - np.eye(3)[[1, 0]]) / 2)


@pytest.mark.parametrize("labels,match", [([0, 3], r"0\.\.2, got values from 0 to 3"), ([-1, 0], r"from -1 to 0"),
                                          ([0], r"shape \(2,\).*got \(1,\)")], ids=["above", "negative", "shape"])
def test_cross_entropy_labels_out_of_range_show_the_values(labels, match):
    with pytest.raises(ValueError, match=r"^labels: .*" + match):
        ops.softmax_cross_entropy(np.ones((2, 3)), labels)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_max_pool_stride_2_every_width_and_offset(dtype):
    # the stride-2 float32 path picks every other window maximum by reading them as uint64 pairs: odd and
    # even widths, windows starting at an odd offset (padding 1), kernels 1 to 4, NaN and Inf inside
    rng = np.random.default_rng(11)
    for W in (1, 2, 3, 7, 16, 17, 33, 64, 67):
        for k in (1, 2, 3, 4):
            for p in range(k // 2 + 1):
                for ceil_mode in (False, True):
                    if W + 2 * p < k:
                        continue
                    x = rng.standard_normal((2, 3, 5, W)).astype(dtype)
                    x[0, 1, 2, W // 2] = np.nan
                    x[1, 2, 4, W - 1] = np.inf
                    x[1, 0, 0, 0] = -np.inf
                    want = ref.max_pool2d(x.astype(np.float64), k, 2, p, ceil_mode=ceil_mode).astype(dtype)
                    got = ops.max_pool2d(x, k, 2, p, ceil_mode=ceil_mode)
                    assert np.array_equal(got, want, equal_nan=True), (W, k, p, ceil_mode)


# ================================================================ NaN and infinities
def test_nan_propagates_through_max_pool():
    x = np.arange(1 * 1 * 6 * 6, dtype=np.float32).reshape(1, 1, 6, 6)
    x[0, 0, 0, 0] = np.nan   # first element of a window
    x[0, 0, 3, 5] = np.nan   # last element of a window
    out = ops.max_pool2d(x, 2)
    want = ref.max_pool2d(x, 2)
    assert np.isnan(out[0, 0, 0, 0]) and np.isnan(out[0, 0, 1, 2])
    assert np.isnan(out).sum() == 2
    np.testing.assert_array_equal(out, want.astype(np.float32))
    # overlapping windows with padding: every window that sees the NaN is NaN
    out = ops.max_pool2d(x, 3, 1, 1)
    np.testing.assert_array_equal(np.isnan(out), np.isnan(ref.max_pool2d(x, 3, 1, 1)))
    np.testing.assert_array_equal(out, ref.max_pool2d(x, 3, 1, 1).astype(np.float32))
    assert np.isnan(ops.max_pool1d(np.array([[[1.0, np.nan, 3.0, 2.0]]]), 2)[0, 0, 0])


@pytest.mark.parametrize("shape,k,s,p,ceil_mode", [
    ((1, 2, 1, 1), 5, 1, 2, False), ((2, 1, 1, 3), 5, 1, 2, False), ((1, 1, 2, 1), 5, 2, 2, True),
    ((1, 3, 3, 2), 3, 3, 1, True),
])
def test_pools_where_no_window_lies_inside_the_input(shape, k, s, p, ceil_mode):
    # tiny maps, every window cut by the padding: only the clipped edge path writes the outputs
    x = np.random.default_rng(sum(shape) + k).standard_normal(shape).astype(np.float32)
    np.testing.assert_array_equal(ops.max_pool2d(x, k, s, p, ceil_mode=ceil_mode),
                                  ref.max_pool2d(x.astype(np.float64), k, s, p, ceil_mode=ceil_mode).astype(np.float32))
    for cip in (True, False):
        want = ref.avg_pool2d(x.astype(np.float64), k, s, p, ceil_mode=ceil_mode, count_include_pad=cip)
        got = ops.avg_pool2d(x, k, s, p, ceil_mode=ceil_mode, count_include_pad=cip)
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)


def test_inf_stays_inf_in_sums():
    # sums used to start from x[first] * 0, which is NaN where that value is Inf
    x = np.ones((1, 2, 4, 4), np.float32)
    x[0, 0, 0, 0] = np.inf
    assert np.isposinf(ops.avg_pool2d(x, 2)[0, 0, 0, 0]) and np.isfinite(ops.avg_pool2d(x, 2)[0, 1]).all()
    assert np.isposinf(ops.global_avg_pool(x)[0, 0]) and ops.global_avg_pool(x)[0, 1] == 1
    assert np.isposinf(ops.linear(np.array([[np.inf, 1, 2, 3]], np.float32), np.ones((3, 4), np.float32))).all()


def test_nan_propagates_through_relu_and_avg_pool():
    x = np.array([[-1.0, np.nan, 2.0, -np.nan]], np.float32)
    out = ops.relu(x)
    np.testing.assert_array_equal(np.isnan(out), [[False, True, False, True]])
    x4 = np.ones((1, 1, 4, 4), np.float32)
    x4[0, 0, 1, 1] = np.nan
    np.testing.assert_array_equal(np.isnan(ops.avg_pool2d(x4, 2)), [[[[True, False], [False, False]]]])


def test_max_pool_padding_never_wins():
    x = -1 - np.random.default_rng(30).random((2, 3, 5, 5)).astype(np.float32)  # all negative
    out = ops.max_pool2d(x, 3, 2, 1, ceil_mode=True)
    assert (out < 0).all()
    np.testing.assert_array_equal(out, ref.max_pool2d(x, 3, 2, 1, ceil_mode=True).astype(np.float32))


def test_gradients_of_the_wrong_shape_are_refused_before_the_kernels():
    """The kernels run without bounds checks: a gradient smaller than the forward output (or of another
    shape) must be a ValueError naming it, not a read past its end."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 6, 6)).astype(np.float32)
    w = rng.standard_normal((4, 3, 3, 3)).astype(np.float32)
    out, cache = ops.conv2d_train(x, w)
    with pytest.raises(ValueError, match="dz"):
        ops.conv2d_backward(cache, w, np.ones((2, 4, 3, 3), np.float32))
    with pytest.raises(ValueError, match="w:"):
        ops.conv2d_backward(cache, w[:, :2], np.ones(out.shape, np.float32))
    y = ops.relu(x)
    with pytest.raises(ValueError, match="dy"):
        ops.activation_backward(y, np.ones(7, np.float32), "relu")
    with pytest.raises(ValueError, match="dy"):
        ops.softmax_backward(y, np.ones((2, 3, 6, 5), np.float32), axis=1)
    xl, wl = rng.standard_normal((5, 8)).astype(np.float32), rng.standard_normal((3, 8)).astype(np.float32)
    with pytest.raises(ValueError, match="dz"):
        ops.linear_backward(xl, wl, np.ones((5, 2), np.float32))
    c = np.ones(3, np.float32)
    with pytest.raises(ValueError, match="dy"):
        ops.batch_norm_backward(x, np.ones((2, 3, 6), np.float32), c, c, c)
    with pytest.raises(ValueError, match="weight"):
        ops.batch_norm_backward(x, np.ones_like(x), np.ones(2, np.float32), c, c)
    with pytest.raises(ValueError, match="dy"):
        ops.local_response_norm_backward(x, np.ones((1, 3, 6, 6), np.float32), 3)
    with pytest.raises(ValueError, match="x_shape"):
        ops.global_avg_pool_backward("abc", np.ones((2, 3), np.float32))


@pytest.mark.parametrize("call", [
    lambda x: ops.batch_norm(x, np.zeros(3), np.ones(3), eps="small"),
    lambda x: ops.batch_norm_train(x, np.ones(3), np.zeros(3), eps=float("nan")),
    lambda x: ops.local_response_norm(x, 3, alpha="a"),
    lambda x: ops.local_response_norm(x, 3, beta=None),
    lambda x: ops.local_response_norm_backward(x, np.ones_like(x), 3, k=True),
    lambda x: ops.local_response_norm_backward(x, np.ones_like(x), 0),
])
def test_number_arguments_are_named(call):
    x = np.random.default_rng(1).standard_normal((2, 3, 4, 4)).astype(np.float32)
    with pytest.raises(ValueError, match=r"^(eps|alpha|beta|k|size): "):
        call(x)
