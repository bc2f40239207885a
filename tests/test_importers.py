"""engine.importers: ONNX (PyTorch exports and hand-built graphs) and Keras (files built by hand with
h5py/zipfile exactly as Keras writes them; real Keras too when it is installed), and `cnn-engine convert`."""
import io
import json
import os
import warnings
import zipfile
import zlib

import h5py
import numpy as np
import pytest

import engine
import reference
from engine.importers import convert

RTOL = 1e-4


def assert_rel(y, ref, rtol=RTOL):
    """||y - ref|| / ||ref|| <= rtol (reference.rel_error), same shape, finite, non-degenerate reference."""
    y, ref = np.asarray(y, np.float64), np.asarray(ref, np.float64)
    assert y.shape == ref.shape, (y.shape, ref.shape)
    assert np.isfinite(y).all(), "non-finite values in the result"
    assert np.linalg.norm(ref) > 0, "degenerate test: the reference is all zeros"
    err = reference.rel_error(y, ref)
    assert err <= rtol, f"relative error {err:.2e} > {rtol:.1g}"


# ================================================================ ONNX from PyTorch
def _torch():
    torch = pytest.importorskip("torch")
    pytest.importorskip("onnx")
    return torch


def _export(torch, model, x, path, opset, fold=True, dynamic=False):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, x, str(path), opset_version=opset, dynamo=False, do_constant_folding=fold,
                          input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "n"}} if dynamic else None)
    return str(path)


def _lenet_like(torch):
    nn = torch.nn

    class LeNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
            self.pool1 = nn.AvgPool2d(2)
            self.conv2 = nn.Conv2d(6, 16, 5)
            self.pool2 = nn.MaxPool2d(2)
            self.fc1 = nn.Linear(16 * 5 * 5, 32)
            self.fc2 = nn.Linear(32, 10)

        def forward(self, x):
            x = self.pool1(torch.tanh(self.conv1(x)))
            x = self.pool2(torch.relu(self.conv2(x)))
            x = x.view(x.size(0), -1)
            return torch.softmax(self.fc2(torch.sigmoid(self.fc1(x))), dim=1)

    torch.manual_seed(0)
    return LeNet().eval()


