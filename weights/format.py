"""Reading and writing cnn-engine HDF5 files with h5py alone (the layout is in FORMAT.md).

This module knows the file layout, not the layers: engine/storage.py turns the architecture into
layers and checks every parameter's shape against it. Files are untrusted: attribute types and sizes
are checked before anything is read, JSON is parsed with the json module only, nothing is unpickled.
"""
import json
import math
import os
import tempfile
from contextlib import contextmanager

import numpy as np

MODEL_FORMAT = "cnn-engine-model"
ACTIVATIONS_FORMAT = "cnn-engine-activations"
FORMAT_VERSION = 1
MAX_JSON_BYTES = 16 << 20            # an architecture is a few KB; refuse megabytes of JSON
MAX_PARAM_BYTES = int(os.environ.get("CNN_ENGINE_MAX_PARAM_BYTES", 8 << 30))


class FormatError(ValueError):
    """A file that is not a (readable) cnn-engine file; the message says why, in one line."""


def as_path(path, what="path"):
    """os.fspath(path), but None or another non-path is a one-line ValueError naming the argument
    (os.fspath's TypeError would surface from deep inside h5py or tempfile)."""
    try:
        return os.fspath(path)
    except TypeError:
        raise ValueError(f"{what}: expected a file name (str or os.PathLike), got {path!r:.60}") from None


