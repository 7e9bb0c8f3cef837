/**
 * Settings and custom messages shared by the VS Code client and the language server. Both sides
 * import this file, so a setting or method name cannot drift between them. Every entry is
 * documented in server/README.md.
 */

/** The `calico` settings section, as the server reads it through `workspace/configuration`. */
export interface ServerSettings {
  /** Turn all diagnostics from this server on or off. */
  validate: { enable: boolean };
  /** Per-rule severity overrides: code → error | warning | information | hint | off. */
  rules: Record<string, string>;
  /** Read the workspace's other YAML files for cross-file checks (selectors vs HostEndpoints). */
  workspaceIndex: { enable: boolean; maxFiles: number };
  /**
   * Milliseconds to wait after the last edit before publishing diagnostics. 0 (the default) still
   * coalesces the changes that arrive together; an edit costs only the documents it touches.
   */
  debounceMs: number;
  /**
   * Documents longer than this many characters get only a YAML syntax check and a
   * `document-too-large` note; 0 means no limit.
   */
  maxDocumentSize: number;
  /** Show code lenses above host endpoints and cluster-wide policies. */
  codeLens: { enable: boolean };
  /**
   * The Calico API to check against: `oss` (open-source Calico) or `enterprise` (Calico
   * Enterprise and Calico Cloud, which serve the same API).
   */
  edition: 'oss' | 'enterprise';
  /** Check and explain conntrack configuration (Terway, Cilium, conntrack-cleaner). */
  conntrack: { enable: boolean };
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  validate: { enable: true },
  rules: {},
  workspaceIndex: { enable: true, maxFiles: 5000 },
  debounceMs: 0,
  maxDocumentSize: 1048576,
  codeLens: { enable: true },
  edition: 'oss',
  conntrack: { enable: true },
};

/** Name of the settings section. */
export const SETTINGS_SECTION = 'calico';

/** Command the VS Code extension registers to open a rule's documentation page, rendered. */
export const SHOW_RULE_DOCS_COMMAND = 'calico.showRuleDocumentation';

/** The read-only scheme the VS Code extension serves the rule pages from (`calico-docs:/rules/<code>.md`). */
export const RULE_DOCS_SCHEME = 'calico-docs';
/**
 * The command of our code lenses, with arguments `[uri, position, locations]` in LSP JSON. The VS
 * Code extension registers it and opens the references view; the server does not implement it, so
 * in other clients it does nothing (they may bind it themselves: see server/README.md).
 */
export const SHOW_REFERENCES_COMMAND = 'calico.showReferences';
