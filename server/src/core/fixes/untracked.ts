/**
 * Quick fixes for untracked and pre-DNAT policy:
 * - `set-apply-on-forward` (safe): set `applyOnForward: true`, replacing `false` or inserting the
 *   key right after `doNotTrack`/`preDNAT` with the file's indentation;
 * - `remove-pre-dnat` / `remove-do-not-track` (unsafe): drop one of two conflicting flags;
 * - `add-type` (safe): add the missing direction to `types`;
 * - `mirror-rule` and `mirror-all` (safe): add the missing reply rules, swapping source and
 *   destination of each unmatched Allow rule, in the style of the target list.
 *
 * All of them only add what the policy already implies (except the unsafe removals), and edit
 * nothing outside the key or list they change.
 *
 * Aliases and merges, decided per fix where the tree shows them (at the use: a node's `via`, a
 * pair's `merged`):
 * - a scalar reached through an alias (`applyOnForward: *off`) is replaced at the alias: the use
 *   gets its own value and the anchor keeps its other uses;
 * - a key that comes from a `<<` merge is overridden by writing the key in the mapping itself
 *   (explicit keys win over merged ones), or, where that would mean copying a list, not fixed;
 * - a list reached through an alias (`egress: *rules`, `types: *t`) is never appended to: the
 *   item would appear in every use. Items reached through an alias are fine to append after.
 * The other side, text that is itself anchored and used elsewhere (`applyOnForward: &a false`
 * with `preDNAT: *a`, a spec merged into another policy), does not show in the tree: the engine
 * (`verify.ts`) finds it from the aliases and refuses every fix that edits it, whichever fix it
 * is, since any edit there changes the other uses too.
 */
import type { Fix, TextEdit } from '../types';
import type { FixContext, FixProvider } from '../rules/types';
import { findResources } from '../analysis/resources';
import { readFlags } from '../rules/untracked/common';
import { parseProtocol, supportsPorts } from '../model/numorstring';
import { getPair, getValue, spanOf, type YMap, type YPair, type YSeq } from '../yaml/tree';
import type { ApplyOnForwardData } from '../rules/untracked/apply-on-forward-required';
import type { TypesMissingData } from '../rules/untracked/untracked-types-missing-direction';
import type { AsymmetryData } from '../rules/untracked/untracked-asymmetric';
import {
  appendBlockItem,
  appendFlowItem,
  columnOf,
  eolOf,
  indentUnit,
  insertBlockPair,
  insertScalarPair,
  lineEndAfter,
  pairColumn,
  removePair,
} from './yaml-edit';
import { mirrorRule, renderBlockItem, renderFlow, type BlockStyle } from '../untracked/mirror';
import { protocolNumber, protocolName, formatIntervals } from '../untracked/model';

/**
 * The resource (mapping) a diagnostic is about. The untracked rules name it in their data
 * (`resource`: where the resource starts in the document), because the diagnostic's own position
 * may lie in another resource: a flag or rule list brought in by `<<: *base` or `spec: *shared` is
 * reported where it is written. Without that, the resource whose text holds the diagnostic.
 */
/** Memoised in `ctx.memo`: `key` is computed once per document and request. */
function memo<T>(ctx: FixContext, key: string, make: () => T): T {
  if (ctx.memo.has(key)) return ctx.memo.get(key) as T;
  const v = make();
  ctx.memo.set(key, v);
  return v;
}

function resourceOf(ctx: FixContext): YMap | undefined {
  const resources = memo(ctx, 'resources', () => findResources(ctx.root));
  const named = (ctx.diagnostic.data as { resource?: unknown } | undefined)?.resource;
  if (typeof named === 'number') {
    const byStart = memo(ctx, 'resources-by-start', () => {
      const m = new Map<number, YMap>();
      for (const r of resources) if (!r.node.via && !m.has(r.node.start)) m.set(r.node.start, r.node);
      return m;
    });
    return byStart.get(named);
  }
  const offset = ctx.diagnostic.start;
  return resources.find((r) => r.node.start <= offset && offset <= r.node.end)?.node;
}

function specOf(ctx: FixContext): YMap | undefined {
  const res = resourceOf(ctx);
  const spec = getValue(res, 'spec');
  return spec && spec.kind === 'map' ? spec : undefined;
}

/** True when the policy of `ctx` is pre-DNAT: it cannot take egress rules or the `Egress` type. */
function isPreDNAT(ctx: FixContext): boolean {
  const res = resourceOf(ctx);
  return !!res && !!readFlags(res)?.isPreDNAT;
}

/**
 * The offset just after the `:` that introduces a pair's value, when the pair is written
 * `key:` (or `? key` then `:` at the start of the next line); undefined otherwise.
 */
