/**
 * Replaces a file's content all at once, so `--fix` can never leave a file half written.
 *
 * The new bytes go to a temporary file next to the target (same directory, so the same file
 * system), which gets the target's permission bits (and, where the process may, its owner and
 * group), is flushed to disk, and is then renamed over the target. A rename within one file system
 * is atomic: readers see the old file or the new one, never a mix. On any failure before the
 * rename (full disk, quota, size limit, permissions) the target has not been opened for writing,
 * so it is byte for byte what it was, and the temporary file is removed.
 *
 * The file-system calls come in as a parameter so tests can make one of them fail.
 */
import { promises as nodeFs, constants } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

interface Handle {
  writeFile(data: Uint8Array): Promise<void>;
  chmod(mode: number): Promise<void>;
  chown(uid: number, gid: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The part of `fs.promises` this module uses. */
export interface AtomicWriteFs {
  stat(path: string): Promise<{ mode: number; uid: number; gid: number; isFile(): boolean }>;
  access(path: string, mode: number): Promise<void>;
  open(path: string, flags: string, mode: number): Promise<Handle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export const defaultFs: AtomicWriteFs = nodeFs;

/** An error with a `code`, as Node's own are, so callers describe it the same way. */
function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * Writes `data` to `target` atomically, keeping its mode. `target` must be an existing regular file
 * the process may write (a read-only file is refused, as an in-place write would be refused).
 */
export async function writeFileAtomic(target: string, data: Uint8Array, fs: AtomicWriteFs = defaultFs): Promise<void> {
  const st = await fs.stat(target);
  // Renaming over a device, pipe or socket would replace it with a regular file.
  if (!st.isFile()) throw codedError('ENOTFILE', 'not a regular file');
  await fs.access(target, constants.W_OK);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.calico-lint.tmp`);
  // Exclusive create: an existing file of that name is never overwritten or followed.
  const handle = await fs.open(temp, 'wx', 0o600);
  let closed = false;
  try {
    await handle.writeFile(data);
    const uid = process.getuid?.();
    if (uid !== undefined && (uid === 0 || uid === st.uid)) {
      // Keeps the owner (root only) and group (root, or an owner who is in that group); a failure
      // only means the fixed file belongs to whoever ran the fix, as a new file would.
      await handle.chown(st.uid, st.gid).catch(() => undefined);
    }
    // After chown, which may clear set-user-id and set-group-id bits.
    await handle.chmod(st.mode & 0o7777);
    await handle.sync();
    closed = true;
    await handle.close();
    await fs.rename(temp, target);
  } catch (e) {
    if (!closed) await handle.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    throw e;
  }
}
