/**
 * The three output formats of `calico-lint`. Each takes the checked files with their diagnostics
 * already converted to 0-based LSP ranges (by `common/positions.ts`) and returns the text to print.
 */
import type { Severity } from '../core';
import { RULES_BY_CODE } from '../core';
import type { Range } from 'vscode-languageserver';

export interface ReportedDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
}

export interface ReportedFile {
  path: string;
  text: string;
  diagnostics: ReportedDiagnostic[];
}

const SEVERITY_COLOR: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[2m' };
const RESET = '\x1b[0m';

function lines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Expands tabs for display so the caret lines up; returns the display column of `character`. */
function displayPrefix(line: string, character: number): { shown: string; column: number } {
  let shown = '';
  let column = 0;
  for (let i = 0; i < line.length; i++) {
    if (i === character) column = shown.length;
    shown += line[i] === '\t' ? '  ' : line[i];
  }
  if (character >= line.length) column = shown.length + (character - line.length);
  return { shown, column };
}

function codeFrame(text: string, d: ReportedDiagnostic, color: boolean): string {
  const all = lines(text);
  const { start, end } = d.range;
  const out: string[] = [];
  const width = String(end.line + 2).length;
  const from = Math.max(0, start.line - 1);
  const to = Math.min(all.length - 1, start.line + 1);
  for (let n = from; n <= to; n++) {
    const line = all[n] ?? '';
    const { shown } = displayPrefix(line, 0);
    const marker = n === start.line ? '>' : ' ';
    out.push(`${marker} ${String(n + 1).padStart(width)} | ${shown}`);
    if (n === start.line) {
      const a = displayPrefix(line, start.character).column;
      const endChar = end.line === start.line ? end.character : line.length;
      const b = Math.max(a + 1, displayPrefix(line, endChar).column);
      const caret = '^'.repeat(b - a);
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(a)}${color ? SEVERITY_COLOR[d.severity] + caret + RESET : caret}`);
    }
  }
  return out.join('\n');
}

export function formatText(files: readonly ReportedFile[], color: boolean): string {
  const out: string[] = [];
  const totals: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of files) {
    for (const d of f.diagnostics) {
      totals[d.severity]++;
      const sev = color ? `${SEVERITY_COLOR[d.severity]}${d.severity}${RESET}` : d.severity;
      out.push(`${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${sev} ${d.code} ${d.message}`);
      out.push(codeFrame(f.text, d, color));
      out.push('');
    }
  }
  const parts = (['error', 'warning', 'information', 'hint'] as const).filter((s) => totals[s] > 0).map((s) => `${totals[s]} ${s}${totals[s] === 1 || s === 'information' ? '' : 's'}`);
  out.push(parts.length === 0 ? `${files.length} file${files.length === 1 ? '' : 's'} checked, no problems found.` : `${files.length} file${files.length === 1 ? '' : 's'} checked: ${parts.join(', ')}.`);
  return out.join('\n') + '\n';
}

export function formatJson(files: readonly ReportedFile[]): string {
  return (
    JSON.stringify({
      files: files.map((f) => ({
        path: f.path,
        diagnostics: f.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, range: d.range })),
      })),
    }) + '\n'
  );
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function toSarifUri(path: string): string {
  // Reported files carry '<stdin>' for standard input (see main.ts); '<' and '>' are not URI characters.
  if (path === '<stdin>' || path === '-') return 'stdin';
  return path
    .split(/[\\/]/)
    .map((s) => encodeURIComponent(s))
    .join('/');
}

export function formatSarif(files: readonly ReportedFile[], version: string, docsUrl: (code: string) => string | undefined): string {
  const used = new Set<string>();
  for (const f of files) for (const d of f.diagnostics) used.add(d.code);
  const ruleIds = [...RULES_BY_CODE.keys()].filter((c) => used.has(c)).concat([...used].filter((c) => !RULES_BY_CODE.has(c)));
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => {
    const meta = RULES_BY_CODE.get(id);
    const rule: Record<string, unknown> = { id, name: id, shortDescription: { text: meta?.summary ?? id } };
    const help = docsUrl(id);
    if (help) rule['helpUri'] = help;
    if (meta) rule['defaultConfiguration'] = { level: SARIF_LEVEL[meta.severity] };
    return rule;
  });
  const results = files.flatMap((f) =>
    f.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: index.get(d.code),
      level: SARIF_LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: toSarifUri(f.path) },
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
        },
      ],
    })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'calico-lint', version, semanticVersion: version, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
