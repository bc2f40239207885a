"""Layer classes: configuration (plain JSON data), parameters (named arrays) and shapes.

A layer computes its output shape from its input shape without running anything, builds its
parameters from that shape, and runs forward through engine.ops. Shapes exclude the batch axis:
(C, H, W) for 2D feature maps, (C, L) for 1D, (F,) for vectors.
"""
import inspect

import numpy as np

from engine import ops, shapes

LAYER_TYPES = {}  # type name -> class, for rebuilding a model from its JSON architecture


def register(cls):
    LAYER_TYPES[cls.__name__] = cls
    return cls


_PARAMS_GENERATION = [0]  # grows whenever any layer's parameters are replaced or params_changed() is called


def params_generation():
    """A number that changes whenever any layer's parameter arrays are replaced (layer.params = ...,
    layer.params[k] = ..., ...) or params_changed() is called: programs derived from parameters key on it."""
    return _PARAMS_GENERATION[0]


class Params(dict):
    """A layer's parameters {name: array}: a dict that tells params_generation() when it changes."""

    def _changed(self):
        _PARAMS_GENERATION[0] += 1

    def __setitem__(self, key, value):
        self._changed()
        super().__setitem__(key, value)

    def __delitem__(self, key):
        self._changed()
        super().__delitem__(key)

    def __ior__(self, other):
        self._changed()
        return super().__ior__(other)

    def update(self, *args, **kwargs):
        self._changed()
        super().update(*args, **kwargs)

    def pop(self, *args):
        self._changed()
        return super().pop(*args)

    def popitem(self):
        self._changed()
        return super().popitem()

    def setdefault(self, key, default=None):
        self._changed()
        return super().setdefault(key, default)

    def clear(self):
        self._changed()
        super().clear()


