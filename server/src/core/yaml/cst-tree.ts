/**
 * A fast way to build our YAML trees (`tree.ts`) straight from the `yaml` package's CST.
 *
 * The reference path parses with `parseAllDocuments` (lexer, parser and composer), then converts
 * the composer's `Document` nodes into our records with `buildTree`. Most of a document's parse
 * time is the lexer and parser; the composer and the second conversion are pure overhead for us.
 * This module walks the parser's CST once and produces the same records directly.
 *
 * The contract is exact equivalence: whenever `parseSegmentFast` returns a result, it deep-equals
 * what the reference path (`parseAllDocuments` + `buildTree`) gives for the same text, trees and
 * problems alike. To keep that provable the walk mirrors the composer step by step (the
 * `resolve-*` and `compose-*` modules of the `yaml` package, version 2) for the constructs it
 * handles, and gives up — returns `undefined`, "use the reference path" — at every point where the
 * composer would report an error or a warning, and on every construct it does not handle:
 * directives, anchors, aliases, tags, explicit `?` keys, `<<` merge keys, duplicate keys, error
 * tokens, and nesting deeper than a few hundred levels. So a fast result never carries problems.
 * `test/unit/cst-tree.test.ts` checks the equivalence on hand-written cases and by differential
 * fuzzing; any difference found there is a bug here, fixed by giving up in that case.
 *
 * Invariant: never throws (an unexpected exception also means "use the reference path").
 */
import { CST, Parser } from 'yaml';
import type { ParsedSegment } from './tree';
import { resolvePlainScalar } from './scalars';
import { keyString, type ScalarStyle, type YMap, type YNode, type YPair, type YScalar, type YSeq } from './tree';

type Token = CST.Token;
type SourceToken = CST.SourceToken;

/** Thrown (never escapes this module) when the fast path cannot vouch for the result. */
const GIVE_UP: unique symbol = Symbol('give up');

function giveUp(): never {
  throw GIVE_UP;
}

/** Passed to `CST.resolveAsScalar`: any error the composer would report ends the fast path. */
const onScalarError = (): void => giveUp();

// Our own limit, below the depth at which the reference path cuts documents (yaml/depth.ts) and
// any risk of a stack overflow; deeper documents take the reference path.
const MAX_DEPTH = 200;

/** What `resolveProps` tells the composer, restricted to the fields that shape our tree. */
interface Props {
  found: SourceToken | null;
  comma: SourceToken | null;
  comment: string;
  hasNewline: boolean;
  /** Offset after the last property token (or the given offset when there are none). */
  end: number;
}

const EMPTY: SourceToken[] = [];

/**
 * The composer's `resolveProps`, for tokens without anchors or tags. `flow` is true inside flow
 * collections. Gives up wherever the composer reports an error.
 */
function resolveProps(
  tokens: SourceToken[],
  flow: boolean,
  indicator: string,
  next: Token | null | undefined,
  offset: number,
  parentIndent: number,
  startOnNewline: boolean,
): Props {
  let atNewline = startOnNewline;
  let hasSpace = startOnNewline;
  let comment = '';
  let commentSep = '';
  let hasNewline = false;
  let tab: SourceToken | null = null;
  let comma: SourceToken | null = null;
  let found: SourceToken | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (tab) {
      if (atNewline && token.type !== 'comment' && token.type !== 'newline') giveUp();
      tab = null;
    }
    switch (token.type) {
      case 'space':
        // The composer tolerates tabs at the document level before a flow collection only.
        if (!flow && (indicator !== 'doc-start' || next?.type !== 'flow-collection') && token.source.includes('\t')) tab = token;
        hasSpace = true;
        break;
      case 'comment': {
        if (!hasSpace) giveUp();
        const cb = token.source.substring(1) || ' ';
        comment = comment ? comment + commentSep + cb : cb;
        commentSep = '';
        atNewline = false;
        break;
      }
      case 'newline':
        if (atNewline) {
          if (comment) comment += token.source;
        } else commentSep += token.source;
        atNewline = true;
        hasNewline = true;
        hasSpace = true;
        break;
      case 'comma':
        if (!flow || comma) giveUp();
        comma = token;
        atNewline = false;
        hasSpace = false;
        break;
      default:
        if (token.type !== indicator || found) giveUp();
        found = token;
        atNewline = indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
        hasSpace = false;
    }
  }
  const last = tokens[tokens.length - 1];
  const end = last ? last.offset + last.source.length : offset;
  if (tab && ((atNewline && tab.indent <= parentIndent) || next?.type === 'block-map' || next?.type === 'block-seq')) giveUp();
  return { found, comma, comment, hasNewline, end };
}

