/**
 * `invalid-selector`: a selector Calico's parser refuses, underlined at the exact character where
 * parsing fails inside the YAML scalar (quotes, escapes, folding and block scalars included).
 *
 * Covers the policy `selector`, `serviceAccountSelector` and global `namespaceSelector`, and the
 * rule `selector`, `notSelector`, `namespaceSelector` and `serviceAccounts.selector`. Where
 * `global()` may appear is another rule (`global-selector-misplaced`); length limits are the
 * schema's.
 */
import type { ResourceRule } from '../types';
import { validateSelector } from '../../selector';
import { policySelectorFields } from '../../model/selector-fields';
import { scalarValueSpan } from '../../yaml/scalar-offsets';

export interface InvalidSelectorData {
  path: string;
  /** Offset of the problem inside the selector text. */
  offset: number;
}

export const rule: ResourceRule = {
  code: 'invalid-selector',
  severity: 'error',
  origin: 'validator',
  summary: 'A selector that Calico cannot parse.',
  kinds: ['GlobalNetworkPolicy', 'NetworkPolicy', 'StagedGlobalNetworkPolicy', 'StagedNetworkPolicy'],
  check(ctx) {
    for (const f of policySelectorFields(ctx.kind, ctx.root)) {
      const selector = f.node.value as string;
      const err = validateSelector(selector);
      if (!err) continue;
      const span = f.node.via ?? scalarValueSpan(ctx.text, f.node, err.offset, Math.max(err.end, err.offset + 1));
      const data: InvalidSelectorData = { path: f.path, offset: err.offset };
      ctx.report('invalid-selector', { ...span, message: `Invalid selector in '${f.field}': ${err.message}.`, data });
    }
  },
};
