/**
 * Fix for `rule-shadowed`: remove the dead rule (unsafe: Calico's behaviour does not change, but
 * the author may have meant to move it above the rule that hides it instead). Found by code and
 * data (direction and index), never by message. Only a rule written in a block list, in the
 * resource itself (not through an alias or merge), is removed: its lines go, from its `-` to the
 * line before the next item; everything else stays byte for byte.
 */
import type { FixProvider } from '../rules/types';
import type { ShadowedData } from '../rules/policy/rule-shadowed';
import { findResources } from '../analysis/resources';
import { getPair } from '../yaml/tree';
import { lineEndAfter, lineStartOf } from './yaml-edit';

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

export const removeShadowedRule: FixProvider = {
  code: 'rule-shadowed',
  fixes(ctx) {
    const data = ctx.diagnostic.data as ShadowedData | undefined;
    if (!data || (data.direction !== 'ingress' && data.direction !== 'egress')) return [];
    const offset = ctx.diagnostic.start;
    const res = findResources(ctx.root).find((r) => r.node.start <= offset && offset <= r.node.end)?.node;
    const specPair = getPair(res, 'spec');
    const spec = specPair?.value;
    if (!spec || spec.kind !== 'map' || spec.flow || spec.via || specPair.merged) return [];
    const pair = getPair(spec, data.direction);
    const list = pair?.value;
    if (!pair || pair.merged || !list || list.kind !== 'seq' || list.flow || list.via) return [];
    const item = list.items[data.index];
    if (!item || item.via || item.start > offset || offset > item.end) return [];
    const text = ctx.text;
    const start = lineStartOf(text, item.start);
    // Only the indentation and the item's `-` may precede it on its line.
    const before = text.slice(start, item.start);
    if (before.replace(/[ \t]/g, '') !== '-') return [];
    const next = list.items[data.index + 1];
    let end: number;
    if (next) end = lineStartOf(text, next.start);
    else {
      let e = item.end;
      while (e > item.start && isSpace(text[e - 1])) e--;
      end = lineEndAfter(text, e);
    }
    return [
      {
        id: 'remove-shadowed-rule',
        title: `Remove this ${data.direction} rule (${data.by.direction} rule ${data.by.index} already decides every packet it matches)`,
        safe: false,
        edits: [{ start, end, newText: '' }],
      },
    ];
  },
};
