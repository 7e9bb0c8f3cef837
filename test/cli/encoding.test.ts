/**
 * Encodings: a file starting with a UTF-16 byte order mark (either endianness) is checked exactly
 * like its UTF-8 twin, with the same lines and columns (a UTF-8 byte order mark too), and `--fix`
 * writes it back in its own encoding with its mark. A file whose bytes are not valid in its
 * encoding is reported once on stderr (offset and line of the first bad byte, exit 2), still
 * checked, and never rewritten by `--fix`; standard input follows the same rules.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBytes, encodeText, firstInvalidUtf8, type Encoding } from '../../server/src/common/encoding';
import { oneLine, removeTree, runCli, tempTree } from '../support/cli';
import { HEP_TYPO, SAFE_FIXABLE } from './fixtures';

interface JsonReport {
  files: { path: string; diagnostics: { code: string; severity: string; range: unknown }[] }[];
}

const root = tempTree();
after(() => removeTree(root));

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
}

const ENCODINGS: [Encoding, boolean][] = [
  ['utf-8', false],
  ['utf-8', true],
  ['utf-16le', true],
  ['utf-16be', true],
];

/** Four errors, one of them on line 1 (where a byte order mark would shift the column), one after non-BMP text. */
const FOUR_ERRORS =
  '{apiVersion: projectcalico.org/v3, kind: GlobalNetworkPolicy, metadata: {name: p}, spec: {selector: all(), bogus: 1}}\n---\n' +
  HEP_TYPO +
  '---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: "caf\u00e9-\u{1F600}"\nspec:\n  selector: all()\n\tbad: 1\n';

test('decodeBytes: valid UTF-8 agrees with the strict decoder, and the first invalid byte is exact', () => {
  const next = random(7);
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const pick = [0x41, 0x0a, 0x0d, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xa0, 0xed, 0x9f, 0xa0, 0xef, 0xf0, 0x90, 0xf4, 0x8f, 0xf5, 0xff];
  for (let run = 0; run < 20000; run++) {
    const bytes = Uint8Array.from({ length: 1 + Math.floor(next() * 8) }, () => pick[Math.floor(next() * pick.length)]!);
    let valid = true;
    try {
      strict.decode(bytes);
    } catch {
      valid = false;
    }
    const bad = firstInvalidUtf8(bytes);
    assert.equal(bad === -1, valid, `validity of ${Buffer.from(bytes).toString('hex')}`);
    if (bad >= 0) {
      assert.doesNotThrow(() => strict.decode(bytes.subarray(0, bad)), `everything before ${bad} is valid in ${Buffer.from(bytes).toString('hex')}`);
    }
  }
});

test('decodeBytes/encodeText: every encoding round-trips byte for byte', () => {
  const next = random(11);
  const alphabet = ['a', ' ', '\n', '\r\n', '\t', 'é', '€', '\u{1F600}', '\ufeff', ':', '#'];
  for (let run = 0; run < 2000; run++) {
    const text = Array.from({ length: Math.floor(next() * 20) }, () => alphabet[Math.floor(next() * alphabet.length)]!).join('');
    for (const [encoding, bom] of ENCODINGS) {
      // A text starting with U+FEFF can only be written with a mark in front of it.
      if (!bom && text.startsWith('\ufeff')) continue;
      const bytes = encodeText(text, encoding, bom);
      const decoded = decodeBytes(bytes);
      assert.deepEqual({ text: decoded.text, encoding: decoded.encoding, bom: decoded.bom, invalid: decoded.invalid }, { text, encoding, bom, invalid: undefined });
      assert.ok(Buffer.compare(encodeText(decoded.text, decoded.encoding, decoded.bom), bytes) === 0);
    }
  }
});

test('decodeBytes: where the first invalid byte is, in UTF-8 and UTF-16', () => {
  const utf8 = Buffer.concat([Buffer.from('a: 1\r\nb: 2\rc: \u00e9\n'), Buffer.from([0xc3, 0x28]), Buffer.from('\nd: \xff')]);
  assert.deepEqual(decodeBytes(utf8).invalid, { offset: 17, line: 4 });
  const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x\n'), Buffer.from([0xed, 0xa0, 0x80])]);
  assert.deepEqual(decodeBytes(withBom).invalid, { offset: 5, line: 2 });
  const lone = encodeText('a\nb: ', 'utf-16le', true);
  assert.deepEqual(decodeBytes(Buffer.concat([lone, Buffer.from([0x00, 0xd8, 0x41, 0x00])])).invalid, { offset: 12, line: 2 });
  const be = encodeText('a\n\nb', 'utf-16be', true);
  assert.deepEqual(decodeBytes(Buffer.concat([be, Buffer.from([0x00])])).invalid, { offset: 10, line: 3 }, 'an odd last byte');
});

function diagnosticsOf(stdout: string): JsonReport['files'][number]['diagnostics'][] {
  return (JSON.parse(stdout) as JsonReport).files.map((f) => f.diagnostics);
}

