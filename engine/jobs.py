"""What the CLI's commands do, as library functions: each command is a thin layer over one of these."""
import hashlib
import json
import os
import time

import numpy as np

from weights import format as h5format


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def describe(model):
    """Summary table plus the file's metadata, as text."""
    lines = [model.summary()]
    if model.class_names:
        lines.append(f"Classes ({len(model.class_names)}): {', '.join(model.class_names[:20])}"
                     + (" ..." if len(model.class_names) > 20 else ""))
    if model.preprocessing:
        lines.append(f"Preprocessing: {json.dumps(model.preprocessing)}")
    if model.provenance:
        lines.append(f"Provenance: {json.dumps(model.provenance)}")
    return "\n".join(lines)


def is_trained(model):
    return bool(model.provenance.get("trained", True))


def infer(model, inputs, batch_size=256, device="cpu", progress=None):
    """Probabilities (N, classes) for an engine.data.Inputs; progress(k) is called after each batch."""
    out = None
    for start, stop, x in inputs.batches(model, batch_size):
        probs = model.predict(x, batch_size=batch_size, device=device)
        if out is None:
            out = np.empty((len(inputs),) + probs.shape[1:], probs.dtype)
        out[start:stop] = probs
        if progress:
            progress(stop - start)
    return out


def top_k(probs, k):
    """(N, C) -> indices (N, k) of the k most probable classes, most probable first (ties: lower index)."""
    k = min(k, probs.shape[1])
    return np.argsort(-probs, axis=1, kind="stable")[:, :k]


def accuracy(probs, labels):
    return float(np.mean(np.argmax(probs, axis=1) == labels))


PREDICTION_SUFFIXES = (".npy", ".csv", ".json")


def check_predictions_path(path):
    """Before the work: the output's type comes from its suffix."""
    if os.path.splitext(path)[1].lower() not in PREDICTION_SUFFIXES:
        raise ValueError(f"{path}: output must end in .npy, .csv or .json")


def write_predictions(path, probs, class_names=None, labels=None):
    """.npy (probabilities), .csv or .json, written atomically."""
    check_predictions_path(path)
    suffix = os.path.splitext(path)[1].lower()
    names = class_names or [str(i) for i in range(probs.shape[1])]
    with h5format.atomic_path(path) as tmp:
        if suffix == ".npy":
            with open(tmp, "wb") as f:
                np.save(f, probs)
        elif suffix == ".csv":
            with open(tmp, "w") as f:
                f.write("index,prediction," + ",".join(f'"{n}"' for n in names) + (",label" if labels is not None else "") + "\n")
                for i, row in enumerate(probs):
                    cells = [str(i), f'"{names[int(np.argmax(row))]}"'] + [f"{v:.7g}" for v in row]
                    if labels is not None:
                        cells.append(str(int(labels[i])))
                    f.write(",".join(cells) + "\n")
        else:
            # NaN (from NaN inputs) as null: json.dump would write the bare token NaN, which is not JSON
            rows = [{"index": i, "prediction": names[int(np.argmax(row))],
                     "probabilities": [float(v) if np.isfinite(v) else None for v in row]}
                    for i, row in enumerate(probs)]
            if labels is not None:
                for row, label in zip(rows, labels):
                    row["label"] = int(label)
            with open(tmp, "w") as f:
                json.dump({"class_names": names, "predictions": rows}, f, allow_nan=False)


