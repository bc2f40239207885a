"""ONNX -> Sequential, without ONNX Runtime: the `onnx` package parses the protobuf, NumPy does the rest.

The graph is walked once in node order. Every value is either
  * a constant (initializers, Constant nodes and anything computed from constants only), kept as two
    NumPy arrays: its value when the batch size is BATCH_A and when it is BATCH_B, so that a shape
    computed from Shape(x) (PyTorch's `x.view(x.size(0), -1)`) folds to a target whose batch entry can
    be recognised; or
  * the single data tensor flowing through the network (`_Data`): its per-sample shape and the layer
    that produced it, so that bias adds, batch norms and activations can be folded into that layer.
A node that reads the data tensor twice, or reads two data tensors (residual Add, Concat of feature
maps), is refused: only sequential networks convert, nothing is ever run wrongly.
"""
import numpy as np

from engine import layers as L
from engine.model import Sequential

MIN_OPSET = 7
BATCH_A, BATCH_B = 1000003, 1000033  # two unlikely batch sizes: constants that differ depend on the batch


def _need_onnx():
    try:
        import onnx  # noqa: F401
    except ImportError:
        raise ValueError("converting ONNX models needs the onnx package: pip install 'cnn-engine[onnx]'") from None
    return onnx


class _Const:
    """A constant, known for two batch sizes (a is b for anything that does not depend on the batch)."""

    def __init__(self, a, b=None):
        self.a = np.asarray(a)
        self.b = self.a if b is None else np.asarray(b)

    @property
    def static(self):
        return self.a is self.b or (self.a.shape == self.b.shape and np.array_equal(self.a, self.b))

    def map(self, fn):
        return _Const(fn(self.a), None if self.a is self.b else fn(self.b))


class _Data:
    """The data tensor: per-sample shape and the layer whose output it is (None for the graph input)."""

    def __init__(self, shape, layer=None):
        self.shape, self.layer = tuple(int(d) for d in shape), layer
        self.consumed_by = None
        self.pad = None  # zero padding from a Pad node, folded into the next Conv or AveragePool


def _describe(node):
    return f"{node.op_type} node {node.name or node.output[0]!r}"


