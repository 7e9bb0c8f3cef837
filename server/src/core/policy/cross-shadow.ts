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
 *   found through the model's label index and kept while `untrackedVersion` stands (it moves with
 *   every host endpoint change); at most `MAX_ENDPOINTS` endpoints and `MAX_CLASSES` classes, or
 *   the policy is not judged;
 * - per class, the earlier policies of P's tier and stage (at most `MAX_PRECEDING`, found in at
 *   most `MAX_WALK` steps back from P in the class's evaluation order) are compared by identity
 *   with those of the last computation; only a class whose list differs is judged again, each
 *   rule against at most `MAX_EARLIER` terminal rules per earlier policy;
 * - nothing is recomputed while the model's `version` stands.
 * What the bounds leave out is not reported: only what is certain is.
 *
 * Invariant: pure; the result for a policy depends only on the model's current state (the
 * incremental property test compares it with a fresh build).
 */
import type { HostEndpointEntry, LabelClass, PolicyEntry, PolicyModel } from './model';
import type { PolicySummary, ResourceSummary } from '../workspace/summary';
import type { RuleModel } from '../untracked/model';
import { isTerminal, MAX_EARLIER, ruleContains, shadowedRules } from './shadow';
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

type Stage = 'untracked' | 'preDNAT' | 'normal';

function stageOf(p: PolicySummary): Stage {
  return p.doNotTrack ? 'untracked' : p.preDNAT ? 'preDNAT' : 'normal';
}

/** The rules of P worth judging: readable, in a direction P applies to, not already dead inside P. */
function candidatesOf(p: PolicySummary): RuleModel[] {
  const rules = p.rules ?? [];
  const dead = new Set(shadowedRules(rules).map((s) => s.rule));
  return rules.filter((r) => !r.opaque && p.applies[r.direction] && !dead.has(r));
}

// The terminal rules of a policy by direction (at most MAX_EARLIER each), in order, per summary.
const terminalsCache = new WeakMap<PolicySummary, Record<'ingress' | 'egress', RuleModel[]>>();

function terminalsOf(p: PolicySummary): Record<'ingress' | 'egress', RuleModel[]> {
  let t = terminalsCache.get(p);
  if (!t) {
    t = { ingress: [], egress: [] };
    for (const r of p.rules ?? []) {
      const list = t[r.direction];
      if (p.applies[r.direction] && isTerminal(r.action) && !r.opaque && list.length < MAX_EARLIER) list.push(r);
    }
    terminalsCache.set(p, t);
  }
  return t;
}

// Where each policy stands in a class's evaluation order, per sorted array (`ordered` returns
// the same array while the model's version stands, a new one after a change).
const positions = new WeakMap<readonly PolicyEntry[], Map<ResourceSummary, number>>();

function positionOf(sorted: readonly PolicyEntry[], s: ResourceSummary): number | undefined {
  let m = positions.get(sorted);
  if (!m) {
    m = new Map();
    for (let i = 0; i < sorted.length; i++) m.set(sorted[i]!.summary, i);
    positions.set(sorted, m);
  }
  return m.get(s);
}

interface ClassState {
  cls: LabelClass;
  /** The earlier same-tier, same-stage policies examined, nearest first. */
  deps: PolicyEntry[];
  /** Per candidate rule, the earliest cover at this class. */
  covers: Array<Cover | undefined>;
}

interface State {
  version: number;
  untrackedVersion: number;
  /** Undefined: the policy is not judged (no endpoint, or beyond the bounds). */
  classes?: LabelClass[];
  endpoints: HostEndpointEntry[];
  perClass: ClassState[];
  candidates: RuleModel[];
  result: CrossShadowResult | undefined;
}

// Per policy summary (stable while its document is unchanged) and model.
const states = new WeakMap<PolicyModel, WeakMap<ResourceSummary, State>>();

