// Small helpers shared by the benchmark's command-line scripts: argument parsing with typed
// flags, `--help` from the script's header comment, and fatal errors with a usage hint.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Prints the leading `//` comment block of `scriptUrl` (the script's documentation). */
export function printHelp(scriptUrl) {
  const text = fs.readFileSync(fileURLToPath(scriptUrl), 'utf8').split('\n');
  const out = [];
  for (const line of text.slice(1)) {
    if (!line.startsWith('//')) break;
    out.push(line.replace(/^\/\/ ?/, ''));
  }
  console.log(out.join('\n').trimEnd());
}

export function fail(script, message) {
  process.stderr.write(`${script}: ${message} (see --help)\n`);
  process.exit(2);
}

/**
 * Parses `argv` against `spec`: `{ name: 'string' | 'number' | 'boolean' | 'list' | 'numbers' }`
 * (flag `--some-name` maps to key `someName`). Defaults come from `defaults`.
 */
export function parseFlags(script, scriptUrl, argv, spec, defaults) {
  const out = { ...defaults };
  const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') {
      printHelp(scriptUrl);
      process.exit(0);
    }
    if (!a.startsWith('--')) fail(script, `unexpected argument ${a}`);
    let name = a.slice(2);
    let inlineValue;
    if (name.includes('=')) [name, inlineValue] = [name.slice(0, name.indexOf('=')), name.slice(name.indexOf('=') + 1)];
    const negated = name.startsWith('no-') && spec[name.slice(3)] === 'boolean';
    const key = negated ? name.slice(3) : name;
    const type = spec[key];
    if (!type) fail(script, `unknown option --${name}`);
    if (type === 'boolean') {
      out[camel(key)] = !negated;
      continue;
    }
    const raw = inlineValue ?? argv[++i];
    if (raw === undefined) fail(script, `--${name} needs a value`);
    if (type === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n)) fail(script, `--${name} must be a number`);
      out[camel(key)] = n;
    } else if (type === 'numbers') {
      const list = raw.split(',').map((x) => Number(x.replaceAll('_', '')));
      if (list.some((n) => !Number.isFinite(n))) fail(script, `--${name} must be a comma-separated list of numbers`);
      out[camel(key)] = list;
    } else if (type === 'list') out[camel(key)] = raw.split(',').filter(Boolean);
    else out[camel(key)] = raw;
  }
  return out;
}
