"""One training epoch of LeNet-5 on Fashion-MNIST's 60,000 training images at batch 64: cnn-engine
against the same model and optimiser (Adam, lr 1e-3) in PyTorch, in the same run.

    python bench/bench_train.py [--images 60000] [--threads 2] [--arch lenet5|lenet5-bn]

Prints seconds per epoch for both and the ratio (> 1: we are faster). The 2-core machines are
noisy: run it when nothing else is, and compare the two numbers of the same run only.
"""
import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import engine  # noqa: E402
from engine import data, train, zoo  # noqa: E402


def torch_twin(model):
    """The same network in torch.nn with the same initial weights (layer types of the LeNet variants)."""
    import torch
    from torch import nn
    act = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}
    mods, shape = [], model.input_shape
    for layer, (in_shape, out_shape) in zip(model.layers[:-1], model.shapes[:-1]):
        kind = type(layer).__name__
        if kind == "Conv2D":
            m = nn.Conv2d(in_shape[0], layer.filters, layer.kernel_size, layer.stride, bias=layer.use_bias)
        elif kind == "Dense":
            m = nn.Linear(in_shape[0], layer.units, bias=layer.use_bias)
        elif kind == "AvgPool2D":
            m = nn.AvgPool2d(layer.kernel_size, layer.stride)
        elif kind == "MaxPool2D":
            m = nn.MaxPool2d(layer.kernel_size, layer.stride)
        elif kind == "BatchNorm":
            m = nn.BatchNorm2d(in_shape[0]) if len(in_shape) == 3 else nn.BatchNorm1d(in_shape[0])
        elif kind == "Flatten":
            m = nn.Flatten()
        elif kind == "Dropout":
            m = nn.Dropout(layer.rate)
        elif kind == "ReLU":
            m = nn.ReLU()
        else:
            raise ValueError(f"no torch twin for {kind}")
        with torch.no_grad():
            for name, value in layer.params.items():
                getattr(m, name).copy_(torch.from_numpy(np.array(value)))
        mods.append(m)
        if getattr(layer, "activation", None) and kind in ("Conv2D", "Dense"):
            mods.append(act[layer.activation]())
    return nn.Sequential(*mods)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--images", type=int, default=60000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--arch", default="lenet5", choices=["lenet5", "lenet5-bn"])
    p.add_argument("--batch-size", type=int, default=64)
    args = p.parse_args()
    engine.set_num_threads(args.threads)
    x_raw, y, _ = data.load_dataset("fashion-mnist", "train")
    model = zoo.build(args.arch, 10, seed=0)
    x = data.preprocess(x_raw[:args.images], model.input_shape, model.preprocessing)
    y = y[:args.images]
    # warm-up: compile (or load from cache) every kernel on a small slice
    train.fit(zoo.build(args.arch, 10, seed=1), x[:256], y[:256], epochs=1, batch_size=args.batch_size)
    twin = torch_twin(model)
    started = time.perf_counter()
    train.fit(model, x, y, epochs=1, batch_size=args.batch_size, lr=1e-3, optimizer="adam", schedule="constant")
    ours = time.perf_counter() - started

    import torch
    torch.set_num_threads(args.threads)
    opt = torch.optim.Adam(twin.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    order = torch.from_numpy(np.random.default_rng(0).permutation(len(y)))
    for i in range(0, 256, args.batch_size):  # warm-up
        opt.zero_grad()
        loss_fn(twin(xt[i:i + args.batch_size]), yt[i:i + args.batch_size]).backward()
    started = time.perf_counter()
    for i in range(0, len(y), args.batch_size):
        idx = order[i:i + args.batch_size]
        opt.zero_grad()
        loss = loss_fn(twin(xt[idx]), yt[idx])
        loss.backward()
        opt.step()
    theirs = time.perf_counter() - started
    print(f"{args.arch}, {len(y):,} Fashion-MNIST images, batch {args.batch_size}, {args.threads} threads")
    print(f"{'engine':10s}{'s/epoch':>10s}")
    print(f"{'ours':10s}{ours:10.1f}")
    print(f"{'pytorch':10s}{theirs:10.1f}")
    print(f"pytorch/ours: {theirs / ours:.2f} (> 1: we are faster)")


if __name__ == "__main__":
    main()
