"""The fixture models (packages/fixtures/data/*.onnx) as torch modules, for the Captum
comparison (bench/compare/run.mjs). One submodule per ONNX node, so module hooks (Captum's
GuidedBackprop on every ReLU, LayerGradCam on a convolution) see what xai's rules see.
Covers the ops the fixtures use: Conv, Relu, MaxPool, BatchNormalization, Gemm, Flatten,
Add, GlobalAveragePool, Identity.
"""
import onnx
import torch
from onnx import helper, numpy_helper
from torch import nn


class _Add(nn.Module):
    def forward(self, a, b):
        return a + b


class _Gap(nn.Module):
    def forward(self, a):
        return a.mean(dim=(2, 3), keepdim=True)


def _tensor(inits, name):
    return torch.from_numpy(inits[name].copy())


def _module(op, ins, at, inits):
    if op == 'Conv':
        w = _tensor(inits, ins[1])
        pads = at.get('pads', [0, 0, 0, 0])
        if pads[0] != pads[2] or pads[1] != pads[3]:
            raise NotImplementedError('asymmetric Conv pads')
        m = nn.Conv2d(w.shape[1] * at.get('group', 1), w.shape[0], tuple(w.shape[2:]),
                      stride=tuple(at.get('strides', [1, 1])), padding=(pads[0], pads[1]),
                      dilation=tuple(at.get('dilations', [1, 1])), groups=at.get('group', 1),
                      bias=len(ins) > 2)
        m.weight.data.copy_(w)
        if len(ins) > 2:
            m.bias.data.copy_(_tensor(inits, ins[2]))
        return m, ins[:1]
    if op == 'Gemm':
        w = _tensor(inits, ins[1])
        if not at.get('transB', 0):
            w = w.t()
        m = nn.Linear(w.shape[1], w.shape[0], bias=len(ins) > 2)
        m.weight.data.copy_(w)
        if len(ins) > 2:
            m.bias.data.copy_(_tensor(inits, ins[2]))
        return m, ins[:1]
    if op == 'BatchNormalization':
        m = nn.BatchNorm2d(inits[ins[1]].shape[0], eps=at.get('epsilon', 1e-5))
        for attr, name in zip(['weight', 'bias', 'running_mean', 'running_var'], ins[1:5]):
            getattr(m, attr).data.copy_(_tensor(inits, name))
        return m, ins[:1]
    if op == 'MaxPool':
        p = at.get('pads', [0, 0, 0, 0])
        return nn.MaxPool2d(tuple(at['kernel_shape']), tuple(at.get('strides', at['kernel_shape'])),
                            padding=(p[0], p[1])), ins
    if op == 'Relu':
        return nn.ReLU(), ins
    if op == 'Flatten':
        return nn.Flatten(at.get('axis', 1)), ins
    if op == 'Add':
        return _Add(), ins
    if op == 'GlobalAveragePool':
        return _Gap(), ins
    if op == 'Identity':
        return nn.Identity(), ins
    raise NotImplementedError(op)


class OnnxModule(nn.Module):
    """Runs the graph's nodes in order; `outputs` maps each node's output name to its module."""

    def __init__(self, path):
        super().__init__()
        g = onnx.load(path).graph
        inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
        self.steps = []
        self.layers = nn.ModuleList()
        self.outputs = {}
        nodes = []
        for n in g.node:
            # Identity of a weight (the exporter shares BatchNorm parameters so): an alias.
            if n.op_type == 'Identity' and n.input[0] in inits:
                inits[n.output[0]] = inits[n.input[0]]
            else:
                nodes.append(n)
        for n in nodes:
            at = {a.name: helper.get_attribute_value(a) for a in n.attribute}
            m, ins = _module(n.op_type, list(n.input), at, inits)
            self.layers.append(m)
            self.steps.append((ins, n.output[0]))
            self.outputs[n.output[0]] = m
        self.input = g.input[0].name
        self.output = g.output[0].name

    def forward(self, x):
        env = {self.input: x}
        for m, (ins, out) in zip(self.layers, self.steps):
            env[out] = m(*[env[i] for i in ins])
        return env[self.output]


def load(path):
    model = OnnxModule(path).eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return model
