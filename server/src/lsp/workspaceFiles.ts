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

/** Lists YAML files under the given folder URIs, up to `max` files. */
export async function listYamlFiles(folderUris: readonly string[], max: number): Promise<string[]> {
  const out: string[] = [];
  const stack: string[] = [];
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
      if (out.length >= max) break;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) stack.push(join(dir, e.name));
      } else if (e.isFile() && isYamlPath(e.name)) {
        out.push(pathToFileURL(join(dir, e.name)).href);
      }
    }
  }
  return out;
}

/**
 * Reads a file by URI; undefined when missing, unreadable or too large. Decoded as the CLI and
 * editors decode it (UTF-16 with a byte order mark, UTF-8 otherwise, the mark not part of the
 * text), so a file in the index has the text, and the positions, it has when opened.
 */
export async function readFileUri(uri: string): Promise<string | undefined> {
  try {
    const path = fileURLToPath(uri);
    const st = await fs.stat(path);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    return decodeBytes(await fs.readFile(path)).text;
  } catch {
    return undefined;
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