def dump_activations(model, inputs, layers, out_path, batch_size=256, device="cpu", model_path=None, progress=None,
                     resume=False):
    """Stream the named layers' outputs to HDF5: /activations/<layer> (N, ...) chunked and compressed,
    /labels when known (weights/FORMAT.md). Completed batches go to OUT.partial/ (engine.partial) and
    are assembled into OUT only when all are done; resume=True continues an interrupted run after
    checking that the model, inputs and layers are the same."""
    names, meta, work = start_dump(model, inputs, layers, out_path, model_path, resume)
    started = time.perf_counter()
    todo = work.missing(batch_size)
    if progress:
        progress(len(inputs) - sum(b - a for a, b in todo))
    try:
        for start, stop in todo:
            x = inputs.batch(start, stop, model)
            work.write_chunk(start, stop, model.activations(x, names, batch_size, device))
            if progress:
                progress(stop - start)
    except BaseException:
        work.discard_if_empty()  # (a failure before any work, e.g. a wrong input shape, leaves no folder)
        raise
    work.assemble(lambda f: create_dump_datasets(f, model, inputs, meta, time.perf_counter() - started))
    return names


def start_dump(model, inputs, layers, out_path, model_path, resume):
    """Checks and the work-in-progress folder shared by the one-machine and the Dask dumps.
    -> (layer names in model order, each once; meta; engine.partial.PartialDump)."""
    from engine.partial import PartialDump
    names = model.layer_names if layers in (None, ["all"], ("all",)) else list(layers)
    for name in names:
        model.get_layer(name)
    names = [name for name in model.layer_names if name in names]  # model order (FORMAT.md), each once
    folder = os.path.dirname(os.path.abspath(out_path))
    if not os.path.isdir(folder):
        raise ValueError(f"cannot write {out_path}: folder {folder} does not exist")
    meta = dump_meta(model, inputs, names, model_path)
    return names, meta, PartialDump(out_path, meta, resume)


def dump_meta(model, inputs, names, model_path):
    """What identifies a dump: checked by --resume, stored as the final file's attributes."""
    return {"model_file": os.path.abspath(model_path) if model_path else "",
            "model_sha256": file_sha256(model_path) if model_path else "", "model_name": model.name,
            "layers": names, "inputs": inputs.description, "inputs_fingerprint": inputs.fingerprint(),
            "count": len(inputs)}


