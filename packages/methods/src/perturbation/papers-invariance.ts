/** The paper of the maximal invariant perturbation method. */
import type { PaperReference } from '@xai/core';

export const maximalInvariantPerturbation: PaperReference = {
  authors: 'follow-up to Hara, Ikeno, Soma, Maehara',
  title: 'Stochastic Optimization for Maximal Invariant Data Perturbation',
  venue: 'preprint',
  year: 2019,
};
