/**
 * Turns the PATH arguments into a list of files to check. Problems (missing paths, unreadable
 * directories) are collected, not thrown, so one bad path never stops the others.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

const SKIP = new Set(['node_modules', '.git']);

export interface Collected {
  files: string[];
  problems: string[];
}

export async function collectFiles(paths: readonly string[]): Promise<Collected> {
  const files: string[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    if (!seen.has(f)) {
      seen.add(f);
      files.push(f);
    }
  };
  for (const p of paths) {
    if (p === '-') {
      add('-');
      continue;
    }
    let st;
    try {
      st = await fs.stat(p);
    } catch (e) {
      problems.push(`cannot read '${p}': ${describe(e)}`);
      continue;
    }
    if (st.isDirectory()) await walk(p, add, problems);
    else add(p);
  }
  return { files, problems };
}

async function walk(dir: string, add: (f: string) => void, problems: string[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    problems.push(`cannot read directory '${dir}': ${describe(e)}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP.has(e.name)) await walk(path, add, problems);
    } else if ((e.isFile() || e.isSymbolicLink()) && /\.ya?ml$/i.test(e.name)) add(path);
  }
}

export function describe(e: unknown): string {
  const code = (e as { code?: string } | null)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return e instanceof Error ? e.message : String(e);
}
