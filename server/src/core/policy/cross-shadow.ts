/**
 * Shadowing across the policies of one tier, at the host endpoints of the workspace (issue 11,
 * item 2, second half): a rule R of policy P is never reached at a host endpoint when an earlier
 * policy Q of the same tier and stage applies there too and has a terminal rule (Allow, Deny or
 * Pass) in R's direction that matches every packet R matches (`ruleContains`, the containment of
 * `shadow.ts`). Every packet R could match is then decided in Q's rule or before it: Allow and
 * Deny end evaluation, and Pass jumps to the next tier, past P as well. Log does not end
 * anything, and a policy whose rules do not match hands the packet on, so only a matching
 * terminal rule counts. The claim is made for a rule only when it holds at every known host
 * endpoint P selects (at least one); a workload endpoint the selector may also match is not
 * judged, so the caller says where it holds.
 *
 * Why "same tier and stage" suffices: policies are evaluated by tier, then by order and name
 * within the tier (`comparePolicies`), and the stages (untracked, pre-DNAT, normal) are separate
 * chains. Q must also see every packet P sees: it applies in R's direction (`types`), and when P
 * applies to forwarded traffic (`applyOnForward`), so does Q. Staged policies enforce nothing and
 * neither shadow nor are judged.
 *
 * Cost, bounded and incremental (it runs for every published GlobalNetworkPolicy):
 * - the classes of host endpoints P selects (endpoints with identical labels evaluate alike) are
 *   found through the model's label index, shared by the policies with the same canonical
 *   selector and kept while the model's `hostEndpointVersion` stands (it moves with every host endpoint
 *   change); at most `MAX_ENDPOINTS` endpoints and `MAX_CLASSES` classes, or P is not judged;
 * - per class, this module keeps its own copy of the class's policies in order (`ClassInfo`),
 *   updated by difference when the class's set changes, with the changed positions marked
 *   (classes built from scratch in one model version, as at open, read their order off one
 *   ranking of all their policies instead of one sort each);
 * - per class copy, where each tier's run starts and, per kind of policy (stage, applyOnForward),
 *   the positions of the policies that may cover it, so P's window of earlier policies (at most
 *   `MAX_PRECEDING`, within `MAX_WALK` positions back from P) is a binary search away;
 * - per class, that window is taken again only when a mark lies near P, and the rules judged
 *   again only when it differs (compared in place with the windows already judged, without
 *   building it), each rule against at most `MAX_EARLIER` terminal rules per earlier policy,
 *   earliest policy first and stopping when every rule has its cover; classes are walked only
 *   while some rule is still covered;
 * - containment compares rule views of one object shape (`shadow.ts`), kept per rule list;
 * - nothing is recomputed while the model's `version` stands.
 * Policies with a namespace or service-account selector (`endpointScoped`) are neither judged nor
 * used as covers: Calico ANDs those into the selector, so `selector` alone does not say whether
 * they reach a host endpoint.
 * What the bounds leave out is not reported: only what is certain is.
 *
 * Invariant: pure; the result for a policy depends only on the model's current state (the
 * incremental property test compares it with a fresh build).
 */
import { comparePolicies, type HostEndpointEntry, type LabelClass, type PolicyEntry, type PolicyModel } from './model';
import type { PolicySummary, ResourceSummary } from '../workspace/summary';
import type { RuleModel } from '../untracked/model';
import { isTerminal, MAX_EARLIER, shadowedRules, viewContains, viewsOf, type RuleView } from './shadow';
import { selectorOf } from './match';
import { policyTier } from '../model/tiers';
import { compareCodePoints } from '../selector';

export const MAX_ENDPOINTS = 4096;
export const MAX_CLASSES = 32;
export const MAX_PRECEDING = 64;
export const MAX_WALK = 512;

/** The earlier rule that decides every packet of a shadowed rule, and its policy. */
export interface Cover {
  policy: PolicyEntry;
  rule: RuleModel;
}

