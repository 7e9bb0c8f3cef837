/**
 * Turns the PATH arguments into a list of files to check. Problems (missing paths, unreadable
 * directories) are collected, not thrown, so one bad path never stops the others.
 *
 * Symbolic links: a PATH given on the command line is followed (the user named it), but a
 * directory walk skips every symbolic link it meets, to a file or to a directory, as the language
 * server's workspace indexer does. Following them could loop forever (a link to a parent) and
 * would reach files outside the tree that was named, which `--fix` would then rewrite. Each file
 * says whether it was reached through a link, so `--fix` can refuse to write through one.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

const SKIP = new Set(['node_modules', '.git']);

export interface CollectedFile {
  path: string;
  /** The PATH that leads to it is a symbolic link (the file itself, or a directory it was found in). */
  viaSymlink?: string;
}

export interface Collected {
  files: CollectedFile[];
  problems: string[];
}

export async function collectFiles(paths: readonly string[]): Promise<Collected> {
  const files: CollectedFile[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (path: string, viaSymlink: string | undefined) => {
    if (!seen.has(path)) {
      seen.add(path);
      files.push(viaSymlink === undefined ? { path } : { path, viaSymlink });
    }
  };
  for (const p of paths) {
    if (p === '-') {
      add('-', undefined);
      continue;
    }
    let st;
    let link: string | undefined;
    try {
      if ((await fs.lstat(p)).isSymbolicLink()) link = p;
      st = await fs.stat(p);
    } catch (e) {
      problems.push(`cannot read '${p}'${link ? ' (a symbolic link)' : ''}: ${describe(e)}`);
      continue;
    }
    if (st.isDirectory()) await walk(p, (f) => add(f, link), problems);
    else add(p, link);
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
    // A directory entry's type is the link's own (never its target's), so links fall through both tests.
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP.has(e.name)) await walk(path, add, problems);
    } else if (e.isFile() && /\.ya?ml$/i.test(e.name)) add(path);
  }
}

export function describe(e: unknown): string {
  const code = (e as { code?: string } | null)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOSPC') return 'no space left on device';
  if (code === 'EDQUOT') return 'disk quota exceeded';
  if (code === 'EFBIG') return 'file too large';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return e instanceof Error ? e.message : String(e);
}
