"""Captum's side of the comparison (driven by bench/compare/run.mjs; not run on its own).

    /usr/bin/python3 bench/compare/captum_worker.py --captum-path DIR --threads T --data DIR

Captum is imported at run time from DIR (a checkout's parent of `captum/`; nothing of it is
in this repository). Reads one JSON request a line on stdin, {"model", "method", "images",
"targets", "options", "layer", "map"}, runs that attribution once and answers one JSON line:
the milliseconds of the attribution call alone (inputs, targets and models are ready
before the clock starts) and, when "map" is true, the map as base64 float32 for the
driver's agreement check. RISE is not in Captum: it is the RISE paper's formulation
(Petsiuk et al. 2018, section 3) written plainly in torch below.
"""
import argparse
import base64
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import onnx_torch  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument('--captum-path', required=True)
parser.add_argument('--threads', type=int, required=True)
parser.add_argument('--data', required=True)
args = parser.parse_args()
sys.path.insert(0, args.captum_path)
from captum.attr import (  # noqa: E402
    GuidedBackprop,
    IntegratedGradients,
    LayerAttribution,
    LayerGradCam,
    NoiseTunnel,
    Occlusion,
    Saliency,
)

torch.set_num_threads(args.threads)
torch.set_num_interop_threads(1)
inputs = torch.from_numpy(np.load(os.path.join(args.data, 'inputs.npy')))
models = {}


def model_of(name):
    if name not in models:
        models[name] = onnx_torch.load(os.path.join(args.data, f'{name}.onnx'))
    return models[name]


class Softmax(torch.nn.Module):
    """The target's probability, the score xai's occlusion and RISE use by default."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, x):
        return torch.softmax(self.m(x), dim=1)


def rise(model, x, target, o):
    # Masks: an s x s grid kept with probability p, bilinearly upsampled to (s + 1) * cell,
    # cropped at a random shift in [0, cell); S = sum_i f(x * M_i) M_i / (N p).
    n, s, p, batch = o['masks'], o['gridSize'], o['probability'], o['batch']
    B, C, H, W = x.shape
    cell = math.ceil(H / s), math.ceil(W / s)
    grid = (torch.rand(n, 1, s, s) < p).float()
    up = F.interpolate(grid, size=((s + 1) * cell[0], (s + 1) * cell[1]), mode='bilinear',
                       align_corners=False)
    dy = torch.randint(0, cell[0], (n,))
    dx = torch.randint(0, cell[1], (n,))
    masks = torch.stack([up[i, :, dy[i]:dy[i] + H, dx[i]:dx[i] + W] for i in range(n)])
    f = Softmax(model)
    out = torch.empty(B, 1, H, W)
    with torch.no_grad():
        for b in range(B):
            scores = torch.cat([f(x[b:b + 1] * masks[i:i + batch])[:, target[b]]
                                for i in range(0, n, batch)])
            out[b] = (scores[:, None, None, None] * masks).sum(0) / (n * p)
    return out.expand(B, C, H, W)


def attribute(req):
    model = model_of(req['model'])
    x = inputs[req['images']].clone()
    t = torch.tensor(req['targets'])
    o = req.get('options', {})
    m = req['method']
    if m == 'saliency':
        return lambda: Saliency(model).attribute(x, target=t, abs=True)
    if m == 'integrated-gradients':
        ig = IntegratedGradients(model)
        return lambda: ig.attribute(x, baselines=0.0, target=t, n_steps=o['steps'],
                                    method='gausslegendre')
    if m == 'smooth-grad':
        # xai's sigma is noiseLevel x (max - min) per image; Captum takes one per input:
        # the batch's mean of the same, so the work is the same and the scale close.
        flat = x.flatten(1)
        sigma = float((o['noiseLevel'] * (flat.max(1).values - flat.min(1).values)).mean())
        nt = NoiseTunnel(Saliency(model))
        return lambda: nt.attribute(x, nt_type='smoothgrad', nt_samples=o['samples'],
                                    stdevs=sigma, target=t, abs=False)
    if m == 'guided-backprop':
        gb = GuidedBackprop(model)
        return lambda: gb.attribute(x, target=t)
    if m == 'occlusion':
        occ = Occlusion(Softmax(model))
        w, s = o['window'], o['stride']
        per_eval = o['perEval']
        return lambda: occ.attribute(x, sliding_window_shapes=(x.shape[1], w, w),
                                     strides=(x.shape[1], s, s), baselines=0.0, target=t,
                                     perturbations_per_eval=per_eval)
    if m == 'grad-cam':
        gc = LayerGradCam(model, model.outputs[req['layer']])
        return lambda: LayerAttribution.interpolate(
            gc.attribute(x, target=t, relu_attributions=True), tuple(x.shape[2:]), 'bilinear'
        ).expand_as(x)
    if m == 'rise':
        torch.manual_seed(o.get('seed', 1))
        return lambda: rise(model, x, t, o)
    raise ValueError(f'unknown method {m}')


for line in sys.stdin:
    req = json.loads(line)
    run = attribute(req)
    t0 = time.perf_counter()
    a = run()
    ms = (time.perf_counter() - t0) * 1000
    reply = {'ms': ms}
    if req.get('map'):
        reply['map'] = base64.b64encode(a.detach().contiguous().numpy().astype(np.float32).tobytes()).decode()
    print(json.dumps(reply), flush=True)
