/**
 * Rule containment: does rule `a` match every packet rule `b` matches? Then, when `a` comes first
 * and its action ends evaluation in its policy (Allow, Deny, Pass), `b` can never be reached.
 *
 * Only what is certain is claimed: each field of `a` must be implied by `b`'s, compared field by
 * field (protocol, IP version, ICMP, each peer's selector, namespace selector, nets, ports and
 * their negations, service accounts and services). A field of `a` that `b` leaves open defeats
 * containment; named ports are compared by name; fields we cannot read (HTTP matches, invalid
 * values) are never judged. Selector implication is the certain part of it (`policy/match.ts`:
 * equal, `all()`, or a conjunction whose parts `b` also requires).
 *
 * Invariant: pure, and a fixed amount of work per pair of rules. The memos below only remember
 * answers of pure functions of immutable inputs (canonical selector texts, rule models and their
 * lists, which are never changed once built), so they change no answer.
 */
import { subtract, type Intervals, type PeerModel, type PortSpec, type RuleModel } from '../untracked/model';
import { cachedNet, selectorImplies, selectorsDisjoint } from './match';
import { cidrsOverlap, cidrWithin, type ParsedCidr } from '../util/ip';

const TERMINAL = new Set(['Allow', 'Deny', 'Pass']);

export function isTerminal(action: string): boolean {
  return TERMINAL.has(action);
}

// Implication between canonical selectors, by the implying selector then the implied one. The
// cross-policy check compares hundreds of thousands of pairs of rules made of a few hundred
// selectors (about 2,000 implications asked, 1,000 distinct, at the 10,000-document benchmark's
// open, the cheaper tests having rejected most pairs first), and `selectorImplies` splits both
// selectors into conjuncts on every call. Bounded (a few MB at most), cleared when full.
const implications = new Map<string, Map<string, boolean>>();
const MAX_IMPLIED = 1 << 16;
let impliedCount = 0;

function implies(a: string, b: string): boolean {
  if (a === b || b === 'all()') return true;
  let byA = implications.get(a);
  if (byA === undefined) {
    if (impliedCount >= MAX_IMPLIED) {
      implications.clear();
      impliedCount = 0;
    }
    implications.set(a, (byA = new Map()));
  }
  let r = byA.get(b);
  if (r === undefined) {
    r = selectorImplies(a, b);
    byA.set(b, r);
    impliedCount++;
  }
  return r;
}

type Nets = ReadonlyArray<ParsedCidr | undefined>;

/** Every address of `inner` lies in `outer`. */
function netsWithin(inner: Nets, outer: Nets): boolean {
  for (const c of inner) {
    if (!c) return false;
    let inside = false;
    for (const x of outer) {
      if (x && cidrWithin(c, x)) {
        inside = true;
        break;
      }
    }
    if (!inside) return false;
  }
  return true;
}

/** No address of `inner` lies in `excluded`. */
function netsDisjoint(inner: Nets, excluded: Nets): boolean {
  for (const c of inner) {
    if (!c) return false;
    for (const x of excluded) if (!x || cidrsOverlap(c, x)) return false;
  }
  return true;
}

const ALL: Intervals = [[0, 65535]];

/** Every port `b` names (numbers and names) is named by `a`'s list. */
function portsWithin(b: PortSpec, a: PortSpec): boolean {
  for (const n of b.named) if (!a.named.includes(n)) return false;
  for (const iv of b.intervals) if (!coveredBy(iv[0], iv[1], a.intervals)) return false;
  return true;
}

/**
 * Every port from `lo` to `hi` lies in one of `list`'s intervals: what `subtract` leaving nothing
 * of [lo, hi] means, without building the difference (this runs for most pairs of rules). The
 * list need not be sorted: each step moves `lo` past an interval that holds it, or fails.
 */
function coveredBy(lo: number, hi: number, list: Intervals): boolean {
  while (lo <= hi) {
    let next = -1;
    for (const [x, y] of list) if (x <= lo && lo <= y && y > next) next = y;
    if (next < 0) return false;
    lo = next + 1;
  }
  return true;
}

/** `b` (ports, notPorts) admits no port of `a`'s notPorts (`excluded`). */
function portsAvoid(b: PeerView, excluded: PortSpec): boolean {
  // A named exclusion is certain only when b excludes the same name.
  if (!excluded.named.every((n) => b.notPorts?.named.includes(n) ?? false)) return false;
  // b's named ports may resolve to any number, an excluded one among them.
  if (b.ports && b.ports.named.length > 0 && excluded.intervals.length > 0) return false;
  const admitted = b.ports ? b.ports.intervals : ALL;
  const left = b.notPorts ? subtract(admitted, b.notPorts.intervals) : admitted;
  return subtract(left, subtract(left, excluded.intervals)).length === 0;
}

/**
 * A peer as containment reads it: every field present (undefined when absent) and the nets
 * parsed. Peer models take a score of object shapes (each adds only the fields it has), so the
 * comparisons below, run for hundreds of thousands of pairs, would read every field through a
 * slow generic lookup; views of one class have one shape. Built once per rule list (`viewsOf`).
 */
