#!/usr/bin/env python3
"""Exports torchvision classifiers with random (seeded) weights to ONNX for the zoo test.

    /usr/bin/python3 packages/backend-onnx/scripts/make_zoo.py            # the small set
    /usr/bin/python3 packages/backend-onnx/scripts/make_zoo.py --all      # also the large ones
    /usr/bin/python3 packages/backend-onnx/scripts/make_zoo.py resnet18   # by name

Writes `test/zoo/<name>.onnx` (opset 13 unless the entry says otherwise; batch dimension
dynamic), `<name>.{x,u,grad,logits}.npy` (two random inputs, a random cotangent on the
logits, torch's float64 gradient of `u . logits` and torch's logits, for comparison; the
manifest's `float32Error` says how far torch's own float32 gradient is from it) and `test/zoo/manifest.json`. The files are not
committed (see .gitignore); `test/zoo.test.ts` runs on whatever is present. Weights are
random, so nothing is downloaded; batch-norm statistics are calibrated on random inputs
so that signals (and gradients) keep their scale through depth.
"""
import copy
import json
import os
import sys

import numpy as np
import torch
import torchvision.models as tvm

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'zoo')

# name: (constructor, input size, opset, large)
MODELS = {
    'resnet18': (lambda: tvm.resnet18(), 64, 13, False),
    'mobilenet_v2': (lambda: tvm.mobilenet_v2(), 64, 13, False),
    'mobilenet_v3_small': (lambda: tvm.mobilenet_v3_small(), 64, 14, False),
    'squeezenet1_1': (lambda: tvm.squeezenet1_1(), 64, 13, False),
    'shufflenet_v2_x0_5': (lambda: tvm.shufflenet_v2_x0_5(), 64, 13, False),
    'efficientnet_b0': (lambda: tvm.efficientnet_b0(), 64, 13, False),
    'densenet121': (lambda: tvm.densenet121(), 128, 13, False),
    'googlenet': (lambda: tvm.googlenet(aux_logits=False, init_weights=True), 64, 13, False),
    'regnet_y_400mf': (lambda: tvm.regnet_y_400mf(), 64, 13, False),
    'inception_v3': (lambda: tvm.inception_v3(aux_logits=False, init_weights=True), 160, 13, False),
    'resnet50': (lambda: tvm.resnet50(), 224, 13, True),
    'vgg16': (lambda: tvm.vgg16(), 224, 13, True),
    'convnext_tiny': (lambda: tvm.convnext_tiny(), 224, 13, True),
    'vit_b_16': (lambda: tvm.vit_b_16(), 224, 14, True),
    'swin_t': (lambda: tvm.swin_t(), 224, 14, True),
}


def calibrate_batch_norm(model, size, gen):
    """Sets batch-norm statistics from random inputs (as training would from data), so that
    activations keep their scale through depth: with the constructors' statistics (mean 0,
    variance 1) deep random networks lose all dependence on their input."""
    bns = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    if not bns:
        return
    for m in bns:
        m.reset_running_stats()
        m.momentum = None  # a cumulative average over the calibration batches
    model.train()
    with torch.no_grad():
        for _ in range(4):
            model(torch.randn(8, 3, size, size, generator=gen))
    model.eval()


def no_zero_weights(model, gen):
    """Some constructors zero-initialise a layer (ViT's head): then the logits do not depend
    on the input and every gradient is 0. Such weights get small random values."""
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() >= 2 and not p.any():
                p.copy_(torch.randn(p.shape, generator=gen) * 0.02)


def export(name):
    make, size, opset, _ = MODELS[name]
    torch.manual_seed(0)
    model = make().eval()
    no_zero_weights(model, torch.Generator().manual_seed(5))
    calibrate_batch_norm(model, size, torch.Generator().manual_seed(1))
    x = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(2))
    path = os.path.join(OUT, f'{name}.onnx')
    tmp = path + '.tmp'
    torch.onnx.export(
        model, x, tmp, opset_version=opset, input_names=['input'], output_names=['logits'],
        dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}}, do_constant_folding=True,
    )
    os.replace(tmp, path)
    # A second implementation to compare with: torch's gradient of u . logits at x, in
    # float64 (the reference) and in float32 (to measure how far float32 itself can be
    # from it: deep random networks are ill-conditioned).
    x0 = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(3))
    u = None
    grads = {}
    for dtype in (torch.float32, torch.float64):
        m = copy.deepcopy(model).to(dtype)
        xs = x0.clone().to(dtype).requires_grad_(True)
        logits = m(xs)
        if u is None:
            u = torch.randn(logits.shape, generator=torch.Generator().manual_seed(4))
            logits32 = logits.detach()
        (logits * u.to(dtype)).sum().backward()
        grads[dtype] = xs.grad.detach().double()
    ref = grads[torch.float64]
    float32_error = float((grads[torch.float32] - ref).abs().max() / ref.abs().max())
    for suffix, t in [('x', x0), ('u', u), ('grad', ref), ('logits', logits32)]:
        np.save(os.path.join(OUT, f'{name}.{suffix}.npy'), t.numpy().astype(np.float32))
    return {'name': name, 'file': f'{name}.onnx', 'inputShape': [3, size, size], 'opset': opset,
            'float32Error': float32_error}


def main(argv):
    os.makedirs(OUT, exist_ok=True)
    names = [a for a in argv if not a.startswith('--')]
    if not names:
        names = [n for n, (_, _, _, large) in MODELS.items() if '--all' in argv or not large]
    manifest_path = os.path.join(OUT, 'manifest.json')
    manifest = {}
    if os.path.exists(manifest_path):
        manifest = {m['name']: m for m in json.load(open(manifest_path))}
    for name in names:
        manifest[name] = export(name)
        print('exported', name, flush=True)
        with open(manifest_path + '.tmp', 'w') as f:
            json.dump(sorted(manifest.values(), key=lambda m: m['name']), f, indent=2)
        os.replace(manifest_path + '.tmp', manifest_path)


if __name__ == '__main__':
    main(sys.argv[1:])
