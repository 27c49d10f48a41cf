import { curvePlotSvg as plot } from '../render/curve-plot.js';

/**
 * The mean curves of one metric (one line per method) over x in [0, 1], drawn by the
 * renderer's curve plot (axes, ticks, titles, the legend outside the data with each AUC).
 */
export function curvePlotSvg(title: string, curves: Record<string, number[]>): string {
  const metric = title.split(' ')[0] ?? '';
  const direction =
    metric === 'insertion'
      ? 'higher AUC is better'
      : metric === 'deletion'
        ? 'lower AUC is better'
        : undefined;
  return plot(
    Object.entries(curves).map(([name, ys]) => ({ name, ys })),
    {
      title,
      xLabel:
        metric === 'deletion'
          ? 'fraction of pixels removed'
          : metric === 'insertion'
            ? 'fraction of pixels inserted'
            : 'fraction of pixels',
      yLabel: 'target class probability',
      ...(direction ? { direction } : {}),
    },
  );
}
