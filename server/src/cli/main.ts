/**
 * Entry point of `calico-lint`: reads files, runs the same core as the language server, prints a
 * report and sets the exit status (0 no errors, 1 errors, 2 usage or I/O problems, which include a
 * file that is not valid in its encoding and a fix that could not or would not be written).
 */
import { promises as fs, existsSync, readFileSync } from 'node:fs';
import { ALL_CODES, Workspace, fixAllIn, parseSettings, type CalicoSettings } from '../core';
import { mapperFor, toRange, type PositionMapper } from '../common/positions';
import { docsUrlResolver } from '../common/docs';
import { VERSION } from '../common/version';
import { tuneEngine } from '../common/engine-tuning';
import { parseArgs, USAGE, type LintArgs } from './args';
import { collectFiles, describe } from './files';
import { decodeBytes, encodeText, encodingName, type DecodedText } from '../common/encoding';
import { writeFileAtomic } from './atomic-write';
import { formatJson, formatSarif, formatText, type ReportedDiagnostic, type ReportedFile } from './report';
import { runSelectorCommand } from './selector';
import { runTraceCommand } from './trace';

export interface CliIo {
  /** Takes bytes too: `--fix -` writes the fixed text back in the input's own encoding. */
  stdout: (s: string | Uint8Array) => void;
  stderr: (s: string) => void;
  stdin: () => Promise<Uint8Array>;
  isTty: boolean;
}

function readStdin(): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks)));
    process.stdin.on('error', reject);
  });
}

