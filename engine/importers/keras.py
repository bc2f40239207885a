"""Keras -> Sequential, read with h5py and zipfile alone (Keras and TensorFlow are not needed).

Three kinds of file:
  * legacy HDF5 (`model.save("m.h5")`, Keras 2 and 3): root attribute `model_config` (JSON) and group
    `model_weights/<layer>/` with attributes `layer_names` / `weight_names` (possibly split into
    `layer_names0`, `layer_names1`, ...; empty lists are written as float64 arrays); each weight is
    the dataset at `<layer>/<weight name>` (the name is a path, so datasets are nested);
  * Keras 3 archives (`model.save("m.keras")`): a zip of `config.json` and `model.weights.h5`, whose
    groups are `layers/<snake_case class name>[_k]/vars/<i>` (k counts layers of the same class);
  * weights only (`save_weights`, either layout above without an architecture) plus an architecture:
    a Keras model JSON (`model.to_json()`) or a zoo name.
Kernels are transposed from Keras' HWIO / (in, out) to (out, in, kh, kw) / (out, in); feature maps
become channels first, and the Dense after a Flatten of a channels-last map has its rows permuted so
the converted model computes the same function.
"""
import io
import json
import os
import re
import zipfile

import numpy as np

from engine import layers as L
from engine.model import Sequential

MAX_CONFIG_BYTES = 64 << 20
MAX_WEIGHTS_BYTES = 16 << 30
MAX_RATIO = 200  # uncompressed / compressed size allowed for a deflated member (zip bombs)


# ---------------------------------------------------------------- reading files
def _text(v):
    return v.decode("utf-8") if isinstance(v, (bytes, np.bytes_)) else str(v)


def _attr_list(obj, name):
    """A list-of-strings attribute as Keras writes it: whole or split into name0, name1, ...; an empty
    list is a float64 array. None when absent."""
    if name in obj.attrs:
        chunks = [obj.attrs[name]]
    else:
        chunks, i = [], 0
        while f"{name}{i}" in obj.attrs:
            chunks.append(obj.attrs[f"{name}{i}"])
            i += 1
        if not chunks:
            return None
    out = []
    for chunk in chunks:
        arr = np.asarray(chunk)
        if arr.size == 0:
            continue
        if arr.dtype.kind not in "SUO":
            raise ValueError(f"attribute {name!r} of {obj.name} holds {arr.dtype} values, expected strings")
        out.extend(_text(v) for v in arr.reshape(-1))
    return out


def _read_member(zf, name, limit, path):
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        raise ValueError(f"{path}: {name} is {info.file_size:,} bytes, more than the {limit:,} allowed")
    if info.compress_type != zipfile.ZIP_STORED and info.file_size > (1 << 20) and \
            info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ValueError(f"{path}: {name} expands {info.file_size // max(info.compress_size, 1)}-fold: refused "
                         f"(zip bomb?)")
    buf = io.BytesIO()
    with zf.open(info) as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            if buf.tell() + len(chunk) > info.file_size:
                raise ValueError(f"{path}: {name} is larger than its zip entry says: refused")
            buf.write(chunk)
    buf.seek(0)
    return buf


def _json(text, what):
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError) as e:
        raise ValueError(f"{what}: not valid JSON ({e})") from None


# ---------------------------------------------------------------- weight stores
class _LegacyStore:
    """`layer_names` / `weight_names` groups (Keras 2, and Keras 3's legacy .h5)."""

    def __init__(self, group, path):
        self.group, self.path = group, path
        self.names = _attr_list(group, "layer_names") or []

    def get(self, name, key):
        if name not in self.names or name not in self.group:
            return None
        g = self.group[name]
        wnames = _attr_list(g, "weight_names") or []
        out = []
        for w in wnames:
            if w not in g:
                raise ValueError(f"{self.path}: weight {w!r} of layer {name!r} is listed but missing")
            base = w.split("/")[-1].split(":")[0]
            out.append((base, np.asarray(g[w][()])))
        return out

    def weighted(self):
        """[(layer name, [(weight name, array)])] for layers with weights, in layer order."""
        found = [(n, self.get(n, None)) for n in self.names]
        return [(n, w) for n, w in found if w]


