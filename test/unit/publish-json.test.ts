/**
 * The language server publishes diagnostics from JSON kept per document (lsp/diagnosticJson.ts)
 * and writes it without serialising again (lsp/rawJson.ts). These tests hold both to the promise
 * they make: the bytes are exactly what `JSON.stringify` of the converted diagnostics would give,
 * after any sequence of edits, with line breaks of every kind, characters outside ASCII before
 * the positions, documents that start in the middle of a line, related spans into other
 * documents and other files, and settings that change severities.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace, parseSettings, ALL_CODES } from '../../server/src/core';
import { LineIndex, toLspDiagnostic } from '../../server/src/common/positions';
import { docsUrlResolver } from '../../server/src/common/docs';
import { DiagnosticJsonCache, type PublishContext } from '../../server/src/lsp/diagnosticJson';
import { messageBytes, withRawJson } from '../../server/src/lsp/rawJson';
import { scaled } from '../support/fuzz-scale';
import { random } from '../support/random';

const hep = (name: string, role: string): string =>
  `apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: ${name}\n  labels:\n    role: ${role}\nspec:\n  node: n1\n  interfaceName: eth0\n  expectedIPs: [10.0.0.1]\n`;
// Two rules, the second shadowed by the first: a per-document diagnostic with a related span.
const allow = (name: string, role: string, order: number, port: number): string =>
  `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  selector: role == '${role}'\n  order: ${order}\n  ingress:\n    - action: Allow\n      protocol: TCP\n      destination:\n        ports: [${port}]\n    - action: Allow\n      protocol: TCP\n      destination:\n        ports: [${port}]\n`;
const untracked = (name: string, role: string, order: number): string =>
  `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  selector: role == '${role}'\n  order: ${order}\n  doNotTrack: true\n  applyOnForward: true\n  ingress:\n    - action: Allow\n      protocol: TCP\n      destination:\n        ports: [11211]\n`;
const blocker = (name: string, role: string, order: number): string =>
  `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  selector: role == '${role}'\n  order: ${order}\n  doNotTrack: true\n  applyOnForward: true\n  egress:\n    - action: Deny\n      protocol: TCP\n`;
// Errors on the first line of a document that starts right after `--- ` on the marker's line.
const flow = (name: string): string => `{apiVersion: projectcalico.org/v3, kind: GlobalNetworkSet, metadata: {name: ${name}}, spec: {nets: [10.1.0.0/33], bogus: 1}}\n`;
const unknownField = (name: string): string => `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: ${name}\n  # café ☕ 🚀 before the mistake\nspec:\n\tnets: [10.1.0.0/16]\n  nest: [1]\n`;

const docsUrl = docsUrlResolver();

/** What the server sent before kept JSON: the converted diagnostics, serialised. */
function expected(ws: Workspace, id: string, texts: ReadonlyMap<string, string>): string {
  const doc = new LineIndex(texts.get(id)!);
  const mapperOf = (f: string) => (texts.has(f) ? new LineIndex(texts.get(f)!) : undefined);
  return JSON.stringify(ws.diagnostics(id, { analyzeOthers: false }).map((d) => toLspDiagnostic(doc, d, id, docsUrl, mapperOf)));
}

function actual(cache: DiagnosticJsonCache, ws: Workspace, id: string, texts: ReadonlyMap<string, string>): string {
  const file = ws.getFile(id)!;
  const ctx: PublishContext = {
    uri: id,
    doc: new LineIndex(texts.get(id)!),
    slotStart: (slotId) => file.slotStart(slotId),
    docsUrl,
    mapperOf: (f) => (texts.has(f) ? new LineIndex(texts.get(f)!) : undefined),
    place: (d, start) => ws.place(d, start, id),
  };
  const json = cache.arrayJson(ws.publishedSlots(id), ctx, '<', '>').toString('utf8');
  assert.ok(json.startsWith('<') && json.endsWith('>'), 'prefix and suffix frame the array');
  return json.slice(1, -1);
}

const join = (docs: readonly string[], eol: string): string => docs.map((d) => (d.startsWith('{') ? `--- ${d}` : `---\n${d}`)).join('').replace(/\n/g, eol);