def _lrn_module(torch, size, alpha, beta, k):
    """LocalResponseNorm exported as one ONNX LRN node (PyTorch otherwise decomposes it)."""
    class Fn(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return torch.nn.functional.local_response_norm(x, size, alpha, beta, k)

        @staticmethod
        def symbolic(g, x):
            return g.op("LRN", x, size_i=size, alpha_f=alpha, beta_f=beta, bias_f=k)

    class LRN(torch.nn.Module):
        def forward(self, x):
            return Fn.apply(x)
    return LRN()


def _alexnet_like(torch):
    nn = torch.nn

    class AlexNetLike(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 16, 5, stride=2, padding=2)
            self.bn1 = nn.BatchNorm2d(16)
            self.lrn1 = _lrn_module(torch, 5, 1e-2, 0.75, 2.0)
            self.pool1 = nn.MaxPool2d(3, 2, ceil_mode=True)
            self.conv2 = nn.Conv2d(16, 24, 3, padding=1, groups=4)
            self.conv3 = nn.Conv2d(24, 24, 3, padding=2, dilation=2, bias=False)
            self.bn3 = nn.BatchNorm2d(24)
            self.pool3 = nn.AvgPool2d(3, 2, padding=1, count_include_pad=False)
            self.bn4 = nn.BatchNorm2d(24)  # after a pool: stays a BatchNorm layer
            self.drop = nn.Dropout(0.5)
            self.fc1 = nn.Linear(24 * 4 * 4, 40)
            self.fc2 = nn.Linear(40, 7)

        def forward(self, x):
            x = self.pool1(self.lrn1(torch.relu(self.bn1(self.conv1(x)))))
            x = torch.relu(self.conv2(x))
            x = self.bn4(self.pool3(torch.relu(self.bn3(self.conv3(x)))))
            x = x.view(x.size(0), -1)
            return self.fc2(self.drop(torch.relu(self.fc1(x))))

    torch.manual_seed(1)
    m = AlexNetLike()
    with torch.no_grad():
        for bn in (m.bn1, m.bn3, m.bn4):
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.uniform_(-0.5, 0.5)
            bn.running_mean.uniform_(-0.5, 0.5)
            bn.running_var.uniform_(0.5, 2.0)
    return m.eval()


@pytest.mark.parametrize("opset", [7, 11, 13, 17])
def test_torch_lenet_like_all_opsets_runs_any_batch(tmp_path, opset):
    torch = _torch()
    model = _lenet_like(torch)
    x = torch.randn(5, 1, 28, 28)
    # exported for a fixed batch of 1, shapes computed from x.size(0) kept as Shape/Gather/... nodes
    path = _export(torch, model, x[:1], tmp_path / "lenet.onnx", opset, fold=False)
    m = convert(path)
    assert m.input_shape == (1, 28, 28)
    assert [type(l).__name__ for l in m.layers] == ["Conv2D", "AvgPool2D", "Conv2D", "MaxPool2D", "Flatten",
                                                  "Dense", "Dense", "Softmax"]
    with torch.no_grad():
        ref = model(x).numpy()
    assert_rel(m.predict(x.numpy()), ref)
    assert_rel(m.predict(x.numpy(), batch_size=2), ref)


@pytest.mark.parametrize("opset,dynamic", [(9, False), (11, True), (13, False), (17, True)])
def test_torch_alexnet_like(tmp_path, opset, dynamic):
    torch = _torch()
    model = _alexnet_like(torch)
    x = torch.randn(5, 3, 27, 27)
    path = _export(torch, model, x[:1], tmp_path / "alex.onnx", opset, dynamic=dynamic)
    m = convert(path)
    kinds = [type(l).__name__ for l in m.layers]
    assert kinds.count("BatchNorm") == 1  # bn1 and bn3 folded into their convolutions, bn4 kept
    assert "LRN" in kinds  # (eval-mode exports drop Dropout)
    pool1, pool3 = m.get_layer("pool1"), m.get_layer("pool3")
    assert (pool1.ceil_mode or opset < 10) and not pool3.count_include_pad  # opset 9: ceil_mode as extra pads
    assert m.get_layer("conv2").groups == 4 and m.get_layer("conv3").dilation == (2, 2)
    with torch.no_grad():
        ref = model(x).numpy()
    assert_rel(m.predict(x.numpy()), ref)


def test_torch_conv1d(tmp_path):
    torch = _torch()
    nn = torch.nn
    torch.manual_seed(2)
    model = nn.Sequential(nn.Conv1d(2, 6, 5, padding=2), nn.BatchNorm1d(6), nn.ReLU(), nn.MaxPool1d(2, ceil_mode=True),
                          nn.Conv1d(6, 8, 3, stride=2, dilation=2), nn.Tanh(),
                          nn.AvgPool1d(3, 2, padding=1, count_include_pad=False), nn.Flatten(), nn.Linear(8 * 3, 4)).eval()
    x = torch.randn(5, 2, 25)
    m = convert(_export(torch, model, x[:1], tmp_path / "c1.onnx", 13))
    assert m.input_shape == (2, 25)
    with torch.no_grad():
        ref = model(x).numpy()
    assert_rel(m.predict(x.numpy()), ref)



@pytest.mark.parametrize("opset", [9, 11, 13, 17])
def test_torch_zero_padding_folds_into_the_next_layer(tmp_path, opset):
    """nn.ZeroPad2d / F.pad: from opset 11 torch computes the pads with a subgraph that transposes them
    (Transpose must fold); uneven pads end up in the Conv's and the AvgPool's own padding."""
    torch = _torch()
    nn = torch.nn
    torch.manual_seed(opset)
    model = nn.Sequential(nn.ZeroPad2d((1, 0, 2, 1)), nn.Conv2d(3, 4, 3), nn.ReLU(), nn.ZeroPad2d((0, 1, 1, 0)),
                          nn.AvgPool2d(2), nn.Flatten(), nn.Linear(4 * 5 * 4, 3)).eval()
    x = torch.randn(2, 3, 9, 8)
    m = convert(_export(torch, model, x[:1], tmp_path / "pad.onnx", opset))
    with torch.no_grad():
        ref = model(x).numpy()
    assert_rel(m.predict(x.numpy()), ref)


def test_a_wrongly_declared_output_shape_warns_and_converts(tmp_path):
    """torch declares (6, 6) for a ceil-mode pool with padding at the graph's end where torch itself, ONNX
    Runtime and the converter compute (6, 5): a warning, not a refusal."""
    torch = _torch()
    nn = torch.nn
    torch.manual_seed(4)
    model = nn.Sequential(nn.Conv2d(1, 2, 1), nn.MaxPool2d(2, 2, padding=1, ceil_mode=True)).eval()
    x = torch.randn(3, 1, 10, 9)
    with torch.no_grad():
        ref = model(x).numpy()
    path = _export(torch, model, x[:1], tmp_path / "ceil.onnx", 13)
    with pytest.warns(RuntimeWarning, match="declares"):
        m = convert(path)
    assert ref.shape[1:] == (2, 6, 5)
    assert_rel(m.predict(x.numpy()), ref)

def test_torch_vgg_like(tmp_path):
    """VGG-style: conv3x3-64, conv3x3-64, pool, conv3x3-128, pool, fc 256, dropout, fc 10 on 3x32x32.
    (LeNet-5-like and AlexNet-like networks: the tests above.)"""
    torch = _torch()
    nn = torch.nn
    torch.manual_seed(4)
    model = nn.Sequential(nn.Conv2d(3, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(128 * 8 * 8, 256), nn.ReLU(), nn.Dropout(0.5),
                          nn.Linear(256, 10)).eval()
    x = torch.randn(4, 3, 32, 32)
    m = convert(_export(torch, model, x[:1], tmp_path / "vgg.onnx", 13))
    assert m.input_shape == (3, 32, 32)
    assert [type(l).__name__ for l in m.layers] == ["Conv2D", "Conv2D", "MaxPool2D", "Conv2D", "MaxPool2D", "Flatten",
                                                  "Dense", "Dense"]
    assert [l.activation for l in m.layers if hasattr(l, "activation")][:3] == ["relu"] * 3
    with torch.no_grad():
        ref = model(x).numpy()
    assert_rel(m.predict(x.numpy()), ref)

def test_residual_add_and_concat_are_refused(tmp_path):
    torch = _torch()
    nn = torch.nn

    class Residual(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(3, 3, 3, padding=1)

        def forward(self, x):
            return torch.relu(self.conv(x)) + x

    class Cat(nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b = nn.Conv2d(3, 2, 1), nn.Conv2d(3, 2, 1)

        def forward(self, x):
            return torch.cat([self.a(x), self.b(x)], 1)

    x = torch.randn(1, 3, 8, 8)
    with pytest.raises(ValueError, match=r"Add node '/Add'.*(residual|branch)"):
        convert(_export(torch, Residual().eval(), x, tmp_path / "res.onnx", 13))
    with pytest.raises(ValueError, match=r"(Concat node|Conv node).*branch"):
        convert(_export(torch, Cat().eval(), x, tmp_path / "cat.onnx", 13))
    lrn = nn.Sequential(nn.Conv2d(3, 4, 3), nn.LocalResponseNorm(3)).eval()
    with pytest.raises(ValueError, match="LocalResponseNorm"):
        convert(_export(torch, lrn, x, tmp_path / "lrn.onnx", 13))


# ================================================================ ONNX built with onnx.helper
def _helper_graph(opset, initializers_as_inputs):
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper
    rng = np.random.default_rng(3)
    w1 = rng.standard_normal((4, 2, 3, 3)).astype(np.float32)
    b1 = rng.standard_normal(4).astype(np.float32)
    w2 = rng.standard_normal((6, 2, 2, 3)).astype(np.float32)  # group 2
    fc = rng.standard_normal((6 * 3 * 3, 5)).astype(np.float32)  # MatMul (in, out)
    fb = rng.standard_normal(5).astype(np.float32)
    g = rng.standard_normal((3, 5)).astype(np.float32)  # Gemm transB=1: (out, in)
    gb = rng.standard_normal(3).astype(np.float32)
    shape = np.array([1, -1], np.int64)  # a batch-1 export's Reshape target: the leading 1 is the batch
    inits = {"w1": w1, "b1": b1, "w2": w2, "fc": fc, "fb": fb, "g": g, "gb": gb, "shape": shape}
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv_uneven", pads=[0, 1, 2, 0], strides=[1, 2]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("MaxPool", ["r1"], ["p1"], name="pool_uneven", kernel_shape=[3, 2], strides=[2, 1],
                         pads=[1, 0, 0, 1]),
        helper.make_node("Conv", ["p1", "w2"], ["c2"], name="conv_same_lower", auto_pad="SAME_LOWER", group=2,
                         strides=[2, 2]),
        helper.make_node("AveragePool", ["c2"], ["p2"], name="avg", kernel_shape=[2, 2], strides=[1, 1],
                         pads=[0, 0, 1, 1], count_include_pad=1),
        helper.make_node("Identity", ["p2"], ["p2i"], name="ident"),
        helper.make_node("Reshape", ["p2i", "shape"], ["flat"], name="flatten"),
        helper.make_node("MatMul", ["flat", "fc"], ["mm"], name="fc_matmul"),
        helper.make_node("Add", ["mm", "fb"], ["fcb"], name="fc_add"),
        helper.make_node("Tanh", ["fcb"], ["t"], name="tanh"),
        helper.make_node("Gemm", ["t", "g", "gb"], ["gm"], name="gemm", transB=1, alpha=0.5, beta=2.0),
        helper.make_node("Softmax", ["gm"], ["y"], name="prob"),
    ]
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 11, 12])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])
    init_protos = [numpy_helper.from_array(v, k) for k, v in inits.items()]
    inputs = [x] + ([helper.make_tensor_value_info(k, helper.np_dtype_to_tensor_dtype(v.dtype), v.shape)
                     for k, v in inits.items()] if initializers_as_inputs else [])
    graph = helper.make_graph(nodes, "handmade", inputs, [y], init_protos)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="test")
    model.ir_version = 3 if opset == 7 else 7
    onnx.checker.check_model(model)
    return model


