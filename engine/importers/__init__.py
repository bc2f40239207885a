"""Models trained elsewhere -> cnn-engine models (docs/importers.md).

    from engine.importers import convert
    model = convert("lenet.onnx", "lenet.h5", class_names=["0", ..., "9"], scale=1/255, mean=[0.1307], std=[0.3081])

ONNX files need the `onnx` package (pip install 'cnn-engine[onnx]'); Keras files need only h5py.
A converted model is channels first (NCHW / NCL) whatever the source used, and runs without the
source framework. Nothing is unpickled or evaluated.
"""
import hashlib
import os

PYTORCH_EXTENSIONS = (".pt", ".pth", ".pkl", ".ckpt", ".bin", ".safetensors")


def _sniff(path):
    """'onnx', 'keras' or a ValueError for formats we do not read."""
    import zipfile
    import h5py
    lower = path.lower()
    if lower.endswith(PYTORCH_EXTENSIONS):
        raise ValueError(f"{path}: PyTorch checkpoints cannot be converted without PyTorch; export the model to "
                         f"ONNX with torch.onnx.export (see docs/importers.md) and convert the .onnx file")
    if lower.endswith(".onnx"):
        return "onnx"
    if lower.endswith((".keras", ".h5", ".hdf5")) or zipfile.is_zipfile(path) or h5py.is_hdf5(path):
        return "keras"
    return "onnx"  # a protobuf has no magic number: let the ONNX parser decide


def _floats(values, what, count):
    if values is None:
        return None
    if isinstance(values, (int, float)):
        values = [values]
    try:
        out = [float(v) for v in values]
    except (TypeError, ValueError):
        raise ValueError(f"{what}: expected numbers, got {values!r}") from None
    if len(out) == 1 and count > 1:
        out = out * count
    if len(out) != count:
        expected = "1 value (the model has 1 input channel)" if count == 1 else \
            f"1 or {count} values (one per input channel)"
        raise ValueError(f"{what}: expected {expected}, got {len(out)}")
    return out


def _read_class_names(class_names):
    if class_names is None:
        return None
    if isinstance(class_names, (str, os.PathLike)):
        path = os.fspath(class_names)
        with open(path, encoding="utf-8") as f:
            names = [line.strip() for line in f.read().splitlines()]
        while names and not names[-1]:
            names.pop()
        if not names or any(not n for n in names):
            raise ValueError(f"{path}: expected one non-empty class name per line")
        return names
    names = [str(n) for n in class_names]
    if not names or any(not n for n in names):
        raise ValueError("class_names: expected a non-empty list of non-empty names")
    return names


def convert(src, out=None, class_names=None, mean=None, std=None, scale=None, config=None):
    """Read an ONNX or Keras model, attach preprocessing and class names, write `out` when given.

    src: .onnx, Keras .h5 (model.save / save_weights) or .keras. class_names: a list or a text file with
    one name per line. mean, std: per input channel (one value is repeated). scale: multiplied first
    (1/255 maps pixels to 0..1). config: the architecture of a Keras weights-only file (a Keras model
    JSON file, a parsed dict, or a zoo name). Returns the Sequential."""
    import numpy as np
    from engine.model import Sequential
    src = os.fspath(src)
    if not os.path.exists(src):
        raise ValueError(f"{src}: no such file")
    if os.path.isdir(src):
        raise ValueError(f"{src}: is a folder; expected an .onnx, .h5 or .keras file (a TensorFlow SavedModel "
                         f"folder is not supported: save it with model.save('model.keras'))")
    kind = _sniff(src)
    if kind == "onnx":
        if config is not None:
            raise ValueError("config: only Keras weights-only files take an architecture; ONNX files carry theirs")
        from engine.importers.onnx import load_onnx
        model = load_onnx(src)
    else:
        from engine.importers.keras import load_keras
        try:
            model = load_keras(src, config)
        except OSError as e:  # h5py on a damaged file says "Unable to synchronously open file (...)" without its name
            raise ValueError(f"{src}: cannot read ({str(e).splitlines()[0][:100]})") from None

    shape = model.input_shape
    channels = shape[0] if len(shape) >= 2 else 1
    preprocessing = dict(model.preprocessing)
    if len(shape) == 3:
        if channels in (1, 3):
            preprocessing.setdefault("channels", "gray" if channels == 1 else "rgb")
        preprocessing.setdefault("resize", "resize")
    if scale is not None:
        scale = float(scale)
        if not np.isfinite(scale) or scale == 0:
            raise ValueError(f"scale: expected a finite non-zero number, got {scale}")
        preprocessing["scale"] = scale
    mean = _floats(mean, "mean", channels)
    std = _floats(std, "std", channels)
    if mean is not None:
        if not all(np.isfinite(mean)):
            raise ValueError("mean: values must be finite")
        preprocessing["mean"] = mean
    if std is not None:
        if not all(np.isfinite(s) and s > 0 for s in std):
            raise ValueError("std: values must be positive")
        preprocessing["std"] = std
    if mean is not None and "std" not in preprocessing:
        preprocessing["std"] = [1.0] * channels
    if std is not None and "mean" not in preprocessing:
        preprocessing["mean"] = [0.0] * channels

    names = _read_class_names(class_names)
    if names is not None:
        if len(model.output_shape) != 1:
            raise ValueError(f"class names: the model's output has shape {model.output_shape}, not (classes,)")
        if len(names) != model.output_shape[0]:
            raise ValueError(f"class names: got {len(names)} names for {model.output_shape[0]} outputs")

    provenance = dict(model.provenance)
    with open(src, "rb") as f:
        digest = hashlib.sha256()
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    provenance["source_sha256"] = digest.hexdigest()
    provenance.setdefault("note", f"converted by cnn-engine from {os.path.basename(src)}")
    model = Sequential(model.layers, model.input_shape, name=model.name, preprocessing=preprocessing,
                       class_names=names if names is not None else model.class_names, provenance=provenance)
    if out is not None:
        import engine
        engine.save(model, os.fspath(out))
    return model


__all__ = ["convert"]
