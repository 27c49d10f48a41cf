"""What make_zoo.py and make_op_zoo.py share: the ONNX export of a classifier and torch's
input gradients beside it as golden files."""
import copy
import os

import numpy as np
import torch


def save_goldens(model, size, out, name):
    """A second implementation to compare with: torch's gradient of u . logits at x, in
    float64 (the reference) and in float32 (to measure how far float32 itself can be from
    it: deep random networks are ill-conditioned). Saves `<name>.{x,u,grad,logits}.npy`
    and returns torch's float32 error relative to max |float64 gradient|."""
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
    for suffix, t in [('x', x0), ('u', u), ('grad', ref), ('logits', logits32)]:
        np.save(os.path.join(out, f'{name}.{suffix}.npy'), t.numpy().astype(np.float32))
    return float((grads[torch.float32] - ref).abs().max() / ref.abs().max())


def export_classifier(model, size, out, name, opset, rewrite=None):
    """Exports `model` (input `input` [batch, 3, size, size], output `logits`, any batch
    size) to `<out>/<name>.onnx` through a temporary file, after `rewrite(path)` where
    given, then saves its goldens. Returns the model's manifest entry."""
    x = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(2))
    path = os.path.join(out, f'{name}.onnx')
    tmp = path + '.tmp'
    torch.onnx.export(
        model, x, tmp, opset_version=opset, input_names=['input'], output_names=['logits'],
        dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}}, do_constant_folding=True,
    )
    if rewrite is not None:
        rewrite(tmp)
    os.replace(tmp, path)
    float32_error = save_goldens(model, size, out, name)
    return {'name': name, 'file': f'{name}.onnx', 'inputShape': [3, size, size], 'opset': opset,
            'float32Error': float32_error}
