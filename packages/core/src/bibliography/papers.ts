/**
 * The bibliography: every paper a method or metric cites, written once. Descriptors refer
 * to an entry by its id (`paper: papers.sundararajan2017`); `xai methods`, `xai metrics`
 * and the docs pages print what is here.
 */
import type { PaperReference } from './paper-reference.js';

type Entry = Omit<PaperReference, 'id'>;

const arxiv = (id: string) => `https://arxiv.org/abs/${id}`;
const doi = (id: string) => `https://doi.org/${id}`;
/** A paper of the Proceedings of Machine Learning Research, by volume and key. */
const pmlr = (volume: number, key: string) =>
  `https://proceedings.mlr.press/v${volume}/${key}.html`;

const entries = {
  // Gradient, path and smoothing methods.
  simonyan2014: {
    authors: 'Simonyan, Vedaldi, Zisserman',
    title:
      'Deep Inside Convolutional Networks: Visualising Image Classification Models and Saliency Maps',
    venue: 'ICLR Workshop',
    year: 2014,
    url: arxiv('1312.6034'),
  },
  shrikumar2016: {
    authors: 'Shrikumar, Greenside, Shcherbina, Kundaje',
    title:
      'Not Just a Black Box: Learning Important Features Through Propagating Activation Differences',
    venue: 'arXiv:1605.01713',
    year: 2016,
    url: arxiv('1605.01713'),
  },
  sundararajan2017: {
    authors: 'Sundararajan, Taly, Yan',
    title: 'Axiomatic Attribution for Deep Networks',
    venue: 'ICML',
    year: 2017,
    url: arxiv('1703.01365'),
  },
  smilkov2017: {
    authors: 'Smilkov, Thorat, Kim, Viégas, Wattenberg',
    title: 'SmoothGrad: removing noise by adding noise',
    venue: 'ICML Workshop on Visualization for Deep Learning',
    year: 2017,
    url: arxiv('1706.03825'),
  },
  hesse2021: {
    authors: 'Hesse, Schaub-Meyer, Roth',
    title: 'Fast Axiomatic Attribution for Neural Networks',
    venue: 'NeurIPS',
    year: 2021,
    url: arxiv('2111.07668'),
  },
  kapishnikov2021: {
    authors: 'Kapishnikov, Venugopalan, Avci, Wedin, Terry, Bolukbasi',
    title: 'Guided Integrated Gradients: An Adaptive Path Method for Removing Noise',
    venue: 'CVPR',
    year: 2021,
    url: arxiv('2106.09788'),
  },
  xu2020: {
    authors: 'Xu, Venugopalan, Sundararajan',
    title: 'Attribution in Scale and Space',
    venue: 'CVPR',
    year: 2020,
    url: arxiv('2004.03383'),
  },
  wang2022: {
    authors: 'Wang, Fredrikson, Datta',
    title: 'Robust Models Are More Interpretable Because Attributions Look Normal',
    venue: 'ICML',
    year: 2022,
    url: arxiv('2103.11257'),
  },
  pan2021: {
    authors: 'Pan, Li, Zhu',
    title: 'Explaining Deep Neural Network Models with Adversarial Gradient Integration',
    venue: 'IJCAI',
    year: 2021,
    url: doi('10.24963/ijcai.2021/396'),
  },
  zhu2024mfaba: {
    authors: 'Zhu, Chen, Zhang, Wang, Jin, Xue, Zhu, Choo',
    title:
      'MFABA: A More Faithful and Accelerated Boundary-based Attribution Method for Deep Neural Networks',
    venue: 'AAAI',
    year: 2024,
    // As the ISA paper cites it (its reference list).
    url: arxiv('2312.13630'),
  },
  bykov2022: {
    authors: 'Bykov, Hedström, Nakajima, Höhne',
    title: 'NoiseGrad — Enhancing Explanations by Introducing Stochasticity to Model Weights',
    venue: 'AAAI',
    year: 2022,
    url: arxiv('2106.10185'),
  },
  zhou2024: {
    authors: 'Zhou, Ma, Wang, Shi',
    title: 'Rethinking the Principle of Gradient Smooth Methods in Model Explanation',
    venue: 'arXiv:2410.07711',
    year: 2024,
    url: arxiv('2410.07711'),
  },
  // Backward-rule methods.
  springenberg2015: {
    authors: 'Springenberg, Dosovitskiy, Brox, Riedmiller',
    title: 'Striving for Simplicity: The All Convolutional Net',
    venue: 'ICLR Workshop',
    year: 2015,
    url: arxiv('1412.6806'),
  },
  zeiler2014: {
    authors: 'Zeiler, Fergus',
    title: 'Visualizing and Understanding Convolutional Networks',
    venue: 'ECCV',
    year: 2014,
    url: arxiv('1311.2901'),
  },
  selvaraju2017: {
    authors: 'Selvaraju, Cogswell, Das, Vedantam, Parikh, Batra',
    title: 'Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization',
    venue: 'ICCV',
    year: 2017,
    url: arxiv('1610.02391'),
  },
  shrikumar2017: {
    authors: 'Shrikumar, Greenside, Kundaje',
    title: 'Learning Important Features Through Propagating Activation Differences',
    venue: 'ICML',
    year: 2017,
    url: arxiv('1704.02685'),
  },
  bach2015: {
    authors: 'Bach, Binder, Montavon, Klauschen, Müller, Samek',
    title:
      'On Pixel-Wise Explanations for Non-Linear Classifier Decisions by Layer-Wise Relevance Propagation',
    venue: 'PLOS ONE',
    year: 2015,
    url: doi('10.1371/journal.pone.0130140'),
  },
  zhang2018: {
    authors: 'Zhang, Bargal, Lin, Brandt, Shen, Sclaroff',
    title: 'Top-Down Neural Attention by Excitation Backprop',
    venue: 'International Journal of Computer Vision (ECCV 2016)',
    year: 2018,
    url: arxiv('1608.00507'),
  },
  // Perturbation, search and second-order methods.
  petsiuk2018: {
    authors: 'Petsiuk, Das, Saenko',
    title: 'RISE: Randomized Input Sampling for Explanation of Black-box Models',
    venue: 'BMVC',
    year: 2018,
    url: arxiv('1806.07421'),
  },
  fong2017: {
    authors: 'Fong, Vedaldi',
    title: 'Interpretable Explanations of Black Boxes by Meaningful Perturbation',
    venue: 'ICCV',
    year: 2017,
    url: arxiv('1704.03296'),
  },
  maximalInvariantPerturbation: {
    authors: 'follow-up to Hara, Ikeno, Soma, Maehara',
    title: 'Stochastic Optimization for Maximal Invariant Data Perturbation',
    venue: 'preprint',
    year: 2019,
  },
  zhu2024isa: {
    authors: 'Zhu, Chen, Wang, Zhang, Jin, Xue, Shen',
    title: 'Iterative Search Attribution for Deep Neural Networks',
    venue: 'ICML',
    year: 2024,
    // Not on arXiv; the paper's footer names PMLR 235.
    url: pmlr(235, 'zhu24a'),
  },
  qi2020igos: {
    authors: 'Qi, Khorram, Li',
    title: 'Visualizing Deep Networks by Optimizing with Integrated Gradients',
    venue: 'AAAI',
    year: 2020,
    url: arxiv('1905.00954'),
  },
  singla2019: {
    authors: 'Singla, Wallace, Feng, Feizi',
    title:
      'Understanding Impacts of High-Order Loss Approximations and Features in Deep Learning Interpretation',
    venue: 'ICML',
    year: 2019,
    url: arxiv('1902.00407'),
  },
  // Metrics.
  chalasani2020: {
    authors: 'Chalasani, Chen, Chowdhury, Wu, Jha',
    title: 'Concise Explanations of Neural Networks using Adversarial Training',
    venue: 'ICML',
    year: 2020,
    url: arxiv('1810.06583'),
  },
  yeh2019: {
    authors: 'Yeh, Hsieh, Suggala, Inouye, Ravikumar',
    title: 'On the (In)fidelity and Sensitivity of Explanations',
    venue: 'NeurIPS',
    year: 2019,
    url: arxiv('1901.09392'),
  },
  samek2017: {
    authors: 'Samek, Binder, Montavon, Lapuschkin, Mueller',
    title: 'Evaluating the Visualization of What a Deep Neural Network Has Learned',
    venue: 'IEEE TNNLS',
    year: 2017,
    url: arxiv('1509.06321'),
  },
  alvarezMelis2018: {
    authors: 'Alvarez-Melis, Jaakkola',
    title: 'On the Robustness of Interpretability Methods',
    venue: 'ICML Workshop on Human Interpretability',
    year: 2018,
    url: arxiv('1806.08049'),
  },
  kapishnikov2019: {
    authors: 'Kapishnikov, Bolukbasi, Viégas, Terry',
    title: 'XRAI: Better Attributions Through Regions',
    venue: 'ICCV',
    year: 2019,
    url: arxiv('1906.02825'),
  },
  kindermans2019: {
    authors: 'Kindermans, Hooker, Adebayo, Alber, Schütt, Dähne, Erhan, Kim',
    title: 'The (Un)reliability of Saliency Methods',
    venue: 'Explainable AI (LNCS 11700)',
    year: 2019,
    url: arxiv('1711.00867'),
  },
  adebayo2018: {
    authors: 'Adebayo, Gilmer, Muelly, Goodfellow, Hardt, Kim',
    title: 'Sanity Checks for Saliency Maps',
    venue: 'NeurIPS',
    year: 2018,
    url: arxiv('1810.03292'),
  },
  bhatt2020: {
    authors: 'Bhatt, Weller, Moura',
    title: 'Evaluating and Aggregating Feature-based Model Explanations',
    venue: 'IJCAI',
    year: 2020,
    url: arxiv('2005.00631'),
  },
  alvarezMelis2018Senn: {
    authors: 'Alvarez-Melis, Jaakkola',
    title: 'Towards Robust Interpretability with Self-Explaining Neural Networks',
    venue: 'NeurIPS',
    year: 2018,
    url: arxiv('1806.07538'),
  },
  rieger2020: {
    authors: 'Rieger, Hansen',
    title: 'IROF: a low resource evaluation metric for explanation methods',
    venue: 'ICLR Workshop AI for Affordable Healthcare',
    year: 2020,
    url: arxiv('2003.08747'),
  },
  arya2019: {
    authors:
      'Arya, Bellamy, Chen, Dhurandhar, Hind, Hoffman, Houde, Liao, Luss, Mojsilovic, et al.',
    title:
      'One Explanation Does Not Fit All: A Toolkit and Taxonomy of AI Explainability Techniques',
    venue: 'arXiv:1909.03012',
    year: 2019,
    url: arxiv('1909.03012'),
  },
  nguyen2020: {
    authors: 'Nguyen, Martinez',
    title: 'On Quantitative Aspects of Model Interpretability',
    venue: 'arXiv:2007.07584',
    year: 2020,
    url: arxiv('2007.07584'),
  },
  rong2022: {
    authors: 'Rong, Leemann, Borisov, Kasneci, Kasneci',
    title: 'A Consistent and Efficient Evaluation Strategy for Attribution Methods',
    venue: 'ICML',
    year: 2022,
    url: arxiv('2202.00449'),
  },
  montavon2018: {
    authors: 'Montavon, Samek, Mueller',
    title: 'Methods for Interpreting and Understanding Deep Neural Networks',
    venue: 'Digital Signal Processing',
    year: 2018,
    url: doi('10.1016/j.dsp.2017.10.011'),
  },
  ancona2018: {
    authors: 'Ancona, Ceolini, Oztireli, Gross',
    title:
      'Towards better understanding of gradient-based attribution methods for Deep Neural Networks',
    venue: 'ICLR',
    year: 2018,
    url: arxiv('1711.06104'),
  },
  dasgupta2022: {
    authors: 'Dasgupta, Frost, Moshkovitz',
    title: 'Framework for Evaluating Faithfulness of Local Explanations',
    venue: 'ICML',
    year: 2022,
    url: arxiv('2202.00734'),
  },
  agarwal2022: {
    authors: 'Agarwal, Johnson, Pawelczyk, Krishna, Saxena, Zitnik, Lakkaraju',
    title: 'Rethinking Stability for Attribution-based Explanations',
    venue: 'arXiv:2203.06877',
    year: 2022,
    url: arxiv('2203.06877'),
  },
  kohlbrenner2020: {
    authors: 'Kohlbrenner, Bauer, Nakajima, Binder, Samek, Lapuschkin',
    title: 'Towards Best Practice in Explaining Neural Network Decisions with LRP',
    venue: 'IJCNN',
    year: 2020,
    url: arxiv('1910.09840'),
  },
  fawcett2006: {
    authors: 'Fawcett',
    title: 'An introduction to ROC analysis',
    venue: 'Pattern Recognition Letters',
    year: 2006,
    url: doi('10.1016/j.patrec.2005.10.010'),
  },
  ariasDuart2022: {
    authors: 'Arias-Duart, Pares, Garcia-Gasulla, Gimenez-Abalos',
    title: 'Focus! Rating XAI Methods and Finding Biases',
    venue: 'FUZZ-IEEE',
    year: 2022,
    url: arxiv('2109.15035'),
  },
  arras2022: {
    authors: 'Arras, Osman, Samek',
    title:
      'CLEVR-XAI: A benchmark dataset for the ground truth evaluation of neural network explanations',
    venue: 'Information Fusion',
    year: 2022,
    url: doi('10.1016/j.inffus.2021.11.008'),
  },
  theiner2021: {
    authors: 'Theiner, Mueller-Budack, Ewerth',
    title: 'Interpretable Semantic Photo Geolocation',
    venue: 'WACV',
    year: 2022,
    url: arxiv('2104.14995'),
  },
  sixt2020: {
    authors: 'Sixt, Granz, Landgraf',
    title: 'When Explanations Lie: Why Many Modified BP Attributions Fail',
    venue: 'ICML',
    year: 2020,
    url: arxiv('1912.09818'),
  },
  hedstrom2023: {
    authors: 'Hedstroem, Weber, Bareeva, Krakowczyk, Motzkus, Samek, Lapuschkin, Hoehne',
    title:
      'Sanity Checks Revisited: An Exploration to Repair the Model Parameter Randomisation Test',
    venue: 'XAI in Action workshop, NeurIPS',
    year: 2023,
    url: arxiv('2401.06465'),
  },
} satisfies Record<string, Entry>;

/** A bibliography id: the key of one entry. */
export type PaperId = keyof typeof entries;

/** Every entry, by id; each carries its id so a descriptor's `paper` names its entry. */
export const papers: { readonly [K in PaperId]: PaperReference & { readonly id: K } } =
  Object.fromEntries(
    Object.entries(entries).map(([id, entry]) => [id, Object.freeze({ id, ...entry })]),
  ) as never;
