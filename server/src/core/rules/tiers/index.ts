/**
 * Cross-document checks of policies against their tiers.
 */
import type { WorkspaceRule } from '../workspace-registry';
import { rule as logOnlyPolicy } from './log-only-policy';
import { rule as tierNotInWorkspace } from './tier-not-in-workspace';

export const TIER_WORKSPACE_RULES: readonly WorkspaceRule[] = [logOnlyPolicy, tierNotInWorkspace];
