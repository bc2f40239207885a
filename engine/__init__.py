"""cnn-engine: a convolutional-network engine whose kernels are compiled by Numba.

    import engine
    model = engine.zoo.lenet5()              # or engine.load("model.h5")
    probs = model.predict(x)                 # x: (N, 1, 32, 32) float32
    feats = model.activations(x, ["fc2"])    # {"fc2": (N, 84)}
    engine.save(model, "lenet5.h5")
"""
from engine import compiler_setup  # noqa: F401  (must run before Numba compiles anything)
from engine import layers, ops, zoo  # noqa: E402
from engine.model import Sequential  # noqa: E402

__version__ = "0.1.0"


def save(model, path, **kwargs):
    """Write model to an HDF5 file (weights/FORMAT.md), atomically."""
    from engine.storage import save as _save
    return _save(model, path, **kwargs)


def load(path, **kwargs):
    """Read a model from an HDF5 file written by save() or by any tool following weights/FORMAT.md."""
    from engine.storage import load as _load
    return _load(path, **kwargs)


def set_num_threads(n):
    """Threads used by the CPU kernels (at most the number Numba started with)."""
    import numba
    numba.set_num_threads(int(n))
