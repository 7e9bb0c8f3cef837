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
 */
import type { Fix, TextEdit } from '../types';
import type { FixContext, FixProvider } from '../rules/types';
import { findResources } from '../analysis/resources';
import { getPair, getValue, type YMap, type YNode, type YSeq } from '../yaml/tree';
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
  removePair,
  replaceNode,
} from './yaml-edit';
import { mirrorRule, renderBlockItem, renderFlow, type BlockStyle } from '../untracked/mirror';
import { protocolNumber, protocolName, formatIntervals } from '../untracked/model';

/** The resource (mapping) of the document that contains `offset`. */
function resourceAt(root: YNode | null, offset: number): YMap | undefined {
  return findResources(root).find((r) => r.node.start <= offset && offset <= r.node.end)?.node;
}

function specOf(ctx: FixContext): YMap | undefined {
  const res = resourceAt(ctx.root, ctx.diagnostic.start);
  const spec = getValue(res, 'spec');
  return spec && spec.kind === 'map' ? spec : undefined;
}

export const setApplyOnForward: FixProvider = {
  code: 'apply-on-forward-required',
  fixes(ctx) {
    const spec = specOf(ctx);
    const data = ctx.diagnostic.data as ApplyOnForwardData | undefined;
    if (!spec || !data) return [];
    const existing = getPair(spec, 'applyOnForward');
    let edit: TextEdit;
    if (existing?.value && existing.value.kind === 'scalar' && existing.value.end > existing.value.start) {
      edit = replaceNode(existing.value, 'true');
    } else if (existing) {
      // `applyOnForward:` with no value: give it one, right after the colon.
      const colon = ctx.text.indexOf(':', existing.key.end);
      edit = { start: colon, end: colon + 1, newText: ': true' };
    } else {
      const after = getPair(spec, data.flag) ?? undefined;
      edit = insertScalarPair(ctx.text, spec, 'applyOnForward', 'true', after);
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
    const preDNAT = getPair(spec, 'preDNAT');
    const doNotTrack = getPair(spec, 'doNotTrack');
    if (preDNAT) out.push({ id: 'remove-pre-dnat', title: "Remove 'preDNAT' (keep the policy untracked)", safe: false, edits: [removePair(ctx.text, spec, preDNAT)] });
    if (doNotTrack) out.push({ id: 'remove-do-not-track', title: "Remove 'doNotTrack' (keep the policy pre-DNAT)", safe: false, edits: [removePair(ctx.text, spec, doNotTrack)] });
    return out;
  },
};

export const addMissingType: FixProvider = {
  code: 'untracked-types-missing-direction',
  fixes(ctx) {
    const spec = specOf(ctx);
    const data = ctx.diagnostic.data as TypesMissingData | undefined;
    const types = getValue(spec, 'types');
    if (!spec || !data || !types || types.kind !== 'seq') return [];
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
    if (!pair || !list || list.kind !== 'seq' || list.flow || list.items.length === 0) continue;
    seqOffset = columnOf(text, list.start) - columnOf(text, pair.key.start);
    const item = list.items[0]!;
    if (item.kind === 'map' && !item.flow) {
      for (const p of item.pairs) {
        if (p.value && p.value.kind === 'map' && !p.value.flow && p.value.pairs.length > 0) {
          unit = columnOf(text, p.value.pairs[0]!.key.start) - columnOf(text, p.key.start);
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

/** Edits that add the reply rules for `mirrors` (all of one policy) to the policy. */
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
    if (pair && (!list || (list.kind === 'scalar' && list.type === 'null'))) {
      // `egress:` with no value: fill it in place rather than add a second key.
      const lineEnd = lineEndAfter(text, pair.key.start);
      const end = text[lineEnd - 1] === '\n' ? lineEnd - (text[lineEnd - 2] === '\r' ? 2 : 1) : lineEnd;
      const indent = ' '.repeat(columnOf(text, pair.key.start));
      edits.push({ start: pair.key.start, end, newText: `${target}:${eol}${body.map((l) => indent + l).join(eol)}` });
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
  return `${m.direction === 'ingress' ? 'egress' : 'ingress'}, ${proto === undefined ? 'any protocol' : protocolName(proto)}${ports}`;
}

export const mirrorRules: FixProvider = {
  code: 'untracked-asymmetric',
  fixes(ctx) {
    const res = resourceAt(ctx.root, ctx.diagnostic.start);
    const spec = getValue(res, 'spec');
    const data = ctx.diagnostic.data as AsymmetryData | undefined;
    if (!res || !spec || spec.kind !== 'map' || !data) return [];
    const rule = findRule(spec, data);
    if (!rule) return [];
    const one: Mirror = { direction: data.direction, rule, data };
    const out: Fix[] = [
      {
        id: 'mirror-rule',
        title: `Add the reply rule for this ${data.direction} rule (${describeMirror(one)})`,
        safe: true,
        edits: mirrorEdits(ctx.text, spec, [one]),
      },
    ];
    // Every asymmetric rule of the same policy, in rule order.
    const siblings: Mirror[] = [];
    for (const d of ctx.others) {
      if (d.code !== 'untracked-asymmetric' || d.start < res.start || d.end > res.end) continue;
      const dd = d.data as AsymmetryData | undefined;
      const r = dd && findRule(spec, dd);
      if (dd && r) siblings.push({ direction: dd.direction, rule: r, data: dd });
    }
    siblings.sort((a, b) => (a.direction === b.direction ? a.data.index - b.data.index : a.direction === 'ingress' ? -1 : 1));
    // Offered even for a single missing reply rule: "mirror all" is the one action that always
    // makes the whole policy symmetric.
    if (siblings.length > 0) {
      const title = siblings.length === 1 ? 'Add every missing reply rule of this policy (1)' : `Add every missing reply rule of this policy (${siblings.length})`;
      out.push({ id: 'mirror-all', title, safe: true, edits: mirrorEdits(ctx.text, spec, siblings) });
    }
    return out;
  },
};
