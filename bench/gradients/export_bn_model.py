#!/usr/bin/env python3
"""ResNet-50 with its BatchNormalization nodes kept, for bench/gradients/bn-fold.mjs.

    /usr/bin/python3 bench/gradients/export_bn_model.py            # bench/.models/resnet50-bn.onnx

The same seeded weights and calibrated batch norm as torch_input_gradient.py's `build()`
(whose eval-mode export, bench/.models/resnet50.onnx, has torch fold each BatchNormalization
into its convolution), exported with `training=PRESERVE` so the 53 BatchNormalization nodes
stay, as exporters other than torch's eval mode leave them. Git-ignored; nothing is downloaded.
"""
import argparse
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from torch_input_gradient import OPSET, build  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', default='resnet50')
    ap.add_argument('--out')
    a = ap.parse_args()
    path = a.out or os.path.join(HERE, '..', '.models', f'{a.model}-bn.onnx')
    if os.path.exists(path):
        return
    model, size = build(a.model)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    x = torch.randn(1, 3, size, size, generator=torch.Generator().manual_seed(2))
    tmp = path + '.tmp'
    torch.onnx.export(model, x, tmp, opset_version=OPSET, input_names=['input'],
                      output_names=['logits'],
                      dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}},
                      do_constant_folding=True, training=torch.onnx.TrainingMode.PRESERVE)
    os.replace(tmp, path)


if __name__ == '__main__':
    main()
