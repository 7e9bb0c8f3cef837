/**
 * Tests for the generated schemas under schemas/ (see docs/dev/schemas.md).
 *
 * What is checked, and why:
 * - every schema compiles with ajv in strict mode (unknown keywords, formats, loose types and
 *   undeclared required properties are errors), so the core's validator can rely on them;
 * - the generator's promises hold everywhere: no Calico prose, strict objects, patterns that are
 *   valid Go RE2 (matched with re2js, as the core does), defaults that satisfy their own schemas,
 *   int-or-string shape;
 * - kinds.json and cel-rules.json are consistent with the schemas they index;
 * - every fixture under test/fixtures/valid/<kind>/ (published Calico examples, plus hand-written
 *   ones for kinds the docs never show) validates with zero errors AND satisfies the kind's CEL
 *   rules, evaluated here by a small CEL interpreter after applying schema defaults as the API
 *   server does;
 * - hand-made invalid documents fail with the expected ajv keyword at the expected place;
 * - when the CRD folder is present, the committed files are exactly what the generator produces.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { ajvRegExpEngine, goRegexp, goRegexpProblem } from '../../server/src/core/util/re2';

const ROOT = join(__dirname, '..', '..');
const SCHEMAS = join(ROOT, 'schemas');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'valid');
const CRDS = join(ROOT, '..', 'shared', 'calico-crds');

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { [k: string]: Json };
interface KindInfo { kind: string; plural: string; scope: string; file: string; shortNames: string[] }
interface CelRule { kind: string; schemaPath: string; instancePath: string; rule: string; fieldPath?: string; reason?: string }

const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as T;
const KINDS = readJson<KindInfo[]>('kinds.json');
const CEL = readJson<CelRule[]>('cel-rules.json');
const SCHEMA_FILES = readdirSync(SCHEMAS).filter((f) => f.endsWith('.json') && f !== 'kinds.json' && f !== 'cel-rules.json').sort();
const schemaOf = (kind: string): Schema => readJson<Schema>(KINDS.find((k) => k.kind === kind)!.file);

let generate: ((crdDir: string, edition?: string) => { files: Map<string, string> }) | undefined;
before(async () => {
  const load = (f: string) => import(pathToFileURL(join(ROOT, 'scripts', f)).href);
  generate = ((await load('gen-schemas.mjs')) as { generate: typeof generate }).generate;
});

// ---------------------------------------------------------------------------------------------
// IP helpers (formats and CEL's ip()/cidr() library)
// ---------------------------------------------------------------------------------------------

interface Ip { family: 4 | 6; value: bigint }
interface Cidr { family: 4 | 6; value: bigint; len: number }

/** Parses an IP address as Go's net.ParseIP does for the forms Calico uses (no zones). */
function parseIp(s: string): Ip | null {
  const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.exec(s);
  if (v4) return { family: 4, value: v4.slice(1).reduce((a, o) => (a << 8n) | BigInt(o), 0n) };
  if (!s.includes(':') || s.includes('%')) return null;
  let text = s;
  let tail: bigint[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const inner = parseIp(text.slice(lastColon + 1));
    if (!inner || inner.family !== 4) return null;
    tail = [inner.value >> 16n, inner.value & 0xffffn];
    text = `${text.slice(0, lastColon + 1)}${text.endsWith('::') ? '' : ''}`;
    text = text.endsWith(':') && !text.endsWith('::') ? text.slice(0, -1) : text;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (h: string) => (h === '' ? [] : h.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? BigInt(`0x${g}`) : -1n)));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const groups = [...head, ...rest, ...tail];
  if (groups.some((g) => g < 0n)) return null;
  const missing = 8 - groups.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = halves.length === 2 ? [...head, ...Array<bigint>(missing).fill(0n), ...rest, ...tail] : groups;
  return { family: 6, value: all.reduce((a, g) => (a << 16n) | g, 0n) };
}

/** Go's net.ParseCIDR: address/prefix-length, host bits allowed. */
function parseCidr(s: string): Cidr | null {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) return null;
  const ip = parseIp(m[1]!);
  const len = Number(m[2]);
  if (!ip || (m[2]!.length > 1 && m[2]!.startsWith('0')) || len > (ip.family === 4 ? 32 : 128)) return null;
  return { ...ip, len };
}

function mask(c: Cidr): bigint {
  const bits = BigInt(c.family === 4 ? 32 : 128);
  return ((1n << bits) - 1n) ^ ((1n << (bits - BigInt(c.len))) - 1n);
}

// ---------------------------------------------------------------------------------------------
// ajv setup exactly as the brief prescribes: strict, all errors, kept keywords registered
// ---------------------------------------------------------------------------------------------

const KEPT_KEYWORDS: Array<[string, 'boolean' | 'string' | 'array']> = [
  ['x-kubernetes-int-or-string', 'boolean'],
  ['x-kubernetes-list-type', 'string'],
  ['x-kubernetes-list-map-keys', 'array'],
  ['x-kubernetes-map-type', 'string'],
  ['x-kubernetes-preserve-unknown-fields', 'boolean'],
  ['x-calico-object-meta', 'boolean'],
];

function newAjv(): Ajv {
  // The schemas' patterns are Go RE2, matched by re2js exactly as the core's validator does.
  const ajv = new Ajv({ strict: true, allErrors: true, code: { regExp: ajvRegExpEngine } });
  for (const [keyword, schemaType] of KEPT_KEYWORDS) ajv.addKeyword({ keyword, schemaType });
  // Real checkers, as the API server applies them (cidr: Go's net.ParseCIDR; date-time: RFC 3339).
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('cidr', { type: 'string', validate: (s: string) => parseCidr(s) !== null });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s) });
  return ajv;
}

