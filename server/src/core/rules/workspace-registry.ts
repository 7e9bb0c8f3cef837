/**
 * Rules that look across documents and files through the workspace's resource summaries.
 */
import type { Diagnostic } from '../types';
import type { WorkspaceView } from '../workspace/workspace';
import type { RuleMeta } from './types';
import { UNTRACKED_WORKSPACE_RULES } from './untracked';

export interface WorkspaceRule extends RuleMeta {
  /** Appends diagnostics (absolute offsets in file `fileId`) to `out`. */
  check(ws: WorkspaceView, fileId: string, out: Diagnostic[]): void;
}

export const WORKSPACE_RULES: readonly WorkspaceRule[] = [...UNTRACKED_WORKSPACE_RULES];