class _Converter:
    def __init__(self, model, path):
        onnx = _need_onnx()
        self.onnx, self.path = onnx, path
        self.graph = model.graph
        self.opset = None
        for entry in model.opset_import:
            if entry.domain in ("", "ai.onnx"):
                self.opset = int(entry.version)
        if self.opset is None:
            raise ValueError(f"{path}: the model imports no default-domain (ai.onnx) opset")
        if self.opset < MIN_OPSET:
            raise ValueError(f"{path}: opset {self.opset} is older than the oldest supported ({MIN_OPSET}); "
                             f"upgrade it with onnx.version_converter.convert_version(model, 13)")
        self.values = {}
        self.layers = []
        self.names = set()

    # ------------------------------------------------------------ helpers
    def err(self, node, text):
        return ValueError(f"{self.path}: {_describe(node)}: {text}")

    def tensor(self, proto):
        from onnx import numpy_helper
        if proto.data_location == self.onnx.TensorProto.EXTERNAL and not proto.raw_data:
            raise ValueError(f"{self.path}: tensor {proto.name!r} has external data that was not loaded")
        return numpy_helper.to_array(proto)

    def attrs(self, node):
        helper = self.onnx.helper
        out = {}
        for a in node.attribute:
            if a.type == self.onnx.AttributeProto.TENSOR:
                out[a.name] = self.tensor(a.t)
            elif a.type in (self.onnx.AttributeProto.GRAPH, self.onnx.AttributeProto.GRAPHS):
                raise self.err(node, f"attribute {a.name!r} holds a subgraph (control flow is not supported)")
            else:
                value = helper.get_attribute_value(a)
                out[a.name] = value.decode() if isinstance(value, bytes) else value
        return out

    def get(self, node, i, optional=False):
        if i >= len(node.input) or node.input[i] == "":
            if optional:
                return None
            raise self.err(node, f"input {i} is missing")
        name = node.input[i]
        if name not in self.values:
            raise self.err(node, f"input {name!r} is not produced by any earlier node (graph not in order?)")
        return self.values[name]

    def const(self, node, i, what, optional=False, static=True):
        value = self.get(node, i, optional)
        if value is None:
            return None
        if isinstance(value, _Data):
            raise self.err(node, f"{what} (input {i}) must be a constant (initializer), but it is computed from "
                                 f"the network's input")
        if static and not value.static:
            raise self.err(node, f"{what} (input {i}) depends on the batch size")
        return value

    def data_inputs(self, node):
        found = [(i, v) for i, v in enumerate(node.input) if v and isinstance(self.values.get(v), _Data)]
        if len(found) == 2 and node.op_type == "Mul" and found[0][1] == found[1][1]:
            raise self.err(node, "squares a tensor, as PyTorch's decomposed LocalResponseNorm does; export LRN as "
                                 "one ONNX LRN node (docs/importers.md) or remove it")
        if len(found) > 1:
            raise self.err(node, f"merges {len(found)} tensors ({', '.join(repr(node.input[i]) for i, _ in found)}): "
                                 f"a residual connection or a branch; only sequential networks can be converted")
        return found

    def consume(self, node, index):
        data = self.values[node.input[index]]
        if data.consumed_by is not None:
            raise self.err(node, f"reads tensor {node.input[index]!r}, which {data.consumed_by} already reads: "
                                 f"a branch; only sequential networks can be converted")
        data.consumed_by = _describe(node)
        return data

    def layer_name(self, node, weight_input=None):
        base = None
        if weight_input is not None and weight_input < len(node.input):
            w = node.input[weight_input]
            for suffix in (".weight", ".kernel", "/weight", "_weight", ".W", "_W"):
                if w.endswith(suffix) and len(w) > len(suffix):
                    base = w[: -len(suffix)]
                    break
        if base is None and node.name:
            parts = [p for p in node.name.split("/") if p]  # PyTorch: /<module path>/<Op>[_k]
            if len(parts) >= 2 and parts[-1].split("_")[0] == node.op_type:
                parts = parts[-2:-1]
            base = "_".join(parts) if parts and parts[-1].split("_")[0] != node.op_type else None
        base = (base or node.op_type.lower()).strip("/").replace("/", "_") or node.op_type.lower()
        name, k = base, 1
        while name in self.names:
            k += 1
            name = f"{base}_{k}"
        self.names.add(name)
        return name

    def set_output(self, node, value, index=0):
        if index < len(node.output) and node.output[index]:
            self.values[node.output[index]] = value

    def check_extra_outputs(self, node, used):
        for name in node.output[1:]:
            if name and name in used:
                raise self.err(node, f"its extra output {name!r} (indices, mask or batch statistics) is used; "
                                     f"only the main output can be converted")

    # ------------------------------------------------------------ the walk
    def run(self):
        g = self.graph
        inits = {t.name for t in g.initializer}
        for t in g.initializer:
            self.values[t.name] = _Const(self.tensor(t))
        if len(g.sparse_initializer):
            raise ValueError(f"{self.path}: sparse initializers are not supported")
        real_inputs = [i for i in g.input if i.name not in inits]
        if len(real_inputs) != 1:
            raise ValueError(f"{self.path}: expected exactly one graph input besides the weights, found "
                             f"{len(real_inputs)} ({', '.join(i.name for i in real_inputs)})")
        inp = real_inputs[0]
        dims = self.input_dims(inp)
        self.batch0 = dims[0] if isinstance(dims[0], int) else None
        sample = dims[1:]
        self.values[inp.name] = _Data(sample)
        self.input_shape = tuple(sample)
        used = {name for n in g.node for name in n.input if name}
        used |= {o.name for o in g.output}
        for node in g.node:
            if node.domain not in ("", "ai.onnx"):
                raise ValueError(f"{self.path}: {_describe(node)} is in domain {node.domain!r}; only standard "
                                 f"ONNX ops are supported")
            self.check_extra_outputs(node, used)
            self.visit(node)
        if len(g.output) != 1:
            raise ValueError(f"{self.path}: expected one graph output, found {len(g.output)} "
                             f"({', '.join(o.name for o in g.output)})")
        out = self.values.get(g.output[0].name)
        if not isinstance(out, _Data):
            raise ValueError(f"{self.path}: the graph output {g.output[0].name!r} does not depend on the input")
        if not self.layers:
            raise ValueError(f"{self.path}: the graph holds no layers")
        declared = self.declared_dims(g.output[0])
        if declared is not None and len(declared) == len(out.shape) + 1 and \
                all(not isinstance(d, int) or d == e for d, e in zip(declared[1:], out.shape)):
            pass
        elif declared is not None and all(isinstance(d, int) for d in declared[1:]):
            # a warning, not a refusal: torch's exporter declares one size too many for a ceil-mode pool with
            # padding at the graph's end ((6, 6) where torch, ONNX Runtime and this converter compute (6, 5))
            import warnings
            warnings.warn(f"{self.path}: the converted network gives outputs of shape {out.shape} per sample, the "
                          f"graph declares {tuple(declared[1:])}; check its outputs against the source framework",
                          RuntimeWarning, stacklevel=2)
        return self.layers, self.input_shape

    def declared_dims(self, info):
        t = info.type
        if not t.HasField("tensor_type") or not t.tensor_type.HasField("shape"):
            return None
        return [d.dim_value if d.HasField("dim_value") else (d.dim_param or "?") for d in t.tensor_type.shape.dim]

    def input_dims(self, info):
        dims = self.declared_dims(info)
        if dims is None:
            raise ValueError(f"{self.path}: input {info.name!r} has no declared shape; convert needs a fixed "
                             f"per-sample shape")
        if len(dims) not in (2, 3, 4):
            raise ValueError(f"{self.path}: input {info.name!r} has shape {dims}; expected (N, C, H, W), (N, C, L) "
                             f"or (N, features)")
        for axis, d in enumerate(dims[1:], 1):
            if not isinstance(d, int) or d <= 0:
                raise ValueError(f"{self.path}: input {info.name!r} has a symbolic size {d!r} at axis {axis}; "
                                 f"convert needs a fixed per-sample shape (export with a fixed input size)")
        elem = info.type.tensor_type.elem_type
        if elem not in (self.onnx.TensorProto.FLOAT, self.onnx.TensorProto.DOUBLE, self.onnx.TensorProto.FLOAT16):
            raise ValueError(f"{self.path}: input {info.name!r} is not a float tensor")
        return dims

    def visit(self, node):
        op = node.op_type
        data = self.data_inputs(node)
        if not data:
            handler = getattr(self, "fold_" + op, None)
            if handler is None:
                raise self.err(node, f"the op {op} is not supported for constant folding")
            handler(node, self.attrs(node))
            return
        if op in ("Shape", "Size"):
            getattr(self, "fold_" + op)(node, self.attrs(node))
            return
        handler = getattr(self, "op_" + op, None)
        if handler is None:
            raise self.err(node, f"the op {op} is not supported (supported: Conv, MaxPool, AveragePool, "
                                 f"GlobalAveragePool, Gemm, MatMul+Add, Relu, Tanh, Sigmoid, Softmax, LRN, "
                                 f"BatchNormalization, Dropout, Flatten, Reshape, Identity)")
        index = data[0][0]
        x = self.consume(node, index)
        if x.pad is not None and op not in ("Conv", "AveragePool", "Pad", "Identity"):
            raise self.err(node, f"follows a Pad node; zero padding can only be folded into a Conv or AveragePool")
        self.set_output(node, handler(node, self.attrs(node), x, index))

    # ------------------------------------------------------------ spatial attributes
    def spatial(self, node, attrs, x, kernel, dilation, is_pool):
        nd = len(kernel)
        strides = tuple(attrs.get("strides", [1] * nd))
        pads = list(attrs.get("pads", [0] * 2 * nd))
        auto = attrs.get("auto_pad", "NOTSET") or "NOTSET"
        if len(strides) != nd or len(pads) != 2 * nd or len(dilation) != nd:
            raise self.err(node, f"strides/pads/dilations do not match a {nd}-d kernel")
        sizes = x.shape[1:]
        if auto in ("SAME_UPPER", "SAME_LOWER"):
            pairs = []
            for n, k, s, d in zip(sizes, kernel, strides, dilation):
                out = -(-n // s)
                total = max((out - 1) * s + d * (k - 1) + 1 - n, 0)
                small = total // 2
                pairs.append((small, total - small) if auto == "SAME_UPPER" else (total - small, small))
        elif auto == "VALID":
            pairs = [(0, 0)] * nd
        elif auto == "NOTSET":
            pairs = [(int(pads[i]), int(pads[i + nd])) for i in range(nd)]
        else:
            raise self.err(node, f"auto_pad {auto!r} is not supported")
        if x.pad is not None:
            if auto != "NOTSET":
                raise self.err(node, f"auto_pad {auto} after a Pad node is not supported")
            if is_pool and any(p for pair in pairs for p in pair) and not int(attrs.get("count_include_pad", 0)):
                raise self.err(node, "a Pad node before an AveragePool that excludes its own padding is not supported")
            pairs = [(b + pb, a + pa) for (b, a), (pb, pa) in zip(pairs, x.pad)]
        if any(p < 0 for pair in pairs for p in pair):
            raise self.err(node, f"negative pads {pads} are not supported")
        if all(b == a for b, a in pairs):
            padding = [b for b, _ in pairs]
            padding = padding[0] if len(set(padding)) == 1 else padding
        else:
            padding = [list(p) for p in pairs]
        return [int(s) for s in strides], padding

    # ------------------------------------------------------------ layers
    def op_Conv(self, node, attrs, x, index):
        if index != 0:
            raise self.err(node, "the weights are computed from the input")
        w = self.const(node, 1, "the weight").a.astype(np.float64)
        b = self.const(node, 2, "the bias", optional=True)
        nd = w.ndim - 2
        if nd not in (1, 2) or len(x.shape) != nd + 1:
            raise self.err(node, f"a {nd}-d convolution on input of per-sample shape {x.shape} is not supported "
                                 f"(Conv1D and Conv2D only)")
        kernel = tuple(attrs.get("kernel_shape", w.shape[2:]))
        if kernel != w.shape[2:]:
            raise self.err(node, f"kernel_shape {kernel} does not match the weight {w.shape}")
        dilation = tuple(attrs.get("dilations", [1] * nd))
        group = int(attrs.get("group", 1))
        if x.shape[0] != w.shape[1] * group:
            raise self.err(node, f"weight {w.shape} with group={group} does not fit {x.shape[0]} input channels")
        stride, padding = self.spatial(node, attrs, x, kernel, dilation, False)
        cls = L.Conv2D if nd == 2 else L.Conv1D
        layer = cls(int(w.shape[0]), list(kernel), stride=stride, padding=padding, dilation=[int(d) for d in dilation],
                    groups=group, use_bias=True, name=self.layer_name(node, 1))
        bias = np.zeros(w.shape[0]) if b is None else b.a.astype(np.float64).reshape(-1)
        layer.params = {"weight": w, "bias": bias}
        return self.finish(node, layer, x)

    def finish(self, node, layer, x):
        """Build with float64 params kept for later folding; cast to float32 at the end."""
        in_shape = x.shape
        shapes_expected = layer.param_shapes(in_shape)
        for key, shape in shapes_expected.items():
            if tuple(layer.params[key].shape) != tuple(shape):
                raise self.err(node, f"parameter {key} has shape {layer.params[key].shape}, expected {tuple(shape)}")
        try:
            out = layer.output_shape(in_shape)
        except ValueError as e:
            raise self.err(node, str(e)) from None
        if min(out) <= 0:
            raise self.err(node, f"gives an empty output {out} for input {in_shape}")
        self.layers.append(layer)
        return _Data(out, layer)

    def pool(self, node, attrs, x, kind):
        kernel = tuple(int(k) for k in attrs["kernel_shape"])
        nd = len(kernel)
        if len(x.shape) != nd + 1 or nd not in (1, 2):
            raise self.err(node, f"a {nd}-d pool on input of per-sample shape {x.shape} is not supported")
        dilation = tuple(attrs.get("dilations", [1] * nd))
        if any(d != 1 for d in dilation):
            raise self.err(node, f"dilated pooling (dilations={list(dilation)}) is not supported")
        stride, padding = self.spatial(node, attrs, x, kernel, dilation, True)
        name = self.layer_name(node)
        ceil_mode = bool(attrs.get("ceil_mode", 0))
        if kind == "max":
            cls = L.MaxPool2D if nd == 2 else L.MaxPool1D
            layer = cls(list(kernel), stride, padding, ceil_mode, name=name)
        else:
            cls = L.AvgPool2D if nd == 2 else L.AvgPool1D
            include = bool(attrs.get("count_include_pad", 0)) or x.pad is not None
            layer = cls(list(kernel), stride, padding, ceil_mode, include, name=name)
        return self.finish(node, layer, x)

    def op_MaxPool(self, node, attrs, x, index):
        return self.pool(node, attrs, x, "max")

    def op_AveragePool(self, node, attrs, x, index):
        return self.pool(node, attrs, x, "avg")

    def op_GlobalAveragePool(self, node, attrs, x, index):
        if len(x.shape) not in (2, 3):
            raise self.err(node, f"expects (C, L) or (C, H, W) per sample, got {x.shape}")
        return self.finish(node, L.GlobalAvgPool(name=self.layer_name(node)), x)

    def op_Gemm(self, node, attrs, x, index):
        if index != 0 or int(attrs.get("transA", 0)):
            raise self.err(node, "only Gemm(x, W, b) with the data as the untransposed first input is supported")
        if len(x.shape) != 1:
            raise self.err(node, f"expects flat (features,) inputs, got per-sample shape {x.shape} (add a Flatten)")
        w = self.const(node, 1, "the weight").a.astype(np.float64)
        if w.ndim != 2:
            raise self.err(node, f"weight of shape {w.shape} is not a matrix")
        w = w if int(attrs.get("transB", 0)) else w.T  # -> (units, in)
        w = w * float(attrs.get("alpha", 1.0))
        units = w.shape[0]
        c = self.const(node, 2, "the bias", optional=True)
        bias = np.zeros(units)
        if c is not None:
            try:
                bias = np.broadcast_to(c.a.astype(np.float64), (1, units)).reshape(units) * float(attrs.get("beta", 1.0))
            except ValueError:
                raise self.err(node, f"bias of shape {c.a.shape} does not broadcast to ({units},)") from None
        layer = L.Dense(int(units), use_bias=True, name=self.layer_name(node, 1))
        layer.params = {"weight": w, "bias": bias}
        return self.finish(node, layer, x)

    def op_MatMul(self, node, attrs, x, index):
        if index != 0:
            raise self.err(node, "only MatMul(x, W) with a constant W is supported")
        if len(x.shape) != 1:
            raise self.err(node, f"expects flat (features,) inputs, got per-sample shape {x.shape}")
        w = self.const(node, 1, "the weight").a.astype(np.float64)
        if w.ndim != 2 or w.shape[0] != x.shape[0]:
            raise self.err(node, f"weight of shape {w.shape} does not fit {x.shape[0]} features")
        layer = L.Dense(int(w.shape[1]), use_bias=True, name=self.layer_name(node, 1))
        layer.params = {"weight": w.T, "bias": np.zeros(w.shape[1])}
        return self.finish(node, layer, x)

    def op_Add(self, node, attrs, x, index):
        c = self.const(node, 1 - index, "the addend")
        layer = x.layer
        if not isinstance(layer, (L.Dense, L.Conv2D, L.Conv1D)) or layer.activation is not None \
                or self.layers[-1] is not layer:
            raise self.err(node, "adding a constant is supported only as the bias of the preceding Gemm, MatMul or Conv")
        units = layer.params["bias"].shape[0]
        value = c.a.astype(np.float64)
        per_sample = value.reshape(value.shape[1:]) if value.ndim == len(x.shape) + 1 and value.shape[0] == 1 else value
        try:
            if isinstance(layer, L.Dense):
                add = np.broadcast_to(per_sample, (units,)).copy()
            else:
                full = np.broadcast_to(per_sample, x.shape)
                add = full.reshape(units, -1)[:, 0].copy()
                if not np.array_equal(np.broadcast_to(add.reshape((units,) + (1,) * (len(x.shape) - 1)), x.shape), full):
                    raise ValueError
        except ValueError:
            raise self.err(node, f"a constant of shape {c.a.shape} is not a per-channel bias for {x.shape}") from None
        layer.params["bias"] = layer.params["bias"] + add
        return _Data(x.shape, layer)

    def activation(self, node, x, name, cls):
        layer = x.layer
        if isinstance(layer, (L.Conv2D, L.Conv1D, L.Dense)) and layer.activation is None and self.layers[-1] is layer:
            layer.activation = name
            return _Data(x.shape, layer)
        return self.finish(node, cls(name=self.layer_name(node)), x)

    def op_Relu(self, node, attrs, x, index):
        return self.activation(node, x, "relu", L.ReLU)

    def op_Tanh(self, node, attrs, x, index):
        return self.activation(node, x, "tanh", L.Tanh)

    def op_Sigmoid(self, node, attrs, x, index):
        return self.activation(node, x, "sigmoid", L.Sigmoid)

    def op_Softmax(self, node, attrs, x, index):
        rank = len(x.shape) + 1
        axis = int(attrs.get("axis", -1 if self.opset >= 13 else 1))
        axis = axis + rank if axis < 0 else axis
        spatial_ones = all(d == 1 for d in x.shape[1:])
        if not (axis == 1 and (rank == 2 or self.opset >= 13 or spatial_ones)):
            raise self.err(node, f"softmax over axis {attrs.get('axis', 'default')} of a rank-{rank} tensor is not "
                                 f"supported (only over the channel/class axis)")
        return self.finish(node, L.Softmax(name=self.layer_name(node)), x)

    def op_LRN(self, node, attrs, x, index):
        size = int(attrs["size"])
        if size % 2 == 0:
            raise self.err(node, f"LRN with an even size ({size}) centres its window differently in ONNX and "
                                 f"PyTorch; only odd sizes are supported")
        layer = L.LRN(size, float(attrs.get("alpha", 1e-4)), float(attrs.get("beta", 0.75)),
                      float(attrs.get("bias", 1.0)), name=self.layer_name(node))
        return self.finish(node, layer, x)

    def op_BatchNormalization(self, node, attrs, x, index):
        if index != 0:
            raise self.err(node, "the statistics are computed from the input")
        if int(attrs.get("spatial", 1)) != 1:
            raise self.err(node, "spatial=0 (per-position statistics) is not supported")
        if int(attrs.get("training_mode", 0)):
            raise self.err(node, "training_mode=1 (batch statistics) cannot be converted; export in eval mode")
        gamma, beta, mean, var = (self.const(node, i, what).a.astype(np.float64).reshape(-1)
                                  for i, what in enumerate(("scale", "bias", "mean", "var"), 1))
        eps = float(attrs.get("epsilon", 1e-5))
        c = x.shape[0]
        if any(v.shape != (c,) for v in (gamma, beta, mean, var)):
            raise self.err(node, f"parameters do not have {c} channels")
        layer = x.layer
        if isinstance(layer, (L.Conv2D, L.Conv1D, L.Dense)) and layer.activation is None and self.layers[-1] is layer:
            s = gamma / np.sqrt(var + eps)
            w = layer.params["weight"]
            layer.params["weight"] = w * s.reshape((-1,) + (1,) * (w.ndim - 1))
            layer.params["bias"] = (layer.params["bias"] - mean) * s + beta
            return _Data(x.shape, layer)
        bn = L.BatchNorm(eps=eps, momentum=1 - float(attrs.get("momentum", 0.9)), name=self.layer_name(node, 1))
        bn.params = {"weight": gamma, "bias": beta, "running_mean": mean, "running_var": var}
        return self.finish(node, bn, x)

    def op_Dropout(self, node, attrs, x, index):
        rate = attrs.get("ratio", 0.5)
        ratio = self.get(node, 1, optional=True)
        if isinstance(ratio, _Const):
            rate = float(ratio.a)
        training = self.get(node, 2, optional=True)
        if isinstance(training, _Const) and bool(training.a):
            raise self.err(node, "training_mode=True dropout cannot be converted; export in eval mode")
        return self.finish(node, L.Dropout(min(max(float(rate), 0.0), 0.999), name=self.layer_name(node)), x)

    def op_Pad(self, node, attrs, x, index):
        if index != 0:
            raise self.err(node, "the pads are computed from the network's data")
        mode = attrs.get("mode", "constant")
        if "pads" in attrs:  # opset < 11
            pads, value = list(attrs["pads"]), float(attrs.get("value", 0.0))
        else:
            pads = self.const(node, 1, "pads").a.reshape(-1).tolist()
            v = self.get(node, 2, optional=True)
            value = 0.0 if v is None else float(self.const(node, 2, "constant_value").a.reshape(-1)[0])
            if self.get(node, 3, optional=True) is not None:
                axes = [int(a) for a in self.const(node, 3, "axes").a.reshape(-1)]
                rank = len(x.shape) + 1
                full = [0] * (2 * rank)
                for k, a in enumerate(axes):
                    a = a + rank if a < 0 else a
                    full[a], full[a + rank] = pads[k], pads[k + len(axes)]
                pads = full
        rank = len(x.shape) + 1
        if mode != "constant" or value != 0.0:
            raise self.err(node, f"only zero padding is supported (mode {mode!r}, value {value})")
        if len(pads) != 2 * rank or pads[0] or pads[1] or pads[rank] or pads[rank + 1] or min(pads) < 0:
            raise self.err(node, f"pads {pads}: only non-negative padding of the spatial axes is supported")
        pairs = [(int(pads[i]), int(pads[i + rank])) for i in range(2, rank)]
        out = _Data(x.shape, x.layer)
        if any(p for pair in pairs for p in pair):
            if x.pad is not None:
                pairs = [(b + pb, a + pa) for (b, a), (pb, pa) in zip(pairs, x.pad)]
            out.pad = pairs
        else:
            out.pad = x.pad
        return out

    def op_Identity(self, node, attrs, x, index):
        out = _Data(x.shape, x.layer)  # a rename: the output's reader is the real consumer
        out.pad = x.pad
        return out

    def flatten_to(self, node, x, shape):
        shape = tuple(int(d) for d in shape)
        if shape == x.shape:
            out = _Data(x.shape, x.layer)
            return out
        if len(shape) == 1 and shape[0] == int(np.prod(x.shape)):
            return self.finish(node, L.Flatten(name=self.layer_name(node)), x)
        raise self.err(node, f"reshaping {x.shape} to {shape} per sample is not supported (only flattening)")

    def op_Flatten(self, node, attrs, x, index):
        rank = len(x.shape) + 1
        axis = int(attrs.get("axis", 1))
        axis = axis + rank if axis < 0 else axis
        if axis != 1:
            raise self.err(node, f"flattening at axis {axis} mixes the batch axis with the features; only axis=1 "
                                 f"is supported")
        return self.flatten_to(node, x, (int(np.prod(x.shape)),))

    def op_Reshape(self, node, attrs, x, index):
        if index != 0:
            raise self.err(node, "the target shape is computed from the network's data")
        target = self.const(node, 1, "the target shape", static=False)
        ta, tb = (np.asarray(t, np.int64).reshape(-1) for t in (target.a, target.b))
        if int(attrs.get("allowzero", 0)) and (ta == 0).any():
            raise self.err(node, "allowzero=1 with a 0 in the target shape is not supported")
        if len(ta) != len(tb) or len(ta) < 2:
            raise self.err(node, f"the target shape {ta.tolist()} does not keep a batch axis")
        lead_a, lead_b = int(ta[0]), int(tb[0])
        batch_values = {1, 0} | ({self.batch0} if self.batch0 else set())
        rest = ta[1:]
        if not np.array_equal(rest, tb[1:]):
            raise self.err(node, "the target shape depends on the batch size beyond its leading axis")
        numel = int(np.prod(x.shape))
        sample = []
        for i, d in enumerate(rest.tolist(), 1):
            if d == 0:
                if i - 1 >= len(x.shape):
                    raise self.err(node, f"target {ta.tolist()} copies an axis the input does not have")
                d = x.shape[i - 1]
            sample.append(d)
        if (lead_a, lead_b) == (BATCH_A, BATCH_B) or (lead_a == lead_b and lead_a in batch_values):
            pass
        elif lead_a == lead_b == -1 and -1 not in sample and int(np.prod(sample)) == numel:
            pass
        else:
            raise self.err(node, f"the target shape {ta.tolist() if lead_a != BATCH_A else ['N'] + rest.tolist()} "
                                 f"does not keep the batch as its leading axis")
        if sample.count(-1) > 1:
            raise self.err(node, f"target {ta.tolist()} has more than one -1")
        if -1 in sample:
            known = int(np.prod([d for d in sample if d != -1]))
            if known <= 0 or numel % known:
                raise self.err(node, f"cannot reshape {x.shape} to {sample} per sample")
            sample[sample.index(-1)] = numel // known
        if int(np.prod(sample)) != numel:
            raise self.err(node, f"cannot reshape {x.shape} to {tuple(sample)} per sample")
        return self.flatten_to(node, x, sample)

    def op_Squeeze(self, node, attrs, x, index):
        axes = self.axes(node, attrs)
        rank = len(x.shape) + 1
        if axes is None:
            axes = [i for i, d in enumerate((0,) + x.shape) if d == 1 and i > 0]
        axes = sorted(a + rank if a < 0 else a for a in axes)
        if 0 in axes or any(x.shape[a - 1] != 1 for a in axes):
            raise self.err(node, f"squeezing axes {axes} of {x.shape} is not supported")
        return self.flatten_to(node, x, [d for i, d in enumerate(x.shape, 1) if i not in axes])

    # ------------------------------------------------------------ constant folding
    def axes(self, node, attrs):
        if "axes" in attrs:
            return [int(a) for a in attrs["axes"]]
        value = self.get(node, 1, optional=True)
        if value is None:
            return None
        if isinstance(value, _Data):
            raise self.err(node, "axes computed from the data are not supported")
        return [int(a) for a in value.a.reshape(-1)]

    def fold(self, node, fn, *inputs, index=0):
        consts = [self.const(node, i, f"input {i}", static=False) for i in inputs]
        if all(c.a is c.b for c in consts):
            self.set_output(node, _Const(fn(*[c.a for c in consts])), index)
        else:
            self.set_output(node, _Const(fn(*[c.a for c in consts]), fn(*[c.b for c in consts])), index)

    def fold_Constant(self, node, attrs):
        for key, conv in (("value", None), ("value_float", np.float32), ("value_floats", np.float32),
                          ("value_int", np.int64), ("value_ints", np.int64)):
            if key in attrs:
                value = attrs[key] if conv is None else np.asarray(attrs[key], conv)
                self.set_output(node, _Const(np.asarray(value)))
                return
        raise self.err(node, f"constant of kind {', '.join(attrs)} is not supported")

    def fold_ConstantOfShape(self, node, attrs):
        value = np.asarray(attrs.get("value", np.zeros(1, np.float32))).reshape(-1)[:1]
        self.fold(node, lambda s: np.full(tuple(int(d) for d in s.reshape(-1)), value[0], value.dtype), 0)

    def fold_Identity(self, node, attrs):
        self.set_output(node, self.get(node, 0))

    def fold_Shape(self, node, attrs):
        value = self.get(node, 0)
        start, end = attrs.get("start", 0), attrs.get("end", None)
        if isinstance(value, _Data):
            a = np.array((BATCH_A,) + value.shape, np.int64)[start:end]
            b = np.array((BATCH_B,) + value.shape, np.int64)[start:end]
            self.set_output(node, _Const(a, b))
        else:
            self.fold(node, lambda v: np.array(v.shape, np.int64)[start:end], 0)

    def fold_Size(self, node, attrs):
        value = self.get(node, 0)
        if isinstance(value, _Data):
            n = int(np.prod(value.shape))
            self.set_output(node, _Const(np.int64(BATCH_A * n), np.int64(BATCH_B * n)))
        else:
            self.fold(node, lambda v: np.int64(v.size), 0)

    def fold_Cast(self, node, attrs):
        from onnx import helper
        dtype = helper.tensor_dtype_to_np_dtype(int(attrs["to"]))
        self.fold(node, lambda v: v.astype(dtype), 0)

    def fold_Gather(self, node, attrs):
        axis = int(attrs.get("axis", 0))
        self.fold(node, lambda v, i: np.take(v, i.astype(np.int64), axis=axis), 0, 1)

    def fold_Unsqueeze(self, node, attrs):
        axes = self.axes(node, attrs)

        def fn(v):
            rank = v.ndim + len(axes)
            for a in sorted(a + rank if a < 0 else a for a in axes):
                v = np.expand_dims(v, a)
            return v
        self.fold(node, fn, 0)

    def fold_Squeeze(self, node, attrs):
        axes = self.axes(node, attrs)
        self.fold(node, lambda v: np.squeeze(v, axis=None if axes is None else tuple(axes)), 0)

    def fold_Concat(self, node, attrs):
        axis = int(attrs.get("axis", 0))
        n = len([i for i in node.input if i])
        self.fold(node, lambda *vs: np.concatenate(vs, axis=axis), *range(n))

    def fold_Slice(self, node, attrs):
        if "starts" in attrs:  # opset < 10
            starts, ends, axes = attrs["starts"], attrs["ends"], attrs.get("axes")
            steps = None
        else:
            get = lambda i: None if self.get(node, i, optional=True) is None else \
                self.const(node, i, f"input {i}").a.reshape(-1).tolist()
            starts, ends, axes, steps = get(1), get(2), get(3), get(4)

        def fn(v):
            idx = [slice(None)] * v.ndim
            ax = list(range(len(starts))) if axes is None else axes
            for k, a in enumerate(ax):
                step = 1 if steps is None else int(steps[k])
                idx[a] = slice(int(starts[k]), int(ends[k]), step)
            return v[tuple(idx)]
        self.fold(node, fn, 0)

    def fold_Reshape(self, node, attrs):
        def fn(v, s):
            s = [int(d) for d in s.reshape(-1)]
            s = [v.shape[i] if d == 0 else d for i, d in enumerate(s)]
            return v.reshape(s)
        self.fold(node, fn, 0, 1)

    def _binary(self, node, fn):
        self.fold(node, lambda a, b: np.asarray(fn(a, b)).astype(np.result_type(a, b)), 0, 1)

    def fold_Add(self, node, attrs):
        self._binary(node, np.add)

    def fold_Sub(self, node, attrs):
        self._binary(node, np.subtract)

    def fold_Mul(self, node, attrs):
        self._binary(node, np.multiply)

    def fold_Div(self, node, attrs):
        self._binary(node, lambda a, b: a // b if np.issubdtype(a.dtype, np.integer) else a / b)

    def fold_Dropout(self, node, attrs):
        self.set_output(node, self.get(node, 0))

    def fold_Transpose(self, node, attrs):
        # PyTorch (opset 11+) computes F.pad's and ZeroPad2d's pads with a small subgraph that transposes them
        perm = attrs.get("perm")
        self.fold(node, lambda v: np.transpose(v, None if perm is None else [int(p) for p in perm]), 0)


def load_onnx(path):
    """An ONNX model file -> Sequential (float32, NCHW/NCL). ValueError for anything not convertible."""
    onnx = _need_onnx()
    import os
    try:
        model = onnx.load(os.fspath(path))
    except FileNotFoundError:
        raise
    except Exception as e:  # protobuf DecodeError and friends
        raise ValueError(f"{path}: not a readable ONNX model ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''})") from None
    conv = _Converter(model, path)
    layers, input_shape = conv.run()
    for layer in layers:
        layer.params = {k: np.ascontiguousarray(v, np.float32) for k, v in layer.params.items()}
        if not all(np.isfinite(v).all() for v in layer.params.values()):
            raise ValueError(f"{path}: layer {layer.name} has NaN or Inf weights")
    name = os.path.splitext(os.path.basename(os.fspath(path)))[0] or "model"
    if model.graph.name and model.graph.name not in ("main_graph", "torch_jit", "torch-jit-export"):
        name = model.graph.name
    return Sequential(layers, input_shape, name=name,
                      provenance={"trained": True, "converted_from": os.path.basename(os.fspath(path)),
                                  "source_format": f"onnx (opset {conv.opset})",
                                  "producer": f"{model.producer_name} {model.producer_version}".strip()})
