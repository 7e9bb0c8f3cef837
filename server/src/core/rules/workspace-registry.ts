/**
 * Rules that look across documents and files, through the workspace index.
 */
import type { Diagnostic } from '../types';
import type { WorkspaceIndex } from '../workspace/index';
import type { SlotView } from '../analysis/file';
import type { RuleMeta } from './types';
import { UNTRACKED_WORKSPACE_RULES } from './untracked';
import { rule as duplicateResource } from './duplicate-resource';
import { TIER_WORKSPACE_RULES } from './tiers';
import { rule as ruleShadowedByPolicy } from './policy/rule-shadowed-by-policy';

export interface WorkspaceRule extends RuleMeta {
  /**
   * Appends the diagnostics for the resources of one analysed document, with offsets relative to
   * that document (the caller shifts them). Reads only the index and this document; a span in
   * another document is named through `RelatedSpan.at`, never placed here. The workspace keeps the
   * output and asks again only when the index's content, this document or a document named by
   * `at` changed (`Workspace.crossOutput`), so this must be a pure function of those.
   */
  checkSlot(index: WorkspaceIndex, fileId: string, slot: SlotView, out: Diagnostic[]): void;
}

export const WORKSPACE_RULES: readonly WorkspaceRule[] = [duplicateResource, ...UNTRACKED_WORKSPACE_RULES, ...TIER_WORKSPACE_RULES, ruleShadowedByPolicy];