@pytest.mark.parametrize("opset,as_inputs", [(7, True), (13, False), (17, True)])
def test_hand_built_graph_uneven_pads_against_onnxruntime(tmp_path, opset, as_inputs):
    onnx = pytest.importorskip("onnx")
    ort = pytest.importorskip("onnxruntime")
    model = _helper_graph(opset, as_inputs)
    path = str(tmp_path / "hand.onnx")
    onnx.save(model, path)
    m = convert(path)
    assert m.input_shape == (2, 11, 12)
    assert m.get_layer("conv_uneven").padding == [[0, 2], [1, 0]]
    assert m.get_layer("pool_uneven").padding == [[1, 0], [0, 1]]
    assert m.get_layer("conv_uneven").activation == "relu"
    x = np.random.default_rng(4).standard_normal((3, 2, 11, 12)).astype(np.float32)
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    ref = np.concatenate([sess.run(None, {"x": x[i:i + 1]})[0] for i in range(3)])
    assert_rel(m.predict(x), ref)


def test_onnx_errors_are_one_clear_line(tmp_path, monkeypatch):
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 4, 4])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 4, 4])
    node = helper.make_node("LeakyRelu", ["x"], ["y"], name="leaky")
    model = helper.make_model(helper.make_graph([node], "g", [x], [y]), opset_imports=[helper.make_opsetid("", 13)])
    path = str(tmp_path / "leaky.onnx")
    onnx.save(model, path)
    with pytest.raises(ValueError, match="LeakyRelu node 'leaky'.*not supported") as info:
        convert(path)
    assert "\n" not in str(info.value)
    bad = tmp_path / "junk.onnx"
    bad.write_bytes(b"\xff\x00 definitely not protobuf" * 10)
    with pytest.raises(ValueError, match="ONNX"):
        convert(str(bad))
    torch_file = tmp_path / "model.pth"
    torch_file.write_bytes(b"PK\x03\x04")
    with pytest.raises(ValueError, match="ONNX"):
        convert(str(torch_file))
    monkeypatch.setitem(__import__("sys").modules, "onnx", None)
    with pytest.raises(ValueError, match=r"pip install 'cnn-engine\[onnx\]'"):
        convert(path)


# ================================================================ ONNX ops one at a time, against onnx.reference
class _G:
    """A graph under construction: a chain of nodes on one data tensor; weights become initializers."""

    def __init__(self, rng):
        self.rng, self.nodes, self.inits, self.cur = rng, [], {}, "x"

    def w(self, *shape, lo=None, hi=None):
        v = self.rng.standard_normal(shape) if lo is None else self.rng.uniform(lo, hi, shape)
        return self.c(v.astype(np.float32))

    def c(self, value):
        name = f"w{len(self.inits)}"
        self.inits[name] = np.asarray(value)
        return name

    def const_node(self, **attrs):  # a Constant node; its output name
        from onnx import helper
        name = f"k{len(self.nodes)}"
        self.nodes.append(helper.make_node("Constant", [], [name], name=name, **attrs))
        return name

    def __call__(self, op, *extra, first=None, **attrs):
        from onnx import helper
        out = f"t{len(self.nodes)}"
        inputs = [self.cur, *extra] if first is None else [first, self.cur, *extra]
        self.nodes.append(helper.make_node(op, inputs, [out], name=f"{op.lower()}_{len(self.nodes)}", **attrs))
        self.cur = out
        return self


def _np_tensor(value):
    from onnx import numpy_helper
    return numpy_helper.from_array(np.asarray(value))


