// Process helpers: peak and current resident memory from /proc (Linux; null elsewhere), command-line
// splitting without a shell, and the path of this repository.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = path.resolve(BENCH_DIR, '..');
export const REPO_URI = pathToFileURL(REPO_DIR).href;
/** The bundles under test: `dist/` of this checkout, or the directory named by BENCH_DIST (run-bench.mjs --dist). */
export const distDir = () => (process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(REPO_DIR, 'dist'));

/** `{peakMB, rssMB}` of process `pid` from /proc/PID/status (VmHWM and VmRSS), or null. */
export function memoryOf(pid) {
  let s;
  try {
    s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kb = (key) => {
    const m = s.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : null;
  };
  const hwm = kb('VmHWM');
  const rss = kb('VmRSS');
  return { peakMB: hwm == null ? null : hwm / 1024, rssMB: rss == null ? null : rss / 1024 };
}

/** Splits a command line into arguments the way a POSIX shell treats quotes and backslashes. */
export function splitCommand(line) {
  const out = [];
  let cur = '';
  let have = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const j = line.indexOf("'", i + 1);
      if (j < 0) throw new Error('unterminated quote');
      cur += line.slice(i + 1, j);
      i = j;
      have = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && '"\\$`'.includes(line[j + 1] ?? '')) j++;
        cur += line[j];
      }
      if (j >= line.length) throw new Error('unterminated quote');
      i = j;
      have = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      have = true;
    } else if (/\s/.test(c)) {
      if (have) out.push(cur);
      cur = '';
      have = false;
    } else {
      cur += c;
      have = true;
    }
  }
  if (have) out.push(cur);
  return out;
}

/** Replaces `node` as the first word by this Node binary, so every process runs the same Node. */
export function withThisNode(argv) {
  return argv[0] === 'node' ? [process.execPath, ...argv.slice(1)] : argv;
}
