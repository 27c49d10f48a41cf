#!/usr/bin/env python3
"""Golden input gradients for the backend-onnx tests, from a second implementation.

Rebuilds each fixture network in PyTorch from its ONNX file with a tiny interpreter for
exactly the ops the fixtures use (Conv, BatchNormalization, Relu, MaxPool, Add,
GlobalAveragePool, Flatten, Gemm, Identity), checks that its logits match the stored
`<model>.logits.npy`, and writes the gradient of the label's logit with respect to the
input for the first 16 fixture samples to `test/fixtures/<model>.grad.npy` (float32,
shape [16, 1, 28, 28]).

Run from anywhere: /usr/bin/python3 packages/backend-onnx/scripts/make_gradient_golden.py
Needs torch, onnx and numpy (Debian's python3-torch, python3-onnx, python3-numpy).
"""
import os

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', '..', 'fixtures', 'data')
OUT = os.path.join(HERE, '..', 'test', 'fixtures')
COUNT = 16


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def run(model, x):
    """Evaluates the ONNX graph on x with torch ops, in float64 (so it is the reference)."""
    g = model.graph
    env = {t.name: torch.from_numpy(numpy_helper.to_array(t).astype(np.float64)) for t in g.initializer}
    env[g.input[0].name] = x
    for node in g.node:
        a = attrs(node)
        ins = [env[n] if n else None for n in node.input]
        op = node.op_type
        if op == 'Conv':
            pads = a.get('pads', [0, 0, 0, 0])
            assert pads[0] == pads[2] and pads[1] == pads[3], 'asymmetric pads'
            y = F.conv2d(ins[0], ins[1], ins[2] if len(ins) > 2 else None,
                         stride=a.get('strides', [1, 1]), padding=pads[:2],
                         dilation=a.get('dilations', [1, 1]), groups=a.get('group', 1))
        elif op == 'BatchNormalization':
            y = F.batch_norm(ins[0], ins[3], ins[4], ins[1], ins[2], training=False,
                             eps=a.get('epsilon', 1e-5))
        elif op == 'Relu':
            y = F.relu(ins[0])
        elif op == 'MaxPool':
            pads = a.get('pads', [0, 0, 0, 0])
            y = F.max_pool2d(ins[0], a['kernel_shape'], stride=a.get('strides', [1, 1]),
                             padding=pads[:2], ceil_mode=bool(a.get('ceil_mode', 0)))
        elif op == 'Add':
            y = ins[0] + ins[1]
        elif op == 'GlobalAveragePool':
            y = ins[0].mean(dim=(2, 3), keepdim=True)
        elif op == 'Flatten':
            y = torch.flatten(ins[0], a.get('axis', 1))
        elif op == 'Gemm':
            A = ins[0].t() if a.get('transA', 0) else ins[0]
            B = ins[1].t() if a.get('transB', 0) else ins[1]
            y = a.get('alpha', 1.0) * A @ B
            if len(ins) > 2 and ins[2] is not None:
                y = y + a.get('beta', 1.0) * ins[2]
        elif op == 'Identity':
            y = ins[0]
        else:
            raise SystemExit(f'unsupported op {op} in {node.name}')
        env[node.output[0]] = y
    return env[g.output[0].name]


def main():
    os.makedirs(OUT, exist_ok=True)
    inputs = np.load(os.path.join(FIXTURES, 'inputs.npy'))[:COUNT]
    labels = np.load(os.path.join(FIXTURES, 'labels.npy'))[:COUNT].astype(np.int64)
    for name in ['cnn', 'resnet']:
        model = onnx.load(os.path.join(FIXTURES, f'{name}.onnx'))
        x = torch.from_numpy(inputs.astype(np.float64)).requires_grad_(True)
        logits = run(model, x)
        ref = np.load(os.path.join(FIXTURES, f'{name}.logits.npy'))[:COUNT]
        err = np.abs(logits.detach().numpy() - ref).max()
        assert err < 1e-3, f'{name}: logits differ from {name}.logits.npy by {err}'
        logits[torch.arange(COUNT), torch.from_numpy(labels)].sum().backward()
        grad = x.grad.numpy().astype(np.float32)
        np.save(os.path.join(OUT, f'{name}.grad.npy'), grad)
        print(f'{name}: logits max error {err:.2e}, grad max |g| {np.abs(grad).max():.4f}')


if __name__ == '__main__':
    main()
