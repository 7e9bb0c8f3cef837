/**
 * Does every allowed flow of an untracked policy have a rule for its replies?
 *
 * Untracked (doNotTrack) policy bypasses connection tracking, so replies are not allowed
 * automatically: an ingress Allow for destination port P from peer S needs an egress Allow for
 * traffic from source port P to S, and an egress Allow to port P at peer D needs an ingress Allow
 * from source port P from D, with the same protocol. The reply rule may live in the same policy or
 * in another untracked policy that applies to the same endpoints.
 *
 * Coverage is judged conservatively but without guessing:
 * - a dimension the reply rule leaves open (no protocol, no ports, no peer) covers every value;
 * - port ranges cover the ports inside them, and the uncovered part is reported precisely;
 * - peers must match constraint by constraint (selectors by canonical form, nets by containment);
 * - named ports cannot be mirrored reliably and are left out (another rule says so);
 * - rules we cannot model (invalid values, HTTP matches) are never reported.
 */
import { formatIntervals, protocolName, subtract, normalise, type Direction, type Intervals, type PeerModel, type PortSpec, type RuleModel } from './model';
import { cidrContains, parseCidr } from '../util/ip';

/**
 * Every port a rule can name. Port 0 is left out: Calico refuses it in a ports list, so no reply
 * rule could ever be written for it, and counting it would leave `ports: ['1:65535']` short of
 * "any port" and make the mirror fix write the invalid range `0:…`.
 */
const ALL_PORTS: Intervals = [[1, 65535]];

function opposite(d: Direction): Direction {
  return d === 'ingress' ? 'egress' : 'ingress';
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a && !b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}

// Parsed CIDRs by text (the model keeps nets as canonical strings); bounded, cleared when full.
const cidrs = new Map<string, ReturnType<typeof parseCidr>>();

function cidrOf(text: string): ReturnType<typeof parseCidr> {
  if (cidrs.has(text)) return cidrs.get(text);
  const c = parseCidr(text);
  if (cidrs.size > 4096) cidrs.clear();
  cidrs.set(text, c);
  return c;
}

// Each list parsed once (the model's lists are shared and never modified): the exact evaluation
// asks whether the same lists cover one another for many rule pairs.
const parsedLists = new WeakMap<readonly string[], Array<ReturnType<typeof parseCidr>>>();

function parsedList(list: readonly string[]): Array<ReturnType<typeof parseCidr>> {
  let parsed = parsedLists.get(list);
  if (!parsed) parsedLists.set(list, (parsed = list.map(cidrOf)));
  return parsed;
}

function netsCovered(inner: readonly string[] | undefined, outer: readonly string[]): boolean {
  if (!inner) return false;
  const outerParsed = parsedList(outer);
  return parsedList(inner).every((c) => {
    if (!c) return false;
    return outerParsed.some((oc) => !!oc && oc.ip.family === c.ip.family && oc.prefix <= c.prefix && cidrContains(oc, c.ip));
  });
}

/**
 * True when `reply` (a peer of the reply rule) admits every endpoint that `original` (the peer of
 * the rule being answered) admits.
 */
export function peerCovers(reply: PeerModel, original: PeerModel): boolean {
  if (reply.opaque) return false;
  if (reply.selector !== undefined && reply.selector !== original.selector) return false;
  if (reply.notSelector !== undefined && reply.notSelector !== original.notSelector) return false;
  if (reply.namespaceSelector !== undefined && reply.namespaceSelector !== original.namespaceSelector) return false;
  if (reply.nets !== undefined && !netsCovered(original.nets, reply.nets)) return false;
  if (reply.notNets !== undefined && !sameList(reply.notNets, original.notNets)) return false;
  if (reply.serviceAccounts !== undefined && reply.serviceAccounts !== original.serviceAccounts) return false;
  if (reply.services !== undefined && reply.services !== original.services) return false;
  return true;
}

/** Ports a reply rule's side admits (undefined ports = all); notPorts are taken out. */
function admitted(spec: PortSpec | undefined, notPorts: PortSpec | undefined): Intervals {
  const base = spec ? spec.intervals : ALL_PORTS;
  return notPorts ? subtract(base, notPorts.intervals) : base;
}

function protocolCovers(reply: RuleModel, original: RuleModel): boolean {
  // A reply rule that excludes ICMP types is not judged (it was opaque before notICMP was modelled).
  if (reply.notIcmpType !== undefined) return false;
  if (reply.protocol !== undefined && reply.protocol !== original.protocol) return false;
  if (reply.notProtocol !== undefined && (original.protocol === undefined || original.protocol === reply.notProtocol)) return false;
  if (reply.ipVersion !== undefined && reply.ipVersion !== original.ipVersion) return false;
  return true;
}