/** The classes of host endpoints a policy selects, with the endpoints, or undefined beyond the bounds. */
function selectedClasses(model: PolicyModel, p: PolicySummary): { classes: LabelClass[]; endpoints: HostEndpointEntry[] } | undefined {
  if (model.hostEndpointCount === 0 || p.canonicalSelector === null) return undefined;
  const sel = selectorOf(p.canonicalSelector);
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

/** The earlier policies of P's tier and stage that can see P's packets, at one class, nearest first. */
function earlierAt(model: PolicyModel, cls: LabelClass, s: ResourceSummary): PolicyEntry[] | undefined {
  const first = cls.heps.values().next();
  if (first.done) return undefined;
  const sorted = model.ordered(first.value);
  const at = positionOf(sorted, s);
  if (at === undefined) return undefined;
  const p = s.policy!;
  const tier = policyTier(p);
  const stage = stageOf(p);
  const out: PolicyEntry[] = [];
  for (let j = at - 1, steps = 0; j >= 0 && steps < MAX_WALK && out.length < MAX_PRECEDING; j--, steps++) {
    const q = sorted[j]!;
    const qp = q.policy;
    if (policyTier(qp) !== tier) break;
    if (qp.staged || stageOf(qp) !== stage || !qp.rules || qp.rules.length === 0) continue;
    if (p.applyOnForward && !qp.applyOnForward) continue;
    out.push(q);
  }
  return out;
}

function sameList(a: readonly PolicyEntry[], b: readonly PolicyEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** For each candidate, the earliest (in evaluation order) cover among `deps` (nearest first). */
function coversFor(candidates: readonly RuleModel[], deps: readonly PolicyEntry[]): Array<Cover | undefined> {
  return candidates.map((r) => {
    for (let i = deps.length - 1; i >= 0; i--) {
      const q = deps[i]!;
      for (const t of terminalsOf(q.policy)[r.direction]) if (ruleContains(t, r)) return { policy: q, rule: t };
    }
    return undefined;
  });
}

/**
 * The rules of an enforced GlobalNetworkPolicy that earlier policies of its tier shadow at every
 * host endpoint it selects; undefined when there is nothing to report or the policy is not judged.
 */
export function crossShadowed(model: PolicyModel, s: ResourceSummary): CrossShadowResult | undefined {
  const p = s.policy;
  if (!p || p.staged || s.rejected || !p.rules || p.rules.length === 0) return undefined;
  let byModel = states.get(model);
  if (!byModel) states.set(model, (byModel = new WeakMap()));
  let st = byModel.get(s);
  if (st && st.version === model.version) return st.result;
  if (!st) {
    st = { version: -1, untrackedVersion: -1, endpoints: [], perClass: [], candidates: candidatesOf(p), result: undefined };
    byModel.set(s, st);
  }
  st.version = model.version;
  if (st.candidates.length === 0) return (st.result = undefined);
  let changed = false;
  if (st.untrackedVersion !== model.untrackedVersion) {
    st.untrackedVersion = model.untrackedVersion;
    const sel = selectedClasses(model, p);
    const same = sel && st.classes && st.classes.length === sel.classes.length && sel.classes.every((c, i) => c === st!.classes![i]) && sameEndpoints(sel.endpoints, st.endpoints);
    if (!same) {
      changed = true;
      st.classes = sel?.classes;
      st.endpoints = sel?.endpoints ?? [];
      st.perClass = [];
    }
  }
  if (!st.classes) return (st.result = undefined);
  const perClass: ClassState[] = [];
  for (let i = 0; i < st.classes.length; i++) {
    const cls = st.classes[i]!;
    const deps = earlierAt(model, cls, s);
    if (!deps) {
      // The policy is not (or no longer) among this class's: judge nothing until the model moves.
      st.perClass = [];
      return (st.result = undefined);
    }
    const old = st.perClass[i];
    if (old && old.cls === cls && sameList(old.deps, deps)) perClass.push(old);
    else {
      changed = true;
      perClass.push({ cls, deps, covers: coversFor(st.candidates, deps) });
    }
  }
  st.perClass = perClass;
  // Same classes, endpoints and earlier policies: the same answer, and the same object (the rule
  // caches its diagnostics by it).
  if (!changed) return st.result;
  const shadowed: CrossShadowing[] = [];
  st.candidates.forEach((r, k) => {
    const by: Cover[] = [];
    for (const c of perClass) {
      const cover = c.covers[k];
      if (!cover) return;
      if (!by.some((b) => b.policy === cover.policy && b.rule === cover.rule)) by.push(cover);
    }
    if (by.length > 0) shadowed.push({ rule: r, by });
  });
  st.result = shadowed.length > 0 ? { endpoints: st.endpoints, shadowed } : undefined;
  return st.result;
}

function sameEndpoints(a: readonly HostEndpointEntry[], b: readonly HostEndpointEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
