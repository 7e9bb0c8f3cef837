/**
 * User settings that change what the core reports, shared by the language server (from
 * `calico.*` settings) and the CLI (from its config file), so both always agree.
 *
 * Invariant: severities are applied after analysis (`applySettings`), never inside rules, so cached
 * analysis results stay valid when they change. The one setting that bounds the analysis itself,
 * `maxDocumentSize`, is handled by the workspace (see `Workspace.settings`).
 */
import type { Diagnostic, Severity } from './types';
import type { Edition } from './schema/catalog';
import { CONNTRACK_CODES } from './conntrack/codes';

export type RuleLevel = Severity | 'off';

export interface CalicoSettings {
  /** Per-code severity overrides; `off` silences a code. Codes not listed keep their default. */
  rules: Readonly<Record<string, RuleLevel>>;
  /**
   * Documents longer than this many characters (UTF-16 code units) get only a YAML syntax check
   * and a `document-too-large` note; 0 turns the limit off. Undefined: the default, 1 MiB. Unlike
   * the severities this bounds the analysis itself, so the workspace re-analyses the documents a
   * change moves across the limit.
   */
  maxDocumentSize?: number;
  /**
   * The Calico API to check against: `oss` (open-source Calico, the default) or `enterprise`
   * (Calico Enterprise and Calico Cloud). Like `maxDocumentSize` it acts inside the analysis: a
   * change re-analyses every Calico document.
   */
  edition?: Edition;
  /**
   * `false` turns off the whole conntrack family (Terway, Cilium and conntrack-cleaner checks);
   * undefined or `true`: on. Applied with the severities, so cached analyses stay valid.
   */
  conntrack?: boolean;
}

export const DEFAULT_SETTINGS: CalicoSettings = { rules: {} };

const LEVELS: ReadonlySet<string> = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Accepts a few common spellings so hand-written config files are forgiving. */
function normaliseLevel(value: unknown): RuleLevel | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'info') return 'information';
  if (v === 'warn') return 'warning';
  if (v === 'none' || v === 'ignore' || v === 'disabled') return 'off';
  return LEVELS.has(v) ? (v as RuleLevel) : undefined;
}

export interface SettingsProblem {
  path: string;
  message: string;
}

/**
 * Reads settings from untrusted JSON (a workspace setting or a config file). Unknown or invalid
 * entries are reported, never thrown, and never stop the rest from applying.
 */
export function parseSettings(input: unknown, knownCodes: ReadonlySet<string>): { settings: CalicoSettings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const rules: Record<string, RuleLevel> = {};
  if (input !== undefined && input !== null && (typeof input !== 'object' || Array.isArray(input))) {
    problems.push({ path: '', message: 'settings must be an object' });
    return { settings: { rules }, problems };
  }
  const obj = (input ?? {}) as Record<string, unknown>;
  const raw = obj['rules'];
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push({ path: 'rules', message: 'must be an object mapping rule codes to a severity or "off"' });
    } else {
      for (const [code, value] of Object.entries(raw as Record<string, unknown>)) {
        if (!knownCodes.has(code)) {
          problems.push({ path: `rules.${code}`, message: `unknown rule code "${code}"` });
          continue;
        }
        const level = normaliseLevel(value);
        if (!level) {
          problems.push({ path: `rules.${code}`, message: `"${String(value)}" is not one of error, warning, information, hint, off` });
          continue;
        }
        rules[code] = level;
      }
    }
  }
  const settings: CalicoSettings = { rules };
  const max = obj['maxDocumentSize'];
  if (max !== undefined && max !== null) {
    if (typeof max === 'number' && Number.isInteger(max) && max >= 0) settings.maxDocumentSize = max;
    else problems.push({ path: 'maxDocumentSize', message: `must be a whole number of characters, 0 for no limit (got ${JSON.stringify(max)})` });
  }
  const edition = obj['edition'];
  if (edition !== undefined && edition !== null) {
    const e = typeof edition === 'string' ? edition.trim().toLowerCase() : edition;
    // Calico Cloud serves the Enterprise API, so its name is accepted for it.
    if (e === 'oss' || e === 'enterprise') settings.edition = e;
    else if (e === 'cloud') settings.edition = 'enterprise';
    else problems.push({ path: 'edition', message: `must be "oss" or "enterprise" (got ${JSON.stringify(edition)})` });
  }
  const ct = obj['conntrack'];
  if (ct !== undefined && ct !== null) {
    if (typeof ct === 'boolean') settings.conntrack = ct;
    else problems.push({ path: 'conntrack', message: `must be true or false (got ${JSON.stringify(ct)})` });
  }
  return { settings, problems };
}

/** Applies severity overrides, dropping diagnostics whose code is turned off. */
export function applySettings(diagnostics: readonly Diagnostic[], settings: CalicoSettings): Diagnostic[] {
  const out: Diagnostic[] = [];
  const conntrackOff = settings.conntrack === false;
  for (const d of diagnostics) {
    if (conntrackOff && CONNTRACK_CODES.has(d.code)) continue;
    const level = settings.rules[d.code];
    if (level === undefined) out.push(d);
    else if (level !== 'off') out.push(level === d.severity ? d : { ...d, severity: level });
  }
  return out;
}
