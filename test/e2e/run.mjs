// `npm run test:e2e`: checks the prerequisites, packages the extension (npm run package) unless
// E2E_VSIX names a .vsix, installs Node 24 and code-server into the cache (setup.mjs), then runs
// the suite (suite.test.mjs) with node --test and prints where its screenshots and timings are.
//
// Without Chromium the suite is skipped with a message, except in CI (CI=true), where a missing
// prerequisite fails the run: CI must not pass by testing nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstalls } from './setup.mjs';
import { chromiumPath } from './lib.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = join(REPO, 'test-results', 'e2e');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const t0 = Date.now();

function fail(message) {
  console.error(`test:e2e: ${message}`);
  process.exit(1);
}

if (!existsSync(chromiumPath())) {
  const message = `Chromium not found at ${chromiumPath()} (set CHROMIUM, or apt-get install chromium)`;
  if (ci) fail(`${message}; CI needs it`);
  console.log(`test:e2e: skipped: ${message}`);
  process.exit(0);
}

rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

if (!process.env.E2E_VSIX) {
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) fail('npm run package failed');
}
try {
  ensureInstalls();
} catch (e) {
  fail(`could not install Node 24 / code-server: ${e.message}`);
}

const args = ['--test', '--test-reporter=spec', '--test-concurrency=1', join(REPO, 'test', 'e2e', 'suite.test.mjs')];
const r = spawnSync(process.execPath, args, { cwd: REPO, stdio: 'inherit', env: process.env });
const seconds = ((Date.now() - t0) / 1000).toFixed(1);
console.log(`test:e2e: screenshots and timings in ${RESULTS}`);
if (existsSync(join(RESULTS, 'timings.json'))) console.log(`test:e2e: timings ${readFileSync(join(RESULTS, 'timings.json'), 'utf8').replace(/\s+/g, ' ').trim()}`);
console.log(`test:e2e: ${r.status === 0 ? 'passed' : 'FAILED'} in ${seconds} s`);
process.exit(r.status ?? 1);
