/**
 * Finds and reads the workspace's YAML files so cross-file checks (does a policy select any
 * HostEndpoint?) see resources in files that are not open. Reading is bounded (file count and
 * size) and skips dependency and VCS folders; unreadable files are skipped, never fatal.
 */
import { promises as fs } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeBytes } from '../common/encoding';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.terraform', 'vendor']);
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export function isYamlPath(p: string): boolean {
  return /\.ya?ml$/i.test(p);
}

/** What a listing left out, for the server's log. */
export interface ListingStats {
  /** The listing stopped at `max` files with YAML files or folders left to look at. */
  truncated: boolean;
}

/** Lists YAML files under the given folder URIs, up to `max` files. */
export async function listYamlFiles(folderUris: readonly string[], max: number, stats?: ListingStats): Promise<string[]> {
  const out: string[] = [];
  const stack: string[] = [];
  let left = false;
  for (const uri of folderUris) {
    try {
      stack.push(fileURLToPath(uri));
    } catch {
      // Not a file: URI (a virtual workspace); nothing to read.
    }
  }
  while (stack.length > 0 && out.length < max) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const wanted = e.isDirectory() ? !SKIP_DIRS.has(e.name) && !e.name.startsWith('.') : e.isFile() && isYamlPath(e.name);
      if (!wanted) continue;
      if (out.length >= max) {
        // Something the listing would have looked at is left: a YAML file or a folder.
        left = true;
        break;
      }
      if (e.isDirectory()) stack.push(join(dir, e.name));
      else out.push(pathToFileURL(join(dir, e.name)).href);
    }
  }
  if (stats) stats.truncated = left || stack.length > 0;
  return out;
}

/**
 * Reads a file by URI; undefined when missing, unreadable or too large. Decoded as the CLI and
 * editors decode it (UTF-16 with a byte order mark, UTF-8 otherwise, the mark not part of the
 * text), so a file in the index has the text, and the positions, it has when opened.
 */
export async function readFileUri(uri: string): Promise<string | undefined> {
  return (await readWorkspaceFile(uri)).text;
}

/** A workspace file's text, or why it was not read (for the server's log). */
export interface ReadResult {
  text?: string;
  /** Set when the file was skipped: too large, or not readable (missing, a directory, no permission). */
  skipped?: 'too-large' | 'unreadable';
  /** Set when the text was read but holds bytes that are not valid in its encoding (replaced). */
  undecodable?: boolean;
}

/** Like `readFileUri`, saying why a file was skipped. */
export async function readWorkspaceFile(uri: string): Promise<ReadResult> {
  try {
    const path = fileURLToPath(uri);
    const st = await fs.stat(path);
    if (!st.isFile()) return { skipped: 'unreadable' };
    if (st.size > MAX_FILE_BYTES) return { skipped: 'too-large' };
    const decoded = decodeBytes(await fs.readFile(path));
    return decoded.invalid ? { text: decoded.text, undecodable: true } : { text: decoded.text };
  } catch {
    return { skipped: 'unreadable' };
  }
}

/**
 * Whether the indexer reads `uri` (see `listYamlFiles`): a YAML `file:` URI inside one of the
 * folders, below no skipped or hidden directory. A closed document is kept in the workspace (with
 * its text on disk) only then; any other closed document leaves it.
 */
export function isIndexedUri(uri: string, folderUris: readonly string[]): boolean {
  if (!isYamlPath(uri)) return false;
  let path: string;
  try {
    path = fileURLToPath(uri);
  } catch {
    return false;
  }
  for (const folder of folderUris) {
    let root: string;
    try {
      root = fileURLToPath(folder);
    } catch {
      continue;
    }
    const rel = relative(root, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) continue;
    const dirs = rel.split(sep).slice(0, -1);
    if (dirs.every((d) => !SKIP_DIRS.has(d) && !d.startsWith('.'))) return true;
  }
  return false;
}
