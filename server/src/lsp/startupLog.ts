/**
 * What the server writes to the client's log (VS Code's "Calico Language Server" output channel,
 * any client's `window/logMessage`) about itself: one line at start-up with the version, the
 * settings in effect and the workspace files it indexed (how many, how long it took), and warnings
 * about what it left out (files too large or unreadable, files beyond `maxFiles`, files that are
 * not valid in their encoding). Lists of files are cut to a few names, so a log line stays short
 * whatever the workspace holds.
 */
import { VERSION } from '../common/version';
import type { EffectiveSettings } from './settings';

/** What one indexing pass read and skipped. */
export interface IndexReport {
  folders: number;
  /** Files read into the workspace. */
  indexed: number;
  /** Files listed but already open in the editor (the editor's text wins). */
  open: number;
  tooLarge: string[];
  unreadable: string[];
  undecodable: string[];
  /** The listing stopped at `maxFiles`. */
  truncated: boolean;
  ms: number;
}

export function emptyReport(folders: number): IndexReport {
  return { folders, indexed: 0, open: 0, tooLarge: [], unreadable: [], undecodable: [], truncated: false, ms: 0 };
}

const MAX_NAMED = 5;

function named(uris: readonly string[]): string {
  const shown = uris.slice(0, MAX_NAMED).join(', ');
  return uris.length > MAX_NAMED ? `${shown} and ${uris.length - MAX_NAMED} more` : shown;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The settings in effect, in one clause per setting. */
export function describeSettings(s: EffectiveSettings, pull: boolean): string {
  const rules = Object.entries(s.core.rules);
  const parts = [
    `validation ${s.server.validate.enable ? 'on' : 'off'}`,
    rules.length === 0 ? 'default rule severities' : `rule severities ${rules.map(([code, level]) => `${code}=${level}`).join(', ')}`,
    s.server.workspaceIndex.enable ? `workspace index on (at most ${s.server.workspaceIndex.maxFiles} files)` : 'workspace index off',
    `debounce ${s.server.debounceMs} ms`,
    `maxDocumentSize ${s.server.maxDocumentSize === 0 ? 'unlimited' : `${s.server.maxDocumentSize} characters`}`,
    `${pull ? 'pull' : 'push'} diagnostics`,
  ];
  return parts.join('; ');
}

/** The start-up line. */
export function startupLine(s: EffectiveSettings, pull: boolean, report: IndexReport | undefined): string {
  let index: string;
  if (!s.server.workspaceIndex.enable) index = 'no workspace files indexed (indexing is off)';
  else if (!report || report.folders === 0) index = 'no workspace folder, so no workspace files indexed';
  else {
    index = `${plural(report.indexed, 'workspace file')} indexed from ${plural(report.folders, 'folder')} in ${Math.round(report.ms)} ms`;
    if (report.open > 0) index += ` (${report.open} more open in the editor)`;
  }
  return `calico-language-server ${VERSION} started: ${describeSettings(s, pull)}; ${index}.`;
}

/** Warnings about files an indexing pass left out or read with replacements. */
export function indexWarnings(report: IndexReport, maxFiles: number): string[] {
  const out: string[] = [];
  if (report.truncated) out.push(`Stopped reading workspace files at calico.workspaceIndex.maxFiles (${maxFiles}); cross-file checks do not see the rest.`);
  if (report.tooLarge.length > 0) out.push(`Skipped ${plural(report.tooLarge.length, 'workspace file')} larger than 8 MiB: ${named(report.tooLarge)}.`);
  if (report.unreadable.length > 0) out.push(`Could not read ${plural(report.unreadable.length, 'workspace file')}: ${named(report.unreadable)}.`);
  if (report.undecodable.length > 0) {
    out.push(`${plural(report.undecodable.length, 'workspace file')} ${report.undecodable.length === 1 ? 'holds' : 'hold'} bytes that are not valid UTF-8 or UTF-16 (read with replacement characters): ${named(report.undecodable)}.`);
  }
  return out;
}
