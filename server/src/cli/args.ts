/**
 * Command-line parsing for `calico-lint`. Kept apart from the I/O so it can be tested on arrays.
 */

export type Format = 'text' | 'json' | 'sarif';

export interface LintArgs {
  format: Format;
  fix: boolean;
  /** With --fix: also write files reached through a symbolic link (to the file the link points to). */
  fixFollowSymlinks: boolean;
  config?: string;
  paths: string[];
  color: boolean;
  maxWarnings?: number;
  /** Overrides the config file's `maxDocumentSize` (characters; 0: no limit). */
  maxDocumentSize?: number;
  /** Overrides the config file's `edition`. */
  edition?: 'oss' | 'enterprise';
}

export type Parsed = { command: 'lint'; args: LintArgs } | { command: 'help' } | { command: 'version' } | { command: 'selector'; rest: string[] } | { command: 'trace'; rest: string[] } | { command: 'error'; message: string };

export const USAGE = `usage: calico-lint [options] PATH...
       calico-lint selector EXPR [--labels JSON]
       calico-lint selector --jsonl
       calico-lint trace --endpoint NAME (--ingress|--egress) [--forward] --peer IP[,label=value...]
                         --protocol P [--port N] [--format text|json] PATH...

Checks Calico (projectcalico.org/v3) YAML files. PATH is a file, a directory (searched
recursively for *.yaml and *.yml, skipping node_modules, .git and symbolic links) or - for
standard input. Files are read as UTF-8, or as UTF-16 when they start with a UTF-16 byte order
mark; a file with bytes that are not valid in its encoding is still checked, but reported on
stderr (exit status 2) and never rewritten by --fix.

options:
  --format text|json|sarif   output format (default: text)
  --fix                      apply safe quick fixes, then report what remains; each fixed file is
                             replaced in one step (a failed write leaves it as it was) and keeps
                             its encoding and permissions; symbolic links are not written through
  --fix-follow-symlinks      with --fix, also fix a file reached through a symbolic link named on
                             the command line, by replacing the file it points to (the link stays)
  --config FILE              settings file (JSON: {"rules": {"<code>": "error|warning|information|hint|off"},
                             "maxDocumentSize": N, "edition": "oss|enterprise",
                             "conntrack": true|false});
                             default: .calico-lint.json in the current directory, if present
  --edition oss|enterprise   the Calico API to check against: open-source Calico (default) or
                             Calico Enterprise / Calico Cloud
  --max-warnings N           also exit 1 when there are more than N warnings
  --max-document-size N      check documents longer than N characters for YAML syntax only, with a
                             document-too-large note (default 1048576, 1 MiB; 0: no limit)
  --no-color                 plain text output (default when not writing to a terminal)
  -h, --help                 show this help
  -v, --version              show the version

exit status: 0 no errors, 1 at least one error, 2 usage or I/O problem (including a file that is
not valid in its encoding, or that --fix could not write or would not write through a link)`;

export function parseArgs(argv: readonly string[], isTty: boolean): Parsed {
  if (argv[0] === 'selector') return { command: 'selector', rest: argv.slice(1) };
  if (argv[0] === 'trace') return { command: 'trace', rest: argv.slice(1) };
  const args: LintArgs = { format: 'text', fix: false, fixFollowSymlinks: false, paths: [], color: isTty && !process.env['NO_COLOR'] };
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
      case '--fix-follow-symlinks':
        args.fixFollowSymlinks = true;
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
      case '--edition': {
        const v = value();
        if (v !== 'oss' && v !== 'enterprise') return { command: 'error', message: `--edition must be oss or enterprise${v === undefined ? '' : `, not '${v}'`}` };
        args.edition = v;
        break;
      }
      case '--max-warnings': {
        const v = value();
        const n = v === undefined ? NaN : Number(v);
        if (!Number.isInteger(n) || n < 0) return { command: 'error', message: '--max-warnings needs a non-negative integer' };
        args.maxWarnings = n;
        break;
      }
      case '--max-document-size': {
        const v = value();
        const n = v === undefined || v.trim() === '' ? NaN : Number(v);
        if (!Number.isInteger(n) || n < 0) return { command: 'error', message: '--max-document-size needs a whole number of characters (0 for no limit)' };
        args.maxDocumentSize = n;
        break;
      }
      default:
        return { command: 'error', message: `unknown option '${a}'` };
    }
  }
  if (args.paths.length === 0) return { command: 'error', message: 'no PATH given (use - to read standard input)' };
  if (args.fixFollowSymlinks && !args.fix) return { command: 'error', message: '--fix-follow-symlinks only works together with --fix' };
  return { command: 'lint', args };
}
