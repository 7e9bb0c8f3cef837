/**
 * A small, immutable view of one parsed YAML document, built for validation.
 *
 * The `yaml` package parses; this module turns its nodes into plain records that carry:
 * - the exact UTF-16 span of every key and value, relative to the text that was parsed;
 * - scalars typed as Kubernetes tooling types them (see `scalars.ts`), not as YAML 1.2 would;
 * - aliases resolved to the anchored node and `<<` merge keys applied (go-yaml v2 supports both),
 *   with the alias span kept so diagnostics can point at the place the user wrote.
 *
 * Invariants: building a tree never throws on any input (problems become `YamlProblem`s), and the
 * tree holds no reference to the `yaml` package's objects, so caching it costs only its own size.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode, type ParsedNode, Scalar } from 'yaml';
import { resolvePlainScalar, type ScalarType } from './scalars';
import type { Diagnostic } from '../types';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

interface NodeBase {
  /** Start of the value (after any anchor or tag). */
  start: number;
  /** End of the value, before trailing comments. */
  end: number;
  /** When the node was reached through an alias, the alias' span (where the user wrote `*x`). */
  via?: { start: number; end: number };
}

export interface YScalar extends NodeBase {
  kind: 'scalar';
  type: ScalarType;
  value: string | number | boolean | null;
  /** The scalar's string content before typing (what a string field would receive). */
  text: string;
  style: ScalarStyle;
  /** Explicit tag such as `!!str`, if any. */
  tag?: string;
}

export interface YPair {
  key: YNode;
  /** The key as a string, as JSON would see it; `null` for complex keys. */
  keyText: string | null;
  /** `null` when the key has no value node at all (`key:` followed by nothing is a null scalar). */
  value: YNode | null;
  /** True when this pair came from a `<<` merge. */
  merged?: boolean;
}

export interface YMap extends NodeBase {
  kind: 'map';
  pairs: YPair[];
  flow: boolean;
}

export interface YSeq extends NodeBase {
  kind: 'seq';
  items: YNode[];
  flow: boolean;
}

export type YNode = YMap | YSeq | YScalar;

/** A problem found while building the tree (unknown anchors, bad merges, unsupported keys). */
export interface YamlProblem {
  start: number;
  end: number;
  message: string;
  code: 'yaml-syntax' | 'duplicate-key';
}

/** A document's text parsed into trees: one per YAML document in it, with the parse's problems. */
export interface ParsedSegment {
  roots: Array<{ root: YNode | null; offset: number }>;
  problems: Diagnostic[];
}

export interface BuildResult {
  root: YNode | null;
  problems: YamlProblem[];
}

const STYLE: Record<string, ScalarStyle> = {
  PLAIN: 'plain',
  QUOTE_SINGLE: 'single',
  QUOTE_DOUBLE: 'double',
  BLOCK_LITERAL: 'literal',
  BLOCK_FOLDED: 'folded',
};

/** Twice `ANALYSIS_MAX_DEPTH`: room for an alias of a deep anchor inside a deep node. */
const MAX_DEPTH = 512;

/**
 * go-yaml's defence against "billion laughs" documents, reproduced so that we refuse exactly what
 * kubectl and calicoctl refuse: once more than 100 nodes have come from alias expansion in a
 * document of more than 1,000 decoded nodes, the share of aliased nodes may not exceed 99% (up to
 * 400,000 nodes), falling linearly to 10% at 4,000,000 nodes.
 */
class AliasBudget {
  private decoded = 0;
  private aliased = 0;
  reported = false;

  /** Counts one decoded node; returns false once the document is over the budget. */
  spend(viaAlias: boolean): boolean {
    this.decoded++;
    if (viaAlias) this.aliased++;
    if (this.aliased <= 100 || this.decoded <= 1000) return true;
    return this.aliased / this.decoded <= allowedAliasRatio(this.decoded);
  }
}

function allowedAliasRatio(decoded: number): number {
  const low = 400_000;
  const high = 4_000_000;
  if (decoded <= low) return 0.99;
  if (decoded >= high) return 0.1;
  return 0.99 - 0.89 * ((decoded - low) / (high - low));
}

