/**
 * Completion: whole-resource snippets where a resource can start (`snippet-placement.ts`), field
 * names where a key is expected, allowed values (enums, booleans, protocols, `kind`, `apiVersion`)
 * after `key: `, and the items of a list whose items are a closed set (`types`), in flow
 * (`[Ingress, |]`) and block (`- |`) form, leaving out the items already listed.
 *
 * The context is read from the text, line by line, rather than from the parse tree, because the
 * line being typed is usually not valid YAML yet. Field names and values come from the kind's
 * schema, so every kind gets completion without extra code.
 */
import type { Workspace } from '../workspace/workspace';
import { propertiesOf, schemaAt as schemaAtIn, describeSchema, type Schema } from '../schema/lookup';
import { DEFAULT_EDITION } from '../schema/catalog';
import { SNIPPETS } from './snippets';
import { canStartResource } from './snippet-placement';
import { itemChoices, scalarChoices, type ValueChoice } from './value-choices';

export interface CompletionEntry {
  label: string;
  kind: 'snippet' | 'property' | 'value';
  /** Text to insert (snippet syntax when `snippet` is true). */
  insertText: string;
  snippet: boolean;
  detail?: string;
  /** Plain text for snippets; Markdown for values. */
  documentation?: string;
  /** Span of text the completion replaces (the word being typed). */
  start: number;
  end: number;
}

export interface CompletionOptions {
  /** Offer the snippets (off when the editor already has them, as VS Code does through the extension). */
  snippets: boolean;
}

interface Line {
  /** The line's text without its line break. */
  text: string;
  start: number;
}

/**
 * The lines of `text`, ended by `\n`, `\r\n` or a lone `\r`, as LSP counts them (and as the
 * editor shows them): a line of this table is the line the cursor's position names. Splitting
 * on `\n` alone once left a lone `\r` inside a line's text, where no pattern below expects one.
 */
function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    out.push({ text: text.slice(start, i), start });
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    start = i + 1;
  }
  out.push({ text: text.slice(start), start });
  return out;
}

// The value (group 4) starts after one blank and keeps the rest of the blanks: with `\s+(.*)` the
// two would compete for them, and a failing match would cost the square of their number.
// `s`: a line may hold U+2028 or U+2029, which `.` would not match; they end no line in LSP or YAML.
const KEY_LINE = /^(\s*)((?:-\s+)*)([^\s#'"{[\-][^:#]*?|"[^"]*"|'[^']*'):(?:\s(.*))?$/s;

interface Open {
  col: number;
  step: string | number;
  item: boolean;
}

/** Columns of the `-` indicators at the start of a line, and the column where its content starts. */
function dashesOf(line: string): { indent: number; dashes: number[]; content: number } {
  const m = /^(\s*)((?:-\s+)*)/.exec(line)!;
  const indent = m[1]!.length;
  const dashes: number[] = [];
  let col = indent;
  const run = m[2]!;
  for (let i = 0; i < run.length; ) {
    dashes.push(col);
    let j = i + 1;
    while (j < run.length && run[j] !== '-') j++;
    col += j - i;
    i = j;
  }
  return { indent, dashes, content: indent + run.length };
}

function openItem(stack: Open[], d: number): void {
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.col > d || (top.col === d && top.item)) stack.pop();
    else break;
  }
  stack.push({ col: d, step: 0, item: true });
}

/**
 * The key path of the mapping that a key at column `col` on line `idx` belongs to, found by
 * replaying the indentation of the document's lines up to that line (tolerant of invalid YAML).
 */
