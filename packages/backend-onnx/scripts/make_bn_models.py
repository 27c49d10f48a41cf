#!/usr/bin/env python3
"""Exports the tiny BatchNormalization-keeping model of the BN fold's tests.

    /usr/bin/python3 packages/backend-onnx/scripts/make_bn_models.py

Writes `test/bn-fold/bn_cnn.onnx` (committed, a few kilobytes) and its goldens
`bn_cnn.{x,u,grad,logits}.npy` (torch_goldens.save_goldens: torch's float64 gradient of
`u . logits`, torch's float32 logits), and `manifest.json` with torch's own float32 error.
Exported in eval mode with `training=PRESERVE`, so each BatchNormalization stays an inference
node after its layer, as models from other exporters keep them. The layers cover what the
fold must and must not touch (see test/bn-fold/README.md). Weights and BN statistics are
seeded and far from the identity (running variances from 0.01 to 3, epsilons 1e-5 and 0.1),
so a missing epsilon or a scale on the wrong axis shows in the logits.
"""
import json
import os

import torch
import torch.nn as nn

from torch_goldens import save_goldens

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'bn-fold')
SIZE = 8
OPSET = 13


class BnCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 3, padding=1)                     # Conv with a bias
        self.bn1 = nn.BatchNorm2d(6)
        self.conv2 = nn.Conv2d(6, 6, 3, padding=1, groups=2, bias=False)  # grouped, no bias
        self.bn2 = nn.BatchNorm2d(6, eps=0.1)
        self.up = nn.ConvTranspose2d(6, 4, 2, stride=2, groups=2)      # ConvTranspose, groups
        self.bn3 = nn.BatchNorm2d(4)
        self.conv4 = nn.Conv2d(4, 4, 3, padding=1)                     # output read twice
        self.bn4 = nn.BatchNorm2d(4)
        self.shared = nn.Conv2d(4, 4, 3, padding=1)                    # one weight, two BNs
        self.bn5 = nn.BatchNorm2d(4)
        self.bn6 = nn.BatchNorm2d(4, eps=0.1)
        self.fc1 = nn.Linear(4, 8)                                     # Gemm + BatchNorm1d
        self.bn7 = nn.BatchNorm1d(8)
        self.fc2 = nn.Linear(8, 10)

    def forward(self, x):
        h = torch.relu(self.bn1(self.conv1(x)))
        h = torch.relu(self.bn2(self.conv2(h)))
        h = torch.relu(self.bn3(self.up(h)))
        c = self.conv4(h)
        h = torch.relu(self.bn4(c)) + c
        a = torch.relu(self.bn5(self.shared(h)))
        h = torch.relu(self.bn6(self.shared(a))) + a
        h = h.mean((2, 3))
        return self.fc2(torch.relu(self.bn7(self.fc1(h))))


def build():
    torch.manual_seed(0)
    model = BnCnn()
    g = torch.Generator().manual_seed(1)
    for m in model.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            c = m.num_features
            m.weight.data = torch.rand(c, generator=g) * 2 - 0.5
            m.bias.data = torch.randn(c, generator=g)
            m.running_mean.data = torch.randn(c, generator=g)
            m.running_var.data = 10 ** (torch.rand(c, generator=g) * 2.5 - 2)  # 0.01 to 3
    return model.eval()


def main():
    os.makedirs(OUT, exist_ok=True)
    model = build()
    path = os.path.join(OUT, 'bn_cnn.onnx')
    tmp = path + '.tmp'
    x = torch.randn(2, 3, SIZE, SIZE, generator=torch.Generator().manual_seed(2))
    torch.onnx.export(
        model, x, tmp, opset_version=OPSET, input_names=['input'], output_names=['logits'],
        dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}}, do_constant_folding=True,
        training=torch.onnx.TrainingMode.PRESERVE,
    )
    os.replace(tmp, path)
    err = save_goldens(model, SIZE, OUT, 'bn_cnn')
    entry = {'name': 'bn_cnn', 'file': 'bn_cnn.onnx', 'inputShape': [3, SIZE, SIZE],
             'opset': OPSET, 'float32Error': err}
    with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
        json.dump([entry], f, indent=2)
        f.write('\n')
    print(entry, os.path.getsize(path), 'bytes')


if __name__ == '__main__':
    main()
