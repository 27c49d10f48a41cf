"""Golden outputs of torch, the independent references for core's array code.

Run with Debian's torch: /usr/bin/python3 packages/core/scripts/make_torch_golden.py
Writes into packages/core/test/fixtures/:
  bilinear-torch.json  F.interpolate(bilinear, align_corners=False), for jsKernels.upsample
  blur-torch.json      torchvision's gaussian_blur (reflect padding), for gaussianBlur
"""
import json
import pathlib

import torch
import torch.nn.functional as F
import torchvision.transforms.functional as TF

torch.manual_seed(7)
cases = []
for (n, h, w, H, W) in [(2, 1, 1, 4, 5), (1, 3, 3, 7, 7), (2, 7, 7, 28, 28), (1, 2, 5, 3, 11), (1, 4, 4, 4, 4), (1, 5, 6, 3, 4)]:
    masks = torch.rand(n, 1, h, w, dtype=torch.float32)
    out = F.interpolate(masks, size=(H, W), mode="bilinear", align_corners=False)
    cases.append({
        "masks": masks.flatten().tolist(), "maskShape": [n, h, w],
        "size": [H, W], "expected": out.flatten().tolist(),
    })
fixtures = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures"
(fixtures / "bilinear-torch.json").write_text(json.dumps({"torch": torch.__version__, "cases": cases}))

blurs = []
for (c, h, w, size, sigma) in [(1, 28, 28, 11, 5.0), (3, 9, 7, 5, 1.5), (2, 12, 13, 3, 0.8)]:
    img = torch.rand(c, h, w, dtype=torch.float64)
    out = TF.gaussian_blur(img, kernel_size=[size, size], sigma=[sigma, sigma])
    blurs.append({"image": img.flatten().tolist(), "shape": [c, h, w], "size": size, "sigma": sigma,
                  "expected": out.flatten().tolist()})
(fixtures / "blur-torch.json").write_text(json.dumps({"torchvision": __import__("torchvision").__version__, "cases": blurs}))
print(f"wrote {fixtures}")
