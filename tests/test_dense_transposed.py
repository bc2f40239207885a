"""engine/kernels/dense_transposed.py: big dense layers from the transposed weights, skipping zero inputs.

Against float64 loops (tests/reference.py) on fresh random inputs, with and without zeros; each image's row
bit for bit the same whatever the batch, the other images and the thread count (the kernel's promise); the
routing by size (cpu.dense_forward, ops.linear, the Dense layer's cached copy, the fused whole-model path);
non-finite weights and inputs. The size threshold is lowered so that small layers take this kernel."""
import os

import numba
import numpy as np
import pytest

import reference as ref
from engine import Sequential, layers as L, ops
from engine.kernels import cpu, dense_transposed as DT
from reference import assert_close

ACTS = {None: 0, "relu": 1, "tanh": 2, "sigmoid": 3}
# (images, inputs, outputs): one and two images (the loop over whole rows), 3 (rows only), 4-7 (the 4-image
# tile and rows), 8 and more (8-image tiles, then 4, then rows); outputs with and without a part under 32
SHAPES = [(1, 1, 1), (1, 17, 33), (2, 100, 37), (3, 64, 40), (4, 65, 64), (5, 129, 95), (8, 33, 70),
          (9, 200, 129), (13, 64, 1000), (21, 301, 96)]


def sparse_inputs(rng, shape, zeros=0.5):
    """ReLU-like inputs: about `zeros` of them exactly 0, some inputs 0 in every image, the rest normal."""
    x = rng.standard_normal(shape).astype(np.float32)
    x[rng.random(shape) < zeros] = 0
    x[:, rng.random(shape[1]) < 0.2] = 0
    return x


def run(x, w, b, act):
    out = np.empty((x.shape[0], w.shape[0]), np.float32)
    DT.dense_forward(np.ascontiguousarray(x), DT.prepare(w), b, out, act)
    return out


@pytest.fixture
def small_layers_take_it(monkeypatch):
    monkeypatch.setattr(DT, "MIN_WEIGHTS", 1)


@pytest.mark.parametrize("zeros", [0.0, 0.6], ids=["dense", "sparse"])
@pytest.mark.parametrize("activation", list(ACTS))
@pytest.mark.parametrize("n,fin,fout", SHAPES, ids=str)
def test_matches_reference(n, fin, fout, activation, zeros):
    rng = np.random.default_rng(fin * 1000 + fout + n)
    x = sparse_inputs(rng, (n, fin), zeros) if zeros else rng.standard_normal((n, fin)).astype(np.float32)
    if not x.any():
        x[0, 0] = 1.0
    w, b = rng.standard_normal((fout, fin)).astype(np.float32), rng.standard_normal(fout).astype(np.float32)
    if activation == "relu" and fout == 1:
        b = np.abs(b) + np.abs(x @ w.T).max()  # keep the single output positive (else the reference may be 0)
    assert_close(run(x, w, b, ACTS[activation]), ref.linear(x, w, b, activation), np.float32)