function loadConfig(path: string | undefined, io: CliIo): CalicoSettings | undefined | 'error' {
  const file = path ?? (existsSync('.calico-lint.json') ? '.calico-lint.json' : undefined);
  if (!file) return undefined;
  let raw: unknown;
  try {
    const decoded = decodeBytes(readFileSync(file));
    if (decoded.invalid) throw new Error(`not valid ${encodingName(decoded.encoding)} (first invalid byte at offset ${decoded.invalid.offset})`);
    raw = JSON.parse(decoded.text);
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

/** One input of the run: where it came from and how its bytes were decoded. */
interface Input {
  /** The PATH that is a symbolic link leading to this file, if any (see files.ts). */
  viaSymlink?: string;
  /** The text checked (and, after a successful fix, the fixed text). */
  text: string;
  decoded: DecodedText;
  /** Standard input's bytes, kept so `--fix -` can pass an undecodable input through unchanged. */
  bytes?: Uint8Array;
}

function shown(f: string): string {
  return f === '-' ? '<stdin>' : f;
}

export async function runLint(args: LintArgs, io: CliIo): Promise<number> {
  const settings = loadConfig(args.config, io);
  if (settings === 'error') return 2;
  const { files, problems } = await collectFiles(args.paths);
  let ioProblem = problems.length > 0;
  for (const p of problems) io.stderr(`calico-lint: ${p}\n`);

  // Definitions apply in the order the files were given or found (a later duplicate wins).
  const ws = new Workspace({ fileOrder: 'added' });
  if (settings) ws.settings = settings;
  if (args.maxDocumentSize !== undefined) ws.settings = { ...ws.settings, maxDocumentSize: args.maxDocumentSize };
  if (args.edition !== undefined) ws.settings = { ...ws.settings, edition: args.edition };
  // Files are read a few dozen at a time (one at a time, a directory of thousands of small files
  // spends most of its time waiting), and kept in the order they were given or found.
  const read = new Array<Input | undefined>(files.length);
  let nextIndex = 0;
  const reader = async (): Promise<void> => {
    for (let i = nextIndex++; i < files.length; i = nextIndex++) {
      const { path: f, viaSymlink } = files[i]!;
      try {
        const bytes = f === '-' ? await io.stdin() : await fs.readFile(f);
        const decoded = decodeBytes(bytes);
        read[i] = { text: decoded.text, decoded, ...(viaSymlink !== undefined ? { viaSymlink } : {}), ...(f === '-' ? { bytes } : {}) };
      } catch (e) {
        io.stderr(`calico-lint: cannot read '${f}': ${describe(e)}\n`);
        ioProblem = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(32, files.length) }, reader));
  const inputs = new Map<string, Input>();
  files.forEach(({ path: f }, i) => {
    const input = read[i];
    if (!input) return;
    inputs.set(f, input);
    const bad = input.decoded.invalid;
    if (bad) {
      // Said once per file, in the order of the files. The text still gets checked: the
      // replacement characters stand where the bad bytes were, so positions elsewhere hold.
      const enc = encodingName(input.decoded.encoding);
      const fix = args.fix ? '; --fix leaves it untouched, since rewriting it would replace those bytes' : '';
      io.stderr(`calico-lint: ${shown(f)}: not valid ${enc}: first invalid byte at offset ${bad.offset} (line ${bad.line}); checked with invalid bytes replaced${fix}\n`);
      ioProblem = true;
    }
  });

  for (const [f, input] of inputs) ws.setFile(f, input.text);
  if (args.fix) {
    // Every file stays in view while fixing, so a reply rule that exists in another file counts.
    for (const [f, input] of inputs) {
      if (input.decoded.invalid) continue;
      const blocked = input.viaSymlink !== undefined && !args.fixFollowSymlinks;
      // A file that will not be written is fixed only to learn whether it needed it, then restored.
      const result = fixAllIn(ws, f, blocked ? { restore: true } : {});
      if (result.text === input.text) continue;
      if (blocked) {
        const why = input.viaSymlink === f ? 'it is a symbolic link' : `it was found through the symbolic link '${input.viaSymlink}'`;
        io.stderr(`calico-lint: not fixing '${f}': ${why}; pass --fix-follow-symlinks to write the file it points to\n`);
        ioProblem = true;
        continue;
      }
      if (f === '-') {
        input.text = result.text;
        continue;
      }
      let target = f;
      try {
        // Through a link, the file it points to is replaced; the link itself stays as it is.
        if (input.viaSymlink !== undefined) target = await fs.realpath(f);
        await writeFileAtomic(target, encodeText(result.text, input.decoded.encoding, input.decoded.bom));
        input.text = result.text;
        io.stderr(`calico-lint: fixed ${f}${target !== f ? ` (wrote ${target})` : ''}: ${result.applied.join('; ')}\n`);
      } catch (e) {
        io.stderr(`calico-lint: cannot write '${target}': ${describe(e)}; the file was left as it was\n`);
        ws.setFile(f, input.text);
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
  // Line tables of the files related spans point into (built once per file, when first needed).
  const mappers = new Map<string, PositionMapper>();
  const mapperOf = (f: string): PositionMapper | undefined => {
    let m = mappers.get(f);
    const text = inputs.get(f)?.text;
    if (!m && text !== undefined) mappers.set(f, (m = mapperFor(text)));
    return m;
  };
  for (const [f, { text }] of inputs) {
    // One line table per file, shared by all its diagnostics.
    const mapper = mapperOf(f) ?? mapperFor(text);
    const diagnostics = ws.diagnostics(f).map((d) => {
      const out: ReportedDiagnostic = { code: d.code, severity: d.severity, message: d.message, range: toRange(mapper, d) };
      const related: NonNullable<ReportedDiagnostic['related']> = [];
      for (const r of d.related ?? []) {
        const where = r.file ?? f;
        const m = mapperOf(where);
        if (m) related.push({ path: shown(where), range: toRange(m, r), message: r.message });
      }
      if (related.length > 0) out.related = related;
      return out;
    });
    for (const d of diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
    }
    reported.push({ path: shown(f), text, diagnostics });
  }
  const stdin = inputs.get('-');
  if (args.fix && stdin) {
    // The fixed text in the input's own encoding; an input that did not decode, exactly as it came.
    io.stdout(stdin.decoded.invalid ? stdin.bytes! : encodeText(stdin.text, stdin.decoded.encoding, stdin.decoded.bom));
  } else if (args.format === 'json') io.stdout(formatJson(reported));
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
      return runSelectorCommand(parsed.rest, { stdout: io.stdout, stderr: io.stderr, stdin: async () => decodeBytes(await io.stdin()).text });
    case 'trace':
      return runTraceCommand(parsed.rest, { stdout: (s) => io.stdout(s), stderr: io.stderr, stdin: io.stdin });
    case 'lint':
      return runLint(parsed.args, io);
  }
}

if (require.main === module) {
  tuneEngine();
  const io: CliIo = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdin: readStdin,
    isTty: !!process.stdout.isTTY,
  };
  // A reader that stops early (`calico-lint … | head`) closes the pipe; what is left of the report
  // is not wanted, and the exit status is still the run's. Any other output failure is reported.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') return;
    process.stderr.write(`calico-lint: cannot write the report: ${describe(e)}\n`);
    process.exitCode = 2;
  });
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
