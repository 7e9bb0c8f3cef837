/**
 * The set of files the analysis knows about: files open in an editor and, for cross-file checks,
 * the other YAML files of the workspace (or, for the CLI, every file it was given).
 *
 * Per-file diagnostics come from each `FileAnalysis`; checks that relate resources across
 * documents and files (does a policy's selector match any HostEndpoint?) are `WorkspaceRule`s that
 * read the summaries of every file. Settings are applied last, identically for every caller.
 *
 * Invariant: the workspace does no I/O; callers hand it text.
 */
import type { Diagnostic } from '../types';
import { applySettings, DEFAULT_SETTINGS, type CalicoSettings } from '../config';
import { FileAnalysis, type TextChange } from '../analysis/file';
import type { ResourceSummary } from './summary';
import { WORKSPACE_RULES } from '../rules/workspace-registry';

export interface FileEntry {
  id: string;
  analysis: FileAnalysis;
}

/** Read-only view of the workspace for workspace rules. */
export interface WorkspaceView {
  /** Summaries of every analysed resource in every file, grouped by file id. */
  summaries(): ReadonlyMap<string, readonly ResourceSummary[]>;
}

export class Workspace implements WorkspaceView {
  private files = new Map<string, FileAnalysis>();
  private summaryCache = new Map<string, { analysis: FileAnalysis; version: number; list: ResourceSummary[] }>();
  private versions = new Map<string, number>();
  settings: CalicoSettings = DEFAULT_SETTINGS;

  /** Adds or replaces a file's whole text. */
  setFile(id: string, text: string): FileAnalysis {
    let f = this.files.get(id);
    if (f) f.setText(text);
    else {
      f = new FileAnalysis(text);
      this.files.set(id, f);
    }
    this.bump(id);
    return f;
  }

  /** Applies incremental changes to a file that is already known. */
  applyChanges(id: string, changes: readonly TextChange[]): FileAnalysis | undefined {
    const f = this.files.get(id);
    if (!f) return undefined;
    f.applyChanges(changes);
    this.bump(id);
    return f;
  }

  removeFile(id: string): void {
    this.files.delete(id);
    this.summaryCache.delete(id);
    this.versions.delete(id);
  }

  getFile(id: string): FileAnalysis | undefined {
    return this.files.get(id);
  }

  fileIds(): string[] {
    return [...this.files.keys()];
  }

  private bump(id: string): void {
    this.versions.set(id, (this.versions.get(id) ?? 0) + 1);
  }

  summaries(): ReadonlyMap<string, readonly ResourceSummary[]> {
    const out = new Map<string, readonly ResourceSummary[]>();
    for (const [id, f] of this.files) {
      const version = this.versions.get(id) ?? 0;
      let c = this.summaryCache.get(id);
      if (!c || c.analysis !== f || c.version !== version || !f.isComplete) {
        c = { analysis: f, version, list: f.summaries() };
        if (f.isComplete) this.summaryCache.set(id, c);
      }
      out.set(id, c.list);
    }
    return out;
  }

  /** Analyses everything not analysed yet. */
  analyzeAll(): void {
    for (const f of this.files.values()) f.analyzeAll();
  }

  /**
   * The diagnostics of one file (analysing it first if needed), including workspace-level ones,
   * with settings applied.
   */
  diagnostics(id: string): Diagnostic[] {
    const f = this.files.get(id);
    if (!f) return [];
    f.analyzeAll();
    const own = f.diagnostics();
    if (!f.hasCalico) return [];
    const extra: Diagnostic[] = [];
    for (const rule of WORKSPACE_RULES) rule.check(this, id, extra);
    const all = extra.length === 0 ? own : [...own, ...extra].sort((a, b) => a.start - b.start || a.end - b.end);
    return applySettings(all, this.settings);
  }
}
