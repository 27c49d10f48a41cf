/** The papers methods cite, written once so `xai methods` and the docs agree. */
import type { PaperReference } from '@xai/core';

export const simonyan2014: PaperReference = {
  authors: 'Simonyan, Vedaldi, Zisserman',
  title:
    'Deep Inside Convolutional Networks: Visualising Image Classification Models and Saliency Maps',
  venue: 'ICLR Workshop',
  year: 2014,
};
