/**
 * A compact model of policy rules for reasoning about untracked (stateless) policy: which
 * protocol, which ports on each side, which peers. It is built from the YAML tree once per
 * document and kept in the resource summary, so cross-document checks (is there a reply rule
 * anywhere?) never re-parse.
 *
 * Values are normalised for comparison (protocol names to numbers, selectors to Calico's canonical
 * form, port lists to sorted intervals) and keep the spans needed to point at the rule.
 *
 * Invariant: a field the model cannot interpret (a schema error, a named port, an invalid
 * selector) is recorded as such, never guessed; checks skip what they cannot judge.
 */
import { parseSelector } from '../selector';
import { getPair, getValue, type YMap, type YNode } from '../yaml/tree';
import type { Span } from '../types';
import { parseNet, formatMasked, isMasked, type ParsedCidr } from '../util/ip';
import { decodedPort, parsePort } from '../model/numorstring';

export type Direction = 'ingress' | 'egress';

/** A set of ports: sorted, merged, inclusive intervals. */
export type Intervals = Array<[number, number]>;

export interface PortSpec {
  intervals: Intervals;
  /** Named ports (`http`): they cannot be mirrored without knowing the endpoint's port names. */
  named: string[];
  /** Spans of the named port scalars, for the advisory diagnostic. */
  namedSpans: Span[];
}

export interface PeerModel {
  /** Canonical form of the selector, for comparison. */
  selector?: string;
  /** The selector as the user wrote it, for messages. */
  selectorText?: string;
  notSelector?: string;
  namespaceSelector?: string;
  nets?: string[];
  notNets?: string[];
  /** JSON of `serviceAccounts` / `services`, compared structurally. */
  serviceAccounts?: string;
  services?: string;
  ports?: PortSpec;
  notPorts?: PortSpec;
  /** True when some constraint could not be read (so coverage cannot be judged). */
  opaque?: boolean;
  /** Enterprise `domains`: addresses learnt from DNS at run time (also `opaque`). */
  domains?: boolean;
}

export interface RuleModel {
  direction: Direction;
  index: number;
  action: string;
  /** IANA protocol number; undefined when the rule matches any protocol. */
  protocol?: number;
  /** The protocol as written, for messages and mirrors. */
  protocolText?: string;
  notProtocol?: number;
  ipVersion?: number;
  icmpType?: number;
  icmpCode?: number;
  /** `notICMP` type and code (the evaluation model matches on them; the symmetry check declines them). */
  notIcmpType?: number;
  notIcmpCode?: number;
  source: PeerModel;
  destination: PeerModel;
  /** Span of `action: Allow` (or of the item), where rule-level diagnostics go. */
  span: Span;
  /** Span of the whole rule item. */
  itemSpan: Span;
  /** The rule has fields we do not model (http); coverage is judged on the rest. */
  opaque?: boolean;
}

const PROTOCOLS: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, sctp: 132, udplite: 136 };
const PROTOCOL_NAMES: Record<number, string> = { 6: 'TCP', 17: 'UDP', 1: 'ICMP', 58: 'ICMPv6', 132: 'SCTP', 136: 'UDPLite' };

/** Protocol number for a protocol scalar (name, case-insensitively, or number); undefined if unknown. */
export function protocolNumber(node: YNode | undefined): number | undefined {
  if (!node || node.kind !== 'scalar') return undefined;
  if (node.type === 'integer' && typeof node.value === 'number' && node.value >= 0 && node.value <= 255) return node.value;
  if (node.type === 'string') {
    const s = String(node.value);
    if (/^\d+$/.test(s)) {
      const n = Number(s);
      return n <= 255 ? n : undefined;
    }
    return PROTOCOLS[s.toLowerCase()];
  }
  return undefined;
}

export function protocolName(n: number | undefined): string {
  if (n === undefined) return 'any protocol';
  return PROTOCOL_NAMES[n] ?? `protocol ${n}`;
}