class _V3Store:
    """Keras 3's `layers/<key>/vars/<i>` layout (.keras archives and `*.weights.h5`)."""

    def __init__(self, group, path):
        self.group, self.path = group, path

    def get(self, name, key):
        if key not in self.group:
            return None
        g = self.group[key]
        if "vars" not in g:
            return []
        v = g["vars"]
        keys = sorted((k for k in v if k.isdigit()), key=int)
        return [(None, np.asarray(v[k][()])) for k in keys]


def _snake(name):
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name)
    return name.lower()


def _store_of(h5, path):
    if "model_weights" in h5:
        return _LegacyStore(h5["model_weights"], path)
    if _attr_list(h5, "layer_names") is not None:
        return _LegacyStore(h5, path)
    if "layers" in h5:
        return _V3Store(h5["layers"], path)
    raise ValueError(f"{path}: no Keras weights found (neither model_weights/layer_names nor layers/.../vars)")


# ---------------------------------------------------------------- architecture
def _layer_list(cfg, path):
    """Keras model JSON -> (model name, [(class name, config)]) of a sequential chain."""
    if not isinstance(cfg, dict) or "class_name" not in cfg:
        raise ValueError(f"{path}: the Keras architecture is not a model JSON (no class_name)")
    cls, c = cfg["class_name"], cfg.get("config")
    if cls == "Sequential":
        entries = c["layers"] if isinstance(c, dict) else c
        name = c.get("name", "model") if isinstance(c, dict) else "model"
        return name, [(e["class_name"], e.get("config", {})) for e in entries]
    if cls in ("Functional", "Model"):
        entries = c.get("layers", [])
        prev = None
        out = []
        for e in entries:
            lname = e.get("name") or e.get("config", {}).get("name")
            sources = _inbound(e.get("inbound_nodes", []))
            if e["class_name"] != "InputLayer":
                if len(sources) != 1:
                    raise ValueError(f"{path}: {e['class_name']} layer {lname!r} takes {len(sources)} inputs "
                                     f"({', '.join(sources)}): a merge or branch; only sequential models convert")
                if sources[0] != prev:
                    raise ValueError(f"{path}: {e['class_name']} layer {lname!r} reads {sources[0]!r}, not the "
                                     f"previous layer {prev!r}: a branch; only sequential models convert")
            elif prev is not None:
                raise ValueError(f"{path}: the model has more than one input")
            prev = lname
            out.append((e["class_name"], dict(e.get("config", {}), name=lname)))
        outputs = c.get("output_layers", [])
        if outputs and len(outputs) != 1 and not (len(outputs) == 3 and isinstance(outputs[0], str)):
            raise ValueError(f"{path}: the model has {len(outputs)} outputs; only one is supported")
        return c.get("name", "model"), out
    raise ValueError(f"{path}: Keras model class {cls!r} is not supported (Sequential or a sequential Functional)")


def _inbound(nodes):
    """Names of the layers feeding a Functional layer (Keras 2 and Keras 3 formats)."""
    if len(nodes) > 1:
        return ["<shared layer>"] * 2
    names = []

    def walk(obj):
        if isinstance(obj, dict):
            hist = obj.get("config", {}).get("keras_history") if obj.get("class_name") == "__keras_tensor__" else None
            if hist:
                names.append(hist[0])
                return
            for v in obj.values():
                walk(v)
        elif isinstance(obj, list):
            if len(obj) >= 3 and isinstance(obj[0], str) and isinstance(obj[1], int):  # Keras 2 [name, node, tensor, kw]
                names.append(obj[0])
                return
            for v in obj:
                walk(v)
    walk(nodes)
    return names


ACTIVATIONS = {"linear": None, None: None, "relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid", "softmax": "softmax"}


def _activation(cfg, name, path):
    act = cfg.get("activation", "linear")
    if isinstance(act, dict):  # serialized activation object
        act = act.get("config", {}).get("name", act.get("class_name"))
    if act not in ACTIVATIONS:
        raise ValueError(f"{path}: layer {name!r}: activation {act!r} is not supported (relu, tanh, sigmoid, "
                         f"softmax, linear)")
    return ACTIVATIONS[act]


