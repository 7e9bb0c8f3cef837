/**
 * The Go-compatible helpers behind the non-policy kind rules: RE2 syntax acceptance, Go duration
 * parsing and printing, and Calico's peer address and CIDR-or-IP parsing. Expected answers are what
 * Go's regexp.Compile, time.ParseDuration / Duration.String and Calico's parsers return (checked
 * against Go while writing these tables).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goRegexpProblem as re2Problem } from '../../server/src/core/util/re2';
import { goDurationString, parseGoDuration } from '../../server/src/core/rules/resources/go-duration';
import { celCidr, celIp, parseCidrOrIp, parsePeerAddress } from '../../server/src/core/rules/resources/go-net';

test('RE2 syntax: what Go regexp.Compile accepts', () => {
  const cases: Array<[string, boolean]> = [
    ['eth.*', true], ['*', false], ['^(eth|ens)[0-9]+$', true], ['a**', false], ['a*?', true], ['a*??', false],
    ['(*)', false], ['a|*', false], ['(?i)eth', true], ['(?i)*', false], ['a(?i)*', true], ['(?i)(?s)*', false],
    ['a{2}{3}', false], ['a{2}*', false], ['a{1001}', false], ['a{1000}', true], ['(a{500}){3}', false], ['x{2,1}', false],
    ['{', true], ['a{,3}', true], ['a{01}', true], ['[z-a]', false], ['[a-z', false], ['[a-]', true], ['[]a]', true], ['[]', false],
    ['(', false], [')', false], ['\\1', false], ['\\12', true], ['\\8', false], ['\\Z', false], ['\\z', true], ['\\C', false], ['\\e', false],
    ['(?=a)', false], ['(?!a)', false], ['(?<=a)', false], ['(?>a)', false], ['(?P<n>a)', true], ['(?<n>a)', true], ['(?P<n!>a)', false],
    ['(?)', true], ['(?-)', false], ['(?i-s:a)', true], ['\\pL', true], ['\\pZ', true], ['\\p{Greek}', true], ['\\p{Latin}', true], ['\\p{Foo}', false],
    ['[[:alpha:]]', true], ['[[:foo:]]', false], ['[[:foo]', true], ['[\\d-z]', true], ['[a-\\d]', false], ['\\', false],
    ['\\Qa*\\E+', true], ['\\Q\\E*', false], ['\\x41', true], ['\\x4', false], ['\\x{1F600}', true], ['^*', true], ['\\-', true],
    ['[\\b]', false], ['\\b*', true], ['', true],
  ];
  for (const [p, ok] of cases) assert.equal(re2Problem(p) === undefined, ok, `${JSON.stringify(p)}: ${re2Problem(p)}`);
});

test('Go time.ParseDuration', () => {
  const ok: Array<[string, bigint]> = [
    ['0', 0n], ['-0', 0n], ['1.5s', 1500000000n], ['.5s', 500000000n], ['5.s', 5000000000n], ['1h2m', 3720000000000n],
    ['1µs', 1000n], ['1μs', 1000n], ['1us', 1000n], ['+5s', 5000000000n], ['-1m', -60000000000n], ['2562047h', 9223369200000000000n],
  ];
  for (const [s, n] of ok) {
    const r = parseGoDuration(s);
    assert.ok(r.ok, `${s} should parse`);
    assert.equal(r.nanos, n, s);
  }
  for (const s of ['', '1', '.s', '-', '1e3s', '1 s', '2562048h', 's', '1d']) assert.equal(parseGoDuration(s).ok, false, s);
});

test('Go Duration.String', () => {
  const cases: Array<[bigint, string]> = [
    [0n, '0s'], [90000000000n, '1m30s'], [1500000000n, '1.5s'], [3600000000000n, '1h0m0s'], [100000n, '100µs'],
    [1500000n, '1.5ms'], [999n, '999ns'], [-2000000000n, '-2s'], [61001000000n, '1m1.001s'],
  ];
  for (const [n, s] of cases) assert.equal(goDurationString(n), s);
});

test("Calico's peer address syntax", () => {
  for (const s of ['10.0.0.1', 'fd00::1', '10.0.0.1:179', '[fd00::1]:179', '[10.0.0.1]:179', '10.0.0.1:0179']) assert.ok(parsePeerAddress(s).ok, s);
  for (const s of ['', '10.0.0.1:0', '10.0.0.1:65536', '[fd00::1]:0', 'fd00::1:179:x', '10.0.0.1:', '[fd00::1]:', '256.0.0.1', 'fd00:::1', 'host:179']) {
    assert.equal(parsePeerAddress(s).ok, false, s);
  }
});

test('CIDR-or-IP parsing, Go families and CEL strictness', () => {
  assert.deepEqual(parseCidrOrIp('10.0.0.1')?.bare, true);
  assert.equal(parseCidrOrIp('10.0.0.1/8')?.masked, false);
  assert.equal(parseCidrOrIp('10.0.0.0/8')?.masked, true);
  assert.equal(parseCidrOrIp('::ffff:10.0.0.1')?.version, 4);
  assert.equal(parseCidrOrIp('10.0.0.0/33'), undefined);
  assert.equal(celIp('::ffff:10.0.0.1'), undefined);
  assert.ok(celIp('10.0.0.1'));
  assert.equal(celCidr('10.0.0.0/08'), undefined);
  assert.equal(celCidr('::ffff:10.0.0.0/104'), undefined);
  assert.ok(celCidr('10.0.0.0/8'));
});