export interface CrossShadowing {
  rule: RuleModel;
  /** Distinct covering rules (the earliest in evaluation order at each class), at least one. */
  by: Cover[];
}

export interface CrossShadowResult {
  /** The host endpoints the verdicts hold at, by name (every one P selects). */
  endpoints: HostEndpointEntry[];
  shadowed: CrossShadowing[];
}

/**
 * The rules of P worth judging: readable, in a direction P applies to, not already dead inside P;
 * with their views (`viewsOf`), in the same order.
 */
function candidatesOf(p: PolicySummary): { rules: RuleModel[]; views: RuleView[] } {
  const rules = p.rules ?? [];
  const dead = new Set(shadowedRules(rules).map((s) => s.rule));
  const out: { rules: RuleModel[]; views: RuleView[] } = { rules: [], views: [] };
  let views: RuleView[] | undefined;
  for (let k = 0; k < rules.length; k++) {
    const r = rules[k]!;
    if (r.opaque || !p.applies[r.direction] || dead.has(r)) continue;
    views ??= viewsOf(rules);
    out.rules.push(r);
    out.views.push(views[k]!);
  }
  return out;
}

// The terminal rules of a policy by direction (at most MAX_EARLIER each), in order, per summary,
// as the views containment compares (`viewsOf`).
const terminalsCache = new WeakMap<PolicySummary, Record<'ingress' | 'egress', RuleView[]>>();

function terminalsOf(p: PolicySummary): Record<'ingress' | 'egress', RuleView[]> {
  let t = terminalsCache.get(p);
  if (!t) {
    t = { ingress: [], egress: [] };
    const rules = p.rules ?? [];
    let views: RuleView[] | undefined;
    for (let k = 0; k < rules.length; k++) {
      const r = rules[k]!;
      const list = t[r.direction];
      if (p.applies[r.direction] && isTerminal(r.action) && !r.opaque && list.length < MAX_EARLIER) list.push((views ??= viewsOf(rules))[k]!);
    }
    terminalsCache.set(p, t);
  }
  return t;
}

/**
 * What this module keeps per class of host endpoints: its own copy of the class's policies,
 * each tier's together in Calico's order (`withinTiers`), and which positions changed since the
 * previous copy. A class whose policy set is unchanged (checked by identity, without sorting)
 * keeps its copy and generation; in a changed one the entries gone are dropped and the new ones
 * inserted where they sort, and the positions of the entries added, and of the first survivor
 * after each entry removed, are marked. A policy judged at the previous
 * generation keeps its earlier policies when no mark lies within `span` positions before it:
 * its window of earlier policies (at most MAX_WALK positions, within its tier) is then the same
 * sequence of entries. So an edit costs work near the edited policy, not across the tier.
 */
interface ClassInfo {
  version: number;
  gen: number;
  /** The class's policies, tiers grouped by name, Calico's order within each (see `withinTiers`). */
  sorted: readonly PolicyEntry[];
  members: Set<PolicyEntry>;
  positions: Map<ResourceSummary, number>;
  /** Prefix counts of marked positions (length sorted.length + 1); undefined: no previous copy. */
  marks?: Int32Array;
  span: number;
  /** Per position, where its tier's run of `sorted` starts (built when first asked for). */
  tierStarts?: Int32Array;
  /** Per kind of judged policy (`kindOf`), the positions of the policies that may cover it, ascending. */
  coverers: Array<Int32Array | undefined>;
}

// LabelClass objects belong to one model.
const classInfos = new WeakMap<LabelClass, ClassInfo>();

function sameMembers(info: ClassInfo, cls: LabelClass): boolean {
  if (info.members.size !== cls.applicable.size) return false;
  for (const e of cls.applicable) if (!info.members.has(e)) return false;
  return true;
}

