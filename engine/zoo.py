"""Reference models with seeded initial weights (He normal before ReLU, Glorot uniform otherwise).
Each ends in a Softmax layer named `prob`, so predict returns probabilities."""
from engine.layers import AvgPool2D, BatchNorm, Conv2D, Dense, Dropout, Flatten, MaxPool2D, ReLU, Softmax
from engine.model import Sequential

# How raw inputs (0..255 pixels) become model inputs; stored in every model file (weights/FORMAT.md).
GRAY_PAD = {"scale": 1 / 255, "mean": [0.0], "std": [1.0], "channels": "gray", "resize": "pad"}
IMAGENET = {"scale": 1 / 255, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "channels": "rgb",
            "resize": "resize"}
UNTRAINED = {"trained": False, "note": "seeded initial weights, not trained"}


def lenet5(num_classes=10, seed=0):
    """LeNet-5 as the course teaches it: 1x32x32 in, tanh, average pooling; 61,706 parameters."""
    return Sequential([
        Conv2D(6, 5, activation="tanh", name="conv1"),
        AvgPool2D(2, 2, name="pool1"),
        Conv2D(16, 5, activation="tanh", name="conv2"),
        AvgPool2D(2, 2, name="pool2"),
        Flatten(name="flatten"),
        Dense(120, activation="tanh", name="fc1"),
        Dense(84, activation="tanh", name="fc2"),
        Dense(num_classes, name="fc3"),
        Softmax(name="prob"),
    ], input_shape=(1, 32, 32), name="lenet5", seed=seed, preprocessing=GRAY_PAD,
        provenance=dict(UNTRAINED, seed=seed))


def lenet5_bn(num_classes=10, seed=0):
    """A LeNet-5-sized variant for harder data (Fashion-MNIST): ReLU, max pooling, batch norm, dropout.
    Same 1x32x32 input and 5x5 convolutions; 16 and 32 filters instead of 6 and 16."""
    return Sequential([
        Conv2D(16, 5, use_bias=False, name="conv1"),
        BatchNorm(name="bn1"),
        ReLU(name="relu1"),
        MaxPool2D(2, 2, name="pool1"),
        Conv2D(32, 5, use_bias=False, name="conv2"),
        BatchNorm(name="bn2"),
        ReLU(name="relu2"),
        MaxPool2D(2, 2, name="pool2"),
        Flatten(name="flatten"),
        Dense(120, activation="relu", name="fc1"),
        Dropout(0.3, name="drop1"),
        Dense(84, activation="relu", name="fc2"),
        Dense(num_classes, name="fc3"),
        Softmax(name="prob"),
    ], input_shape=(1, 32, 32), name="lenet5-bn", seed=seed, preprocessing=GRAY_PAD,
        provenance=dict(UNTRAINED, seed=seed))


def alexnet(num_classes=1000, seed=0):
    """AlexNet as torchvision builds it (no LRN): 3x224x224 in; 61,100,840 parameters at 1000 classes."""
    return Sequential([
        Conv2D(64, 11, stride=4, padding=2, activation="relu", name="conv1"),
        MaxPool2D(3, 2, name="pool1"),
        Conv2D(192, 5, padding=2, activation="relu", name="conv2"),
        MaxPool2D(3, 2, name="pool2"),
        Conv2D(384, 3, padding=1, activation="relu", name="conv3"),
        Conv2D(256, 3, padding=1, activation="relu", name="conv4"),
        Conv2D(256, 3, padding=1, activation="relu", name="conv5"),
        MaxPool2D(3, 2, name="pool5"),
        Flatten(name="flatten"),
        Dropout(0.5, name="drop6"),
        Dense(4096, activation="relu", name="fc6"),
        Dropout(0.5, name="drop7"),
        Dense(4096, activation="relu", name="fc7"),
        Dense(num_classes, name="fc8"),
        Softmax(name="prob"),
    ], input_shape=(3, 224, 224), name="alexnet", seed=seed, preprocessing=IMAGENET,
        provenance=dict(UNTRAINED, seed=seed))


def vgg16(num_classes=1000, seed=0):
    """VGG-16, configuration D: 3x224x224 in; 138,357,544 parameters at 1000 classes."""
    stack = []
    for block, (width, depth) in enumerate([(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)], start=1):
        for i in range(1, depth + 1):
            stack.append(Conv2D(width, 3, padding=1, activation="relu", name=f"conv{block}_{i}"))
        stack.append(MaxPool2D(2, 2, name=f"pool{block}"))
    stack += [
        Flatten(name="flatten"),
        Dense(4096, activation="relu", name="fc6"),
        Dropout(0.5, name="drop6"),
        Dense(4096, activation="relu", name="fc7"),
        Dropout(0.5, name="drop7"),
        Dense(num_classes, name="fc8"),
        Softmax(name="prob"),
    ]
    return Sequential(stack, input_shape=(3, 224, 224), name="vgg16", seed=seed, preprocessing=IMAGENET,
                      provenance=dict(UNTRAINED, seed=seed))


ARCHITECTURES = {"lenet5": lenet5, "lenet5-bn": lenet5_bn, "alexnet": alexnet, "vgg16": vgg16}


def build(arch, num_classes=None, seed=0):
    """A zoo model by name."""
    if arch not in ARCHITECTURES:
        raise ValueError(f"architecture {arch!r} is not in the zoo (choose from {', '.join(ARCHITECTURES)})")
    kwargs = {"seed": seed}
    if num_classes is not None:
        kwargs["num_classes"] = num_classes
    return ARCHITECTURES[arch](**kwargs)
