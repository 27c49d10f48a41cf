/**
 * `xai bench`'s timing, for the scripts under bench/ (built as dist/bench.js): the same
 * warm-up, metering and skip rules as the command, so their tables and its agree.
 */
export { formatPasses } from './bench-report.js';
export {
  type BenchRow,
  type BenchTiming,
  type TimeMethodOptions,
  timeMethod,
} from './time-method.js';
export { warmSessions } from './warm-sessions.js';
