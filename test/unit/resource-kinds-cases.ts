/**
 * Shared runner for the per-kind rule tables: lint one resource and compare the set of error and
 * warning codes with the expected ones.
 */
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/core';

export type Case = readonly [title: string, yaml: string, codes: readonly string[]];

export function header(kind: string, name = 'default'): string {
  return `apiVersion: projectcalico.org/v3\nkind: ${kind}\nmetadata:\n  name: ${name}\n`;
}

export function checkCase([title, yaml, codes]: Case): void {
  const ws = new Workspace();
  ws.setFile('t.yaml', yaml);
  const got = ws
    .diagnostics('t.yaml')
    .filter((d) => d.severity === 'error' || d.severity === 'warning')
    .map((d) => (d.severity === 'warning' ? `${d.code}!` : d.code))
    .sort();
  assert.deepEqual(got, [...codes].sort(), `${title}\n${yaml}`);
}
