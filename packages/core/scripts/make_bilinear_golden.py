"""Golden outputs of torch's bilinear upsampling, the reference for jsKernels.upsample.

Run with Debian's torch: /usr/bin/python3 packages/core/scripts/make_bilinear_golden.py
Writes packages/core/test/fixtures/bilinear-torch.json (masks in, upsampled masks out).
"""
import json
import pathlib

import torch
import torch.nn.functional as F

torch.manual_seed(7)
cases = []
for (n, h, w, H, W) in [(2, 1, 1, 4, 5), (1, 3, 3, 7, 7), (2, 7, 7, 28, 28), (1, 2, 5, 3, 11), (1, 4, 4, 4, 4), (1, 5, 6, 3, 4)]:
    masks = torch.rand(n, 1, h, w, dtype=torch.float32)
    out = F.interpolate(masks, size=(H, W), mode="bilinear", align_corners=False)
    cases.append({
        "masks": masks.flatten().tolist(), "maskShape": [n, h, w],
        "size": [H, W], "expected": out.flatten().tolist(),
    })
out = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures" / "bilinear-torch.json"
out.write_text(json.dumps({"torch": torch.__version__, "cases": cases}))
print(f"wrote {out}")
