/**
 * Does a Calico rule match a packet? Three-valued: `always` (every packet the description covers
 * matches), `never` (none does) or `depends` (the description leaves open something the rule
 * tests: an unknown source port, a symbolic peer whose selector neither implies nor excludes the
 * rule's, a namespace or service-account match on a host peer).
 *
 * A packet is described relative to the endpoint being policed, as Calico's rules are: `src` and
 * `dst` sides, each either concrete (label sets of the resources an address belongs to, IP
 * addresses, a port) or symbolic (a selector and nets the peer satisfies, a port range).
 *
 * Semantics follow Calico's rule reference (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#rule):
 * every field given must match; `selector` matches endpoints and network sets whose labels match
 * (an address that is neither matches no selector, not even `all()`); `notSelector`, `notNets`,
 * `notPorts`, `notProtocol` and `notICMP` negate; `!=` and `not in` hold for labels that are absent
 * (`core/selector` evaluates them so). Invariants: no guess is ever `always` or `never`; matching
 * is a fixed number of set operations per rule, no search.
 */
import { parseSelector, type Labels, type Selector, type SelectorNode } from '../selector';
import { cidrContains, cidrsOverlap, cidrWithin, parseNet, type ParsedCidr, type ParsedIp } from '../util/ip';
import { peerCovers } from '../untracked/symmetry';
import { subtract, type Intervals, type PeerModel, type PortSpec, type RuleModel } from '../untracked/model';

export type Tri = 'always' | 'never' | 'depends';

export interface Side {
  /** Concrete: the label sets of the resources the address belongs to ([] = none: no selector matches). */
  labelSets?: Labels[];
  /** Symbolic: the peer satisfies this canonical selector. */
  selector?: string;
  /** Concrete addresses (the side is one of them; several for an endpoint with several IPs). */
  ips?: ParsedIp[];
  /** Symbolic: the address lies in one of these CIDRs. */
  nets?: string[];
  /** The port lies in these intervals; undefined = unknown (any). */
  ports?: Intervals;
  /** Named ports of the side's endpoint (HostEndpoint `spec.ports`), to resolve a rule's named ports. */
  namedPorts?: Record<string, { port: number; protocol?: number }>;
  /** The side is a host endpoint or external address, never a workload: namespace matches fail. */
  notWorkload?: boolean;
  /**
   * Symbolic: every constraint of this peer block holds for the side (the peer of the rule a reply
   * answers). A rule peer that asks no more than it, constraint by constraint, matches always.
   */
  model?: PeerModel;
}

export interface Packet {
  protocol: number;
  ipVersion: 4 | 6;
  icmpType?: number;
  icmpCode?: number;
  src: Side;
  dst: Side;
}

export function and(a: Tri, b: Tri): Tri {
  if (a === 'never' || b === 'never') return 'never';
  if (a === 'depends' || b === 'depends') return 'depends';
  return 'always';
}

export function not(a: Tri): Tri {
  return a === 'always' ? 'never' : a === 'never' ? 'always' : 'depends';
}

function or(a: Tri, b: Tri): Tri {
  if (a === 'always' || b === 'always') return 'always';
  if (a === 'depends' || b === 'depends') return 'depends';
  return 'never';
}

// Parsed selectors by canonical text: the model stores canonical strings, matching needs trees.
// Bounded, and cleared when full, so a long session cannot grow it without limit.
const selectorCache = new Map<string, Selector | null>();

export function selectorOf(canonical: string): Selector | null {
  let s = selectorCache.get(canonical);
  if (s !== undefined) return s;
  const r = parseSelector(canonical);
  s = r.ok ? r.selector : null;
  if (selectorCache.size > 4096) selectorCache.clear();
  selectorCache.set(canonical, s);
  return s;
}

/** Top-level conjuncts of a selector, as canonical leaf texts. */
function conjuncts(node: SelectorNode, sel: Selector): string[] {
  const slice = (n: SelectorNode): string => sel.source.slice(n.start, n.end);
  if (node.kind === 'and') return node.operands.map((o) => canon(slice(o)));
  return [canon(slice(node))];
}

function canon(text: string): string {
  const r = parseSelector(text);
  return r.ok ? r.selector.canonical : `\u0000${text}`;
}

// Conjuncts by canonical selector (null: it does not parse): implication is asked for the same
// few selectors across thousands of rule pairs. Bounded, cleared when full.
const conjunctCache = new Map<string, readonly string[] | null>();