@contextmanager
def atomic_path(path):
    """Yield a temporary path in the destination's folder; rename it over `path` only on success,
    so a crash or a full disk never leaves a half-written file where a good one was."""
    path = as_path(path)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise FormatError(f"cannot write {path}: folder {folder} does not exist")
    if os.path.isdir(path):  # checked before the temporary file exists: os.replace would fail only at the end
        raise FormatError(f"cannot write {path}: is a directory; give a file name")
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    except OSError as e:  # the user's path in the message, not the temporary name (/proc/.x.h5.zdzj9sra.tmp)
        raise FormatError(f"cannot write {path}: {e.strerror or e}") from None
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, os.stat(path).st_mode & 0o777 if os.path.exists(path) else 0o666 & ~umask)  # mkstemp gives 0600
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        try:
            os.replace(tmp, path)
        except OSError as e:
            raise FormatError(f"cannot write {path}: {e.strerror or e}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def open_h5(path, kind="model"):
    """Open an HDF5 file for reading with errors a user can act on."""
    import h5py
    path = as_path(path)
    if not os.path.exists(path):
        raise FormatError(f"{path}: no such file")
    if os.path.isdir(path):
        raise FormatError(f"{path}: is a folder, expected an HDF5 {kind} file")
    try:
        is_h5 = h5py.is_hdf5(path)
    except OSError as e:
        raise FormatError(f"{path}: cannot read ({e})") from None
    if not is_h5:
        raise FormatError(f"{path}: not an HDF5 file (expected a cnn-engine {kind} file)")
    try:
        return h5py.File(path, "r")
    except OSError as e:
        raise FormatError(f"{path}: damaged or truncated HDF5 file ({e})") from None


@contextmanager
def _damaged_as_format_error(path):
    """h5py reports damaged metadata as OSError, RuntimeError, KeyError, TypeError (string encodings),
    UnicodeError (names) or ValueError (impossible float types) from anywhere: make it a FormatError."""
    try:
        yield
    except FormatError:
        raise
    except (OSError, RuntimeError, KeyError, TypeError, UnicodeError, ValueError) as e:
        why = (str(e).strip().splitlines() or [type(e).__name__])[0][:100]
        raise FormatError(f"{path}: damaged HDF5 file ({why})") from None


def _read_attr(f, name, path):
    """An attribute's value, its stored type checked before it is read: only strings and plain numbers.
    (One flipped bit can turn a variable-length string into a variable-length sequence, which h5py
    crashes the process reading.)"""
    import h5py
    dtype = f.attrs.get_id(name).dtype
    if dtype.kind not in "biuf" and h5py.check_string_dtype(dtype) is None:
        raise FormatError(f"{path}: attribute {name!r} has an unexpected stored type ({dtype}); damaged file?")
    return f.attrs[name]


def _text_attr(f, name, path, required=True):
    if name not in f.attrs:
        if required:
            raise FormatError(f"{path}: attribute {name!r} is missing")
        return None
    value = _read_attr(f, name, path)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        raise FormatError(f"{path}: attribute {name!r} should be a string, found {type(value).__name__}")
    return value


def _json_attr(f, name, path, required=True, default=None):
    text = _text_attr(f, name, path, required)
    if text is None:
        return default
    if len(text) > MAX_JSON_BYTES:
        raise FormatError(f"{path}: attribute {name!r} holds {len(text):,} bytes of JSON; refusing more than "
                          f"{MAX_JSON_BYTES:,}")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as e:
        raise FormatError(f"{path}: attribute {name!r} is not valid JSON ({str(e)[:80]})") from None


def check_header(f, path, expected_format):
    fmt = _text_attr(f, "format", path, required=False)
    if fmt != expected_format:
        raise FormatError(f"{path}: an HDF5 file but not a {expected_format} file (attribute 'format' is {fmt!r})")
    if "format_version" not in f.attrs:
        raise FormatError(f"{path}: attribute 'format_version' is missing")
    version = _read_attr(f, "format_version", path)
    if isinstance(version, np.ndarray) and version.shape == ():
        version = version[()]
    if not isinstance(version, (int, np.integer)) or isinstance(version, (bool, np.bool_)):
        shown = version.tolist() if isinstance(version, (np.ndarray, np.generic)) else version  # 1.0, not np.float64(1.0)
        raise FormatError(f"{path}: attribute 'format_version' should be an integer, found "
                          f"{' '.join(repr(shown).split())[:80]}")
    if version > FORMAT_VERSION:
        raise FormatError(f"{path}: written in format version {int(version)}, newer than this cnn-engine reads "
                          f"(up to {FORMAT_VERSION}); upgrade cnn-engine")
    if version < 1:
        raise FormatError(f"{path}: invalid format version {int(version)}")
    return int(version)


def write_model(path, architecture, params, metadata, training=None):
    """architecture: JSON-able dict; params: {layer: {name: array}} in order; metadata: JSON-able
    dicts/lists under the keys input_shape, preprocessing, class_names, provenance.
    training: optional (JSON-able state, {"layer/param/slot": array}) for checkpoints (/training)."""
    import h5py
    with atomic_path(path) as tmp:
        with h5py.File(tmp, "w") as f:
            f.attrs["format"] = MODEL_FORMAT
            f.attrs["format_version"] = np.int64(FORMAT_VERSION)
            f.attrs["architecture"] = json.dumps(architecture)
            f.attrs["input_shape"] = np.asarray(metadata["input_shape"], np.int64)
            for key in ("preprocessing", "provenance"):
                f.attrs[key] = json.dumps(metadata.get(key) or {})
            if metadata.get("class_names") is not None:
                f.attrs["class_names"] = json.dumps(list(metadata["class_names"]))
            f.attrs["created_by"] = str(metadata.get("created_by", "cnn-engine"))
            group = f.create_group("params")
            for layer_name, layer_params in params.items():
                g = group.create_group(layer_name)
                g.attrs["order"] = json.dumps(list(layer_params))
                for name, value in layer_params.items():
                    g.create_dataset(name, data=np.ascontiguousarray(value))
            if training is not None:
                state, slots = training
                g = f.create_group("training")
                g.attrs["state"] = json.dumps(state)
                for key, value in slots.items():
                    g.create_dataset("slots/" + key, data=np.ascontiguousarray(value))


MAX_COMPRESSION_RATIO = 1100  # deflate cannot do better than about 1032:1


def _check_stored(ds, where, path):
    """Refuse, before reading, a dataset whose bytes are not in this file (external raw files, virtual
    datasets) or whose shape claims more data than the file stores (unwritten chunks read as fill
    values: a small file could make the reader allocate gigabytes)."""
    import h5py
    plist = ds.id.get_create_plist()
    if plist.get_layout() not in (h5py.h5d.COMPACT, h5py.h5d.CONTIGUOUS, h5py.h5d.CHUNKED) or \
            plist.get_external_count():
        raise FormatError(f"{path}: dataset {where} keeps its data outside this file; refusing it")
    claimed = math.prod(ds.shape) * ds.dtype.itemsize
    stored = ds.id.get_storage_size()
    if stored * (MAX_COMPRESSION_RATIO if plist.get_nfilters() else 1) < claimed:
        raise FormatError(f"{path}: dataset {where} claims {claimed:,} bytes but the file stores {stored:,}; "
                          f"damaged or truncated file")


def read_model(path, expected_shapes):
    """-> (architecture, params, metadata). expected_shapes(architecture) -> {layer: {param: shape}}
    is called before any parameter is read, so a file's claimed sizes are checked first."""
    path = as_path(path)
    with _damaged_as_format_error(path), open_h5(path) as f:
        check_header(f, path, MODEL_FORMAT)
        architecture = _json_attr(f, "architecture", path)
        metadata = {
            "preprocessing": _json_attr(f, "preprocessing", path, required=False, default={}),
            "class_names": _json_attr(f, "class_names", path, required=False),
            "provenance": _json_attr(f, "provenance", path, required=False, default={}),
        }
        if not isinstance(metadata["preprocessing"], dict) or not isinstance(metadata["provenance"], dict):
            raise FormatError(f"{path}: attributes 'preprocessing' and 'provenance' must be JSON objects")
        names = metadata["class_names"]
        if names is not None and (not isinstance(names, list) or not all(isinstance(n, str) for n in names)):
            raise FormatError(f"{path}: attribute 'class_names' must be a JSON list of strings")
        expected = expected_shapes(architecture)
        total = sum(math.prod(int(d) for d in s) * 8 for layer in expected.values() for s in layer.values())  # no int64 overflow
        if total > MAX_PARAM_BYTES:
            raise FormatError(f"{path}: the architecture implies {total:,} bytes of parameters, over the limit of "
                              f"{MAX_PARAM_BYTES:,} (set CNN_ENGINE_MAX_PARAM_BYTES to raise it)")
        import h5py
        root = f.get("params")
        if any(expected.values()) and not isinstance(root, h5py.Group):  # (a model without parameters needs none)
            raise FormatError(f"{path}: group /params is missing")
        ghosts = set(root.keys()) - set(expected) if isinstance(root, h5py.Group) else set()
        if ghosts:
            raise FormatError(f"{path}: /params holds groups of no layer: {sorted(ghosts)[:5]}")
        params = {}
        for layer, shapes in expected.items():
            group = root.get(layer) if root is not None else None
            if shapes and not isinstance(group, h5py.Group):
                raise FormatError(f"{path}: group /params/{layer} is missing")
            params[layer] = {}
            for name, shape in shapes.items():
                ds = group.get(name)
                where = f"/params/{layer}/{name}"
                if not isinstance(ds, h5py.Dataset):
                    raise FormatError(f"{path}: dataset {where} is missing")
                if tuple(ds.shape) != tuple(shape):
                    raise FormatError(f"{path}: dataset {where} has shape {tuple(ds.shape)}, the architecture "
                                      f"implies {tuple(shape)}")
                if ds.dtype not in (np.float32, np.float64):
                    raise FormatError(f"{path}: dataset {where} has dtype {ds.dtype}, expected float32 or float64")
                _check_stored(ds, where, path)
                try:
                    params[layer][name] = ds[()]
                except (OSError, ValueError) as e:
                    raise FormatError(f"{path}: cannot read {where}: damaged file ({str(e)[:80]})") from None
            extra = set(group.keys()) - set(shapes) if group is not None else set()
            if extra:
                raise FormatError(f"{path}: /params/{layer} holds unexpected datasets {sorted(extra)}")
        if "input_shape" in f.attrs:  # FORMAT.md: equal to architecture.input_shape
            declared = np.asarray(_read_attr(f, "input_shape", path))
            if declared.dtype.kind not in "iu" or declared.ndim != 1 or \
                    declared.tolist() != list(architecture.get("input_shape", [])):
                raise FormatError(f"{path}: attribute 'input_shape' ({str(declared.tolist())[:60]}) disagrees with "
                                  f"the architecture's input_shape {architecture.get('input_shape')}")
        return architecture, params, metadata


def read_training(path, param_shapes):
    """-> (state, {"layer/param/slot": array}) from a checkpoint's /training group, or None when absent.
    Slot shapes are checked against param_shapes {layer: {param: shape}}."""
    import h5py
    path = as_path(path)
    with _damaged_as_format_error(path), open_h5(path) as f:
        check_header(f, path, MODEL_FORMAT)
        group = f.get("training")
        if not isinstance(group, h5py.Group):
            return None
        state = _json_attr(group, "state", path)
        if not isinstance(state, dict):
            raise FormatError(f"{path}: /training attribute 'state' must be a JSON object")
        slots = {}
        root = group.get("slots")
        if isinstance(root, h5py.Group):
            for layer, params in param_shapes.items():
                for name, shape in params.items():
                    g = root.get(f"{layer}/{name}")
                    if not isinstance(g, h5py.Group):
                        continue
                    for slot, ds in g.items():
                        if not isinstance(ds, h5py.Dataset) or tuple(ds.shape) != tuple(shape) or \
                                ds.dtype not in (np.float32, np.float64):
                            raise FormatError(f"{path}: /training/slots/{layer}/{name}/{slot} does not match "
                                              f"the parameter's shape {tuple(shape)}")
                        _check_stored(ds, f"/training/slots/{layer}/{name}/{slot}", path)
                        slots[f"{layer}/{name}/{slot}"] = ds[()]
        return state, slots
