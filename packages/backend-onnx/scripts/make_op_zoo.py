#!/usr/bin/env python3
"""Exports tiny random-weight models, one per family of ops beyond the torchvision zoo.

    /usr/bin/python3 packages/backend-onnx/scripts/make_op_zoo.py          # all
    /usr/bin/python3 packages/backend-onnx/scripts/make_op_zoo.py unet     # by name

Each model takes `[batch, 3, 16, 16]` images and returns 10 logits, weighs a few
kilobytes, and is written to `test/zoo-ops/` (committed) with `<name>.{x,u,grad,logits}.npy`:
two random inputs, a random cotangent on the logits, torch's float64 gradient of
`u . logits` and torch's float32 logits. `manifest.json` records the opset, torch's own
float32 gradient error against float64 (`float32Error`, the yardstick) and `gradients`:
false for a model whose ops have no derivative rule (it is checked forward only).
Weights are seeded; nothing is downloaded.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_goldens import export_classifier

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'zoo-ops')
SIZE = 16


class UNet(nn.Module):
    """Two levels: Conv down, ConvTranspose up, skip by Concat."""

    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU())
        self.down = nn.Sequential(nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU())
        self.up = nn.ConvTranspose2d(16, 8, 2, stride=2)
        self.up3 = nn.ConvTranspose2d(8, 8, 3, stride=2, padding=1, output_padding=1)
        self.dec = nn.Sequential(nn.Conv2d(16, 8, 3, padding=1), nn.ReLU())
        self.head = nn.Linear(8 * 4 * 4, 10)

    def forward(self, x):
        e = self.enc(x)
        u = self.up(self.down(e))
        d = self.dec(torch.cat([e, u], 1))
        d = self.up3(F.avg_pool2d(d, 4))
        return self.head(F.avg_pool2d(d, 2).flatten(1))


class GroupNormCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.GroupNorm(2, 8), nn.SiLU(),
            nn.Conv2d(8, 8, 3, stride=2, padding=1), nn.InstanceNorm2d(8, affine=True), nn.GELU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 10))

    def forward(self, x):
        return self.body(x)


class EinsumVit(nn.Module):
    """Patch embedding, one attention block written with einsum, mean pooling."""

    def __init__(self, dim=16, heads=2):
        super().__init__()
        self.heads = heads
        self.patch = nn.Conv2d(3, dim, 4, stride=4)
        self.norm = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.head = nn.Linear(dim, 10)

    def forward(self, x):
        t = self.patch(x).flatten(2).transpose(1, 2)
        b, n, d = t.shape
        q, k, v = self.qkv(self.norm(t)).reshape(b, n, 3, self.heads, d // self.heads).unbind(2)
        s = torch.einsum('bqhd,bkhd->bhqk', q, k) / (d // self.heads) ** 0.5
        o = torch.einsum('bhqk,bkhd->bqhd', s.softmax(-1), v).reshape(b, n, d)
        t = t + self.proj(o)
        return self.head(t.mean(1))


class ActivationNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.c2 = nn.Conv2d(8, 8, 3, stride=2, padding=1)
        self.fc = nn.Linear(8 * 4 * 4, 10)

    def forward(self, x):
        x = F.elu(self.c1(x), 0.7)
        x = F.selu(self.c2(x)) + F.celu(x[:, :, ::2, ::2], 1.5)
        x = F.mish(x) + F.softsign(x) + torch.atan(x)
        return self.fc(x.flatten(1))


class PixelShuffleNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.c2 = nn.Conv2d(2, 4, 3, stride=2, padding=1)
        self.fc = nn.Linear(4 * 8 * 8, 10)

    def forward(self, x):
        x = F.pixel_shuffle(torch.tanh(self.c1(x)), 2)
        x = F.pixel_unshuffle(self.c2(x), 2)
        return self.fc(x.flatten(1))


class NormalizeNet(nn.Module):
    """F.normalize (ReduceL2), logsumexp pooling, max/min of branches, cumsum."""

    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.fc = nn.Linear(8 * 8, 10)

    def forward(self, x):
        y = F.normalize(self.c(x), dim=1)
        y = torch.maximum(y, torch.minimum(y * 0.5, torch.tanh(y)))
        y = torch.logsumexp(y * 3, dim=3) + torch.cumsum(y, dim=3)[:, :, :, -1]
        return self.fc(y.flatten(1))


class RowsRnn(nn.Module):
    """An image read row by row: each row (3 x 16 values) is one step."""

    def __init__(self, cell):
        super().__init__()
        self.rnn = cell(3 * SIZE, 12, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(24, 10)

    def forward(self, x):
        rows = x.permute(0, 2, 1, 3).flatten(2)
        out, _ = self.rnn(rows)
        return self.fc(out[:, -1])


class GridSampleNet(nn.Module):
    """A fixed spatial warp (GridSample) before a small CNN."""

    def __init__(self):
        super().__init__()
        theta = torch.tensor([[[0.9, 0.1, 0.05], [-0.1, 0.9, 0.0]]])
        grid = F.affine_grid(theta, [1, 3, SIZE, SIZE], align_corners=False)
        self.register_buffer('grid', grid)
        self.c = nn.Conv2d(3, 4, 3, stride=2, padding=1)
        self.fc = nn.Linear(4 * 8 * 8, 10)

    def forward(self, x):
        grid = self.grid.expand(x.shape[0], -1, -1, -1)
        return self.fc(torch.relu(self.c(F.grid_sample(x, grid, align_corners=False))).flatten(1))


def to_float16(path, half_io):
    """Rewrites an exported float32 model as a float16 one (weights, constants, casts),
    with float32 input and output through boundary Casts unless `half_io`."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    m = onnx.load(path)
    g = m.graph
    for t in g.initializer:
        if t.data_type == TensorProto.FLOAT:
            t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(t).astype(np.float16), t.name))
    for n in g.node:
        for a in n.attribute:
            if a.name == 'value' and a.t.data_type == TensorProto.FLOAT:
                a.t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(a.t).astype(np.float16)))
            if n.op_type == 'Cast' and a.name == 'to' and a.i == TensorProto.FLOAT:
                a.i = TensorProto.FLOAT16
    del g.value_info[:]
    inp, out = g.input[0], g.output[0]
    if half_io:
        inp.type.tensor_type.elem_type = TensorProto.FLOAT16
        out.type.tensor_type.elem_type = TensorProto.FLOAT16
    else:
        for n in g.node:
            n.input[:] = ['input_fp16' if i == inp.name else i for i in n.input]
            n.output[:] = ['logits_fp16' if o == out.name else o for o in n.output]
        g.node.insert(0, helper.make_node('Cast', [inp.name], ['input_fp16'], to=TensorProto.FLOAT16))
        g.node.append(helper.make_node('Cast', ['logits_fp16'], [out.name], to=TensorProto.FLOAT))
    onnx.save(m, path)


