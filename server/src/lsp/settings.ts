/**
 * Reads the `calico` settings section from the client and turns it into core settings. Invalid
 * entries are reported once in the server log and otherwise ignored, never fatal.
 */
import type { Connection } from 'vscode-languageserver/node';
import { ALL_CODES, parseSettings, type CalicoSettings } from '../core';
import { DEFAULT_SERVER_SETTINGS, SETTINGS_SECTION, type ServerSettings } from '../common/protocol';

export interface EffectiveSettings {
  server: ServerSettings;
  core: CalicoSettings;
}

function asObject(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Merges a raw settings object over the defaults, tolerating any shape. */
export function readSettings(raw: unknown, log: (msg: string) => void): EffectiveSettings {
  const o = asObject(raw);
  const d = DEFAULT_SERVER_SETTINGS;
  const validate = asObject(o['validate']);
  const index = asObject(o['workspaceIndex']);
  const lens = asObject(o['codeLens']);
  const conntrack = asObject(o['conntrack']);
  const server: ServerSettings = {
    validate: { enable: typeof validate['enable'] === 'boolean' ? validate['enable'] : d.validate.enable },
    rules: asObject(o['rules']) as Record<string, string>,
    workspaceIndex: {
      enable: typeof index['enable'] === 'boolean' ? index['enable'] : d.workspaceIndex.enable,
      maxFiles: typeof index['maxFiles'] === 'number' && index['maxFiles'] >= 0 ? Math.floor(index['maxFiles']) : d.workspaceIndex.maxFiles,
    },
    debounceMs: typeof o['debounceMs'] === 'number' && o['debounceMs'] >= 0 && o['debounceMs'] <= 10000 ? o['debounceMs'] : d.debounceMs,
    maxDocumentSize: d.maxDocumentSize,
    codeLens: { enable: typeof lens['enable'] === 'boolean' ? lens['enable'] : d.codeLens.enable },
    edition: d.edition,
    conntrack: { enable: typeof conntrack['enable'] === 'boolean' ? conntrack['enable'] : d.conntrack.enable },
  };
  const { settings, problems } = parseSettings({ rules: server.rules, maxDocumentSize: o['maxDocumentSize'], edition: o['edition'], conntrack: server.conntrack.enable }, ALL_CODES);
  if (settings.maxDocumentSize !== undefined) server.maxDocumentSize = settings.maxDocumentSize;
  if (settings.edition !== undefined) server.edition = settings.edition;
  for (const p of problems) log(`calico.${p.path}: ${p.message}`);
  return { server, core: settings };
}

/** Pulls the settings from the client when it supports `workspace/configuration`. */
export async function fetchSettings(connection: Connection, supported: boolean, pushed: unknown): Promise<EffectiveSettings> {
  const log = (m: string) => connection.console.warn(m);
  if (!supported) return readSettings(asObject(pushed)[SETTINGS_SECTION], log);
  try {
    const raw = await connection.workspace.getConfiguration({ section: SETTINGS_SECTION });
    return readSettings(raw, log);
  } catch (e) {
    connection.console.warn(`could not read settings: ${e instanceof Error ? e.message : String(e)}`);
    return readSettings(undefined, log);
  }
}
