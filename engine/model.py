"""Sequential: the order of the layers, batched prediction, activations, parameter counts, summary."""
import math
import warnings

import numpy as np

from engine import fused_cuda
from engine import layers as layers_mod
from engine import ops


_all_finite_kernel = None  # cpu.all_finite, imported on first use (numba is heavy)


def _all_finite(a):
    """No NaN or Inf in a float array, in one pass without a temporary array."""
    if a.dtype.kind != "f" or a.size == 0:
        return True
    if a.dtype in (np.float32, np.float64) and a.flags.c_contiguous:
        global _all_finite_kernel
        if _all_finite_kernel is None:
            from engine.kernels.cpu import all_finite as _all_finite_kernel
        return bool(_all_finite_kernel(a.reshape(-1)))  # 0.3 us on a LeNet-5 input; numpy's isfinite().all() 1.5
    return bool(np.isfinite(a.min()) and np.isfinite(a.max()))  # (min and max propagate NaN)


def _check_batch_size(batch_size):
    """-> batch_size as an int. Only ints (numpy's too): int() would quietly accept "8", 1.5 or True."""
    if type(batch_size) is int and batch_size > 0:  # the common case, first (predict on one image: ~35 us)
        return batch_size
    if isinstance(batch_size, (bool, np.bool_)) or not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
        shown = batch_size.item() if isinstance(batch_size, np.generic) else batch_size
        raise ValueError(f"batch_size: expected a positive int, got {shown!r:.60} ({type(batch_size).__name__})")
    return int(batch_size)


def _finite_number(v):
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)):
        return False  # (JSON true is a bool, and bool an int)
    try:
        return math.isfinite(v)
    except OverflowError:  # a JSON integer beyond float range
        return False


def _check_preprocessing(preprocessing, input_shape):
    """The numbers data.preprocess uses, x = (x * scale - mean[c]) / std[c], checked when the model is made
    (so at load): a zero std makes every output NaN, a mean per channel of another model fails only at
    inference, and a string fails inside numpy without naming the file."""
    channels = input_shape[0]  # data.preprocess broadcasts mean/std along the first input axis
    for key in ("scale", "mean", "std"):
        if key not in preprocessing:
            continue
        value = preprocessing[key]
        values = list(value) if isinstance(value, (list, tuple)) and key != "scale" else [value]
        if not values or not all(_finite_number(v) for v in values):
            what = "a finite number" if key == "scale" else "a finite number or a list of them"
            raise ValueError(f"preprocessing: {key!r} must be {what}, got {value!r:.60}")
        if key == "std" and min(values) <= 0:
            raise ValueError(f"preprocessing: 'std' must be positive, got {value!r:.60}")
        if key != "scale" and len(values) not in (1, channels):
            raise ValueError(f"preprocessing: {key!r} has {len(values)} values but the model's input has {channels} "
                             f"channel(s) (input_shape {input_shape}); give one value per channel or a single value")


class _LayerChain:
    """The layers run one after the other, with nothing checked in between (the fused program's interface)."""

    def __init__(self, layers):
        self.layers = layers

    def forward(self, h, device):
        for layer in self.layers:
            h = layer.forward(h, device)
        return h


