/**
 * Relevance mass accuracy (Arras, Osman and Samek 2022, section 4.2, eq. 4): the share of
 * the relevance that lies inside the ground-truth mask, `R_within / R_total`, with only
 * positive relevance counted as the paper does (channels summed per pixel first).
 */
import { papers } from '@xai/core';
import { positiveShareInside } from '../shared/masks.js';
import { type MaskMetricOptions, maskMetric } from './mask-metric.js';

export type RelevanceMassAccuracyOptions = MaskMetricOptions;

export const relevanceMassAccuracy = maskMetric({
  name: 'relevance-mass-accuracy',
  title: 'Relevance mass accuracy',
  summary: 'Share of the (positive) relevance mass inside the ground-truth mask.',
  paper: papers.arras2022,
  score: positiveShareInside,
});
