/**
 * Walking a kind's JSON Schema along a YAML path, for hover and completion: which schema applies
 * at `spec.ingress[0].destination`, which properties it has, and a one-line description of a field
 * built from facts only (type, allowed values, ranges) — never from Calico's prose.
 */
import { DEFAULT_EDITION, schemaFor, type Edition } from './catalog';
import { describePattern } from './patterns';

export type Schema = Record<string, unknown>;

function asSchema(v: unknown): Schema | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Schema) : undefined;
}

/** The object-typed branch of an anyOf/oneOf/allOf, if any (int-or-string has none). */
function objectBranch(s: Schema): Schema {
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = s[key];
    if (Array.isArray(list)) {
      for (const b of list) {
        const bs = asSchema(b);
        if (bs && (bs['properties'] || bs['items'])) return { ...s, ...bs };
      }
    }
  }
  return s;
}

/** The schema at `path` inside `kind`'s schema, or undefined when the path leaves it. */
export function schemaAt(kind: string, path: ReadonlyArray<string | number>, edition: Edition = DEFAULT_EDITION): Schema | undefined {
  let s = asSchema(schemaFor(kind, edition));
  for (const step of path) {
    if (!s) return undefined;
    s = objectBranch(s);
    if (typeof step === 'number') {
      s = asSchema(s['items']);
      continue;
    }
    const props = asSchema(s['properties']);
    const next = props ? asSchema(props[step]) : undefined;
    if (next) s = next;
    else {
      const ap = s['additionalProperties'];
      s = asSchema(ap);
    }
  }
  return s ? objectBranch(s) : undefined;
}

/** The property names a mapping at this schema may hold. */
export function propertiesOf(s: Schema | undefined): string[] {
  const props = s ? asSchema(objectBranch(s)['properties']) : undefined;
  return props ? Object.keys(props) : [];
}

export function isRequired(parent: Schema | undefined, key: string): boolean {
  const req = parent?.['required'];
  return Array.isArray(req) && req.includes(key);
}

function typeWords(s: Schema): string {
  if (s['x-kubernetes-int-or-string']) return 'integer or string';
  const t = s['type'];
  const list = Array.isArray(t) ? t.filter((x) => x !== 'null') : t ? [t] : [];
  const words = list.map((x) => (x === 'object' ? (s['properties'] ? 'mapping' : 'map of string to value') : x === 'array' ? 'list' : String(x)));
  return words.join(' or ') || 'value';
}

/** A one-line, fact-only description of a field's schema (Markdown). */
export function describeSchema(s: Schema): string {
  const parts: string[] = [typeWords(s)];
  const items = asSchema(s['items']);
  if (items) parts[0] = `list of ${typeWords(objectBranch(items))}${Array.isArray(items['enum']) ? ` (${(items['enum'] as unknown[]).map((e) => `\`${String(e)}\``).join(', ')})` : ''}`;
  if (Array.isArray(s['enum'])) parts.push(`one of ${(s['enum'] as unknown[]).map((e) => `\`${String(e)}\``).join(', ')}`);
  if (typeof s['minimum'] === 'number' || typeof s['maximum'] === 'number') parts.push(`range ${s['minimum'] ?? '…'}–${s['maximum'] ?? '…'}`);
  if (typeof s['maxLength'] === 'number') parts.push(`at most ${s['maxLength']} characters`);
  if (typeof s['maxItems'] === 'number') parts.push(`at most ${s['maxItems']} entries`);
  const pattern = s['pattern'] as string | undefined;
  if (typeof pattern === 'string' && pattern !== '^.*' && pattern.length < 200) parts.push(describePattern(pattern));
  if (s['default'] !== undefined) parts.push(`default \`${JSON.stringify(s['default'])}\``);
  return parts.join('; ');
}