class Layer:
    param_names = ()           # in storage order
    trainable_names = None      # default: all of param_names

    def __init__(self, name=None):
        if name is not None and (not isinstance(name, str) or not name or "/" in name):
            raise ValueError(f"name: expected a non-empty string without '/', got {name!r}")
        self.name = name
        self.params = {}

    @property
    def params(self):
        """{name: array}; assigning a dict (or an item) replaces parameters (see params_generation)."""
        return self._params

    @params.setter
    def params(self, value):
        _PARAMS_GENERATION[0] += 1
        self._params = Params(value)

    # -- configuration
    def get_config(self):
        """The constructor's arguments as JSON-serialisable data."""
        return {"name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    # -- shapes and parameters
    def output_shape(self, input_shape):
        return tuple(input_shape)

    def param_shapes(self, input_shape):
        """{param name: shape} implied by the config and the input shape."""
        return {}

    def init_params(self, input_shape, rng):
        return {}

    def build(self, input_shape, rng=None):
        """Check or create the parameters for this input shape; returns the output shape."""
        expected = self.param_shapes(input_shape)
        if not self.params:
            rng = rng if rng is not None else np.random.default_rng(0)
            self.params = {k: np.ascontiguousarray(v, np.float32) for k, v in self.init_params(input_shape, rng).items()}
        if set(self.params) != set(expected):
            raise ValueError(f"layer {self.name}: parameters {sorted(self.params)} do not match the expected "
                             f"{sorted(expected)}")
        for key, shape in expected.items():
            if tuple(self.params[key].shape) != tuple(shape):
                raise ValueError(f"layer {self.name}: parameter {key} has shape {self.params[key].shape}, "
                                 f"the architecture implies {tuple(shape)} for input shape {tuple(input_shape)}")
        return self.output_shape(input_shape)

    params_version = 0  # counts params_changed() calls: derived copies of the parameters key on it

    def params_changed(self):
        """Call after changing parameters in place (optimizers do): drops derived copies of them."""
        self.params_version += 1
        _PARAMS_GENERATION[0] += 1
        self._device_key = None
        self._prepared_key = None
        self._prepared = None

    def count_params(self):
        return int(sum(v.size for v in self.params.values()))

    def count_trainable(self):
        names = self.param_names if self.trainable_names is None else self.trainable_names
        return int(sum(self.params[k].size for k in names if k in self.params))

    def device_arrays(self):
        """The arrays forward hands to the kernels (default: the parameters)."""
        return self.params

    def device_params(self, device, x):
        """device_arrays() where the device's kernels read them, in x's compute dtype: uploaded once for
        'cuda' and kept until params_changed() (or until a parameter array is replaced); as they are on the CPU."""
        kernels = ops.kernels_for(device)
        if not kernels.is_device_array(x):
            return self.device_arrays()  # host inputs: ops converts (and the kernel copies) per call
        dtype = ops.compute_dtype(x)
        key = getattr(self, "_device_key", None)
        arrays = tuple(self.params.values())
        if key is None or key[0] != device or key[1] != dtype or len(key[2]) != len(arrays) or \
                any(a is not b for a, b in zip(key[2], arrays)):  # held arrays, not ids: an id could be reused
            self._device_params = {k: kernels.to_device(v, dtype) for k, v in self.device_arrays().items()}
            self._device_key = (device, dtype, arrays)
        return self._device_params

    def forward(self, x, device="cpu"):
        raise NotImplementedError

    def _prepared_for(self, device, dtype, make):
        """make(weight as dtype): the weights in the device kernel's own layout (conv: repacked; big dense
        layers on the CPU: transposed), made once and kept until params_changed() or the weight array is
        replaced."""
        weight = self.params["weight"]
        key = (device, weight, np.dtype(dtype).str)  # holds the array itself: an id could be reused
        cached = getattr(self, "_prepared_key", None)
        if cached is None or cached[0] != device or cached[1] is not weight or cached[2] != key[2]:
            self._prepared = None  # (the old copy goes first: VGG-16's fc6 is 411 MB)
            self._prepared = make(weight.astype(dtype, copy=False))
            self._prepared_key = key
        return self._prepared

    def __call__(self, x, device="cpu"):
        return self.forward(x, device)

    # -- training: forward with a cache for backward, then gradients
    def forward_train(self, x, rng, device="cpu"):
        """Training-mode forward -> (outputs, cache for backward); rng drives dropout."""
        return self.forward(x, device), None

    def backward(self, dy, cache, device="cpu"):
        """dy: gradient at the outputs -> (gradient at the inputs, {param name: gradient})."""
        raise NotImplementedError(f"{type(self).__name__} has no backward pass")

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items() if k != "name")
        return f"{type(self).__name__}({args}, name={self.name!r})"


def _check_rank(layer, input_shape, rank, what):
    if len(input_shape) != rank:
        raise ValueError(f"layer {layer.name} ({type(layer).__name__}): expects {what} input, "
                         f"got shape {tuple(input_shape)}")


def _json_padding(padding):
    if isinstance(padding, (str, int)):
        return padding
    return [p if isinstance(p, int) else list(p) for p in padding]


def _fan_init(rng, shape, fan_in, fan_out, activation):
    """He normal before ReLU, Glorot uniform otherwise."""
    if activation == "relu":
        return rng.standard_normal(shape, dtype=np.float32) * np.float32(np.sqrt(2.0 / fan_in))
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, shape).astype(np.float32)