# id: (opset, per-sample input shape, builder). Channel counts in the builders match the input shapes.
ONNX_OP_CASES = {
    "conv-pads-symmetric": (13, (3, 9, 10), lambda g: g("Conv", g.w(4, 3, 3, 3), g.w(4), pads=[1, 1, 1, 1])),
    "conv-pads-uneven": (13, (3, 9, 10), lambda g: g("Conv", g.w(4, 3, 3, 3), g.w(4), pads=[0, 2, 1, 0])),
    "conv-same-upper-stride2": (13, (3, 10, 9), lambda g: g("Conv", g.w(4, 3, 3, 4), g.w(4), auto_pad="SAME_UPPER",
                                                            strides=[2, 2])),
    "conv-same-lower-stride2": (13, (3, 10, 9), lambda g: g("Conv", g.w(4, 3, 3, 4), g.w(4), auto_pad="SAME_LOWER",
                                                            strides=[2, 2])),
    "conv-same-upper-dilated": (11, (3, 9, 9), lambda g: g("Conv", g.w(4, 3, 3, 2), g.w(4), auto_pad="SAME_UPPER",
                                                           dilations=[2, 3])),
    "conv-valid": (13, (3, 9, 10), lambda g: g("Conv", g.w(4, 3, 3, 3), g.w(4), auto_pad="VALID", strides=[2, 1])),
    "conv-strides-uneven": (13, (3, 11, 12), lambda g: g("Conv", g.w(5, 3, 3, 2), g.w(5), strides=[2, 3],
                                                         pads=[1, 0, 1, 1])),
    "conv-dilations": (13, (3, 12, 11), lambda g: g("Conv", g.w(4, 3, 3, 3), g.w(4), dilations=[2, 3],
                                                    pads=[2, 1, 0, 3])),
    "conv-group2": (13, (4, 8, 8), lambda g: g("Conv", g.w(6, 2, 3, 3), g.w(6), group=2, pads=[1, 1, 1, 1])),
    "conv-depthwise": (13, (4, 8, 8), lambda g: g("Conv", g.w(8, 1, 3, 3), g.w(8), group=4, strides=[2, 2])),
    "conv-no-bias-kernel-shape": (7, (3, 8, 9), lambda g: g("Conv", g.w(4, 3, 2, 3), kernel_shape=[2, 3])),
    "conv1d-pads-stride-dilation": (13, (3, 20), lambda g: g("Conv", g.w(4, 3, 3), g.w(4), pads=[2, 1], strides=[2],
                                                             dilations=[2])),
    "conv-relu-fused": (13, (3, 8, 8), lambda g: g("Conv", g.w(4, 3, 3, 3), g.w(4))("Relu")),
    "conv-add-bias": (13, (3, 8, 8), lambda g: g("Conv", g.w(4, 3, 3, 3))("Add", g.w(1, 4, 1, 1))("Sigmoid")),
    "maxpool-pads-strides": (13, (3, 9, 10), lambda g: g("MaxPool", kernel_shape=[3, 3], strides=[2, 2],
                                                         pads=[1, 1, 1, 1])),
    "maxpool-pads-uneven": (13, (3, 9, 10), lambda g: g("MaxPool", kernel_shape=[3, 2], strides=[2, 1],
                                                        pads=[1, 0, 0, 1])),
    "maxpool-ceil": (13, (3, 9, 10), lambda g: g("MaxPool", kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1)),
    "maxpool-ceil-pads": (11, (3, 10, 10), lambda g: g("MaxPool", kernel_shape=[3, 3], strides=[2, 2],
                                                      pads=[1, 1, 1, 1], ceil_mode=1)),
    # ceil_mode's last window would start in the end padding: dropped (PyTorch, onnx.reference); onnx 1.23's
    # shape inference keeps it, hence NO_SHAPE_INFERENCE
    "maxpool-ceil-last-window-in-pad": (11, (3, 10, 9), lambda g: g("MaxPool", kernel_shape=[3, 2], strides=[2, 2],
                                                                    pads=[1, 1, 1, 1], ceil_mode=1)),
    "avgpool-ceil-last-window-in-pad": (13, (3, 10, 9), lambda g: g("AveragePool", kernel_shape=[3, 2],
                                                                    strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1,
                                                                    count_include_pad=1)),
    "maxpool-same-upper": (13, (3, 9, 10), lambda g: g("MaxPool", kernel_shape=[3, 3], strides=[2, 2],
                                                       auto_pad="SAME_UPPER")),
    "maxpool1d": (13, (3, 17), lambda g: g("MaxPool", kernel_shape=[3], strides=[2], pads=[1, 1], ceil_mode=1)),
    "avgpool-plain": (7, (3, 8, 9), lambda g: g("AveragePool", kernel_shape=[2, 2], strides=[2, 2])),
    "avgpool-pads-exclude": (13, (3, 9, 10), lambda g: g("AveragePool", kernel_shape=[3, 3], strides=[2, 2],
                                                         pads=[1, 1, 1, 1], count_include_pad=0)),
    "avgpool-pads-include": (13, (3, 9, 10), lambda g: g("AveragePool", kernel_shape=[3, 3], strides=[2, 2],
                                                         pads=[1, 1, 1, 1], count_include_pad=1)),
    "avgpool-pads-uneven-include": (13, (3, 9, 10), lambda g: g("AveragePool", kernel_shape=[2, 3], strides=[1, 2],
                                                                pads=[0, 1, 1, 0], count_include_pad=1)),
    "avgpool-ceil": (13, (3, 9, 10), lambda g: g("AveragePool", kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1)),
    "avgpool-ceil-pads-exclude": (13, (3, 10, 9), lambda g: g("AveragePool", kernel_shape=[3, 3], strides=[2, 2],
                                                              pads=[1, 1, 1, 1], ceil_mode=1, count_include_pad=0)),
    "avgpool-same-lower-exclude": (13, (3, 9, 10), lambda g: g("AveragePool", kernel_shape=[3, 3], strides=[2, 2],
                                                               auto_pad="SAME_LOWER")),
    "global-avgpool": (13, (5, 6, 7), lambda g: g("GlobalAveragePool")),
    "global-avgpool-1d": (13, (5, 9), lambda g: g("GlobalAveragePool")),
    "gemm": (13, (12,), lambda g: g("Gemm", g.w(12, 5), g.w(5))),
    "gemm-transB-alpha-beta": (13, (12,), lambda g: g("Gemm", g.w(5, 12), g.w(5), transB=1, alpha=0.5, beta=2.0)),
    "gemm-bias-row-beta": (11, (12,), lambda g: g("Gemm", g.w(12, 5), g.w(1, 5), alpha=1.5, beta=0.25)),
    "gemm-scalar-bias": (13, (12,), lambda g: g("Gemm", g.w(5, 12), g.w(1), transB=1, beta=3.0)),
    "gemm-no-bias-opset11": (11, (12,), lambda g: g("Gemm", g.w(5, 12), transB=1, alpha=2.0)),
    "matmul-add": (13, (12,), lambda g: g("MatMul", g.w(12, 5))("Add", g.w(5))),
    "matmul-add-bias-first": (13, (12,), lambda g: g("MatMul", g.w(12, 5))("Add", first=g.w(1, 5))),
    "matmul-no-bias": (13, (12,), lambda g: g("MatMul", g.w(12, 5))),
    "relu": (13, (3, 5, 6), lambda g: g("Relu")),
    "tanh": (13, (3, 5, 6), lambda g: g("Tanh")),
    "sigmoid": (13, (3, 5, 6), lambda g: g("Sigmoid")),
    "dense-tanh-fused": (13, (12,), lambda g: g("Gemm", g.w(12, 5), g.w(5))("Tanh")),
    "softmax-opset11": (11, (7,), lambda g: g("Softmax", axis=1)),
    "softmax-opset13-default": (13, (7,), lambda g: g("Softmax")),
    "softmax-channels-opset13": (13, (4, 3, 5), lambda g: g("Softmax", axis=1)),
    "softmax-after-gemm": (7, (12,), lambda g: g("Gemm", g.w(12, 5), g.w(5))("Softmax")),
    "lrn-size3": (13, (6, 5, 5), lambda g: g("LRN", size=3)),
    "lrn-size5-params": (13, (7, 4, 5), lambda g: g("LRN", size=5, alpha=0.3, beta=0.6, bias=1.5)),
    "bn-standalone": (13, (4, 5, 6), lambda g: g("BatchNormalization", g.w(4, lo=0.5, hi=1.5), g.w(4), g.w(4),
                                                 g.w(4, lo=0.5, hi=2.0), epsilon=1e-3)),
    "bn-opset7-spatial": (7, (4, 5, 6), lambda g: g("BatchNormalization", g.w(4, lo=0.5, hi=1.5), g.w(4), g.w(4),
                                                    g.w(4, lo=0.5, hi=2.0), spatial=1)),
    "bn-folded-into-conv": (13, (3, 8, 8), lambda g: g("Conv", g.w(4, 3, 3, 3), g.w(4))(
        "BatchNormalization", g.w(4, lo=0.5, hi=1.5), g.w(4), g.w(4), g.w(4, lo=0.5, hi=2.0), epsilon=1e-4)("Relu")),
    "bn-folded-into-gemm": (15, (12,), lambda g: g("Gemm", g.w(5, 12), g.w(5), transB=1)(
        "BatchNormalization", g.w(5, lo=0.5, hi=1.5), g.w(5), g.w(5), g.w(5, lo=0.5, hi=2.0))),
    "bn1d-after-pool": (13, (4, 12), lambda g: g("MaxPool", kernel_shape=[2], strides=[2])(
        "BatchNormalization", g.w(4, lo=0.5, hi=1.5), g.w(4), g.w(4), g.w(4, lo=0.5, hi=2.0))),
    "flatten": (13, (3, 4, 5), lambda g: g("Flatten")("Gemm", g.w(60, 4), g.w(4))),
    "flatten-negative-axis": (13, (3, 4, 5), lambda g: g("Flatten", axis=-3)),
    "flatten-1d": (13, (3, 7), lambda g: g("Flatten", axis=1)),
    "reshape-copy-batch": (13, (3, 4, 5), lambda g: g("Reshape", g.c(np.array([0, -1], np.int64)))),
    "reshape-minus-one-batch": (13, (3, 4, 5), lambda g: g("Reshape", g.c(np.array([-1, 60], np.int64)))),
    "reshape-same-then-flat": (13, (3, 4, 5), lambda g: g("Reshape", g.c(np.array([0, 3, 4, 5], np.int64)))(
        "Reshape", g.c(np.array([0, 60], np.int64)))),
    "reshape-opset7": (7, (3, 4, 5), lambda g: g("Reshape", g.c(np.array([0, -1], np.int64)))(
        "Gemm", g.w(60, 4), g.w(4))),
    "dropout-opset7": (7, (12,), lambda g: g("Gemm", g.w(12, 5), g.w(5))("Relu")("Dropout", ratio=0.3)),
    "dropout-opset13-ratio-input": (13, (3, 4, 4), lambda g: g("Dropout", g.c(np.array(0.25, np.float32)))),
    "dropout-opset13-training-false": (13, (12,), lambda g: g("Dropout", g.c(np.array(0.5, np.float32)),
                                                              g.c(np.array(False)))),
    "identity": (13, (3, 6, 6), lambda g: g("Identity")("MaxPool", kernel_shape=[2, 2], strides=[2, 2])("Identity")),
    "constant-weight": (13, (3, 6, 6), lambda g: g("Conv", g.const_node(value=_np_tensor(
        g.rng.standard_normal((4, 3, 3, 3)).astype(np.float32))), g.const_node(value=_np_tensor(
            g.rng.standard_normal(4).astype(np.float32))))),
    "constant-shape-ints": (13, (3, 4, 5), lambda g: g("Reshape", g.const_node(value_ints=[0, -1]))),
    "constant-float-bias-folded": (13, (12,), lambda g: g("MatMul", g.w(12, 5))(
        "Add", g.const_node(value_floats=[0.5, -1.0, 2.0, 0.25, 3.0]))),
    "shape-gather-concat-reshape": (13, (3, 4, 5), lambda g: g("Reshape", _shape_of_batch(g))),
}


