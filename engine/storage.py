"""engine.save / engine.load: a Sequential model <-> one HDF5 file (layout in weights/FORMAT.md)."""
import numpy as np

from engine.model import Sequential
from weights import format as h5format


def save(model, path, training=None):
    """Write the model atomically (temporary file in the same folder, then rename).
    training: a train.TrainState to store as a checkpoint that `resume` can continue."""
    import engine
    architecture = model.get_config()
    params = {layer.name: {k: layer.params[k] for k in layer.params} for layer in model.layers if layer.params}
    metadata = {"input_shape": list(model.input_shape), "preprocessing": model.preprocessing,
                "class_names": model.class_names, "provenance": model.provenance,
                "created_by": f"cnn-engine {engine.__version__}"}
    stored = None
    if training is not None:
        state = {"config": training.config, "epoch": training.epoch, "history": training.history,
                 "steps": training.steps}
        slots = {f"{layer}/{name}/{slot}": value for (layer, name), values in training.optimizer_state.items()
                 for slot, value in values.items()}
        stored = (state, slots)
    h5format.write_model(path, architecture, params, metadata, stored)


def load_training_state(path, model):
    """The TrainState stored in a checkpoint written by save(..., training=...); ValueError if none."""
    from engine.train import TrainState
    shapes = {layer.name: {k: v.shape for k, v in layer.params.items()} for layer in model.layers}
    found = h5format.read_training(path, shapes)
    if found is None:
        raise h5format.FormatError(f"{path}: holds no training state (not a checkpoint written by train)")
    state, slots = found
    optimizer_state = {}
    for key, value in slots.items():
        layer, name, slot = key.split("/")
        optimizer_state.setdefault((layer, name), {})[slot] = value
    try:
        return TrainState(state["config"], int(state["epoch"]), state.get("history", []), optimizer_state,
                          int(state.get("steps", 0)))
    except (KeyError, TypeError, ValueError) as e:
        raise h5format.FormatError(f"{path}: damaged training state ({e})") from None


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
