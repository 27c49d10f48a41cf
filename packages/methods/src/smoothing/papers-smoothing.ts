/** The papers of the path and smoothing methods, written once for `xai methods` and the docs. */
import type { PaperReference } from '@xai/core';

export const sundararajan2017: PaperReference = {
  authors: 'Sundararajan, Taly, Yan',
  title: 'Axiomatic Attribution for Deep Networks',
  venue: 'ICML',
  year: 2017,
};

export const shrikumar2016: PaperReference = {
  authors: 'Shrikumar, Greenside, Shcherbina, Kundaje',
  title:
    'Not Just a Black Box: Learning Important Features Through Propagating Activation Differences',
  venue: 'arXiv:1605.01713',
  year: 2016,
};

export const smilkov2017: PaperReference = {
  authors: 'Smilkov, Thorat, Kim, Viégas, Wattenberg',
  title: 'SmoothGrad: removing noise by adding noise',
  venue: 'ICML Workshop on Visualization for Deep Learning',
  year: 2017,
};

export const zhou2024: PaperReference = {
  authors: 'Zhou, Ma, Wang, Shi',
  title: 'Rethinking the Principle of Gradient Smooth Methods in Model Explanation',
  venue: 'arXiv preprint',
  year: 2024,
};
