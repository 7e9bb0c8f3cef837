/**
 * Rules that look across documents and files through the workspace's resource summaries.
 */
import type { Diagnostic } from '../types';
import type { WorkspaceView } from '../workspace/workspace';
import type { RuleMeta } from './types';

export interface WorkspaceRule extends RuleMeta {
  /** Appends diagnostics (absolute offsets in file `fileId`) to `out`. */
  check(ws: WorkspaceView, fileId: string, out: Diagnostic[]): void;
}

export const WORKSPACE_RULES: readonly WorkspaceRule[] = [];