class Sequential:
    """A stack of layers run in order.

    >>> from engine import Sequential, layers
    >>> m = Sequential([layers.Dense(3, name="fc")], input_shape=(4,))
    >>> m.predict(np.ones((2, 4), np.float32)).shape
    (2, 3)
    """

    def __init__(self, layers, input_shape, name="model", seed=0, preprocessing=None, class_names=None,
                 provenance=None):
        self.layers = list(layers)
        if not self.layers:
            raise ValueError("layers: a model needs at least one layer")
        try:
            self.input_shape = tuple(int(d) for d in input_shape)
        except (TypeError, ValueError):
            raise ValueError(f"input_shape: expected a tuple of ints such as (1, 32, 32), got {input_shape!r}") from None
        if not self.input_shape or min(self.input_shape) <= 0:
            raise ValueError(f"input_shape: sizes must be positive, got {input_shape!r}")
        self.name = name
        if preprocessing is not None and not isinstance(preprocessing, dict):
            raise ValueError(f"preprocessing: expected a dict, got {type(preprocessing).__name__}")
        self.preprocessing = dict(preprocessing or {})
        _check_preprocessing(self.preprocessing, self.input_shape)
        self.class_names = list(class_names) if class_names is not None else None
        self.provenance = dict(provenance or {})
        self._name_layers()
        rng = np.random.default_rng(seed)
        self.shapes = []  # per layer: (input shape, output shape), batch axis excluded
        shape = self.input_shape
        for layer in self.layers:
            out = layer.build(shape, rng)
            if min(out) <= 0:
                raise ValueError(f"layer {layer.name}: output shape {out} from input {shape} is empty")
            self.shapes.append((shape, out))
            shape = out
        self.output_shape = shape
        # one name per class: a shorter list makes every consumer (the CLI's top-k, reports) index past its end
        if self.class_names is not None and len(shape) == 1 and len(self.class_names) != shape[0]:
            raise ValueError(f"class_names has {len(self.class_names)} names but the model outputs {shape[0]} classes")

    def _name_layers(self):
        counts, seen = {}, set()
        for layer in self.layers:  # all checked first: the auto-naming below reads every layer's name
            if not isinstance(layer, layers_mod.Layer):
                raise ValueError(f"layers: expected Layer objects, got {type(layer).__name__}")
        for layer in self.layers:
            if layer.name is None:
                base = type(layer).__name__.lower()
                counts[base] = counts.get(base, 0) + 1
                while f"{base}_{counts[base]}" in seen or any(l.name == f"{base}_{counts[base]}" for l in self.layers):
                    counts[base] += 1
                layer.name = f"{base}_{counts[base]}"
            if layer.name in seen:
                raise ValueError(f"layers: the name {layer.name!r} is used twice; layer names must be unique")
            seen.add(layer.name)

    # ------------------------------------------------------------ lookup
    @property
    def layer_names(self):
        return [layer.name for layer in self.layers]

    def get_layer(self, name):
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(f"layer {name!r} not found; layers are: {', '.join(self.layer_names)}")

    def output_shape_of(self, name):
        return self.shapes[self.layer_names.index(self.get_layer(name).name)][1]

    def count_params(self):
        return sum(layer.count_params() for layer in self.layers)

    def count_trainable_params(self):
        return sum(layer.count_trainable() for layer in self.layers)

    # ------------------------------------------------------------ running
    def _as_batch(self, x):
        x = np.asarray(x)
        if x.dtype.kind not in "biufc":  # bool, signed, unsigned, float, complex
            raise ValueError(f"x: expected a numeric array, got dtype {x.dtype}")
        if x.shape == self.input_shape:
            x = x[None]
        if x.shape[1:] != self.input_shape:
            raise ValueError(f"x: the model expects inputs of shape (N, {', '.join(map(str, self.input_shape))}), "
                             f"got {x.shape}")
        if x.shape[0] == 0:
            raise ValueError("x: no inputs (batch of size 0)")
        return x

    # NaN/Inf are reported once per model (a CLI run): Python's own once-per-location filter is reset
    # whenever any module touches the warning filters (numba importing scipy mid-run does)
    _warned_nonfinite = False  # a layer produced NaN/Inf from finite inputs
    _warned_inputs = False     # inputs held NaN/Inf

    def _check_finite(self, x):
        """Warn (once per model) about NaN/Inf inputs; -> whether the inputs are all finite."""
        if x.dtype.kind == "f" and not _all_finite(x):
            if not self._warned_inputs:
                self._warned_inputs = True
                warnings.warn("inputs contain NaN or Inf: the outputs of those samples will be NaN",
                              RuntimeWarning, stacklevel=3)
            return False
        return True

    def iter_activations(self, x, layers=None, batch_size=256, device="cpu"):
        """Run in batches; yields (start, stop, {layer name: outputs of this batch}) for the named layers
        (all layers when layers is None). Only one batch's intermediates exist at a time."""
        x = self._as_batch(x)
        names = self.layer_names
        wanted = self._wanted_layers(layers)
        batch_size = _check_batch_size(batch_size)
        last = max(names.index(n) for n in wanted) if wanted else len(self.layers) - 1
        inputs_finite = self._check_finite(x)
        dtype = np.float64 if self._param_dtype() == np.float64 else np.float32
        kernels = ops.kernels_for(device)  # on 'cuda': each batch is uploaded once, only wanted outputs come back
        # only the last layer's outputs wanted (predict): a small model runs as one call per batch, any
        # other model layer after layer; either way only the output is checked for NaN/Inf (the checks of
        # every layer cost AlexNet 0.3 ms at batch 8), and the checked path below runs again to name the
        # layer that made them
        whole = None
        if wanted == [self.layers[-1].name]:
            if device == "cpu":
                whole = self.fused_program() or _LayerChain(self.layers)
            else:
                whole = fused_cuda.plan(self, device)
        for start in range(0, x.shape[0], batch_size):
            h = kernels.to_device(np.ascontiguousarray(x[start:start + batch_size], dtype=dtype))
            stop = start + h.shape[0]
            if whole is not None:
                y = kernels.to_host(whole.forward(h, device))
                if not inputs_finite or self._warned_nonfinite or _all_finite(y):
                    yield start, stop, {wanted[0]: y}
                    continue  # else: the layer path below names the layer that made NaN/Inf
            found = {}
            for layer in self.layers[:last + 1]:
                h = layer.forward(h, device)
                seen = kernels.to_host(h) if layer.name in wanted else h  # on the CPU: every layer's h
                if inputs_finite and not self._warned_nonfinite and not kernels.is_device_array(seen) and \
                        not _all_finite(seen):
                    self._warned_nonfinite = True  # once per model (per run): the first layer to blame
                    warnings.warn(f"layer {layer.name} ({type(layer).__name__}) produced NaN or Inf from finite "
                                  f"inputs (first in inputs {start}..{stop - 1}); its outputs and those of later "
                                  f"layers are not meaningful", RuntimeWarning, stacklevel=3)
                if layer.name in wanted:
                    found[layer.name] = seen
            yield start, stop, found

    def _wanted_layers(self, layers):
        """layers (None: all, a name, or names) -> a list of existing layer names."""
        if layers is None:
            return self.layer_names
        if isinstance(layers, str):  # one name, not its characters
            layers = [layers]
        try:
            wanted = list(layers)
        except TypeError:
            raise ValueError(f"layers: expected a layer name or a list of names, got {layers!r:.60}") from None
        for name in wanted:
            if name not in self.layer_names:
                self.get_layer(name)  # raises, listing the layers
        return wanted

    def fused_program(self):
        """This model as one fused CPU call (engine/fused_cpu.py), or None where it has no fused form; kept
        until a layer's parameters are replaced or params_changed() is called."""
        key = (layers_mod.params_generation(), *self.layers)  # (layers compare by identity)
        cached = getattr(self, "_fused", None)
        if cached is None or cached[0] != key:
            from engine import fused_cpu
            self._fused = (key, fused_cpu.build(self))
        return self._fused[1]

    def _param_dtype(self):
        for layer in self.layers:
            for value in layer.params.values():
                return value.dtype
        return np.float32

    def activations(self, x, layers=None, batch_size=256, device="cpu"):
        """{layer name: (N, ...) outputs} for the named layers (all when None, or one name)."""
        n = self._as_batch(x).shape[0]
        layers, batch_size = self._wanted_layers(layers), _check_batch_size(batch_size)  # (checked before any work)
        result = {}
        for start, stop, found in self.iter_activations(x, layers, batch_size, device):
            if stop - start == n:  # one batch: its arrays are the result
                return dict(found)
            for name, value in found.items():
                if name not in result:
                    result[name] = np.empty((n,) + value.shape[1:], value.dtype)
                result[name][start:stop] = value
        return result

    def predict(self, x, batch_size=256, device="cpu"):
        """Outputs of the last layer, (N, ...) as a NumPy array; x is (N, *input_shape) or one sample."""
        batch_size = _check_batch_size(batch_size)  # (the fast path below would take True as 1)
        y = self._predict_one_fused_batch(x, batch_size) if device == "cpu" else None
        if y is not None:
            return y
        return self.activations(x, [self.layers[-1].name], batch_size, device)[self.layers[-1].name]

    def _predict_one_fused_batch(self, x, batch_size):
        """The common small case (float32 inputs of the right shape, one batch, a fused model, finite
        values) without iter_activations' generator and checks: about 5 us less per call, a tenth of
        LeNet-5 on one image. None sends the call down the general path, which also reports NaN/Inf."""
        if not isinstance(x, np.ndarray) or x.dtype != np.float32 or x.shape[1:] != self.input_shape \
                or not x.flags.c_contiguous or not isinstance(batch_size, int) or not 0 < x.shape[0] <= batch_size:
            return None
        program = self.fused_program()
        return None if program is None else program.run_checked(x)  # (the general path names the layer)

    __call__ = predict

    # ------------------------------------------------------------ description
    def get_config(self):
        return {"name": self.name, "input_shape": list(self.input_shape),
                "layers": [layers_mod.to_config(layer) for layer in self.layers]}

    @classmethod
    def from_config(cls, config, params=None, **metadata):
        """Rebuild from get_config()'s data; params {layer: {name: array}} replaces the initial weights."""
        if not isinstance(config, dict) or not isinstance(config.get("layers"), list):
            raise ValueError("architecture: expected an object with a 'layers' list")
        built = [layers_mod.from_config(entry) for entry in config["layers"]]
        if params is not None:
            for layer in built:
                layer.params = {k: v for k, v in params.get(layer.name, {}).items()}
        return cls(built, config.get("input_shape"), name=config.get("name", "model"), **metadata)

    @staticmethod
    def param_shapes_of(config):
        """{layer name: {param: shape}} that an architecture implies, computed without allocating."""
        if not isinstance(config, dict) or not isinstance(config.get("layers"), list):
            raise ValueError("architecture: expected an object with a 'layers' list")
        shape = config.get("input_shape")
        if not isinstance(shape, list) or not shape or not all(isinstance(d, int) and not isinstance(d, bool) and d > 0
                                                               for d in shape):
            raise ValueError(f"architecture: input_shape must be a list of positive ints, got {str(shape)[:60]}")
        shape, result = tuple(shape), {}
        for entry in config["layers"]:
            layer = layers_mod.from_config(entry)
            if layer.name is None or layer.name in result:
                raise ValueError(f"architecture: layer names must be present and unique, got {layer.name!r}")
            result[layer.name] = layer.param_shapes(shape)
            shape = layer.output_shape(shape)
            if min(shape) <= 0:
                raise ValueError(f"architecture: layer {layer.name} gives an empty output {shape}")
        return result

    def summary(self):
        """A Keras-style table: layer name (type), output shape, parameter count, totals."""
        rows = [(f"{l.name} ({type(l).__name__})", str((None,) + tuple(out)), f"{l.count_params():,}")
                for l, (_, out) in zip(self.layers, self.shapes)]
        head = ("Layer (type)", "Output shape", "Param #")
        widths = [max(len(r[i]) for r in rows + [head]) + 2 for i in range(3)]
        line = lambda r: r[0].ljust(widths[0]) + r[1].ljust(widths[1]) + r[2].rjust(widths[2])
        rule = "=" * sum(widths)
        total, trainable = self.count_params(), self.count_trainable_params()
        return "\n".join([f'Model: "{self.name}"  input (None, {", ".join(map(str, self.input_shape))})', rule,
                          line(head), rule] + [line(r) for r in rows] + [rule,
                          f"Total params: {total:,}", f"Trainable params: {trainable:,}",
                          f"Non-trainable params: {total - trainable:,}"])

    def __repr__(self):
        return f"Sequential({self.name!r}, {len(self.layers)} layers, input {self.input_shape}, {self.count_params():,} params)"
