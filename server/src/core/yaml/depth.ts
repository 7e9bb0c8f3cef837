/**
 * How deeply a YAML text nests its collections, measured on the `yaml` package's CST without
 * recursion, and the cut that keeps every later step within a fixed depth.
 *
 * What the components accept: Kubernetes tooling (kubectl, calicoctl, the API server) decodes YAML
 * with go-yaml, whose scanner refuses more than 10,000 nested flow collections or block indentation
 * levels ("exceeded max depth of 10000"), and then JSON with Go's encoding/json, which refuses more
 * than 10,000 nested arrays and objects. So a document whose collections nest more than 10,000 deep
 * is refused, and it is reported (as a YAML error, at the collection that goes one level too far);
 * a shallower one is not refused for its depth, and gets no diagnostic for it.
 *
 * What we can afford: the `yaml` composer recurses once per level and overflows the stack a few
 * hundred levels further down, and so would any recursive walk over our trees (tree building,
 * `toJson`, rules, fixes). No Calico field lies more than a dozen levels deep, so nothing below
 * `ANALYSIS_MAX_DEPTH` can hold anything to check. Every collection nested deeper than that is
 * blanked out of the text before composing: its first character becomes `~` (a null; a block
 * sequence keeps its `-` and becomes a list of one null, since an indentless sequence may stand in
 * its parent's column where a `~` would read as a new key), the rest becomes spaces, line breaks
 * kept. The text keeps its length, so every offset outside the cut stays exact, and what lies
 * outside the cut parses exactly as before.
 *
 * Invariants: linear in the number of tokens (each is visited at most twice: once by the scan,
 * once by the end-of-region walk of the one blanked region it lies in); no recursion; pure.
 */
import type { CST } from 'yaml';

/** More nested collections than this are refused by go-yaml and by Go's encoding/json. */
export const KUBERNETES_MAX_DEPTH = 10_000;

/** Collections nested deeper than this are cut out before composing (see the module comment). */
export const ANALYSIS_MAX_DEPTH = 256;

export interface BlankRegion {
  start: number;
  end: number;
  /** Past the region's last character that is not white space or a comment. */
  content: number;
  /** A block sequence: its leading `-` is kept. */
  seq: boolean;
}

export interface NestingScan {
  /** The outermost collections nested deeper than `ANALYSIS_MAX_DEPTH`, in text order. */
  blank: BlankRegion[];
  /** The first collection nested deeper than `KUBERNETES_MAX_DEPTH` (its first character). */
  tooDeep?: { start: number; end: number };
}

type Token = CST.Token;

function isCollection(t: Token): t is CST.BlockMap | CST.BlockSequence | CST.FlowCollection {
  return t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection';
}

const LAYOUT = new Set(['space', 'newline', 'comment']);

/**
 * Offsets just past the last character of `token` and everything it holds (`end`), and past its
 * last character that is not white space or a comment (`content`). Iterative.
 */
export function tokenExtent(token: Token): { end: number; content: number } {
  let end = token.offset;
  let content = token.offset;
  const stack: Token[] = [token];
  const source = (t: { type: string; offset: number; source: string }): void => {
    const e = t.offset + t.source.length;
    if (e > end) end = e;
    if (!LAYOUT.has(t.type) && e > content) content = e;
  };
  const sources = (list: readonly CST.SourceToken[] | undefined): void => {
    if (list) for (const s of list) source(s);
  };
  while (stack.length > 0) {
    const t = stack.pop()!;
    switch (t.type) {
      case 'block-scalar': {
        // The body follows the header (and its comment and line break), which are `props`.
        let at = t.offset;
        for (const p of t.props) {
          if ('source' in p && typeof p.source === 'string') {
            source(p);
            at = Math.max(at, p.offset + p.source.length);
          }
        }
        const e = at + t.source.trimEnd().length;
        if (e > content) content = e;
        if (at + t.source.length > end) end = at + t.source.length;
        break;
      }
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (t.type === 'flow-collection') {
          source(t.start);
          sources(t.end);
        }
        for (const item of t.items) {
          sources(item.start);
          sources(item.sep);
          if (item.key) stack.push(item.key);
          if (item.value) stack.push(item.value);
        }
        break;
      }
      case 'document':
        sources(t.start);
        sources(t.end);
        if (t.value) stack.push(t.value);
        break;
      default:
        if ('source' in t && typeof t.source === 'string') source(t as { type: string; offset: number; source: string });
        if ('end' in t && Array.isArray(t.end)) sources(t.end);
    }
  }
  return { end, content };
}