/** The composer's `resolveEnd`: the offset after trailing space, comments and newlines. */
function resolveEnd(end: SourceToken[] | undefined, offset: number, reqSpace: boolean): number {
  if (!end) return offset;
  let hasSpace = false;
  for (let i = 0; i < end.length; i++) {
    const token = end[i]!;
    switch (token.type) {
      case 'space':
      case 'newline':
        hasSpace = true;
        break;
      case 'comment':
        if (reqSpace && !hasSpace) giveUp();
        break;
      default:
        giveUp();
    }
    offset += token.source.length;
  }
  return offset;
}

/** The composer's `emptyScalarPosition`: where an empty node is placed. */
function emptyScalarPosition(offset: number, before: SourceToken[] | undefined): number {
  if (!before) return offset;
  for (let i = before.length - 1; i >= 0; --i) {
    let st = before[i];
    const type = st!.type;
    if (type === 'space' || type === 'comment' || type === 'newline') {
      offset -= st!.source.length;
      continue;
    }
    st = before[++i];
    while (st?.type === 'space') {
      offset += st.source.length;
      st = before[++i];
    }
    break;
  }
  return offset;
}

/** The composer's `containsNewline`, which decides whether an implicit key spans lines. */
function containsNewline(key: Token | null | undefined): boolean {
  if (!key) return false;
  switch (key.type) {
    case 'alias':
    case 'scalar':
    case 'double-quoted-scalar':
    case 'single-quoted-scalar':
      if (key.source.includes('\n')) return true;
      if (key.end) for (const st of key.end) if (st.type === 'newline') return true;
      return false;
    case 'flow-collection':
      for (const it of key.items) {
        for (const st of it.start) if (st.type === 'newline') return true;
        if (it.sep) for (const st of it.sep) if (st.type === 'newline') return true;
        if (containsNewline(it.key) || containsNewline(it.value)) return true;
      }
      return false;
    default:
      return true;
  }
}

const isBlock = (token: Token | null | undefined): boolean => !!token && (token.type === 'block-map' || token.type === 'block-seq');

/**
 * Records a mapping's scalar key and tells whether the mapping already held one with the same raw
 * text (the composer's `uniqueKeys`). A set per mapping: comparing each key with every earlier one
 * would cost the square of the mapping's size.
 */
function repeatsKey(keys: Set<string>, key: YNode): boolean {
  if (key.kind !== 'scalar') return false;
  if (keys.has(key.text)) return true;
  keys.add(key.text);
  return false;
}

function nullScalar(at: number): YScalar {
  return { kind: 'scalar', type: 'null', value: null, text: '', style: 'plain', start: at, end: at };
}

// Characters that the composer refuses at the start of a plain scalar.
function isBadPlainStart(c: number): boolean {
  return c === 44 /* , */ || c === 37 /* % */ || c === 124 /* | */ || c === 62 /* > */ || c === 64 /* @ */ || c === 96 /* ` */ || c === 9 /* tab */;
}

/**
 * One walk over one CST document. `tail` plays the part of the composer's `range[2]` (the end of
 * a node including its trailing comments), which decides where the next sibling's offsets start.
 */
class Walk {
  tail = 0;

  node(token: Token, depth: number): YNode {
    if (depth > MAX_DEPTH) giveUp();
    switch (token.type) {
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        return this.scalar(token);
      case 'block-map':
        return this.blockMap(token, depth);
      case 'block-seq':
        return this.blockSeq(token, depth);
      case 'flow-collection':
        return this.flowCollection(token, depth);
      default:
        // Aliases, error tokens and anything unexpected.
        return giveUp();
    }
  }

  /** A mapping key; `<<` merge keys are left to the reference path. */
  key(token: Token, depth: number): YNode {
    const k = this.node(token, depth);
    if (k.kind === 'scalar' && k.style === 'plain' && k.text === '<<') giveUp();
    return k;
  }

  /** The composer's `composeEmptyNode` without properties: a null scalar. */
  empty(offset: number, before: SourceToken[] | undefined, props: Props): YScalar {
    const at = emptyScalarPosition(offset, before);
    this.tail = props.comment ? props.end : at;
    return nullScalar(at);
  }

