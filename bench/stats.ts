// Small numeric helpers shared by the benchmarks.

/** The p-th percentile (nearest rank), rounded to 0.01; NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[at]! * 100) / 100;
}

/** The median of repeated runs' figures (the figure a bench reports; the runs are listed beside it). */
export const median = (values: number[]): number => percentile(values, 50);

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