def _safe_name(name, used):
    base = str(name or "layer").replace("/", "_") or "layer"
    out, k = base, 1
    while out in used:
        k += 1
        out = f"{base}_{k}"
    used.add(out)
    return out


class _Builder:
    def __init__(self, path, store):
        self.path, self.store = path, store
        self.layers, self.used = [], set()
        self.counters = {}
        self.perm = None  # pending row permutation for the next Dense (Flatten of channels-last maps)

    def key(self, cls):
        base = _snake(cls)
        n = self.counters.get(base, -1) + 1
        self.counters[base] = n
        return base if n == 0 else f"{base}_{n}"

    def weights(self, cls, name, key, expected):
        found = self.store.get(name, key)
        if found is None:
            found = []
        if len(found) != len(expected):
            raise ValueError(f"{self.path}: layer {name!r} ({cls}): expected {len(expected)} weights "
                             f"({', '.join(expected) or 'none'}), the file holds {len(found)}")
        names = [n for n, _ in found]
        if all(n in expected for n in names) and len(set(names)) == len(names):
            by = dict(found)
            return [np.asarray(by[e], np.float64) for e in expected]
        return [np.asarray(a, np.float64) for _, a in found]

    def add(self, layer, shape):
        try:
            out = layer.output_shape(shape)
            for k, s in layer.param_shapes(shape).items():
                if tuple(layer.params[k].shape) != tuple(s):
                    raise ValueError(f"weight {k} has shape {layer.params[k].shape}, expected {tuple(s)}")
        except (ValueError, KeyError) as e:
            raise ValueError(f"{self.path}: layer {layer.name!r}: {e}") from None
        if min(out) <= 0:
            raise ValueError(f"{self.path}: layer {layer.name!r} gives an empty output {out}")
        self.layers.append(layer)
        return out


def _input_shape(specs, path):
    for cls, cfg in specs:
        for key in ("batch_shape", "batch_input_shape"):
            if cfg.get(key):
                return list(cfg[key][1:])
        if cfg.get("input_shape"):
            return list(cfg["input_shape"])
        build = cfg.get("build_config") or {}
        if build.get("input_shape"):
            return list(build["input_shape"][1:])
        if cls != "InputLayer":
            break
    raise ValueError(f"{path}: the Keras architecture does not record the input shape")


SPATIAL = ("Conv1D", "Conv2D", "DepthwiseConv2D", "MaxPooling1D", "MaxPooling2D", "AveragePooling1D",
           "AveragePooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D")


