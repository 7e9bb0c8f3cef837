/**
 * The exact untracked symmetry question for one Allow rule at one HostEndpoint: where do the
 * replies go? The reply (source and destination swapped, ports swapped, opposite direction) is
 * evaluated through the untracked policies that apply to the endpoint, in Calico's order (tiers,
 * then policies, then rules), port range by port range: each rule takes the part of the service
 * ports it certainly matches; Allow settles it, Deny drops it (the first such rule is named), Pass
 * sends it to the next tier, Log leaves it; what no rule settles has no untracked verdict and is
 * dropped for want of connection tracking.
 *
 * The policy being judged (`own`: its content as `policyContent` gives it, built only when asked) counts in both
 * directions whatever its `types`, as in the selector-group mode: a direction missing from
 * `types` has a warning of its own.
 *
 * A reply rule whose other fields only possibly match (a selector that neither implies nor
 * excludes the peer's) settles nothing: it is not counted as allowing, and not as denying.
 * Invariant: pure; the work is linear in the rules of the untracked policies at the endpoint.
 * What is cached (per set of untracked policies, shared by the label classes that hold the same set) is validated by content fingerprints (`untrackedStamp`).
 */
import { formatIntervals, subtract, normalise, type Intervals, type PeerModel, type PortSpec, type RuleModel } from '../untracked/model';
import { compiledMatchesAlways, compileRule, matchPeer, type CompiledRule, type Packet, type Side } from './match';
import type { RuleLocation } from './evaluate';
import { comparePolicies, type HostEndpointEntry, type LabelClass, type PolicyEntry, type PolicyModel } from './model';
import { parseIp } from '../util/ip';
import { policyTier } from '../model/tiers';

const ALL_PORTS: Intervals = [[1, 65535]];

export interface ReplyFate {
  /** Service ports whose replies no untracked rule allows (dropped ones included). */
  missing: Intervals;
  /** A rule that may carry the replies cannot be judged from the files (Enterprise `domains`): say nothing. */
  undecided?: true;
  /**
   * The first Deny that drops some replies, with the ports it drops. The entry may have been
   * replaced by an equal one since: locate it with `denyLocation`.
   */
  deniedBy?: { policy: PolicyEntry; rule: RuleModel; ports: Intervals };
}

/** Where the Deny of a fate is written now (undefined if its policy is gone). */
export function denyLocation(model: PolicyModel, by: NonNullable<ReplyFate['deniedBy']>): { policy: PolicyEntry; location: RuleLocation } | undefined {
  const policy = model.liveEquivalent(by.policy);
  if (!policy) return undefined;
  const rule = policy.policy.rules?.find((r) => r.direction === by.rule.direction && r.index === by.rule.index);
  if (!rule) return undefined;
  return { policy, location: { fileId: policy.fileId, slotId: policy.slotId, start: rule.itemSpan.start, end: rule.itemSpan.end } };
}

function admitted(spec: PortSpec | undefined, notPorts: PortSpec | undefined): Intervals {
  const base = spec ? spec.intervals : ALL_PORTS;
  return notPorts ? subtract(base, notPorts.intervals) : base;
}

/**
 * `a` ∩ `b` for normalised lists (sorted, disjoint, not adjacent), normalised: one merge pass.
 * Pieces of one interval of `a` cut by two of `b` stay apart (a gap of `b` lies between), and
 * the other way round, so nothing needs merging.
 */
function intersect(a: Intervals, b: Intervals): Intervals {
  // Inside one interval of `b` (all ports, the one port asked for): `a` itself, which no one modifies.
  if (a.length > 0 && b.length === 1 && b[0]![0] <= a[0]![0] && a[a.length - 1]![1] <= b[0]![1]) return a;
  const out: Intervals = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [x, y] = a[i]!;
    const [u, v] = b[j]!;
    const lo = x > u ? x : u;
    const hi = y < v ? y : v;
    if (lo <= hi) out.push([lo, hi]);
    if (y < v) i++;
    else j++;
  }
  return out;
}

