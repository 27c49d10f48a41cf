/** The papers metrics cite, written once so `xai` and the docs agree. */
import type { PaperReference } from '@xai/core';

export const petsiuk2018: PaperReference = {
  authors: 'Petsiuk, Das, Saenko',
  title: 'RISE: Randomized Input Sampling for Explanation of Black-box Models',
  venue: 'BMVC',
  year: 2018,
};

export const chalasani2020: PaperReference = {
  authors: 'Chalasani, Chen, Chowdhury, Wu, Jha',
  title: 'Concise Explanations of Neural Networks using Adversarial Training',
  venue: 'ICML',
  year: 2020,
};

export const yeh2019: PaperReference = {
  authors: 'Yeh, Hsieh, Suggala, Inouye, Ravikumar',
  title: 'On the (In)fidelity and Sensitivity of Explanations',
  venue: 'NeurIPS',
  year: 2019,
};

export const invariantPerturbation: PaperReference = {
  authors: 'follow-up to Hara, Ikeno, Soma, Maehara',
  title: 'Stochastic optimization for maximal invariant data perturbation',
  venue: 'preprint',
  year: 2019,
};

export const zhang2018: PaperReference = {
  authors: 'Zhang, Bargal, Lin, Brandt, Shen, Sclaroff',
  title: 'Top-Down Neural Attention by Excitation Backprop',
  venue: 'IJCV',
  year: 2018,
};

export const samek2017: PaperReference = {
  authors: 'Samek, Binder, Montavon, Lapuschkin, Mueller',
  title: 'Evaluating the Visualization of What a Deep Neural Network Has Learned',
  venue: 'IEEE TNNLS',
  year: 2017,
};

export const alvarezMelis2018: PaperReference = {
  authors: 'Alvarez-Melis, Jaakkola',
  title: 'On the Robustness of Interpretability Methods',
  venue: 'ICML Workshop on Human Interpretability',
  year: 2018,
};

export const kapishnikov2019: PaperReference = {
  authors: 'Kapishnikov, Bolukbasi, Viegas, Terry',
  title: 'XRAI: Better Attributions Through Regions',
  venue: 'ICCV',
  year: 2019,
};

export const kindermans2019: PaperReference = {
  authors: 'Kindermans, Hooker, Adebayo, Alber, Schütt, Dähne, Erhan, Kim',
  title: 'The (Un)reliability of Saliency Methods',
  venue: 'Explainable AI (LNCS 11700)',
  year: 2019,
};

export const adebayo2018: PaperReference = {
  authors: 'Adebayo, Gilmer, Muelly, Goodfellow, Hardt, Kim',
  title: 'Sanity Checks for Saliency Maps',
  venue: 'NeurIPS',
  year: 2018,
};