function conjunctsOf(canonical: string): readonly string[] | null {
  let c = conjunctCache.get(canonical);
  if (c !== undefined) return c;
  const sel = selectorOf(canonical);
  c = sel ? conjuncts(sel.root, sel) : null;
  if (conjunctCache.size > 4096) conjunctCache.clear();
  conjunctCache.set(canonical, c);
  return c;
}

/**
 * Does every label set satisfying `a` satisfy `b`? True only when certain: `b` selects everything,
 * or each top-level conjunct of `b` is a conjunct of `a`.
 */
export function selectorImplies(a: string, b: string): boolean {
  if (a === b || b === 'all()') return true;
  const ca = conjunctsOf(a);
  const cb = conjunctsOf(b);
  if (!ca || !cb) return false;
  return cb.every((c) => ca.includes(c));
}

/** Can no label set satisfy both? True only when Calico's label restrictions prove it. */
export function selectorsDisjoint(a: string, b: string): boolean {
  const both = selectorOf(`(${a}) && (${b})`);
  if (!both) return false;
  for (const r of both.labelRestrictions().values()) {
    if (r.mustBePresent && r.mustBeAbsent) return true;
    if (r.mustHaveOneOfValues !== undefined && r.mustHaveOneOfValues.length === 0) return true;
  }
  return false;
}

function matchSelector(canonical: string, side: Side): Tri {
  if (side.labelSets) {
    const sel = selectorOf(canonical);
    if (!sel) return 'depends';
    return side.labelSets.some((l) => sel.matches(l)) ? 'always' : 'never';
  }
  if (side.selector !== undefined) {
    if (selectorImplies(side.selector, canonical)) return 'always';
    if (selectorsDisjoint(side.selector, canonical)) return 'never';
  }
  return 'depends';
}

// Parsed nets by text (rules repeat the same few); bounded, cleared when full.
const netCache = new Map<string, ParsedCidr | null>();

/** A rule's net, parsed once (see `parseNet`); undefined when it does not parse. */
export function cachedNet(text: string): ParsedCidr | undefined {
  let c = netCache.get(text);
  if (c === undefined) {
    c = parseNet(text) ?? null;
    if (netCache.size > 4096) netCache.clear();
    netCache.set(text, c);
  }
  return c ?? undefined;
}

// The nets of a list in one family, parsed, by list: the model's lists are shared by every
// question about their rule and never modified.
const familyNets = new WeakMap<readonly string[], { 4?: ParsedCidr[]; 6?: ParsedCidr[] }>();

function netsOf(nets: readonly string[], ipVersion: 4 | 6): ParsedCidr[] {
  let byFamily = familyNets.get(nets);
  if (!byFamily) familyNets.set(nets, (byFamily = {}));
  return (byFamily[ipVersion] ??= nets.map(cachedNet).filter((c): c is ParsedCidr => !!c && c.ip.family === ipVersion));
}

/** Is the side's address inside one of `nets`? */
function matchNets(nets: readonly string[], side: Side, ipVersion: 4 | 6): Tri {
  const parsed = netsOf(nets, ipVersion);
  if (side.ips) {
    let result: Tri | undefined;
    for (const ip of side.ips) {
      if (ip.family !== ipVersion) continue;
      const m: Tri = parsed.some((c) => cidrContains(c, ip)) ? 'always' : 'never';
      result = result === undefined ? m : result === m ? m : 'depends';
    }
    return result ?? 'depends';
  }
  if (side.nets) {
    const mine = netsOf(side.nets, ipVersion);
    if (mine.length === 0) return 'depends';
    if (mine.every((m) => parsed.some((c) => cidrWithin(m, c)))) return 'always';
    if (mine.every((m) => !parsed.some((c) => cidrsOverlap(m, c)))) return 'never';
  }
  return 'depends';
}

/** The numeric ports a rule's port list names, for this side (named ports resolved when known). */
function resolvePorts(spec: PortSpec, side: Side, protocol: number): Intervals | undefined {
  const out: Intervals = spec.intervals.map(([a, b]) => [a, b]);
  for (const name of spec.named) {
    const p = side.namedPorts?.[name];
    if (!p || (p.protocol !== undefined && p.protocol !== protocol)) {
      if (!side.namedPorts) return undefined;
      continue;
    }
    out.push([p.port, p.port]);
  }
  return out;
}

function matchPorts(spec: PortSpec, side: Side, protocol: number): Tri {
  // Numbers only: the list as it is (nothing here modifies it).
  const list = spec.named.length === 0 ? spec.intervals : resolvePorts(spec, side, protocol);
  if (!list) return 'depends';
  if (!side.ports) return 'depends';
  const outside = subtract(side.ports, list);
  if (outside.length === 0) return 'always';
  const total = side.ports.reduce((n, [a, b]) => n + (b - a + 1), 0);
  const left = outside.reduce((n, [a, b]) => n + (b - a + 1), 0);
  return left === total ? 'never' : 'depends';
}

