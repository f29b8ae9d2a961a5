// Small numeric helpers shared by the benchmarks.

/** The p-th percentile (nearest rank), rounded to 0.01; NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[at] * 100) / 100;
}

/** Each figure as its median over repeated runs, with the runs listed beside it. */
export function medianOfRuns<T extends object>(runs: T[]): Record<string, unknown> {
  const keys = Object.keys(runs[0] ?? {}) as (keyof T)[];
  const medians = Object.fromEntries(keys.map((k) => [k, percentile(runs.map((r) => Number(r[k])), 50)]));
  return { ...medians, runs };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