/**
 * A side with every field present, in one order: the walk compares each side with many rules,
 * and sides of one shape are read at one place.
 */
function side(fields: Side): Side {
  return {
    labelSets: fields.labelSets,
    selector: fields.selector,
    ips: fields.ips,
    nets: fields.nets,
    ports: fields.ports,
    namedPorts: fields.namedPorts,
    notWorkload: fields.notWorkload,
    model: fields.model,
  };
}

// (`model`: the peer itself; what `peerCovers` reads of it leaves out its ports.)
function peerSide(peer: PeerModel, ports: Intervals | undefined): Side {
  return side({ model: peer, selector: peer.selector, nets: peer.nets, ports });
}

// An endpoint's side without ports, built once per endpoint summary (its addresses parsed once).
const endpointSides = new WeakMap<object, Side>();

function endpointSide(h: HostEndpointEntry, ports: Intervals | undefined): Side {
  let base = endpointSides.get(h.summary);
  if (!base) {
    const ips = (h.summary.hostEndpoint?.expectedIPs ?? []).map((s) => parseIp(s)).filter((x) => !!x);
    base = side({ labelSets: [h.labels], notWorkload: true, namedPorts: h.summary.hostEndpoint?.namedPorts ?? {}, ips: ips.length > 0 ? (ips as NonNullable<Side['ips']>) : undefined });
    endpointSides.set(h.summary, base);
  }
  return ports ? withPorts(base, ports) : base;
}

function withPorts(base: Side, ports: Intervals): Side {
  const s = side(base);
  s.ports = ports;
  return s;
}

/**
 * The fate of the replies to `rule` (an Allow rule of an untracked policy) at host endpoint `h`;
 * undefined when the rule cannot be judged (named service ports, opaque fields, no IP version).
 */
export function replyFate(model: PolicyModel, h: HostEndpointEntry, rule: RuleModel, own?: () => string): ReplyFate | undefined {
  if (rule.action !== 'Allow' || rule.opaque || rule.source.opaque || rule.destination.opaque) return undefined;
  const service = rule.destination;
  const client = rule.source;
  if (service.ports && service.ports.named.length > 0) return undefined;
  if (service.notPorts && service.notPorts.named.length > 0) return undefined;
  if (client.ports && client.ports.named.length > 0) return undefined;
  const servicePorts = normalise(admitted(service.ports, service.notPorts));
  const clientPorts = client.ports || client.notPorts ? normalise(admitted(client.ports, client.notPorts)) : ALL_PORTS;
  const replyDir = rule.direction === 'ingress' ? 'egress' : 'ingress';
  // The reply's source is the rule's destination: on an ingress rule the endpoint itself, on an
  // egress rule the peer; its destination the other side.
  // (The service side is given its ports per comparison, through `withPorts`.)
  const serviceBase = rule.direction === 'ingress' ? endpointSide(h, undefined) : peerSide(service, undefined);
  const clientSide = rule.direction === 'ingress' ? peerSide(client, clientPorts) : endpointSide(h, clientPorts);
  const families: Array<4 | 6> = rule.ipVersion === 4 || rule.ipVersion === 6 ? [rule.ipVersion] : [4, 6];
  const protocol = rule.protocol;
  if (protocol === undefined) return undefined;
  // The rule's own side names the endpoint: where it cannot match this endpoint, the rule
  // allows nothing here and there are no replies to judge; where that is not certain, the rule
  // is not judged exactly.
  const { ports: _p, notPorts: _n, ...ownSide } = rule.direction === 'ingress' ? rule.destination : rule.source;
  let live = false;
  for (const ipVersion of families) {
    const m = matchPeer(ownSide, endpointSide(h, undefined), { protocol, ipVersion, src: {}, dst: {} });
    if (m === 'depends') return undefined;
    if (m === 'always') live = true;
  }
  if (!live) return { missing: [] };
  let worst: ReplyFate | undefined;
  for (const ipVersion of families) {
    const fate = fateFor(model, h, replyDir, protocol, ipVersion, servicePorts, serviceBase, clientSide, rule, own);
    if (!fate) return undefined;
    if (!worst || fate.missing.length > worst.missing.length || (fate.deniedBy && !worst.deniedBy)) worst = fate;
  }
  return worst;
}