function classInfo(model: PolicyModel, cls: LabelClass): ClassInfo | undefined {
  const prev = classInfos.get(cls);
  if (prev && prev.version === model.version) return prev;
  if (prev && sameMembers(prev, cls)) {
    prev.version = model.version;
    return prev;
  }
  const sorted = prev ? updatedOrder(prev.sorted, prev.members, cls.applicable) : freshOrder(model, cls);
  const members = new Set(sorted);
  const positions = new Map<ResourceSummary, number>();
  for (let i = 0; i < sorted.length; i++) positions.set(sorted[i]!.summary, i);
  const info: ClassInfo = { version: model.version, gen: prev ? prev.gen + 1 : 1, sorted, members, positions, span: MAX_WALK, coverers: [] };
  if (prev) {
    const marked = new Uint8Array(sorted.length + 1);
    let changes = 0;
    for (let i = 0; i < sorted.length; i++) {
      if (!prev.members.has(sorted[i]!)) {
        marked[i] = 1;
        changes++;
      }
    }
    // A removed entry: mark the first entry after it (in the old order) that is still there.
    for (let i = 0; i < prev.sorted.length; i++) {
      if (members.has(prev.sorted[i]!)) continue;
      changes++;
      let k = i + 1;
      while (k < prev.sorted.length && !members.has(prev.sorted[k]!)) k++;
      if (k < prev.sorted.length) {
        const at = positions.get(prev.sorted[k]!.summary);
        if (at !== undefined) marked[at] = 1;
      }
    }
    const marks = new Int32Array(sorted.length + 1);
    for (let i = 0; i < sorted.length; i++) marks[i + 1] = marks[i]! + marked[i]!;
    info.marks = marks;
    // Distances within a tier grow by at most the number of entries added or removed.
    info.span = MAX_WALK + changes;
  }
  classInfos.set(cls, info);
  return info;
}

// The order kept here groups tiers by name instead of by order: all the walk needs is each tier's
// policies together and in Calico's order within the tier (`comparePolicies` with no tier orders
// compares tier names, then policy order, name, file and content). So a change of a tier's order
// changes nothing here, and the list is updated in place of a sort.
const NO_TIER_ORDER: ReadonlyMap<string, number> = new Map();

function withinTiers(a: PolicyEntry, b: PolicyEntry): number {
  return comparePolicies(a, b, NO_TIER_ORDER);
}

/**
 * A class's policies in `withinTiers` order, for a class with no previous copy. At open every
 * class is built from scratch in the same model version (dozens of classes, each with most of
 * the policies): from the `RANK_AFTER`th such build in a version on, the policies of all classes
 * are ranked once by one sort, and each class's order is read off the ranks. Tied policies get
 * the same rank and keep their order in the class's set, as the stable sort keeps them, so the
 * order is the one `sort(withinTiers)` gives. An edit that creates a class or two sorts just those.
 */
const RANK_AFTER = 4;

interface Ranking {
  version: number;
  builds: number;
  rank?: Map<PolicyEntry, number>;
}

// One ranking per model, replaced in the next version that builds a class from scratch.
const rankings = new WeakMap<PolicyModel, Ranking>();

function freshOrder(model: PolicyModel, cls: LabelClass): PolicyEntry[] {
  let r = rankings.get(model);
  if (!r || r.version !== model.version) rankings.set(model, (r = { version: model.version, builds: 0 }));
  const list = [...cls.applicable];
  if (++r.builds < RANK_AFTER) return list.sort(withinTiers);
  const rank = (r.rank ??= rankAll(model));
  // Rank, then position in the set: one number per policy, sorted as numbers.
  const keys = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const k = rank.get(list[i]!);
    if (k === undefined) return list.sort(withinTiers);
    keys[i] = k * list.length + i;
  }
  keys.sort();
  const out: PolicyEntry[] = new Array(list.length);
  for (let i = 0; i < keys.length; i++) out[i] = list[keys[i]! % list.length]!;
  return out;
}

/** Every policy of every class of the model, by its place in `withinTiers` order (ties share one). */
function rankAll(model: PolicyModel): Map<PolicyEntry, number> {
  const classes = new Set<LabelClass>();
  for (const h of model.hostEndpoints()) classes.add(h.cls);
  const all = new Set<PolicyEntry>();
  for (const c of classes) for (const e of c.applicable) all.add(e);
  const sorted = [...all].sort(withinTiers);
  const rank = new Map<PolicyEntry, number>();
  let k = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && withinTiers(sorted[i - 1]!, sorted[i]!) !== 0) k = i;
    rank.set(sorted[i]!, k);
  }
  return rank;
}

