/**
 * `calico-lint selector`: check, canonicalise and evaluate Calico selectors from the command line.
 *
 *   calico-lint selector EXPR [--labels JSON]   one selector; prints one JSON object on one line
 *   calico-lint selector --jsonl                one JSON request per stdin line, one result per line
 *
 * Result lines look like `{"valid":true,"canonical":"…","matches":true}` (`matches` only when
 * labels were given) or `{"valid":false,"error":{"message":"…","offset":N}}`.
 * Exit codes: 0 when every selector is valid, 1 when one is not, 2 for a usage error (reported as
 * one line on stderr, with nothing on stdout).
 *
 * The function takes its I/O as parameters so that tests can drive it without a process; it
 * depends only on the pure selector module.
 */

import { parseSelector, type Labels } from '../core/selector';

export interface SelectorCommandIo {
  stdin: () => Promise<string>;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const USAGE = 'usage: calico-lint selector EXPR [--labels JSON] | calico-lint selector --jsonl';

type ResultLine =
  | { valid: true; canonical: string; matches?: boolean }
  | { valid: false; error: { message: string; offset: number } };

/** Accepts only a plain JSON object whose values are all strings, as Kubernetes labels are. */
function asLabels(value: unknown): Labels | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  for (const v of Object.values(value)) if (typeof v !== 'string') return undefined;
  return value as Labels;
}

function evaluate(selectorText: string, labels: Labels | undefined): ResultLine {
  const result = parseSelector(selectorText);
  if (!result.ok) return { valid: false, error: { message: result.error.message, offset: result.error.offset } };
  const line: ResultLine = { valid: true, canonical: result.selector.canonical };
  if (labels !== undefined) line.matches = result.selector.matches(labels);
  return line;
}

function lineError(message: string): ResultLine {
  return { valid: false, error: { message, offset: 0 } };
}

/** Handles one line of `--jsonl` input; malformed requests become invalid results, not failures. */
function evaluateRequest(line: string): ResultLine {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch {
    return lineError('input line is not valid JSON');
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    return lineError('input line must be a JSON object with a string "selector"');
  }
  const { selector, labels } = request as { selector?: unknown; labels?: unknown };
  if (typeof selector !== 'string') return lineError('input line must have a string "selector"');
  let parsedLabels: Labels | undefined;
  if (labels !== undefined) {
    parsedLabels = asLabels(labels);
    if (parsedLabels === undefined) return lineError('"labels" must be a JSON object of string values');
  }
  return evaluate(selector, parsedLabels);
}

export async function runSelectorCommand(args: string[], io: SelectorCommandIo): Promise<number> {
  const usageError = (message: string): number => {
    io.stderr(`calico-lint selector: ${message} (${USAGE})\n`);
    return 2;
  };

  let jsonl = false;
  let labelsText: string | undefined;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      // Everything after `--` is positional, so a selector may start with '-' (labels can).
      positional.push(...args.slice(i + 1));
      break;
    } else if (arg === '--jsonl') {
      jsonl = true;
    } else if (arg === '--labels') {
      if (i + 1 >= args.length) return usageError('--labels needs a JSON object argument');
      labelsText = args[++i]!;
    } else if (arg.startsWith('--labels=')) {
      labelsText = arg.slice('--labels='.length);
    } else if (arg === '--help' || arg === '-h') {
      io.stdout(`${USAGE}\n`);
      return 0;
    } else if (arg.startsWith('-') && arg.length > 1) {
      return usageError(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }

  if (jsonl) {
    if (positional.length > 0 || labelsText !== undefined) {
      return usageError('--jsonl reads selectors from stdin and takes no EXPR or --labels');
    }
    const input = await io.stdin();
    let allValid = true;
    for (const line of input.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      const result = evaluateRequest(line);
      if (!result.valid) allValid = false;
      io.stdout(`${JSON.stringify(result)}\n`);
    }
    return allValid ? 0 : 1;
  }

  if (positional.length === 0) return usageError('missing selector expression');
  if (positional.length > 1) return usageError('expected exactly one selector expression (quote it)');
  let labels: Labels | undefined;
  if (labelsText !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(labelsText);
    } catch {
      return usageError('--labels is not valid JSON');
    }
    labels = asLabels(parsed);
    if (labels === undefined) return usageError('--labels must be a JSON object of string values');
  }
  const result = evaluate(positional[0]!, labels);
  io.stdout(`${JSON.stringify(result)}\n`);
  return result.valid ? 0 : 1;
}
