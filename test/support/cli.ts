/**
 * Runs the bundled CLI (`node dist/cli.js`, so `npm run build` must have run) in a child process
 * and collects its exit status and output, plus temp-directory helpers for the CLI tests.
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './lspClient';

export const CLI_JS = join(REPO_ROOT, 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** Written to the CLI's standard input (which is closed either way). */
  input?: string | Uint8Array;
  /** Collect stdout as Latin-1, one character per byte, to compare bytes (`Buffer.from(stdout, 'latin1')`). */
  binaryStdout?: boolean;
  /** Run as this user id (and group id); only possible when the tests run as root. */
  uid?: number;
  env?: Record<string, string>;
}

let sharedCli: string | undefined;

/**
 * A copy of the bundle that every user can read. The checkout itself may sit in a directory only
 * its owner can enter (CI clones into a private temp dir), and the bundle is self-contained.
 */
function cliForOtherUsers(): string {
  if (!sharedCli) {
    const dir = mkdtempSync(join(tmpdir(), 'calico-cli-bin-'));
    chmodSync(dir, 0o755);
    sharedCli = join(dir, 'cli.js');
    copyFileSync(CLI_JS, sharedCli);
    chmodSync(sharedCli, 0o644);
  }
  return sharedCli;
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const cli = options.uid !== undefined ? cliForOtherUsers() : CLI_JS;
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding(options.binaryStdout ? 'latin1' : 'utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** A fresh temporary directory holding `files` (relative path → content); returns its path. */
export function tempTree(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'calico-cli-'));
  // Readable by every user, so a test may run the CLI as an unprivileged user inside it.
  chmodSync(root, 0o755);
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return root;
}

export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** The stderr of a run, which must be exactly one line. */
export function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l !== '');
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got ${lines.length}:\n${stderr}`);
  return lines[0]!;
}
