/**
 * The language server's scheduler, driven in-process with a fake workspace: one file whose
 * analysis throws must not stop the files queued with it from being published (a regression
 * test: it used to drop every queued file, so one bad document silenced the others).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler } from '../../server/src/lsp/scheduler';
import type { Workspace } from '../../server/src/core';

function fakeWorkspace(files: Record<string, () => boolean>): Workspace {
  const entries = new Map(Object.entries(files).map(([id, analyze]) => [id, { isComplete: false, analyzeSome: analyze }]));
  return { getFile: (id: string) => entries.get(id), fileIds: () => [...entries.keys()], prepareDiagnostics: () => true } as unknown as Workspace;
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