NO_SHAPE_INFERENCE = {"maxpool-ceil-last-window-in-pad", "avgpool-ceil-last-window-in-pad"}


def _shape_of_batch(g):
    """PyTorch's x.view(x.size(0), -1) as Shape -> Gather -> Unsqueeze -> Concat, reading the data tensor."""
    from onnx import helper
    x = g.cur
    k = len(g.nodes)
    g.nodes += [helper.make_node("Shape", [x], [f"s{k}"], name=f"shape_{k}"),
                helper.make_node("Gather", [f"s{k}", g.c(np.array(0, np.int64))], [f"n{k}"], name=f"gather_{k}",
                                 axis=0),
                helper.make_node("Unsqueeze", [f"n{k}", g.c(np.array([0], np.int64))], [f"u{k}"], name=f"unsq_{k}"),
                helper.make_node("Concat", [f"u{k}", g.c(np.array([-1], np.int64))], [f"cat{k}"], name=f"cat_{k}",
                                 axis=0)]
    return f"cat{k}"


def _reference(model):
    """onnx.reference.ReferenceEvaluator with two of its kernels corrected (onnx 1.23): LRN loops over the batch
    axis instead of the channels, and BatchNormalization before opset 14 runs in training mode (batch
    statistics) when the node has only the Y output, which the spec defines as inference mode."""
    from onnx.reference import ReferenceEvaluator
    from onnx.reference.op_run import OpRun

    class LRN(OpRun):
        op_domain = ""

        def _run(self, x, alpha=None, beta=None, bias=None, size=None):
            sq = np.zeros(x.shape, np.float64)
            lo, hi = (size - 1) // 2, -(-(size - 1) // 2)
            for c in range(x.shape[1]):
                sq[:, c] = (x[:, max(0, c - lo):c + hi + 1].astype(np.float64) ** 2).sum(1)
            return ((x / (bias + alpha / size * sq) ** beta).astype(x.dtype),)

    class BatchNormalization(OpRun):
        op_domain = ""

        def _run(self, x, scale, bias, mean, var, epsilon=None, **_):
            shape = (-1,) + (1,) * (x.ndim - 2)
            s, b, m, v = (a.reshape(shape) for a in (scale, bias, mean, var))
            return ((s * (x - m) / np.sqrt(v + epsilon) + b).astype(x.dtype),)

    return ReferenceEvaluator(model, new_ops=[LRN, BatchNormalization])


def _op_model(case, as_inputs):
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper
    opset, shape, build = ONNX_OP_CASES[case]
    g = _G(np.random.default_rng(zlib.crc32(case.encode())))
    build(g)
    inits = [numpy_helper.from_array(v, k) for k, v in g.inits.items()]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", *shape])]
    if as_inputs:
        inputs += [helper.make_tensor_value_info(k, helper.np_dtype_to_tensor_dtype(v.dtype), v.shape)
                   for k, v in g.inits.items()]
    def make(out_shape):
        graph = helper.make_graph(g.nodes, case.replace("-", "_"), inputs,
                                  [helper.make_tensor_value_info(g.cur, TensorProto.FLOAT, out_shape)], inits)
        return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="test")
    # the declared output shape (the converter checks it) from one reference run
    probe = _reference(make(None)).run(None, {"x": np.ones((1, *shape), np.float32)})[0]
    model = make(["n", *probe.shape[1:]])
    onnx.checker.check_model(model, full_check=case not in NO_SHAPE_INFERENCE)
    return model, shape