/** ICMP echo requests are answered by echo replies; other ICMP types by the same type. */
function replyIcmpType(type: number | undefined, protocol: number | undefined): number | undefined {
  if (type === undefined) return undefined;
  if (protocol === 1 && type === 8) return 0;
  if (protocol === 58 && type === 128) return 129;
  return type;
}

function icmpCovers(reply: RuleModel, original: RuleModel): boolean {
  if (reply.icmpType === undefined) return true;
  const want = replyIcmpType(original.icmpType, original.protocol);
  if (want === undefined) return false;
  if (reply.icmpType !== want) return false;
  return reply.icmpCode === undefined || reply.icmpCode === original.icmpCode;
}

export interface Asymmetry {
  rule: RuleModel;
  /** Service ports (the rule's destination ports) whose replies no rule allows; `undefined` = any port. */
  missingPorts: Intervals | undefined;
  /** A sentence naming what is missing. */
  description: string;
}

function describePeer(p: PeerModel): string {
  const parts: string[] = [];
  if (p.selector) parts.push(`\`${p.selectorText ?? p.selector}\``);
  if (p.namespaceSelector) parts.push(`namespaces \`${p.namespaceSelector}\``);
  if (p.nets) parts.push(p.nets.join(', '));
  if (p.serviceAccounts) parts.push('the selected service accounts');
  if (p.services) parts.push('the selected service');
  if (p.notSelector) parts.push(`not \`${p.notSelector}\``);
  if (p.notNets) parts.push(`not ${p.notNets.join(', ')}`);
  return parts.length > 0 ? parts.join(' and ') : 'any peer';
}

function describe(rule: RuleModel, missing: Intervals | undefined): string {
  const reply = opposite(rule.direction);
  // The peer the replies go back to (ingress) or come back from (egress).
  const peer = rule.direction === 'ingress' ? rule.source : rule.destination;
  const proto = protocolName(rule.protocol);
  let what: string;
  if (rule.protocol === undefined) what = 'any protocol';
  else if (missing === undefined) what = [6, 17, 132, 136].includes(rule.protocol) ? `any ${proto} port` : proto;
  else what = `${proto} ${formatIntervals(missing)}`;
  const hasPeer = !!(peer.selector || peer.nets || peer.namespaceSelector || peer.serviceAccounts || peer.services || peer.notSelector || peer.notNets);
  // Ingress rule: replies leave from our port to the client. Egress rule: replies come back from
  // the server's port.
  if (reply === 'egress') return `no egress rule allows replies from ${what} to ${hasPeer ? describePeer(peer) : 'the clients'}`;
  return `no ingress rule allows replies from ${what} ${hasPeer ? `at ${describePeer(peer)}` : 'of the servers'}`;
}

/**
 * The Allow rules that may answer others, filed by what a reply must match exactly when it
 * constrains it at all: direction, protocol, and the selectors of its two peers. A rule then looks
 * only at the replies that could cover it (eight buckets at most) instead of every rule of every
 * policy of its group, which would cost the square of the group's size.
 */
export class ReplyIndex {
  private readonly buckets = new Map<string, Bucket>();

  constructor(lists: ReadonlyArray<readonly RuleModel[]>) {
    for (const list of lists) {
      for (const r of list) {
        if (r.action !== 'Allow' || r.opaque) continue;
        const key = bucketKey(r.direction, r.protocol, r.destination.selector, r.source.selector);
        let bucket = this.buckets.get(key);
        if (!bucket) this.buckets.set(key, (bucket = { byNets: new Map(), all: [] }));
        bucket.all.push(r);
        const nets = pairKey(netsKey(r.destination.nets), netsKey(r.source.nets));
        const same = bucket.byNets.get(nets);
        if (same) same.push(r);
        else bucket.byNets.set(nets, [r]);
      }
    }
  }

  /**
   * The buckets that can hold a reply to a rule: for each dimension, the rule's own value and
   * "unconstrained" (a reply that constrains a dimension must match the rule exactly in it).
   * Within a bucket the likely replies come first: those whose nets are the rule's own, swapped
   * (what a mirror writes), or unconstrained; the rest follow (a reply's nets may also contain
   * the rule's), so the usual symmetric pair is found at once.
   */
  *candidates(direction: Direction, protocol: number | undefined, client: PeerModel, service: PeerModel): Iterable<RuleModel> {
    const c = netsKey(client.nets);
    const s = netsKey(service.nets);
    const likely = [...new Set([pairKey(c, s), pairKey('', s), pairKey(c, ''), pairKey('', '')])];
    for (const p of protocol === undefined ? [undefined] : [protocol, undefined]) {
      for (const d of client.selector === undefined ? [undefined] : [client.selector, undefined]) {
        for (const sel of service.selector === undefined ? [undefined] : [service.selector, undefined]) {
          const bucket = this.buckets.get(bucketKey(direction, p, d, sel));
          if (!bucket) continue;
          for (const k of likely) {
            const list = bucket.byNets.get(k);
            if (list) yield* list;
          }
          for (const r of bucket.all) {
            if (!likely.includes(pairKey(netsKey(r.destination.nets), netsKey(r.source.nets)))) yield r;
          }
        }
      }
    }
  }
}

