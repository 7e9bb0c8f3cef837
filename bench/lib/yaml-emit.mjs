// A small YAML writer with explicit control over style, so that generated files mix the styles
// people really write: block and flow sequences, flow mappings, plain / single / double quoted
// strings, two sequence indentations, head comments and trailing comments.
//
// Values: plain objects (block mappings, keys in insertion order), arrays (block sequences),
// `flowSeq([...])`, `flowMap({...})`, `quoted(s, '"' | "'")`, `withComment(value, text)` for a
// trailing `# text` on the value's line, strings, numbers, booleans and null. `obj[HEAD]` holds a
// comment line written before the mapping's first key. Strings are quoted whenever a YAML 1.1
// or 1.2 reader (go-yaml v2, which Calico uses, or the `yaml` package) could read them as anything
// but that string.

export const HEAD = Symbol('head comment');

class Quoted {
  constructor(s, style) {
    this.s = String(s);
    this.style = style;
  }
}
class FlowSeq {
  constructor(items) {
    this.items = items;
  }
}
class FlowMap {
  constructor(entries) {
    this.entries = entries;
  }
}
class Commented {
  constructor(value, text) {
    this.value = value;
    this.text = text;
  }
}

export const quoted = (s, style = '"') => new Quoted(s, style);
export const flowSeq = (items) => new FlowSeq(items);
export const flowMap = (entries) => new FlowMap(entries);
export const withComment = (value, text) => new Commented(value, text);
export const isQuoted = (v) => v instanceof Quoted;
export const isFlowSeq = (v) => v instanceof FlowSeq;
/** The value inside a `withComment` wrapper (or `v` itself). */
export const stripComment = (v) => (v instanceof Commented ? v.value : v);

/** The plain JS value behind a styled one (for mutations that inspect values). */
export function unwrap(v) {
  if (v instanceof Quoted) return v.s;
  if (v instanceof Commented) return unwrap(v.value);
  if (v instanceof FlowSeq) return v.items.map(unwrap);
  if (v instanceof FlowMap) return Object.fromEntries(Object.entries(v.entries).map(([k, x]) => [k, unwrap(x)]));
  return v;
}

/** A deep copy that keeps the style wrappers and head comments. */
export function clone(v) {
  if (v instanceof Quoted) return new Quoted(v.s, v.style);
  if (v instanceof Commented) return new Commented(clone(v.value), v.text);
  if (v instanceof FlowSeq) return new FlowSeq(v.items.map(clone));
  if (v instanceof FlowMap) return new FlowMap(clone(v.entries));
  if (Array.isArray(v)) return v.map(clone);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = clone(x);
    if (v[HEAD]) out[HEAD] = v[HEAD];
    return out;
  }
  return v;
}

// Words YAML 1.1 (go-yaml v2) or 1.2 read as booleans or null, and anything number-like.
const KEYWORD = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
const NUMBERISH = /^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$|^[-+]?0[xob][0-9a-fA-F_]+$|^[-+]?\.(?:inf|nan)$/i;

function needsQuotes(s, inFlow) {
  return (
    s === '' ||
    /^\s|\s$/.test(s) ||
    /^[-?:,[\]{}#&*!|>'"%@`]/.test(s) ||
    /[:#]/.test(s) ||
    KEYWORD.test(s) ||
    NUMBERISH.test(s) ||
    (inFlow && /[,[\]{}]/.test(s))
  );
}

function scalar(v, inFlow) {
  if (v instanceof Quoted) return v.style === "'" && !v.s.includes("'") ? `'${v.s}'` : JSON.stringify(v.s);
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  if (!needsQuotes(s, inFlow)) return s;
  return s.includes("'") ? JSON.stringify(s) : `'${s}'`;
}

function inline(v) {
  if (v instanceof FlowSeq) return `[${v.items.map(inline).join(', ')}]`;
  if (v instanceof FlowMap) return `{${Object.entries(v.entries).map(([k, x]) => `${k}: ${inline(x)}`).join(', ')}}`;
  return scalar(v, true);
}

const isInline = (v) => v === null || typeof v !== 'object' || v instanceof Quoted || v instanceof FlowSeq || v instanceof FlowMap;

/**
 * Writes `value` (a mapping) as block YAML lines into `out`.
 * `indentSeqs`: true writes `key:\n  - item`, false writes `key:\n- item`.
 */
export function emitMapping(obj, indent, out, indentSeqs) {
  const pad = ' '.repeat(indent);
  if (obj[HEAD]) out.push(`${pad}# ${obj[HEAD]}`);
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    emitEntry(`${pad}${k}:`, v, indent, out, indentSeqs);
  }
}

function emitEntry(head, v, indent, out, indentSeqs) {
  let comment = '';
  if (v instanceof Commented) {
    comment = `  # ${v.text}`;
    v = v.value;
  }
  if (isInline(v)) {
    out.push(`${head} ${inline(v)}${comment}`);
  } else if (Array.isArray(v)) {
    if (v.length === 0) return void out.push(`${head} []${comment}`);
    out.push(head + comment);
    emitSequence(v, indent + (indentSeqs ? 2 : 0), out, indentSeqs);
  } else {
    if (Object.keys(v).length === 0) return void out.push(`${head} {}${comment}`);
    out.push(head + comment);
    emitMapping(v, indent + 2, out, indentSeqs);
  }
}

function emitSequence(list, indent, out, indentSeqs) {
  const pad = ' '.repeat(indent);
  for (let item of list) {
    let comment = '';
    if (item instanceof Commented) {
      comment = `  # ${item.text}`;
      item = item.value;
    }
    if (isInline(item)) out.push(`${pad}- ${inline(item)}${comment}`);
    else if (Array.isArray(item)) {
      out.push(`${pad}-${comment}`);
      emitSequence(item, indent + 2, out, indentSeqs);
    } else {
      const lines = [];
      emitMapping(item, indent + 2, lines, indentSeqs);
      if (lines.length === 0) {
        out.push(`${pad}- {}${comment}`);
        continue;
      }
      // The first line of the item's mapping goes on the dash line.
      lines[0] = `${pad}- ${lines[0].slice(indent + 2)}${lines[0].trimStart().startsWith('#') ? '' : comment}`;
      out.push(...lines);
    }
  }
}