# ---------------------------------------------------------------- convolution
class _Conv(Layer):
    ndim = 2
    param_names = ("weight", "bias")

    def __init__(self, filters, kernel_size, stride=1, padding=0, dilation=1, groups=1, use_bias=True,
                 activation=None, name=None):
        super().__init__(name)
        if isinstance(filters, bool) or not isinstance(filters, (int, np.integer)) or filters <= 0:
            raise ValueError(f"filters: expected a positive int, got {filters!r}")
        if isinstance(groups, bool) or not isinstance(groups, (int, np.integer)) or groups <= 0 or filters % groups:
            raise ValueError(f"groups: expected a positive int dividing filters={filters}, got {groups!r}")
        self.filters, self.groups, self.use_bias = int(filters), int(groups), bool(use_bias)
        self.kernel_size = shapes.as_tuple(kernel_size, self.ndim, "kernel_size")
        self.stride = shapes.as_tuple(stride, self.ndim, "stride")
        self.dilation = shapes.as_tuple(dilation, self.ndim, "dilation")
        shapes.normalize_padding(padding, self.ndim, (1 << 30,) * self.ndim, self.kernel_size, self.stride,
                                 self.dilation)  # validates the form
        self.padding = padding if isinstance(padding, str) else _json_padding(padding)
        shapes.activation_code(activation)
        self.activation = activation

    def get_config(self):
        return {"name": self.name, "filters": self.filters, "kernel_size": list(self.kernel_size),
                "stride": list(self.stride), "padding": self.padding, "dilation": list(self.dilation),
                "groups": self.groups, "use_bias": self.use_bias, "activation": self.activation}

    def output_shape(self, input_shape):
        _check_rank(self, input_shape, self.ndim + 1, "(C, H, W)" if self.ndim == 2 else "(C, L)")
        if input_shape[0] % self.groups:
            raise ValueError(f"layer {self.name}: {input_shape[0]} input channels are not divisible by "
                             f"groups={self.groups}")
        sizes = tuple(input_shape[1:])
        pads = shapes.normalize_padding(self.padding, self.ndim, sizes, self.kernel_size, self.stride, self.dilation)
        out = shapes.conv_output_shape(sizes, self.kernel_size, self.stride, pads, self.dilation,
                                       what=f"input of layer {self.name}")
        return (self.filters,) + out

    def param_shapes(self, input_shape):
        weight = (self.filters, input_shape[0] // self.groups) + self.kernel_size
        return {"weight": weight, "bias": (self.filters,)} if self.use_bias else {"weight": weight}

    def init_params(self, input_shape, rng):
        shape = self.param_shapes(input_shape)
        receptive = int(np.prod(self.kernel_size))
        fan_in = shape["weight"][1] * receptive
        params = {"weight": _fan_init(rng, shape["weight"], fan_in, self.filters // self.groups * receptive,
                                      self.activation)}
        if self.use_bias:
            params["bias"] = np.zeros(self.filters, np.float32)
        return params

    def forward(self, x, device="cpu"):
        conv = ops.conv2d if self.ndim == 2 else ops.conv1d
        p = self.device_params(device, x)
        return conv(x, p["weight"], p.get("bias"), self.stride, self.padding, self.dilation,
                    self.groups, self.activation, device, self.prepared_weights(device, ops.array(x).dtype))

    def prepared_weights(self, device, dtype):
        """The weights in the device kernel's own layout, made once and kept until params_changed()."""
        return self._prepared_for(device, dtype, lambda w: ops.prepare_conv2d_weights(
            w if self.ndim == 2 else w[:, :, None, :], self.groups, device))

    def forward_train(self, x, rng, device="cpu"):
        conv = ops.conv2d_train if self.ndim == 2 else ops.conv1d_train
        y, cache = conv(x, self.params["weight"], self.params.get("bias"), self.stride, self.padding,
                        self.dilation, self.groups, self.activation, device)
        return y, (cache, y)

    def backward(self, dy, cache, device="cpu"):
        conv_cache, y = cache
        dz = ops.activation_backward(y, dy, self.activation, device)
        conv_backward = ops.conv2d_backward if self.ndim == 2 else ops.conv1d_backward
        dx, dw, db = conv_backward(conv_cache, self.params["weight"], dz, device)
        return dx, ({"weight": dw, "bias": db} if self.use_bias else {"weight": dw})


@register
class Conv2D(_Conv):
    ndim = 2


@register
class Conv1D(_Conv):
    ndim = 1


# ---------------------------------------------------------------- pooling
class _Pool(Layer):
    ndim = 2
    kind = "max"

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, name=None):
        super().__init__(name)
        self.kernel_size = shapes.as_tuple(kernel_size, self.ndim, "kernel_size")
        self.stride = self.kernel_size if stride is None else shapes.as_tuple(stride, self.ndim, "stride")
        shapes.normalize_padding(padding, self.ndim, (1 << 30,) * self.ndim, self.kernel_size, self.stride,
                                 (1,) * self.ndim)
        self.padding = padding if isinstance(padding, str) else _json_padding(padding)
        self.ceil_mode = bool(ceil_mode)

    def get_config(self):
        return {"name": self.name, "kernel_size": list(self.kernel_size), "stride": list(self.stride),
                "padding": self.padding, "ceil_mode": self.ceil_mode}

    def output_shape(self, input_shape):
        _check_rank(self, input_shape, self.ndim + 1, "(C, H, W)" if self.ndim == 2 else "(C, L)")
        sizes = tuple(input_shape[1:])
        pads = shapes.normalize_padding(self.padding, self.ndim, sizes, self.kernel_size, self.stride,
                                        (1,) * self.ndim)
        return (input_shape[0],) + shapes.pool_output_shape(sizes, self.kernel_size, self.stride, pads,
                                                            self.ceil_mode)

    def forward(self, x, device="cpu"):
        fn = {("max", 2): ops.max_pool2d, ("max", 1): ops.max_pool1d}.get((self.kind, self.ndim))
        if fn is not None:
            return fn(x, self.kernel_size, self.stride, self.padding, self.ceil_mode, device=device)
        fn = ops.avg_pool2d if self.ndim == 2 else ops.avg_pool1d
        return fn(x, self.kernel_size, self.stride, self.padding, self.ceil_mode, self.count_include_pad,
                  device=device)

    def forward_train(self, x, rng, device="cpu"):
        return self.forward(x, device), x

    def backward(self, dy, x, device="cpu"):
        return ops.pool_backward(self.kind, x, dy, self.ndim, self.kernel_size, self.stride, self.padding,
                                 self.ceil_mode, getattr(self, "count_include_pad", True), device), {}