/** The previous order without the entries gone and with the new ones inserted where they sort. */
function updatedOrder(prev: readonly PolicyEntry[], prevMembers: ReadonlySet<PolicyEntry>, now: ReadonlySet<PolicyEntry>): PolicyEntry[] {
  const added: PolicyEntry[] = [];
  for (const e of now) if (!prevMembers.has(e)) added.push(e);
  const out = prev.filter((e) => now.has(e));
  if (added.length * 8 > out.length) return [...now].sort(withinTiers);
  for (const e of added.sort(withinTiers)) {
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (withinTiers(out[mid]!, e) <= 0) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, e);
  }
  return out;
}

/** No entry changed within `span` positions before position `at`, nor at it. */
function quietBefore(info: ClassInfo, at: number): boolean {
  if (!info.marks) return false;
  const from = Math.max(0, at - info.span);
  return info.marks[at + 1]! - info.marks[from]! === 0;
}

interface ClassState {
  cls: LabelClass;
  /** The class's generation (`ClassInfo.gen`) the state was last confirmed at. */
  gen: number;
  /** The earlier same-tier, same-stage policies examined, nearest first. */
  deps: PolicyEntry[];
  /** Per candidate rule, the earliest cover at this class. */
  covers: Array<Cover | undefined>;
}

interface State {
  version: number;
  /** The shared selection this state was computed for (see `selectionFor`). */
  selection: Selection | undefined;
  /**
   * The classes judged, in order, up to the first at which no candidate is covered (the answer
   * is then "nothing", whatever the later classes hold).
   */
  perClass: ClassState[];
  candidates: RuleModel[];
  /** The candidates' views (`viewsOf`), in the same order. */
  views: RuleView[];
  result: CrossShadowResult | undefined;
  /** The selection's stamp when last computed (-1: never). */
  stamp: number;
}

interface Selection {
  hostVersion: number;
  /** Undefined: not judged (no endpoint, or beyond the bounds). */
  classes?: LabelClass[];
  endpoints: HostEndpointEntry[];
  /**
   * Moves whenever the policy set of one of the classes changes (their generations, checked once
   * per model version): a policy whose selection kept its stamp has the same answer.
   */
  stamp: number;
  stampVersion: number;
  gens: number[];
}

/** The selection's stamp for the model's current version (see `Selection.stamp`). */
function stampOf(model: PolicyModel, sel: Selection): number {
  if (sel.stampVersion === model.version) return sel.stamp;
  sel.stampVersion = model.version;
  const classes = sel.classes ?? [];
  let same = sel.gens.length === classes.length;
  for (let i = 0; i < classes.length; i++) {
    const g = classInfo(model, classes[i]!)?.gen ?? -1;
    if (sel.gens[i] !== g) same = false;
    sel.gens[i] = g;
  }
  sel.gens.length = classes.length;
  if (!same) sel.stamp++;
  return sel.stamp;
}

// Per policy summary (stable while its document is unchanged), per model.
const states = new WeakMap<PolicyModel, WeakMap<ResourceSummary, State>>();
// The classes a canonical selector selects, shared by the policies that have it, valid for one
// host endpoint version of the model. Bounded, cleared when full.
const selections = new WeakMap<PolicyModel, Map<string, Selection>>();
const MAX_SELECTIONS = 4096;

