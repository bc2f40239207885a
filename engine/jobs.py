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


def write_predictions(path, probs, class_names=None, labels=None):
    """.npy (probabilities), .csv or .json, written atomically."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in (".npy", ".csv", ".json"):
        raise ValueError(f"{path}: output must end in .npy, .csv or .json")
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
            rows = [{"index": i, "prediction": names[int(np.argmax(row))], "probabilities": [float(v) for v in row]}
                    for i, row in enumerate(probs)]
            if labels is not None:
                for row, label in zip(rows, labels):
                    row["label"] = int(label)
            with open(tmp, "w") as f:
                json.dump({"class_names": names, "predictions": rows}, f)


def dump_activations(model, inputs, layers, out_path, batch_size=256, device="cpu", model_path=None, progress=None):
    """Stream the named layers' outputs to HDF5: /activations/<layer> (N, ...) chunked and compressed,
    /labels when known; written to a temporary file and renamed when complete (weights/FORMAT.md)."""
    import h5py
    names = model.layer_names if layers in (None, ["all"], ("all",)) else list(layers)
    for name in names:
        model.get_layer(name)
    n = len(inputs)
    with h5format.atomic_path(out_path) as tmp:
        with h5py.File(tmp, "w") as f:
            f.attrs["format"] = h5format.ACTIVATIONS_FORMAT
            f.attrs["format_version"] = np.int64(h5format.FORMAT_VERSION)
            f.attrs["model_file"] = os.path.abspath(model_path) if model_path else ""
            f.attrs["model_sha256"] = file_sha256(model_path) if model_path else ""
            f.attrs["model_name"] = model.name
            f.attrs["layers"] = json.dumps(names)
            f.attrs["inputs"] = inputs.description
            f.attrs["count"] = np.int64(n)
            group = f.create_group("activations")
            datasets = {}
            for name in names:
                shape = (n,) + tuple(model.output_shape_of(name))
                per_item = int(np.prod(shape[1:]))
                rows = max(1, min(n, batch_size, (1 << 20) // max(per_item * 4, 1)))  # chunks of about 1 MB
                datasets[name] = group.create_dataset(name, shape, np.float32, chunks=(rows,) + shape[1:],
                                                      compression="gzip", compression_opts=1, shuffle=True)
            if inputs.labels is not None:
                f.create_dataset("labels", data=np.asarray(inputs.labels, np.int64))
            started = time.perf_counter()
            for start, stop, x in inputs.batches(model, batch_size):
                for _, _, found in model.iter_activations(x, names, batch_size, device):
                    for name, value in found.items():
                        datasets[name][start:stop] = value
                if progress:
                    progress(stop - start)
            f.attrs["seconds"] = time.perf_counter() - started
            f.attrs["complete"] = True
    return names
