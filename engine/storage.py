"""engine.save / engine.load: a Sequential model <-> one HDF5 file (layout in weights/FORMAT.md)."""
import numpy as np

from engine.model import Sequential
from weights import format as h5format


def save(model, path):
    """Write the model atomically (temporary file in the same folder, then rename)."""
    import engine
    architecture = model.get_config()
    params = {layer.name: {k: layer.params[k] for k in layer.params} for layer in model.layers if layer.params}
    metadata = {"input_shape": list(model.input_shape), "preprocessing": model.preprocessing,
                "class_names": model.class_names, "provenance": model.provenance,
                "created_by": f"cnn-engine {engine.__version__}"}
    h5format.write_model(path, architecture, params, metadata)


def load(path, allow_nonfinite=False):
    """Read a model; every parameter's shape and dtype is checked against the architecture, and
    NaN/Inf parameters are refused (allow_nonfinite=True loads them anyway)."""
    def expected_shapes(architecture):
        try:
            return Sequential.param_shapes_of(architecture)
        except ValueError as e:
            raise h5format.FormatError(f"{path}: {e}") from None

    architecture, params, metadata = h5format.read_model(path, expected_shapes)
    if not allow_nonfinite:
        for layer, values in params.items():
            for name, value in values.items():
                bad = int(np.size(value) - np.count_nonzero(np.isfinite(value)))
                if bad:
                    raise h5format.FormatError(f"{path}: parameter {layer}/{name} holds {bad:,} NaN or Inf values")
    try:
        return Sequential.from_config(architecture, params, **metadata)
    except ValueError as e:
        raise h5format.FormatError(f"{path}: {e}") from None