/** The classes of host endpoints a selector selects, with the endpoints (bounded, see above). */
function selectionFor(model: PolicyModel, canonical: string): Selection {
  let byModel = selections.get(model);
  if (!byModel) selections.set(model, (byModel = new Map()));
  const hit = byModel.get(canonical);
  if (hit && hit.hostVersion === model.hostEndpointVersion) return hit;
  const sel = selectedClasses(model, canonical);
  const fresh: Selection = { hostVersion: model.hostEndpointVersion, endpoints: sel?.endpoints ?? [], stamp: 0, stampVersion: -1, gens: [] };
  if (sel) fresh.classes = sel.classes;
  // Keep the old object when nothing changed, so policies see the same selection.
  if (hit && sameSelection(hit, fresh)) {
    hit.hostVersion = model.hostEndpointVersion;
    return hit;
  }
  if (byModel.size >= MAX_SELECTIONS) byModel.clear();
  byModel.set(canonical, fresh);
  return fresh;
}

function sameSelection(a: Selection, b: Selection): boolean {
  if (!a.classes || !b.classes) return !a.classes && !b.classes;
  return sameItems(a.classes, b.classes) && sameItems(a.endpoints, b.endpoints);
}

function selectedClasses(model: PolicyModel, canonical: string): { classes: LabelClass[]; endpoints: HostEndpointEntry[] } | undefined {
  if (model.hostEndpointCount === 0) return undefined;
  const sel = selectorOf(canonical);
  if (!sel) return undefined;
  const classes: LabelClass[] = [];
  const seen = new Set<LabelClass>();
  const endpoints: HostEndpointEntry[] = [];
  for (const h of model.hostEndpointsMatching(sel)) {
    if (endpoints.length >= MAX_ENDPOINTS) return undefined;
    endpoints.push(h);
    if (!seen.has(h.cls)) {
      if (classes.length >= MAX_CLASSES) return undefined;
      seen.add(h.cls);
      classes.push(h.cls);
    }
  }
  if (endpoints.length === 0) return undefined;
  // Orders independent of the label index's iteration (which depends on the edit history), so
  // messages and related spans equal those of a fresh build. Duplicated names are in the model
  // once, so name and file decide.
  endpoints.sort((a, b) => compareCodePoints(a.name, b.name) || compareCodePoints(a.fileId, b.fileId));
  classes.sort((a, b) => compareCodePoints(a.key, b.key));
  return { classes, endpoints };
}

/** The stage: untracked 0, pre-DNAT 1, normal 2 (separate chains in Calico). */
function stageOf(p: PolicySummary): number {
  return p.doNotTrack ? 0 : p.preDNAT ? 1 : 2;
}

/**
 * What decides which earlier policies may cover a policy's rules: its stage, and whether it
 * applies to forwarded traffic (then so must they). Six kinds, numbered for `ClassInfo.coverers`.
 */
function kindOf(p: PolicySummary): number {
  return stageOf(p) * 2 + (p.applyOnForward ? 1 : 0);
}

/**
 * The kinds of policy (`kindOf`) whose rules a policy may cover (see `earlierAt`), as bits: it is
 * enforced, not scoped to endpoints, has rules, and is of the same stage; and applies on forward
 * if the covered policy does. Per summary, as a class's copy reads it for each of its policies.
 */
const coverMasks = new WeakMap<PolicySummary, number>();

function coverMask(qp: PolicySummary): number {
  let m = coverMasks.get(qp);
  if (m === undefined) {
    m = 0;
    if (!qp.staged && !qp.endpointScoped && qp.rules && qp.rules.length > 0) {
      const stage = stageOf(qp);
      m |= 1 << (stage * 2);
      if (qp.applyOnForward) m |= 1 << (stage * 2 + 1);
    }
    coverMasks.set(qp, m);
  }
  return m;
}

function tierStartsOf(info: ClassInfo): Int32Array {
  let starts = info.tierStarts;
  if (!starts) {
    const sorted = info.sorted;
    starts = new Int32Array(sorted.length);
    for (let i = 1; i < sorted.length; i++) starts[i] = policyTier(sorted[i]!.policy) === policyTier(sorted[i - 1]!.policy) ? starts[i - 1]! : i;
    info.tierStarts = starts;
  }
  return starts;
}

