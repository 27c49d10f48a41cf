import type { ResultTable } from '@xai/evaluation';
import { formatNumber } from './format-number.js';

/**
 * The table as Markdown: one row a method, `mean ± std` a metric, each header saying which
 * way is better where `higherIsBetter` knows the metric, values in significant digits.
 */
export function toMarkdown(
  table: ResultTable,
  metrics: readonly string[],
  higherIsBetter: Readonly<Record<string, boolean>> = {},
): string {
  const title = (k: string) =>
    k in higherIsBetter ? `${k} (${higherIsBetter[k] ? 'higher' : 'lower'} is better)` : k;
  const head = `| method | ${metrics.map(title).join(' | ')} |\n| --- |${metrics.map(() => ' --- |').join('')}`;
  const rows = Object.entries(table).map(
    ([m, cells]) =>
      `| ${m} | ${metrics.map((k) => `${formatNumber(cells[k]!.mean)} ± ${formatNumber(cells[k]!.std)}`).join(' | ')} |`,
  );
  return `${head}\n${rows.join('\n')}\n`;
}

export function toCsv(table: ResultTable, metrics: readonly string[]): string {
  const head = ['method', ...metrics.flatMap((k) => [`${k}_mean`, `${k}_std`])].join(',');
  const rows = Object.entries(table).map(([m, cells]) =>
    [m, ...metrics.flatMap((k) => [cells[k]!.mean, cells[k]!.std])].join(','),
  );
  return `${head}\n${rows.join('\n')}\n`;
}
