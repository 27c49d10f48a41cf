import type { PassCount } from '@xai/core';
import type { BenchRow, BenchTiming } from './time-method.js';

/** What `xai bench` measured, as `--json` prints it and `--out` writes it. */
export interface BenchReport {
  readonly model: string;
  readonly inputShape: readonly number[];
  readonly samples: number;
  readonly target: string;
  readonly seed: number;
  readonly kernels: { readonly kind: string; readonly description: string };
  readonly node: string;
  readonly rows: readonly BenchRow[];
}

/** `calls (rows)`, or `0` when never called. */
export function formatPasses(p: PassCount): string {
  return p.calls === 0 ? '0' : `${p.calls} (${p.rows})`;
}

const percent = (share: number) => `${(100 * share).toFixed(1)}%`;

/** One line of cells per timed run: the method's, then one per metric under it. */
function cells(row: BenchRow): string[][] {
  if (row.skipped !== undefined || row.passes === undefined)
    return [[row.method, 'skipped', '', '', '', '', '', '']];
  const line = (name: string, t: BenchTiming) => [
    name,
    t.seconds.toFixed(3),
    t.insideSeconds.toFixed(3),
    percent(t.outside),
    formatPasses(t.passes.forward),
    formatPasses(t.passes.vjp),
    formatPasses(t.passes.jvp),
    String(t.passes.variants),
  ];
  return [
    line(row.method, row as BenchTiming),
    ...(row.metrics ?? []).map((m) => line(`  + ${m.metric}`, m)),
  ];
}

const header = ['method', 'wall s', 'in model s', 'outside', 'forward', 'vjp', 'jvp', 'variants'];

/** The report as an aligned text table for the terminal, skipped methods with their reason. */
export function benchTable(report: BenchReport): string {
  const table = [header, ...report.rows.flatMap(cells)];
  const widths = header.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  const lines = table.map((r) =>
    r.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  '),
  );
  const skipped = report.rows.filter((r) => r.skipped !== undefined);
  return [
    `${report.model}, ${report.samples} sample(s) of [${report.inputShape.join(', ')}], kernels: ${report.kernels.description}`,
    ...lines,
    ...skipped.map((r) => `skipped ${r.method}: ${r.skipped}`),
    'forward/vjp/jvp: calls (rows); outside: share of wall time not spent in the model',
  ].join('\n');
}

/** The report as a Markdown page (for `--out report.md`). */
export function benchMarkdown(report: BenchReport): string {
  const rows = report.rows.flatMap(cells).map((r) => `| ${r.join(' | ')} |`);
  return `# xai bench

${report.model}: ${report.samples} sample(s) of [${report.inputShape.join(', ')}], target ${report.target}, seed ${report.seed},
kernels: ${report.kernels.description}, Node ${report.node}. Passes are calls (rows) of the
model's forward, vjp and jvp; "outside" is the share of wall time not spent in them.

| ${header.join(' | ')} |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}
${report.rows
  .filter((r) => r.skipped !== undefined)
  .map((r) => `\nSkipped ${r.method}: ${r.skipped}`)
  .join('')}`;
}