class PeerView {
  readonly opaque: boolean;
  readonly selector: string | undefined;
  readonly notSelector: string | undefined;
  readonly namespaceSelector: string | undefined;
  readonly serviceAccounts: string | undefined;
  readonly services: string | undefined;
  readonly netTexts: readonly string[] | undefined;
  readonly notNetTexts: readonly string[] | undefined;
  readonly ports: PortSpec | undefined;
  readonly notPorts: PortSpec | undefined;
  // The nets parsed when first compared (most views never get that far; the nets of a workspace
  // are mostly distinct, so parsing them all up front would be most of the cost of a view).
  private parsedNets: Nets | undefined = undefined;
  private parsedNotNets: Nets | undefined = undefined;

  constructor(p: PeerModel) {
    this.opaque = !!p.opaque;
    this.selector = p.selector;
    this.notSelector = p.notSelector;
    this.namespaceSelector = p.namespaceSelector;
    this.serviceAccounts = p.serviceAccounts;
    this.services = p.services;
    this.netTexts = p.nets;
    this.notNetTexts = p.notNets;
    this.ports = p.ports;
    this.notPorts = p.notPorts;
  }

  /** `nets` parsed (call only when `netTexts` is defined). */
  nets(): Nets {
    return (this.parsedNets ??= this.netTexts!.map(cachedNet));
  }

  /** `notNets` parsed (call only when `notNetTexts` is defined). */
  notNets(): Nets {
    return (this.parsedNotNets ??= this.notNetTexts!.map(cachedNet));
  }
}

/** A rule as containment reads it (see `PeerView`), with the rule it stands for. */
export class RuleView {
  readonly opaque: boolean;
  readonly direction: 'ingress' | 'egress';
  readonly protocol: number | undefined;
  readonly notProtocol: number | undefined;
  readonly ipVersion: number | undefined;
  readonly icmpType: number | undefined;
  readonly icmpCode: number | undefined;
  readonly notIcmpType: number | undefined;
  readonly notIcmpCode: number | undefined;
  readonly source: PeerView;
  readonly destination: PeerView;
  /**
   * One bit per field that, when `a` sets it, `b` must set too for `a` to contain `b` (protocol,
   * IP version, ICMP type and code; per peer its selector, namespace selector, service accounts,
   * services, ports and nets): `viewContains` rejects most pairs on this one test.
   */
  readonly fields: number;

  constructor(readonly rule: RuleModel) {
    this.opaque = !!rule.opaque;
    this.direction = rule.direction;
    this.protocol = rule.protocol;
    this.notProtocol = rule.notProtocol;
    this.ipVersion = rule.ipVersion;
    this.icmpType = rule.icmpType;
    this.icmpCode = rule.icmpCode;
    this.notIcmpType = rule.notIcmpType;
    this.notIcmpCode = rule.notIcmpCode;
    this.source = new PeerView(rule.source);
    this.destination = new PeerView(rule.destination);
    let f = 0;
    if (rule.protocol !== undefined) f |= 1;
    if (rule.ipVersion !== undefined) f |= 2;
    if (rule.icmpType !== undefined) f |= 4;
    if (rule.icmpCode !== undefined) f |= 8;
    this.fields = f | (peerFields(this.source) << 4) | (peerFields(this.destination) << 10);
  }
}

function peerFields(p: PeerView): number {
  let f = 0;
  if (p.selector !== undefined) f |= 1;
  if (p.namespaceSelector !== undefined) f |= 2;
  if (p.serviceAccounts !== undefined) f |= 4;
  if (p.services !== undefined) f |= 8;
  if (p.ports !== undefined) f |= 16;
  if (p.netTexts !== undefined) f |= 32;
  return f;
}

// Per rule list (rule models and their lists are never changed once built, so the views stay
// true to them): one lookup per policy, and the views are built only for the lists that have
// rules to compare.
const viewLists = new WeakMap<readonly RuleModel[], RuleView[]>();

/** The views of a rule list, in its order (callers must not modify the answer). */
export function viewsOf(rules: readonly RuleModel[]): RuleView[] {
  let v = viewLists.get(rules);
  if (!v) viewLists.set(rules, (v = rules.map((r) => new RuleView(r))));
  return v;
}

/** Every endpoint-and-port `b` admits, `a` admits. */
export function peerContains(a: PeerModel, b: PeerModel): boolean {
  const va = new PeerView(a);
  const vb = new PeerView(b);
  return peerFieldsContain(va, vb) && peerSelectorsContain(va, vb);
}

// `peerContains` in two halves, each a conjunction of pure tests, so their order changes no
// answer: `viewContains` runs the cheap half (comparisons of values, nets, ports) of both peers
// before the selector half, which most pairs of rules then never reach.

