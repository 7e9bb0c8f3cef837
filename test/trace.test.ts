/**
 * The trace table: one folder per workspace under test/fixtures/trace/<case>/ (`workspace.yaml`,
 * `cases.json`). Each case runs `calico-lint trace` in process with the workspace; its hand-written
 * `expect` (and `expectReply`) fields must hold, and the full JSON output must equal the golden
 * `<name>.expected.json` (rewritten by `node scripts/run-tests.mjs trace --update`). Every case
 * names, in `SOURCE`, the Calico documentation sentence or Felix code that decides its verdict.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runTraceCommand } from '../server/src/cli/trace';

const ROOT = join(__dirname, 'fixtures', 'trace');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

interface Case {
  name: string;
  args: string[];
  expect?: Record<string, unknown>;
  expectReply?: Record<string, unknown>;
  exit?: number;
  stderr?: string;
  SOURCE: string;
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runTraceCommand(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), stdin: async () => new Uint8Array() });
  return { code, out, err };
}

for (const dir of readdirSync(ROOT).sort()) {
  const cases = JSON.parse(readFileSync(join(ROOT, dir, 'cases.json'), 'utf8')) as Case[];
  // Paths relative to the repository, so golden files do not depend on where it is checked out.
  const workspace = relative(process.cwd(), join(ROOT, dir, 'workspace.yaml'));
  for (const c of cases) {
    test(`trace ${dir}/${c.name}`, async () => {
      assert.ok(c.SOURCE && c.SOURCE.length > 10, 'every case names its source');
      const r = await run([...c.args, '--format', 'json', workspace]);
      if (c.exit !== undefined) {
        assert.equal(r.code, c.exit, r.err);
        if (c.stderr) assert.ok(r.err.includes(c.stderr), r.err);
        assert.equal(r.out, '');
        return;
      }
      assert.equal(r.code, 0, r.err);
      const json = JSON.parse(r.out) as Record<string, unknown> & { reply: Record<string, unknown> | null };
      for (const [k, v] of Object.entries(c.expect ?? {})) assert.deepEqual(json[k], v, `${k} of ${c.name}`);
      assert.equal(json['certain'], true, 'the table holds only decidable flows');
      if (c.expectReply) {
        assert.ok(json.reply, 'a reply verdict');
        for (const [k, v] of Object.entries(c.expectReply)) assert.deepEqual(json.reply![k], v, `reply ${k} of ${c.name}`);
      } else assert.equal(json.reply, null);
      const golden = join(ROOT, dir, `${c.name}.expected.json`);
      if (UPDATE) writeFileSync(golden, r.out);
      assert.ok(existsSync(golden), `missing ${golden}: run with --update`);
      assert.equal(r.out, readFileSync(golden, 'utf8'));
    });
  }
}

test('trace: bad arguments exit 2 with a message and no output', async () => {
  const ws = relative(process.cwd(), join(ROOT, 'memcached', 'workspace.yaml'));
  const bad: string[][] = [
    ['--ingress', '--peer', '10.0.0.1', '--protocol', 'TCP', ws],
    ['--endpoint', 'memcached-node-1-eth0', '--peer', '10.0.0.1', '--protocol', 'TCP', ws],
    ['--endpoint', 'memcached-node-1-eth0', '--ingress', '--egress', '--peer', '10.0.0.1', '--protocol', 'TCP', ws],
    ['--endpoint', 'memcached-node-1-eth0', '--ingress', '--peer', 'not-an-ip', '--protocol', 'TCP', ws],
    ['--endpoint', 'memcached-node-1-eth0', '--ingress', '--peer', '10.0.0.1,nolabel', '--protocol', 'TCP', ws],
    ['--endpoint', 'memcached-node-1-eth0', '--ingress', '--peer', '10.0.0.1', '--protocol', 'bogus', ws],
    ['--endpoint', 'memcached-node-1-eth0', '--ingress', '--peer', '10.0.0.1', '--protocol', 'TCP', '--port', '70000', ws],
    ['--endpoint', 'memcached-node-1-eth0', '--ingress', '--peer', '10.0.0.1', '--protocol', 'TCP', '--format', 'sarif', ws],
    ['--endpoint', 'memcached-node-1-eth0', '--ingress', '--peer', '10.0.0.1', '--protocol', 'TCP'],
    ['--endpoint', 'memcached-node-1-eth0', '--ingress', '--peer', '10.0.0.1', '--protocol', 'TCP', '--bogus', ws],
  ];
  for (const args of bad) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.out, '');
    assert.ok(r.err.startsWith('calico-lint trace: '), r.err);
  }
});

test('trace: the text format names each step with its position and the verdicts', async () => {
  const ws = relative(process.cwd(), join(ROOT, 'memcached', 'workspace.yaml'));
  const r = await run(['--endpoint', 'memcached-node-1-eth0', '--ingress', '--peer', '10.128.0.50,memcached=client', '--protocol', 'TCP', '--port', '12211', ws]);
  assert.equal(r.code, 0);
  assert.match(r.out, /untracked tier default policy memcached-server ingress\[0\]: Allow; the rule matches \(.*workspace\.yaml:26:7-/);
  assert.match(r.out, /\nverdict: allow in the untracked stage, tier default, policy memcached-server, ingress rule 0\n/);
  assert.match(r.out, /\nreply verdict: allow in the untracked stage, tier default, policy memcached-server, egress rule 0\n/);
});
