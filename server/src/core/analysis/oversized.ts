/**
 * The analysis of a document too large to check in full (longer than the workspace's
 * `maxDocumentSize`): one information diagnostic that says so, and a check of its YAML syntax.
 *
 * Why not the full analysis: a resource of many megabytes (a GlobalNetworkSet with a million nets)
 * costs seconds of work and gigabytes of memory to parse into a tree and validate, and the
 * Kubernetes API server would refuse to store it anyway (etcd limits an object to about 1.5 MiB).
 *
 * The syntax check streams the text through the `yaml` package's lexer and parser, which find
 * structural errors (unexpected tokens, bad indentation of block collections, unterminated flow
 * collections) as `error` tokens in the concrete syntax tree. The parser keeps every item of an
 * open collection, so finished items are inspected for errors and dropped as it goes: memory stays
 * bounded by the nesting depth, not the size. Finished pieces of block collections are composed
 * in their context first, so the composer's own errors (indentation, keys on several lines,
 * repeated keys) are found too. Only the errors on the line of the first one are reported.
 *
 * The check is a generator: it stops between lexical tokens when `pause()` says so and resumes
 * where it stopped, so a language server can answer requests in between.
 *
 * Invariants: linear in the text; never throws; no diagnostics at all for a document that does
 * not declare a Calico apiVersion (other people's huge YAML is none of our business).
 */
import { Composer, isMap, isScalar, isSeq, Lexer, Parser, type Document } from 'yaml';
import type { Diagnostic } from '../types';
import type { SegmentAnalysis } from './segment';
import { keepInText } from './text-span';
import { calicoApiLine, isTemplate } from './resources';
import { DOCUMENT_TOO_LARGE } from '../rules/document-too-large';
import { yamlProblem, type YamlProblem } from '../yaml/tree';

/** How many lexical tokens pass between two looks at `pause` and two prunings of the tree. */
const TOKENS_PER_STEP = 512;
/** At most this many syntax errors are reported for one oversized document. */
const MAX_ERRORS = 100;
/** How many items of a flow collection are kept when it is pruned (see `prune`). */
const FLOW_KEPT = 1024;

/** A syntax error found, in our words (see `yamlProblem`). */
type Found = YamlProblem;

/**
 * The errors found so far, each once: composing a collection's last items again as context for a
 * deeper piece finds their errors again.
 */
class Findings {
  readonly items: Found[] = [];
  private readonly keys = new Set<string>();

