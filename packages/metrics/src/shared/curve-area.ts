/** Trapezoid area under values at evenly spaced x in [0, 1] (0 for a single value). */
export function trapezoidArea(v: ArrayLike<number>): number {
  const steps = v.length - 1;
  if (steps < 1) return 0;
  let s = 0;
  for (let i = 0; i < steps; i++) s += (v[i]! + v[i + 1]!) / 2;
  return s / steps;
}
