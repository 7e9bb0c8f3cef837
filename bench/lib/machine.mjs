// Describes the machine and the software under test, for the header of RESULTS.md: CPU, cores,
// memory, Node, load average, and the versions of both servers and of the `yaml` parser.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { distDir, REPO_DIR } from './proc.mjs';

const readVersion = (...parts) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(REPO_DIR, ...parts, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
};

/** The commit of this checkout and whether it has local changes (null outside git). */
function gitState() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    return { head, dirty };
  } catch {
    return null;
  }
}

/** Short hashes of the bundles under test, to notice a rebuild in the middle of a run. */
export function distHashes() {
  const out = {};
  for (const f of ['server.js', 'cli.js']) {
    try {
      out[f] = createHash('sha256').update(fs.readFileSync(path.join(distDir(), f))).digest('hex').slice(0, 12);
    } catch {
      out[f] = null;
    }
  }
  return out;
}

export const loadAverage = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

export function describeMachine() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    ours: { version: readVersion(), git: gitState() },
    yamlLanguageServer: readVersion('node_modules', 'yaml-language-server'),
    yamlInYamlLanguageServer: readVersion('node_modules', 'yaml-language-server', 'node_modules', 'yaml') ?? readVersion('node_modules', 'yaml'),
    yaml: readVersion('node_modules', 'yaml'),
    dist: distHashes(),
    distDir: path.relative(REPO_DIR, distDir()) || '.',
    loadAtStart: loadAverage(),
  };
}
