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

export const bhatt2020: PaperReference = {
  authors: 'Bhatt, Weller, Moura',
  title: 'Evaluating and Aggregating Feature-based Model Explanations',
  venue: 'IJCAI',
  year: 2020,
};

export const alvarezMelis2018Senn: PaperReference = {
  authors: 'Alvarez-Melis, Jaakkola',
  title: 'Towards Robust Interpretability with Self-Explaining Neural Networks',
  venue: 'NeurIPS',
  year: 2018,
};

export const rieger2020: PaperReference = {
  authors: 'Rieger, Hansen',
  title: 'IROF: a low resource evaluation metric for explanation methods',
  venue: 'ICLR Workshop AI for Affordable Healthcare',
  year: 2020,
};

export const arya2019: PaperReference = {
  authors: 'Arya, Bellamy, Chen, Dhurandhar, Hind, Hoffman, Houde, Liao, Luss, Mojsilovic, et al.',
  title: 'One Explanation Does Not Fit All: A Toolkit and Taxonomy of AI Explainability Techniques',
  venue: 'arXiv:1909.03012',
  year: 2019,
};

export const nguyen2020: PaperReference = {
  authors: 'Nguyen, Martinez',
  title: 'On Quantitative Aspects of Model Interpretability',
  venue: 'arXiv:2007.07584',
  year: 2020,
};

export const rong2022: PaperReference = {
  authors: 'Rong, Leemann, Borisov, Kasneci, Kasneci',
  title: 'A Consistent and Efficient Evaluation Strategy for Attribution Methods',
  venue: 'ICML',
  year: 2022,
};

export const montavon2018: PaperReference = {
  authors: 'Montavon, Samek, Mueller',
  title: 'Methods for Interpreting and Understanding Deep Neural Networks',
  venue: 'Digital Signal Processing',
  year: 2018,
};

export const ancona2018: PaperReference = {
  authors: 'Ancona, Ceolini, Oztireli, Gross',
  title:
    'Towards better understanding of gradient-based attribution methods for Deep Neural Networks',
  venue: 'ICLR',
  year: 2018,
};

export const dasgupta2022: PaperReference = {
  authors: 'Dasgupta, Frost, Moshkovitz',
  title: 'Framework for Evaluating Faithfulness of Local Explanations',
  venue: 'ICML',
  year: 2022,
};

export const agarwal2022: PaperReference = {
  authors: 'Agarwal, Johnson, Pawelczyk, Krishna, Saxena, Zitnik, Lakkaraju',
  title: 'Rethinking Stability for Attribution-based Explanations',
  venue: 'arXiv:2203.06877',
  year: 2022,
};

export const kohlbrenner2020: PaperReference = {
  authors: 'Kohlbrenner, Bauer, Nakajima, Binder, Samek, Lapuschkin',
  title: 'Towards Best Practice in Explaining Neural Network Decisions with LRP',
  venue: 'IJCNN',
  year: 2020,
};

export const fawcett2006: PaperReference = {
  authors: 'Fawcett',
  title: 'An introduction to ROC analysis',
  venue: 'Pattern Recognition Letters',
  year: 2006,
};

export const ariasDuart2022: PaperReference = {
  authors: 'Arias-Duart, Pares, Garcia-Gasulla, Gimenez-Abalos',
  title: 'Focus! Rating XAI Methods and Finding Biases',
  venue: 'FUZZ-IEEE',
  year: 2022,
};

export const arras2022: PaperReference = {
  authors: 'Arras, Osman, Samek',
  title:
    'CLEVR-XAI: A benchmark dataset for the ground truth evaluation of neural network explanations',
  venue: 'Information Fusion',
  year: 2022,
};

export const theiner2021: PaperReference = {
  authors: 'Theiner, Mueller-Budack, Ewerth',
  title: 'Interpretable Semantic Photo Geolocation',
  venue: 'WACV',
  year: 2022,
};

export const sixt2020: PaperReference = {
  authors: 'Sixt, Granz, Landgraf',
  title: 'When Explanations Lie: Why Many Modified BP Attributions Fail',
  venue: 'ICML',
  year: 2020,
};

export const hedstrom2023: PaperReference = {
  authors: 'Hedstroem, Weber, Bareeva, Krakowczyk, Motzkus, Samek, Lapuschkin, Hoehne',
  title: 'Sanity Checks Revisited: An Exploration to Repair the Model Parameter Randomisation Test',
  venue: 'XAI in Action workshop, NeurIPS',
  year: 2023,
};

export const sundararajan2017: PaperReference = {
  authors: 'Sundararajan, Taly, Yan',
  title: 'Axiomatic Attribution for Deep Networks',
  venue: 'ICML',
  year: 2017,
};