/** Builds the tree for a document parsed with `{ schema: 'failsafe' }` (every scalar a string). */
export function buildTree(doc: Document.Parsed): BuildResult {
  const problems: YamlProblem[] = [];
  const anchors = new Map<string, ParsedNode>();
  const converting = new Set<unknown>();
  const aliasBudget = new AliasBudget();
  // How many alias expansions enclose the node being converted (go-yaml counts every node decoded
  // inside an alias as aliased, not just the alias itself).
  let aliasDepth = 0;

  function span(node: YamlNode | null | undefined): { start: number; end: number } {
    const r = (node as ParsedNode | null)?.range;
    return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
  }

  function scalar(node: Scalar, via?: { start: number; end: number }): YScalar {
    const { start, end } = span(node);
    const style = STYLE[node.type ?? 'PLAIN'] ?? 'plain';
    const raw = node.value;
    const text = raw === null || raw === undefined ? '' : String(raw);
    const tag = node.tag && node.tag !== 'tag:yaml.org,2002:str' ? node.tag : undefined;
    let type: ScalarType = 'string';
    let value: string | number | boolean | null = text;
    if (tag) {
      ({ type, value } = resolveTagged(tag, text));
    } else if (style === 'plain') {
      ({ type, value } = resolvePlainScalar(text));
    }
    const out: YScalar = { kind: 'scalar', type, value, text, style, start, end };
    if (node.tag) out.tag = shortTag(node.tag);
    if (via) out.via = via;
    return out;
  }

  function convert(node: YamlNode | null | undefined, depth: number, via?: { start: number; end: number }): YNode | null {
    if (node === null || node === undefined) return null;
    if (!aliasBudget.spend(aliasDepth > 0)) {
      if (!aliasBudget.reported) {
        aliasBudget.reported = true;
        problems.push({ ...span(node), ...(via ?? {}), code: 'yaml-syntax', message: 'The document expands its aliases too many times; Kubernetes YAML decoding refuses such excessive aliasing.' });
      }
      return null;
    }
    // Only aliases reach this deep: the reference path cuts the text at ANALYSIS_MAX_DEPTH before
    // composing (yaml/depth.ts). Kubernetes accepts such depth (up to 10,000 levels), so nothing is
    // reported; what lies below is not checked, and no Calico field lies there.
    if (depth > MAX_DEPTH) return null;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const s = span(node);
      if (!target) {
        problems.push({ ...s, code: 'yaml-syntax', message: `Unknown anchor '${node.source}': define it with '&${node.source}' before using '*${node.source}'.` });
        return null;
      }
      if (converting.has(target)) {
        problems.push({ ...s, code: 'yaml-syntax', message: `The alias '*${node.source}' refers to the node that contains it.` });
        return null;
      }
      aliasDepth++;
      try {
        return convert(target, depth + 1, via ?? s);
      } finally {
        aliasDepth--;
      }
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node as ParsedNode);
    if (isScalar(node)) return scalar(node, via);
    const s = span(node);
    converting.add(node);
    try {
      if (isMap(node)) {
        const pairs: YPair[] = [];
        const merges: YPair[] = [];
        // Repeated keys, found here in one pass with a set (the composer's own `uniqueKeys` check
        // compares every key with every earlier one, the square of the mapping's size). Its rule:
        // two scalar keys with the same value (a string, or null for an empty key), `<<`
        // included; aliases never count. A mapping reached again through an alias was checked
        // where it was written.
        const keyValues = aliasDepth === 0 ? new Set<string | null>() : undefined;
        for (const item of node.items) {
          if (!isPair(item)) continue;
          const keyNode = item.key as YamlNode | null;
          if (keyValues && (keyNode === null || isScalar(keyNode))) {
            const value = keyNode === null ? null : keyNode.value === null ? null : String(keyNode.value);
            if (keyValues.has(value)) {
              const at = keyNode?.range?.[0] ?? s.start;
              const end = keyNode?.range?.[1] ?? at;
              problems.push({ start: at, end: Math.max(end, at), code: 'duplicate-key', message: yamlErrorMessage('DUPLICATE_KEY', '') });
            } else keyValues.add(value);
          }
          if (isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.value === '<<' && !keyNode.tag) {
            collectMerge(item.value as YamlNode | null, depth, merges);
            continue;
          }
          const key = keyNode === null ? emptyKey(s.start) : convert(keyNode, depth + 1);
          if (!key) continue;
          const value = convert(item.value as YamlNode | null, depth + 1);
          pairs.push({ key, keyText: keyString(key), value });
        }
        // Explicit keys win over merged ones, and earlier merges win over later ones (YAML 1.1).
        const seen = new Set(pairs.map((p) => p.keyText));
        for (const m of merges) {
          if (m.keyText !== null && !seen.has(m.keyText)) {
            seen.add(m.keyText);
            pairs.push(m);
          }
        }
        const out: YMap = { kind: 'map', pairs, flow: !!node.flow, ...s };
        if (via) out.via = via;
        return out;
      }
      if (isSeq(node)) {
        const items: YNode[] = [];
        for (const item of node.items) {
          const v = convert(item as YamlNode, depth + 1);
          if (v) items.push(v);
          else if (item === null || (isScalar(item) && item.value === null)) items.push(nullAt(span(item as YamlNode).start));
        }
        const out: YSeq = { kind: 'seq', items, flow: !!node.flow, ...s };
        if (via) out.via = via;
        return out;
      }
    } finally {
      converting.delete(node);
    }
    return null;
  }

  function collectMerge(value: YamlNode | null, depth: number, out: YPair[]): void {
    const sources: YamlNode[] = isSeq(value) ? (value.items as YamlNode[]) : value ? [value] : [];
    for (const src of sources) {
      const converted = convert(src, depth + 1);
      if (!converted || converted.kind !== 'map') {
        const s = span(src);
        problems.push({ ...s, code: 'yaml-syntax', message: "A '<<' merge key needs a mapping, or a list of mappings, to merge." });
        continue;
      }
      for (const p of converted.pairs) out.push({ ...p, merged: true });
    }
  }

  const root = convert(doc.contents as YamlNode | null, 0);
  for (const err of doc.errors) problems.push(yamlProblem(err));
  return { root, problems };
}

