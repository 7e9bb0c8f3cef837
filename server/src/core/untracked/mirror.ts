/**
 * Builds the reply rule ("mirror") for an untracked Allow rule and renders it in the style of the
 * file it goes into.
 *
 * The mirror of a rule is the rule with `source` and `destination` swapped: an ingress rule from
 * peer S to our port P becomes an egress rule from our port P to S, and an egress rule to port P
 * of peer D becomes an ingress rule from port P of D, with the same protocol, IP version and peers. ICMP echo requests are answered by echo replies. Values are
 * copied with their original source text, so quoting and notation survive.
 */
import { getPair, getValue, type YMap, type YNode } from '../yaml/tree';
import type { Intervals } from './model';

/** A value to render: raw YAML text, a mapping or a sequence. */
export type Frag =
  | { kind: 'raw'; text: string }
  | { kind: 'map'; entries: Array<[string, Frag]>; flow: boolean }
  | { kind: 'seq'; items: Frag[]; flow: boolean };

const PEER_FIELDS = ['selector', 'notSelector', 'namespaceSelector', 'serviceAccounts', 'services', 'nets', 'notNets', 'ports', 'notPorts'];

/** Copies a node as a fragment, keeping scalar source text when it is on one line. */
export function fragOf(text: string, node: YNode): Frag {
  if (node.kind === 'scalar') {
    const raw = text.slice(node.start, node.end);
    if (!raw.includes('\n') && node.style !== 'literal' && node.style !== 'folded' && raw.trim() === raw && raw.length > 0) return { kind: 'raw', text: raw };
    return { kind: 'raw', text: typeof node.value === 'string' ? JSON.stringify(node.value) : String(node.value) };
  }
  if (node.kind === 'seq') return { kind: 'seq', items: node.items.map((i) => fragOf(text, i)), flow: node.flow };
  return { kind: 'map', entries: node.pairs.filter((p) => p.keyText !== null && p.value).map((p) => [p.keyText!, fragOf(text, p.value!)] as [string, Frag]), flow: node.flow };
}

function peerFrag(text: string, node: YNode | undefined, ports?: Frag): Frag | undefined {
  const entries: Array<[string, Frag]> = [];
  let flow = false;
  if (node && node.kind === 'map') {
    flow = node.flow;
    for (const p of node.pairs) {
      if (!p.keyText || !p.value || !PEER_FIELDS.includes(p.keyText)) continue;
      if (p.keyText === 'ports' && ports) {
        entries.push(['ports', ports]);
        continue;
      }
      entries.push([p.keyText, fragOf(text, p.value)]);
    }
  }
  if (ports && !entries.some(([k]) => k === 'ports')) entries.unshift(['ports', ports]);
  return entries.length > 0 ? { kind: 'map', entries, flow } : undefined;
}

/** The ports list of a mirror. Port 0 cannot be written (Calico refuses it), so it is left out. */
function portsFrag(intervals: Intervals, flow: boolean): Frag {
  const items: Frag[] = [];
  for (const [lo, hi] of intervals) {
    const a = Math.max(1, lo);
    if (a <= hi) items.push({ kind: 'raw', text: a === hi ? String(a) : `'${a}:${hi}'` });
  }
  return { kind: 'seq', flow, items };
}

function icmpReply(text: string, icmp: YNode | undefined, protocol: number | undefined): Frag | undefined {
  if (!icmp || icmp.kind !== 'map') return undefined;
  const type = getValue(icmp, 'type');
  if (!type || type.kind !== 'scalar' || type.type !== 'integer') return fragOf(text, icmp);
  const t = type.value as number;
  const mapped = protocol === 1 && t === 8 ? 0 : protocol === 58 && t === 128 ? 129 : t;
  const entries: Array<[string, Frag]> = [['type', { kind: 'raw', text: String(mapped) }]];
  // An echo reply has code 0 like its request; keep any explicit code.
  const code = getValue(icmp, 'code');
  if (code) entries.push(['code', fragOf(text, code)]);
  return { kind: 'map', entries, flow: icmp.flow };
}

/**
 * The mirror of `rule` as a fragment. `servicePorts`, when given, replaces the rule's destination
 * ports (used when only some of them lack a reply rule).
 */
export function mirrorRule(text: string, rule: YMap, protocol: number | undefined, servicePorts?: Intervals): Frag {
  const entries: Array<[string, Frag]> = [];
  const action = getPair(rule, 'action');
  entries.push(['action', action?.value ? fragOf(text, action.value) : { kind: 'raw', text: 'Allow' }]);
  for (const key of ['ipVersion', 'protocol', 'notProtocol']) {
    const v = getValue(rule, key);
    if (v) entries.push([key, fragOf(text, v)]);
  }
  const icmp = icmpReply(text, getValue(rule, 'icmp'), protocol);
  if (icmp) entries.push(['icmp', icmp]);
  const src = getValue(rule, 'source');
  const dst = getValue(rule, 'destination');
  // Swap: the reply's source is the rule's destination (with the service ports, or just the ones
  // still lacking a reply), and its destination is the rule's source.
  const dstPorts = getValue(dst, 'ports');
  const override = servicePorts ? portsFrag(servicePorts, !!(dstPorts && dstPorts.kind === 'seq' && dstPorts.flow)) : undefined;
  const newSource = peerFrag(text, dst, override);
  const newDestination = peerFrag(text, src);
  if (newSource) entries.push(['source', newSource]);
  if (newDestination) entries.push(['destination', newDestination]);
  return { kind: 'map', entries, flow: rule.flow };
}

export interface BlockStyle {
  /** Spaces per nesting level of mappings. */
  unit: number;
  /** Column offset of `-` relative to its key for block sequences (0 or `unit`). */
  seqOffset: number;
}

/** Renders a fragment in flow style, on one line. */
export function renderFlow(f: Frag): string {
  if (f.kind === 'raw') return f.text;
  if (f.kind === 'seq') return `[${f.items.map(renderFlow).join(', ')}]`;
  return `{${f.entries.map(([k, v]) => `${k}: ${renderFlow(v)}`).join(', ')}}`;
}

/** Renders a mapping's entries as block lines at indentation 0 (the caller indents). */
export function renderBlockMap(f: Extract<Frag, { kind: 'map' }>, style: BlockStyle): string[] {
  const lines: string[] = [];
  for (const [key, value] of f.entries) {
    if (value.kind === 'raw' || value.flow || (value.kind === 'seq' && value.items.length === 0) || (value.kind === 'map' && value.entries.length === 0)) {
      lines.push(`${key}: ${renderFlow(value)}`);
    } else if (value.kind === 'map') {
      lines.push(`${key}:`);
      for (const l of renderBlockMap(value, style)) lines.push(' '.repeat(style.unit) + l);
    } else {
      lines.push(`${key}:`);
      for (const item of value.items) {
        const itemLines = renderBlockItem(item, style);
        itemLines.forEach((l, i) => lines.push(' '.repeat(style.seqOffset) + (i === 0 ? `- ${l}` : `  ${l}`)));
      }
    }
  }
  return lines;
}

/** Renders a sequence item's content (the caller adds `- ` to the first line and 2 spaces to the rest). */
export function renderBlockItem(f: Frag, style: BlockStyle): string[] {
  if (f.kind === 'map' && !f.flow && f.entries.length > 0) return renderBlockMap(f, style);
  return [renderFlow(f)];
}