/**
 * The untracked rules of one direction at an endpoint, by tier, in evaluation order: built once
 * per endpoint labels, direction and model version, and shared by every rule judged there, so a
 * rule never walks the rules of the other direction or of policies with no rule in this one.
 * Entries keep their policy so `applies` can be checked per question (the judged policy counts
 * whatever its `types`).
 */
/** Positions of entries whose ports (on one side) are a few numbers, by port; the others are `wide`. */
interface PortFiling {
  byPort: Map<number, number[]>;
  /** No ports on that side, wide ranges, named ports: candidates for any port. */
  wide: number[];
}

interface FlatEntry {
  p: PolicyEntry;
  r: RuleModel;
  /** The source ports the rule admits (`ports` less `notPorts`; all when it names none), normalised. */
  srcPorts: Intervals;
  /** Entries with the same shape number (in one flat) are the same rule written elsewhere. */
  shape: number;
  compiled: CompiledRule;
}

interface FlatTier {
  entries: FlatEntry[];
  /** Filed by the reply rule's source ports (the service's), and by its destination ports (the client's). */
  src: PortFiling;
  dst: PortFiling;
  /** `candidates` answers by the ports asked for: the same few services are asked about again and again. */
  picked: Map<string, readonly number[]>;
}

function file(f: PortFiling, ports: PortSpec | undefined, i: number): void {
  if (!ports || ports.named.length > 0 || span(ports.intervals) > FILED_PORTS) {
    f.wide.push(i);
    return;
  }
  for (const [a, b] of ports.intervals) {
    for (let port = a; port <= b; port++) {
      const list = f.byPort.get(port);
      if (list) list.push(i);
      else f.byPort.set(port, [i]);
    }
  }
}

interface Flat {
  tiers: FlatTier[];
  /**
   * Some rule tests the endpoint's own side (the reply's source on egress, its destination on
   * ingress) by nets, or by named ports: only then can the endpoint's addresses, or its named
   * ports, change an answer here (see `fateKey`).
   */
  readsIps: boolean;
  readsNamedPorts: boolean;
  /** Likewise by selector or notSelector: only then can the endpoint's labels. */
  readsLabels: boolean;
}

/** Both directions' flats of a set of untracked policies, and the fates found through them. */
interface Flats {
  /** The class's untracked fingerprint and the tiers' when built (see `PolicyModel`). */
  at: UntrackedStamp;
  ingress: Flat;
  egress: Flat;
  /** By rule shape (`shapeOf`), then by `endpointKey` (see `rememberedReplyFate`). */
  fates: Map<string, Map<string, ReplyFate | undefined>>;
  fateCount: number;
}

/** A rule naming at most this many source ports is filed under each of them. */
const FILED_PORTS = 64;

function span(list: Intervals): number {
  let n = 0;
  for (const [a, b] of list) n += b - a + 1;
  return n;
}

/**
 * The entries that can match a reply from `service` ports to `client` ports, in evaluation order:
 * looked up on whichever side names few ports (a rule that names ports on that side must name
 * one of them to match).
 */
function candidates(t: FlatTier, service: Intervals, client: Intervals): readonly number[] {
  const f = span(service) <= FILED_PORTS ? t.src : span(client) <= FILED_PORTS ? t.dst : undefined;
  const ports = f === t.src ? service : client;
  const key = f === undefined ? '*' : `${f === t.src ? 's' : 'd'}${formatIntervals(ports)}`;
  const hit = t.picked.get(key);
  if (hit) return hit;
  let list: number[];
  if (!f) list = t.entries.map((_, i) => i);
  else {
    const out = new Set<number>(f.wide);
    for (const [a, b] of ports) for (let port = a; port <= b; port++) for (const i of f.byPort.get(port) ?? []) out.add(i);
    list = [...out].sort((x, y) => x - y);
  }
  if (t.picked.size > 1024) t.picked.clear();
  t.picked.set(key, list);
  return list;
}