/** The peer's fields other than its selectors: `b`'s values within `a`'s. */
function peerFieldsContain(a: PeerView, b: PeerView): boolean {
  if (a.opaque || b.opaque) return false;
  if (a.namespaceSelector !== undefined && a.namespaceSelector !== b.namespaceSelector) return false;
  if (a.serviceAccounts !== undefined && a.serviceAccounts !== b.serviceAccounts) return false;
  if (a.services !== undefined && a.services !== b.services) return false;
  if (a.selector !== undefined && b.selector === undefined) return false;
  if (a.ports !== undefined && !(b.ports !== undefined && portsWithin(b.ports, a.ports))) return false;
  if (a.notPorts !== undefined && !portsAvoid(b, a.notPorts)) return false;
  if (a.netTexts !== undefined && !(b.netTexts !== undefined && netsWithin(b.nets(), a.nets()))) return false;
  if (a.notNetTexts !== undefined) {
    const ok = (b.netTexts !== undefined && netsDisjoint(b.nets(), a.notNets())) || (b.notNetTexts !== undefined && netsWithin(a.notNets(), b.notNets()));
    if (!ok) return false;
  }
  return true;
}

/** The peer's selector and notSelector: `b`'s selection within `a`'s. */
function peerSelectorsContain(a: PeerView, b: PeerView): boolean {
  if (a.selector !== undefined && !(b.selector !== undefined && implies(b.selector, a.selector))) return false;
  if (a.notSelector !== undefined) {
    const ok = (b.notSelector !== undefined && implies(a.notSelector, b.notSelector)) || (b.selector !== undefined && selectorsDisjoint(b.selector, a.notSelector));
    if (!ok) return false;
  }
  return true;
}

/** Does rule `a` match every packet that rule `b` matches (actions aside)? */
export function ruleContains(a: RuleModel, b: RuleModel): boolean {
  return viewContains(new RuleView(a), new RuleView(b));
}

/** `ruleContains` on views (`viewsOf`), for callers that keep them. */
export function viewContains(a: RuleView, b: RuleView): boolean {
  if (a.opaque || b.opaque || a.direction !== b.direction) return false;
  // A field `a` sets and `b` leaves open: each such field fails below; this says so at once.
  if ((a.fields & ~b.fields) !== 0) return false;
  if (a.protocol !== undefined && a.protocol !== b.protocol) return false;
  if (a.notProtocol !== undefined && !((b.protocol !== undefined && b.protocol !== a.notProtocol) || b.notProtocol === a.notProtocol)) return false;
  if (a.ipVersion !== undefined && a.ipVersion !== b.ipVersion) return false;
  if (a.icmpType !== undefined && a.icmpType !== b.icmpType) return false;
  if (a.icmpCode !== undefined && a.icmpCode !== b.icmpCode) return false;
  if (a.notIcmpType !== undefined) {
    // b must exclude the same type (and code), or name another type.
    const sameExclusion = b.notIcmpType === a.notIcmpType && (a.notIcmpCode === undefined ? b.notIcmpCode === undefined : b.notIcmpCode === a.notIcmpCode || b.notIcmpCode === undefined);
    const otherType = b.icmpType !== undefined && b.icmpType !== a.notIcmpType;
    const otherCode = b.icmpType === a.notIcmpType && a.notIcmpCode !== undefined && b.icmpCode !== undefined && b.icmpCode !== a.notIcmpCode;
    if (!sameExclusion && !otherType && !otherCode) return false;
  }
  return peerFieldsContain(a.source, b.source) && peerFieldsContain(a.destination, b.destination) && peerSelectorsContain(a.source, b.source) && peerSelectorsContain(a.destination, b.destination);
}

export interface Shadowing {
  rule: RuleModel;
  by: RuleModel;
}

/**
 * The rules of one policy that an earlier terminal rule of the same direction contains. A rule
 * already shadowed is not used to shadow others (the earlier one is named instead). The work is
 * bounded: each rule is compared with at most `MAX_EARLIER` earlier terminal rules.
 *
 * Remembered per rule list (by identity): the per-document rule and the cross-policy check both
 * ask for the same policy's list (`readRules` hands out one list per spec node, the summary keeps
 * it), and a list is never changed once built. Callers must not modify the answer.
 */
export const MAX_EARLIER = 32;

const shadowedCache = new WeakMap<readonly RuleModel[], Shadowing[]>();

export function shadowedRules(rules: readonly RuleModel[]): Shadowing[] {
  let out = shadowedCache.get(rules);
  if (!out) shadowedCache.set(rules, (out = findShadowed(rules)));
  return out;
}

function findShadowed(rules: readonly RuleModel[]): Shadowing[] {
  const out: Shadowing[] = [];
  // The earlier terminal rules by direction, as positions in `rules`.
  const earlier: Record<'ingress' | 'egress', number[]> = { ingress: [], egress: [] };
  let views: RuleView[] | undefined;
  for (let k = 0; k < rules.length; k++) {
    const r = rules[k]!;
    const list = earlier[r.direction];
    let by: RuleModel | undefined;
    if (list.length > 0) {
      views ??= viewsOf(rules);
      const v = views[k]!;
      for (let i = 0; i < list.length && i < MAX_EARLIER; i++) {
        if (viewContains(views[list[i]!]!, v)) {
          by = rules[list[i]!]!;
          break;
        }
      }
    }
    if (by) out.push({ rule: r, by });
    else if (isTerminal(r.action) && !r.opaque) list.push(k);
  }
  return out;
}
