"""LeNet-5 on CUDA in one kernel launch per batch: recognise the model's layer pattern and hand it to the
device's whole-network kernel (engine/kernels/cuda.py: lenet5_forward). (The CPU's fused path, for any
small model, is engine/fused_cpu.py.)

Only final outputs come this way: Sequential.iter_activations uses a plan when the last layer alone is
wanted, and runs layer by layer (every output available) otherwise.
"""
import weakref

import numpy as np

from engine import ops, shapes
from engine.layers import AvgPool2D, Conv2D, Dense, Flatten, Softmax

LENET5 = (Conv2D, AvgPool2D, Conv2D, AvgPool2D, Flatten, Dense, Dense, Dense, Softmax)
LENET5_SHAPES = ((6, 28, 28), (6, 14, 14), (16, 10, 10), (16, 5, 5), (400,), (120,), (84,))


_PLANS = weakref.WeakKeyDictionary()  # model -> its FusedLeNet5 (which keeps the transposed weights)


def plan(model, device):
    """A FusedLeNet5 for this model on this device, or None when the model or device has no fused kernel."""
    if not hasattr(ops.kernels_for(device), "lenet5_forward") or not _is_lenet5(model):
        return None
    found = _PLANS.get(model)
    if found is None or any(a is not b for a, b in zip(found.model_layers, model.layers)):
        found = _PLANS[model] = FusedLeNet5(model)
    return found


def _is_lenet5(model):
    """LeNet-5's geometry exactly (the kernel's shared buffers are sized for it), any activations, float32."""
    layers = model.layers
    if len(layers) != len(LENET5) or any(type(l) is not t for l, t in zip(layers, LENET5)):
        return False
    if model.input_shape != (1, 32, 32) or tuple(out for _, out in model.shapes[:7]) != LENET5_SHAPES:
        return False
    if not model.output_shape[0] <= 128 or any(v.dtype != np.float32 for l in layers for v in l.params.values()):
        return False
    for conv in (layers[0], layers[2]):
        if conv.kernel_size != (5, 5) or conv.stride != (1, 1) or conv.dilation != (1, 1) or conv.groups != 1:
            return False
    for pool, (in_shape, _) in ((layers[1], model.shapes[1]), (layers[3], model.shapes[3])):
        pads = shapes.normalize_padding(pool.padding, 2, in_shape[1:], pool.kernel_size, pool.stride, (1, 1))
        if pool.kernel_size != (2, 2) or pool.stride != (2, 2) or pads != ((0, 0), (0, 0)):
            return False
    return True


class FusedLeNet5:
    """LeNet-5 as one layer-like step: forward(x, device) gives the probabilities the model's last layer would.
    Weights come from the layers' device copies (uploaded once, dropped by params_changed()); the dense
    weights are transposed and everything packed into one device array once per new device copy."""

    def __init__(self, model):
        self.model_layers = list(model.layers)
        self.name = model.layers[-1].name
        self._key = None

    def forward(self, x, device="cpu"):
        kernels = ops.kernels_for(device)
        x = ops.as_input(x, 4, "x", np.float32)
        conv1, _, conv2, _, _, fc1, fc2, fc3, _ = self.model_layers
        params = [layer.device_params(device, x) for layer in (conv1, conv2, fc1, fc2, fc3)]
        key = tuple(a for p in params for a in p.values())
        if self._key is None or len(key) != len(self._key) or any(a is not b for a, b in zip(key, self._key)):
            arrays = [self._arrays_of(kernels, layer, p, i >= 2)
                      for i, (layer, p) in enumerate(zip((conv1, conv2, fc1, fc2, fc3), params))]
            self._packed = kernels.lenet5_pack(*[a for pair in arrays for a in pair])  # one argument, not ten
            self._key = key
        out = kernels.empty((x.shape[0], fc3.units), np.float32, like=x)
        acts = [shapes.activation_code(layer.activation) for layer in (conv1, conv2, fc1, fc2, fc3)]
        kernels.lenet5_forward(x, self._packed, out, acts)
        return out

    @staticmethod
    def _arrays_of(kernels, layer, p, dense):
        """(weights as the kernel reads them, bias): conv weights flat, dense weights (in, out) flat."""
        w = p["weight"]
        if dense:
            w = kernels.swap_last_axes(w.reshape((1,) + w.shape))
        w = w.reshape(w.size)
        b = p.get("bias")
        return w, kernels.to_device(np.zeros(layer.units if dense else layer.filters, np.float32)) if b is None else b