test('a UTF-16 file (either byte order) or a UTF-8 file with a mark is checked like its UTF-8 twin', async () => {
  const names: string[] = [];
  for (const [encoding, bom] of ENCODINGS) {
    const name = `twin-${encoding}${bom ? '-bom' : ''}.yaml`;
    writeFileSync(join(root, name), encodeText(FOUR_ERRORS, encoding, bom));
    names.push(name);
  }
  const r = await runCli(['--format', 'json', ...names], { cwd: root });
  assert.equal(r.stderr, '');
  assert.equal(r.code, 1);
  const [twin, ...others] = diagnosticsOf(r.stdout);
  assert.equal(twin!.filter((d) => d.severity === 'error').length, 4, JSON.stringify(twin));
  for (const [i, d] of others.entries()) assert.deepEqual(d, twin, names[i + 1]);
  // Standard input too.
  for (const [encoding, bom] of ENCODINGS) {
    const s = await runCli(['--format', 'json', '-'], { cwd: root, input: encodeText(FOUR_ERRORS, encoding, bom) });
    assert.deepEqual(diagnosticsOf(s.stdout)[0], twin, `stdin in ${encoding}`);
  }
});

test('--fix writes a UTF-16 file back in its own encoding, with its mark', async () => {
  const fixedUtf8 = (await runCli(['--fix', '-'], { cwd: root, input: SAFE_FIXABLE })).stdout;
  assert.notEqual(fixedUtf8, SAFE_FIXABLE);
  for (const [encoding, bom] of ENCODINGS) {
    const name = `fix-${encoding}${bom ? '-bom' : ''}.yaml`;
    writeFileSync(join(root, name), encodeText(SAFE_FIXABLE, encoding, bom));
    const r = await runCli(['--fix', name], { cwd: root });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(oneLine(r.stderr), /^calico-lint: fixed /);
    assert.ok(Buffer.compare(readFileSync(join(root, name)), encodeText(fixedUtf8, encoding, bom)) === 0, `${name} is the fixed text in ${encoding}`);
    const s = await runCli(['--fix', '-'], { cwd: root, input: encodeText(SAFE_FIXABLE, encoding, bom), binaryStdout: true });
    assert.ok(Buffer.compare(Buffer.from(s.stdout, 'latin1'), encodeText(fixedUtf8, encoding, bom)) === 0, `--fix - in ${encoding}`);
  }
});

test('invalid UTF-8: reported once with offset and line, still checked, exit 2, never rewritten by --fix', async () => {
  // A Latin-1 'é' in a comment on line 1 (then a UTF-8 one, then a stray byte), and a safe fix elsewhere.
  const bytes = Buffer.concat([Buffer.from('# owner: Ren'), Buffer.from([0xe9]), Buffer.from('\n# more: \u00e9\n'), Buffer.from([0xff]), Buffer.from('\n' + SAFE_FIXABLE)]);
  const text = bytes.toString('latin1');
  const at = text.indexOf('\xe9');
  writeFileSync(join(root, 'latin1.yaml'), bytes);
  for (const args of [['--format', 'json', 'latin1.yaml'], ['--fix', '--format', 'json', 'latin1.yaml'], ['--format', 'json', '-'], ['--fix', '-']]) {
    const stdin = args.includes('-');
    const r = await runCli(args, { cwd: root, input: stdin ? bytes : '', binaryStdout: true });
    assert.equal(r.code, 2, args.join(' '));
    const line = oneLine(r.stderr);
    assert.match(line, new RegExp(`^calico-lint: ${stdin ? '<stdin>' : 'latin1\\.yaml'}: not valid UTF-8: first invalid byte at offset ${at} \\(line 1\\)`));
    if (args.includes('--fix')) assert.match(line, /--fix leaves it untouched/);
    if (args.includes('json')) {
      assert.ok(diagnosticsOf(r.stdout)[0]!.some((d) => d.code === 'apply-on-forward-required'), 'still checked');
    } else {
      assert.equal(r.stdout, text, '--fix - passes the input through unchanged');
    }
    assert.ok(Buffer.compare(readFileSync(join(root, 'latin1.yaml')), bytes) === 0, 'the file is byte for byte what it was');
  }
});

test('invalid UTF-16: the same rules', async () => {
  const bytes = Buffer.concat([encodeText(SAFE_FIXABLE + '# x', 'utf-16le', true), Buffer.from([0x00, 0xdc])]);
  writeFileSync(join(root, 'bad16.yaml'), bytes);
  const r = await runCli(['--fix', 'bad16.yaml'], { cwd: root });
  assert.equal(r.code, 2);
  assert.match(oneLine(r.stderr), new RegExp(`^calico-lint: bad16\\.yaml: not valid UTF-16 \\(little endian\\): first invalid byte at offset ${bytes.length - 2} \\(line ${SAFE_FIXABLE.split('\n').length}\\)`));
  assert.ok(Buffer.compare(readFileSync(join(root, 'bad16.yaml')), bytes) === 0);
});
