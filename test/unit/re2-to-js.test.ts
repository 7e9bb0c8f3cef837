/**
 * Tests for scripts/re2-to-js.mjs, the RE2 -> JavaScript (`u` flag) pattern translator behind the
 * generated schemas.
 *
 * Each rule is checked two ways: the exact JS source we emit (so a change in output is a visible,
 * reviewed change), and behaviour: the translated RegExp must accept and reject the same strings
 * as Go's regexp does for the original pattern. The expected booleans below are RE2 semantics
 * (`regexp.MatchString`, an unanchored search, as ajv's `pattern` is); the table was cross-checked
 * against Go's regexp package while writing the translator. Constructs RE2 rejects, or that have no
 * exact JS equivalent, must throw rather than produce a weaker pattern.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Re2Module {
  re2ToJs(pattern: string): string;
  foldOrbit(cp: number): number[];
  Re2TranslationError: new (...args: never[]) => Error;
}

let mod: Re2Module;
before(async () => {
  // The translator is plain Node ESM used by the generator; load it at run time (tests run as CJS).
  mod = (await import(pathToFileURL(join(__dirname, '..', '..', 'scripts', 're2-to-js.mjs')).href)) as Re2Module;
});

function js(pattern: string): string {
  return mod.re2ToJs(pattern);
}

/** Asserts RE2 `pattern` (translated) accepts exactly the strings marked true. */
function behaves(pattern: string, cases: Record<string, boolean> | Array<[string, boolean]>): void {
  const source = js(pattern);
  const re = new RegExp(source, 'u');
  const list = Array.isArray(cases) ? cases : Object.entries(cases);
  for (const [input, expected] of list) {
    assert.equal(re.test(input), expected, `RE2 ${JSON.stringify(pattern)} (JS ${JSON.stringify(source)}) on ${JSON.stringify(input)}`);
  }
}

function rejects(pattern: string, reason: RegExp): void {
  assert.throws(() => js(pattern), (e: unknown) => {
    assert.ok(e instanceof mod.Re2TranslationError, `expected Re2TranslationError for ${JSON.stringify(pattern)}, got ${String(e)}`);
    assert.match((e as Error).message, reason);
    assert.ok((e as Error).message.includes(JSON.stringify(pattern)), 'the message names the pattern');
    return true;
  });
}

describe('re2ToJs: case-insensitive flags', () => {
  test('(?i) at the start expands letters to case classes', () => {
    assert.equal(js('^(?i)(Drop|Reject)?$'), '^([Dd][rR][oO][pP]|[Rr][eE][jJ][eE][cC][tT])?$');
    behaves('^(?i)(Drop|Reject)?$', [
      ['drop', true], ['DROP', true], ['Drop', true], ['', true], ['reject', true], ['rEjEcT', true],
      ['dropx', false], ['xdrop', false], ['Accept', false], ['drop\n', false], ['dro', false],
    ]);
  });

  test('(?i) folds k and s the way Go does (Kelvin sign, long s)', () => {
    assert.equal(js('(?i)k'), '[kK\\u{212A}]');
    assert.equal(js('(?i)S'), '[Ss\\u{17F}]');
    behaves('^(?i)disabled$', { DISABLED: true, 'di\u017Fabled': true, disabIed: false });
    behaves('^(?i)k$', { k: true, K: true, '\u212A': true, x: false });
    assert.deepEqual(mod.foldOrbit(0x6b), [0x4b, 0x6b, 0x212a]);
    assert.deepEqual(mod.foldOrbit(0x31), [0x31]);
  });

  test('(?i) in the middle of a pattern lasts to the end of its group, across |', () => {
    behaves('a(?i)b', { ab: true, aB: true, Ab: false, AB: false });
    behaves('^(a(?i)b)c$', { aBc: true, aBC: false });
    behaves('^(?:a(?i)b|c)$', { aB: true, C: true, Ab: false });
    behaves('^(?i)a(?-i)b$', { Ab: true, AB: false });
    behaves('^(?i)a(?-i:b)c$', { AbC: true, ABC: false });
  });

  test('(?i:...) groups fold only their content', () => {
    assert.equal(js('(?i:ab)c'), '(?:[aA][bB])c');
    behaves('^(?i:ab)c$', { ABc: true, abC: false });
  });

  test('(?i) folds character classes, before a negation applies', () => {
    assert.equal(js('(?i)[a-c]'), '[A-Ca-c]');
    assert.equal(js('(?i)[^k]'), '[^Kk\\u{212A}]');
    behaves('^(?i)[a-c]+$', { aBc: true, ABC: true, abd: false });
    behaves('^(?i)[^k]$', { k: false, K: false, '\u212A': false, x: true });
    behaves('^(?i)[[:upper:]]+$', { abc: true, ABC: true, '\u017F': true, '1': false });
    behaves('^(?i)\\w$', { '\u212A': true, _: true, '-': false });
    behaves('^(?i)\\W$', { '\u212A': false, '-': true });
  });

  test('(?i) folds Unicode classes as Go does (property plus its case partners)', () => {
    behaves('^(?i)\\p{Lu}$', { a: true, A: true, '1': false });
    behaves('^(?i)\\P{Lu}$', { a: false, A: false, '1': true });
    behaves('^(?i)\\p{Greek}$', { '\u03C3': true, '\u03A3': true, a: false });
  });

  test('non-letters are not changed by (?i)', () => {
    assert.equal(js('(?i)1_-'), '1_-');
  });
});

