/** The papers of the backward-rule methods, written once for `xai methods` and the docs. */
import type { PaperReference } from '@xai/core';

export const springenberg2015: PaperReference = {
  authors: 'Springenberg, Dosovitskiy, Brox, Riedmiller',
  title: 'Striving for Simplicity: The All Convolutional Net',
  venue: 'ICLR Workshop',
  year: 2015,
};

export const zeiler2014: PaperReference = {
  authors: 'Zeiler, Fergus',
  title: 'Visualizing and Understanding Convolutional Networks',
  venue: 'ECCV',
  year: 2014,
};

export const selvaraju2017: PaperReference = {
  authors: 'Selvaraju, Cogswell, Das, Vedantam, Parikh, Batra',
  title: 'Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization',
  venue: 'ICCV',
  year: 2017,
};

export const shrikumar2017: PaperReference = {
  authors: 'Shrikumar, Greenside, Kundaje',
  title: 'Learning Important Features Through Propagating Activation Differences',
  venue: 'ICML',
  year: 2017,
};

export const bach2015: PaperReference = {
  authors: 'Bach, Binder, Montavon, Klauschen, Müller, Samek',
  title:
    'On Pixel-Wise Explanations for Non-Linear Classifier Decisions by Layer-Wise Relevance Propagation',
  venue: 'PLOS ONE',
  year: 2015,
};

export const zhang2018: PaperReference = {
  authors: 'Zhang, Bargal, Lin, Brandt, Shen, Sclaroff',
  title: 'Top-Down Neural Attention by Excitation Backprop',
  venue: 'International Journal of Computer Vision (ECCV 2016)',
  year: 2018,
};