def create_dump_datasets(f, model, inputs, meta, seconds=0.0):
    """The final dump file's attributes, /labels and empty /activations/<layer> datasets."""
    n = meta["count"]
    f.attrs["format"] = h5format.ACTIVATIONS_FORMAT
    f.attrs["format_version"] = np.int64(h5format.FORMAT_VERSION)
    for key in ("model_file", "model_sha256", "model_name", "inputs", "inputs_fingerprint"):
        f.attrs[key] = meta[key]
    f.attrs["layers"] = json.dumps(meta["layers"])
    f.attrs["count"] = np.int64(n)
    f.attrs["seconds"] = float(seconds)
    if inputs.labels is not None:
        f.create_dataset("labels", data=np.asarray(inputs.labels, np.int64))
    group = f.create_group("activations")
    datasets = {}
    for name in meta["layers"]:
        shape = (n,) + tuple(model.output_shape_of(name))
        per_item = int(np.prod(shape[1:]))
        rows = max(1, min(n, (1 << 20) // max(per_item * 4, 1)))  # chunks of about 1 MB
        datasets[name] = group.create_dataset(name, shape, np.float32, chunks=(rows,) + shape[1:],
                                              compression="gzip", compression_opts=1, shuffle=True)
    return datasets


def train(arch, dataset, out_path, epochs=10, batch_size=64, lr=None, optimizer="adam", seed=0, resume=None,
          data_dir=None, schedule="cosine", weight_decay=0.0, momentum=0.9, augment_shift=0, augment_flip=False,
          val_fraction=0.1, device="cpu", command=None, on_batch=None, on_epoch=None, on_start=None):
    """Train a zoo architecture (or continue the checkpoint `resume`) on a named dataset. Each epoch's
    checkpoint is written atomically to OUT.partial; OUT itself appears (atomically) when training
    ends, with the training state kept so that a later --resume OUT can train further. Returns
    (model, state, test accuracy). A stratified `val_fraction` of the training split (seeded) gives the per-epoch
    validation accuracy; the final accuracy is on the dataset's test split."""
    import engine
    from engine import data, storage, train as training, zoo
    from engine.partial import partial_path
    if not resume and os.path.exists(partial_path(out_path)):  # (a new run would overwrite it epoch by epoch)
        raise ValueError(f"{partial_path(out_path)} holds an interrupted run: continue it with --resume {out_path}, "
                         f"or delete it to start over")
    for name, value in (("lr", lr), ("momentum", momentum), ("weight_decay", weight_decay)):
        if value is not None and not np.isfinite(value):  # (click's FloatRange lets nan through)
            raise ValueError(f"{name}: expected a finite number, got {value}")
    x_raw, y, class_names = data.load_dataset(dataset, "train", data_dir)
    x_test_raw, y_test, _ = data.load_dataset(dataset, "test", data_dir)
    if resume:  # the checkpoint's settings win; only the total number of epochs can change
        from engine.partial import partial_path
        if os.path.exists(partial_path(resume)):
            resume = partial_path(resume)
        model = engine.load(resume)
        state = storage.load_training_state(resume, model)
        if model.provenance.get("dataset") != dataset:
            raise ValueError(f"--resume: {resume} was trained on {model.provenance.get('dataset')!r}, not {dataset!r}")
        if arch is not None and model.name != arch:
            raise ValueError(f"--resume: {resume} holds a {model.name!r}, not a {arch!r}")
        if state.epoch >= epochs:
            raise ValueError(f"--epochs {epochs}: {resume} has already trained {state.epoch} epochs; ask for more")
        cfg = state.config
        batch_size, lr, optimizer, momentum = cfg["batch_size"], cfg["lr"], cfg["optimizer"], cfg["momentum"]
        weight_decay, schedule, seed = cfg["weight_decay"], cfg["schedule"], cfg["seed"]
        augment_shift, augment_flip = cfg["augment_shift"], cfg["augment_flip"]
    else:
        classes = int(max(y.max(), y_test.max())) + 1
        if len(class_names) < classes:
            raise ValueError(f"dataset {dataset}: labels go up to {classes - 1} but only {len(class_names)} class names "
                             f"are given")
        model = zoo.build(arch, len(class_names), seed)  # (a class without examples still gets its output)
        state = None
    if len(class_names) != model.output_shape[-1]:  # the saved file would not load (FORMAT.md)
        raise ValueError(f"--resume: {resume} has {model.output_shape[-1]} outputs, dataset {dataset} "
                         f"{len(class_names)} classes")
    model.class_names = list(class_names)
    x = data.preprocess(x_raw, model.input_shape, model.preprocessing)
    x_test = data.preprocess(x_test_raw, model.input_shape, model.preprocessing)
    rng = np.random.default_rng(seed)
    val = np.zeros(len(y), bool)
    for label in np.unique(y):  # stratified hold-out
        members = np.flatnonzero(y == label)
        val[rng.choice(members, int(round(len(members) * val_fraction)), replace=False)] = True
    x_train, y_train, x_val, y_val = x[~val], y[~val], x[val], y[val]
    if on_start:
        on_start(len(y_train))

    def checkpoint(state):
        loss = state.history[-1]["loss"]
        if not np.isfinite(loss):  # nothing written: a model of NaN weights cannot even be loaded
            raise ValueError(f"training diverged: the loss is {loss} in epoch {state.epoch}; try a smaller --lr")
        model.provenance = {"trained": True, "dataset": dataset, "epochs": state.epoch, "seed": seed,
                            "train_images": int(len(y_train)), "val_accuracy": state.history[-1].get("val_accuracy"),
                            "command": command or "", "settings": state.config}
        engine.save(model, partial_path(out_path), training=state)  # OUT itself only when training ends
        if on_epoch:
            on_epoch(state)

    state = training.fit(model, x_train, y_train, x_val if len(y_val) else None, y_val, epochs=epochs,
                         batch_size=batch_size, lr=lr, optimizer=optimizer, momentum=momentum,
                         weight_decay=weight_decay, schedule=schedule, seed=seed, augment_shift=augment_shift,
                         augment_flip=augment_flip, device=device, state=state, on_batch=on_batch,
                         on_epoch=checkpoint)
    accuracy, _ = training.evaluate(model, x_test, y_test, device=device)
    model.provenance["test_accuracy"] = accuracy
    model.provenance["test_images"] = int(len(y_test))
    engine.save(model, out_path, training=state)
    if os.path.exists(partial_path(out_path)):
        os.unlink(partial_path(out_path))
    return model, state, accuracy


def _check_replaceable_dump(path, model_path):
    """--dump-dir's <layer>-<split>.h5 replaces an earlier dump, never the model or a file of the user's."""
    if model_path and os.path.exists(model_path) and os.path.samefile(path, model_path):
        raise ValueError(f"{path}: is the model itself; choose another --dump-dir")
    try:
        import h5py
        with h5py.File(path, "r") as f:
            ours = f.attrs.get("format") == "cnn-engine-activations"
    except (OSError, ValueError):
        ours = False
    if not ours:
        raise ValueError(f"{path}: exists and is not an activation dump; move it away or choose another --dump-dir")


def inputs_sha256(inputs, rows=4096):
    """SHA-256 of the inputs' raw values (shapes, dtypes and bytes) and labels: what a fingerprint of names,
    sizes and dates cannot tell apart (a named dataset read from another --data-dir, an in-memory subset)."""
    import hashlib
    digest = hashlib.sha256()
    for start in range(0, len(inputs), rows):
        for chunk in inputs.raw(start, min(start + rows, len(inputs))):
            chunk = np.ascontiguousarray(chunk)
            digest.update(f"{chunk.dtype.str}{chunk.shape[1:]}".encode())
            digest.update(chunk.tobytes())
    if inputs.labels is not None:
        digest.update(np.ascontiguousarray(inputs.labels, np.int64).tobytes())
    return digest.hexdigest()


def _dump_matches(path, model, inputs, layer, model_path, content):
    """An earlier --dump-dir dump that is this run's: the same model file (SHA-256), the same inputs (their
    fingerprint and the SHA-256 of their values, `content`), the layer in it, complete. Dumps written
    before these were stored never match."""
    import h5py
    meta = dump_meta(model, inputs, [layer], model_path)
    if not meta["model_sha256"]:
        return False
    try:
        with h5py.File(path, "r") as f:
            a = f.attrs
            return (a.get("model_sha256") == meta["model_sha256"]
                    and a.get("inputs_fingerprint") == meta["inputs_fingerprint"]
                    and a.get("inputs_sha256") == content
                    and int(a.get("count", -1)) == meta["count"]
                    and layer in json.loads(a.get("layers", "[]"))
                    and f"activations/{layer}" in f and f[f"activations/{layer}"].shape[0] == meta["count"])
    except (OSError, ValueError, KeyError, TypeError):
        return False


def evaluate(model, inputs, batch_size=500, device="cpu"):
    """-> (accuracy, confusion matrix [true, predicted]) on an Inputs with labels."""
    if inputs.labels is None:
        raise ValueError("evaluate needs labels: use --data NAME or --labels FILE")
    probs = infer(model, inputs, batch_size, device)
    k = probs.shape[1]
    if inputs.labels.max() >= k or inputs.labels.min() < 0:
        raise ValueError(f"labels: values must lie in 0..{k - 1} for a model with {k} classes")
    confusion = np.zeros((k, k), np.int64)
    np.add.at(confusion, (inputs.labels, probs.argmax(1)), 1)
    return accuracy(probs, inputs.labels), confusion


def format_confusion(confusion, names):
    width = max(6, max(len(n) for n in names) + 1)
    lines = ["true \\ predicted".ljust(width) + "".join(n[:6].rjust(7) for n in names)]
    for name, row in zip(names, confusion):
        lines.append(name[:width - 1].ljust(width) + "".join(f"{v:7d}" for v in row))
    return "\n".join(lines)


def features(model, inputs, layer, batch_size=256, device="cpu"):
    """(N, features) outputs of one layer, flattened per input (the in-memory form of a dump)."""
    model.get_layer(layer)
    out = None
    for start, stop, x in inputs.batches(model, batch_size):
        value = model.activations(x, [layer], batch_size, device)[layer].reshape(stop - start, -1)
        if out is None:
            out = np.empty((len(inputs), value.shape[1]), np.float32)
        out[start:stop] = value
    return out


def read_activation_dump(path, layer):
    """(activations (N, ...), labels or None) of one layer from a dump-activations file."""
    import h5py
    path = os.fspath(path)
    with h5format.open_h5(path, "activations") as f:
        h5format.check_header(f, path, h5format.ACTIVATIONS_FORMAT)
        ds = f.get(f"activations/{layer}")
        if not isinstance(ds, h5py.Dataset):
            raise ValueError(f"{path}: no activations for layer {layer!r} (has: {', '.join(f.get('activations', {}))})")
        labels = f["labels"][()] if isinstance(f.get("labels"), h5py.Dataset) else None
        return ds[()], labels


def transfer(model, train_inputs, test_inputs, layer, classifier="logistic", batch_size=256, device="cpu",
             dump_dir=None, model_path=None, seed=0, class_names=None):
    """Transfer learning from stored activations: dump `layer` for both splits (HDF5 files in dump_dir,
    the dump-activations layout), fit a scikit-learn classifier on the training activations and
    score it on the test ones. -> dict with the classifier's test accuracy and the network's own."""
    import tempfile
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import LinearSVC
    if train_inputs.labels is None or test_inputs.labels is None:
        raise ValueError("transfer needs labelled training and test inputs")
    reused = []
    with tempfile.TemporaryDirectory(dir=dump_dir) as tmp:
        stored = {}
        for split, inputs in (("train", train_inputs), ("test", test_inputs)):
            path = os.path.join(dump_dir or tmp, f"{layer}-{split}.h5")
            content = inputs_sha256(inputs) if dump_dir else None
            if dump_dir and os.path.exists(path):
                _check_replaceable_dump(path, model_path)
                if _dump_matches(path, model, inputs, layer, model_path, content):
                    reused.append(path)
                    stored[split] = read_activation_dump(path, layer)
                    continue
            dump_activations(model, inputs, [layer], path, batch_size, device, model_path=model_path)
            if content:  # what a later run compares before reusing this dump
                import h5py
                with h5py.File(path, "r+") as f:
                    f.attrs["inputs_sha256"] = content
            stored[split] = read_activation_dump(path, layer)
    (a_train, y_train), (a_test, y_test) = stored["train"], stored["test"]
    a_train, a_test = a_train.reshape(len(a_train), -1), a_test.reshape(len(a_test), -1)
    if classifier == "logistic":
        clf = LogisticRegression(max_iter=2000, random_state=seed)
    elif classifier == "svm":
        clf = LinearSVC(random_state=seed, max_iter=5000)
    else:
        raise ValueError(f"classifier: expected logistic or svm, got {classifier!r}")
    clf = make_pipeline(StandardScaler(), clf).fit(a_train, y_train)
    result = {"layer": layer, "classifier": classifier, "features": int(a_train.shape[1]),
              "train_images": int(len(y_train)), "test_images": int(len(y_test)), "reused_dumps": reused,
              "transfer_accuracy": float(clf.score(a_test, y_test))}
    n_out = model.output_shape[0]
    same_classes = class_names is None or model.class_names is None or list(model.class_names) == list(class_names)
    if y_test.max() < n_out and same_classes:  # the network's own accuracy means something on its own classes
        result["network_accuracy"] = accuracy(infer(model, test_inputs, batch_size, device), y_test)
    return result
