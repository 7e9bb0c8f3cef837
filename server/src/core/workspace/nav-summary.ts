/**
 * The part of a policy's summary that navigation needs: the outline of its rules and every
 * selector (and the tier) a "go to definition" can start from, with spans.
 *
 * It is read from the tree the analysis already has, once per analysed document, in one walk of
 * `spec` and the rule items (linear in their size). Only string values are kept: a selector of the
 * wrong type is the schema's business, and navigation simply does not start from it.
 *
 * Spans are relative to the YAML document, like the rest of the summary.
 */
import { getPair, getValue, type YMap, type YNode } from '../yaml/tree';
import type { Span } from '../types';
import { CALICO_POLICY_KINDS, GLOBAL_POLICY_KINDS, mapField, stringScalar } from '../model/rule-fields';

export type RuleDirection = 'ingress' | 'egress';

/** One rule item of a policy, for the outline. */
export interface RuleOutline {
  direction: RuleDirection;
  index: number;
  /** `ingress[0] Allow TCP → 12211`: direction and index, action, protocol, destination ports. */
  label: string;
  /** The whole rule item. */
  span: Span;
}

/** A rule's `source` or `destination`: the selectors that together decide what it matches. */
export interface EntitySelectors {
  direction: RuleDirection;
  index: number;
  side: 'source' | 'destination';
  selector?: string;
  notSelector?: string;
  namespaceSelector?: string;
  /** Where references to what the entity matches point: its `selector`, else its `namespaceSelector`. */
  span: Span;
}

export type SelectorRefField = 'selector' | 'notSelector' | 'namespaceSelector' | 'serviceAccountSelector' | 'serviceAccounts.selector';

/** A selector written in a policy, where navigation can start. */
export interface SelectorRef {
  field: SelectorRefField;
  /** `policy`: under `spec`; `entity`: in a rule's source or destination. */
  place: 'policy' | 'entity';
  text: string;
  /** The value's span. */
  span: Span;
  /** For `entity` refs: the entity's selectors (one object shared by the entity's refs). */
  entity?: EntitySelectors;
}

/** At most this many destination ports are shown in an outline label. */
const MAX_PORTS_SHOWN = 4;

function scalarText(node: YNode | null | undefined): string | undefined {
  return node && node.kind === 'scalar' && node.type !== 'null' ? node.text : undefined;
}

function portsLabel(node: YNode | undefined): string | undefined {
  if (!node || node.kind !== 'seq' || node.items.length === 0) return undefined;
  const shown = node.items.slice(0, MAX_PORTS_SHOWN).map((p) => scalarText(p) ?? '…');
  if (node.items.length > MAX_PORTS_SHOWN) shown.push(`… (${node.items.length} ports)`);
  return shown.join(', ');
}

function ruleLabel(direction: RuleDirection, index: number, item: YNode): string {
  const parts = [`${direction}[${index}]`];
  if (item.kind !== 'map') return parts[0]!;
  parts.push(scalarText(getValue(item, 'action')) ?? '(no action)');
  const protocol = scalarText(getValue(item, 'protocol'));
  if (protocol !== undefined) parts.push(protocol);
  const notProtocol = scalarText(getValue(item, 'notProtocol'));
  if (notProtocol !== undefined) parts.push(`not ${notProtocol}`);
  const ports = portsLabel(getValue(getValue(item, 'destination'), 'ports'));
  if (ports !== undefined) parts.push(`→ ${ports}`);
  return parts.join(' ');
}

/** Outline, selector references and tier of a Calico policy resource (empty for other kinds). */
export function readNavigation(kind: string, root: YMap): { outline: RuleOutline[]; refs: SelectorRef[]; tier?: string; tierSpan?: Span } {
  const outline: RuleOutline[] = [];
  const refs: SelectorRef[] = [];
  if (!CALICO_POLICY_KINDS.includes(kind)) return { outline, refs };
  const spec = mapField(root, 'spec');
  const out: { outline: RuleOutline[]; refs: SelectorRef[]; tier?: string; tierSpan?: Span } = { outline, refs };
  const tier = stringScalar(spec, 'tier');
  if (tier) {
    out.tier = tier.value as string;
    out.tierSpan = { start: tier.start, end: tier.end };
  }
  const top: SelectorRefField[] = ['selector', 'serviceAccountSelector'];
  if (GLOBAL_POLICY_KINDS.includes(kind)) top.push('namespaceSelector');
  for (const field of top) {
    const s = stringScalar(spec, field);
    if (s) refs.push({ field, place: 'policy', text: s.value as string, span: { start: s.start, end: s.end } });
  }
  for (const direction of ['ingress', 'egress'] as const) {
    const list = getPair(spec, direction)?.value;
    if (!list || list.kind !== 'seq') continue;
    list.items.forEach((item, index) => {
      outline.push({ direction, index, label: ruleLabel(direction, index, item), span: { start: item.start, end: item.end } });
      if (item.kind !== 'map') return;
      for (const side of ['source', 'destination'] as const) {
        const node = mapField(item, side);
        if (!node) continue;
        const sel = stringScalar(node, 'selector');
        const notSel = stringScalar(node, 'notSelector');
        const nsSel = stringScalar(node, 'namespaceSelector');
        const first = sel ?? nsSel ?? notSel;
        if (first) {
          const entity: EntitySelectors = { direction, index, side, span: { start: first.start, end: first.end } };
          if (sel) entity.selector = sel.value as string;
          if (notSel) entity.notSelector = notSel.value as string;
          if (nsSel) entity.namespaceSelector = nsSel.value as string;
          for (const [field, s] of [['selector', sel], ['notSelector', notSel], ['namespaceSelector', nsSel]] as const) {
            if (s) refs.push({ field, place: 'entity', text: s.value as string, span: { start: s.start, end: s.end }, entity });
          }
        }
        const sa = stringScalar(mapField(node, 'serviceAccounts'), 'selector');
        if (sa) refs.push({ field: 'serviceAccounts.selector', place: 'entity', text: sa.value as string, span: { start: sa.start, end: sa.end } });
      }
    });
  }
  return out;
}