describe('re2ToJs: other flags', () => {
  test('. matches \\r and \\u2028 in RE2 (JS . does not), and \\n only with (?s)', () => {
    assert.equal(js('a.b'), 'a[^\\n]b');
    assert.equal(js('(?s)a.b'), 'a[^]b');
    behaves('^a.b$', { 'a\rb': true, 'a\u2028b': true, 'a\nb': false, axb: true });
    behaves('^(?s)a.b$', { 'a\nb': true });
    behaves('^(?s:.)(.)$', { '\nx': true, x: false, '\n\n': false });
  });

  test('(?m) makes ^ and $ match at \\n line boundaries only', () => {
    assert.equal(js('(?m)^b$'), '(?:^|(?<=\\n))b(?:$|(?=\\n))');
    behaves('(?m)^b$', { 'a\nb\nc': true, b: true, 'a\rb\rc': false, ab: false });
    behaves('^b$', { 'a\nb\nc': false, b: true });
  });

  test('(?U) swaps greedy and lazy repetition', () => {
    assert.equal(js('(?U)a+b*?'), 'a+?b*');
    const re = new RegExp(js('(?U)a+'), 'u');
    assert.equal(re.exec('aaa')?.[0], 'a');
    assert.equal(new RegExp(js('a+'), 'u').exec('aaa')?.[0], 'aaa');
  });

  test('(?) and empty groups are accepted', () => {
    assert.equal(js('(?)a'), 'a');
    assert.equal(js('(?:)'), '(?:)');
  });
});

