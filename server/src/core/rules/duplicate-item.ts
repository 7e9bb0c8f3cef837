/**
 * `duplicate-item`: a list that Kubernetes treats as a set (or as a map keyed by some fields) holds
 * the same entry twice, which the API server rejects.
 */
import type { ResourceRule } from './types';

export const rule: ResourceRule = {
  code: 'duplicate-item',
  severity: 'error',
  origin: 'schema',
  summary: 'A list that must hold unique entries repeats one.',
};