// Per label class and direction (and shared by stamp, below). Valid while the class's untracked policies and the tiers have the
// same content: an entry may then be one an edit replaced by an equal one, which matches the same
// packets, so callers compare entries by content and locate rules through `liveEquivalent`.
const flats = new WeakMap<LabelClass, Flats>();
// And by the stamp itself, per model: classes that differ only in labels no untracked selector
// reads (many roles of one service) hold the same untracked policies, so the same fingerprint,
// and share one build, and the fates that do not read the labels. Bounded, cleared when full.
const flatsByStamp = new WeakMap<PolicyModel, Map<string, Flats>>();

/** What is cached per class for untracked evaluation is valid while these fingerprints hold. */
export interface UntrackedStamp {
  /** The class's untracked policies (`LabelClass.untracked`). */
  ua: number;
  ub: number;
  /** The tiers (`PolicyModel.tierPrint`). */
  ta: number;
  tb: number;
}

/** The validity stamp of what is cached per class for untracked evaluation. */
export function untrackedStamp(model: PolicyModel, cls: LabelClass): UntrackedStamp {
  return { ua: cls.untracked.a, ub: cls.untracked.b, ta: model.tierPrint.a, tb: model.tierPrint.b };
}

/** Does a stamp still hold (compared field by field: asked for every fate looked up)? */
export function stampHolds(at: UntrackedStamp, model: PolicyModel, cls: LabelClass): boolean {
  return at.ua === cls.untracked.a && at.ub === cls.untracked.b && at.ta === model.tierPrint.a && at.tb === model.tierPrint.b;
}

// Rule shapes (the rule without where it is written), shared by every flat and by the judged
// rules' fate memo (`untracked-asymmetric.ts`).
const shapes = new WeakMap<RuleModel, string>();

/** What a rule matches and does, as a string: equal for rules that differ only in where they are. */
export function shapeOf(rule: RuleModel): string {
  let shape = shapes.get(rule);
  if (shape === undefined) {
    const { span: _s, itemSpan: _i, index: _x, ...rest } = rule;
    shapes.set(rule, (shape = JSON.stringify(rest)));
  }
  return shape;
}

function flatFor(model: PolicyModel, h: HostEndpointEntry, dir: 'ingress' | 'egress'): Flat {
  return flatsFor(model, h.cls)[dir];
}

function flatsFor(model: PolicyModel, cls: LabelClass): Flats {
  const hit = flats.get(cls);
  if (hit && stampHolds(hit.at, model, cls)) return hit;
  const at = untrackedStamp(model, cls);
  let shared = flatsByStamp.get(model);
  if (!shared) flatsByStamp.set(model, (shared = new Map()));
  const key = `${at.ua}.${at.ub}.${at.ta}.${at.tb}`;
  let built = shared.get(key);
  if (!built) {
    built = buildFlats(model, cls, at);
    if (shared.size > 1024) shared.clear();
    shared.set(key, built);
  }
  flats.set(cls, built);
  return built;
}

