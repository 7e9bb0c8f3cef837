/**
 * Entry point of `calico-lint`: reads files, runs the same core as the language server, prints a
 * report and sets the exit status (0 no errors, 1 errors, 2 usage or I/O problems).
 */
import { promises as fs, existsSync, readFileSync } from 'node:fs';
import { ALL_CODES, Workspace, fixAllIn, parseSettings, type CalicoSettings } from '../core';
import { mapperFor, toRange } from '../common/positions';
import { docsUrlResolver } from '../common/docs';
import { VERSION } from '../common/version';
import { parseArgs, USAGE, type LintArgs } from './args';
import { collectFiles, describe } from './files';
import { formatJson, formatSarif, formatText, type ReportedFile } from './report';
import { runSelectorCommand } from './selector';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: () => Promise<string>;
  isTty: boolean;
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

function loadConfig(path: string | undefined, io: CliIo): CalicoSettings | undefined | 'error' {
  const file = path ?? (existsSync('.calico-lint.json') ? '.calico-lint.json' : undefined);
  if (!file) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    io.stderr(`calico-lint: cannot read config '${file}': ${e instanceof SyntaxError ? `invalid JSON (${e.message})` : describe(e)}\n`);
    return 'error';
  }
  const { settings, problems } = parseSettings(raw, ALL_CODES);
  if (problems.length > 0) {
    // One line, however many entries are wrong, so CI logs show the problem in a single message.
    io.stderr(`calico-lint: ${file}: ${problems.map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`).join('; ')}\n`);
    return 'error';
  }
  return settings;
}

export async function runLint(args: LintArgs, io: CliIo): Promise<number> {
  const settings = loadConfig(args.config, io);
  if (settings === 'error') return 2;
  const { files, problems } = await collectFiles(args.paths);
  let ioProblem = problems.length > 0;
  for (const p of problems) io.stderr(`calico-lint: ${p}\n`);

  const ws = new Workspace();
  if (settings) ws.settings = settings;
  // Files are read a few dozen at a time (one at a time, a directory of thousands of small files
  // spends most of its time waiting), and kept in the order they were given or found.
  const read = new Array<string | undefined>(files.length);
  let nextIndex = 0;
  const reader = async (): Promise<void> => {
    for (let i = nextIndex++; i < files.length; i = nextIndex++) {
      const f = files[i]!;
      try {
        read[i] = f === '-' ? await io.stdin() : await fs.readFile(f, 'utf8');
      } catch (e) {
        io.stderr(`calico-lint: cannot read '${f}': ${describe(e)}\n`);
        ioProblem = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(32, files.length) }, reader));
  const texts = new Map<string, string>();
  files.forEach((f, i) => {
    if (read[i] !== undefined) texts.set(f, read[i]!);
  });

  for (const [f, text] of texts) ws.setFile(f, text);
  if (args.fix) {
    // Every file stays in view while fixing, so a reply rule that exists in another file counts.
    for (const [f, text] of texts) {
      const result = fixAllIn(ws, f);
      if (result.text === text) continue;
      if (f === '-') {
        texts.set(f, result.text);
        continue;
      }
      try {
        await fs.writeFile(f, result.text, 'utf8');
        texts.set(f, result.text);
        io.stderr(`calico-lint: fixed ${f}: ${result.applied.join('; ')}\n`);
      } catch (e) {
        io.stderr(`calico-lint: cannot write '${f}': ${describe(e)}\n`);
        ws.setFile(f, text);
        ioProblem = true;
      }
    }
  }
  // Cross-file checks read whatever has been analysed; analyse every file before asking for any
  // file's diagnostics, so the results do not depend on the order of the paths.
  ws.analyzeAll();
  const reported: ReportedFile[] = [];
  let errors = 0;
  let warnings = 0;
  for (const [f, text] of texts) {
    const mapper = mapperFor(text);
    const diagnostics = ws.diagnostics(f).map((d) => ({ code: d.code, severity: d.severity, message: d.message, range: toRange(mapper, d) }));
    for (const d of diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
    }
    reported.push({ path: f === '-' ? '<stdin>' : f, text, diagnostics });
  }
  if (args.fix && texts.has('-')) io.stdout(texts.get('-')!);
  else if (args.format === 'json') io.stdout(formatJson(reported));
  else if (args.format === 'sarif') io.stdout(formatSarif(reported, VERSION, docsUrlResolver()));
  else io.stdout(formatText(reported, args.color));
  if (ioProblem) return 2;
  if (errors > 0) return 1;
  if (args.maxWarnings !== undefined && warnings > args.maxWarnings) return 1;
  return 0;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv, io.isTty);
  switch (parsed.command) {
    case 'help':
      io.stdout(USAGE + '\n');
      return 0;
    case 'version':
      io.stdout(`calico-lint ${VERSION}\n`);
      return 0;
    case 'error':
      // A one-line message: usage problems are reported like I/O problems.
      io.stderr(`calico-lint: ${parsed.message} (see 'calico-lint --help')\n`);
      return 2;
    case 'selector':
      return runSelectorCommand(parsed.rest, io);
    case 'lint':
      return runLint(parsed.args, io);
  }
}

if (require.main === module) {
  const io: CliIo = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdin: readStdin,
    isTty: !!process.stdout.isTTY,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`calico-lint: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