/** The positions of the class's policies that may cover a policy of this kind, ascending (all six kinds at once). */
function coverersOf(info: ClassInfo, kind: number): Int32Array {
  let list = info.coverers[kind];
  if (!list) {
    const sorted = info.sorted;
    const at: number[][] = [[], [], [], [], [], []];
    for (let i = 0; i < sorted.length; i++) {
      const m = coverMask(sorted[i]!.policy);
      if (m === 0) continue;
      for (let k = 0; k < 6; k++) if (m & (1 << k)) at[k]!.push(i);
    }
    for (let k = 0; k < 6; k++) info.coverers[k] = Int32Array.from(at[k]!);
    list = info.coverers[kind]!;
  }
  return list;
}

/**
 * The earlier policies of P's tier and stage that can see P's packets, at one class, nearest
 * first: walking back from P's position at most `MAX_WALK` positions and not past the start of
 * P's tier, the policies that may cover P (enforced, not scoped to endpoints, same stage, with
 * rules, applying on forward when P does), at most `MAX_PRECEDING` of them. The tier's start and
 * the positions that may cover are kept per class copy, so this is a binary search and at most
 * `MAX_PRECEDING` steps instead of a walk of up to `MAX_WALK` entries.
 */
function earlierAt(info: ClassInfo, at: number, s: ResourceSummary): PolicyEntry[] {
  const sorted = info.sorted;
  const list = coverersOf(info, kindOf(s.policy!));
  const from = windowFrom(info, at);
  const out: PolicyEntry[] = [];
  for (let k = firstAtOrAfter(list, at) - 1; k >= 0 && out.length < MAX_PRECEDING; k--) {
    const j = list[k]!;
    if (j < from) break;
    out.push(sorted[j]!);
  }
  return out;
}

/**
 * Whether `earlierAt(info, at, s)` is exactly `deps`, found without building the list: most
 * classes a policy is judged at have the same earlier policies as another class already judged.
 */
function earlierIs(info: ClassInfo, at: number, s: ResourceSummary, deps: readonly PolicyEntry[]): boolean {
  const sorted = info.sorted;
  const list = coverersOf(info, kindOf(s.policy!));
  const from = windowFrom(info, at);
  let n = 0;
  for (let k = firstAtOrAfter(list, at) - 1; k >= 0 && n < MAX_PRECEDING; k--) {
    const j = list[k]!;
    if (j < from) break;
    if (n >= deps.length || sorted[j] !== deps[n]) return false;
    n++;
  }
  return n === deps.length;
}

/** The first position of P's window: not before its tier's start, nor `MAX_WALK` before P. */
function windowFrom(info: ClassInfo, at: number): number {
  return Math.max(tierStartsOf(info)[at]!, at - MAX_WALK);
}

