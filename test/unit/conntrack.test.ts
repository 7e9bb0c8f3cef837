/**
 * The conntrack family (Terway, Cilium, conntrack-cleaner): the models behind its rules and hover.
 * - Cilium's dynamic map sizing reproduces the seed's table (ratio 0.0025) exactly;
 * - Go's parsers (ParseDuration, Atoi, ParseInt base 0, ParseFloat) accept and refuse as Go does;
 * - `cilium_args` is split as Terway splits it, each flag mapped to its characters;
 * - the canonical Terway example of seed 003 produces no error, other YAML stays silent, and the
 *   `conntrack` setting turns every code of the family off;
 * - hover shows the ratio's table, the sustainable rates and the cleaner's deletion time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_CODES, Workspace, getHover, lintText } from '../../server/src/core';
import { ciliumMapSizes, GIB, memoryForCtSum } from '../../server/src/core/conntrack/sizing';
import { parseGoAtoi, parseGoDuration, parseGoFloat, parseGoInt } from '../../server/src/core/conntrack/go-values';
import { parseCiliumArgs } from '../../server/src/core/conntrack/terway';
import { CONNTRACK_CODES } from '../../server/src/core/conntrack/codes';
import { CONNTRACK_RESOURCE_RULES, CONNTRACK_RULES } from '../../server/src/core/rules/conntrack';

test('Cilium dynamic sizing reproduces the seed table at ratio 0.0025', () => {
  const table: Array<[number, number, number, number]> = [
    [7.5, 131072, 65536, 131072],
    [16, 151765, 75882, 151765],
    [30, 284560, 142280, 284560],
    [240, 2276484, 1138242, 2276484],
  ];
  for (const [gib, tcp, any, nat] of table) assert.deepEqual(ciliumMapSizes(gib * GIB, 0.0025), { tcp, any, nat }, `${gib} GiB`);
  // Ratio 0 turns dynamic sizing off: the fixed defaults.
  assert.deepEqual(ciliumMapSizes(16 * GIB, 0), { tcp: 524288, any: 262144, nat: 524288 });
  // The ceiling of 2^24 entries per map.
  assert.equal(ciliumMapSizes(4096 * GIB, 1).tcp, 1 << 24);
  // A dynamic NAT size above the explicit CT sum is capped to two thirds of it.
  assert.equal(ciliumMapSizes(240 * GIB, 0.0025, { tcp: 65536, any: 65536 }).nat, Math.floor((131072 * 2) / 3));
});

test('memoryForCtSum finds the smallest node whose CT maps fit a NAT size', () => {
  const mem = memoryForCtSum(400000, 0.0025, {})!;
  const at = ciliumMapSizes(mem, 0.0025);
  const below = ciliumMapSizes(mem - 1024 * 1024, 0.0025);
  assert.ok(at.tcp + at.any >= 400000 && below.tcp + below.any < 400000);
  assert.equal(memoryForCtSum(1 << 26, 0.0025, {}), undefined);
});

test("Go's parsers accept and refuse like Go", () => {
  const d = (s: string) => { const r = parseGoDuration(s); return r.ok ? r.value : null; };
  assert.equal(d('1h'), 3600000000000n);
  assert.equal(d('1h30m'), 5400000000000n);
  assert.equal(d('1.5s'), 1500000000n);
  assert.equal(d('.5s'), 500000000n);
  assert.equal(d('-2m'), -120000000000n);
  assert.equal(d('0'), 0n);
  assert.equal(d('300µs'), 300000n);
  for (const bad of ['', '3600', '1 h', 'h', '1d', '.s', '1h ', '+', '9223372036854775808ns']) assert.equal(d(bad), null, bad);
  const a = (s: string) => { const r = parseGoAtoi(s); return r.ok ? r.value : null; };
  assert.equal(a('3'), 3n);
  assert.equal(a('-1'), -1n);
  assert.equal(a('+7'), 7n);
  for (const bad of ['', '3.0', ' 3', '0x10', '1_000', 'three']) assert.equal(a(bad), null, bad);
  const i = (s: string) => { const r = parseGoInt(s); return r.ok ? r.value : null; };
  assert.equal(i('0x100'), 256n);
  assert.equal(i('1_000'), 1000n);
  assert.equal(i('010'), 8n);
  assert.equal(i('0'), 0n);
  for (const bad of ['08', '_1', '1__0', '0x', '1e3', '']) assert.equal(i(bad), null, bad);
  const f = (s: string) => { const r = parseGoFloat(s); return r.ok ? r.value : null; };
  assert.equal(f('0.0025'), 0.0025);
  assert.equal(f('2.5e-3'), 0.0025);
  assert.equal(f('.5'), 0.5);
  assert.equal(f('0x1p-2'), 0.25);
  for (const bad of ['', '.', '1e', '0.1.2', 'abc']) assert.equal(f(bad), null, bad);
});

test('cilium_args is split at -- as Terway does, each flag keeping its characters', () => {
  const s = '--bpf-map-dynamic-size-ratio=0.003  --bpf-ct-global-tcp-max 524288 --enable-foo';
  const flags = parseCiliumArgs(s);
  assert.deepEqual(flags.map((x) => x.name), ['bpf-map-dynamic-size-ratio', 'bpf-ct-global-tcp-max 524288', 'enable-foo']);
  assert.equal(s.slice(flags[0]!.valueStart, flags[0]!.valueEnd), '0.003');
  assert.equal(s.slice(flags[0]!.start, flags[0]!.end), '--bpf-map-dynamic-size-ratio=0.003');
  assert.equal(flags[1]!.separated?.name, 'bpf-ct-global-tcp-max');
  assert.equal(flags[1]!.separated?.value, '524288');
  assert.equal(flags[2]!.value, undefined);
  // Terway prefixes the piece before the first `--` too.
  assert.deepEqual(parseCiliumArgs('disable-per-package-lb=true --x=1').map((x) => x.name), ['disable-per-package-lb', 'x']);
});

const SEED_003 = `apiVersion: v1
kind: ConfigMap
metadata:
  name: eni-config
  namespace: kube-system
data:
  10-terway.conf: |
    {
      "cniVersion": "0.4.0",
      "name": "terway",
      "capabilities": {"bandwidth": true},
      "eniip_virtual_type": "IPvlan",
      "cilium_args": "--bpf-map-dynamic-size-ratio=0.003 --bpf-ct-timeout-regular-tcp=1h",
      "type": "terway"
    }
`;

test("seed 003's canonical Terway example produces no diagnostic", () => {
  assert.deepEqual(lintText(SEED_003), []);
});

test('the family list matches the rules, and every code is registered', () => {
  assert.deepEqual([...CONNTRACK_CODES].sort(), [...CONNTRACK_RULES, ...CONNTRACK_RESOURCE_RULES].map((r) => r.code).sort());
  for (const c of CONNTRACK_CODES) assert.ok(ALL_CODES.has(c), c);
});

test('the conntrack setting turns the whole family off', () => {
  const text = SEED_003.replace('0.003', '1.5').replace('=1h', ' 1h');
  const on = lintText(text);
  assert.ok(on.some((d) => d.code === 'cilium-map-size-ratio') && on.some((d) => d.code === 'terway-args-separate-value'));
  assert.deepEqual(lintText(text, { rules: {}, conntrack: false }), []);
});

test('shapes other than ours stay silent', () => {
  const other = [
    SEED_003.replace('kube-system', 'default').replace('0.003', '9'),
    SEED_003.replace('eni-config', 'my-config').replace('0.003', '9'),
    SEED_003.replace('apiVersion: v1', 'apiVersion: example.com/v1').replace('0.003', '9'),
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers:\n        - name: x\n          env:\n            - {name: OTHER, value: 5}\n',
    'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers:\n        - name: x\n          env:\n            - {name: CONNECTION_RENEWAL_THRESHOLD, value: 5}\n',
  ];
  for (const t of other) assert.deepEqual(lintText(t), [], t);
});

test('hover: the ratio table, CT rates and the cleaner deletion time', () => {
  const ws = new Workspace();
  ws.setFile('t', SEED_003.replace('0.003', '0.0025'));
  const text = ws.getFile('t')!.text;
  const h = getHover(ws, 't', text.indexOf('bpf-map-dynamic-size-ratio') + 3)!;
  assert.ok(h.contents.includes('| 16 GiB | 151,765 | 75,882 | 151,765 |'), h.contents);
  assert.ok(h.contents.includes('| 240 GiB | 2,276,484 | 1,138,242 | 2,276,484 |'));
  const t = getHover(ws, 't', text.indexOf('regular-tcp=1h') + 3)!;
  assert.ok(t.contents.includes('3600s'), t.contents);

  const cleaner = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: c}\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          env:\n            - name: CONNTRACK_TABLE_DUMP_FREQUENCY\n              value: 2s\n            - name: CONNECTION_RENEWAL_THRESHOLD\n              value: "3"\n';
  ws.setFile('c', cleaner);
  const c = getHover(ws, 'c', cleaner.indexOf('CONNECTION_RENEWAL') + 2)!;
  assert.ok(c.contents.includes('**8s**'), c.contents);

  const felix = 'apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata: {name: default}\nspec:\n  bpfMapSizeConntrack: 512000\n  bpfConntrackTimeouts:\n    tcpFinsSeen: 30s\n';
  ws.setFile('f', felix);
  const fh = getHover(ws, 'f', felix.indexOf('bpfMapSizeConntrack') + 2)!;
  assert.ok(fh.contents.includes('17,067/s'), fh.contents);
  const dnt = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: p}\nspec:\n  doNotTrack: true\n';
  ws.setFile('d', dnt);
  assert.ok(getHover(ws, 'd', dnt.indexOf('doNotTrack') + 1)!.contents.includes('nf_conntrack_max'));

  ws.settings = { rules: {}, conntrack: false };
  assert.equal(getHover(ws, 't', text.indexOf('bpf-map-dynamic-size-ratio') + 3), undefined);
});

test('malformed conntrack shapes never throw or raise internal-error, and hover answers anywhere', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const root = join(__dirname, '..', 'fixtures', 'rules');
  const texts: string[] = [];
  for (const code of CONNTRACK_CODES) {
    for (const f of readdirSync(join(root, code))) if (f.endsWith('.yaml')) texts.push(readFileSync(join(root, code, f), 'utf8'));
  }
  const ws = new Workspace();
  let variants = 0;
  for (const t of texts) {
    // Every cut of the text, and every text with one character removed or one quote inserted,
    // at a stride that keeps the run short but reaches into each JSON document and flag string.
    for (let i = 0; i < t.length; i += 7) {
      for (const v of [t.slice(0, i), t.slice(0, i) + t.slice(i + 1), `${t.slice(0, i)}"${t.slice(i)}`]) {
        variants++;
        const diags = lintText(v);
        assert.ok(!diags.some((d) => d.code === 'internal-error'), `internal-error on:\n${v}`);
        // Only this family's spans: a YAML error at the very end of a text can end one past it (a parser matter, reported apart).
        for (const d of diags.filter((x) => CONNTRACK_CODES.has(x.code))) assert.ok(d.start >= 0 && d.end <= v.length && d.start <= d.end, `bad span ${d.code} ${d.start}-${d.end} of ${v.length}: ${JSON.stringify(v)}`);
      }
    }
    ws.setFile('h', t);
    for (let i = 0; i <= t.length; i += 3) getHover(ws, 'h', i);
  }
  assert.ok(variants > 1000);
});
