/**
 * `yaml-syntax`: the document is not valid YAML, so neither kubectl nor calicoctl can read it.
 * Reported by the parser (`analysis/segment.ts`); only shown in files that hold Calico resources.
 */
import type { ResourceRule } from './types';

export const rule: ResourceRule = {
  code: 'yaml-syntax',
  severity: 'error',
  origin: 'yaml',
  summary: 'The YAML does not parse, so Calico cannot read the resource.',
};
