/**
 * `internal-error`: one of our own checks failed on this input. It is reported (as a warning, never
 * an error, since it says nothing about the resource) instead of crashing the analysis.
 */
import type { ResourceRule } from './types';

export const rule: ResourceRule = {
  code: 'internal-error',
  severity: 'warning',
  origin: 'advice',
  summary: 'A check of calico-policy-tools failed on this document; the other checks still ran.',
};