/** Scans the CST tokens of a text (as `Parser.parse` yields them) for nesting depth. */
export function scanNesting(tokens: Iterable<Token>, analysisMax = ANALYSIS_MAX_DEPTH, kubernetesMax = KUBERNETES_MAX_DEPTH): NestingScan {
  const out: NestingScan = { blank: [] };
  // Each entry: a token and how many collections enclose it.
  const stack: Array<{ token: Token; outer: number }> = [];
  for (const top of tokens) {
    if (top.type === 'document' && top.value) stack.push({ token: top.value, outer: 0 });
    // Inside a blanked region while `outer >= regionLevel` (the region's subtree is visited in one run).
    let regionLevel = Infinity;
    while (stack.length > 0) {
      const { token, outer } = stack.pop()!;
      if (outer < regionLevel) regionLevel = Infinity;
      if (!isCollection(token)) continue;
      const level = outer + 1;
      if (level > kubernetesMax && !out.tooDeep) out.tooDeep = { start: token.offset, end: token.offset + 1 };
      if (level > analysisMax && regionLevel === Infinity) {
        out.blank.push({ start: token.offset, ...tokenExtent(token), seq: token.type === 'block-seq' });
        regionLevel = level;
      }
      // Below the cut only the Kubernetes limit is looked for; once it is found, nothing more is.
      if (regionLevel !== Infinity && out.tooDeep) continue;
      // Children are pushed last-first so that they are visited in text order.
      for (let i = token.items.length - 1; i >= 0; i--) {
        const item = token.items[i]!;
        if (item.value) stack.push({ token: item.value, outer: level });
        if (item.key) stack.push({ token: item.key, outer: level });
      }
    }
  }
  out.blank.sort((a, b) => a.start - b.start);
  return out;
}

/**
 * `text` with every region blanked (same length, line breaks kept): the region's last character of
 * content becomes `~`, a null that ends where the collection ended, so every enclosing node keeps
 * its span; the content before it becomes spaces. A block sequence also keeps its first `-` (an
 * indentless sequence stands in its parent key's column, where a `~` would read as a new key), and
 * its last `-` when that is its last content (an empty item in the same column). Comments and
 * white space after the last content are left alone: the `yaml` parser refuses a key that more
 * than 1,024 characters of white space precede, so no long blank run may end at a key.
 */
export function blankRegions(text: string, regions: readonly BlankRegion[]): string {
  if (regions.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const r of regions) {
    if (r.start < at || r.end <= r.start) continue;
    const last = Math.max(r.start, Math.min(r.content, r.end) - 1);
    parts.push(text.slice(at, r.start));
    const keepDash = r.seq && text.charCodeAt(r.start) === 45; /* - */
    if (last === r.start) parts.push(keepDash ? '-' : '~');
    else {
      parts.push(keepDash ? '-' : ' ');
      parts.push(blank(text.slice(r.start + 1, last)));
      parts.push(keepDash && text.charCodeAt(last) === 45 ? '-' : '~');
    }
    at = last + 1;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function blank(s: string): string {
  return s.replace(/[^\r\n]/g, ' ');
}

/**
 * The last resort, for the one case the CST itself cannot be built: the `yaml` parser closes the
 * block collections that a less indented line ends with one nested call per collection, so a line
 * that ends about two thousand of them at once overflows the stack. Such a text has lines whose
 * structure (indentation, then `- ` and `? ` indicators) reaches past a thousand columns. Here
 * each line whose structure reaches column `limit` is cut there, which bounds block nesting near
 * `2 * limit` levels (`scanNesting` then cuts the rest as usual). A run of such lines becomes one
 * `~` where the first of them began, and spaces: a value, so that no long blank run follows an
 * empty one (see `blankRegions`). Deep comments before that `~` stay, and so do blank lines.
 * Only reached on texts the parser fails on: nothing this far right holds a Calico field, and
 * nothing left of the cut changes unless a plain scalar went on past it.
 */
export function blankDeepLines(text: string, limit = ANALYSIS_MAX_DEPTH / 2): string {
  const parts: string[] = [];
  let at = 0;
  // A `~` stands for the current run of cut lines.
  let placed = false;
  for (let lineStart = 0; lineStart < text.length; ) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    const end = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const j = lineStart;
    lineStart = lineEnd + 1;
    let i = j;
    while (i < end && text.charCodeAt(i) === 32) i++;
    if (i === end) continue; // blank
    const indentCut = i - j >= limit;
    let cutAt = indentCut ? i : -1;
    while (cutAt === -1 && i < end) {
      const c = text.charCodeAt(i);
      const next = i + 1 < end ? text.charCodeAt(i + 1) : 32;
      if ((c !== 45 /* - */ && c !== 63) /* ? */ || (next !== 32 && next !== 9)) break;
      i++;
      while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
      if (i - j >= limit && i < end) cutAt = i;
    }
    const comment = text.charCodeAt(cutAt === -1 ? i : cutAt) === 35; /* # */
    if (cutAt === -1) {
      // A line left whole: content ends the run, a comment does not.
      if (!comment) placed = false;
      continue;
    }
    // A line cut after its own indicators begins a new run.
    if (!indentCut) placed = false;
    if (comment && !placed) continue;
    parts.push(text.slice(at, cutAt), placed ? ' ' : '~', ' '.repeat(end - cutAt - 1));
    at = end;
    placed = true;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
