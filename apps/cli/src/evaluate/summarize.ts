import { formatNumber } from './format-number.js';
import type { SampleRecord } from './results-log.js';

export interface SummaryCell {
  readonly mean: number;
  readonly std: number;
  readonly n: number;
}

/** Mean and (sample) standard deviation of every metric for every method. */
export function summarize(
  records: readonly SampleRecord[],
  methods: readonly string[],
  metrics: readonly string[],
) {
  const table: Record<string, Record<string, SummaryCell>> = {};
  for (const m of methods) {
    table[m] = {};
    for (const k of metrics) {
      const values = records
        .filter((r) => r.method === m && Number.isFinite(r.scores[k]))
        .map((r) => r.scores[k]!);
      const n = values.length;
      const mean = n ? values.reduce((a, b) => a + b, 0) / n : Number.NaN;
      const std = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
      table[m]![k] = { mean, std, n };
    }
  }
  return table;
}

/**
 * The table as Markdown: one row a method, `mean ± std` a metric, each header saying which
 * way is better where `higherIsBetter` knows the metric, values in significant digits.
 */
export function toMarkdown(
  table: ReturnType<typeof summarize>,
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

export function toCsv(table: ReturnType<typeof summarize>, metrics: readonly string[]): string {
  const head = ['method', ...metrics.flatMap((k) => [`${k}_mean`, `${k}_std`])].join(',');
  const rows = Object.entries(table).map(([m, cells]) =>
    [m, ...metrics.flatMap((k) => [cells[k]!.mean, cells[k]!.std])].join(','),
  );
  return `${head}\n${rows.join('\n')}\n`;
}