def _convert(specs, store, path, build_configs=None):
    keras_shape = _input_shape(specs, path)
    if any(d is None or int(d) <= 0 for d in keras_shape):
        raise ValueError(f"{path}: the input shape {keras_shape} has unknown sizes; convert needs fixed sizes")
    keras_shape = [int(d) for d in keras_shape]
    first = next((cfg.get("data_format") or "channels_last" for cls, cfg in specs if cls in SPATIAL), None)
    rank = len(keras_shape)
    if rank == 1:
        shape, layout = tuple(keras_shape), None
    elif first is None and rank in (2, 3):  # no convolutions: an MLP on an image, e.g. (28, 28) -> Flatten
        shape = (1,) + tuple(keras_shape) if rank == 2 else (keras_shape[2],) + tuple(keras_shape[:2])
        layout = "implicit" if rank == 2 else "last"
    elif rank in (2, 3):
        layout = "last" if first == "channels_last" else "first"
        shape = tuple(keras_shape[-1:] + keras_shape[:-1]) if layout == "last" else tuple(keras_shape)
    else:
        raise ValueError(f"{path}: input shape {keras_shape} is not supported ((H, W, C), (L, C) or (features,))")
    input_shape = shape
    b = _Builder(path, store)

    def check_format(cls, cfg, name):
        df = cfg.get("data_format") or "channels_last"
        want = {"last": "channels_last", "first": "channels_first"}.get(layout)
        if want is None or df != want:
            raise ValueError(f"{path}: layer {name!r} ({cls}) uses {df} on a {layout or 'flat'} tensor")

    def pads(cfg, kernel, dilation, ndim, name):
        p = cfg.get("padding", "valid")
        if p == "causal" and ndim == 1:
            return [[dilation[0] * (kernel[0] - 1), 0]]
        if p in ("valid", "same"):
            return p
        raise ValueError(f"{path}: layer {name!r}: padding {p!r} is not supported")

    for cls, cfg in specs:
        name = cfg.get("name")
        key = b.key(cls)
        if cls == "InputLayer":
            continue
        lname = _safe_name(name, b.used)
        if b.perm is not None and cls not in ("Dense", "Dropout", "Activation", "ReLU", "BatchNormalization",
                                              "SpatialDropout1D", "GaussianDropout", "AlphaDropout"):
            raise ValueError(f"{path}: layer {name!r} ({cls}) after a Flatten of channels-last maps is not supported")
        if cls in ("Conv1D", "Conv2D", "DepthwiseConv2D"):
            ndim = 1 if cls == "Conv1D" else 2
            check_format(cls, cfg, name)
            if len(shape) != ndim + 1:
                raise ValueError(f"{path}: layer {name!r} ({cls}) gets a tensor of shape {shape}")
            kernel = [int(k) for k in cfg["kernel_size"]]
            stride = [int(s) for s in cfg.get("strides", [1] * ndim)]
            dilation = [int(d) for d in cfg.get("dilation_rate", [1] * ndim)]
            if len(kernel) == 1 and ndim == 2:
                kernel = kernel * 2
            use_bias = bool(cfg.get("use_bias", True))
            act = _activation(cfg, name, path)
            wnames = ["depthwise_kernel" if cls == "DepthwiseConv2D" else "kernel"] + (["bias"] if use_bias else [])
            w = b.weights(cls, name, key, wnames)
            k = w[0]
            if cls == "DepthwiseConv2D":
                mult = int(cfg.get("depth_multiplier", 1))
                filters, groups = shape[0] * mult, shape[0]
                if k.shape != tuple(kernel) + (shape[0], mult):
                    raise ValueError(f"{path}: layer {name!r}: depthwise kernel {k.shape} does not fit input {shape}")
                weight = k.transpose(2, 3, 0, 1).reshape(filters, 1, *kernel)
            else:
                filters, groups = int(cfg["filters"]), int(cfg.get("groups", 1))
                weight = k.transpose(3, 2, 0, 1) if ndim == 2 else k.transpose(2, 1, 0)
            layer = (L.Conv2D if ndim == 2 else L.Conv1D)(
                filters, kernel, stride=stride, padding=pads(cfg, kernel, dilation, ndim, name), dilation=dilation,
                groups=groups, use_bias=use_bias, activation=None if act == "softmax" else act, name=lname)
            layer.params = {"weight": weight, **({"bias": w[1]} if use_bias else {})}
            shape = b.add(layer, shape)
            if act == "softmax":
                shape = b.add(L.Softmax(name=_safe_name(f"{lname}_softmax", b.used)), shape)
        elif cls in ("MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D"):
            ndim = 1 if cls.endswith("1D") else 2
            check_format(cls, cfg, name)
            pool = [int(p) for p in np.atleast_1d(cfg.get("pool_size", 2))]
            pool = pool * ndim if len(pool) == 1 else pool
            stride = cfg.get("strides") or pool
            stride = [int(s) for s in np.atleast_1d(stride)]
            stride = stride * ndim if len(stride) == 1 else stride
            padding = pads(cfg, pool, [1] * ndim, ndim, name)
            if cls.startswith("Max"):
                layer = (L.MaxPool2D if ndim == 2 else L.MaxPool1D)(pool, stride, padding, name=lname)
            else:  # TensorFlow's 'same' average pooling excludes the padding from the count
                layer = (L.AvgPool2D if ndim == 2 else L.AvgPool1D)(pool, stride, padding, count_include_pad=False,
                                                                   name=lname)
            shape = b.add(layer, shape)
        elif cls in ("GlobalAveragePooling1D", "GlobalAveragePooling2D"):
            check_format(cls, cfg, name)
            shape = b.add(L.GlobalAvgPool(name=lname), shape)
            if not cfg.get("keepdims", False):
                shape = b.add(L.Flatten(name=_safe_name(f"{lname}_flatten", b.used)), shape)
                layout = None
        elif cls == "Flatten":
            if len(shape) > 1:
                df = cfg.get("data_format") or "channels_last"
                spatial = shape[1:]
                if layout == "last" or (layout == "first" and df == "channels_first"):
                    # Keras flattens (spatial..., C); we flatten (C, spatial...)
                    idx = np.arange(int(np.prod(shape))).reshape(tuple(spatial) + (shape[0],))
                    perm = np.moveaxis(idx, -1, 0).reshape(-1)
                    b.perm = None if np.array_equal(perm, np.arange(perm.size)) else perm
                elif layout == "implicit" or (layout == "first" and df == "channels_last"):
                    b.perm = None
                else:
                    raise ValueError(f"{path}: layer {name!r} (Flatten, {df}) on a {layout} tensor is not supported")
                shape = b.add(L.Flatten(name=lname), shape)
            layout = None
        elif cls == "Dense":
            if len(shape) != 1:
                raise ValueError(f"{path}: layer {name!r} (Dense) on a tensor of shape {shape}: Keras applies it "
                                 f"to the last axis, which is not supported (add a Flatten)")
            use_bias = bool(cfg.get("use_bias", True))
            act = _activation(cfg, name, path)
            w = b.weights(cls, name, key, ["kernel"] + (["bias"] if use_bias else []))
            kernel = w[0]
            if kernel.ndim != 2 or kernel.shape[0] != shape[0]:
                raise ValueError(f"{path}: layer {name!r}: kernel {kernel.shape} does not fit {shape[0]} inputs")
            if b.perm is not None:
                kernel = kernel[b.perm]
                b.perm = None
            layer = L.Dense(int(cfg.get("units", kernel.shape[1])), use_bias=use_bias,
                            activation=None if act == "softmax" else act, name=lname)
            layer.params = {"weight": kernel.T, **({"bias": w[1]} if use_bias else {})}
            shape = b.add(layer, shape)
            if act == "softmax":
                shape = b.add(L.Softmax(name=_safe_name(f"{lname}_softmax", b.used)), shape)
        elif cls in ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "GaussianDropout", "AlphaDropout"):
            shape = b.add(L.Dropout(min(float(cfg.get("rate", 0.5)), 0.999), name=lname), shape)
        elif cls in ("Activation", "ReLU", "Softmax"):
            act = cfg.get("activation", "relu" if cls == "ReLU" else "softmax" if cls == "Softmax" else None)
            if cls == "ReLU" and (cfg.get("max_value") is not None or float(cfg.get("negative_slope", 0) or 0) != 0
                                  or float(cfg.get("threshold", 0) or 0) != 0):
                raise ValueError(f"{path}: layer {name!r}: ReLU with max_value/negative_slope/threshold is not "
                                 f"supported")
            act = _activation({"activation": act}, name, path)
            if cls == "Softmax":
                axis = cfg.get("axis", -1)
                axis = axis[0] if isinstance(axis, list) and len(axis) == 1 else axis
                ok = axis in (-1, len(shape)) if layout in ("last", None) else axis == 1
                if not ok or layout == "implicit":
                    raise ValueError(f"{path}: layer {name!r}: softmax over axis {axis} is not supported")
            if act is None:
                continue
            if b.perm is not None and act == "softmax":
                raise ValueError(f"{path}: layer {name!r}: softmax right after a Flatten is not supported")
            cls_map = {"relu": L.ReLU, "tanh": L.Tanh, "sigmoid": L.Sigmoid, "softmax": L.Softmax}
            shape = b.add(cls_map[act](name=lname), shape)
        elif cls == "BatchNormalization":
            axis = cfg.get("axis", -1)
            axis = axis[0] if isinstance(axis, list) and len(axis) == 1 else axis
            krank = len(shape)
            channel_axis = {"last": (-1, krank), "first": (1,), None: (-1, 1)}.get(layout, ())
            if axis not in channel_axis:
                raise ValueError(f"{path}: layer {name!r}: batch normalisation over axis {axis} is not the channel "
                                 f"axis")
            scale, center = bool(cfg.get("scale", True)), bool(cfg.get("center", True))
            expected = (["gamma"] if scale else []) + (["beta"] if center else []) + ["moving_mean", "moving_variance"]
            w = dict(zip(expected, b.weights(cls, name, key, expected)))
            c = shape[0]
            params = {"weight": w.get("gamma", np.ones(c)), "bias": w.get("beta", np.zeros(c)),
                      "running_mean": w["moving_mean"], "running_var": w["moving_variance"]}
            if b.perm is not None:
                inverse = b.perm  # our position p holds Keras position perm[p]
                params = {k: v[inverse] for k, v in params.items()}
            layer = L.BatchNorm(eps=float(cfg.get("epsilon", 1e-3)), momentum=1 - float(cfg.get("momentum", 0.99)),
                                name=lname)
            layer.params = params
            shape = b.add(layer, shape)
        else:
            raise ValueError(f"{path}: Keras layer {cls} ({name!r}) is not supported")
    if b.perm is not None:
        raise ValueError(f"{path}: the model ends with a Flatten of channels-last maps; its output order would "
                         f"differ from Keras")
    if not b.layers:
        raise ValueError(f"{path}: the model holds no layers")
    return b.layers, input_shape