function valueIndicatorEnd(text: string, pair: YPair): number | undefined {
  let i = pair.key.end;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] === ':') return i + 1;
  // An explicit key: the value indicator starts a later line.
  if (text[i] === '\r') i++;
  if (text[i] !== '\n') return undefined;
  i++;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return text[i] === ':' ? i + 1 : undefined;
}

export const setApplyOnForward: FixProvider = {
  code: 'apply-on-forward-required',
  fixes(ctx) {
    const spec = specOf(ctx);
    const data = ctx.diagnostic.data as ApplyOnForwardData | undefined;
    if (!spec || !data) return [];
    const existing = getPair(spec, 'applyOnForward');
    const after = getPair(spec, data.flag);
    let edit: TextEdit;
    if (!existing || existing.merged) {
      // Absent, or merged in with `<<`: the key written in the spec itself wins over a merged one,
      // and the merged mapping (maybe used elsewhere) stays as it is.
      edit = insertScalarPair(ctx.text, spec, 'applyOnForward', 'true', after);
    } else if (existing.value && existing.value.kind === 'scalar' && (existing.value.via || existing.value.end > existing.value.start)) {
      // `applyOnForward: *off` is replaced at the alias: exactly right for a scalar, and `&off`
      // keeps its value for its other uses.
      edit = { ...spanOf(existing.value), newText: 'true' };
    } else {
      // `applyOnForward:` with no value: give it one, right after the value indicator.
      const colon = valueIndicatorEnd(ctx.text, existing);
      if (colon === undefined) return [];
      edit = { start: colon, end: colon, newText: ' true' };
    }
    return [{ id: 'set-apply-on-forward', title: "Set 'applyOnForward: true'", safe: true, edits: [edit] }];
  },
};

export const removeConflictingFlag: FixProvider = {
  code: 'untracked-pre-dnat-conflict',
  fixes(ctx) {
    const spec = specOf(ctx);
    if (!spec) return [];
    const out: Fix[] = [];
    // A merged flag lives in the merged mapping, which other resources may share: removing it
    // there is not ours to do, so only flags written in the spec itself are offered for removal.
    const preDNAT = getPair(spec, 'preDNAT');
    const doNotTrack = getPair(spec, 'doNotTrack');
    if (preDNAT && !preDNAT.merged) out.push({ id: 'remove-pre-dnat', title: "Remove 'preDNAT' (keep the policy untracked)", safe: false, edits: [removePair(ctx.text, spec, preDNAT)] });
    if (doNotTrack && !doNotTrack.merged) out.push({ id: 'remove-do-not-track', title: "Remove 'doNotTrack' (keep the policy pre-DNAT)", safe: false, edits: [removePair(ctx.text, spec, doNotTrack)] });
    return out;
  },
};

export const addMissingType: FixProvider = {
  code: 'untracked-types-missing-direction',
  fixes(ctx) {
    const spec = specOf(ctx);
    const data = ctx.diagnostic.data as TypesMissingData | undefined;
    const pair = getPair(spec, 'types');
    const types = pair?.value;
    if (!spec || !data || !pair || !types || types.kind !== 'seq') return [];
    // A merged or aliased list is shared with its other uses: appending would change them too.
    if (pair.merged || types.via) return [];
    // A pre-DNAT policy cannot list Egress (that would be a new error); the conflict between the
    // two flags has to be settled first.
    if (data.missing === 'Egress' && isPreDNAT(ctx)) return [];
    const first = types.items[0];
    const quote = first && first.kind === 'scalar' ? (first.style === 'single' ? "'" : first.style === 'double' ? '"' : '') : '';
    const item = `${quote}${data.missing}${quote}`;
    const edit = types.flow ? appendFlowItem(ctx.text, types, item) : appendBlockItem(ctx.text, types, [item]);
    return [{ id: 'add-type', title: `Add '${data.missing}' to 'types'`, safe: true, edits: [edit] }];
  },
};

/** Reads the block layout of a policy so new rules look like the existing ones. */
function blockStyle(text: string, spec: YMap): BlockStyle {
  let unit = indentUnit(text);
  let seqOffset = unit;
  for (const dir of ['ingress', 'egress']) {
    const pair = getPair(spec, dir);
    const list = pair?.value;
    // Lists and items reached through an alias or a merge are laid out wherever their anchor is.
    if (!pair || pair.merged || !list || list.via || list.kind !== 'seq' || list.flow || list.items.length === 0) continue;
    seqOffset = columnOf(text, list.start) - pairColumn(text, pair);
    const item = list.items[0]!;
    if (item.kind === 'map' && !item.flow && !item.via) {
      for (const p of item.pairs) {
        if (p.value && p.value.kind === 'map' && !p.value.flow && !p.value.via && p.value.pairs.length > 0 && !p.merged) {
          unit = pairColumn(text, p.value.pairs[0]!) - pairColumn(text, p);
          break;
        }
      }
    }
    break;
  }
  return { unit: Math.max(1, unit), seqOffset: Math.max(0, seqOffset) };
}