  scalar(token: CST.FlowScalar | CST.BlockScalar): YScalar {
    let text: string;
    let style: ScalarStyle;
    const start = token.offset;
    let end: number;
    const source = token.source;
    if (token.type === 'scalar' && source.indexOf('\n') === -1) {
      // A one-line plain scalar is its own value (the composer only folds lines).
      if (source.length > 0 && isBadPlainStart(source.charCodeAt(0))) giveUp();
      text = source;
      style = 'plain';
      end = start + source.length;
      this.tail = resolveEnd(token.end, end, true);
    } else {
      const r = CST.resolveAsScalar(token, true, onScalarError);
      if (!r) return giveUp();
      text = r.value;
      style =
        token.type === 'scalar' ? 'plain'
        : token.type === 'single-quoted-scalar' ? 'single'
        : token.type === 'double-quoted-scalar' ? 'double'
        : r.type === 'BLOCK_FOLDED' ? 'folded'
        : 'literal';
      end = r.range[1];
      this.tail = r.range[2];
    }
    if (style === 'plain') {
      const { type, value } = resolvePlainScalar(text);
      return { kind: 'scalar', type, value, text, style, start, end };
    }
    return { kind: 'scalar', type: 'string', value: text, text, style, start, end };
  }

  blockMap(bm: CST.BlockMap, depth: number): YMap {
    const pairs: YPair[] = [];
    const keys = new Set<string>();
    let offset = bm.offset;
    let commentEnd: number | null = null;
    for (const item of bm.items) {
      const { start, key, sep, value } = item;
      const keyProps = resolveProps(start, false, 'explicit-key-ind', key ?? sep?.[0], offset, bm.indent, true);
      // Explicit keys (`? key`) are rare; the reference path handles them.
      if (keyProps.found) giveUp();
      if (key) {
        if (key.type === 'block-seq') giveUp();
        if ('indent' in key && key.indent !== bm.indent) giveUp();
      }
      if (!sep) {
        // An item holding only comments (the parser never gives a key without `sep`).
        if (key) giveUp();
        commentEnd = keyProps.end;
        continue;
      }
      if (containsNewline(key)) giveUp();
      const keyNode = key ? this.key(key, depth + 1) : this.empty(keyProps.end, start, keyProps);
      if (repeatsKey(keys, keyNode)) giveUp();
      const valueProps = resolveProps(sep, false, 'map-value-ind', value, this.tail, bm.indent, !key || key.type === 'block-scalar');
      offset = valueProps.end;
      const found = valueProps.found;
      if (!found) giveUp();
      if (value?.type === 'block-map' && !valueProps.hasNewline) giveUp();
      if (keyProps.end < found.offset - 1024) giveUp();
      const valueNode = value ? this.node(value, depth + 1) : this.empty(offset, sep, valueProps);
      offset = this.tail;
      pairs.push({ key: keyNode, keyText: keyString(keyNode), value: valueNode });
    }
    if (commentEnd && commentEnd < offset) giveUp();
    this.tail = commentEnd ?? offset;
    return { kind: 'map', pairs, flow: false, start: bm.offset, end: offset };
  }

  blockSeq(bs: CST.BlockSequence, depth: number): YSeq {
    const items: YNode[] = [];
    let offset = bs.offset;
    let commentEnd: number | null = null;
    for (const { start, value } of bs.items) {
      const props = resolveProps(start, false, 'seq-item-ind', value, offset, bs.indent, true);
      if (!props.found) {
        if (value) giveUp();
        commentEnd = props.end;
        continue;
      }
      items.push(value ? this.node(value, depth + 1) : this.empty(props.end, start, props));
      offset = this.tail;
    }
    this.tail = commentEnd ?? offset;
    return { kind: 'seq', items, flow: false, start: bs.offset, end: offset };
  }