@pytest.mark.parametrize("n,fin,fout", [s for s in SHAPES if s[0] > 1], ids=str)
def test_each_image_has_the_same_bits_in_any_batch(n, fin, fout, restore_threads):
    # the batch keeps an input when any image has it non-zero; a lone image skips more: the same bits
    rng = np.random.default_rng(n + fin)
    x = sparse_inputs(rng, (n, fin))
    w, b = rng.standard_normal((fout, fin)).astype(np.float32), rng.standard_normal(fout).astype(np.float32)
    batched = run(x, w, b, 1)
    for i in range(n):
        assert np.array_equal(run(x[i:i + 1], w, b, 1), batched[i:i + 1]), i
    assert np.array_equal(run(x[n // 2:], w, b, 1), batched[n // 2:])
    numba.set_num_threads(1)
    assert np.array_equal(run(x, w, b, 1), batched)


def test_all_zero_inputs_give_the_bias():
    rng = np.random.default_rng(3)
    w, b = rng.standard_normal((40, 70)).astype(np.float32), rng.standard_normal(40).astype(np.float32)
    x = np.zeros((5, 70), np.float32)
    assert np.array_equal(run(x, w, b, 0), np.broadcast_to(b, (5, 40)))
    assert np.array_equal(run(x, w, b, 1), np.broadcast_to(np.maximum(b, 0), (5, 40)))


def test_nan_input_stays_in_its_image():
    rng = np.random.default_rng(4)
    x = sparse_inputs(rng, (6, 50))
    w, b = rng.standard_normal((33, 50)).astype(np.float32), rng.standard_normal(33).astype(np.float32)
    x[2, 7] = np.nan
    out = run(x, w, b, 0)
    assert np.isnan(out[2]).all()
    others = np.delete(np.arange(6), 2)
    assert np.isfinite(out[others]).all()
    assert_close(out[others], ref.linear(x[others], w, b), np.float32)


def test_prepare_transposes_and_refuses_non_finite_weights():
    rng = np.random.default_rng(5)
    w = rng.standard_normal((130, 67)).astype(np.float32)
    assert np.array_equal(DT.prepare(w), w.T)
    for bad in (np.nan, np.inf, -np.inf):
        v = w.copy()
        v[129, 66] = bad
        assert DT.prepare(v) is None


def test_non_finite_weights_take_the_rows_kernel(small_layers_take_it):
    # a zero input times an infinite weight is NaN: skipping the input would hide it, the rows kernel does not
    rng = np.random.default_rng(6)
    x, w, b = sparse_inputs(rng, (3, 40)), rng.standard_normal((20, 40)).astype(np.float32), np.zeros(20, np.float32)
    zero_column = int(np.flatnonzero(~x.any(axis=0))[0])
    w[4, zero_column] = np.inf
    out = ops.linear(x, w, b)
    assert np.isnan(out[:, 4]).all()
    assert np.isfinite(np.delete(out, 4, axis=1)).all()


def test_size_alone_picks_the_kernel(monkeypatch):
    rng = np.random.default_rng(7)
    x, b = sparse_inputs(rng, (4, 64)), rng.standard_normal(32).astype(np.float32)
    w = rng.standard_normal((32, 64)).astype(np.float32)
    assert not DT.uses(w.shape, np.float32)  # 2,048 weights
    rows = ops.linear(x, w, b)
    monkeypatch.setattr(DT, "MIN_WEIGHTS", w.size)
    assert DT.uses(w.shape, np.float32) and not DT.uses(w.shape, np.float64)
    transposed = ops.linear(x, w, b)
    assert np.array_equal(transposed, run(x, w, b, 0))
    assert_close(rows, ref.linear(x, w, b), np.float32)
    assert_close(transposed, ref.linear(x, w, b), np.float32)
    x64, w64 = x.astype(np.float64), w.astype(np.float64)  # float64 keeps the rows kernel
    assert_close(ops.linear(x64, w64, b.astype(np.float64)), ref.linear(x, w, b), np.float64)
    assert cpu.prepare_dense_weights(w64) is None


def test_dense_layer_keeps_its_transposed_copy_until_params_change(small_layers_take_it):
    rng = np.random.default_rng(8)
    layer = L.Dense(24, activation="relu", name="fc")
    layer.params = {"weight": rng.standard_normal((24, 50)).astype(np.float32),
                    "bias": rng.standard_normal(24).astype(np.float32)}
    x = sparse_inputs(rng, (5, 50))
    first = layer.forward(x)
    copy = layer._prepared
    assert np.array_equal(copy, layer.params["weight"].T)
    assert np.array_equal(layer.forward(x), first) and layer._prepared is copy  # kept
    layer.params["weight"] *= 2  # in place, as the optimizers do, then they say so
    layer.params_changed()
    assert_close(layer.forward(x), ref.linear(x, layer.params["weight"], layer.params["bias"], "relu"), np.float32)
    assert layer._prepared is not copy


def test_a_model_with_a_big_dense_layer_runs_layer_by_layer(small_layers_take_it):
    # the fused whole-model path runs the rows kernel: such a model must not be fused, or predict would round
    # differently from the layer path
    rng = np.random.default_rng(9)
    model = Sequential([L.Flatten(name="flat"), L.Dense(16, activation="relu", name="fc1"),
                        L.Dense(10, name="fc2"), L.Softmax(name="prob")], input_shape=(1, 8, 8))
    for layer in model.layers:
        if layer.params:
            layer.params = {k: rng.standard_normal(v.shape).astype(np.float32) for k, v in layer.params.items()}
    assert model.fused_program() is None
    x = rng.standard_normal((7, 1, 8, 8)).astype(np.float32)
    layered = model.activations(x, batch_size=7)["prob"]
    assert np.array_equal(model.predict(x, batch_size=7), layered)
    assert np.array_equal(model.predict(x[:1], batch_size=1), layered[:1])


def test_generated_tiles_are_the_generators_output():
    from engine.kernels import gen_dense_tiles
    with open(os.path.join(os.path.dirname(gen_dense_tiles.__file__), "dense_tiles.py")) as f:
        assert f.read() == gen_dense_tiles.source(), "run: python engine/kernels/gen_dense_tiles.py"
