// The `calico-lint selector` sub-command, driven through runSelectorCommand with fake I/O.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSelectorCommand } from '../../../server/src/cli/selector';

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string[]; err: string }> {
  let out = '';
  let err = '';
  const code = await runSelectorCommand(args, {
    stdin: async () => stdin,
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
  });
  const lines = out === '' ? [] : out.replace(/\n$/, '').split('\n');
  return { code, out: lines, err };
}

test('a valid selector prints its canonical form and exits 0', async () => {
  const r = await run(['a=="b"&&has(c)']);
  assert.equal(r.code, 0);
  assert.deepEqual(r.out.map((l) => JSON.parse(l)), [{ valid: true, canonical: '(a == "b" && has(c))' }]);
  assert.equal(r.err, '');
});

test('--labels adds a match result', async () => {
  const yes = await run(['a != "b"', '--labels', '{}']);
  assert.equal(yes.code, 0);
  assert.equal(yes.out[0], '{"valid":true,"canonical":"a != \\"b\\"","matches":true}');
  const no = await run(['--labels={"a":"b"}', 'a != "b"']);
  assert.deepEqual(JSON.parse(no.out[0]!), { valid: true, canonical: 'a != "b"', matches: false });
});

test('an invalid selector prints the error and exits 1', async () => {
  const r = await run(['a = "b"']);
  assert.equal(r.code, 1);
  assert.equal(r.out.length, 1);
  const parsed = JSON.parse(r.out[0]!);
  assert.equal(parsed.valid, false);
  assert.equal(parsed.error.offset, 2);
  assert.equal(typeof parsed.error.message, 'string');
  assert.deepEqual(Object.keys(parsed.error), ['message', 'offset']);
});

test('the empty selector is valid and means all()', async () => {
  const r = await run(['']);
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.out[0]!), { valid: true, canonical: 'all()' });
});

test('usage errors exit 2 with one line on stderr and nothing on stdout', async () => {
  for (const args of [[], ['a == "b"', '--labels', '{bad json'], ['a == "b"', '--labels', '["x"]'], ['a == "b"', '--labels', '{"a":1}'], ['a == "b"', '--labels'], ['--frobnicate', 'x'], ['x', 'y'], ['--jsonl', 'x']]) {
    const r = await run(args);
    assert.equal(r.code, 2, JSON.stringify(args));
    assert.deepEqual(r.out, []);
    assert.equal(r.err.trimEnd().split('\n').length, 1);
    assert.ok(r.err.length > 0);
  }
});

test('-- lets a selector start with a dash', async () => {
  const r = await run(['--', '-a == "b"']);
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.out[0]!), { valid: true, canonical: '-a == "b"' });
});

test('--jsonl handles each line, skips blank lines and survives bad lines', async () => {
  const input = [
    '{"selector":"a == \'b\'","labels":{"a":"b"}}',
    '',
    '   ',
    '{"selector":"has(x)"}',
    'not json',
    '{"labels":{}}',
    '{"selector":"a in {"}',
    '{"selector":"","labels":{"a":"1"}}',
    '{"selector":"a == \'b\'","labels":{"a":2}}',
  ].join('\r\n');
  const r = await run(['--jsonl'], input);
  assert.equal(r.code, 1);
  const results = r.out.map((l) => JSON.parse(l));
  assert.equal(results.length, 7);
  assert.deepEqual(results[0], { valid: true, canonical: 'a == "b"', matches: true });
  assert.deepEqual(results[1], { valid: true, canonical: 'has(x)' });
  assert.equal(results[2].valid, false);
  assert.equal(results[2].error.offset, 0);
  assert.equal(results[3].valid, false);
  assert.equal(results[3].error.offset, 0);
  assert.equal(results[4].valid, false);
  assert.equal(results[4].error.offset, 6);
  assert.deepEqual(results[5], { valid: true, canonical: 'all()', matches: true });
  assert.equal(results[6].valid, false);
});

test('--jsonl exits 0 when every selector is valid', async () => {
  const r = await run(['--jsonl'], '{"selector":"all()"}\n{"selector":"global()","labels":{}}\n');
  assert.equal(r.code, 0);
  assert.equal(r.out.length, 2);
  const empty = await run(['--jsonl'], '');
  assert.equal(empty.code, 0);
  assert.deepEqual(empty.out, []);
});