@pytest.mark.parametrize("as_inputs", [False, True], ids=["inits", "inits-as-inputs"])
@pytest.mark.parametrize("case", list(ONNX_OP_CASES))
def test_onnx_op_against_reference_evaluator(tmp_path, case, as_inputs):
    onnx = pytest.importorskip("onnx")
    model, shape = _op_model(case, as_inputs)
    path = str(tmp_path / "op.onnx")
    onnx.save(model, path)
    m = convert(path)
    assert m.input_shape == shape
    rng = np.random.default_rng(11)
    x = rng.standard_normal((4, *shape)).astype(np.float32)
    x += np.where(x >= 0, 0.05, -0.05).astype(np.float32)  # no zeros (and no ties at Relu's kink)
    feeds = {"x": x}
    if as_inputs:  # the weights are inputs with defaults: feed them explicitly to the reference
        feeds.update({t.name: onnx.numpy_helper.to_array(t) for t in model.graph.initializer})
    ref = _reference(model).run(None, feeds)[0]
    assert_rel(m.predict(x), ref)
    assert_rel(m.predict(x, batch_size=3), ref)  # uneven last batch


# ================================================================ Keras, files written by hand
def k_conv2d(x, kernel, bias, stride=1):
    """Keras Conv2D, channels last, 'valid': x (N, H, W, C), kernel (kh, kw, C, O)."""
    kh, kw = kernel.shape[:2]
    n, h, w, _ = x.shape
    oh, ow = (h - kh) // stride + 1, (w - kw) // stride + 1
    out = np.zeros((n, oh, ow, kernel.shape[3]))
    for i in range(kh):
        for j in range(kw):
            patch = x[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :]
            out += np.einsum("nhwc,co->nhwo", patch, kernel[i, j])
    return out + bias


