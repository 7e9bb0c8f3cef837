/**
 * `unknown-kind`: a Calico document whose kind we have no schema for in the edition in use (kinds
 * served without a CRD such as Profile, or kinds newer than our schemas). We cannot say whether
 * Calico accepts it, so this is only a note. Calico Enterprise/Cloud kinds in the open-source
 * edition get `enterprise-kind` instead.
 */
import type { ResourceRule } from './types';

export const rule: ResourceRule = {
  code: 'unknown-kind',
  severity: 'information',
  origin: 'advice',
  summary: 'A projectcalico.org/v3 kind this tool does not validate.',
};