function buildFlats(model: PolicyModel, cls: LabelClass, at: UntrackedStamp): Flats {
  // Both directions at once: a class's fates ask for both, and the ordering is the work.
  const built: Record<'ingress' | 'egress', Flat> = {
    ingress: { tiers: [], readsIps: false, readsNamedPorts: false, readsLabels: false },
    egress: { tiers: [], readsIps: false, readsNamedPorts: false, readsLabels: false },
  };
  const ids = new Map<string, number>();
  let lastTier: string | undefined;
  for (const p of untrackedInOrder(model, cls)) {
    if (policyTier(p.policy) !== lastTier) {
      for (const f of [built.ingress, built.egress]) f.tiers.push({ entries: [], src: { byPort: new Map(), wide: [] }, dst: { byPort: new Map(), wide: [] }, picked: new Map() });
      lastTier = policyTier(p.policy);
    }
    for (const r of p.policy.rules ?? []) {
      if (r.action === 'Log') continue;
      const flat = built[r.direction];
      const t = flat.tiers[flat.tiers.length - 1]!;
      // The endpoint is the source of what it sends (egress) and the destination of what it gets.
      const mine = r.direction === 'egress' ? r.source : r.destination;
      if (mine.nets || mine.notNets) flat.readsIps = true;
      if (mine.selector !== undefined || mine.notSelector !== undefined) flat.readsLabels = true;
      if ((mine.ports && mine.ports.named.length > 0) || (mine.notPorts && mine.notPorts.named.length > 0)) flat.readsNamedPorts = true;
      const i = t.entries.length;
      const shape = shapeOf(r);
      let id = ids.get(shape);
      if (id === undefined) ids.set(shape, (id = ids.size));
      t.entries.push({ p, r, srcPorts: normalise(admitted(r.source.ports, r.source.notPorts)), shape: id, compiled: compileRule(r) });
      file(t.src, r.source.ports, i);
      file(t.dst, r.destination.ports, i);
    }
  }
  return { at, ingress: built.ingress, egress: built.egress, fates: new Map(), fateCount: 0 };
}

/**
 * What the fate of `rule`'s replies at `h` depends on besides the untracked policies there and
 * the tiers (what `untrackedStamp` stamps), the judged policy and the rule's shape (`shapeOf`), as
 * a key: the endpoint's labels, addresses and named ports, each only where a rule that may be
 * compared, or the rule's own side, reads it (by selector, nets, named ports). Endpoints then
 * share fates whenever no rule there looks at what tells them apart.
 */
function endpointKey(all: Flats, h: HostEndpointEntry, rule: RuleModel): string {
  const flat = rule.direction === 'ingress' ? all.egress : all.ingress;
  const ownSide = rule.direction === 'ingress' ? rule.destination : rule.source;
  const readsLabels = flat.readsLabels || ownSide.selector !== undefined || ownSide.notSelector !== undefined;
  const readsIps = flat.readsIps || ownSide.nets !== undefined || ownSide.notNets !== undefined;
  if (!readsLabels && !readsIps && !flat.readsNamedPorts) return '';
  const he = h.summary.hostEndpoint;
  const labels = readsLabels ? h.cls.key : '*';
  const ips = readsIps ? JSON.stringify(he?.expectedIPs ?? []) : '*';
  const named = flat.readsNamedPorts ? JSON.stringify(he?.namedPorts ?? {}) : '*';
  return `${labels}\u0000${ips}\u0000${named}`;
}

/**
 * `replyFate`, remembered for every endpoint and rule that must get the same answer (see
 * `endpointKey`), while the untracked policies there and the tiers keep their content. Only for
 * a judged policy that applies in both directions: `own` then changes no answer (it only brings
 * in a policy that leaves the reply's direction out, and such a policy is not this one).
 * Generated and real workspaces repeat the same rule in many policies, and many host endpoints
 * share their policies.
 */
export function rememberedReplyFate(model: PolicyModel, h: HostEndpointEntry, rule: RuleModel, own?: () => string): ReplyFate | undefined {
  const all = flatsFor(model, h.cls);
  const shape = shapeOf(rule);
  const ek = endpointKey(all, h, rule);
  let byEndpoint = all.fates.get(shape);
  if (byEndpoint?.has(ek)) return byEndpoint.get(ek);
  const fate = replyFate(model, h, rule, own);
  if (all.fateCount > 65536) {
    all.fates.clear();
    all.fateCount = 0;
    byEndpoint = undefined;
  }
  if (!byEndpoint) all.fates.set(shape, (byEndpoint = new Map()));
  byEndpoint.set(ek, fate);
  all.fateCount++;
  return fate;
}

/**
 * The enforced untracked policies of a class in Calico's order: `PolicyModel.ordered` less the
 * others, sorted alone (the same stable sort of a sublist keeps the same relative order).
 */