def _from_zoo(arch, store, path):
    from engine import zoo
    if not isinstance(store, (_LegacyStore, _V3Store)):
        raise ValueError(f"{path}: no weights")
    probe = zoo.build(arch)
    kinds = {"Conv2D": "Conv2D", "Conv1D": "Conv1D", "Dense": "Dense", "BatchNorm": "BatchNormalization"}
    weighted = [l for l in probe.layers if l.params]
    if isinstance(store, _LegacyStore):
        groups = store.weighted()
        if len(groups) != len(weighted):
            raise ValueError(f"{path}: holds {len(groups)} layers with weights, zoo {arch} has {len(weighted)}")
        found = [[a for _, a in g] for _, g in groups]
    else:
        counters, found = {}, []
        for l in weighted:
            base = _snake(kinds[type(l).__name__])
            n = counters.get(base, -1) + 1
            counters[base] = n
            got = store.get(None, base if n == 0 else f"{base}_{n}")
            if got is None:
                raise ValueError(f"{path}: no weights for zoo layer {l.name} (expected group layers/"
                                 f"{base if n == 0 else f'{base}_{n}'})")
            found.append([a for _, a in got])
    units = np.shape(found[-1][0])[-1] if type(weighted[-1]).__name__ == "Dense" else None
    model = zoo.build(arch, num_classes=int(units) if units else None)
    shape, perm = model.input_shape, None
    params = {}
    for layer, (in_shape, out_shape) in zip(model.layers, model.shapes):
        if isinstance(layer, L.Flatten) and len(in_shape) > 1:
            idx = np.arange(int(np.prod(in_shape))).reshape(tuple(in_shape[1:]) + (in_shape[0],))
            perm = np.moveaxis(idx, -1, 0).reshape(-1)
        if not layer.params:
            continue
        arrays = [np.asarray(a, np.float64) for a in found.pop(0)]
        kind = type(layer).__name__
        if kind in ("Conv2D", "Conv1D"):
            w = arrays[0].transpose(3, 2, 0, 1) if kind == "Conv2D" else arrays[0].transpose(2, 1, 0)
            p = {"weight": w}
            if layer.use_bias:
                p["bias"] = arrays[1] if len(arrays) > 1 else None
        elif kind == "Dense":
            k = arrays[0]
            if perm is not None and k.shape[0] == perm.size:
                k, perm = k[perm], None
            p = {"weight": k.T}
            if layer.use_bias:
                p["bias"] = arrays[1] if len(arrays) > 1 else None
        else:  # BatchNorm: gamma, beta, moving mean, moving variance
            if len(arrays) != 4:
                raise ValueError(f"{path}: zoo layer {layer.name} needs 4 batch-norm weights, got {len(arrays)}")
            p = dict(zip(("weight", "bias", "running_mean", "running_var"), arrays))
        for k, v in p.items():
            want = layer.params[k].shape
            if v is None or tuple(v.shape) != tuple(want):
                raise ValueError(f"{path}: zoo {arch} layer {layer.name}: weight {k} has shape "
                                 f"{None if v is None else v.shape}, expected {tuple(want)}")
        params[layer.name] = p
    config = model.get_config()
    return config, params, model.preprocessing


