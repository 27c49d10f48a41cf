/**
 * With `XAI_MEMORY_LOG=1` in the environment, one line on stderr per planned pass: its
 * kind, rows, the per-row estimate, what the model held, the rows a batch got and the
 * resident memory. bench/memory reads these to compare the estimate with the growth.
 */
export function logPlan(entry: {
  readonly pass: string;
  readonly rows: number;
  readonly rowBytes: number;
  readonly heldBytes: number;
  readonly batch: number;
}): void {
  const proc = (
    globalThis as {
      process?: {
        env?: Record<string, string | undefined>;
        stderr?: { write(s: string): void };
        memoryUsage?: { rss?: () => number };
      };
    }
  ).process;
  if (proc?.env?.XAI_MEMORY_LOG !== '1') return;
  const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
  proc.stderr?.write(
    `xai-memory ${JSON.stringify({
      pass: entry.pass,
      rows: entry.rows,
      rowMB: mb(entry.rowBytes),
      heldMB: mb(entry.heldBytes),
      batch: entry.batch,
      rssMB: mb(proc.memoryUsage?.rss?.() ?? 0),
    })}\n`,
  );
}
