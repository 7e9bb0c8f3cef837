/**
 * `unknown-kind`: a `projectcalico.org/v3` document whose kind we have no schema for (Calico
 * Enterprise kinds such as GlobalAlert, or kinds served without a CRD such as Profile). We cannot
 * say whether Calico accepts it, so this is only a note.
 */
import type { ResourceRule } from './types';

export const rule: ResourceRule = {
  code: 'unknown-kind',
  severity: 'information',
  origin: 'advice',
  summary: 'A projectcalico.org/v3 kind this tool does not validate.',
};
