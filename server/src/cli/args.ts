/**
 * Command-line parsing for `calico-lint`. Kept apart from the I/O so it can be tested on arrays.
 */

export type Format = 'text' | 'json' | 'sarif';

export interface LintArgs {
  format: Format;
  fix: boolean;
  config?: string;
  paths: string[];
  color: boolean;
  maxWarnings?: number;
}

export type Parsed = { command: 'lint'; args: LintArgs } | { command: 'help' } | { command: 'version' } | { command: 'selector'; rest: string[] } | { command: 'error'; message: string };

export const USAGE = `usage: calico-lint [options] PATH...
       calico-lint selector EXPR [--labels JSON]
       calico-lint selector --jsonl

Checks Calico (projectcalico.org/v3) YAML files. PATH is a file, a directory (searched
recursively for *.yaml and *.yml, skipping node_modules and .git) or - for standard input.

options:
  --format text|json|sarif   output format (default: text)
  --fix                      apply safe quick fixes in place, then report what remains
  --config FILE              settings file (JSON: {"rules": {"<code>": "error|warning|information|hint|off"}});
                             default: .calico-lint.json in the current directory, if present
  --max-warnings N           also exit 1 when there are more than N warnings
  --no-color                 plain text output (default when not writing to a terminal)
  -h, --help                 show this help
  -v, --version              show the version

exit status: 0 no errors, 1 at least one error, 2 usage or I/O problem`;

export function parseArgs(argv: readonly string[], isTty: boolean): Parsed {
  if (argv[0] === 'selector') return { command: 'selector', rest: argv.slice(1) };
  const args: LintArgs = { format: 'text', fix: false, paths: [], color: isTty && !process.env['NO_COLOR'] };
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (onlyPaths || a === '-' || !a.startsWith('-')) {
      args.paths.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq === -1 ? a : a.slice(0, eq);
    const inline = eq === -1 ? undefined : a.slice(eq + 1);
    const value = (): string | undefined => (inline !== undefined ? inline : argv[++i]);
    switch (name) {
      case '--':
        onlyPaths = true;
        break;
      case '-h':
      case '--help':
        return { command: 'help' };
      case '-v':
      case '--version':
        return { command: 'version' };
      case '--fix':
        args.fix = true;
        break;
      case '--no-color':
        args.color = false;
        break;
      case '--color':
        args.color = true;
        break;
      case '--format':
      case '-f': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'sarif') return { command: 'error', message: `--format must be text, json or sarif${v === undefined ? '' : `, not '${v}'`}` };
        args.format = v;
        break;
      }
      case '--config':
      case '-c': {
        const v = value();
        if (!v) return { command: 'error', message: '--config needs a file name' };
        args.config = v;
        break;
      }
      case '--max-warnings': {
        const v = value();
        const n = v === undefined ? NaN : Number(v);
        if (!Number.isInteger(n) || n < 0) return { command: 'error', message: '--max-warnings needs a non-negative integer' };
        args.maxWarnings = n;
        break;
      }
      default:
        return { command: 'error', message: `unknown option '${a}'` };
    }
  }
  if (args.paths.length === 0) return { command: 'error', message: 'no PATH given (use - to read standard input)' };
  return { command: 'lint', args };
}
