"""Exports torchvision's ResNet-18 at 224x224 with seeded random weights (no download) for
bench/browser/run.mjs, to a git-ignored cache:

    /usr/bin/python3 bench/browser/export_resnet18.py bench/.models/resnet18-224.onnx

Debian's torch and torchvision (apt-get install python3-torch python3-torchvision python3-onnx).
"""
import os
import sys

import torch
import torchvision


def main(path):
    if os.path.exists(path):
        return
    torch.manual_seed(0)
    model = torchvision.models.resnet18(weights=None).eval()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    x = torch.randn(1, 3, 224, 224, generator=torch.Generator().manual_seed(2))
    tmp = path + '.tmp'
    torch.onnx.export(model, x, tmp, opset_version=13, input_names=['input'],
                      output_names=['logits'],
                      dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}},
                      do_constant_folding=True)
    os.replace(tmp, path)


if __name__ == '__main__':
    main(sys.argv[1])
