/**
 * `duplicate-key`: a mapping repeats a key. go-yaml's strict mode (used by calicoctl and the
 * Kubernetes API machinery) rejects this, and even where it is tolerated only one value survives.
 */
import type { ResourceRule } from './types';

export const rule: ResourceRule = {
  code: 'duplicate-key',
  severity: 'error',
  origin: 'yaml',
  summary: 'A mapping has the same key twice.',
};