@register
class MaxPool2D(_Pool):
    ndim, kind = 2, "max"


@register
class MaxPool1D(_Pool):
    ndim, kind = 1, "max"


class _AvgPool(_Pool):
    kind = "avg"

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, name=None):
        super().__init__(kernel_size, stride, padding, ceil_mode, name)
        self.count_include_pad = bool(count_include_pad)

    def get_config(self):
        return dict(super().get_config(), count_include_pad=self.count_include_pad)


@register
class AvgPool2D(_AvgPool):
    ndim = 2


@register
class AvgPool1D(_AvgPool):
    ndim = 1


@register
class GlobalAvgPool(Layer):
    """Mean over the spatial axes, kept as size 1: (C, H, W) -> (C, 1, 1)."""

    def output_shape(self, input_shape):
        if len(input_shape) not in (2, 3):
            raise ValueError(f"layer {self.name} (GlobalAvgPool): expects (C, L) or (C, H, W), got {tuple(input_shape)}")
        return (input_shape[0],) + (1,) * (len(input_shape) - 1)

    def forward(self, x, device="cpu"):
        return ops.global_avg_pool(x, device=device)

    def forward_train(self, x, rng, device="cpu"):
        return self.forward(x, device), np.shape(x)

    def backward(self, dy, x_shape, device="cpu"):
        return ops.global_avg_pool_backward(x_shape, dy, device), {}


