/**
 * The size of the seeded fuzz campaigns. `npm test` runs them small (scale 1); `npm run test:fuzz`
 * (or `node scripts/run-tests.mjs --fuzz-scale N`) sets FUZZ_SCALE and runs each N times larger.
 * Every campaign is seeded, so a failure is reproduced by running the same scale again.
 */
export const FUZZ_SCALE = Math.max(1, Number(process.env['FUZZ_SCALE'] ?? 1) || 1);

/** `base` cases at scale 1, N × `base` at scale N. */
export function scaled(base: number): number {
  return Math.round(base * FUZZ_SCALE);
}

/** Prints what a campaign ran, when it ran larger than in `npm test` (for the record of a long run). */
export function report(name: string, counts: Record<string, number>): void {
  if (FUZZ_SCALE > 1) console.log(`fuzz ${name} (scale ${FUZZ_SCALE}): ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}
