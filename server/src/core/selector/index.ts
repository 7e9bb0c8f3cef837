/**
 * Public API of the Calico label-selector module: parse a selector string, get Calico's canonical
 * form, evaluate it against labels and inspect it.
 *
 * The module reproduces the behaviour of Calico's own selector package (libcalico-go/lib/selector)
 * so that "valid here" means "Calico accepts it" and "matches here" means "Calico selects it"; see
 * docs/dev/selectors.md for the language summary.
 *
 * Invariants:
 * - Pure TypeScript with no I/O and no dependencies, so it runs in the language server, the CLI
 *   and tests alike.
 * - `parseSelector` never throws, whatever the input (including unbalanced or extremely deep
 *   nesting), and all offsets it reports are UTF-16 indexes into the given text.
 * - Results are immutable and may be shared: a small cache returns the same result object for
 *   a repeated selector string, because policy files repeat the same selectors many times.
 */

import { collectLabelKeys, formatSelector, type SelectorNode } from './ast';
import type { SelectorError } from './errors';
import { evaluateTree, type Labels } from './evaluate';
import { parseTree } from './parser';
import { computeLabelRestrictions, type LabelRestriction } from './restrictions';
import { tokenize } from './tokenizer';

export type { SelectorError } from './errors';
export type { Labels } from './evaluate';
export type {
  AllNode,
  AndNode,
  CompareKind,
  CompareNode,
  GlobalNode,
  HasNode,
  LabelNode,
  NotNode,
  OrNode,
  SelectorNode,
  SetNode,
} from './ast';
export { compareCodePoints, formatSelector, prefixLabels, walkNodes } from './ast';
export type { LabelRestriction } from './restrictions';
export { isSatisfiable, restrictionsToObject } from './restrictions';
export type { Token, TokenKind, TokenizeResult } from './tokenizer';
export { MAX_LABEL_LENGTH, tokenize } from './tokenizer';

export interface Selector {
  /** Calico's canonical String() form. */
  readonly canonical: string;
  matches(labels: Labels): boolean;
  /** True when the expression uses global() anywhere. */
  readonly usesGlobal: boolean;
  /** True when it is all() / empty. */
  readonly isAll: boolean;
  /** The text that was parsed. */
  readonly source: string;
  /** The syntax tree, with source offsets. */
  readonly root: SelectorNode;
  /** Distinct label names the selector refers to, in order of first appearance. */
  readonly labelKeys: readonly string[];
  /** Calico's per-label lower bound on what a matching object must carry (see restrictions.ts). */
  labelRestrictions(): ReadonlyMap<string, LabelRestriction>;
}

export type ParseResult = { ok: true; selector: Selector } | { ok: false; error: SelectorError };

class ParsedSelector implements Selector {
  readonly source: string;
  readonly root: SelectorNode;
  readonly usesGlobal: boolean;
  // Derived views are computed on first use: most parses only need validity.
  private canonicalText: string | undefined;
  private keys: readonly string[] | undefined;
  private restrictions: ReadonlyMap<string, LabelRestriction> | undefined;

  constructor(source: string, root: SelectorNode, usesGlobal: boolean) {
    this.source = source;
    this.root = root;
    this.usesGlobal = usesGlobal;
  }

  get canonical(): string {
    return (this.canonicalText ??= formatSelector(this.root));
  }

  get isAll(): boolean {
    return this.root.kind === 'all';
  }

  get labelKeys(): readonly string[] {
    return (this.keys ??= Object.freeze(collectLabelKeys(this.root)));
  }

  matches(labels: Labels): boolean {
    return evaluateTree(this.root, labels);
  }

  labelRestrictions(): ReadonlyMap<string, LabelRestriction> {
    return (this.restrictions ??= computeLabelRestrictions(this.root));
  }
}

// A bounded cache of recent results. Map iteration order is insertion order, so the first key is
// the oldest entry; long strings are not cached to keep the memory bound meaningful.
const CACHE_LIMIT = 2000;
const CACHEABLE_LENGTH = 2048;
const cache = new Map<string, ParseResult>();

function parseUncached(text: string): ParseResult {
  try {
    const parsed = parseTree(text);
    if (!parsed.ok) return Object.freeze({ ok: false, error: Object.freeze({ ...parsed.error }) });
    return Object.freeze({ ok: true, selector: new ParsedSelector(text, parsed.root, parsed.usesGlobal) });
  } catch (e) {
    // The parser is written not to throw; this guard keeps that promise even for a bug or an
    // engine limit (such as running out of memory on an absurd input).
    const detail = e instanceof Error ? e.message : String(e);
    return Object.freeze({ ok: false, error: Object.freeze({ message: `could not parse selector: ${detail}`, offset: 0, end: text.length }) });
  }
}

/** Parses a Calico selector. Never throws. */
export function parseSelector(text: string): ParseResult {
  if (typeof text !== 'string') {
    return { ok: false, error: { message: 'a selector must be a string', offset: 0, end: 0 } };
  }
  if (text.length > CACHEABLE_LENGTH) return parseUncached(text);
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const result = parseUncached(text);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(text, result);
  return result;
}

/** The first problem Calico would report for `text`, or undefined when Calico accepts it. */
export function validateSelector(text: string): SelectorError | undefined {
  const result = parseSelector(text);
  return result.ok ? undefined : result.error;
}

/**
 * True when the selector consists of `global()` and nothing else (blanks aside). Calico's
 * validator allows `global()` in a rule's namespaceSelector only in this form, and checks it on
 * the token stream, so even `(global())` or `!!global()` fail the check.
 */
export function isBareGlobal(text: string): boolean {
  const lexed = tokenize(text);
  return lexed.ok && lexed.tokens.length === 2 && lexed.tokens[0]!.kind === 'global';
}