/** One peer block (`source` or `destination`) against one side of the packet. */
export function matchPeer(peer: PeerModel, side: Side, packet: Packet): Tri {
  if (peer.opaque) return 'depends';
  let r: Tri = 'always';
  // (`peerCovers` reads no ports: they are matched below, against the side's.)
  if (side.model && !side.labelSets) {
    if (peerCovers(peer, side.model)) {
      if (peer.ports) r = and(r, matchPorts(peer.ports, side, packet.protocol));
      if (peer.notPorts) r = and(r, not(matchPorts(peer.notPorts, side, packet.protocol)));
      return r;
    }
  }
  if (peer.selector !== undefined) r = and(r, matchSelector(peer.selector, side));
  if (peer.notSelector !== undefined) r = and(r, not(matchSelector(peer.notSelector, side)));
  // A namespace selector only matches workload endpoints (and namespaced network sets).
  if (peer.namespaceSelector !== undefined && peer.namespaceSelector !== 'global()') r = and(r, side.notWorkload && side.labelSets ? 'never' : 'depends');
  if (peer.serviceAccounts !== undefined || peer.services !== undefined) r = and(r, side.notWorkload && side.labelSets ? 'never' : 'depends');
  if (peer.nets) r = and(r, matchNets(peer.nets, side, packet.ipVersion));
  if (peer.notNets) r = and(r, not(matchNets(peer.notNets, side, packet.ipVersion)));
  if (peer.ports) r = and(r, matchPorts(peer.ports, side, packet.protocol));
  if (peer.notPorts) r = and(r, not(matchPorts(peer.notPorts, side, packet.protocol)));
  return r;
}

/** Does the rule match the packet (actions aside)? */
export function matchRule(rule: RuleModel, packet: Packet): Tri {
  if (rule.opaque) return 'depends';
  let r: Tri = 'always';
  if (rule.protocol !== undefined) r = and(r, rule.protocol === packet.protocol ? 'always' : 'never');
  if (rule.notProtocol !== undefined) r = and(r, rule.notProtocol === packet.protocol ? 'never' : 'always');
  if (rule.ipVersion !== undefined) r = and(r, rule.ipVersion === packet.ipVersion ? 'always' : 'never');
  if (r === 'never') return r;
  if (rule.icmpType !== undefined) {
    let m: Tri = packet.icmpType === undefined ? 'depends' : packet.icmpType === rule.icmpType ? 'always' : 'never';
    if (rule.icmpCode !== undefined && m !== 'never') m = and(m, packet.icmpCode === undefined ? 'depends' : packet.icmpCode === rule.icmpCode ? 'always' : 'never');
    r = and(r, m);
  }
  if (rule.notIcmpType !== undefined) {
    let m: Tri = packet.icmpType === undefined ? 'depends' : packet.icmpType === rule.notIcmpType ? 'always' : 'never';
    if (rule.notIcmpCode !== undefined && m !== 'never') m = and(m, packet.icmpCode === undefined ? 'depends' : packet.icmpCode === rule.notIcmpCode ? 'always' : 'never');
    r = and(r, not(m));
  }
  if (r === 'never') return r;
  r = and(r, matchPeer(rule.source, packet.src, packet));
  if (r === 'never') return r;
  return and(r, matchPeer(rule.destination, packet.dst, packet));
}

/**
 * A rule as `matchesAlways` reads it: every field present (undefined when the rule has none), so
 * that the rules of all policies share one object shape and the walk over thousands of them
 * reads fields at one place in each object instead of searching many shapes.
 */
export interface CompiledRule {
  opaque: boolean;
  protocol: number | undefined;
  notProtocol: number | undefined;
  ipVersion: number | undefined;
  icmpType: number | undefined;
  icmpCode: number | undefined;
  notIcmpType: number | undefined;
  notIcmpCode: number | undefined;
  source: CompiledPeer;
  destination: CompiledPeer;
}

interface CompiledPeer {
  peer: PeerModel;
  opaque: boolean;
  selector: string | undefined;
  notSelector: string | undefined;
  /** A namespace selector other than `global()`, a service account or service match: never certain here. */
  uncertain: boolean;
  nets: string[] | undefined;
  notNets: string[] | undefined;
  ports: PortSpec | undefined;
  notPorts: PortSpec | undefined;
}

