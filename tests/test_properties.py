"""Property tests: random layer geometries (hypothesis) through engine.ops against the float64 loops in
tests/reference.py. The grids in test_ops.py pick the cases we thought of; these pick the ones we did not
(a separable max-pool rewrite once left rows unwritten on 1-pixel maps that no grid case had)."""
import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import assume, given, settings, strategies as st  # noqa: E402

import reference as ref  # noqa: E402
from engine import ops  # noqa: E402

SETTINGS = dict(max_examples=60, deadline=None, derandomize=True)


@st.composite
def pool_cases(draw):
    k = draw(st.integers(1, 5))
    s = draw(st.integers(1, 4))
    p = draw(st.integers(0, k // 2))
    h = draw(st.integers(max(1, k - 2 * p), 12))
    w = draw(st.integers(max(1, k - 2 * p), 12))
    return draw(st.integers(1, 2)), draw(st.integers(1, 3)), h, w, k, s, p, draw(st.booleans())


@settings(**SETTINGS)
@given(case=pool_cases(), seed=st.integers(0, 2 ** 16))
def test_pools_match_reference(case, seed):
    n, c, h, w, k, s, p, ceil_mode = case
    x = np.random.default_rng(seed).standard_normal((n, c, h, w)).astype(np.float32)
    x64 = x.astype(np.float64)
    np.testing.assert_array_equal(ops.max_pool2d(x, k, s, p, ceil_mode=ceil_mode),
                                  ref.max_pool2d(x64, k, s, p, ceil_mode=ceil_mode).astype(np.float32))
    for cip in (True, False):
        got = ops.avg_pool2d(x, k, s, p, ceil_mode=ceil_mode, count_include_pad=cip)
        want = ref.avg_pool2d(x64, k, s, p, ceil_mode=ceil_mode, count_include_pad=cip)
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


@st.composite
def conv_cases(draw):
    groups = draw(st.sampled_from([1, 1, 2]))
    c = groups * draw(st.integers(1, 8))
    k = groups * draw(st.sampled_from([1, 3, 8, 16, 33, 40]))  # below, at and above the kernels' tile widths
    kh, kw = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    s, d = draw(st.integers(1, 4)), draw(st.integers(1, 2))
    p = draw(st.integers(0, 2))
    h = draw(st.integers(max(1, d * (kh - 1) + 1 - 2 * p), 11))
    w = draw(st.integers(max(1, d * (kw - 1) + 1 - 2 * p), 11))
    act = draw(st.sampled_from([None, "relu", "tanh", "sigmoid"]))
    return draw(st.integers(1, 3)), c, k, h, w, kh, kw, s, d, p, groups, act


@settings(**SETTINGS)
@given(case=conv_cases(), seed=st.integers(0, 2 ** 16))
def test_conv2d_matches_reference(case, seed):
    n, c, k, h, w, kh, kw, s, d, p, groups, act = case
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c, h, w)).astype(np.float32)
    wt = (rng.standard_normal((k, c // groups, kh, kw)) / np.sqrt(kh * kw * c / groups)).astype(np.float32)
    b = rng.standard_normal(k).astype(np.float32)
    want = ref.conv2d(x.astype(np.float64), wt.astype(np.float64), b.astype(np.float64), s, p, d, groups, act)
    assume(np.linalg.norm(want) > 0)
    got = ops.conv2d(x, wt, b, stride=s, padding=p, dilation=d, groups=groups, activation=act)
    assert got.shape == want.shape
    assert np.linalg.norm(got - want) / np.linalg.norm(want) <= 1e-5
    # each image alone gives the same bits as in the batch, whichever kernel the geometry picked
    np.testing.assert_array_equal(ops.conv2d(x[-1:], wt, b, stride=s, padding=p, dilation=d, groups=groups,
                                             activation=act)[0], got[-1])