# ---------------------------------------------------------------- entry point
def _read_config_arg(config, path):
    """config: None, a dict (parsed Keras JSON), a zoo name or a path to a Keras JSON file."""
    if config is None or isinstance(config, dict):
        return config
    from engine import zoo
    text = os.fspath(config)
    if text in zoo.ARCHITECTURES:
        return text
    if not os.path.isfile(text):
        raise ValueError(f"--config {text!r}: neither a Keras model JSON file nor a zoo name "
                         f"({', '.join(zoo.ARCHITECTURES)})")
    with open(text, "rb") as f:
        data = f.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise ValueError(f"{text}: larger than {MAX_CONFIG_BYTES:,} bytes; not a Keras model JSON")
    return _json(data, text)


def load_keras(path, config=None):
    """A Keras file (.h5 from model.save or save_weights, .keras archive) -> Sequential.
    config: the architecture for weights-only files: a Keras model JSON (path or parsed dict) or a zoo name."""
    import h5py
    path = os.fspath(path)
    config = _read_config_arg(config, path)
    source = os.path.basename(path)
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if any(n.endswith("data.pkl") for n in names):
                raise ValueError(f"{path}: a PyTorch file, not Keras; export it to ONNX first (docs/importers.md)")
            raw = _read_member(zf, "config.json", MAX_CONFIG_BYTES, path)
            weights = _read_member(zf, "model.weights.h5", MAX_WEIGHTS_BYTES, path)
        if weights is None:
            raise ValueError(f"{path}: a zip without model.weights.h5; not a Keras 3 .keras archive")
        if config is None:
            if raw is None:
                raise ValueError(f"{path}: a .keras archive without config.json")
            config = _json(raw.read(), f"{path}: config.json")
        h5 = h5py.File(weights, "r")
        kind = "keras (.keras archive)"
    else:
        if not h5py.is_hdf5(path):
            raise ValueError(f"{path}: neither an HDF5 file nor a .keras archive")
        h5 = h5py.File(path, "r")
        kind = "keras (HDF5)"
    with h5:
        if h5.attrs.get("format") is not None and _text(h5.attrs["format"]) == "cnn-engine-model":
            raise ValueError(f"{path}: already a cnn-engine model; nothing to convert")
        store = _store_of(h5, path)
        if config is None:
            stored = h5.attrs.get("model_config")
            if stored is None and "model_weights" in h5:
                stored = h5["model_weights"].attrs.get("model_config")
            if stored is None:
                raise ValueError(f"{path}: holds weights only (save_weights); give the architecture with "
                                 f"--config model.json (a Keras model JSON) or a zoo name")
            config = _json(_text(stored), f"{path}: model_config")
        version = h5.attrs.get("keras_version")
        provenance = {"trained": True, "converted_from": source, "source_format": kind}
        if version is not None:
            provenance["keras_version"] = _text(version)
        if isinstance(config, str):  # a zoo architecture
            arch, params, preprocessing = _from_zoo(config, store, path)
            for layer_params in params.values():
                for k, v in layer_params.items():
                    layer_params[k] = np.ascontiguousarray(v, np.float32)
            return Sequential.from_config(arch, params, preprocessing=preprocessing,
                                          provenance=dict(provenance, architecture=f"zoo {config}"))
        try:
            name, specs = _layer_list(config, path)
            layers, input_shape = _convert(specs, store, path)
        except (KeyError, TypeError, IndexError) as e:
            raise ValueError(f"{path}: unexpected Keras configuration ({type(e).__name__}: {e})") from None
    for layer in layers:
        layer.params = {k: np.ascontiguousarray(v, np.float32) for k, v in layer.params.items()}
        if not all(np.isfinite(v).all() for v in layer.params.values()):
            raise ValueError(f"{path}: layer {layer.name} has NaN or Inf weights")
    return Sequential(layers, input_shape, name=str(name or "model"), provenance=provenance)