function untrackedInOrder(model: PolicyModel, cls: LabelClass): PolicyEntry[] {
  const list: PolicyEntry[] = [];
  for (const p of cls.applicable) if (p.policy.doNotTrack && !p.policy.staged) list.push(p);
  const tierOrder = new Map<string, number>();
  for (const p of list) if (!tierOrder.has(policyTier(p.policy))) tierOrder.set(policyTier(p.policy), model.tierOrder(policyTier(p.policy)));
  return list.sort((a, b) => comparePolicies(a, b, tierOrder));
}

/**
 * At most this many reply rules are compared with one rule at one endpoint; beyond, the rule is
 * not judged exactly (the caller falls back to the selector-group check), so the work per rule
 * stays bounded however many rules the endpoint's policies have.
 */
const MAX_COMPARISONS = 64;

function fateFor(
  model: PolicyModel,
  h: HostEndpointEntry,
  replyDir: 'ingress' | 'egress',
  protocol: number,
  ipVersion: 4 | 6,
  servicePorts: Intervals,
  serviceBase: Side,
  clientSide: Side,
  original: RuleModel,
  own: (() => string) | undefined,
): ReplyFate | undefined {
  const flat = flatFor(model, h, replyDir);
  let remaining = servicePorts;
  let denied: Intervals = [];
  let deniedBy: ReplyFate['deniedBy'];
  let compared = 0;
  let icmpType: number | undefined;
  if (original.icmpType !== undefined) icmpType = protocol === 1 && original.icmpType === 8 ? 0 : protocol === 58 && original.icmpType === 128 ? 129 : original.icmpType;
  // The packet for the last ports compared: successive rules mostly take the same ports.
  let packet: Packet | undefined;
  // Shapes of rules that did not certainly match the ports still open: a rule of the same shape
  // further on (the same rule in another policy) cannot either, until those ports change. It
  // still counts as compared.
  const failed = new Set<number>();
  for (const tier of flat.tiers) {
    let inTier = remaining;
    let passed: Intervals = [];
    failed.clear();
    for (const i of candidates(tier, inTier, clientSide.ports ?? ALL_PORTS)) {
      const { p, r, srcPorts, shape, compiled } = tier.entries[i]!;
      if (inTier.length === 0) break;
      if (!p.policy.applies[replyDir] && (own === undefined || p.content !== own())) continue;
      if (++compared > MAX_COMPARISONS) return undefined;
      if (failed.has(shape)) continue;
      if (r.protocol !== undefined && r.protocol !== protocol) continue;
      // The reply's service ports are its source ports: the part of them the rule names.
      const subset = intersect(inTier, srcPorts);
      if (subset.length === 0) continue;
      // An Allow to DNS names (Enterprise \`domains\`) may or may not be the reply's way out:
      // which addresses it admits is learnt at run time, so the rule cannot be judged at all.
      if (r.action === 'Allow' && (r.destination.domains || r.source.domains)) return { missing: [], undecided: true };
      if (!packet || !sameIntervals(subset, packet.src.ports!)) {
        const icmpCode = icmpType !== undefined ? original.icmpCode : undefined;
        packet = { protocol, ipVersion, icmpType, icmpCode, src: withPorts(serviceBase, subset), dst: clientSide };
      }
      // The peer's side (the reply's destination on egress) usually decides: compared first.
      if (!compiledMatchesAlways(compiled, packet, replyDir === 'egress')) {
        failed.add(shape);
        continue;
      }
      inTier = subtract(inTier, subset);
      failed.clear();
      if (r.action === 'Deny') {
        denied = normalise([...denied, ...subset]);
        if (!deniedBy) deniedBy = { policy: p, rule: r, ports: subset };
      } else if (r.action === 'Pass') {
        // Pass sends these ports to the next tier; the rest go on through this one.
        passed = normalise([...passed, ...subset]);
      }
    }
    remaining = normalise([...inTier, ...passed]);
  }
  const fate: ReplyFate = { missing: normalise([...remaining, ...denied]) };
  if (deniedBy) fate.deniedBy = deniedBy;
  return fate;
}

function sameIntervals(a: Intervals, b: Intervals): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]![0] !== b[i]![0] || a[i]![1] !== b[i]![1]) return false;
  return true;
}