class Float16(nn.Module):
    """Marks a model exported as float16: its weights are rounded to float16 first, so
    torch's float64 gradients are those of the float32 graph the loader widens it to."""

    def __init__(self, inner, half_io):
        super().__init__()
        self.inner = inner
        self.half_io = half_io
        with torch.no_grad():
            for p in inner.parameters():
                p.copy_(p.half().float())

    def forward(self, x):
        return self.inner(x)


class DetHead(nn.Module):
    """Logits as determinants of 2x2 blocks (Det has no rule: forward-only)."""

    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.fc = nn.Linear(8, 40)

    def forward(self, x):
        f = self.fc(torch.relu(self.c(x)).mean((2, 3)))
        return torch.det(f.reshape(-1, 10, 2, 2))


# name: (constructor, opset, has derivative rules)
MODELS = {
    'unet': (UNet, 17, True),
    'groupnorm_cnn': (GroupNormCnn, 17, True),
    'einsum_vit': (EinsumVit, 17, True),
    'activations': (ActivationNet, 17, True),
    'pixel_shuffle': (PixelShuffleNet, 17, True),
    'normalize': (NormalizeNet, 17, True),
    'gru_rows': (lambda: RowsRnn(nn.GRU), 17, True),
    'lstm_rows': (lambda: RowsRnn(nn.LSTM), 17, True),
    'det_head': (DetHead, 17, False),
    'grid_sample': (GridSampleNet, 17, True),
    'unet_fp16': (lambda: Float16(UNet(), False), 17, True),
    # Its constants (1 in softsign) are exact in float16, so torch's graph is the same.
    'activations_fp16_io': (lambda: Float16(ActivationNet(), True), 17, True),
}


def export(name, make, opset, gradients):
    torch.manual_seed(0)
    model = make().eval()
    rewrite = (lambda tmp: to_float16(tmp, model.half_io)) if isinstance(model, Float16) else None
    return {**export_classifier(model, SIZE, OUT, name, opset, rewrite), 'gradients': gradients}


def main(argv):
    os.makedirs(OUT, exist_ok=True)
    names = [a for a in argv if not a.startswith('--')] or list(MODELS)
    manifest_path = os.path.join(OUT, 'manifest.json')
    manifest = {}
    if os.path.exists(manifest_path):
        manifest = {m['name']: m for m in json.load(open(manifest_path))}
    for name in names:
        manifest[name] = export(name, *MODELS[name])
        print('exported', name, flush=True)
    with open(manifest_path + '.tmp', 'w') as f:
        json.dump(sorted(manifest.values(), key=lambda m: m['name']), f, indent=2)
        f.write('\n')
    os.replace(manifest_path + '.tmp', manifest_path)


if __name__ == '__main__':
    main(sys.argv[1:])
