#!/usr/bin/env python3
"""PyTorch's side of bench/gradients: the reference the ONNX backend is measured against.

    /usr/bin/python3 bench/gradients/torch_input_gradient.py --export bench/.models/resnet50.onnx
    /usr/bin/python3 bench/gradients/torch_input_gradient.py --model mobilenet_v2 \
        --export bench/.models/mobilenet_v2.onnx
    /usr/bin/python3 bench/gradients/torch_input_gradient.py --time --batch 8 --threads 2 --repeat 5

The models (resnet50, mobilenet_v2, vit_b_16, all at 224x224) are torchvision's, built exactly
as packages/backend-onnx/scripts/make_zoo.py builds them (seeded random weights, calibrated
batch norm; no weights are downloaded), exported at opset 17, so the ONNX file and the timed
torch model hold the same weights. --time prints one JSON line: the median
milliseconds of one input gradient (forward, then backward of u . logits to the input) of a
batch, and the process's peak resident memory. --ratio times torch's own forward (no_grad)
and input gradient in turns in one process and prints their medians and ratio: the vjp /
forward that PyTorch's own backward kernels reach on this CPU (bench/gradients/ratio.mjs --torch).
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'packages', 'backend-onnx', 'scripts'))
import make_zoo  # noqa: E402


# The benchmark's input size for each model (make_zoo's zoo runs MobileNet V2 at 64).
SIZE = {'resnet50': 224, 'mobilenet_v2': 224, 'vit_b_16': 224}
OPSET = 17


def build(name):
    make = make_zoo.MODELS[name][0]
    size = SIZE[name]
    torch.manual_seed(0)
    model = make().eval()
    make_zoo.no_zero_weights(model, torch.Generator().manual_seed(5))
    make_zoo.calibrate_batch_norm(model, size, torch.Generator().manual_seed(1))
    return model, size


def export(name, path):
    if os.path.exists(path):
        return
    model, size = build(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    x = torch.randn(1, 3, size, size, generator=torch.Generator().manual_seed(2))
    tmp = path + '.tmp'
    torch.onnx.export(model, x, tmp, opset_version=OPSET, input_names=['input'],
                      output_names=['logits'],
                      dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}},
                      do_constant_folding=True)
    os.replace(tmp, path)


def time_gradient(name, batch, threads, repeat):
    torch.set_num_threads(threads)
    model, size = build(name)
    for p in model.parameters():
        p.requires_grad_(False)  # the input gradient only, as the ONNX backend computes
    gen = torch.Generator().manual_seed(7)
    x = torch.randn(batch, 3, size, size, generator=gen)
    u = torch.randn(batch, 1000, generator=gen)
    times = []
    for i in range(repeat + 2):
        xs = x.clone().requires_grad_(True)
        t0 = time.perf_counter()
        logits = model(xs)
        (grad,) = torch.autograd.grad(logits, xs, u)
        dt = time.perf_counter() - t0
        if i >= 2:  # two warm-up runs
            times.append(dt * 1000)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {'impl': 'torch', 'batch': batch, 'threads': threads, 'ms': statistics.median(times),
            'peakRssMB': peak_mb, 'torch': torch.__version__}


def time_ratio(name, batch, threads, repeat):
    """torch's forward and input gradient, alternating, after two warm-up rounds."""
    torch.set_num_threads(threads)
    model, size = build(name)
    for p in model.parameters():
        p.requires_grad_(False)
    gen = torch.Generator().manual_seed(7)
    x = torch.randn(batch, 3, size, size, generator=gen)
    u = torch.randn(batch, 1000, generator=gen)
    forward, gradient = [], []
    for i in range(repeat + 2):
        t0 = time.perf_counter()
        with torch.no_grad():
            model(x)
        f = (time.perf_counter() - t0) * 1000
        xs = x.clone().requires_grad_(True)
        t0 = time.perf_counter()
        torch.autograd.grad(model(xs), xs, u)
        g = (time.perf_counter() - t0) * 1000
        if i >= 2:
            forward.append(f)
            gradient.append(g)
    f, g = statistics.median(forward), statistics.median(gradient)
    return {'impl': 'torch', 'batch': batch, 'threads': threads, 'forwardMs': f, 'vjpMs': g,
            'ratio': g / f, 'perRound': [b / a for a, b in zip(forward, gradient)],
            'torch': torch.__version__}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', default='resnet50')
    ap.add_argument('--export')
    ap.add_argument('--time', action='store_true')
    ap.add_argument('--ratio', action='store_true')
    ap.add_argument('--batch', type=int, default=1)
    ap.add_argument('--threads', type=int, default=os.cpu_count())
    ap.add_argument('--repeat', type=int, default=5)
    a = ap.parse_args()
    if a.export:
        export(a.model, a.export)
    if a.time:
        print(json.dumps(time_gradient(a.model, a.batch, a.threads, a.repeat)), flush=True)
    if a.ratio:
        print(json.dumps(time_ratio(a.model, a.batch, a.threads, a.repeat)), flush=True)


if __name__ == '__main__':
    main()
