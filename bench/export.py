"""PyTorch and ONNX Runtime twins of a cnn-engine Sequential model, for benchmarks and cross-checks.

    from bench.export import to_torch, to_onnx_bytes, ort_session
    tm = to_torch(model)                       # torch.nn.Sequential, eval mode, same weights
    sess = ort_session(to_onnx_bytes(tm, model.input_shape), threads=2)
    probs = sess.run(None, {"input": x})[0]

torch and onnxruntime are imported here, never from engine/. Layers covered: Conv2D, Conv1D,
MaxPool2D/1D, AvgPool2D/1D, GlobalAvgPool, Flatten, Dense, Dropout, ReLU, Tanh, Sigmoid, Softmax,
BatchNorm (inference); conv/dense `activation` in {None, 'linear', 'relu', 'tanh', 'sigmoid'}.
"""
import io

import numpy as np
import torch
from torch import nn

from engine import layers as L
from engine import shapes

_ACT = {None: None, "linear": None, "relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


def _act(name):
    cls = _ACT[name]
    return [cls()] if cls is not None else []


def _param(array):
    return nn.Parameter(torch.from_numpy(np.array(array, dtype=np.float32, copy=True)), requires_grad=False)


def _pads(layer, in_shape, dilation):
    """((before, after), ...) per spatial axis, the engine's own rule (handles 'same')."""
    return shapes.normalize_padding(layer.padding, layer.ndim, tuple(in_shape[1:]), layer.kernel_size,
                                    layer.stride, dilation)


def _symmetric(pads):
    return all(b == a for b, a in pads)


def _zero_pad(pads):
    """nn.ZeroPad for asymmetric padding; torch's order is last axis first."""
    flat = [p for pair in reversed(pads) for p in pair]
    return nn.ZeroPad2d(flat) if len(pads) == 2 else nn.ConstantPad1d(flat, 0.0)


def _conv(layer, in_shape):
    pads = _pads(layer, in_shape, layer.dilation)
    cls = nn.Conv2d if layer.ndim == 2 else nn.Conv1d
    mods = []
    if _symmetric(pads):
        padding = tuple(b for b, _ in pads)
    else:
        mods.append(_zero_pad(pads))
        padding = 0
    conv = cls(in_shape[0], layer.filters, layer.kernel_size, stride=layer.stride, padding=padding,
               dilation=layer.dilation, groups=layer.groups, bias=layer.use_bias)
    conv.weight = _param(layer.params["weight"])
    if layer.use_bias:
        conv.bias = _param(layer.params["bias"])
    return mods + [conv] + _act(layer.activation)


def _pool(layer, in_shape):
    pads = _pads(layer, in_shape, (1,) * layer.ndim)
    if not _symmetric(pads):
        raise NotImplementedError(f"layer {layer.name}: asymmetric pooling padding {pads} has no torch twin here")
    padding = tuple(b for b, _ in pads)
    if layer.kind == "max":
        cls = nn.MaxPool2d if layer.ndim == 2 else nn.MaxPool1d
        return [cls(layer.kernel_size, layer.stride, padding, ceil_mode=layer.ceil_mode)]
    cls = nn.AvgPool2d if layer.ndim == 2 else nn.AvgPool1d
    return [cls(layer.kernel_size, layer.stride, padding, ceil_mode=layer.ceil_mode,
                count_include_pad=layer.count_include_pad)]


def _dense(layer, in_shape):
    lin = nn.Linear(in_shape[0], layer.units, bias=layer.use_bias)
    lin.weight = _param(layer.params["weight"])
    if layer.use_bias:
        lin.bias = _param(layer.params["bias"])
    return [lin] + _act(layer.activation)


def _batch_norm(layer, in_shape):
    bn = (nn.BatchNorm2d if len(in_shape) == 3 else nn.BatchNorm1d)(in_shape[0], eps=layer.eps)
    bn.weight, bn.bias = _param(layer.params["weight"]), _param(layer.params["bias"])
    bn.running_mean.copy_(torch.from_numpy(np.asarray(layer.params["running_mean"], np.float32)))
    bn.running_var.copy_(torch.from_numpy(np.asarray(layer.params["running_var"], np.float32)))
    return [bn]


def torch_modules(layer, in_shape):
    """The torch modules computing `layer` on inputs of per-sample shape in_shape."""
    if isinstance(layer, L._Conv):
        return _conv(layer, in_shape)
    if isinstance(layer, L._Pool):
        return _pool(layer, in_shape)
    if isinstance(layer, L.Dense):
        return _dense(layer, in_shape)
    if isinstance(layer, L.Flatten):
        return [nn.Flatten()]
    if isinstance(layer, L.Dropout):
        return [nn.Dropout(layer.rate)]  # identity in eval mode, as in the engine
    if isinstance(layer, L.Softmax):
        return [nn.Softmax(dim=1)]
    if isinstance(layer, L.ReLU):
        return [nn.ReLU()]
    if isinstance(layer, L.Tanh):
        return [nn.Tanh()]
    if isinstance(layer, L.Sigmoid):
        return [nn.Sigmoid()]
    if isinstance(layer, L.GlobalAvgPool):
        return [nn.AdaptiveAvgPool2d(1) if len(in_shape) == 3 else nn.AdaptiveAvgPool1d(1)]
    if isinstance(layer, L.BatchNorm):
        return _batch_norm(layer, in_shape)
    raise NotImplementedError(f"layer {layer.name}: no torch twin for {type(layer).__name__}")


def to_torch(model):
    """torch.nn.Sequential computing the same function as `model` (eval mode, float32, copied weights).
    Its children are grouped per engine layer: tm[i] is the twin of model.layers[i]."""
    blocks = []
    for layer, (in_shape, _) in zip(model.layers, model.shapes):
        mods = torch_modules(layer, in_shape)
        blocks.append(mods[0] if len(mods) == 1 else nn.Sequential(*mods))
    return nn.Sequential(*blocks).eval()


def to_onnx_bytes(torch_model, input_shape, opset=17):
    """The torch model as an ONNX file (bytes): input 'input', output 'output', dynamic batch axis."""
    buf = io.BytesIO()
    example = torch.zeros((1,) + tuple(input_shape), dtype=torch.float32)
    kwargs = dict(input_names=["input"], output_names=["output"], opset_version=opset,
                  dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    with torch.no_grad():
        try:  # the TorchScript exporter: fast, no onnxscript needed
            torch.onnx.export(torch_model, (example,), buf, dynamo=False, **kwargs)
        except TypeError:  # a torch without the dynamo argument
            torch.onnx.export(torch_model, (example,), buf, **kwargs)
    return buf.getvalue()


def ort_session(onnx_bytes, threads=2):
    """An ONNX Runtime CPU session: intra-op threads, one inter-op thread, sequential execution."""
    import onnxruntime as ort
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = int(threads)
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(onnx_bytes, sess_options=opts, providers=["CPUExecutionProvider"])