function compilePeer(peer: PeerModel): CompiledPeer {
  return {
    peer,
    opaque: peer.opaque === true,
    selector: peer.selector,
    notSelector: peer.notSelector,
    uncertain: (peer.namespaceSelector !== undefined && peer.namespaceSelector !== 'global()') || peer.serviceAccounts !== undefined || peer.services !== undefined,
    nets: peer.nets,
    notNets: peer.notNets,
    ports: peer.ports,
    notPorts: peer.notPorts,
  };
}

const compiledRules = new WeakMap<RuleModel, CompiledRule>();

/** The rule's compiled form, made once per rule (rules are never modified once read). */
export function compileRule(rule: RuleModel): CompiledRule {
  let c = compiledRules.get(rule);
  if (!c) {
    c = {
      opaque: rule.opaque === true,
      protocol: rule.protocol,
      notProtocol: rule.notProtocol,
      ipVersion: rule.ipVersion,
      icmpType: rule.icmpType,
      icmpCode: rule.icmpCode,
      notIcmpType: rule.notIcmpType,
      notIcmpCode: rule.notIcmpCode,
      source: compilePeer(rule.source),
      destination: compilePeer(rule.destination),
    };
    compiledRules.set(rule, c);
  }
  return c;
}

/**
 * Does the rule certainly match the packet, as `matchRule(rule, packet) === 'always'` says, field
 * by field in the same order? Stops at the first field that is not certain: evaluation walks many
 * rules that only possibly match, and for them the answer is settled before the last field.
 * `test/unit/policy-eval.test.ts` holds the two to the same answers.
 */
export function matchesAlways(rule: RuleModel, packet: Packet): boolean {
  return compiledMatchesAlways(compileRule(rule), packet);
}

/**
 * `matchesAlways` on a compiled rule. `destinationFirst`: compare the destination side first (the
 * answer is the same; the caller knows which side usually decides, and it is then settled sooner).
 */
export function compiledMatchesAlways(rule: CompiledRule, packet: Packet, destinationFirst = false): boolean {
  if (rule.opaque) return false;
  if (rule.protocol !== undefined && rule.protocol !== packet.protocol) return false;
  if (rule.notProtocol !== undefined && rule.notProtocol === packet.protocol) return false;
  if (rule.ipVersion !== undefined && rule.ipVersion !== packet.ipVersion) return false;
  // An unknown type or code of the packet only possibly matches.
  if (rule.icmpType !== undefined && (packet.icmpType !== rule.icmpType || (rule.icmpCode !== undefined && packet.icmpCode !== rule.icmpCode))) return false;
  if (rule.notIcmpType !== undefined) {
    // The negation holds for certain only where the type, or the code, certainly differs.
    const typeDiffers = packet.icmpType !== undefined && packet.icmpType !== rule.notIcmpType;
    const codeDiffers = rule.notIcmpCode !== undefined && packet.icmpCode !== undefined && packet.icmpCode !== rule.notIcmpCode;
    if (!typeDiffers && !codeDiffers) return false;
  }
  if (destinationFirst) return peerAlways(rule.destination, packet.dst, packet) && peerAlways(rule.source, packet.src, packet);
  return peerAlways(rule.source, packet.src, packet) && peerAlways(rule.destination, packet.dst, packet);
}

/** `matchPeer(peer, side, packet) === 'always'`, stopping at the first uncertain field. */
function peerAlways(peer: CompiledPeer, side: Side, packet: Packet): boolean {
  if (peer.opaque) return false;
  if (side.model !== undefined && side.labelSets === undefined && peerCovers(peer.peer, side.model)) return portsAlways(peer, side, packet.protocol);
  if (peer.selector !== undefined && matchSelector(peer.selector, side) !== 'always') return false;
  if (peer.notSelector !== undefined && matchSelector(peer.notSelector, side) !== 'never') return false;
  // Namespace, service account and service matches are never certain here (see matchPeer).
  if (peer.uncertain) return false;
  if (peer.nets !== undefined && matchNets(peer.nets, side, packet.ipVersion) !== 'always') return false;
  if (peer.notNets !== undefined && matchNets(peer.notNets, side, packet.ipVersion) !== 'never') return false;
  return portsAlways(peer, side, packet.protocol);
}

function portsAlways(peer: CompiledPeer, side: Side, protocol: number): boolean {
  if (peer.ports !== undefined && matchPorts(peer.ports, side, protocol) !== 'always') return false;
  if (peer.notPorts !== undefined && matchPorts(peer.notPorts, side, protocol) !== 'never') return false;
  return true;
}

export { or as triOr };