  push(f: Found): void {
    const key = `${f.code}\u0000${f.start}\u0000${f.message}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.items.push(f);
  }

  get length(): number {
    return this.items.length;
  }
}

type YamlError = { code: string; message: string; pos: [number, number] };

// Duplicate keys are found by `KeyTracker` (below), across the pieces a mapping is composed in;
// the composer's own check would see one piece at a time (and costs the square of its size).
const COMPOSE_OPTIONS = { schema: 'failsafe', uniqueKeys: false, keepSourceTokens: true, prettyErrors: false, strict: true } as const;

/**
 * The keys seen so far in each mapping of the document, by the mapping's token in the syntax
 * tree, so a key repeated in a later piece is still found. The rule is the composer's: two scalar
 * keys with the same value (a string, or null for an empty key). A key is known by its own token,
 * so composing the same item twice (as context for a deeper piece) does not repeat it.
 */
class KeyTracker {
  private readonly seen = new WeakMap<object, Map<string | null, unknown>>();

  /** Looks at every mapping of a composed document (iteratively: documents can be deep). */
  visit(doc: Document.Parsed, out: Findings): void {
    const todo: unknown[] = [doc.contents];
    while (todo.length > 0) {
      const n = todo.pop();
      if (isMap(n)) {
        const token = (n as { srcToken?: object }).srcToken;
        let keys = token ? this.seen.get(token) : undefined;
        if (token && !keys) this.seen.set(token, (keys = new Map()));
        for (const pair of n.items) {
          const key = pair.key as unknown;
          if (keys && (key === null || isScalar(key))) {
            const value = key === null ? null : key.value === null ? null : String(key.value);
            const identity = (key as { srcToken?: object } | null)?.srcToken ?? (pair as { srcToken?: object }).srcToken ?? pair;
            const first = keys.get(value);
            if (first === undefined) keys.set(value, identity);
            else if (first !== identity) {
              const range = (key as { range?: [number, number, number] } | null)?.range;
              if (range) out.push(yamlProblem({ code: 'DUPLICATE_KEY', message: '', pos: [range[0], range[1]] }));
            }
          }
          todo.push(pair.value, pair.key);
        }
      } else if (isSeq(n)) {
        for (const item of n.items) todo.push(item);
      }
    }
  }
}

function collect(tracker: KeyTracker, docs: Iterable<Document.Parsed>, out: Findings): Document.Parsed | undefined {
  let last: Document.Parsed | undefined;
  for (const d of docs) {
    for (const e of d.errors) out.push(yamlProblem(e as YamlError));
    tracker.visit(d, out);
    last = d;
  }
  return last;
}

function compose(tracker: KeyTracker, doc: unknown, out: Findings): Document.Parsed | undefined {
  return collect(tracker, new Composer(COMPOSE_OPTIONS).compose([doc as never], false), out);
}

/**
 * Composes the finished items of a block collection in their real context, to find the errors
 * that only composing reveals (items out of line with their siblings, keys on several lines, a
 * sequence used as a key). The document composed is the chain of collections the parser has
 * open, each reduced for the moment to its item under construction, with the collection at
 * `depth` reduced to `items`: so indentation and flow context are what the full composing sees.
 * The tokens are the parser's own, restored right after (the composer only reads them), so the
 * key tracker recognises them. The differential test of `test/unit/oversized.test.ts` holds this
 * to the full parse.
 */
function composeInContext(tracker: KeyTracker, stack: readonly unknown[], depth: number, items: unknown[], out: Findings): number | undefined {
  const restore: Array<() => void> = [];
  // Sets a property for the moment, to be put back as it was.
  const put = (obj: Record<string, unknown>, key: string, value: unknown): void => {
    const had = Object.prototype.hasOwnProperty.call(obj, key);
    const old = obj[key];
    obj[key] = value;
    restore.push(() => {
      if (had) obj[key] = old;
      else delete obj[key];
    });
  };
  try {
    put(stack[depth] as Record<string, unknown>, 'items', items);
    for (let i = depth - 1; i >= 0; i--) {
      const parent = stack[i] as Record<string, unknown>;
      const child = stack[i + 1];
      // The parser attaches an open collection to its parent only when it closes.
      if (parent['type'] === 'document') {
        if (parent['value'] !== undefined && parent['value'] !== child) return undefined;
        put(parent, 'value', child);
        const doc = compose(tracker, parent, out);
        return doc ? endOfPiece(doc, depth) : undefined;
      }
      const pItems = parent['items'];
      if (!Array.isArray(pItems) || pItems.length === 0) return undefined;
      const last = pItems[pItems.length - 1] as Record<string, unknown>;
      // Only the plain case, where the open collection is the value of its parent's last item; in
      // any other (a collection as a key, say) these items are composed with the whole document.
      if (last['value'] !== undefined && last['value'] !== child) return undefined;
      if (parent['type'] === 'flow-collection') return undefined;
      // The parent keeps its items (two at most: the parents are pruned first), so its own
      // offsets are what the full composing sees; their errors, found again, are counted once.
      put(last, 'value', child);
    }
  } finally {
    for (let i = restore.length - 1; i >= 0; i--) restore[i]!();
  }
  return undefined;
}

/**
 * Where the composed piece (the collection at `depth` of the chain) ends: the offset the composer
 * carries from its last item to the next one, which the kept items must start from.
 */
function endOfPiece(doc: Document.Parsed, depth: number): number | undefined {
  let node: unknown = doc.contents;
  for (let level = 1; level < depth; level++) {
    if (isMap(node)) node = node.items[node.items.length - 1]?.value;
    else if (isSeq(node)) node = node.items[node.items.length - 1];
    else return undefined;
  }
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return isMap(node) || isSeq(node) ? range?.[1] : undefined;
}

/** The parser's own error tokens in a finished piece of the tree (iteratively: trees can be deep). */
function collectErrorTokens(root: unknown, out: Findings): void {
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    const x = todo.pop();
    if (typeof x !== 'object' || x === null) continue;
    if (Array.isArray(x)) {
      for (let i = x.length - 1; i >= 0; i--) todo.push(x[i]);
      continue;
    }
    const t = x as { type?: unknown; offset?: unknown; message?: unknown; source?: unknown };
    if (t.type === 'error' && typeof t.offset === 'number') {
      const source = typeof t.source === 'string' ? t.source : '';
      const text = String(t.message) + (source ? `: ${JSON.stringify(source.length > 40 ? `${source.slice(0, 37)}...` : source)}` : '');
      out.push(yamlProblem({ code: 'UNEXPECTED_TOKEN', message: text, pos: [t.offset, t.offset + Math.max(1, source.length)] }));
      continue;
    }
    for (const key in x) {
      const v = (x as Record<string, unknown>)[key];
      if (typeof v === 'object' && v !== null) todo.push(v);
    }
  }
}

/**
 * Drops the finished items of the collections the parser has open, after looking for errors in
 * them. The parser only ever looks at the last two items of a collection (to attach a trailing
 * comment to the one before the last), so those are kept.
 *
 * Items of a block collection are composed in context first. A flow collection is pruned only
 * when it holds thousands of items, and its dropped items are only searched for the parser's own
 * error tokens: the parser rewrites a flow collection's items when it closes, so composing them
 * earlier could report what is not there, and the composer's errors in them (a block collection
 * inside) go unseen. The comma that separated the last dropped item from the first kept one is in
 * the kept item's tokens, and is dropped with them (the composer would read it as a stray comma).
 */
function prune(tracker: KeyTracker, parser: Parser, found: Findings): void {
  const stack = parser.stack as unknown[];
  for (let depth = 0; depth < stack.length; depth++) {
    const t = stack[depth] as Record<string, unknown>;
    const items = t['items'];
    if (!Array.isArray(items) || items.length <= 2) continue;
    const flow = t['type'] === 'flow-collection';
    // A flow collection is composed whole when it closes, so its items are dropped only when it
    // grows past what a document written by hand holds (a JSON document of megabytes does).
    if (flow && items.length <= 2 * FLOW_KEPT) continue;
    const done = items.length - (flow ? FLOW_KEPT : 2);
    let end: number | undefined;
    if (t['type'] === 'block-map' || t['type'] === 'block-seq') end = composeInContext(tracker, stack, depth, items.slice(0, done), found);
    else if (t['type'] === 'flow-collection') {
      collectErrorTokens(items.slice(0, done), found);
      const start = (items[done] as { start?: Array<{ type?: string }> }).start;
      if (Array.isArray(start)) {
        const comma = start.findIndex((x) => x.type !== 'space' && x.type !== 'newline' && x.type !== 'comment');
        if (comma !== -1 && start[comma]!.type === 'comma') start.splice(comma, 1);
      }
    } else continue;
    items.splice(0, done);
    // The composer measures an item from where the item before it ended (starting from the
    // collection's offset): the kept items now start where the dropped ones ended.
    if (t['type'] !== 'flow-collection') {
      const first = end ?? firstOffset(items[0]);
      if (first !== undefined) t['offset'] = first;
    }
  }
}

/** The number of collection items the parser holds on its stack. */
function heldItems(parser: Parser): number {
  let n = 0;
  for (const t of parser.stack) {
    const items = (t as { items?: unknown[] }).items;
    if (Array.isArray(items)) n += items.length;
  }
  return n;
}

/** Offset of the first token of a collection item (its start, key, separator or value). */
function firstOffset(item: unknown): number | undefined {
  const it = item as { start?: Array<{ offset?: number }>; key?: { offset?: number } | null; sep?: Array<{ offset?: number }>; value?: { offset?: number } };
  return it.start?.[0]?.offset ?? it.key?.offset ?? it.sep?.[0]?.offset ?? it.value?.offset;
}


/**
 * Analyses an oversized document, stopping whenever `pause()` returns true (checked every few
 * hundred tokens); the last value is the result. The options are for the tests, which prune after
 * every token to exercise the partial composing and watch how much the parser holds.
 */
export interface OversizedOptions {
  /** How many lexical tokens pass between two prunings of the tree and two looks at `pause`. */
  tokensPerStep?: number;
  /** Told, at each pruning, how many collection items the parser still holds (for tests). */
  onStep?: (heldItems: number) => void;
}

export function* analyzeOversized(text: string, limit: number, pause: () => boolean, options: OversizedOptions = {}): Generator<void, SegmentAnalysis, void> {
  const tokensPerStep = options.tokensPerStep ?? TOKENS_PER_STEP;
  if (isTemplate(text)) return { diagnostics: [], summaries: [], calico: false };
  const api = calicoApiLine(text);
  if (!api) return { diagnostics: [], summaries: [], calico: false };
  const diagnostics: Diagnostic[] = [
    {
      code: DOCUMENT_TOO_LARGE,
      severity: 'information',
      message: `This document is too large to check in full (${text.length.toLocaleString('en-US')} characters; the limit is ${limit.toLocaleString('en-US')}): only its YAML syntax is checked. Raise the limit with the calico.maxDocumentSize setting or calico-lint's --max-document-size option.`,
      start: api.start,
      end: api.end,
      data: { size: text.length, limit },
    },
  ];
  const found = new Findings();
  try {
    const parser = new Parser();
    const tracker = new KeyTracker();
    // The stream's own composer takes what the parser hands back: the document (what is left of
    // it after pruning), and stray tokens or directives around it.
    const stream = new Composer(COMPOSE_OPTIONS);
    let n = 0;
    for (const lexeme of new Lexer().lex(text)) {
      for (const token of parser.next(lexeme)) collect(tracker, stream.next(token), found);
      if (++n % tokensPerStep === 0) {
        prune(tracker, parser, found);
        if (options.onStep) options.onStep(heldItems(parser));
        if (found.length >= MAX_ERRORS) break;
        if (pause()) yield;
      }
    }
    for (const token of parser.end()) collect(tracker, stream.next(token), found);
    collect(tracker, stream.end(true, text.length), found);
  } catch (e) {
    // Neither the parser nor the composer throws on any input; if one ever does, say that the
    // check is incomplete.
    diagnostics.push({
      code: 'internal-error',
      severity: 'warning',
      message: `calico-policy-tools could not finish checking the YAML syntax of this document (${e instanceof Error ? e.message : String(e)}). Please report this with the document.`,
      start: api.start,
      end: api.end,
    });
  }
  const all = found.items.sort((a, b) => a.start - b.start);
  // After the first error the parser recovers as best it can, and where a collection was composed
  // in pieces, its recovery is not quite the full parse's: what it finds further on would be
  // guesses. So only the errors of the first error's line are reported (the mistake is there).
  let shown = all;
  if (all.length > 0) {
    const first = Math.max(0, Math.min(all[0]!.start, text.length));
    const nl = text.indexOf('\n', first);
    const lineEnd = nl === -1 ? text.length : nl;
    shown = all.filter((e) => e.start <= lineEnd);
  }
  for (const e of shown.slice(0, MAX_ERRORS)) {
    const start = Math.max(0, Math.min(e.start, text.length));
    const d: Diagnostic = { code: e.code, severity: 'error', message: e.message, start, end: Math.min(text.length, Math.max(start + 1, e.end)) };
    keepInText(d, text);
    diagnostics.push(d);
  }
  diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);
  return { diagnostics, summaries: [], calico: true };
}
