/** The papers of the perturbation (forward-only) methods. */
import type { PaperReference } from '@xai/core';

export const zeiler2014: PaperReference = {
  authors: 'Zeiler, Fergus',
  title: 'Visualizing and Understanding Convolutional Networks',
  venue: 'ECCV',
  year: 2014,
};

export const petsiuk2018: PaperReference = {
  authors: 'Petsiuk, Das, Saenko',
  title: 'RISE: Randomized Input Sampling for Explanation of Black-box Models',
  venue: 'BMVC',
  year: 2018,
};

export const fong2017: PaperReference = {
  authors: 'Fong, Vedaldi',
  title: 'Interpretable Explanations of Black Boxes by Meaningful Perturbation',
  venue: 'ICCV',
  year: 2017,
};