def k_maxpool(x, p=2):
    n, h, w, c = x.shape
    return x[:, :h // p * p, :w // p * p].reshape(n, h // p, p, w // p, p, c).max(axis=(2, 4))


def keras_reference(x_nhwc, w):
    """The function the Keras model below computes, in NumPy, channels last throughout."""
    h = np.maximum(k_conv2d(x_nhwc, w["conv"][0], w["conv"][1]), 0)
    h = k_maxpool(h)
    g, b, mu, var = w["bn"]
    h = (h - mu) / np.sqrt(var + 1e-3) * g + b
    h = h.reshape(len(h), -1)                       # Keras flattens (H, W, C)
    h = np.maximum(h @ w["dense"][0] + w["dense"][1], 0)
    z = h @ w["out"][0] + w["out"][1]
    e = np.exp(z - z.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


def keras_weights(seed=5):
    rng = np.random.default_rng(seed)
    f = lambda *s: rng.standard_normal(s).astype(np.float32)
    return {"conv": [f(3, 3, 3, 4), f(4)], "bn": [rng.uniform(0.5, 1.5, 4).astype(np.float32), f(4), f(4),
                                                  rng.uniform(0.5, 2, 4).astype(np.float32)],
            "dense": [f(36, 6) * 0.3, f(6)], "out": [f(6, 3), f(3)]}


def keras_layers(keras3=True):
    """Layer entries of a Keras model JSON: (8, 8, 3) -> Conv2D -> MaxPooling2D -> BN -> Flatten -> Dense x2."""
    def entry(cls, **config):
        e = {"class_name": cls, "config": config}
        if keras3:
            e.update(module="keras.layers", registered_name=None)
        return e
    first = entry("InputLayer", batch_shape=[None, 8, 8, 3], dtype="float32", name="input_layer") if keras3 else \
        entry("InputLayer", batch_input_shape=[None, 8, 8, 3], dtype="float32", name="input_1")
    return [first,
            entry("Conv2D", name="conv2d", filters=4, kernel_size=[3, 3], strides=[1, 1], padding="valid",
                  data_format="channels_last", dilation_rate=[1, 1], groups=1, activation="relu", use_bias=True),
            entry("MaxPooling2D", name="max_pooling2d", pool_size=[2, 2], padding="valid", strides=[2, 2],
                  data_format="channels_last"),
            entry("BatchNormalization", name="batch_normalization", axis=-1 if keras3 else [3], momentum=0.99,
                  epsilon=0.001, center=True, scale=True),
            entry("Flatten", name="flatten", data_format="channels_last"),
            entry("Dropout", name="dropout", rate=0.25),
            entry("Dense", name="dense", units=6, activation="relu", use_bias=True),
            entry("Dense", name="dense_1", units=3, activation="softmax", use_bias=True)]


def keras_json(keras3=True):
    return {"class_name": "Sequential", "config": {"name": "sequential", "layers": keras_layers(keras3)},
            **({"module": "keras", "registered_name": None} if keras3 else {"keras_version": "2.15.0",
                                                                            "backend": "tensorflow"})}


LAYER_WEIGHTS = [("conv2d", "conv", ["kernel", "bias"]), ("max_pooling2d", None, []),
                 ("batch_normalization", "bn", ["gamma", "beta", "moving_mean", "moving_variance"]),
                 ("flatten", None, []), ("dropout", None, []), ("dense", "dense", ["kernel", "bias"]),
                 ("dense_1", "out", ["kernel", "bias"])]


def write_legacy_weights(group, w, keras3=True, split=False):
    """What Keras' save_weights_to_hdf5_group writes: layer_names, per-layer weight_names (an empty list is
    a float64 array), datasets at the weight's path (nested groups)."""
    names = [n for n, _, _ in LAYER_WEIGHTS]
    enc = (lambda s: s) if keras3 else (lambda s: s.encode("utf8"))
    if split:  # what save_attributes_to_hdf5_group does with attributes over 64 KB
        group.attrs["layer_names0"] = np.array([enc(n) for n in names[:3]], dtype=object if keras3 else None)
        group.attrs["layer_names1"] = np.array([enc(n) for n in names[3:]], dtype=object if keras3 else None)
    else:
        group.attrs["layer_names"] = np.array([enc(n) for n in names], dtype=object if keras3 else None)
    group.attrs["backend"] = enc("torch" if keras3 else "tensorflow")
    group.attrs["keras_version"] = enc("3.15.1" if keras3 else "2.15.0")
    for name, key, wnames in sorted(LAYER_WEIGHTS):  # Keras creates the groups in sorted order
        g = group.create_group(name)
        paths = [f"sequential/{name}/{wn}" if keras3 else f"{name}/{wn}:0" for wn in wnames]
        g.attrs["weight_names"] = np.array([enc(p) for p in paths], dtype=object if keras3 else None) if paths \
            else np.array([])  # float64, as Keras writes it
        for p, value in zip(paths, w[key] if key else []):
            g.create_dataset(p, data=value)
    if keras3:
        group.create_group("top_level_model_weights").attrs["weight_names"] = np.array([])


def write_v3_weights(path, w):
    """Keras 3's model.weights.h5: layers/<snake_case class>[_k]/vars/<i>."""
    with h5py.File(path, "w") as f:
        layers = f.create_group("layers")
        for name, key, _ in LAYER_WEIGHTS:
            v = layers.create_group(name).create_group("vars")
            v.attrs["name"] = name
            for i, value in enumerate(w[key] if key else []):
                v.create_dataset(str(i), data=value)
        f.create_group("vars").attrs["name"] = "sequential"


@pytest.fixture
def keras_case():
    w = keras_weights()
    x = np.random.default_rng(6).uniform(0, 255, (5, 8, 8, 3)).astype(np.float32)
    return w, x, keras_reference(x.astype(np.float64) / 255, w)


def _check(model, x_nhwc, ref):
    assert model.input_shape == (3, 8, 8)
    assert_rel(model.predict(x_nhwc.transpose(0, 3, 1, 2) / 255), ref)


@pytest.mark.parametrize("keras3,split", [(True, False), (False, True)])
def test_keras_legacy_h5(tmp_path, keras_case, keras3, split):
    w, x, ref = keras_case
    path = str(tmp_path / "model.h5")
    with h5py.File(path, "w") as f:
        config = json.dumps(keras_json(keras3))
        f.attrs["model_config"] = config if keras3 else config.encode("utf8")
        f.attrs["keras_version"] = "3.15.1" if keras3 else b"2.15.0"
        write_legacy_weights(f.create_group("model_weights"), w, keras3, split)
    with h5py.File(path) as f:  # what the fixture claims about Keras' files
        assert f["model_weights/flatten"].attrs["weight_names"].dtype == np.float64
        assert list(f["model_weights/batch_normalization"].keys())  # nested under the weight's path
    m = convert(path)
    _check(m, x, ref)
    assert [type(l).__name__ for l in m.layers] == ["Conv2D", "MaxPool2D", "BatchNorm", "Flatten", "Dropout",
                                                  "Dense", "Dense", "Softmax"]
    # the Flatten permutation: without it the first Dense would see (C, H, W) ordered features
    wrong = m.get_layer("dense").params["weight"]
    np.testing.assert_array_equal(wrong, w["dense"][0][np.arange(36).reshape(3, 3, 4).transpose(2, 0, 1).ravel()].T)


def test_keras_archive(tmp_path, keras_case):
    w, x, ref = keras_case
    weights = tmp_path / "model.weights.h5"
    write_v3_weights(str(weights), w)
    path = str(tmp_path / "model.keras")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.15.1"}))
        z.writestr("config.json", json.dumps(keras_json(True)))
        z.write(weights, "model.weights.h5")
    m = convert(path)
    _check(m, x, ref)
    assert m.provenance["source_format"].startswith("keras (.keras")


def test_keras_archive_zip_bomb_refused(tmp_path):
    path = str(tmp_path / "bomb.keras")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("config.json", "{}")
        z.writestr("model.weights.h5", b"\0" * (64 << 20))
    with pytest.raises(ValueError, match="zip bomb"):
        convert(path)


def test_keras_weights_only_with_config(tmp_path, keras_case):
    w, x, ref = keras_case
    v3 = str(tmp_path / "model.weights.h5")
    write_v3_weights(v3, w)
    legacy = str(tmp_path / "weights.h5")
    with h5py.File(legacy, "w") as f:
        write_legacy_weights(f, w, keras3=False)
    config = tmp_path / "model.json"
    config.write_text(json.dumps(keras_json(True)))
    with pytest.raises(ValueError, match="weights only"):
        convert(v3)
    _check(convert(v3, config=str(config)), x, ref)
    _check(convert(legacy, config=keras_json(False)), x, ref)


def _lenet5_forward64(x, w):
    """The zoo LeNet-5 in float64 from reference.py: conv-tanh, avgpool, conv-tanh, avgpool, flatten (C, H, W),
    three dense layers (tanh, tanh, none), softmax. w maps layer name -> (weight, bias) in engine layout."""
    h = reference.conv2d(x, *w["conv1"], activation="tanh")
    h = reference.avg_pool2d(h, 2, 2)
    h = reference.conv2d(h, *w["conv2"], activation="tanh")
    h = reference.avg_pool2d(h, 2, 2).reshape(len(x), -1)
    h = reference.linear(h, *w["fc1"], activation="tanh")
    h = reference.linear(h, *w["fc2"], activation="tanh")
    return reference.softmax(reference.linear(h, *w["fc3"]), axis=1)


def _write_lenet5_keras_weights(path, w):
    """The LeNet-5 weights `w` (engine layout) as a channels-last Keras model stores them with save_weights."""
    names = ["conv2d", "average_pooling2d", "conv2d_1", "average_pooling2d_1", "flatten", "dense", "dense_1",
             "dense_2"]
    ours = ["conv1", None, "conv2", None, None, "fc1", "fc2", "fc3"]
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = np.array([n.encode() for n in names])
        for name, key in zip(names, ours):
            g = f.create_group(name)
            if key is None:
                g.attrs["weight_names"] = np.array([])
                continue
            weight, bias = w[key]
            kernel = weight.transpose(2, 3, 1, 0) if weight.ndim == 4 else weight.T
            if name == "dense":  # rows in (H, W, C) order
                kernel = kernel[np.arange(400).reshape(16, 5, 5).transpose(1, 2, 0).ravel()]
            g.attrs["weight_names"] = np.array([f"{name}/kernel:0".encode(), f"{name}/bias:0".encode()])
            g[f"{name}/kernel:0"] = np.ascontiguousarray(kernel)
            g[f"{name}/bias:0"] = bias


def test_keras_weights_only_with_zoo_name(tmp_path):
    """Random weights and biases (none zero, none from the engine) written as a Keras save_weights file, loaded
    with config='lenet5', against an independent float64 forward of the same weights."""
    zoo_model = engine.zoo.lenet5(seed=3)  # for the parameter shapes only
    rng = np.random.default_rng(713)
    w = {}
    for layer in zoo_model.layers:
        if layer.params:
            shape = layer.params["weight"].shape
            fan_in = int(np.prod(shape[1:]))
            w[layer.name] = (rng.normal(0, 1.5 / np.sqrt(fan_in), shape).astype(np.float32),
                             rng.uniform(-0.5, 0.5, shape[0]).astype(np.float32))
    assert sorted(w) == ["conv1", "conv2", "fc1", "fc2", "fc3"]
    assert all(np.abs(b).min() > 0 for _, b in w.values())
    path = str(tmp_path / "lenet_weights.h5")
    _write_lenet5_keras_weights(path, w)
    m = convert(path, config="lenet5")
    assert [l.name for l in m.layers] == [l.name for l in zoo_model.layers]
    for name, (weight, bias) in w.items():  # the weights arrive unchanged (the layouts are the importer's job)
        np.testing.assert_array_equal(m.get_layer(name).params["weight"], weight)
        np.testing.assert_array_equal(m.get_layer(name).params["bias"], bias)
    x = rng.standard_normal((4, 1, 32, 32)).astype(np.float32)
    ref = _lenet5_forward64(x.astype(np.float64), w)
    assert ref.std(axis=1).min() > 0.02  # not a flat softmax: the weights and biases all matter
    assert_rel(m.predict(x), ref)
    assert m.preprocessing["resize"] == "pad"


def test_keras_merge_refused(tmp_path):
    cfg = {"class_name": "Functional", "config": {"name": "res", "layers": [
        {"class_name": "InputLayer", "name": "inp", "config": {"batch_shape": [None, 4], "name": "inp"},
         "inbound_nodes": []},
        {"class_name": "Dense", "name": "d", "config": {"name": "d", "units": 4},
         "inbound_nodes": [[["inp", 0, 0, {}]]]},
        {"class_name": "Add", "name": "add", "config": {"name": "add"},
         "inbound_nodes": [[["d", 0, 0, {}], ["inp", 0, 0, {}]]]}],
        "input_layers": [["inp", 0, 0]], "output_layers": [["add", 0, 0]]}}
    path = str(tmp_path / "res.h5")
    with h5py.File(path, "w") as f:
        f.attrs["model_config"] = json.dumps(cfg)
        f.create_group("model_weights").attrs["layer_names"] = np.array([b"d"])
    with pytest.raises(ValueError, match="Add layer 'add' takes 2 inputs"):
        convert(path)


def test_real_keras_files_when_installed(tmp_path):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    pytest.importorskip("torch")
    keras = pytest.importorskip("keras")
    from keras import layers
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((10, 9, 3)), layers.Conv2D(5, 3, padding="same", activation="relu"),
                              layers.BatchNormalization(), layers.AveragePooling2D(2, padding="same"),
                              layers.DepthwiseConv2D(3, depth_multiplier=2), layers.Flatten(), layers.Dense(7),
                              layers.Activation("tanh"), layers.Dense(4, activation="softmax")])
    model.layers[1].moving_variance.assign(np.linspace(0.5, 2, 5).astype(np.float32))
    x = np.random.default_rng(8).standard_normal((5, 10, 9, 3)).astype(np.float32)
    ref = np.asarray(model.predict(x, verbose=0))
    model.save(str(tmp_path / "m.keras"))
    model.save(str(tmp_path / "m.h5"))
    model.save_weights(str(tmp_path / "m.weights.h5"))
    (tmp_path / "m.json").write_text(model.to_json())
    for m in (convert(str(tmp_path / "m.keras")), convert(str(tmp_path / "m.h5")),
              convert(str(tmp_path / "m.weights.h5"), config=str(tmp_path / "m.json"))):
        assert m.input_shape == (3, 10, 9)
        assert_rel(m.predict(x.transpose(0, 3, 1, 2)), ref)


