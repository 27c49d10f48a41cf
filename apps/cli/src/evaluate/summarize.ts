import type { ResultTable } from '@xai/evaluation';

export function toMarkdown(table: ResultTable, metrics: readonly string[]): string {
  const head = `| method | ${metrics.join(' | ')} |\n| --- |${metrics.map(() => ' --- |').join('')}`;
  const rows = Object.entries(table).map(
    ([m, cells]) =>
      `| ${m} | ${metrics.map((k) => `${fmt(cells[k]!.mean)} ± ${fmt(cells[k]!.std)}`).join(' | ')} |`,
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

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toFixed(4) : 'n/a';
}
