/**
 * The language server's scheduler, driven in-process: one file whose analysis throws must not
 * stop the files queued with it from being published (a regression test: it used to drop every
 * queued file, so one bad document silenced the others); and a huge file open next to small ones
 * must not keep them waiting (their diagnostics and pull requests are answered while it is still
 * being analysed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler } from '../../server/src/lsp/scheduler';
import { Workspace } from '../../server/src/core';

function fakeWorkspace(files: Record<string, () => boolean>): Workspace {
  const entries = new Map(Object.entries(files).map(([id, analyze]) => [id, { isComplete: false, analyzeSome: analyze }]));
  return { getFile: (id: string) => entries.get(id), fileIds: () => [...entries.keys()], prepareDiagnostics: () => true, index: { version: 0 } } as unknown as Workspace;
}

test('a file whose analysis throws is dropped alone; the others are published', async () => {
  const published: string[] = [];
  const logged: string[] = [];
  let expected = 2;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const scheduler = new Scheduler({
    workspace: fakeWorkspace({
      'a.yaml': () => true,
      'bad.yaml': () => {
        throw new Error('boom');
      },
      'b.yaml': () => true,
    }),
    openUris: () => ['a.yaml', 'bad.yaml', 'b.yaml'],
    publish: (uri) => {
      published.push(uri);
      if (--expected === 0) finish();
    },
    backgroundSettled: () => undefined,
    log: (m) => logged.push(m),
  });
  scheduler.markDirty('a.yaml', 0);
  scheduler.markDirty('bad.yaml', 0);
  scheduler.markDirty('b.yaml', 0);
  // A waiter on the failing file is released too, not left hanging.
  const waited = scheduler.whenAnalyzed('bad.yaml');
  await done;
  await waited;
  scheduler.dispose();
  assert.deepEqual(published.sort(), ['a.yaml', 'b.yaml']);
  assert.ok(logged.some((m) => m.includes('bad.yaml') && m.includes('boom')));
});

test('small open files are published, and waiters released, while a huge one is still analysed', async () => {
  const ws = new Workspace();
  const nets = Array.from({ length: 250_000 }, (_, i) => `    - 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32\n`).join('');
  ws.setFile('big.yaml', `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: big\nspec:\n  nets:\n${nets}`);
  ws.setFile('small.yaml', 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: Small\nspec:\n  nets: []\n');
  const events: string[] = [];
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const scheduler = new Scheduler({
    workspace: ws,
    openUris: () => ['big.yaml', 'small.yaml'],
    publish: (uri) => {
      events.push(`${uri} published (big complete: ${ws.getFile('big.yaml')!.isComplete})`);
      if (uri === 'big.yaml') finish();
    },
    backgroundSettled: () => undefined,
  });
  scheduler.markDirty('big.yaml', 0);
  scheduler.markDirty('small.yaml', 0);
  const waited = scheduler.whenAnalyzed('small.yaml').then(() => events.push(`small.yaml analysed (big complete: ${ws.getFile('big.yaml')!.isComplete})`));
  await waited;
  await done;
  scheduler.dispose();
  assert.deepEqual(events.slice(0, 2).sort(), ['small.yaml analysed (big complete: false)', 'small.yaml published (big complete: false)']);
  assert.ok(events.includes('big.yaml published (big complete: true)'), events.join('\n'));
  assert.deepEqual(ws.diagnostics('big.yaml').map((d) => d.code), ['document-too-large']);
  assert.deepEqual(ws.diagnostics('small.yaml').map((d) => d.code), ['invalid-name']);
});
