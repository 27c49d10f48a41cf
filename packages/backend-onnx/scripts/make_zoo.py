#!/usr/bin/env python3
"""Exports torchvision classifiers with random (seeded) weights to ONNX for the zoo test.

    /usr/bin/python3 packages/backend-onnx/scripts/make_zoo.py            # the small set
    /usr/bin/python3 packages/backend-onnx/scripts/make_zoo.py --all      # also the large ones
    /usr/bin/python3 packages/backend-onnx/scripts/make_zoo.py resnet18   # by name
    /usr/bin/python3 packages/backend-onnx/scripts/make_zoo.py --ci       # the tiny set

The tiny set (`--ci`) is each architecture family at a small width and depth, 10 classes
and 32x32 inputs: the same op types and graph patterns as the full models in a few
hundred kilobytes each. It is written to `test/zoo-ci/` and committed, so CI checks every
family; the full-size models stay local.

Writes `test/zoo/<name>.onnx` (opset 13 unless the entry says otherwise; batch dimension
dynamic), `<name>.{x,u,grad,logits}.npy` (two random inputs, a random cotangent on the
logits, torch's float64 gradient of `u . logits` and torch's logits, for comparison; the
manifest's `float32Error` says how far torch's own float32 gradient is from it) and `test/zoo/manifest.json`. The files are not
committed (see .gitignore); `test/zoo.test.ts` runs on whatever is present. Weights are
random, so nothing is downloaded; batch-norm statistics are calibrated on random inputs
so that signals (and gradients) keep their scale through depth.
"""
import json
import os
import sys

import torch
import torchvision.models as tvm
from torch_goldens import export_classifier

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'zoo')
OUT_CI = os.path.join(HERE, '..', 'test', 'zoo-ci')

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


def _tiny_efficientnet():
    from torchvision.models.efficientnet import EfficientNet, _efficientnet_conf
    setting, last = _efficientnet_conf('efficientnet_b0', width_mult=0.25, depth_mult=0.25)
    return EfficientNet(setting, dropout=0.2, last_channel=last, num_classes=10)


def _tiny_mobilenet_v3():
    from torchvision.models.mobilenetv3 import MobileNetV3, _mobilenet_v3_conf
    setting, last = _mobilenet_v3_conf('mobilenet_v3_small', width_mult=0.25)
    return MobileNetV3(setting, last, num_classes=10)


def _tiny_regnet():
    from torchvision.models.regnet import BlockParams, RegNet
    params = BlockParams.from_init_params(depth=4, w_0=8, w_a=8.0, w_m=2.0, group_width=8,
                                          se_ratio=0.25)
    return RegNet(params, stem_width=8, num_classes=10)


def _tiny_convnext():
    from torchvision.models.convnext import CNBlockConfig, ConvNeXt
    # layer_scale 0.5 rather than 1e-6, so the blocks, not just the skips, shape the gradient
    return ConvNeXt([CNBlockConfig(16, 32, 1), CNBlockConfig(32, None, 1)], layer_scale=0.5,
                    num_classes=10)


def _tiny_vit():
    from torchvision.models.vision_transformer import VisionTransformer
    return VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2,
                             hidden_dim=32, mlp_dim=64, num_classes=10)


def _tiny_swin():
    from torchvision.models.swin_transformer import SwinTransformer
    return SwinTransformer(patch_size=[4, 4], embed_dim=16, depths=[2, 2], num_heads=[2, 2],
                           window_size=[4, 4], stochastic_depth_prob=0.0, num_classes=10)


def _tiny_densenet():
    from torchvision.models.densenet import DenseNet
    return DenseNet(growth_rate=8, block_config=(2, 2, 2, 2), num_init_features=16,
                    num_classes=10)


# The tiny set: (constructor, input size, opset); every entry is committed.
TINY = {
    'tiny_mobilenet_v2': (lambda: tvm.mobilenet_v2(width_mult=0.25, num_classes=10), 32, 13),
    'tiny_mobilenet_v3_small': (_tiny_mobilenet_v3, 32, 14),
    'tiny_squeezenet1_1': (lambda: tvm.squeezenet1_1(num_classes=10), 32, 13),
    'tiny_shufflenet_v2_x0_5': (lambda: tvm.shufflenet_v2_x0_5(num_classes=10), 32, 13),
    'tiny_efficientnet_b0': (_tiny_efficientnet, 32, 13),
    'tiny_densenet': (_tiny_densenet, 32, 13),
    'tiny_regnet_y': (_tiny_regnet, 32, 13),
    'tiny_convnext': (_tiny_convnext, 32, 13),
    'tiny_vit': (_tiny_vit, 32, 14),
    'tiny_swin': (_tiny_swin, 32, 14),
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


def export(name, make, size, opset, out):
    torch.manual_seed(0)
    model = make().eval()
    no_zero_weights(model, torch.Generator().manual_seed(5))
    calibrate_batch_norm(model, size, torch.Generator().manual_seed(1))
    return export_classifier(model, size, out, name, opset)


def main(argv):
    if '--ci' in argv:
        out = OUT_CI
        entries = {n: (make, size, opset) for n, (make, size, opset) in TINY.items()}
    else:
        out = OUT
        entries = {n: (make, size, opset) for n, (make, size, opset, _) in MODELS.items()}
    os.makedirs(out, exist_ok=True)
    names = [a for a in argv if not a.startswith('--')]
    if not names:
        names = [n for n in entries if '--all' in argv or '--ci' in argv or not MODELS[n][3]]
    manifest_path = os.path.join(out, 'manifest.json')
    manifest = {}
    if os.path.exists(manifest_path):
        manifest = {m['name']: m for m in json.load(open(manifest_path))}
    for name in names:
        manifest[name] = export(name, *entries[name], out)
        print('exported', name, flush=True)
        with open(manifest_path + '.tmp', 'w') as f:
            json.dump(sorted(manifest.values(), key=lambda m: m['name']), f, indent=2)
        os.replace(manifest_path + '.tmp', manifest_path)


if __name__ == '__main__':
    main(sys.argv[1:])