/** A `yaml` package error as our problem: our code and wording. */
export function yamlProblem(err: { code: string; message: string; pos: [number, number] }): YamlProblem {
  const code = err.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax';
  return { start: err.pos[0], end: Math.max(err.pos[1], err.pos[0]), code, message: yamlErrorMessage(err.code, err.message) };
}

function emptyKey(at: number): YScalar {
  return { kind: 'scalar', type: 'null', value: null, text: '', style: 'plain', start: at, end: at };
}

function nullAt(at: number): YScalar {
  return { kind: 'scalar', type: 'null', value: null, text: '', style: 'plain', start: at, end: at };
}

/** The key as JSON would see it (`YPair.keyText`); `null` for null and complex keys. Shared with `cst-tree.ts`. */
export function keyString(key: YNode): string | null {
  if (key.kind !== 'scalar') return null;
  if (key.type === 'boolean') return key.value ? 'true' : 'false';
  if (key.type === 'null') return null;
  if (key.type === 'integer' || key.type === 'float') return String(key.value);
  return key.text;
}

function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

function resolveTagged(tag: string, text: string): { type: ScalarType; value: string | number | boolean | null } {
  switch (shortTag(tag)) {
    case '!!str':
    case '!!binary':
    case '!!timestamp':
      return { type: 'string', value: text };
    case '!!int':
    case '!!float':
    case '!!bool':
    case '!!null': {
      const r = resolvePlainScalar(text);
      return r;
    }
    default:
      // Local tags such as `!foo` carry no typing for go-yaml; the text is typed as if plain.
      return resolvePlainScalar(text);
  }
}

/** Our own wording for the `yaml` parser's error codes. */
function yamlErrorMessage(code: string, fallback: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'This key appears twice in the same mapping; Kubernetes and calicoctl reject duplicate keys.';
    case 'TAB_AS_INDENT':
      return 'Tabs cannot be used for indentation in YAML; indent with spaces.';
    case 'BAD_INDENT':
      return 'Unexpected indentation: this line does not line up with its siblings.';
    case 'MISSING_CHAR':
      return `YAML syntax error: ${firstLine(fallback)}`;
    case 'MULTILINE_IMPLICIT_KEY':
      return 'A mapping key must fit on one line; is a ":" or a quote missing on the line before?';
    case 'UNEXPECTED_TOKEN':
      return `YAML syntax error: ${firstLine(fallback)}`;
    default:
      return `YAML syntax error: ${firstLine(fallback)}`;
  }
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

/** Returns the value stored under `key` in a mapping node, if the node is a mapping. */
export function getValue(node: YNode | null | undefined, key: string): YNode | undefined {
  if (!node || node.kind !== 'map') return undefined;
  for (const p of node.pairs) if (p.keyText === key) return p.value ?? undefined;
  return undefined;
}

/** Returns the pair stored under `key` in a mapping node. */
export function getPair(node: YNode | null | undefined, key: string): YPair | undefined {
  if (!node || node.kind !== 'map') return undefined;
  for (const p of node.pairs) if (p.keyText === key) return p;
  return undefined;
}

/** The scalar value under `key` when it is a string, else undefined. */
export function getString(node: YNode | null | undefined, key: string): string | undefined {
  const v = getValue(node, key);
  return v && v.kind === 'scalar' && v.type === 'string' ? (v.value as string) : undefined;
}

/** The scalar value under `key` if it is a boolean, else undefined. */
export function getBoolean(node: YNode | null | undefined, key: string): boolean | undefined {
  const v = getValue(node, key);
  return v && v.kind === 'scalar' && v.type === 'boolean' ? (v.value as boolean) : undefined;
}

/**
 * Converts a node to the JSON value Calico would receive. Null-valued mapping entries are dropped,
 * as the API server prunes nulls from non-nullable fields before validating.
 */
export function toJson(node: YNode | null | undefined): unknown {
  if (!node) return null;
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toJson);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const p of node.pairs) {
        if (p.keyText === null) continue;
        if (!p.value || (p.value.kind === 'scalar' && p.value.type === 'null')) continue;
        out[p.keyText] = toJson(p.value);
      }
      return out;
    }
  }
}

/** Where a diagnostic about this node should point: the alias if it came through one. */
export function spanOf(node: YNode): { start: number; end: number } {
  return node.via ?? { start: node.start, end: node.end };
}