describe('re2ToJs: anchors, classes and escapes', () => {
  test('\\A and \\z are text anchors; $ never matches before a final newline', () => {
    assert.equal(js('\\Aab\\z'), '^ab$');
    behaves('\\Aab\\z', { ab: true, 'ab\n': false, xab: false });
    behaves('^ab$', { 'ab\n': false });
  });

  test('POSIX classes, including negated ones', () => {
    assert.equal(js('[[:alpha:]_]'), '[A-Za-z_]');
    behaves('^[[:alpha:]]+$', { abcXYZ: true, abc1: false, 'é': false });
    behaves('^[[:^digit:]]+$', { abc: true, a1: false });
    behaves('^[[:word:]]+$', { a_1: true, 'a-1': false });
    behaves('^[[:punct:]]+$', { '!-/:@[`{~': true, a: false });
    behaves('^[[:space:]]+$', { ' \t\n\v\f\r': true, '\u00A0': false });
    behaves('^[[:xdigit:]]+$', { '09afAF': true, g: false });
  });

  test('Unicode classes \\pL, \\p{Greek}, \\PL, \\p{^Greek}', () => {
    assert.equal(js('\\pL'), '\\p{L}');
    assert.equal(js('\\p{Greek}'), '\\p{Script=Greek}');
    assert.equal(js('\\p{^Greek}'), '\\P{Script=Greek}');
    behaves('^\\p{Greek}+$', { '\u03B1\u03B2\u03B3': true, abc: false });
    behaves('^\\pL+$', { 'h\u00E9llo': true, 'a1': false });
    behaves('^\\PL$', { '1': true, a: false });
    behaves('^[\\p{Nd}x]+$', { '12x': true, '\u0661': true, y: false });
    behaves('^\\p{Any}$', { '\u{1F600}': true });
  });

  test('\\s, \\S, \\d, \\w and \\b are ASCII-only, as in RE2', () => {
    assert.equal(js('\\s'), '[\\t\\n\\f\\r ]');
    assert.equal(js('\\S'), '[^\\t\\n\\f\\r ]');
    assert.equal(js('\\d\\w\\D\\W'), '\\d\\w\\D\\W');
    behaves('^\\s$', { '\t': true, ' ': true, '\v': false, '\u00A0': false, '\u2028': false });
    behaves('^\\S$', { '\v': true, '\u00A0': true, ' ': false });
    behaves('^[\\S]$', { '\v': true, ' ': false });
    behaves('^\\d$', { '7': true, '\u0661': false });
    behaves('\\bk\\b', { 'a k b': true, ak: false });
  });

  test('\\Q...\\E quotes literally, also without \\E and under (?i)', () => {
    assert.equal(js('\\Qa.b*\\E+'), 'a\\.b\\*+');
    behaves('^\\Qa.b*\\E$', { 'a.b*': true, aab: false });
    behaves('^\\Q(x)', { '(x)': true, x: false });
    behaves('^(?i)\\Qab\\E$', { AB: true });
  });

  test('(?P<name>...) and (?<name>...) become JS named groups where JS allows the name', () => {
    assert.equal(js('(?P<year>\\d{4})'), '(?<year>\\d{4})');
    assert.equal(js('(?<year>\\d{4})'), '(?<year>\\d{4})');
    // Duplicate names and names starting with a digit are legal in RE2, not in JS.
    assert.equal(js('(?P<x>a)(?P<x>b)(?P<1y>c)'), '(?<x>a)(b)(c)');
    behaves('^(?P<x>a)(?P<x>b)$', { ab: true, a: false });
  });

  test('escapes that RE2 allows but the u flag rejects', () => {
    assert.equal(js('\\-\\_\\"\\ \\<\\~\\!\\@\\#\\%\\\'\\,\\=\\:'), '-_" <~!@#%\',=:');
    assert.equal(js('[\\_\\-\\.]'), '[_\\-.]');
    behaves('^\\_\\-$', { '_-': true, '\\_': false });
    behaves('^[a-zA-Z0-9\\.\\-_]+$', { 'a.b-c_d': true, 'a b': false });
  });

  test('a { or } that does not form a repeat is a literal', () => {
    assert.equal(js('a{,3}}'), 'a\\{,3\\}\\}');
    assert.equal(js('x{01}'), 'x\\{01\\}');
    behaves('^a{$', { 'a{': true, a: false });
    behaves('^a{,3}$', { 'a{,3}': true, aaa: false });
    behaves('^x{01}$', { 'x{01}': true, x: false });
    behaves('^a{2,3}$', { aa: true, aaa: true, a: false, aaaa: false });
  });

  test('- is literal at either end of a class and after a range', () => {
    assert.equal(js('[a-zA-Z0-9-_]'), '[a-zA-Z0-9-_]'); // after a range, - is literal in JS too
    assert.equal(js('[a\\-b]'), '[a\\-b]'); // between two characters it must stay escaped
    assert.equal(js('[\\d\\-a]'), '[\\d\\-a]'); // JS refuses a range that starts at \d
    behaves('^[a-]$', { '-': true, b: false });
    behaves('^[a-c-e]$', { '-': true, e: true, d: false });
    behaves('^[a-c-e-g]$', { '-': true, f: true, d: false });
    behaves('^[\\d-a]$', { '-': true, '5': true, b: false });
    behaves('^[]a]$', { ']': true, a: true, b: false });
    behaves('^[^]a]$', { ']': false, b: true });
  });

  test('octal and hex escapes', () => {
    assert.equal(js('\\101\\x41\\x{1F600}\\0'), 'AA\\u{1F600}\\x00');
    behaves('^\\x{1F600}$', { '\u{1F600}': true, '\uD83D': false });
    behaves('^\\t\\n\\r\\f\\v\\a$', { '\t\n\r\f\v\u0007': true });
  });

  test('quantified assertions and stacked quantifiers are grouped for JS', () => {
    assert.equal(js('^*a'), '(?:^)*a');
    assert.equal(js('a*(?i)*'), '(?:a*)*');
    assert.equal(js('\\b+'), '(?:\\b)+');
  });

  test('patterns from the Calico CRDs keep their RE2 meaning', () => {
    // As published: the doubled backslash makes `\\.` "a backslash, then any character", so
    // decimal durations are rejected by the API server. The translation keeps that.
    behaves('^([0-9]+(\\\\.[0-9]+)?(ms|s|m|h))*$', { '10s': true, '1m30s': true, '': true, '1.5s': false, '1\\x5s': true });
    behaves('^([0-9]+(\\.[0-9]+)?(ms|s|m|h))*$', { '1.5s': true, '1x5s': false });
    behaves('^([a-zA-Z0-9-_]+=(true|false|),)*([a-zA-Z0-9-_]+=(true|false|))?$', { 'a=true,b-c=': true, 'a=yes': false });
    behaves('^(host|virtual):[a-zA-Z0-9\\.\\-_]+$', { 'host:node-1.a_b': true, 'host:': false, 'cloud:x': false });
    behaves('^.*', { '': true, '\n': true, anything: true });
    behaves('^[1-9]\\d{0,3}/(?:second|minute|hour|day)$', { '10/second': true, '0/day': false, '10000/hour': false });
    behaves('^(\\d+):(\\d+)$|^(\\d+):(\\d+):(\\d+)$', { '100:200': true, '1:2:3': true, '1:2:3:4': false });
  });

  test('identical source for patterns that already mean the same in JS', () => {
    for (const p of ['^[1-9]\\d{0,3}/(?:second|minute|hour|day)$', '^(\\d+):(\\d+)$|^(\\d+):(\\d+):(\\d+)$', '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$']) {
      assert.equal(js(p), p);
    }
  });
});

