/**
 * Summary statistics, the console table and ratio lines for the benchmark report.
 */

/**
 * @param {number[]} values
 * @returns {number | null}
 */
export function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * @typedef {import('./measure.mjs').RunResult} RunResult
 * @typedef {object} Summary
 * @property {number | null} medianSeconds
 * @property {number | null} minSeconds
 * @property {number | null} peakRssMB highest peak RSS over all runs
 * @property {number | null} medianCpuSeconds
 */

/**
 * @param {Pick<RunResult, 'seconds' | 'rssMB' | 'cpuSeconds'>[]} runs successful runs only
 * @returns {Summary}
 */
export function summarize(runs) {
  const rss = runs.map((r) => r.rssMB).filter((v) => v !== null);
  const cpu = runs.map((r) => r.cpuSeconds).filter((v) => v !== null);
  return {
    medianSeconds: median(runs.map((r) => r.seconds)),
    minSeconds: runs.length ? Math.min(...runs.map((r) => r.seconds)) : null,
    peakRssMB: rss.length ? Math.max(.../** @type {number[]} */ (rss)) : null,
    medianCpuSeconds: median(/** @type {number[]} */ (cpu)),
  };
}

/**
 * @param {number | null | undefined} value
 * @param {number} digits
 * @returns {string}
 */
export function fixed(value, digits) {
  return value === null || value === undefined ? 'n/a' : value.toFixed(digits);
}

/**
 * Formats rows as an aligned plain-text table (numbers right-aligned).
 * @param {string[]} header
 * @param {string[][]} rows
 * @returns {string}
 */
export function formatTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = header.map((_, i) => rows.every((r) => /^[\d.]+$|^n\/a$|^-$/.test(r[i])));
  /** @param {string[]} cells */
  const line = (cells) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)]
    .join('\n')
    .replace(/ +$/gm, '');
}

/**
 * @typedef {object} RatioSpec
 * @property {string} id
 * @property {string} numerator benchmark id
 * @property {string} denominator benchmark id
 * @property {number} [target] the ratio should be at or below this
 * @property {number} [aim] the ratio we would like to reach
 */

/**
 * @param {RatioSpec[]} specs
 * @param {Map<string, Summary>} summaries
 * @returns {(RatioSpec & { value: number | null, cpuValue: number | null, verdict: string })[]}
 */
export function computeRatios(specs, summaries) {
  /**
   * @param {RatioSpec} spec
   * @param {'medianSeconds' | 'medianCpuSeconds'} key
   */
  const ratio = (spec, key) => {
    const num = summaries.get(spec.numerator)?.[key] ?? null;
    const den = summaries.get(spec.denominator)?.[key] ?? null;
    return num === null || den === null || den === 0 ? null : num / den;
  };
  return specs.map((spec) => {
    const value = ratio(spec, 'medianSeconds');
    const cpuValue = ratio(spec, 'medianCpuSeconds');
    let verdict = value === null ? 'not measured' : 'for reference';
    if (value !== null && spec.target !== undefined) {
      if (value > spec.target) verdict = `MISSES target ≤ ${spec.target}`;
      else if (spec.aim !== undefined && value <= spec.aim) verdict = `meets aim ≤ ${spec.aim}`;
      else verdict = `meets target ≤ ${spec.target} (aim ${spec.aim ?? spec.target})`;
    }
    return { ...spec, value, cpuValue, verdict };
  });
}