# ---------------------------------------------------------------- dense and shape
@register
class Dense(Layer):
    param_names = ("weight", "bias")

    def __init__(self, units, use_bias=True, activation=None, name=None):
        super().__init__(name)
        if isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units <= 0:
            raise ValueError(f"units: expected a positive int, got {units!r}")
        shapes.activation_code(activation)
        self.units, self.use_bias, self.activation = int(units), bool(use_bias), activation

    def get_config(self):
        return {"name": self.name, "units": self.units, "use_bias": self.use_bias, "activation": self.activation}

    def output_shape(self, input_shape):
        _check_rank(self, input_shape, 1, "a flat (features,)")
        return (self.units,)

    def param_shapes(self, input_shape):
        weight = (self.units, input_shape[0])
        return {"weight": weight, "bias": (self.units,)} if self.use_bias else {"weight": weight}

    def init_params(self, input_shape, rng):
        params = {"weight": _fan_init(rng, (self.units, input_shape[0]), input_shape[0], self.units, self.activation)}
        if self.use_bias:
            params["bias"] = np.zeros(self.units, np.float32)
        return params

    def forward(self, x, device="cpu"):
        p = self.device_params(device, x)
        return ops.linear(x, p["weight"], p.get("bias"), self.activation, device,
                          self._prepared_for(device, ops.compute_dtype(x),
                                             lambda w: ops.prepare_dense_weights(w, device)))

    def forward_train(self, x, rng, device="cpu"):
        y = self.forward(x, device)
        return y, (x, y)

    def backward(self, dy, cache, device="cpu"):
        x, y = cache
        dz = ops.activation_backward(y, dy, self.activation, device)
        dx, dw, db = ops.linear_backward(x, self.params["weight"], dz, device)
        return dx, ({"weight": dw, "bias": db} if self.use_bias else {"weight": dw})


@register
class Flatten(Layer):
    def output_shape(self, input_shape):
        return (int(np.prod(input_shape)),)

    def forward(self, x, device="cpu"):
        return ops.flatten(x)

    def forward_train(self, x, rng, device="cpu"):
        return self.forward(x, device), np.shape(x)

    def backward(self, dy, x_shape, device="cpu"):
        return np.reshape(dy, x_shape), {}


@register
class Dropout(Layer):
    """Identity at inference."""

    def __init__(self, rate=0.5, name=None):
        super().__init__(name)
        if not 0 <= float(rate) < 1:
            raise ValueError(f"rate: expected 0 <= rate < 1, got {rate!r}")
        self.rate = float(rate)

    def get_config(self):
        return {"name": self.name, "rate": self.rate}

    def forward(self, x, device="cpu"):
        return x

    def forward_train(self, x, rng, device="cpu"):
        """Inverted dropout: kept units are scaled by 1 / (1 - rate), so inference is the identity."""
        if self.rate == 0:
            return x, None
        mask = (rng.random(np.shape(x), dtype=np.float32) >= self.rate).astype(np.asarray(x).dtype)
        mask /= 1 - self.rate
        return x * mask, mask

    def backward(self, dy, mask, device="cpu"):
        return (dy if mask is None else dy * mask), {}


# ---------------------------------------------------------------- activations
class _Activation(Layer):
    op = None
    activation = None

    def forward(self, x, device="cpu"):
        return type(self).op(x, device=device)

    def forward_train(self, x, rng, device="cpu"):
        y = self.forward(x, device)
        return y, y

    def backward(self, dy, y, device="cpu"):
        return ops.activation_backward(y, dy, self.activation, device), {}


@register
class ReLU(_Activation):
    op, activation = ops.relu, "relu"


@register
class Tanh(_Activation):
    op, activation = ops.tanh, "tanh"


@register
class Sigmoid(_Activation):
    op, activation = ops.sigmoid, "sigmoid"


@register
class Softmax(Layer):
    """Softmax over the channel/feature axis (axis 0 of the per-sample shape)."""

    def forward(self, x, device="cpu"):
        return ops.softmax(x, axis=1, device=device)

    def forward_train(self, x, rng, device="cpu"):
        y = self.forward(x, device)
        return y, y

    def backward(self, dy, y, device="cpu"):
        return ops.softmax_backward(y, dy, axis=1, device=device), {}


