"""randomise(model): random values for every parameter of a model, for tests that compare a whole model
with an independent reference. The zoo's biases are all zeros and its batch norms identities (mean 0, var 1,
weight 1, bias 0): a path that dropped a bias, mean, variance or scale would still pass on them."""
import numpy as np


def randomise(model, seed=1):
    """In place; returns the model. Weights are scaled by 1/sqrt(fan-in), so that no tanh or sigmoid saturates
    and every parameter shows in the outputs; running variances lie in [0.5, 2], batch-norm scales in
    +-[0.5, 1.5]; biases and running means are N(0, 0.25), never exactly 0."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        for key, value in list(layer.params.items()):
            if key == "running_var":
                new = rng.uniform(0.5, 2.0, value.shape)
            elif key == "weight" and value.ndim > 1:  # conv and dense weights
                new = rng.standard_normal(value.shape) / np.sqrt(np.prod(value.shape[1:]))
            elif key == "weight":  # batch norm scale
                new = rng.uniform(0.5, 1.5, value.shape) * rng.choice([-1, 1], value.shape)
            else:  # biases, running means
                new = rng.standard_normal(value.shape) * 0.5
            layer.params[key] = new.astype(value.dtype)
        layer.params_changed()
    for layer in model.layers:  # the point of randomising: no all-zero bias or mean
        for key in ("bias", "running_mean"):
            if key in layer.params:
                assert np.abs(layer.params[key]).min() > 0, (layer.name, key)
    return model
