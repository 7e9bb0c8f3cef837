/**
 * Structural validation of one resource against its kind's JSON Schema, with ajv.
 *
 * ajv checks the JSON value Calico would receive (`toJson`); every error is then mapped back onto
 * the YAML tree so the diagnostic lands on the exact key or value, and rewritten into one of our
 * codes with our own message. Kubernetes-specific keywords that JSON Schema lacks are registered
 * here: `x-kubernetes-list-type: map` uniqueness, and the int-or-string and format checks.
 *
 * Invariants: one pair of validators per kind, each compiled lazily on first use (or ahead, by
 * `prepareSchema`) and then reused; ajv's own messages are never shown; nothing here throws on
 * malformed documents.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { DEFAULT_EDITION, schemaFor, type Edition } from './catalog';
import { registerFormats } from './formats';
import { describePattern } from './patterns';
import { ajvRegExpEngine } from '../util/re2';
import { quoteValue } from '../util/strings';
import type { Finding } from '../rules/types';
import { toJson, type YMap, type YNode, type YPair } from '../yaml/tree';
import { unknownFieldMessage } from '../rules/unknown-field';
import { requiredFieldMessage } from '../rules/required-field';
import { typeMismatchMessage } from '../rules/type-mismatch';
import { enumMessage } from '../rules/invalid-value';
import { enterpriseAllowsValue, enterpriseFieldMessage, enterpriseHasField, enterpriseValueMessage } from './edition-hints';

type Report = (code: string, finding: Finding) => void;

/**
 * Two compilations of a kind's schema: `quick` stops at the first error and only answers "valid or
 * not"; `full` collects every error with the schema context our messages need, for the documents
 * `quick` rejected. Most documents are valid, so most only ever run `quick`. `full` is compiled
 * when first needed, or by `prepareSchema`: a run over valid files never pays for it.
 */
class Validators {
  private fullFn: ValidateFunction | undefined;
  constructor(
    private readonly schema: object,
    readonly quick: ValidateFunction,
  ) {}
  get full(): ValidateFunction {
    return (this.fullFn ??= getAjv(true).compile(this.schema));
  }
}

let quickAjv: Ajv | undefined;
let fullAjv: Ajv | undefined;
const validators = new Map<string, Validators | null>();

function getAjv(full: boolean): Ajv {
  if (full && fullAjv) return fullAjv;
  if (!full && quickAjv) return quickAjv;
  const instance = new Ajv({
    allErrors: full,
    strict: false,
    verbose: full,
    validateSchema: false,
    addUsedSchema: false,
    unicodeRegExp: true,
    // The schemas' patterns are the CRDs' Go RE2 patterns, verbatim: match them as Go does, in
    // linear time (JavaScript's backtracking engine is exponential on some of them). ajv's
    // optimisation passes over the generated code are skipped: they doubled compile time (the
    // CLI compiles on first use) without making validation measurably faster.
    code: { regExp: ajvRegExpEngine, optimize: false },
  });
  for (const keyword of [
    'x-kubernetes-int-or-string',
    'x-kubernetes-list-type',
    'x-kubernetes-map-type',
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-embedded-resource',
    'x-calico-object-meta',
  ]) {
    instance.addKeyword({ keyword });
  }
  instance.addKeyword({
    keyword: 'x-kubernetes-list-map-keys',
    type: 'array',
    schemaType: 'array',
    errors: true,
    validate: function listMapKeys(keys: string[], data: unknown[]) {
      const seen = new Map<string, number>();
      const errors: Array<Partial<ErrorObject>> = [];
      data.forEach((item, i) => {
        if (!item || typeof item !== 'object') return;
        const id = JSON.stringify(keys.map((k) => (item as Record<string, unknown>)[k] ?? null));
        const first = seen.get(id);
        if (first === undefined) seen.set(id, i);
        else errors.push({ keyword: 'uniqueItems', params: { i, j: first, keys }, message: 'duplicate' });
      });
      (listMapKeys as unknown as { errors: unknown }).errors = errors;
      return errors.length === 0;
    },
  });
  registerFormats(instance);
  if (full) fullAjv = instance;
  else quickAjv = instance;
  return instance;
}

