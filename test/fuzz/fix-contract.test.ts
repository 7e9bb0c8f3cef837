/**
 * Property test of the fix contract ("never make a file worse") over generated untracked and
 * pre-DNAT policy files (`untracked-policies.ts`: flags in every combination, aliases and anchors,
 * `<<` merges, explicit `?` keys, flow and block styles, CRLF, comments on empty values, ports with
 * and without protocol, named ports, ranges).
 *
 * For every fix offered for every diagnostic, and for `fixAll`:
 * - the result parses as well as the input (no new `yaml-syntax` or `duplicate-key`);
 * - every comment is still there (each generated comment is unique, so they are counted exactly);
 * - every line the edits do not touch is still there, byte for byte, and still a whole line;
 * - a CRLF file gets no bare line feed;
 * - the edits of one fix stay inside one document;
 * - for safe fixes and `fixAll`: no error the input did not have (a multiset of code and message);
 *   a safe fix removes (one instance of) the diagnostic it is offered for; and `fixAll` converges
 *   (no safe fix is left to apply afterwards), which is what a fix that edits an anchor instead of
 *   its use breaks.
 *
 * Bounded and seeded: 200 files by default. `FUZZ_SCALE=<n>` runs n times as many, `FUZZ_SEED`
 * shifts the seeds. A failure names the seed; `generateFile(seed)` reproduces the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile, type Failure } from './fix-contract';
import { generateFile } from './untracked-policies';
import { report, scaled } from '../support/fuzz-scale';

const FILES = scaled(200);
const SEED = Number(process.env['FUZZ_SEED'] ?? 0) || 0;

test(`fix contract holds on ${FILES} generated untracked and pre-DNAT policy files`, () => {
  const stats: Record<string, number> = { 'safe fixes': 0, 'unsafe fixes': 0, 'fixAll applied': 0, 'files changed by fixAll': 0 };
  const failures: Failure[] = [];
  for (let i = 0; i < FILES; i++) failures.push(...checkFile(SEED + i, stats));
  report('fix contract', { files: FILES, ...stats });
  if (failures.length > 0) {
    const first = failures[0]!;
    assert.fail(`${failures.length} failures; first, seed ${first.seed}: ${first.what}\n--- file (generateFile(${first.seed})):\n${generateFile(first.seed).text}\n--- more:\n${failures.slice(1, 15).map((f) => `seed ${f.seed}: ${f.what}`).join('\n')}`);
  }
  // The generator must keep reaching the fixes, or this test would pass vacuously.
  assert.ok(stats['safe fixes']! >= FILES / 2, JSON.stringify(stats));
  assert.ok(stats['files changed by fixAll']! >= FILES / 4, JSON.stringify(stats));
});
