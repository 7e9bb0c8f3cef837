// Runs every `*.test.ts` under test/ with node:test, loading TypeScript through tsx.
// Node 20's `--test` does not expand globs, so the files are listed here. Extra arguments are
// passed to node (for example `--test-name-pattern`); `--update` is forwarded to the tests through
// the UPDATE_GOLDEN environment variable so golden files can be rewritten on purpose, and
// `--fuzz-scale N` through FUZZ_SCALE, to run the seeded fuzz campaigns N times larger.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function collect(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const args = process.argv.slice(2);
const update = args.includes('--update');
// `--fuzz-scale N`: run the seeded fuzz campaigns N times larger (test/support/fuzz-scale.ts).
const scaleAt = args.indexOf('--fuzz-scale');
const fuzzScale = scaleAt === -1 ? undefined : args.splice(scaleAt, 2)[1];
if (scaleAt !== -1 && !(Number(fuzzScale) >= 1)) {
  console.error('run-tests: --fuzz-scale needs a number of at least 1');
  process.exit(2);
}
const filters = args.filter((a) => !a.startsWith('-'));
const nodeArgs = args.filter((a) => a.startsWith('-') && a !== '--update');
let files = collect('test', []);
if (filters.length > 0) files = files.filter((f) => filters.some((x) => f.includes(x)));
const env = { ...process.env, ...(update ? { UPDATE_GOLDEN: '1' } : {}), ...(fuzzScale ? { FUZZ_SCALE: fuzzScale } : {}) };
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...nodeArgs, ...files], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