interface Bucket {
  /** By destination and source nets (`pairKey`). */
  byNets: Map<string, RuleModel[]>;
  all: RuleModel[];
}

function pairKey(destination: string, source: string): string {
  return `${destination}\u0000${source}`;
}

/** Nets as a key: '' when unconstrained. */
function netsKey(nets: readonly string[] | undefined): string {
  return nets === undefined ? '' : `=${nets.join(',')}`;
}

function bucketKey(direction: Direction, protocol: number | undefined, destination: string | undefined, source: string | undefined): string {
  return `${direction}\u0000${protocol ?? '*'}\u0000${destination === undefined ? '*' : `=${destination}`}\u0000${source === undefined ? '*' : `=${source}`}`;
}

/**
 * At most this many possible replies are compared with one rule. Beyond it the rule is not
 * judged (never reported): the work of the check stays linear in the number of rules even when
 * thousands of replies differ only in what the buckets do not separate (their nets, say).
 */
const MAX_COMPARISONS = 512;

/**
 * Finds the Allow rules of `own` (one untracked policy) whose replies no rule of the indexes
 * (Allow rules of untracked policies that apply to the same endpoints, `own` included) allows.
 */
export function findAsymmetries(own: readonly RuleModel[], ...indexes: readonly ReplyIndex[]): Asymmetry[] {
  const out: Asymmetry[] = [];
  for (const rule of own) {
    if (rule.action !== 'Allow' || rule.opaque || rule.notIcmpType !== undefined || rule.source.opaque || rule.destination.opaque) continue;
    const replyDir = opposite(rule.direction);
    // A reply travels from the rule's destination back to its source, whichever the direction:
    // its source must admit the rule's destination (peer and the service ports) and its
    // destination must admit the rule's source (peer and, if constrained, the client ports).
    const service = rule.destination;
    const client = rule.source;
    // Named service ports cannot be mirrored; judge only the numeric part.
    if (service.ports && service.ports.intervals.length === 0) continue;
    if (service.notPorts && service.notPorts.named.length > 0) continue;
    let needed = normalise(admitted(service.ports, service.notPorts));
    let compared = 0;
    scan: for (const index of indexes) for (const r of index.candidates(replyDir, rule.protocol, client, service)) {
      if (++compared > MAX_COMPARISONS) break scan;
      if (!protocolCovers(r, rule) || !icmpCovers(r, rule)) continue;
      if (!peerCovers(peerOnly(r.destination), client) || !peerCovers(peerOnly(r.source), service)) continue;
      // The client's ports (usually ephemeral, unconstrained) must be admitted by the reply's
      // destination: all of them when the rule leaves them open, less any `notPorts` it has (the
      // mirror of such a rule keeps the same `notPorts`).
      if (r.destination.ports || r.destination.notPorts) {
        // Named ports are matched by name: the reply must name every port the client side names,
        // and may exclude by name only what the client side excludes too.
        const replyNamed = r.destination.ports?.named ?? [];
        if (!(client.ports?.named ?? []).every((n) => replyNamed.includes(n))) continue;
        if (!(r.destination.notPorts?.named ?? []).every((n) => client.notPorts?.named.includes(n))) continue;
        const numeric = client.ports && client.ports.intervals.length === 0 ? [] : admitted(client.ports, client.notPorts);
        if (subtract(numeric, admitted(r.destination.ports, r.destination.notPorts)).length > 0) continue;
      }
      if (r.source.ports && r.source.ports.intervals.length === 0) continue;
      needed = subtract(needed, admitted(r.source.ports, r.source.notPorts));
      if (needed.length === 0) break scan;
    }
    if (needed.length === 0 || compared > MAX_COMPARISONS) continue;
    const isAll = !service.ports && !service.notPorts;
    const missing = isAll && needed.length === 1 && needed[0]![0] === 1 && needed[0]![1] === 65535 ? undefined : needed;
    out.push({ rule, missingPorts: missing, description: describe(rule, missing) });
  }
  return out;
}

/** A peer without its port constraints (ports are compared separately). */
function peerOnly(p: PeerModel): PeerModel {
  const { ports: _ports, notPorts: _notPorts, ...rest } = p;
  return rest;
}