describe('re2ToJs: untranslatable or invalid input throws', () => {
  test('Perl features RE2 does not have', () => {
    rejects('(?=a)', /lookahead/);
    rejects('(?!a)', /lookahead/);
    rejects('(?<=a)b', /lookbehind/);
    rejects('(?<!a)b', /lookbehind/);
    rejects('(?>a)', /atomic/);
    rejects('(a)\\1', /backreference/);
    rejects('a*+', /nested repetition/);
    rejects('a**', /nested repetition/);
    rejects('a{2}{3}', /nested repetition/);
    rejects('\\Z', /\\Z/);
    rejects('\\C', /any byte/);
    rejects('(?#comment)', /Perl syntax/);
    rejects('(?x)a b', /Perl syntax/);
  });

  test('syntax errors as Go reports them', () => {
    rejects('(a', /missing closing \)/);
    rejects('a)', /unexpected \)/);
    rejects('[a', /missing closing \]/);
    rejects('[z-a]', /invalid character class range/);
    rejects('[[:foo:]]', /\[:foo:\]/);
    rejects('*a', /missing argument/);
    rejects('(|*)', /missing argument/);
    rejects('a{1001}', /repeat count/);
    rejects('(a{100}){100}', /repeat count/);
    rejects('a{3,2}', /repeat count/);
    rejects('\\q', /invalid escape/);
    rejects('\\E', /invalid escape/);
    rejects('\\xg1', /invalid escape/);
    rejects('\\\u00E9', /invalid escape/);
    rejects('a\\', /trailing backslash/);
    rejects('(?P<a-b>x)', /named capture/);
    rejects('(?i-)', /Perl syntax/);
    rejects('\uD800', /UTF-8/);
  });

  test('Unicode class names whose meaning is unknown or depends on the Go version', () => {
    rejects('\\p{Grek}', /Grek/); // a JS alias Go does not accept
    rejects('\\p{Letter}', /Letter/); // accepted only by newer Go
    rejects('\\pC', /Cn/); // Go changed what C contains
    rejects('\\p{Foo}', /Foo/);
  });

  test('every successful translation compiles with the u flag', () => {
    for (const p of ['(?i)[\\p{L}\\P{Greek}]', '(?i)[^\\PL]', '(?is)x.(?m:^$)', '[\\x00-\\x{10FFFF}]', '[^\\x00-\\x{10FFFF}]']) {
      assert.doesNotThrow(() => new RegExp(js(p), 'u'), p);
    }
    behaves('^[^\\x00-\\x{10FFFF}]$', { a: false, '': false });
  });
});
