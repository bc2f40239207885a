"""The HDF5 model format (format.py, documented in FORMAT.md) and the model files the project ships."""
from pathlib import Path

HERE = Path(__file__).resolve().parent

# name -> file shipped in this folder; the first is the default model of the CLI
BUNDLED_MODELS = {"lenet5-digits": "lenet5-digits.h5", "lenet5-fashion-mnist": "lenet5-fashion-mnist.h5"}
DEFAULT_MODEL = "lenet5-digits"
SAMPLE_DATA = "digits-test.npz"


def bundled_path(name=DEFAULT_MODEL):
    """Path of a model file shipped with the package (works after a non-editable pip install)."""
    if name not in BUNDLED_MODELS:
        raise ValueError(f"no bundled model named {name!r} (bundled: {', '.join(BUNDLED_MODELS)})")
    return HERE / BUNDLED_MODELS[name]


def sample_data_path():
    """The bundled sample inputs and labels (an .npz with x and y) that `cnn-engine infer` runs on."""
    return HERE / SAMPLE_DATA
