/** The paper of CAFO, CASO and their smooth variants (to merge into papers.ts). */
import type { PaperReference } from '@xai/core';

export const singla2019: PaperReference = {
  authors: 'Singla, Wallace, Feng, Feizi',
  title:
    'Understanding Impacts of High-Order Loss Approximations and Features in Deep Learning Interpretation',
  venue: 'ICML',
  year: 2019,
};