  flowCollection(fc: CST.FlowCollection, depth: number): YMap | YSeq {
    const isMap = fc.start.source === '{';
    const pairs: YPair[] = [];
    const items: YNode[] = [];
    const keys = new Set<string>();
    let offset = fc.offset + fc.start.source.length;
    const n = fc.items.length;
    for (let i = 0; i < n; ++i) {
      const { start, key, sep, value } = fc.items[i]!;
      const props = resolveProps(start, true, 'explicit-key-ind', key ?? sep?.[0], offset, fc.indent, false);
      if (props.found) giveUp();
      if (!sep && !value) {
        // Only a comma and comments: fine after the last item (a trailing comma), else an error.
        if (i === 0 && props.comma) giveUp();
        else if (i < n - 1) giveUp();
        offset = props.end;
        continue;
      }
      if (!isMap && containsNewline(key)) giveUp();
      if (i === 0) {
        if (props.comma) giveUp();
      } else {
        if (!props.comma) giveUp();
        if (props.comment) {
          // The composer moves a comment that follows the comma to the previous item; only the
          // rest stays with this item's properties.
          let prevItemComment = '';
          loop: for (const st of start) {
            switch (st.type) {
              case 'comma':
              case 'space':
                break;
              case 'comment':
                prevItemComment = st.source.substring(1);
                break loop;
              default:
                break loop;
            }
          }
          if (prevItemComment) props.comment = props.comment.substring(prevItemComment.length + 1);
        }
      }
      if (!isMap && !sep) {
        // A plain item of a flow sequence.
        if (isBlock(value)) giveUp();
        items.push(value ? this.node(value, depth + 1) : this.empty(props.end, sep, props));
        offset = this.tail;
        continue;
      }
      if (isBlock(key) || isBlock(value)) giveUp();
      // In a flow sequence, `a: b` is a one-pair flow mapping one level down (see buildTree).
      const pairDepth = isMap ? depth + 1 : depth + 2;
      const keyNode = key ? this.key(key, pairDepth) : this.empty(props.end, start, props);
      const valueProps = resolveProps(sep ?? EMPTY, true, 'map-value-ind', value, this.tail, fc.indent, false);
      if (valueProps.found) {
        if (!isMap && sep) {
          for (const st of sep) {
            if (st === valueProps.found) break;
            if (st.type === 'newline') giveUp();
          }
          if (props.end < valueProps.found.offset - 1024) giveUp();
        }
      } else if (value) giveUp();
      const valueNode = value ? this.node(value, pairDepth) : valueProps.found ? this.empty(valueProps.end, sep, valueProps) : null;
      const pair: YPair = { key: keyNode, keyText: keyString(keyNode), value: valueNode };
      if (isMap) {
        if (repeatsKey(keys, keyNode)) giveUp();
        pairs.push(pair);
      } else {
        const last = valueNode ?? keyNode;
        items.push({ kind: 'map', pairs: [pair], flow: true, start: keyNode.start, end: last.end });
      }
      offset = valueNode ? this.tail : valueProps.end;
    }
    const ce = fc.end[0];
    if (!ce || ce.source !== (isMap ? '}' : ']')) giveUp();
    const cePos = ce.offset + ce.source.length;
    this.tail = fc.end.length > 1 ? resolveEnd(fc.end.slice(1), cePos, true) : cePos;
    return isMap
      ? { kind: 'map', pairs, flow: true, start: fc.offset, end: cePos }
      : { kind: 'seq', items, flow: true, start: fc.offset, end: cePos };
  }

  /** The composer's `composeDoc`; returns the document's root node. */
  document(doc: CST.Document): YNode {
    const { start, value, end } = doc;
    const props = resolveProps(start, false, 'doc-start', value ?? end?.[0], doc.offset, 0, true);
    if (props.found && value && (value.type === 'block-map' || value.type === 'block-seq') && !props.hasNewline) giveUp();
    const root = value ? this.node(value, 0) : this.empty(props.end, start, props);
    resolveEnd(end, this.tail, false);
    return root;
  }
}

/**
 * Builds the trees of every document in `text` from the CST, or returns `undefined` when the text
 * holds anything this fast path does not handle exactly like `parseAllDocuments` + `buildTree`
 * (see the module comment). A result never has problems: texts with problems take the
 * reference path.
 */
export function parseSegmentFast(text: string): ParsedSegment | undefined {
  try {
    const roots: ParsedSegment['roots'] = [];
    const walk = new Walk();
    for (const token of new Parser().parse(text)) {
      switch (token.type) {
        case 'document':
          roots.push({ root: walk.document(token), offset: token.offset });
          break;
        case 'doc-end':
          // `...` before any document is an error for the composer.
          if (roots.length === 0) giveUp();
          resolveEnd(token.end, token.offset + token.source.length, true);
          break;
        case 'byte-order-mark':
        case 'space':
        case 'comment':
        case 'newline':
          break;
        default:
          // Directives, error tokens and anything unexpected.
          giveUp();
      }
    }
    return { roots, problems: [] };
  } catch {
    return undefined;
  }
}
