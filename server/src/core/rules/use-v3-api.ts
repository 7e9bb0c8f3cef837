/**
 * `use-v3-api`: a `crd.projectcalico.org/v1` resource. That group is Calico's internal storage
 * format; users write `projectcalico.org/v3` and let calicoctl or the Calico API server convert
 * (https://docs.tigera.io/calico/latest/operations/calicoctl/configure/overview).
 */
import type { ResourceRule } from './types';

export const rule: ResourceRule = {
  code: 'use-v3-api',
  severity: 'information',
  origin: 'advice',
  summary: 'crd.projectcalico.org/v1 resources are internal; author projectcalico.org/v3 instead.',
};