# ---------------------------------------------------------------- normalisation
@register
class BatchNorm(Layer):
    """Batch normalisation over the channel axis, inference form (running statistics)."""
    param_names = ("weight", "bias", "running_mean", "running_var")
    trainable_names = ("weight", "bias")

    def __init__(self, eps=1e-5, momentum=0.1, name=None):
        super().__init__(name)
        if not float(eps) > 0:
            raise ValueError(f"eps: expected a positive number, got {eps!r}")
        self.eps, self.momentum = float(eps), float(momentum)

    def get_config(self):
        return {"name": self.name, "eps": self.eps, "momentum": self.momentum}

    def param_shapes(self, input_shape):
        return {k: (input_shape[0],) for k in self.param_names}

    def init_params(self, input_shape, rng):
        c = input_shape[0]
        return {"weight": np.ones(c), "bias": np.zeros(c), "running_mean": np.zeros(c), "running_var": np.ones(c)}

    def device_arrays(self):
        p = self.params
        scale, shift = ops.batch_norm_coefficients(len(p["weight"]), p["running_mean"], p["running_var"],
                                                  p["weight"], p["bias"], self.eps)
        return {"scale": scale, "shift": shift}

    def forward(self, x, device="cpu"):
        q = self.device_params(device, x)
        return ops.batch_norm(x, None, None, eps=self.eps, device=device, prepared=(q["scale"], q["shift"]))

    def forward_train(self, x, rng, device="cpu"):
        """Batch statistics; running averages updated as PyTorch does (unbiased variance)."""
        p = self.params
        y, mean, var = ops.batch_norm_train(x, p["weight"], p["bias"], self.eps, device)
        count = np.size(x) // np.shape(x)[1]
        m = self.momentum
        p["running_mean"][:] = (1 - m) * p["running_mean"] + m * mean
        p["running_var"][:] = (1 - m) * p["running_var"] + m * var * (count / max(count - 1, 1))
        return y, (x, mean, var)

    def backward(self, dy, cache, device="cpu"):
        x, mean, var = cache
        dx, dweight, dbias = ops.batch_norm_backward(x, dy, self.params["weight"], mean, var, self.eps, device)
        return dx, {"weight": dweight, "bias": dbias}


@register
class LRN(Layer):
    """Local response normalisation across channels, PyTorch's formula and defaults."""

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1.0, name=None):
        super().__init__(name)
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size <= 0:
            raise ValueError(f"size: expected a positive int, got {size!r}")
        self.size, self.alpha, self.beta, self.k = int(size), float(alpha), float(beta), float(k)

    def get_config(self):
        return {"name": self.name, "size": self.size, "alpha": self.alpha, "beta": self.beta, "k": self.k}

    def output_shape(self, input_shape):
        if len(input_shape) < 2:
            raise ValueError(f"layer {self.name} (LRN): expects (C, ...) feature maps, got {tuple(input_shape)}")
        return tuple(input_shape)

    def forward(self, x, device="cpu"):
        return ops.local_response_norm(x, self.size, self.alpha, self.beta, self.k, device)

    def forward_train(self, x, rng, device="cpu"):
        return self.forward(x, device), x

    def backward(self, dy, x, device="cpu"):
        return ops.local_response_norm_backward(x, dy, self.size, self.alpha, self.beta, self.k, device), {}


def from_config(entry):
    """{"type": name, "config": {...}} -> a layer; unknown types and bad arguments raise ValueError."""
    if not isinstance(entry, dict) or not isinstance(entry.get("type"), str) or not isinstance(entry.get("config", {}), dict):
        raise ValueError(f"architecture: each layer must be an object with 'type' and 'config', got {str(entry)[:80]}")
    cls = LAYER_TYPES.get(entry["type"])
    if cls is None:
        raise ValueError(f"architecture: unknown layer type {entry['type']!r} (known: {', '.join(sorted(LAYER_TYPES))})")
    config = entry.get("config", {})
    known = set(inspect.signature(cls.__init__).parameters) - {"self"}
    unknown = sorted(set(config) - known)
    if unknown:
        raise ValueError(f"architecture: bad config for a {entry['type']} layer: no option {unknown[0]!r} "
                         f"(options: {', '.join(sorted(known))})")
    try:
        return cls.from_config(config)
    except TypeError as e:
        raise ValueError(f"architecture: bad config for a {entry['type']} layer: {e!r}") from None


def to_config(layer):
    return {"type": type(layer).__name__, "config": layer.get_config()}
