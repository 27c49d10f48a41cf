// The methods compared with Captum and their settings, the same on both sides: `xai` are
// the xai method's options, `captum` what bench/compare/captum_worker.py passes to Captum.

/** Occlusion's window and stride: xai's defaults for the image (an eighth of the side, half that). */
const occlusionWindow = (H, W) => Math.max(1, Math.round(Math.min(H, W) / 8));

export function methodCases({ H, W }) {
  const window = occlusionWindow(H, W);
  const stride = Math.max(1, Math.floor(window / 2));
  const windows = (Math.floor((H - window) / stride) + 1) * (Math.floor((W - window) / stride) + 1);
  return [
    { method: 'saliency', label: 'saliency', xai: {}, captum: {}, deterministic: true },
    {
      method: 'integrated-gradients',
      label: 'integrated gradients (50 steps, Gauss-Legendre)',
      xai: { steps: 50, rule: 'gauss-legendre', baseline: 'zeros' },
      captum: { steps: 50 },
      deterministic: true,
    },
    {
      method: 'smooth-grad',
      label: 'SmoothGrad (50 samples, noise 0.2)',
      xai: { samples: 50, noiseLevel: 0.2, inner: 'gradient' },
      captum: { samples: 50, noiseLevel: 0.2 },
      deterministic: false,
    },
    {
      method: 'guided-backprop',
      label: 'guided backprop',
      xai: {},
      captum: {},
      deterministic: true,
    },
    {
      method: 'occlusion',
      label: `occlusion (${window}x${window}, stride ${stride}, ${windows} windows)`,
      xai: { window, stride, baseline: 0, score: 'probability' },
      // Captum evaluates one window per forward by default; all of an image's at once here,
      // as xai batches them, so neither side pays per-call overhead the other does not.
      captum: { window, stride, perEval: windows },
      deterministic: true,
    },
    {
      method: 'grad-cam',
      label: "Grad-CAM (xai's default layer: the last convolution's ReLU)",
      xai: {},
      captum: {},
      deterministic: true,
      needsConv: true,
    },
    {
      method: 'rise',
      label: 'RISE (500 masks, 7x7, p 0.5; Captum has none: plain torch)',
      xai: { masks: 500, gridSize: 7, probability: 0.5, baseline: 0, score: 'probability' },
      captum: { masks: 500, gridSize: 7, probability: 0.5, batch: 500 },
      deterministic: false,
    },
  ];
}
