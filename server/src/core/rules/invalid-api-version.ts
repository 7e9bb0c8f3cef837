/**
 * `invalid-api-version`: an apiVersion that looks like Calico's but does not exist
 * (`projectcalico.org/v1`, `crd.projectcalico.org/v3`), or a Calico-only kind such as
 * `GlobalNetworkPolicy` under a non-Calico apiVersion. The API server has no such resource type.
 */
import type { ResourceRule } from './types';

export const rule: ResourceRule = {
  code: 'invalid-api-version',
  severity: 'error',
  origin: 'validator',
  summary: 'A Calico resource with an apiVersion Calico does not serve.',
};