const ajv = newAjv();
const validators = new Map<string, ValidateFunction>();
function validatorFor(kind: string): ValidateFunction {
  let v = validators.get(kind);
  if (!v) {
    v = ajv.compile(schemaOf(kind));
    validators.set(kind, v);
  }
  return v;
}

function errorsOf(kind: string, doc: unknown): ErrorObject[] {
  const v = validatorFor(kind);
  return v(doc) ? [] : [...(v.errors ?? [])];
}

// ---------------------------------------------------------------------------------------------
// Schema walking helpers
// ---------------------------------------------------------------------------------------------

/** Visits every sub-schema with its JSON pointer. */
function walk(schema: Json, visit: (s: Schema, ptr: string) => void, ptr = ''): void {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return;
  visit(schema, ptr);
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' || k === 'definitions') {
      for (const [pk, pv] of Object.entries(v as Schema)) walk(pv, visit, `${ptr}/${k}/${pk.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    } else if (k === 'items' || k === 'additionalProperties' || k === 'not' || k === 'if' || k === 'then' || k === 'else') {
      walk(v, visit, `${ptr}/${k}`);
    } else if (k === 'anyOf' || k === 'allOf' || k === 'oneOf') {
      (v as Json[]).forEach((x, i) => walk(x, visit, `${ptr}/${k}/${i}`));
    }
  }
}

function resolvePointer(root: Json, ptr: string): Json | undefined {
  if (ptr === '') return root;
  let cur: Json | undefined = root;
  for (const raw of ptr.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) ? cur[Number(seg)] : cur[seg];
  }
  return cur;
}

/** The human instance path the generator should have written for a schema path. */
function instancePathFor(schemaPath: string): string {
  let out = '';
  const segs = schemaPath.split('/').slice(1);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (s === 'properties') out = out === '' ? segs[++i]! : `${out}.${segs[++i]!}`;
    else if (s === 'items') out += '[*]';
    else if (s === 'additionalProperties') out += '{*}';
    else if (s === 'anyOf' || s === 'allOf' || s === 'oneOf') i++;
  }
  return out;
}

/** Fills in structural defaults, as the API server does before validating and running CEL. */
function applyDefaults(schema: Json | undefined, value: Json): Json {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema) || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => applyDefaults(schema['items'], v));
  const out: { [k: string]: Json } = { ...value };
  const props = schema['properties'] as Schema | undefined;
  if (props) {
    for (const [k, s] of Object.entries(props)) {
      const d = (s as Schema)['default'];
      if (out[k] === undefined && d !== undefined) out[k] = structuredClone(d);
      if (out[k] !== undefined) out[k] = applyDefaults(s, out[k]!);
    }
  }
  const ap = schema['additionalProperties'];
  if (ap && typeof ap === 'object') for (const k of Object.keys(out)) if (!props?.[k]) out[k] = applyDefaults(ap, out[k]!);
  return out;
}

/** All instances a schema path designates inside a document ([*] and {*} expand). */
function instancesAt(doc: Json, schemaPath: string): Json[] {
  let cur: Json[] = [doc];
  const segs = schemaPath.split('/').slice(1);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    const next: Json[] = [];
    for (const v of cur) {
      if (s === 'properties') {
        const name = segs[i + 1]!;
        if (v && typeof v === 'object' && !Array.isArray(v) && v[name] !== undefined) next.push(v[name]!);
      } else if (s === 'items') {
        if (Array.isArray(v)) next.push(...v);
      } else if (s === 'additionalProperties') {
        if (v && typeof v === 'object' && !Array.isArray(v)) next.push(...Object.values(v));
      } else throw new Error(`unexpected schema path segment ${s} in ${schemaPath}`);
    }
    if (s === 'properties') i++;
    cur = next;
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------
// A small CEL interpreter: the subset Calico's rules use (Kubernetes CEL semantics)
// ---------------------------------------------------------------------------------------------

class CelError extends Error {}
type Ast =
  | { t: 'lit'; v: unknown }
  | { t: 'id'; name: string }
  | { t: 'sel'; obj: Ast; field: string }
  | { t: 'call'; fn: string; target?: Ast; args: Ast[] }
  | { t: 'not'; x: Ast }
  | { t: 'bin'; op: string; a: Ast; b: Ast }
  | { t: 'cond'; c: Ast; a: Ast; b: Ast };

function tokenize(src: string): string[] {
  const re = /\s*(\d+\.\d+|\d+|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|==|!=|<=|>=|&&|\|\||[!<>?:().,])/y;
  const out: string[] = [];
  re.lastIndex = 0;
  while (re.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(re.lastIndex))) break;
    const m = re.exec(src);
    if (!m) throw new CelError(`cannot tokenize ${src.slice(re.lastIndex)}`);
    out.push(m[1]!);
  }
  return out;
}

function parseCel(src: string): Ast {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  const eat = (t?: string) => {
    const tok = toks[i++];
    if (t !== undefined && tok !== t) throw new CelError(`expected ${t}, got ${tok} in ${src}`);
    return tok!;
  };
  const expr = (): Ast => {
    const c = or();
    if (peek() !== '?') return c;
    eat('?');
    const a = expr();
    eat(':');
    return { t: 'cond', c, a, b: expr() };
  };
  const or = (): Ast => { let a = and(); while (peek() === '||') { eat(); a = { t: 'bin', op: '||', a, b: and() }; } return a; };
  const and = (): Ast => { let a = rel(); while (peek() === '&&') { eat(); a = { t: 'bin', op: '&&', a, b: rel() }; } return a; };
  const rel = (): Ast => {
    const a = unary();
    const op = peek();
    if (op && ['==', '!=', '<', '<=', '>', '>='].includes(op)) { eat(); return { t: 'bin', op, a, b: unary() }; }
    return a;
  };
  const unary = (): Ast => (peek() === '!' ? (eat(), { t: 'not', x: unary() }) : member());
  const args = (): Ast[] => {
    eat('(');
    const out: Ast[] = [];
    while (peek() !== ')') { out.push(expr()); if (peek() === ',') eat(','); }
    eat(')');
    return out;
  };
  const member = (): Ast => {
    let a = primary();
    while (peek() === '.') {
      eat('.');
      const name = eat();
      a = peek() === '(' ? { t: 'call', fn: name, target: a, args: args() } : { t: 'sel', obj: a, field: name };
    }
    return a;
  };
  const primary = (): Ast => {
    const tok = eat();
    if (tok === '(') { const e = expr(); eat(')'); return e; }
    if (/^\d+\.\d+$/.test(tok) || /^\d+$/.test(tok)) return { t: 'lit', v: Number(tok) };
    if (/^['"]/.test(tok)) return { t: 'lit', v: tok.slice(1, -1).replace(/\\(.)/g, '$1') };
    if (tok === 'true' || tok === 'false') return { t: 'lit', v: tok === 'true' };
    if (tok === 'null') return { t: 'lit', v: null };
    if (/^[A-Za-z_]/.test(tok)) return peek() === '(' ? { t: 'call', fn: tok, args: args() } : { t: 'id', name: tok };
    throw new CelError(`unexpected ${tok} in ${src}`);
  };
  const ast = expr();
  if (i !== toks.length) throw new CelError(`trailing tokens in ${src}`);
  return ast;
}

function celEquals(a: unknown, b: unknown): boolean {
  if (a && b && typeof a === 'object' && typeof b === 'object') return JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) === JSON.stringify(b, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  return a === b; // heterogeneous equality (e.g. 'TCP' == 6) is simply false in CEL
}

function evalCel(ast: Ast, env: Record<string, unknown>): unknown {
  const ev = (x: Ast) => evalCel(x, env);
  const bool = (x: Ast): boolean => {
    const v = ev(x);
    if (typeof v !== 'boolean') throw new CelError('expected bool');
    return v;
  };
  /** CEL's commutative logic: an error on one side is absorbed if the other side decides. */
  const tryBool = (x: Ast): boolean | CelError => { try { return bool(x); } catch (e) { if (e instanceof CelError) return e; throw e; } };
  switch (ast.t) {
    case 'lit': return ast.v;
    case 'id':
      if (!(ast.name in env)) throw new CelError(`undeclared ${ast.name}`);
      return env[ast.name];
    case 'sel': {
      const o = ev(ast.obj) as Record<string, unknown> | null;
      if (!o || typeof o !== 'object' || !(ast.field in o)) throw new CelError(`no such key ${ast.field}`);
      return o[ast.field];
    }
    case 'not': return !bool(ast.x);
    case 'cond': return bool(ast.c) ? ev(ast.a) : ev(ast.b);
    case 'bin': {
      if (ast.op === '||' || ast.op === '&&') {
        const decisive = ast.op === '||';
        const a = tryBool(ast.a);
        if (a === decisive) return decisive;
        const b = tryBool(ast.b);
        if (b === decisive) return decisive;
        if (a instanceof CelError) throw a;
        if (b instanceof CelError) throw b;
        return !decisive;
      }
      const a = ev(ast.a);
      const b = ev(ast.b);
      if (ast.op === '==') return celEquals(a, b);
      if (ast.op === '!=') return !celEquals(a, b);
      if (typeof a !== 'number' || typeof b !== 'number') throw new CelError(`no ${ast.op} for these types`);
      return ast.op === '<' ? a < b : ast.op === '<=' ? a <= b : ast.op === '>' ? a > b : a >= b;
    }
    case 'call': return callCel(ast, env);
  }
}

function callCel(ast: Extract<Ast, { t: 'call' }>, env: Record<string, unknown>): unknown {
  const ev = (x: Ast) => evalCel(x, env);
  if (!ast.target) {
    if (ast.fn === 'has') {
      const arg = ast.args[0];
      if (!arg || arg.t !== 'sel') throw new CelError('has() needs a field selection');
      const o = ev(arg.obj);
      return !!o && typeof o === 'object' && arg.field in (o as object);
    }
    const v = ev(ast.args[0]!);
    if (ast.fn === 'size') {
      if (typeof v === 'string') return [...v].length;
      if (Array.isArray(v)) return v.length;
      if (v && typeof v === 'object') return Object.keys(v).length;
      throw new CelError('size() of a non-collection');
    }
    if (ast.fn === 'isIP') return typeof v === 'string' && parseIp(v) !== null;
    if (ast.fn === 'ip') { const ip = typeof v === 'string' ? parseIp(v) : null; if (!ip) throw new CelError('bad ip'); return { ip }; }
    if (ast.fn === 'cidr') { const c = typeof v === 'string' ? parseCidr(v) : null; if (!c) throw new CelError('bad cidr'); return { cidr: c }; }
    throw new CelError(`unknown function ${ast.fn}`);
  }
  const recv = ev(ast.target) as unknown;
  const r = recv as { ip?: Ip; cidr?: Cidr };
  if (ast.fn === 'exists' || ast.fn === 'all') {
    const v = ast.args[0];
    if (!Array.isArray(recv) || !v || v.t !== 'id') throw new CelError('bad macro');
    const test = (x: unknown) => evalCel(ast.args[1]!, { ...env, [v.name]: x }) === true;
    return ast.fn === 'exists' ? recv.some(test) : recv.every(test);
  }
  const arg = ast.args[0] ? ev(ast.args[0]) : undefined;
  if (ast.fn === 'contains' && typeof recv === 'string' && typeof arg === 'string') return recv.includes(arg);
  if (ast.fn === 'startsWith' && typeof recv === 'string' && typeof arg === 'string') return recv.startsWith(arg);
  if (ast.fn === 'family' && r.ip) return r.ip.family;
  if (ast.fn === 'ip' && r.cidr) return { ip: { family: r.cidr.family, value: r.cidr.value } };
  if (ast.fn === 'prefixLength' && r.cidr) return r.cidr.len;
  if (ast.fn === 'masked' && r.cidr) return { cidr: { ...r.cidr, value: r.cidr.value & mask(r.cidr) } };
  if (ast.fn === 'containsIP' && r.cidr) {
    const ip = typeof arg === 'string' ? parseIp(arg) : (arg as { ip?: Ip }).ip;
    if (!ip) throw new CelError('bad ip');
    return ip.family === r.cidr.family && (ip.value & mask(r.cidr)) === (r.cidr.value & mask(r.cidr));
  }
  throw new CelError(`unsupported method ${ast.fn}`);
}

/** Rules that only make sense on update (transition rules) are not checked on a new object. */
const isTransitionRule = (r: CelRule) => /\boldSelf\b/.test(r.rule);

/** The CEL rules of a kind that a document violates, with defaults applied first. */
function celViolations(kind: string, doc: Json): string[] {
  const full = applyDefaults(schemaOf(kind) as Json, doc);
  const out: string[] = [];
  for (const r of CEL.filter((c) => c.kind === kind && !isTransitionRule(c))) {
    const ast = parseCel(r.rule);
    for (const self of instancesAt(full, r.schemaPath)) {
      let ok: unknown;
      try {
        ok = evalCel(ast, { self });
      } catch (e) {
        ok = e instanceof CelError ? `error: ${e.message}` : (() => { throw e; })();
      }
      if (ok !== true) out.push(`${r.instancePath || '(root)'}: ${r.rule} -> ${String(ok)}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

interface Fixture { file: string; dir: string; index: number; doc: Json; firstLine: string }
function loadFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const dir of readdirSync(FIXTURES).sort()) {
    for (const name of readdirSync(join(FIXTURES, dir)).filter((n) => /\.ya?ml$/.test(n)).sort()) {
      const text = readFileSync(join(FIXTURES, dir, name), 'utf8');
      parseAllDocuments(text).forEach((d, index) => {
        assert.equal(d.errors.length, 0, `${dir}/${name}: ${d.errors[0]?.message}`);
        if (d.contents === null) return;
        out.push({ file: `${dir}/${name}`, dir, index, doc: d.toJS() as Json, firstLine: text.split('\n')[0]! });
      });
    }
  }
  return out;
}
const FIXTURE_DOCS = loadFixtures();

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('schemas: files and ajv strict compilation', () => {
  test('there is one schema per kind plus calico.json, and each compiles in strict mode', () => {
    assert.deepEqual(SCHEMA_FILES, [...KINDS.map((k) => k.file), 'calico.json'].sort());
    for (const f of SCHEMA_FILES) {
      const a = newAjv();
      assert.doesNotThrow(() => a.compile(readJson<Schema>(f)), f);
    }
  });

  test('strict mode is really on: an unregistered keyword or format is refused', () => {
    assert.throws(() => new Ajv({ strict: true }).compile(schemaOf('Tier')), /unknown keyword/);
    const noFormats = new Ajv({ strict: true });
    for (const [keyword, schemaType] of KEPT_KEYWORDS) noFormats.addKeyword({ keyword, schemaType });
    assert.throws(() => noFormats.compile(schemaOf('IPPool')), /unknown format/);
  });

  test('each kind schema has the agreed top level', () => {
    for (const k of KINDS) {
      const s = schemaOf(k.kind);
      assert.equal(s['$schema'], 'http://json-schema.org/draft-07/schema#');
      assert.equal(s['$id'], `https://calico-policy-tools.invalid/schemas/${k.kind.toLowerCase()}.json`);
      assert.match(String(s['$comment']), /commit [0-9a-f]{40}/);
      assert.equal(s['type'], 'object');
      assert.equal(s['additionalProperties'], false);
      assert.deepEqual(s['required'], ['apiVersion', 'kind', 'metadata', 'spec']);
      const props = s['properties'] as Schema;
      assert.deepEqual((props['apiVersion'] as Schema)['const'], 'projectcalico.org/v3');
      assert.deepEqual((props['kind'] as Schema)['const'], k.kind);
      const meta = props['metadata'] as Schema;
      assert.equal(meta['x-calico-object-meta'], true);
      assert.equal(meta['additionalProperties'], false);
      assert.deepEqual((meta['anyOf'] as Schema[]).map((b) => b['required']), [['name'], ['generateName']]);
      assert.ok((meta['properties'] as Schema)['namespace'], `${k.kind}: namespace is allowed`);
      for (const p of Object.keys(props)) assert.ok(['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(p), p);
    }
  });

  test('no Calico prose and no untranslated OpenAPI keywords are left', () => {
    for (const f of SCHEMA_FILES) {
      walk(readJson<Schema>(f), (s, ptr) => {
        for (const k of ['description', 'nullable', 'x-kubernetes-validations', 'example']) assert.ok(!(k in s), `${f}#${ptr} has ${k}`);
        if ('title' in s) assert.equal(ptr, '', `${f}#${ptr}: titles only at the top`);
      });
    }
  });

  test('objects are strict unless they preserve unknown fields', () => {
    for (const f of SCHEMA_FILES) {
      const root = readJson<Schema>(f);
      walk(root, (s, ptr) => {
        // The dispatcher and its `if: {properties: {kind: ...}}` tests are open on purpose; each definition is closed.
        if (f === 'calico.json' && (ptr === '' || /^\/allOf\/\d+\/if$/.test(ptr))) return;
        const isObject = s['type'] === 'object' || (Array.isArray(s['type']) && s['type'].includes('object'));
        if (isObject && s['x-kubernetes-preserve-unknown-fields'] !== true && !(s['additionalProperties'] && typeof s['additionalProperties'] === 'object')) {
          assert.equal(s['additionalProperties'], false, `${f}#${ptr} must close its properties`);
        }
        if (s['properties'] !== undefined && !isObject) {
          // Only the ObjectMeta name/generateName branches, which declare `x: true` for ajv's strictRequired.
          const parent = resolvePointer(root, ptr.replace(/\/anyOf\/\d+$/, '')) as Schema;
          assert.equal(parent['x-calico-object-meta'], true, `${f}#${ptr}: properties without type object`);
          assert.ok(Object.values(s['properties'] as Schema).every((v) => v === true), `${f}#${ptr}`);
        }
        if (s['x-kubernetes-list-type'] === 'set') assert.equal(s['uniqueItems'], true, `${f}#${ptr}: sets reject duplicates`);
      });
    }
  });

  test('int-or-string fields are anyOf integer/string and keep their marker', () => {
    let seen = 0;
    for (const k of KINDS) walk(schemaOf(k.kind) as Json, (s, ptr) => {
      if (s['x-kubernetes-int-or-string'] !== true) return;
      seen++;
      const branches = s['anyOf'] as Schema[];
      assert.deepEqual(branches.map((b) => b['type']), ['integer', 'string'], ptr);
      assert.equal(s['type'], undefined, ptr);
      assert.equal(s['pattern'], undefined, `${ptr}: pattern belongs to the string branch`);
    });
    assert.ok(seen >= 50, `${seen} int-or-string fields`);
  });

  test('every pattern is valid Go RE2, and the RE2-only constructs mean what Go means', () => {
    let patterns = 0;
    const inline = new Set<string>();
    for (const f of SCHEMA_FILES) {
      walk(readJson<Schema>(f), (s, ptr) => {
        if (typeof s['pattern'] !== 'string') return;
        patterns++;
        const p = s['pattern'] as string;
        assert.equal(goRegexpProblem(p), undefined, `${f}#${ptr}: ${p}`);
        if (p.includes('(?i)')) inline.add(p);
      });
    }
    assert.ok(patterns > 100 && inline.size > 5, `${patterns} patterns, ${inline.size} with (?i)`);
    // `(?i)` in the middle of a pattern (JavaScript has no such syntax) folds as Go folds.
    const mode = '^(?i)(Disabled|Strict|Loose)?$';
    assert.ok(inline.has(mode));
    for (const [v, ok] of [['strict', true], ['LOOSE', true], ['', true], ['\u017Ftrict', true], ['Strictly', false]] as const) {
      assert.equal(goRegexp(mode).test(v), ok, v);
    }
  });

  test('every default satisfies its own schema', () => {
    let n = 0;
    for (const k of KINDS) {
      walk(schemaOf(k.kind) as Json, (s, ptr) => {
        if (s['default'] === undefined) return;
        n++;
        const { default: d, ...rest } = s;
        assert.ok(newAjv().validate({ ...rest } as Schema, d), `${k.kind}#${ptr}: default ${JSON.stringify(d)}`);
      });
    }
    assert.ok(n > 10);
  });

  test('calico.json dispatches on kind to local definitions only', () => {
    const c = readJson<Schema>('calico.json');
    assert.deepEqual(c['required'], ['apiVersion', 'kind']);
    const defs = c['definitions'] as Schema;
    assert.deepEqual((c['allOf'] as Schema[]).map((x) => ((x['if'] as Schema)['properties'] as Schema)['kind']), KINDS.map((k) => ({ const: k.kind })));
    walk(c, (s, ptr) => {
      if (typeof s['$ref'] === 'string') {
        assert.match(s['$ref'], /^#\/definitions\//, ptr);
        assert.ok(resolvePointer(c, s['$ref'].slice(1)) !== undefined, `${ptr}: ${s['$ref']} resolves`);
      }
    });
    const v = newAjv().compile(c);
    for (const f of FIXTURE_DOCS) assert.ok(v(f.doc), `${f.file}#${f.index}: ${JSON.stringify(v.errors?.slice(0, 3))}`);
    assert.equal(v({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'x' }, spec: { bogus: 1 } }), false);
    assert.equal(v({ apiVersion: 'projectcalico.org/v3', kind: 'NotAKind', metadata: { name: 'x' } }), false);
    assert.ok(defs['ObjectMeta']);
  });
});

describe('schemas: kinds.json and cel-rules.json', () => {
  test('kinds.json lists the 22 kinds, sorted, with existing files', () => {
    assert.equal(KINDS.length, 22);
    const names = KINDS.map((k) => k.kind);
    assert.deepEqual(names, [...names].sort());
    for (const k of KINDS) {
      assert.equal(k.file, `${k.kind.toLowerCase()}.json`);
      assert.ok(existsSync(join(SCHEMAS, k.file)), k.file);
      assert.ok(k.scope === 'Cluster' || k.scope === 'Namespaced', k.kind);
      assert.ok(Array.isArray(k.shortNames) && /^[a-z]+$/.test(k.plural), k.kind);
    }
    const namespaced = KINDS.filter((k) => k.scope === 'Namespaced').map((k) => k.kind);
    assert.deepEqual(namespaced, ['NetworkPolicy', 'NetworkSet', 'StagedKubernetesNetworkPolicy', 'StagedNetworkPolicy']);
    assert.deepEqual(KINDS.find((k) => k.kind === 'GlobalNetworkPolicy')!.shortNames, ['gnp', 'cgnp']);
  });

  test('every CEL rule points into its kind schema, with a matching instance path and no message', () => {
    assert.ok(CEL.length > 100);
    for (const r of CEL) {
      assert.deepEqual(Object.keys(r).filter((k) => !['kind', 'schemaPath', 'instancePath', 'rule', 'fieldPath', 'reason'].includes(k)), []);
      const target = resolvePointer(schemaOf(r.kind) as Json, r.schemaPath);
      assert.ok(target && typeof target === 'object' && !Array.isArray(target), `${r.kind} ${r.schemaPath}`);
      assert.equal(r.instancePath, instancePathFor(r.schemaPath), `${r.kind} ${r.schemaPath}`);
      assert.ok(r.rule.trim().length > 0);
    }
    const gnp = CEL.filter((r) => r.kind === 'GlobalNetworkPolicy' && r.schemaPath === '/properties/spec').map((r) => r.rule);
    assert.ok(gnp.some((r) => r.includes('applyOnForward') && r.includes('doNotTrack')), 'the doNotTrack/applyOnForward rule is there');
  });

  test('the CEL interpreter understands every non-transition rule', () => {
    for (const r of CEL.filter((c) => !isTransitionRule(c))) assert.doesNotThrow(() => parseCel(r.rule), r.rule);
  });
});

describe('schemas: fixtures', () => {
  test('every kind has fixtures, each naming its source on the first line', () => {
    const dirs = new Set(FIXTURE_DOCS.map((f) => f.dir));
    for (const k of KINDS) assert.ok(dirs.has(k.kind.toLowerCase()), `no fixture for ${k.kind}`);
    for (const f of FIXTURE_DOCS) assert.match(f.firstLine, /^# (Source: https:\/\/\S+|Hand-written)/, f.file);
    assert.ok(FIXTURE_DOCS.some((f) => (f.doc as Schema)['kind'] === 'GlobalNetworkPolicy'
      && ((f.doc as Schema)['metadata'] as Schema)['name'] === 'memcached-server'), 'the memcached doNotTrack example');
  });

  for (const f of FIXTURE_DOCS) {
    test(`valid fixture ${f.file}#${f.index}`, () => {
      const doc = f.doc as Schema;
      const info = KINDS.find((k) => k.kind === doc['kind']);
      assert.ok(info, `${f.file}: unknown kind ${String(doc['kind'])}`);
      assert.equal(info.kind.toLowerCase(), f.dir, 'fixture is in its kind folder');
      assert.deepEqual(errorsOf(info.kind, doc).map((e) => `${e.instancePath} ${e.keyword} ${e.message}`), []);
      assert.deepEqual(celViolations(info.kind, f.doc), []);
    });
  }
});

describe('schemas: invalid documents', () => {
  const base: Record<string, Json> = {
    GlobalNetworkPolicy: { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: 'p' },
      spec: { selector: "role == 'db'", types: ['Ingress'], ingress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: [6379] } }] } },
    NetworkPolicy: { apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'prod' },
      spec: { selector: "role == 'db'", ingress: [{ action: 'Allow', icmp: { type: 8 }, protocol: 'ICMP' }] } },
    StagedGlobalNetworkPolicy: { apiVersion: 'projectcalico.org/v3', kind: 'StagedGlobalNetworkPolicy', metadata: { name: 'p' },
      spec: { stagedAction: 'Set', selector: 'all()', egress: [{ action: 'Deny' }] } },
    StagedNetworkPolicy: { apiVersion: 'projectcalico.org/v3', kind: 'StagedNetworkPolicy', metadata: { name: 'p', namespace: 'prod' },
      spec: { selector: 'all()', ingress: [{ action: 'Deny' }] } },
    StagedKubernetesNetworkPolicy: { apiVersion: 'projectcalico.org/v3', kind: 'StagedKubernetesNetworkPolicy', metadata: { name: 'p', namespace: 'prod' },
      spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP', port: 5432 }] }] } },
    HostEndpoint: { apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: { name: 'h' },
      spec: { node: 'n1', interfaceName: 'eth0', ports: [{ name: 'ssh', port: 22, protocol: 'TCP' }] } },
    GlobalNetworkSet: { apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkSet', metadata: { name: 's' }, spec: { nets: ['10.0.0.0/8'] } },
    NetworkSet: { apiVersion: 'projectcalico.org/v3', kind: 'NetworkSet', metadata: { name: 's', namespace: 'prod' }, spec: { nets: ['10.0.0.0/8'] } },
    Tier: { apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'security' }, spec: { order: 300, defaultAction: 'Deny' } },
    FelixConfiguration: { apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: 'default' }, spec: { iptablesFilterDenyAction: 'Drop' } },
  };
  // Mutations poke at arbitrary paths of a JSON document; `any` keeps them one-liners.
  type Mutate = (d: any) => void;
  const cases: Array<[kind: string, what: string, mutate: Mutate, keyword: string, path: string]> = [
    ['GlobalNetworkPolicy', 'unknown spec field', (d) => { d.spec.doNotTrak = true; }, 'additionalProperties', '/spec'],
    ['GlobalNetworkPolicy', 'unknown rule field', (d) => { d.spec.ingress[0].port = 80; }, 'additionalProperties', '/spec/ingress/0'],
    ['GlobalNetworkPolicy', 'order is a number', (d) => { d.spec.order = 'first'; }, 'type', '/spec/order'],
    ['GlobalNetworkPolicy', 'bad action', (d) => { d.spec.ingress[0].action = 'allow'; }, 'enum', '/spec/ingress/0/action'],
    ['GlobalNetworkPolicy', 'types is a set', (d) => { d.spec.types = ['Ingress', 'Ingress']; }, 'uniqueItems', '/spec/types'],
    ['GlobalNetworkPolicy', 'types values', (d) => { d.spec.types = ['Inbound']; }, 'enum', '/spec/types/0'],
    ['GlobalNetworkPolicy', 'missing spec', (d) => { delete d.spec; }, 'required', ''],
    ['GlobalNetworkPolicy', 'missing name', (d) => { d.metadata = { labels: { a: 'b' } }; }, 'anyOf', '/metadata'],
    ['GlobalNetworkPolicy', 'unknown metadata field', (d) => { d.metadata.label = {}; }, 'additionalProperties', '/metadata'],
    ['GlobalNetworkPolicy', 'label values are strings', (d) => { d.metadata.labels = { on: true }; }, 'type', '/metadata/labels/on'],
    ['GlobalNetworkPolicy', 'wrong apiVersion', (d) => { d.apiVersion = 'crd.projectcalico.org/v1'; }, 'const', '/apiVersion'],
    ['GlobalNetworkPolicy', 'port is int or string', (d) => { d.spec.ingress[0].destination.ports = [true]; }, 'anyOf', '/spec/ingress/0/destination/ports/0'],
    ['NetworkPolicy', 'ICMP type maximum', (d) => { d.spec.ingress[0].icmp.type = 255; }, 'maximum', '/spec/ingress/0/icmp/type'],
    ['NetworkPolicy', 'ICMP code minimum', (d) => { d.spec.ingress[0].icmp.code = -1; }, 'minimum', '/spec/ingress/0/icmp/code'],
    ['NetworkPolicy', 'ipVersion enum', (d) => { d.spec.ingress[0].ipVersion = 5; }, 'enum', '/spec/ingress/0/ipVersion'],
    ['NetworkPolicy', 'rule action required', (d) => { delete d.spec.ingress[0].action; }, 'required', '/spec/ingress/0'],
    ['NetworkPolicy', 'selector length', (d) => { d.spec.ingress[0].source = { selector: 'x'.repeat(1025) }; }, 'maxLength', '/spec/ingress/0/source/selector'],
    ['StagedGlobalNetworkPolicy', 'stagedAction enum', (d) => { d.spec.stagedAction = 'Apply'; }, 'enum', '/spec/stagedAction'],
    ['StagedGlobalNetworkPolicy', 'unknown field', (d) => { d.spec.preDnat = true; }, 'additionalProperties', '/spec'],
    ['StagedGlobalNetworkPolicy', 'applyOnForward is boolean', (d) => { d.spec.applyOnForward = 'yes'; }, 'type', '/spec/applyOnForward'],
    ['StagedNetworkPolicy', 'egress is a list', (d) => { d.spec.egress = { action: 'Allow' }; }, 'type', '/spec/egress'],
    ['StagedNetworkPolicy', 'tier is a string', (d) => { d.spec.tier = 1; }, 'type', '/spec/tier'],
    ['StagedKubernetesNetworkPolicy', 'policyTypes is a set', (d) => { d.spec.policyTypes = ['Ingress', 'Ingress']; }, 'uniqueItems', '/spec/policyTypes'],
    ['StagedKubernetesNetworkPolicy', 'policyTypes has at most 2 entries', (d) => { d.spec.policyTypes = ['Ingress', 'Egress', 'Other']; }, 'maxItems', '/spec/policyTypes'],
    ['StagedKubernetesNetworkPolicy', 'unknown peer field', (d) => { d.spec.ingress[0].from = [{ podSelektor: {} }]; }, 'additionalProperties', '/spec/ingress/0/from/0'],
    ['HostEndpoint', 'interface name length', (d) => { d.spec.interfaceName = 'a-very-long-interface'; }, 'maxLength', '/spec/interfaceName'],
    ['HostEndpoint', 'port maximum', (d) => { d.spec.ports[0].port = 65536; }, 'maximum', '/spec/ports/0/port'],
    ['HostEndpoint', 'port entry needs a name', (d) => { delete d.spec.ports[0].name; }, 'required', '/spec/ports/0'],
    ['GlobalNetworkSet', 'nets is a set', (d) => { d.spec.nets = ['10.0.0.0/8', '10.0.0.0/8']; }, 'uniqueItems', '/spec/nets'],
    ['NetworkSet', 'nets are strings', (d) => { d.spec.nets = [10]; }, 'type', '/spec/nets/0'],
    ['Tier', 'defaultAction enum', (d) => { d.spec.defaultAction = 'Allow'; }, 'enum', '/spec/defaultAction'],
    ['Tier', 'condition reason pattern', (d) => { d.status = { conditions: [{ type: 'Ready', status: 'True', reason: '1bad', message: '', lastTransitionTime: '2025-01-01T00:00:00Z' }] }; }, 'pattern', '/status/conditions/0/reason'],
    ['FelixConfiguration', 'RE2 (?i) pattern', (d) => { d.spec.iptablesFilterDenyAction = 'Dropp'; }, 'pattern', '/spec/iptablesFilterDenyAction'],
    ['FelixConfiguration', 'decimal durations are rejected as in the CRD', (d) => { d.spec.reportingInterval = '1.5s'; }, 'pattern', '/spec/reportingInterval'],
  ];

  test('the base documents are valid', () => {
    for (const [kind, doc] of Object.entries(base)) {
      assert.deepEqual(errorsOf(kind, doc).map((e) => `${e.instancePath} ${e.keyword}`), [], kind);
      assert.deepEqual(celViolations(kind, doc), [], kind);
    }
    // (?i) patterns accept any case, as RE2 does.
    const felix = structuredClone(base['FelixConfiguration']) as { spec: Record<string, string> };
    felix.spec['iptablesFilterDenyAction'] = 'rEjEcT';
    assert.deepEqual(errorsOf('FelixConfiguration', felix), []);
  });

  for (const [kind, what, mutate, keyword, path] of cases) {
    test(`${kind}: ${what} -> ${keyword} at ${path || '(root)'}`, () => {
      const doc = structuredClone(base[kind]!);
      mutate(doc);
      const errors = errorsOf(kind, doc);
      assert.ok(errors.some((e) => e.keyword === keyword && e.instancePath === path),
        `expected ${keyword} at ${path}, got ${JSON.stringify(errors.map((e) => [e.keyword, e.instancePath]))}`);
    });
  }

  const celCases: Array<[kind: string, what: string, mutate: Mutate, rule: RegExp]> = [
    ['GlobalNetworkPolicy', 'doNotTrack needs applyOnForward', (d) => { d.spec.doNotTrack = true; }, /applyOnForward/],
    ['GlobalNetworkPolicy', 'preDNAT forbids egress', (d) => { d.spec.preDNAT = true; d.spec.applyOnForward = true; d.spec.egress = [{ action: 'Allow' }]; }, /preDNAT.*egress/],
    ['GlobalNetworkPolicy', 'icmp needs an ICMP protocol', (d) => { d.spec.ingress[0].icmp = { type: 8 }; }, /has\(self.icmp\)/],
    ['NetworkPolicy', 'ICMP code needs a type', (d) => { d.spec.ingress[0].icmp = { code: 0 }; }, /has\(self.code\)/],
    ['HostEndpoint', 'interfaceName or expectedIPs', (d) => { delete d.spec.interfaceName; }, /expectedIPs/],
    ['Tier', 'the default tier must deny', (d) => { d.metadata.name = 'default'; d.spec.order = 1000000; d.spec.defaultAction = 'Pass'; }, /'default'.*Deny/],
  ];
  for (const [kind, what, mutate, rule] of celCases) {
    test(`CEL ${kind}: ${what}`, () => {
      const doc = structuredClone(base[kind]!);
      mutate(doc);
      assert.deepEqual(errorsOf(kind, doc).map((e) => e.keyword), [], 'schema-valid, only CEL catches it');
      const v = celViolations(kind, doc as Json);
      assert.ok(v.some((x) => rule.test(x)), `expected a CEL violation matching ${rule}, got ${JSON.stringify(v)}`);
    });
  }

  test('CEL on IPPool: CIDR must be masked, link-local is refused, block size must fit', () => {
    const pool = (spec: Json) => ({ apiVersion: 'projectcalico.org/v3', kind: 'IPPool', metadata: { name: 'p' }, spec });
    assert.deepEqual(celViolations('IPPool', pool({ cidr: '10.1.0.0/16' })), []);
    assert.ok(celViolations('IPPool', pool({ cidr: '10.1.0.5/16' })).some((x) => x.includes('masked')));
    assert.ok(celViolations('IPPool', pool({ cidr: '169.254.0.0/16' })).some((x) => x.includes('169.254')));
    assert.ok(celViolations('IPPool', pool({ cidr: '10.1.0.0/28' })).some((x) => x.includes('prefixLength')));
    assert.deepEqual(celViolations('IPPool', pool({ cidr: 'fd00:10::/64', blockSize: 122 })), []);
  });
});

