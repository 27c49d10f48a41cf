/** The papers of the search and mask-optimisation methods (ISA, I-GOS). */
import type { PaperReference } from '@xai/core';

export const zhu2024isa: PaperReference = {
  authors: 'Zhu, Chen, Wang, Zhang, Jin, Xue, Shen',
  title: 'Iterative Search Attribution for Deep Neural Networks',
  venue: 'ICML',
  year: 2024,
};

export const qi2020igos: PaperReference = {
  authors: 'Qi, Khorram, Fuxin',
  title: 'Visualizing Deep Networks by Optimizing with Integrated Gradients',
  venue: 'AAAI',
  year: 2020,
};
