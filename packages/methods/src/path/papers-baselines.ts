/** The papers of the path, boundary and weight-noise baselines, written once for `xai methods` and the docs. */
import type { PaperReference } from '@xai/core';

export const hesse2021: PaperReference = {
  authors: 'Hesse, Schaub-Meyer, Roth',
  title: 'Fast Axiomatic Attribution for Neural Networks',
  venue: 'NeurIPS',
  year: 2021,
};

export const kapishnikov2021: PaperReference = {
  authors: 'Kapishnikov, Venugopalan, Avci, Wedin, Terry, Bolukbasi',
  title: 'Guided Integrated Gradients: An Adaptive Path Method for Removing Noise',
  venue: 'CVPR',
  year: 2021,
};

export const xu2020: PaperReference = {
  authors: 'Xu, Venugopalan, Sundararajan',
  title: 'Attribution in Scale and Space',
  venue: 'CVPR',
  year: 2020,
};

export const wang2022: PaperReference = {
  authors: 'Wang, Fredrikson, Datta',
  title: 'Robust Models Are More Interpretable Because Attributions Look Normal',
  venue: 'ICML',
  year: 2022,
};

export const pan2021: PaperReference = {
  authors: 'Pan, Li, Zhu',
  title: 'Explaining Deep Neural Network Models with Adversarial Gradient Integration',
  venue: 'IJCAI',
  year: 2021,
};

export const zhu2024mfaba: PaperReference = {
  authors: 'Zhu, Chen, Zhang, Wang, Jin, Xue, Zhu, Choo',
  title:
    'MFABA: A More Faithful and Accelerated Boundary-based Attribution Method for Deep Neural Networks',
  venue: 'AAAI',
  year: 2024,
};

export const bykov2022: PaperReference = {
  authors: 'Bykov, Hedström, Nakajima, Höhne',
  title: 'NoiseGrad — Enhancing Explanations by Introducing Stochasticity to Model Weights',
  venue: 'AAAI',
  year: 2022,
};
