import { residentBytes } from './memory-budget.js';

/**
 * The fewest rows a pass must carry for its growth to correct the row estimate: fewer, and
 * the runtime's one-off allocations at a session's first runs would count as the rows' own.
 */
export const calibrationRows = 8;

/**
 * What a row of one kind of pass really costs under a caller's bound: the estimate from the
 * graph's shapes, raised to the most resident memory grew per row over a pass of
 * `calibrationRows` or more. Only raised: a pass that reuses what the arena already holds
 * grows memory by less than its rows cost, so a lower figure is not evidence. Without a
 * bound nothing is measured.
 */
export class RowCost {
  private measured = 0;

  constructor(private readonly bounded: boolean) {}

  /** The row cost to plan with. */
  bytes(estimate: number): number {
    return Math.max(estimate, this.measured);
  }

  /**
   * The rows to run of the `planned` ones: until a row has been measured, a large pass
   * under a bound runs a quarter of them first, so the rest are planned on what those cost.
   */
  rows(planned: number): number {
    const measuring = this.bounded && this.measured === 0 && planned >= 4 * calibrationRows;
    return measuring ? Math.ceil(planned / 4) : planned;
  }

  /** Runs `pass` over `rows` rows and records what resident memory grew by per row. */
  async measure<T>(rows: number, pass: () => Promise<T>): Promise<T> {
    const before = residentBytes();
    const out = await pass();
    if (this.bounded && rows >= calibrationRows) {
      this.measured = Math.max(this.measured, (residentBytes() - before) / rows, 1);
    }
    return out;
  }
}