describe('schemas: generated files are up to date', () => {
  test('regenerating from the CRDs gives the committed files', { skip: !existsSync(CRDS) && 'CRD folder not present' }, () => {
    assert.ok(generate, 'generator loaded');
    const { files } = generate(CRDS);
    for (const [name, text] of files) assert.equal(readFileSync(join(SCHEMAS, name), 'utf8'), text, `${name} differs: run node scripts/gen-schemas.mjs`);
    assert.deepEqual([...files.keys()].sort(), readdirSync(SCHEMAS).filter((f) => f.endsWith('.json')).sort());
  });

  const ENTERPRISE_CRDS = join(ROOT, '..', 'shared', 'calico-enterprise-crds');
  test('regenerating from the Calico Enterprise CRDs gives schemas/enterprise/', { skip: !existsSync(ENTERPRISE_CRDS) && 'Enterprise CRD folder not present' }, () => {
    assert.ok(generate, 'generator loaded');
    const out = join(SCHEMAS, 'enterprise');
    const { files } = generate!(ENTERPRISE_CRDS, 'enterprise');
    for (const [name, text] of files) assert.equal(readFileSync(join(out, name), 'utf8'), text, `enterprise/${name} differs: run node scripts/gen-schemas.mjs --edition enterprise`);
    assert.deepEqual([...files.keys()].sort(), readdirSync(out).filter((f) => f.endsWith('.json')).sort());
  });
});
