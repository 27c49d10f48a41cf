import type { ResultRecord } from '@xai/evaluation';

/** The mean curve of one metric per method, over the records given (one plan's). */
export function meanCurves(
  records: readonly ResultRecord[],
  metric: string,
): Record<string, number[]> {
  const sums: Record<string, { sum: number[]; n: number }> = {};
  for (const r of records) {
    if (r.metric !== metric || !r.curve) continue;
    const s = (sums[r.method] ??= { sum: new Array(r.curve.length).fill(0), n: 0 });
    r.curve.forEach((v, j) => {
      s.sum[j] = (s.sum[j] ?? 0) + v;
    });
    s.n++;
  }
  return Object.fromEntries(Object.entries(sums).map(([m, s]) => [m, s.sum.map((v) => v / s.n)]));
}