function validatorFor(kind: string, edition: Edition): Validators | null {
  // Open-source validators keep the bare kind as key; the Enterprise ones are compiled separately
  // (their schemas differ: more fields, more values), each on first use.
  const key = edition === 'oss' ? kind : `enterprise:${kind}`;
  let v = validators.get(key);
  if (v !== undefined) return v;
  const schema = schemaFor(kind, edition);
  v = schema ? new Validators(schema, getAjv(false).compile(schema)) : null;
  validators.set(key, v);
  return v;
}

/**
 * Compiles a kind's validators ahead of their first use (compiling a large schema takes tens of
 * milliseconds), so the first document of that kind is not slowed down.
 */
export function prepareSchema(kind: string, edition: Edition = DEFAULT_EDITION): void {
  void validatorFor(kind, edition)?.full;
}

/** Whether we have a schema for this kind in this edition. */
export function hasSchema(kind: string, edition: Edition = DEFAULT_EDITION): boolean {
  return schemaFor(kind, edition) !== undefined;
}

interface Located {
  node: YNode | null;
  /** The pair whose value is `node`, when `node` is a mapping value. */
  pair?: YPair;
  /** The enclosing sequence item (or root), used when there is no pair. */
  container?: YNode;
}

function unescapePointer(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * The pairs of the mappings errors are located in, by key, built the first time a large mapping
 * is searched: a document with an error on each of thousands of keys of one mapping must not
 * search the mapping once per error. The first pair with a key wins, as a linear search would.
 */
const pairIndex = new WeakMap<YMap, Map<string, YPair>>();

function pairOf(map: YMap, key: string): YPair | undefined {
  if (map.pairs.length <= 8) {
    for (const p of map.pairs) if (p.keyText === key) return p;
    return undefined;
  }
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.pairs) if (p.keyText !== null && !index.has(p.keyText)) index.set(p.keyText, p);
    pairIndex.set(map, index);
  }
  return index.get(key);
}

function locate(root: YNode, pointer: string): Located {
  if (pointer === '') return { node: root };
  let node: YNode | null = root;
  let pair: YPair | undefined;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = unescapePointer(raw);
    if (!node) break;
    if (node.kind === 'map') {
      pair = pairOf(node, seg);
      if (!pair) return { node, pair: undefined };
      node = pair.value;
    } else if (node.kind === 'seq') {
      const item: YNode | undefined = node.items[Number(seg)];
      if (!item) return { node };
      node = item;
      pair = undefined;
    } else break;
  }
  const out: Located = { node };
  if (pair) out.pair = pair;
  return out;
}

/** `/spec/ingress/0/protocol` → `spec.ingress[0].protocol`. */
export function formatPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = unescapePointer(raw);
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

function lastField(pointer: string): string {
  const segs = pointer.split('/').slice(1).map(unescapePointer);
  for (let i = segs.length - 1; i >= 0; i--) if (!/^\d+$/.test(segs[i]!)) return formatPath('/' + segs.slice(0, i + 1).join('/')).split('.').pop()! + segs.slice(i + 1).map((s) => `[${s}]`).join('');
  return '';
}

function valueSpan(loc: Located): { start: number; end: number } {
  const n = loc.node;
  if (n) {
    const s = n.via ?? { start: n.start, end: n.end };
    if (s.end > s.start) return s;
  }
  if (loc.pair) return { start: loc.pair.key.start, end: loc.pair.key.end };
  return n ? { start: n.start, end: n.end } : { start: 0, end: 0 };
}

/** Where to point for "this object lacks field X": the key that holds the object, else its first key. */
function ownerSpan(loc: Located, root: YNode): { start: number; end: number } {
  if (loc.pair) return { start: loc.pair.key.start, end: loc.pair.key.end };
  const n = loc.node ?? root;
  if (n.kind === 'map' && n.pairs.length > 0) {
    const kindPair = n === root ? n.pairs.find((p) => p.keyText === 'kind') : undefined;
    const p = kindPair ?? n.pairs[0]!;
    return { start: p.key.start, end: p.key.end };
  }
  return { start: n.start, end: Math.max(n.end, n.start) };
}

function schemaTypes(schema: unknown): string[] {
  const t = (schema as { type?: string | string[] } | undefined)?.type;
  if (Array.isArray(t)) return t;
  return t ? [t] : [];
}

