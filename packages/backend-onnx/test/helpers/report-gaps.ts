import { afterAll } from 'vitest';
import type { DirectionalReport } from './directional.js';

type Gaps = Pick<DirectionalReport, 'vjpVsJvp' | 'jvpVsFd' | 'vjpVsFd'>;

/**
 * Records each case's worst directional gaps and prints them as one table after the suite
 * when XAI_REPORT is set (to see how close the rule tables run to their tolerances).
 */
export function gapReport(): (name: string, r: Gaps) => void {
  const worst = new Map<string, Gaps>();
  afterAll(() => {
    if (process.env.XAI_REPORT) console.table(Object.fromEntries(worst));
  });
  return (name, { vjpVsJvp, jvpVsFd, vjpVsFd }) => worst.set(name, { vjpVsJvp, jvpVsFd, vjpVsFd });
}
