/**
 * The untracked and pre-DNAT policy rules: per-resource checks and cross-document checks.
 */
import type { ResourceRule } from '../types';
import type { WorkspaceRule } from '../workspace-registry';
import { rule as applyOnForwardRequired } from './apply-on-forward-required';
import { rule as untrackedPreDnatConflict } from './untracked-pre-dnat-conflict';
import { rule as preDnatEgress } from './pre-dnat-egress';
import { rule as typesMissing } from './untracked-types-missing-direction';
import { rule as workloadPeer } from './untracked-workload-peer';
import { rule as failsafePort } from './failsafe-port';
import { rule as namedPort } from './untracked-named-port';
import { rule as asymmetric } from './untracked-asymmetric';
import { rule as noHostEndpoint } from './untracked-no-host-endpoint';
import { rule as unselectedHostEndpoint } from './unselected-host-endpoint';

export const UNTRACKED_RULES: readonly ResourceRule[] = [
  applyOnForwardRequired,
  untrackedPreDnatConflict,
  preDnatEgress,
  typesMissing,
  workloadPeer,
  failsafePort,
  namedPort,
];

export const UNTRACKED_WORKSPACE_RULES: readonly WorkspaceRule[] = [asymmetric, noHostEndpoint, unselectedHostEndpoint];