interface Mirror {
  direction: 'ingress' | 'egress';
  rule: YMap;
  data: AsymmetryData;
}

function findRule(spec: YMap, data: AsymmetryData): YMap | undefined {
  const list = getValue(spec, data.direction);
  const item = list && list.kind === 'seq' ? list.items[data.index] : undefined;
  return item && item.kind === 'map' ? item : undefined;
}

function opposite(direction: 'ingress' | 'egress'): 'ingress' | 'egress' {
  return direction === 'ingress' ? 'egress' : 'ingress';
}

/**
 * Whether the reply rule of `m` can be written without an error of its own. The mirror copies the
 * rule's protocol, ports and peers, so a rule with an error in it (ports without a protocol, say)
 * would pass the error on; and ports the mirror adds itself (only some ports lack a reply) need a
 * protocol that has ports.
 */
function mirrorable(ctx: FixContext, m: Mirror): boolean {
  const { start, end } = m.rule;
  // The starts of the document's errors, sorted once: is there one inside the rule?
  const errors = memo(ctx, 'error-starts', () => ctx.problems.filter((p) => p.severity === 'error').map((p) => p.start).sort((a, b) => a - b));
  let lo = 0;
  let hi = errors.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (errors[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  if (lo < errors.length && errors[lo]! < end) return false;
  if (m.data.missingPorts) {
    const proto = getValue(m.rule, 'protocol');
    const parsed = proto ? parseProtocol(proto) : undefined;
    if (!parsed || parsed.kind === 'error' || !supportsPorts(parsed)) return false;
  }
  return true;
}

/**
 * Whether reply rules can be added to the `target` list of the policy: not to egress of a pre-DNAT
 * policy (Calico refuses it), not to a list reached through an alias or a merge (the rules would
 * appear in every use of it), and not where `target` holds something other than a list or nothing
 * (a second key would be a duplicate).
 */
function targetUsable(ctx: FixContext, spec: YMap, target: 'ingress' | 'egress'): boolean {
  if (target === 'egress' && isPreDNAT(ctx)) return false;
  const pair = getPair(spec, target);
  if (!pair) return true;
  if (pair.merged) return false;
  const list = pair.value;
  if (!list) return !spec.flow;
  if (list.via && list.kind !== 'scalar') return false;
  if (list.kind === 'seq') return true;
  return list.kind === 'scalar' && list.type === 'null' && !spec.flow;
}

/** Edits that add the reply rules for `mirrors` (all of one policy, all usable) to the policy. */
function mirrorEdits(text: string, spec: YMap, mirrors: readonly Mirror[]): TextEdit[] {
  const eol = eolOf(text);
  const style = blockStyle(text, spec);
  const edits: TextEdit[] = [];
  for (const target of ['egress', 'ingress'] as const) {
    const batch = mirrors.filter((m) => m.direction !== target);
    if (batch.length === 0) continue;
    const frags = batch.map((m) => mirrorRule(text, m.rule, protocolNumber(getValue(m.rule, 'protocol')), m.data.missingPorts));
    const pair = getPair(spec, target);
    const list = pair?.value;
    if (list && list.kind === 'seq') {
      if (list.flow) {
        edits.push(appendFlowItem(text, list, frags.map(renderFlow).join(', ')));
      } else {
        const lines = frags.flatMap((f, i) => renderBlockItem(f, style).map((l, j) => (j === 0 && i > 0 ? `\u0000${l}` : l)));
        edits.push(appendItems(text, list, lines, eol));
      }
      continue;
    }
    if (spec.flow) {
      edits.push(insertScalarPair(text, spec, target, `[${frags.map(renderFlow).join(', ')}]`));
      continue;
    }
    const body: string[] = [];
    for (const f of frags) {
      renderBlockItem(f, style).forEach((l, j) => body.push(' '.repeat(style.seqOffset) + (j === 0 ? `- ${l}` : `  ${l}`)));
    }
    if (pair) {
      // `egress:` with no value (or `~`, or an alias to a null): fill it in place rather than add
      // a second key. Only the written null goes; the rest of the line, a comment say, stays, and
      // the rules go on the lines after it.
      const v = list ? spanOf(list) : { start: pair.key.end, end: pair.key.end };
      if (v.end > v.start) edits.push({ start: v.start, end: v.end, newText: '' });
      const at = lineEndAfter(text, Math.max(v.end, pair.key.end));
      const needsBreak = at === text.length && !text.endsWith('\n');
      const indent = ' '.repeat(pairColumn(text, pair));
      edits.push({ start: at, end: at, newText: `${needsBreak ? eol : ''}${body.map((l) => indent + l).join(eol)}${eol}` });
      continue;
    }
    edits.push(insertBlockPair(text, spec, target, body));
  }
  return edits;
}

/** Appends several items (the first line of each but the first is marked with NUL) to a block list. */
function appendItems(text: string, list: YSeq, lines: readonly string[], eol: string): TextEdit {
  const groups: string[][] = [];
  for (const l of lines) {
    if (groups.length === 0 || l.startsWith('\u0000')) groups.push([l.replace('\u0000', '')]);
    else groups[groups.length - 1]!.push(l);
  }
  const first = appendBlockItem(text, list, groups[0]!);
  if (groups.length === 1) return first;
  const pad = ' '.repeat(columnOf(text, list.start));
  const rest = groups
    .slice(1)
    .map((g) => g.map((l, i) => (i === 0 ? `${pad}- ${l}` : l.length > 0 ? `${pad}  ${l}` : l)).join(eol) + eol)
    .join('');
  return { ...first, newText: first.newText + rest };
}

function describeMirror(m: Mirror): string {
  const proto = protocolNumber(getValue(m.rule, 'protocol'));
  const ports = m.data.missingPorts ? ` ${formatIntervals(m.data.missingPorts)}` : '';
  return `${opposite(m.direction)}, ${proto === undefined ? 'any protocol' : protocolName(proto)}${ports}`;
}

export const mirrorRules: FixProvider = {
  code: 'untracked-asymmetric',
  fixes(ctx) {
    const res = resourceOf(ctx);
    const spec = getValue(res, 'spec');
    const data = ctx.diagnostic.data as AsymmetryData | undefined;
    if (!res || !spec || spec.kind !== 'map' || !data) return [];
    // The replies meet an earlier Deny: a reply rule added to this policy would never be reached.
    if (data.blockedBy) return [];
    const rule = findRule(spec, data);
    if (!rule) return [];
    const one: Mirror = { direction: data.direction, rule, data };
    const usable = (m: Mirror): boolean => targetUsable(ctx, spec, opposite(m.direction)) && mirrorable(ctx, m);
    if (!usable(one)) return [];
    const out: Fix[] = [
      {
        id: 'mirror-rule',
        title: `Add the reply rule for this ${data.direction} rule (${describeMirror(one)})`,
        safe: true,
        edits: mirrorEdits(ctx.text, spec, [one]),
      },
    ];
    // "Mirror all" depends only on the policy, not on which of its diagnostics asked: it is
    // built once per policy and request.
    const all = memo(ctx, `mirror-all\u0000${res.start}`, () => mirrorAll(ctx, res, spec, usable));
    if (all) out.push(all);
    return out;
  },
};

/** The "add every missing reply rule" fix of a policy, or undefined when there is nothing to add. */
function mirrorAll(ctx: FixContext, res: YMap, spec: YMap, usable: (m: Mirror) => boolean): Fix | undefined {
  // Every asymmetric rule of the same policy whose reply can be written, in rule order.
  const siblings: Mirror[] = [];
  for (const d of ctx.others) {
    if (d.code !== 'untracked-asymmetric') continue;
    const dd = d.data as AsymmetryData | undefined;
    if (dd?.resource !== undefined ? dd.resource !== res.start : d.start < res.start || d.end > res.end) continue;
    const r = dd && findRule(spec, dd);
    // A reply that an earlier Deny drops cannot be helped by a mirror after it.
    if (dd && r && !dd.blockedBy) {
      const m: Mirror = { direction: dd.direction, rule: r, data: dd };
      if (usable(m)) siblings.push(m);
    }
  }
  siblings.sort((a, b) => (a.direction === b.direction ? a.data.index - b.data.index : a.direction === 'ingress' ? -1 : 1));
  // Offered even for a single missing reply rule: "mirror all" is the one action that always
  // makes the whole policy symmetric.
  if (siblings.length === 0) return undefined;
  const title = siblings.length === 1 ? 'Add every missing reply rule of this policy (1)' : `Add every missing reply rule of this policy (${siblings.length})`;
  return { id: 'mirror-all', title, safe: true, edits: mirrorEdits(ctx.text, spec, siblings), batch: true };
}
