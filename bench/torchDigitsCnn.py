#!/usr/bin/python3
"""The PyTorch baseline of the tfjsTraining benchmark: trains the model of a *.train.json spec the way Tensorsight's
TF.js trainer does, on the CPU, and prints one JSON object.

usage: /usr/bin/python3 bench/torchDigitsCnn.py SPEC.train.json [--threads N]

Same as the trainer (src/core/train/run/): the IDX data shuffled by the trainer's own generator (mulberry32) with
the spec's seed, the last round(n * validationSplit) samples held out, features standardized with the training
part's statistics (or divided by normalize.scale, as the schema says), an epoch order drawn from seed + epoch, the
same batch size, optimizer settings and epoch count, Keras' initializers (Glorot-uniform kernels, zero biases),
validation after every epoch. Only what the benchmark's spec uses is
supported (idx data, Conv2D, MaxPooling2D, Flatten, Dropout, Dense, adam, sparseCategoricalCrossentropy); anything
else exits with a message naming it. Layout is channels-first, as PyTorch wants, which changes no result.
"""
import json
import math
import os
import struct
import sys
import time

import torch
from torch import nn

M32 = 0xFFFFFFFF


def seeded_random(seed):
    """mulberry32, as src/core/random/seededRandom.ts: floats in [0, 1), bit for bit."""
    state = seed & M32

    def draw():
        nonlocal state
        state = (state + 0x6D2B79F5) & M32
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & M32
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & M32)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296

    return draw


