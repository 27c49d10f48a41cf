import { join } from 'node:path';
import type { ResultRecord, ResultTable } from '@xai/evaluation';
import { svgToPng } from '../render/svg-to-png.js';
import { writeFileAtomic } from '../write-atomic.js';
import { curvePlotSvg } from './curve-plot.js';
import { meanCurves } from './mean-curves.js';
import { toCsv, toMarkdown } from './summarize.js';

/** summary.{json,md,csv} and the mean curve plots of one plan's records, each written whole. */
export async function writeOutputs(
  out: string,
  records: readonly ResultRecord[],
  table: ResultTable,
  metricNames: readonly string[],
  higherIsBetter: Readonly<Record<string, boolean>> = {},
): Promise<void> {
  await writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(table, null, 2)}\n`);
  await writeFileAtomic(join(out, 'summary.md'), toMarkdown(table, metricNames, higherIsBetter));
  await writeFileAtomic(join(out, 'summary.csv'), toCsv(table, metricNames));
  for (const metric of metricNames) {
    const mean = meanCurves(records, metric);
    if (Object.keys(mean).length) {
      const svg = curvePlotSvg(`${metric} (mean over samples)`, mean);
      await writeFileAtomic(join(out, `${metric}-curves.svg`), svg);
      await writeFileAtomic(join(out, `${metric}-curves.png`), await svgToPng(svg));
    }
  }
}