# ================================================================ preprocessing, class names, CLI
def _tiny_onnx(tmp_path):
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper
    w = np.random.default_rng(9).standard_normal((3, 3 * 4 * 4)).astype(np.float32)
    nodes = [helper.make_node("Flatten", ["x"], ["f"], name="flat"),
             helper.make_node("Gemm", ["f", "w"], ["z"], name="fc", transB=1),
             helper.make_node("Softmax", ["z"], ["y"], name="prob")]
    graph = helper.make_graph(nodes, "tiny", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 3, 4, 4])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", 3])],
                              [numpy_helper.from_array(w, "w")])
    path = str(tmp_path / "tiny.onnx")
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)]), path)
    return path


def test_convert_metadata_and_errors(tmp_path):
    path = _tiny_onnx(tmp_path)
    out = str(tmp_path / "tiny.h5")
    m = convert(path, out, class_names=["a", "b", "c"], mean=0.5, std=[0.2, 0.3, 0.4], scale=1 / 255)
    loaded = engine.load(out)
    assert loaded.class_names == ["a", "b", "c"]
    assert loaded.preprocessing == {"channels": "rgb", "resize": "resize", "scale": 1 / 255, "mean": [0.5] * 3,
                                    "std": [0.2, 0.3, 0.4]}
    assert loaded.provenance["trained"] and len(loaded.provenance["source_sha256"]) == 64
    x = np.random.default_rng(0).standard_normal((2, 3, 4, 4)).astype(np.float32)
    np.testing.assert_array_equal(loaded.predict(x), m.predict(x))
    with pytest.raises(ValueError, match="2 names for 3 outputs"):
        convert(path, class_names=["a", "b"])
    with pytest.raises(ValueError, match="mean: expected 1 or 3"):
        convert(path, mean=[0.1, 0.2])
    with pytest.raises(ValueError, match="config"):
        convert(path, config="lenet5")


def test_cli_convert_end_to_end(tmp_path):
    pytest.importorskip("onnx")
    from click.testing import CliRunner
    from cli import main as cli_main
    from cli.convert import convert as convert_command
    group = cli_main.main
    if "convert" not in group.commands:  # not registered yet: a throwaway group with the same error handling
        group = cli_main.Group("cnn-engine")
        group.add_command(convert_command)
        group.add_command(cli_main.main.commands["infer"])
    path = _tiny_onnx(tmp_path)
    names = tmp_path / "classes.txt"
    names.write_text("cat\ndog\nbird\n")
    out = str(tmp_path / "model.h5")
    runner = CliRunner()
    result = runner.invoke(group, ["convert", path, "-o", out, "--class-names", str(names), "--mean", "0.5,0.5,0.5",
                                   "--std", "0.25", "--scale", "1/255"], obj={"quiet": False, "verbose": 0})
    assert result.exit_code == 0, result.output
    m = engine.load(out)
    assert m.class_names == ["cat", "dog", "bird"] and m.preprocessing["std"] == [0.25] * 3
    x = np.random.default_rng(1).uniform(0, 255, (3, 3, 4, 4)).astype(np.float32)
    np.save(tmp_path / "x.npy", x)
    result = runner.invoke(group, ["infer", str(tmp_path / "x.npy"), "-m", out], obj={"quiet": True, "verbose": 0})
    assert result.exit_code == 0, result.output
    assert any(n in result.output for n in ("cat", "dog", "bird"))
    result = runner.invoke(group, ["convert", path, "-o", out, "--mean", "1,2"], obj={"quiet": False, "verbose": 0})
    assert result.exit_code == 1 and "error: mean: expected 1 or 3" in result.output
    assert "Example" in runner.invoke(group, ["convert", "--help"]).output