def seeded_permutation(n, seed):
    """Fisher-Yates with seeded_random, as seededPermutation in src/core/train/data/datasetSplit.ts."""
    order = list(range(n))
    draw = seeded_random(seed)
    for i in range(n - 1, 0, -1):
        j = math.floor(draw() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def read_idx(path):
    with open(path, 'rb') as f:
        raw = f.read()
    zero, dtype, rank = raw[0:2], raw[2], raw[3]
    if zero != b'\0\0' or dtype != 0x08:
        sys.exit(f'{path}: only unsigned-byte IDX files are supported here')
    dims = struct.unpack('>%dI' % rank, raw[4:4 + 4 * rank])
    return torch.frombuffer(bytearray(raw[4 + 4 * rank:]), dtype=torch.uint8).reshape(dims)


def unsupported(what):
    sys.exit(f'torchDigitsCnn.py: {what} is not supported by this baseline')


def pair(value):
    return (value, value) if isinstance(value, int) else tuple(value)


def build_model(layers, input_shape):
    """torch modules for the spec's layers; the final softmax is left to CrossEntropyLoss."""
    channels, height, width = input_shape[2], input_shape[0], input_shape[1]
    features = None
    modules = []
    for index, layer in enumerate(layers):
        kind = layer['type']
        last = index == len(layers) - 1
        if kind == 'Conv2D':
            kernel, strides = pair(layer['kernelSize']), pair(layer.get('strides', 1))
            if strides != (1, 1) and layer.get('padding', 'valid') == 'same':
                unsupported('Conv2D with strides and same padding')
            pad = (kernel[0] // 2, kernel[1] // 2) if layer.get('padding', 'valid') == 'same' else (0, 0)
            conv = nn.Conv2d(channels, layer['filters'], kernel, stride=strides, padding=pad, bias=layer.get('useBias', True))
            modules.append(conv)
            height = (height + 2 * pad[0] - kernel[0]) // strides[0] + 1
            width = (width + 2 * pad[1] - kernel[1]) // strides[1] + 1
            channels = layer['filters']
        elif kind == 'MaxPooling2D':
            if layer.get('padding', 'valid') != 'valid':
                unsupported('MaxPooling2D with same padding')
            size = pair(layer.get('poolSize', 2))
            strides = pair(layer.get('strides', size))
            modules.append(nn.MaxPool2d(size, strides))
            height = (height - size[0]) // strides[0] + 1
            width = (width - size[1]) // strides[1] + 1
        elif kind == 'Flatten':
            modules.append(nn.Flatten())
            features = channels * height * width
        elif kind == 'Dropout':
            modules.append(nn.Dropout(layer['rate']))
        elif kind == 'Dense':
            if features is None:
                unsupported('Dense before Flatten')
            modules.append(nn.Linear(features, layer['units'], bias=layer.get('useBias', True)))
            features = layer['units']
        else:
            unsupported(f'layer type {kind}')
        activation = layer.get('activation', 'linear')
        if activation == 'relu':
            modules.append(nn.ReLU())
        elif activation == 'softmax' and last:
            pass  # CrossEntropyLoss applies log-softmax to the logits
        elif activation != 'linear' and kind in ('Conv2D', 'Dense'):
            unsupported(f'activation {activation}')
    model = nn.Sequential(*modules)
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(module.weight)  # Keras' glorotUniform
            if module.bias is not None:
                nn.init.zeros_(module.bias)
    return model


def evaluate(model, x, y, batch_size, loss_fn):
    model.eval()
    loss_sum, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(x), batch_size):
            logits = model(x[start:start + batch_size])
            target = y[start:start + batch_size]
            loss_sum += loss_fn(logits, target).item() * len(target)
            correct += (logits.argmax(1) == target).sum().item()
    model.train()
    return loss_sum / len(x), correct / len(x)


def main():
    args = sys.argv[1:]
    threads = 1
    if '--threads' in args:
        at = args.index('--threads')
        threads = int(args[at + 1])
        del args[at:at + 2]
    if len(args) != 1:
        sys.exit(__doc__)
    spec_file = args[0]
    with open(spec_file) as f:
        spec = json.load(f)
    base = os.path.dirname(os.path.abspath(spec_file))
    data, model_spec = spec['data'], spec['model']
    if data['format'] != 'idx' or 'validation' in data:
        unsupported('data other than idx files with validationSplit')
    if spec['loss'] != 'sparseCategoricalCrossentropy':
        unsupported(f"loss {spec['loss']}")
    optimizer_spec = spec.get('optimizer', 'adam')
    optimizer_spec = {'type': optimizer_spec} if isinstance(optimizer_spec, str) else optimizer_spec
    if optimizer_spec['type'] != 'adam':
        unsupported(f"optimizer {optimizer_spec['type']}")
    normalize = data.get('normalize', 'none')
    if normalize not in ('none', 'standardize') and not (isinstance(normalize, dict) and 'scale' in normalize):
        unsupported(f'normalize {normalize}')
    shuffle = data.get('shuffle', True)
    if shuffle is False or (isinstance(shuffle, dict) and 'seed' in shuffle):
        unsupported('shuffle other than true')

    torch.set_num_threads(threads)
    torch.set_num_interop_threads(threads)
    seed = spec['seed']
    torch.manual_seed(seed)
    epochs, batch_size = spec.get('epochs', 10), spec.get('batchSize', 32)

    features = read_idx(os.path.join(base, data['features'])).float()
    labels = read_idx(os.path.join(base, data['labels'])).long()
    n = len(labels)
    order = torch.tensor(seeded_permutation(n, seed))
    features, labels = features[order], labels[order]
    held = math.floor(n * data.get('validationSplit', 0) + 0.5)  # Math.round
    if isinstance(normalize, dict):
        features = features / normalize['scale']
    elif normalize == 'standardize':
        # Per feature, with the training part's mean and population standard deviation (float64 sums, as
        # src/core/train/data/normalization.ts); a feature that never varies is only centred.
        train = features[:n - held].reshape(n - held, -1).double()
        mean, std = train.mean(0), train.std(0, unbiased=False)
        scale = torch.where(std > 0, 1 / std, torch.ones_like(std))
        features = ((features.reshape(n, -1).double() - mean) * scale).float().reshape(features.shape)
    # [n, h, w] or [n, h, w, c] (channels last, as the spec's inputShape) to [n, c, h, w]
    input_shape = model_spec['inputShape']
    features = features.reshape(n, *input_shape).permute(0, 3, 1, 2).contiguous()
    x_train, y_train = features[:n - held], labels[:n - held]
    x_val, y_val = features[n - held:], labels[n - held:]

    model = build_model(model_spec['layers'], input_shape)
    optimizer = torch.optim.Adam(
        model.parameters(),
        lr=optimizer_spec.get('learningRate', 0.001),
        betas=(optimizer_spec.get('beta1', 0.9), optimizer_spec.get('beta2', 0.999)),
        eps=optimizer_spec.get('epsilon', 1e-7),
    )
    loss_fn = nn.CrossEntropyLoss()
    count = len(x_train)
    results = []
    started = time.perf_counter()
    for epoch in range(1, epochs + 1):
        epoch_start = time.perf_counter()
        order = torch.tensor(seeded_permutation(count, seed + epoch))
        loss_sum, correct = 0.0, 0
        for start in range(0, count, batch_size):
            index = order[start:start + batch_size]
            x, y = x_train[index], y_train[index]
            optimizer.zero_grad()
            logits = model(x)
            loss = loss_fn(logits, y)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(y)
            correct += (logits.argmax(1) == y).sum().item()
        val_loss, val_accuracy = evaluate(model, x_val, y_val, batch_size, loss_fn)
        seconds = time.perf_counter() - epoch_start
        results.append({
            'epoch': epoch,
            'values': {'loss': loss_sum / count, 'accuracy': correct / count, 'val_loss': val_loss, 'val_accuracy': val_accuracy},
            'samplesPerSecond': count / seconds,
            'seconds': seconds,
        })
    total = time.perf_counter() - started
    print(json.dumps({
        'torch': torch.__version__,
        'threads': torch.get_num_threads(),
        'trainSamples': count,
        'validationSamples': held,
        'parameters': sum(p.numel() for p in model.parameters()),
        'epochs': results,
        'result': {'epochs': epochs, 'values': results[-1]['values'], 'samplesPerSecond': count * epochs / total, 'seconds': total},
    }))


if __name__ == '__main__':
    main()
