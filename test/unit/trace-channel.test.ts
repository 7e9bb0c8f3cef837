/**
 * The extension's trace channel (client/src/traceChannel.ts), against the small `vscode` fake:
 * vscode-languageclient traces only when the channel's log level is Trace, so the level must
 * follow `calico.trace.server` (Trace for messages/verbose, not for off), change when the setting
 * changes (firing the event the client listens to), and trace lines must be written at a level
 * the output channel shows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fakeVscode, requireWithVscode } from '../support/fake-vscode';

const LOG = { Trace: 1, Info: 3 };

function setup(initial?: string) {
  const fake = fakeVscode();
  if (initial !== undefined) fake.configuration.set('calico.trace.server', initial);
  const mod = requireWithVscode<{ traceChannel(context: unknown, log: unknown): { logLevel: number; onDidChangeLogLevel(l: (level: number) => void): unknown; trace(m: string): void; info(m: string): void } }>(
    join(__dirname, '..', '..', 'client', 'src', 'traceChannel.ts'),
    fake,
  );
  const written: Array<[string, string]> = [];
  const log = { name: 'Calico Language Server', info: (m: string) => written.push(['info', m]), trace: (m: string) => written.push(['trace', m]) };
  const context = { subscriptions: [] as unknown[] };
  return { fake, channel: mod.traceChannel(context, log), written, context };
}

test('the level follows calico.trace.server from the start', () => {
  assert.equal(setup().channel.logLevel, LOG.Info, 'off by default');
  assert.equal(setup('off').channel.logLevel, LOG.Info);
  assert.equal(setup('messages').channel.logLevel, LOG.Trace);
  assert.equal(setup('verbose').channel.logLevel, LOG.Trace);
});

test('a change of the setting changes the level at once and tells the client; other settings do not', () => {
  const { fake, channel, context } = setup('off');
  const seen: number[] = [];
  channel.onDidChangeLogLevel((l) => seen.push(l));
  fake.setConfiguration('calico.trace.server', 'verbose');
  assert.equal(channel.logLevel, LOG.Trace);
  fake.setConfiguration('calico.debounceMs', 10);
  fake.setConfiguration('calico.trace.server', 'off');
  assert.equal(channel.logLevel, LOG.Info);
  assert.deepEqual(seen, [LOG.Trace, LOG.Info]);
  assert.ok(context.subscriptions.length >= 2, 'the listener and the emitter are disposed with the extension');
});

test('trace lines are written where the output channel shows them', () => {
  const { channel, written } = setup('messages');
  channel.trace('[Trace] Sending request initialize');
  channel.info('hello');
  assert.deepEqual(written, [['info', '[Trace] Sending request initialize'], ['info', 'hello']]);
});