/** Sorts and merges intervals. */
export function normalise(list: Intervals): Intervals {
  // Lists are mostly in order already: then they are merged as they are (nothing here writes to them).
  let ordered = true;
  for (let i = 0; i < list.length && ordered; i++) ordered = list[i]![0] <= list[i]![1] && (i === 0 || list[i - 1]![0] <= list[i]![0]);
  const sorted = ordered ? list : list.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: Intervals = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** `a` minus `b`. */
export function subtract(a: Intervals, b: Intervals): Intervals {
  let rest = a.map(([x, y]) => [x, y] as [number, number]);
  for (const [lo, hi] of b) {
    const next: Intervals = [];
    for (const [x, y] of rest) {
      if (hi < x || lo > y) next.push([x, y]);
      else {
        if (x < lo) next.push([x, lo - 1]);
        if (hi < y) next.push([hi + 1, y]);
      }
    }
    rest = next;
  }
  return rest;
}

export function formatIntervals(list: Intervals): string {
  return list.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(', ');
}

/**
 * Reads a `ports` list, each entry decoded as Calico decodes it (`model/numorstring.ts`). Returns
 * undefined when the list is absent or empty (any port), `'invalid'` when an entry cannot be
 * decoded (another rule reports it, and nothing can be judged).
 */
export function readPorts(node: YNode | undefined): PortSpec | undefined | 'invalid' {
  if (!node || (node.kind === 'scalar' && node.type === 'null')) return undefined;
  if (node.kind !== 'seq') return 'invalid';
  if (node.items.length === 0) return undefined;
  const spec: PortSpec = { intervals: [], named: [], namedSpans: [] };
  for (const item of node.items) {
    // A plain port number decodes to itself (what `parsePort` gives it, without building a result).
    if (item.kind === 'scalar' && item.type === 'integer' && typeof item.value === 'number' && Number.isInteger(item.value) && item.value >= 1 && item.value <= 65535) {
      spec.intervals.push([item.value, item.value]);
      continue;
    }
    const port = decodedPort(parsePort(item));
    if (!port) return 'invalid';
    if (port.kind === 'number') spec.intervals.push([port.min, port.max]);
    else {
      spec.named.push(port.name);
      spec.namedSpans.push({ start: item.start, end: item.end });
    }
  }
  // One interval is already normalised (decoded ranges are never reversed).
  if (spec.intervals.length > 1) spec.intervals = normalise(spec.intervals);
  return spec;
}

// Canonical forms by selector text: every policy's rules are modelled now, and the same few
// selectors recur across thousands of rules. Bounded, cleared when full.
const canonicals = new Map<string, string | null>();

function canonicalSelector(node: YNode | undefined): string | undefined | null {
  if (!node || (node.kind === 'scalar' && node.type === 'null')) return undefined;
  if (node.kind !== 'scalar' || node.type !== 'string') return null;
  const text = String(node.value);
  const hit = canonicals.get(text);
  if (hit !== undefined) return hit;
  const r = parseSelector(text);
  const c = r.ok ? r.selector.canonical : null;
  if (text.length <= 1024) {
    if (canonicals.size > 4096) canonicals.clear();
    canonicals.set(text, c);
  }
  return c;
}

function readNets(node: YNode | undefined): string[] | undefined | null {
  if (!node || (node.kind === 'scalar' && node.type === 'null')) return undefined;
  if (node.kind !== 'seq') return null;
  if (node.items.length === 0) return undefined;
  const out: string[] = [];
  for (const item of node.items) {
    if (item.kind !== 'scalar' || item.type !== 'string') return null;
    const s = String(item.value);
    const c = parseNet(s);
    if (!c) return null;
    out.push(maskedText(s, c));
  }
  return out.sort();
}

/**
 * `formatMasked(c)` for the net `c` written as `text`. An IPv4 net written masked, with its prefix
 * in plain decimal, already reads that way (octets parse only in plain decimal, `util/ip.ts`), so
 * the text is kept and no string is built: most nets in policies are written like this.
 */
function maskedText(text: string, c: ParsedCidr): string {
  if (c.ip.family === 4 && isMasked(c)) {
    const slash = text.indexOf('/');
    if (slash === -1) return `${text}/32`;
    if (slash === text.length - 2 || text.charCodeAt(slash + 1) !== 0x30) return text;
  }
  return formatMasked(c);
}

function structural(node: YNode | undefined): string | undefined {
  if (!node || (node.kind === 'scalar' && node.type === 'null')) return undefined;
  const walk = (n: YNode): unknown => {
    if (n.kind === 'scalar') return n.value;
    if (n.kind === 'seq') return n.items.map(walk).map((v) => JSON.stringify(v)).sort();
    const o: Record<string, unknown> = {};
    for (const p of [...n.pairs].sort((a, b) => String(a.keyText).localeCompare(String(b.keyText)))) if (p.keyText && p.value) o[p.keyText] = walk(p.value);
    return o;
  };
  return JSON.stringify(walk(node));
}

/**
 * `getValue` of a mapping, here: read for a dozen keys per rule and peer of every policy, where a
 * call into the tree module costs more than the short scan.
 */
function valueOf(node: YMap, key: string): YNode | undefined {
  const pairs = node.pairs;
  for (let i = 0; i < pairs.length; i++) if (pairs[i]!.keyText === key) return pairs[i]!.value ?? undefined;
  return undefined;
}

export function readPeer(node: YNode | undefined): PeerModel {
  const peer: PeerModel = {};
  if (!node || (node.kind === 'scalar' && node.type === 'null')) return peer;
  if (node.kind !== 'map') return { opaque: true };
  const sel = canonicalSelector(valueOf(node, 'selector'));
  const notSel = canonicalSelector(valueOf(node, 'notSelector'));
  const nsSel = canonicalSelector(valueOf(node, 'namespaceSelector'));
  if (sel === null || notSel === null || nsSel === null) peer.opaque = true;
  if (sel && sel !== 'all()') {
    peer.selector = sel;
    peer.selectorText = String((valueOf(node, 'selector') as { value: unknown }).value);
  }
  if (notSel) peer.notSelector = notSel;
  if (nsSel) peer.namespaceSelector = nsSel;
  const nets = readNets(valueOf(node, 'nets'));
  const notNets = readNets(valueOf(node, 'notNets'));
  if (nets === null || notNets === null) peer.opaque = true;
  if (nets) peer.nets = nets;
  if (notNets) peer.notNets = notNets;
  const sa = structural(valueOf(node, 'serviceAccounts'));
  if (sa) peer.serviceAccounts = sa;
  const svc = structural(valueOf(node, 'services'));
  if (svc) peer.services = svc;
  // Calico Enterprise/Cloud's `domains` (egress to DNS names) matches addresses learnt from DNS
  // answers at run time, which no file tells: such a rule cannot be judged, so it is opaque.
  const domains = valueOf(node, 'domains');
  if (domains && !(domains.kind === 'scalar' && domains.type === 'null') && !(domains.kind === 'seq' && domains.items.length === 0)) {
    peer.opaque = true;
    peer.domains = true;
  }
  const ports = readPorts(valueOf(node, 'ports'));
  const notPorts = readPorts(valueOf(node, 'notPorts'));
  if (ports === 'invalid' || notPorts === 'invalid') peer.opaque = true;
  else {
    if (ports) peer.ports = ports;
    if (notPorts) peer.notPorts = notPorts;
  }
  return peer;
}

function intValue(node: YNode | undefined): number | undefined {
  return node && node.kind === 'scalar' && node.type === 'integer' && typeof node.value === 'number' ? node.value : undefined;
}

/** Builds the model of one rule item; undefined when the item is not a mapping. */
export function readRule(item: YNode, direction: Direction, index: number): RuleModel | undefined {
  if (item.kind !== 'map') return undefined;
  const actionNode = valueOf(item, 'action');
  const action = actionNode && actionNode.kind === 'scalar' ? String(actionNode.value) : '';
  const actionPair = getPair(item, 'action');
  const span = actionPair?.value ? { start: actionPair.key.start, end: actionPair.value.end } : { start: item.start, end: Math.min(item.end, item.start + 1) };
  const rule: RuleModel = {
    direction,
    index,
    action,
    source: readPeer(valueOf(item, 'source')),
    destination: readPeer(valueOf(item, 'destination')),
    span,
    itemSpan: { start: item.start, end: item.end },
  };
  const protoNode = valueOf(item, 'protocol');
  if (protoNode && !(protoNode.kind === 'scalar' && protoNode.type === 'null')) {
    const n = protocolNumber(protoNode);
    if (n === undefined) rule.opaque = true;
    else {
      rule.protocol = n;
      rule.protocolText = protoNode.kind === 'scalar' ? String(protoNode.value) : undefined;
    }
  }
  const notProto = protocolNumber(valueOf(item, 'notProtocol'));
  if (notProto !== undefined) rule.notProtocol = notProto;
  const ipv = intValue(valueOf(item, 'ipVersion'));
  if (ipv !== undefined) rule.ipVersion = ipv;
  const icmp = valueOf(item, 'icmp');
  const t = intValue(getValue(icmp, 'type'));
  const c = intValue(getValue(icmp, 'code'));
  if (t !== undefined) rule.icmpType = t;
  if (c !== undefined) rule.icmpCode = c;
  const notIcmp = valueOf(item, 'notICMP');
  const nt = intValue(getValue(notIcmp, 'type'));
  const nc = intValue(getValue(notIcmp, 'code'));
  if (nt !== undefined) rule.notIcmpType = nt;
  if (nc !== undefined) rule.notIcmpCode = nc;
  // A notICMP without a readable type cannot be matched (an invalid value, reported elsewhere).
  if (notIcmp && !(notIcmp.kind === 'scalar' && notIcmp.type === 'null') && nt === undefined) rule.opaque = true;
  if (valueOf(item, 'http')) rule.opaque = true;
  return rule;
}

/** Reads every rule of a policy spec. */
// Per spec node: the summary and the rule checks of one analysis read the same rules, and a
// tree is never changed once built. Callers must not modify the list or its rules.
const rulesOf = new WeakMap<YMap, RuleModel[]>();

export function readRules(spec: YMap | undefined): RuleModel[] {
  if (!spec) return [];
  const hit = rulesOf.get(spec);
  if (hit) return hit;
  const out = readRulesOf(spec);
  rulesOf.set(spec, out);
  return out;
}

function readRulesOf(spec: YMap): RuleModel[] {
  const out: RuleModel[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const list = getValue(spec, direction);
    if (!list || list.kind !== 'seq') continue;
    list.items.forEach((item, i) => {
      const r = readRule(item, direction, i);
      if (r) out.push(r);
    });
  }
  return out;
}