test('kept JSON equals a fresh serialisation after random edits, for every kind of line break', () => {
  const runs = scaled(24);
  for (let seed = 1; seed <= runs; seed++) {
    const r = random(seed);
    const eol = r.pick(['\n', '\r\n', '\r']);
    const docs = new Map<string, string[]>([
      ['file:///a.yaml', [hep('h1', 'web'), allow('first', 'web', 10, 80), flow('nets'), allow('second', 'web', 20, 80), untracked('svc', 'web', 30), unknownField('odd')]],
      ['file:///b.yaml', [blocker('deny-out', 'web', 5), flow('nets'), allow('third', 'web', 25, 80)]],
    ]);
    const texts = new Map([...docs].map(([f, l]) => [f, join(l, eol)] as const));
    const ws = new Workspace();
    for (const [id, text] of texts) ws.setFile(id, text);
    const caches = new Map([...docs.keys()].map((f) => [f, new DiagnosticJsonCache()] as const));
    const log: string[] = [];
    for (let step = 0; step < 16; step++) {
      for (const f of docs.keys()) assert.equal(actual(caches.get(f)!, ws, f, texts), expected(ws, f, texts), `seed ${seed} (${JSON.stringify(eol)}), ${f}, after ${log.join(', ') || 'the open'}`);
      const id = r.pick([...docs.keys()]);
      const text = texts.get(id)!;
      const kind = r.int(0, 4);
      if (kind === 4) {
        // Severities change: every list is built again.
        ws.settings = parseSettings({ rules: { 'rule-shadowed': r.pick(['information', 'error', 'off']) } }, ALL_CODES).settings;
        log.push('settings');
        continue;
      }
      let next: string;
      let at = r.int(0, text.length);
      // Never between the two characters of a CRLF.
      if (text[at - 1] === '\r' && text[at] === '\n') at++;
      if (kind === 0) next = `${text.slice(0, at)}${eol}# note ${step} é${eol}${text.slice(at)}`;
      else if (kind === 1) next = `${text.slice(0, at)}x${text.slice(at)}`;
      else if (kind === 2) {
        const end = Math.min(text.length, at + r.int(1, 40));
        next = text.slice(0, at) + text.slice(end);
      } else next = text.replace(/order: \d+/, `order: ${r.int(1, 40)}`);
      // As one change over the differing middle, the way an editor sends it.
      let p = 0;
      while (p < text.length && p < next.length && text[p] === next[p]) p++;
      let q = 0;
      while (q < text.length - p && q < next.length - p && text[text.length - 1 - q] === next[next.length - 1 - q]) q++;
      ws.applyChanges(id, [{ start: p, end: text.length - q, text: next.slice(p, next.length - q) }]);
      texts.set(id, next);
      log.push(`edit ${kind} in ${id} at ${at}`);
      assert.equal(ws.getFile(id)!.text, next);
    }
  }
});

test('the JSON encoder writes kept parameters exactly as JSON.stringify would, and they still read as values', () => {
  const diagnostics = [{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } }, message: 'café "quoted" ☕', severity: 2 }];
  const params = { uri: 'file:///ü.yaml', version: 7, diagnostics };
  const raw = withRawJson<typeof params>(Buffer.from(JSON.stringify(params), 'utf8'), ['uri', 'version', 'diagnostics']);
  const msg = { jsonrpc: '2.0' as const, method: 'textDocument/publishDiagnostics', params: raw };
  assert.deepEqual(messageBytes(msg), Buffer.from(JSON.stringify({ ...msg, params }), 'utf8'));
  // Another reader (a trace, another transport) gets the same value from the getters.
  assert.equal(JSON.stringify(msg), JSON.stringify({ ...msg, params }));
  assert.deepEqual(raw.diagnostics, diagnostics);
  // Kept text with spare bytes around it: the message is written into them, the same bytes.
  const text = Buffer.from(JSON.stringify(params), 'utf8');
  const spare = Buffer.alloc(text.length + 200, 0x78);
  text.copy(spare, 100);
  const roomy = withRawJson<typeof params>(spare.subarray(100, 100 + text.length), ['uri', 'version', 'diagnostics'], 100);
  const roomyMsg = { ...msg, params: roomy };
  assert.deepEqual(messageBytes(roomyMsg), Buffer.from(JSON.stringify({ ...msg, params }), 'utf8'));
  // Too little room: copied instead, still the same bytes.
  const tight = withRawJson<typeof params>(spare.subarray(100, 100 + text.length), ['uri', 'version', 'diagnostics'], 3);
  const tightMsg = { ...msg, params: tight };
  assert.deepEqual(messageBytes(tightMsg), Buffer.from(JSON.stringify({ ...msg, params }), 'utf8'));
  // Any other message is serialised as usual.
  const other = { jsonrpc: '2.0' as const, id: 3, result: { contents: 'x\u2028y' } };
  assert.deepEqual(messageBytes(other), Buffer.from(JSON.stringify(other), 'utf8'));
});

test('a document that starts in the middle of a line keeps its first line\'s characters counted from there', () => {
  // The workspace's documents start at line starts; the cache must not rely on it.
  const text = 'ab\u00e9 xyz\nsecond line\r\nthird';
  const doc = new LineIndex(text);
  const slot = { slotId: 1, start: 4, diagnostics: [{ start: 1, end: 3, code: 'unknown-field', severity: 'error' as const, message: 'm', related: [{ start: 0, end: 9, message: 'r' }] }] };
  const place = (d: (typeof slot.diagnostics)[number], by: number) => ({ ...d, start: d.start + by, end: d.end + by, related: d.related.map((r) => ({ ...r, start: r.start + by, end: r.end + by })) });
  const ctx: PublishContext = { uri: 'file:///x.yaml', doc, slotStart: () => undefined, docsUrl, mapperOf: () => undefined, place };
  const cache = new DiagnosticJsonCache();
  const want = JSON.stringify([toLspDiagnostic(doc, place(slot.diagnostics[0]!, 4), 'file:///x.yaml', docsUrl)]);
  assert.equal(cache.arrayJson([slot], ctx).toString('utf8'), want);
  // Kept and filled again, with the document moved one character on along the same line.
  const moved = new LineIndex(`-${text}`);
  const again = { ...slot, start: 5 };
  const wantMoved = JSON.stringify([toLspDiagnostic(moved, place(slot.diagnostics[0]!, 5), 'file:///x.yaml', docsUrl)]);
  assert.equal(cache.arrayJson([again], { ...ctx, doc: moved }).toString('utf8'), wantMoved);
});