function parentPath(lines: readonly Line[], idx: number, col: number): Array<string | number> {
  const stack: Open[] = [];
  for (let l = 0; l < idx; l++) {
    const text = lines[l]!.text;
    if (/^\s*(#.*)?$/s.test(text) || /^(---|\.\.\.)(\s|$)/.test(text) || /^%/.test(text)) continue;
    const { dashes, content } = dashesOf(text);
    for (const d of dashes) openItem(stack, d);
    const km = KEY_LINE.exec(' '.repeat(content) + text.slice(content));
    while (stack.length > 0 && stack[stack.length - 1]!.col >= content && !(dashes.length > 0 && stack[stack.length - 1]!.item && stack[stack.length - 1]!.col === dashes[dashes.length - 1])) stack.pop();
    if (km && (!km[4]?.trimStart() || /^[|>]/.test(km[4]!.trimStart()))) stack.push({ col: content, step: unquote(km[3]!), item: false });
  }
  // The line being completed: its own dashes open items too.
  const { dashes } = dashesOf(lines[idx]!.text.slice(0, col));
  for (const d of dashes) if (d < col) openItem(stack, d);
  while (stack.length > 0 && stack[stack.length - 1]!.col >= col) stack.pop();
  return stack.map((o) => o.step);
}

function unquote(k: string): string {
  return /^["'].*["']$/s.test(k) ? k.slice(1, -1) : k.trim();
}

function kindOf(lines: readonly Line[]): string | undefined {
  for (const l of lines) {
    const m = /^kind:\s*["']?([A-Za-z]+)["']?\s*(#.*)?$/s.exec(l.text);
    if (m) return m[1];
  }
  return undefined;
}

/** Keys already present in the mapping a key at column `col` on line `idx` belongs to. */
function siblingKeys(lines: readonly Line[], idx: number, col: number): Set<string> {
  const out = new Set<string>();
  const scan = (from: number, step: number) => {
    for (let l = from; l >= 0 && l < lines.length; l += step) {
      const t = lines[l]!.text;
      if (/^\s*(#.*)?$/s.test(t)) continue;
      if (/^(---|\.\.\.)(\s|$)/.test(t)) return;
      const { dashes, content: c } = dashesOf(t);
      if (c < col) return;
      if (c === col) {
        const km = KEY_LINE.exec(' '.repeat(c) + t.slice(c));
        if (km) out.add(unquote(km[3]!));
        if (dashes.length > 0 && step < 0) return;
      }
    }
  };
  scan(idx - 1, -1);
  scan(idx + 1, 1);
  return out;
}

/** Strips one pair of matching quotes from an item as written in a list. */
function itemText(raw: string): string {
  const t = raw.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}

/**
 * The items of the block sequence whose `-` is at column `dash` on line `idx`: the other `- x`
 * lines at that column, up and down, until a line less indented (or at that column but not an
 * item) ends the list. Comments after an item are dropped; nested content is skipped.
 */
function blockItems(lines: readonly Line[], idx: number, dash: number): Set<string> {
  const out = new Set<string>();
  const scan = (from: number, step: number) => {
    for (let l = from; l >= 0 && l < lines.length; l += step) {
      const t = lines[l]!.text;
      if (/^\s*(#.*)?$/s.test(t)) continue;
      if (/^(---|\.\.\.)(\s|$)/.test(t)) return;
      const { indent } = dashesOf(t);
      if (indent > dash) continue;
      if (indent < dash || t[dash] !== '-') return;
      const rest = t.slice(dash + 1);
      const hash = rest.indexOf(' #');
      out.add(itemText(hash === -1 ? rest : rest.slice(0, hash)));
    }
  };
  scan(idx - 1, -1);
  scan(idx + 1, 1);
  return out;
}

/** The items already written in a flow sequence: `before` (up to the cursor) and the rest of the line. */
function flowItems(before: string, after: string): Set<string> {
  const out = new Set<string>();
  const done = before.split(',');
  done.pop();
  for (const d of done) out.add(itemText(d));
  const close = after.indexOf(']');
  const rest = (close === -1 ? after : after.slice(0, close)).split(',');
  rest.shift();
  for (const r of rest) out.add(itemText(r));
  out.delete('');
  return out;
}

function valueEntries(choices: readonly ValueChoice[], start: number, end: number, skip?: ReadonlySet<string>): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  for (const c of choices) {
    if (skip?.has(c.value)) continue;
    const e: CompletionEntry = { label: c.value, kind: 'value', insertText: c.value, snippet: false, start, end };
    if (c.documentation) e.documentation = c.documentation;
    out.push(e);
  }
  return out;
}

/** Completion items at `offset` of file `fileId`. */
export function getCompletions(ws: Workspace, fileId: string, offset: number, options: CompletionOptions): CompletionEntry[] {
  const file = ws.getFile(fileId);
  if (!file || offset < 0 || offset > file.length) return [];
  // Only the document under the cursor is read (never the whole file's text).
  const doc = file.documentAt(offset);
  const lines = linesOf(doc.text).map((l) => ({ text: l.text, start: l.start + doc.start }));
  let idx = lines.findIndex((l, i) => offset >= l.start && (i === lines.length - 1 || offset < lines[i + 1]!.start));
  if (idx === -1) idx = lines.length - 1;
  const line = lines[idx]!;
  // What is typed before the cursor on its line (never the line break: an offset between a `\r`
  // and its `\n` counts as the end of the line).
  const before = line.text.slice(0, Math.max(0, offset - line.start));
  const out: CompletionEntry[] = [];
  const kind = kindOf(lines);
  // Fields, values and kinds of the edition in use (Enterprise kinds complete only there).
  const edition = ws.settings.edition ?? DEFAULT_EDITION;
  const schemaAt = (k: string, p: ReadonlyArray<string | number>): Schema | undefined => schemaAtIn(k, p, edition);

  // An item of a flow sequence: `types: [Ingress, |]`. Nested flow collections are not completed.
  const flowMatch = /^(\s*)((?:-\s+)*)([A-Za-z0-9_.\/-]+):\s+\[([^[\]{}#]*)$/.exec(before);
  if (flowMatch) {
    const col = flowMatch[1]!.length + flowMatch[2]!.length;
    const inside = flowMatch[4]!;
    const piece = inside.slice(inside.lastIndexOf(',') + 1).trimStart();
    const word = piece[0] === '"' || piece[0] === "'" ? piece.slice(1) : piece;
    if (!/^[A-Za-z0-9_.\/-]*$/.test(word)) return out;
    const path = col === 0 ? [] : parentPath(lines, idx, col);
    const choices = itemChoices(kind, [...path, flowMatch[3]!], edition);
    if (!choices) return out;
    const after = line.text.slice(before.length);
    return valueEntries(choices, offset - word.length, offset, flowItems(inside, after));
  }

  const keyMatch = /^(\s*)((?:-\s+)*)([A-Za-z0-9_.\/-]*)$/.exec(before);
  if (keyMatch) {
    const word = keyMatch[3]!;
    const start = offset - word.length;
    const col = keyMatch[1]!.length + keyMatch[2]!.length;
    if (options.snippets && canStartResource(lines, idx, col)) {
      for (const s of SNIPPETS) {
        out.push({ label: s.prefix, kind: 'snippet', insertText: s.body, snippet: true, detail: s.name, documentation: s.description, start, end: offset });
      }
    }
    const path = col === 0 ? [] : parentPath(lines, idx, col);
    const effectiveKind = kind ?? (col === 0 ? 'GlobalNetworkPolicy' : undefined);
    if (!effectiveKind) return out;
    // Right after a `-` of a list whose items are a closed set of scalars (`types:` then `- |`):
    // the values not listed yet, instead of field names.
    if (keyMatch[2] && typeof path[path.length - 1] === 'number') {
      const choices = itemChoices(effectiveKind, path.slice(0, -1), edition);
      if (choices) {
        const dash = dashesOf(before).dashes;
        return [...out, ...valueEntries(choices, start, offset, blockItems(lines, idx, dash[dash.length - 1]!))];
      }
    }
    const schema = schemaAt(effectiveKind, path);
    const present = siblingKeys(lines, idx, col);
    for (const key of propertiesOf(schema)) {
      if (present.has(key)) continue;
      const child = schemaAt(effectiveKind, [...path, key]);
      out.push({ label: key, kind: 'property', insertText: `${key}: `, snippet: false, detail: child ? describeSchema(child) : undefined, start, end: offset });
    }
    return out;
  }

  const valueMatch = /^(\s*)((?:-\s+)*)([A-Za-z0-9_.\/-]+):\s+([^\s#]*)$/.exec(before);
  if (valueMatch) {
    const col = valueMatch[1]!.length + valueMatch[2]!.length;
    const path = col === 0 ? [] : parentPath(lines, idx, col);
    const word = valueMatch[4]!;
    out.push(...valueEntries(scalarChoices(kind, [...path, valueMatch[3]!], edition), offset - word.length, offset));
  }
  return out;
}