/**
 * Validates `root` (a resource of kind `kind`) and reports findings. Returns false when there is no
 * schema for the kind.
 */
export function validateSchema(kind: string, root: YMap, report: Report, edition: Edition = DEFAULT_EDITION): boolean {
  const validate = validatorFor(kind, edition);
  if (!validate) return false;
  const value = toJson(root);
  if (validate.quick(value)) return true;
  validate.full(value);
  const errors = validate.full.errors ?? [];
  emitErrors(errors, root, report, kind, edition);
  return true;
}

function emitErrors(errors: readonly ErrorObject[], root: YMap, report: Report, kind: string, edition: Edition): void {
  // anyOf failures come with one error per branch. Keep the branch errors only when the value had
  // the branch's type (e.g. a string failing the string branch's pattern); otherwise report the
  // anyOf itself as a type mismatch.
  const drop = new Set<ErrorObject>();
  const anyOfAsType = new Set<ErrorObject>();
  for (let j = 0; j < errors.length; j++) {
    const a = errors[j]!;
    if (a.keyword !== 'anyOf') continue;
    const prefix = a.schemaPath + '/';
    // ajv reports an anyOf after the errors of its branches, which come right before it (an
    // anyOf that passes takes its branches' errors back): scan back, not through every error.
    let k = j;
    const within = (e: ErrorObject): boolean => e.schemaPath.startsWith(prefix) && (e.instancePath === a.instancePath || e.instancePath.startsWith(`${a.instancePath}/`));
    while (k > 0 && within(errors[k - 1]!)) k--;
    const branch = errors.slice(k, j);
    const relevant = new Set(branch.filter((e) => !(e.keyword === 'type' && e.instancePath === a.instancePath)));
    // "one of these fields is required" (ObjectMeta's name or generateName) is one problem.
    const allRequired = branch.length > 0 && branch.every((e) => e.keyword === 'required' && e.instancePath === a.instancePath);
    if (allRequired) {
      for (const e of branch) drop.add(e);
      anyOfAsType.add(a);
      continue;
    }
    if (relevant.size > 0) drop.add(a);
    else anyOfAsType.add(a);
    for (const e of branch) if (!relevant.has(e) || anyOfAsType.has(a)) drop.add(e);
  }
  const seen = new Set<string>();
  for (const e of errors) {
    if (drop.has(e)) continue;
    const key = `${e.keyword}|${e.instancePath}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    emitOne(e, root, report, anyOfAsType.has(e), kind, edition);
  }
}

function emitOne(e: ErrorObject, root: YMap, report: Report, anyOfAsType: boolean, kind: string, edition: Edition): void {
  const loc = locate(root, e.instancePath);
  const where = formatPath(e.instancePath);
  const field = lastField(e.instancePath);
  const node = loc.node;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      const target = node && node.kind === 'map' ? pairOf(node, name) : undefined;
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      // In the open-source edition, a field that Calico Enterprise has at this place is not a typo:
      // say so (and suggest no open-source name for it).
      const enterprise = edition === 'oss' && enterpriseHasField(kind, e.instancePath, name);
      const { message, data } = enterprise ? enterpriseFieldMessage(name, where) : unknownFieldMessage(name, where, known, kind);
      const span = target ? { start: target.key.start, end: target.key.end } : valueSpan(loc);
      report('unknown-field', { ...span, message, data: { ...data, path: where ? `${where}.${name}` : name } });
      return;
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      report('required-field', { ...ownerSpan(loc, root), message: requiredFieldMessage(missing, where), data: { field: missing, path: where } });
      return;
    }
    case 'anyOf': {
      if (!node) return;
      const branches = ((e.schema as unknown[]) ?? []).flatMap(schemaTypes);
      const alternatives = ((e.schema as Array<{ required?: string[] }>) ?? []).flatMap((b) => b.required ?? []);
      if (alternatives.length > 0 && alternatives.length === ((e.schema as unknown[]) ?? []).length) {
        const [first, ...others] = alternatives;
        const or = others.length > 0 ? ` (or ${others.map((o) => `'${o}'`).join(', ')})` : '';
        report('required-field', { ...ownerSpan(loc, root), message: `${requiredFieldMessage(first!, where).replace(/\.$/, '')}${or}.`, data: { field: first, path: where } });
        return;
      }
      if (anyOfAsType && branches.length > 0) {
        report('type-mismatch', { ...valueSpan(loc), message: typeMismatchMessage(field, [...new Set(branches)], node), data: { expected: branches } });
      } else {
        report('invalid-value', { ...valueSpan(loc), message: `The value of '${field}' does not match any of the accepted forms.` });
      }
      return;
    }
    case 'type': {
      if (!node) return;
      const expected = String((e.params as { type: string }).type).split(',');
      report('type-mismatch', { ...valueSpan(loc), message: typeMismatchMessage(field, expected, node), data: { expected } });
      return;
    }
    case 'enum':
    case 'const': {
      const allowed = e.keyword === 'enum' ? ((e.params as { allowedValues: unknown[] }).allowedValues ?? []) : [(e.params as { allowedValue: unknown }).allowedValue];
      if (edition === 'oss' && enterpriseAllowsValue(kind, e.instancePath, e.data)) {
        report('invalid-value', { ...valueSpan(loc), ...enterpriseValueMessage(field, e.data, allowed) });
        return;
      }
      const { message, data } = enumMessage(field, e.data, allowed);
      report('invalid-value', { ...valueSpan(loc), message, data });
      return;
    }
    case 'pattern': {
      const pattern = (e.params as { pattern: string }).pattern;
      report('invalid-value', { ...valueSpan(loc), message: `${quoteValue(e.data)} is not a valid value for '${field}': ${describePattern(pattern)}.`, data: { pattern } });
      return;
    }
    case 'format': {
      const format = (e.params as { format: string }).format;
      report('invalid-value', { ...valueSpan(loc), message: `${quoteValue(e.data)} is not a valid ${formatName(format)} for '${field}'.`, data: { format } });
      return;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const { comparison, limit } = e.params as { comparison: string; limit: number };
      report('out-of-range', { ...valueSpan(loc), message: `'${field}' must be ${comparison} ${limit}; ${String(e.data)} is out of range.`, data: { limit, comparison } });
      return;
    }
    case 'maxLength':
    case 'minLength': {
      const { limit } = e.params as { limit: number };
      const len = typeof e.data === 'string' ? e.data.length : 0;
      const more = e.keyword === 'maxLength' ? `at most ${limit}` : `at least ${limit}`;
      report('out-of-range', { ...valueSpan(loc), message: `'${field}' must be ${more} characters long; this one has ${len}.`, data: { limit } });
      return;
    }
    case 'maxItems':
    case 'minItems':
    case 'maxProperties':
    case 'minProperties': {
      const { limit } = e.params as { limit: number };
      const count = Array.isArray(e.data) ? e.data.length : e.data && typeof e.data === 'object' ? Object.keys(e.data).length : 0;
      const what = e.keyword.endsWith('Items') ? 'entries' : 'keys';
      const bound = e.keyword.startsWith('max') ? `at most ${limit}` : `at least ${limit}`;
      report('out-of-range', { ...valueSpan(loc), message: `'${field}' may hold ${bound} ${what}; it has ${count}.`, data: { limit } });
      return;
    }
    case 'uniqueItems': {
      const { i, j } = e.params as { i: number; j: number };
      // ajv reports the pair (i, j) with i > j for uniqueItems; our list-map keyword does the same.
      const later = Math.max(i, j);
      const earlier = Math.min(i, j);
      const base = e.instancePath;
      const seq = node && node.kind === 'seq' ? node : undefined;
      const item = seq?.items[later];
      const span = item ? { start: item.start, end: item.end } : valueSpan(loc);
      const listName = lastField(base) || field;
      report('duplicate-item', { ...span, message: `This entry repeats entry ${earlier} of '${listName}'; the list must not contain duplicates.`, data: { index: later, duplicateOf: earlier } });
      return;
    }
    default:
      report('invalid-value', { ...valueSpan(loc), message: `'${field}' is not valid here (${e.keyword}).` });
  }
}

function formatName(format: string): string {
  switch (format) {
    case 'int32':
      return '32-bit integer';
    case 'int64':
      return '64-bit integer';
    case 'date-time':
      return 'RFC 3339 timestamp';
    case 'byte':
      return 'base64 string';
    default:
      return format;
  }
}