/** The index of the first listed position at or after `at`. */
function firstAtOrAfter(list: Int32Array, at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * For each candidate, the earliest (in evaluation order) cover among `deps` (nearest first): the
 * earliest policy with a terminal rule containing it, and the first such rule of that policy.
 * Walked by policy, earliest first, so each policy's terminal rules are looked up once, and the
 * walk stops when every candidate has its cover.
 */
function coversFor(candidates: readonly RuleView[], deps: readonly PolicyEntry[]): Array<Cover | undefined> {
  const out: Array<Cover | undefined> = candidates.map(() => undefined);
  let open = candidates.length;
  for (let i = deps.length - 1; i >= 0 && open > 0; i--) {
    const q = deps[i]!;
    const terminals = terminalsOf(q.policy);
    for (let k = 0; k < candidates.length; k++) {
      if (out[k]) continue;
      const r = candidates[k]!;
      for (const t of terminals[r.direction]) {
        if (viewContains(t, r)) {
          out[k] = { policy: q, rule: t.rule };
          open--;
          break;
        }
      }
    }
  }
  return out;
}

/**
 * A new state for a class, sharing the list and the answer of an earlier class of this policy
 * with the same earlier policies (the common case: classes of one tier often differ only in
 * policies of other tiers), which saves the comparisons, the memory, and building the list.
 */
function newState(cls: LabelClass, info: ClassInfo, at: number, s: ResourceSummary, candidates: readonly RuleView[], done: readonly ClassState[]): ClassState {
  for (let i = done.length - 1; i >= 0 && i >= done.length - 4; i--) {
    const d = done[i]!;
    if (earlierIs(info, at, s, d.deps)) return { cls, gen: info.gen, deps: d.deps, covers: d.covers };
  }
  const deps = earlierAt(info, at, s);
  return { cls, gen: info.gen, deps, covers: coversFor(candidates, deps) };
}

/**
 * The rules of an enforced GlobalNetworkPolicy that earlier policies of its tier shadow at every
 * host endpoint it selects; undefined when there is nothing to report or the policy is not judged.
 */
export function crossShadowed(model: PolicyModel, s: ResourceSummary): CrossShadowResult | undefined {
  const p = s.policy;
  if (!p || p.staged || p.endpointScoped || s.rejected || !p.rules || p.rules.length === 0 || p.canonicalSelector === null) return undefined;
  let byModel = states.get(model);
  if (!byModel) states.set(model, (byModel = new WeakMap()));
  let st = byModel.get(s);
  if (st && st.version === model.version) return st.result;
  if (!st) {
    const candidates = candidatesOf(p);
    st = { version: -1, selection: undefined, perClass: [], candidates: candidates.rules, views: candidates.views, result: undefined, stamp: -1 };
    byModel.set(s, st);
  }
  st.version = model.version;
  if (st.candidates.length === 0 || model.hostEndpointCount === 0) {
    st.perClass = [];
    return (st.result = undefined);
  }
  const selection = selectionFor(model, p.canonicalSelector);
  let changed = selection !== st.selection;
  st.selection = selection;
  if (!selection.classes) {
    st.perClass = [];
    return (st.result = undefined);
  }
  // No class of the selection changed its policies since this policy was judged: same answer.
  const stamp = stampOf(model, selection);
  if (!changed && stamp === st.stamp) return st.result;
  st.stamp = stamp;
  const before = changed ? [] : st.perClass;
  const perClass: ClassState[] = [];
  // Which candidates are covered at every class so far; the walk stops when none is left.
  let alive = st.candidates.length;
  const covered = st.candidates.map(() => true);
  for (let i = 0; i < selection.classes.length && alive > 0; i++) {
    const cls = selection.classes[i]!;
    const info = classInfo(model, cls);
    const at = info?.positions.get(s);
    if (!info || at === undefined) {
      // The policy is not among this class's (a state the index passes through): judge nothing.
      st.perClass = [];
      return (st.result = undefined);
    }
    const old = before[i];
    let state: ClassState | undefined;
    if (old && old.cls === cls) {
      if (old.gen === info.gen || (old.gen === info.gen - 1 && quietBefore(info, at))) state = old;
      else if (earlierIs(info, at, s, old.deps)) state = old;
      else {
        changed = true;
        state = newState(cls, info, at, s, st.views, perClass);
      }
      state.gen = info.gen;
    } else {
      changed = true;
      state = newState(cls, info, at, s, st.views, perClass);
    }
    perClass.push(state);
    state.covers.forEach((c, k) => {
      if (!c && covered[k]) {
        covered[k] = false;
        alive--;
      }
    });
  }
  if (perClass.length !== before.length) changed = true;
  st.perClass = perClass;
  // Same selection and the same earlier policies at every class judged: the same answer, and the
  // same object (the rule caches its diagnostics by it).
  if (!changed) return st.result;
  if (alive === 0) return (st.result = undefined);
  const shadowed: CrossShadowing[] = [];
  st.candidates.forEach((r, k) => {
    if (!covered[k]) return;
    const by: Cover[] = [];
    for (const c of perClass) {
      const cover = c.covers[k]!;
      if (!by.some((b) => b.policy === cover.policy && b.rule === cover.rule)) by.push(cover);
    }
    shadowed.push({ rule: r, by });
  });
  st.result = { endpoints: selection.endpoints, shadowed };
  return st.result;
}
