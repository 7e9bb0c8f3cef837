/**
 * The analysis of a document too large to check in full (longer than the workspace's
 * `maxDocumentSize`): one information diagnostic that says so, and a check of its YAML syntax.
 *
 * Why not the full analysis: a resource of many megabytes (a GlobalNetworkSet with a million nets)
 * costs seconds of work and gigabytes of memory to parse into a tree and validate, and the
 * Kubernetes API server would refuse to store it anyway (etcd limits an object to about 1.5 MiB).
 *
 * The syntax check streams the text through the `yaml` package's lexer and parser, which find
 * structural errors (unexpected tokens, bad indentation of block collections, unterminated flow
 * collections) as `error` tokens in the concrete syntax tree. The parser keeps every item of an
 * open collection, so finished items are inspected for errors and dropped as it goes: memory stays
 * bounded by the nesting depth, not the size. Errors that only composing the tree reveals
 * (duplicate keys, aliases, some indentation mistakes inside scalars) are not looked for.
 *
 * The check is a generator: it stops between lexical tokens when `pause()` says so and resumes
 * where it stopped, so a language server can answer requests in between.
 *
 * Invariants: linear in the text; never throws; no diagnostics at all for a document that does
 * not declare a Calico apiVersion (other people's huge YAML is none of our business).
 */
import { Lexer, Parser } from 'yaml';
import type { Diagnostic } from '../types';
import type { SegmentAnalysis } from './segment';
import { calicoApiLine, isTemplate } from './resources';
import { DOCUMENT_TOO_LARGE } from '../rules/document-too-large';

/** How many lexical tokens pass between two looks at `pause` and two prunings of the tree. */
const TOKENS_PER_STEP = 512;
/** At most this many syntax errors are reported for one oversized document. */
const MAX_ERRORS = 100;

interface ErrorToken {
  type: 'error';
  offset: number;
  message: string;
  source: string;
}

function isErrorToken(x: unknown): x is ErrorToken {
  return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'error' && typeof (x as { offset?: unknown }).offset === 'number';
}

/** Collects the error tokens of a finished piece of the syntax tree (iteratively: trees can be deep). */
function collectErrors(root: unknown, out: ErrorToken[]): void {
  const todo: unknown[] = [root];
  while (todo.length > 0 && out.length < MAX_ERRORS) {
    const x = todo.pop();
    if (typeof x !== 'object' || x === null) continue;
    if (isErrorToken(x)) {
      out.push(x);
      continue;
    }
    if (Array.isArray(x)) {
      for (let i = x.length - 1; i >= 0; i--) todo.push(x[i]);
      continue;
    }
    for (const key in x) {
      const v = (x as Record<string, unknown>)[key];
      if (typeof v === 'object' && v !== null) todo.push(v);
    }
  }
}

/**
 * Drops the finished items of the collections the parser has open, after collecting their errors.
 * The parser only ever looks at the last two items of a collection (to attach a trailing comment
 * to the one before the last), so those are kept.
 */
function prune(parser: Parser, out: ErrorToken[]): void {
  for (const token of parser.stack) {
    const items = (token as { items?: unknown[] }).items;
    if (!Array.isArray(items) || items.length <= 2) continue;
    const done = items.length - 2;
    for (let i = 0; i < done; i++) collectErrors(items[i], out);
    items.splice(0, done);
  }
}

function quoteSource(source: string): string {
  return JSON.stringify(source.length > 40 ? `${source.slice(0, 37)}...` : source);
}

/**
 * Analyses an oversized document, stopping whenever `pause()` returns true (checked every few
 * hundred tokens); the last value is the result.
 */
export function* analyzeOversized(text: string, limit: number, pause: () => boolean): Generator<void, SegmentAnalysis, void> {
  if (isTemplate(text)) return { diagnostics: [], summaries: [], calico: false };
  const api = calicoApiLine(text);
  if (!api) return { diagnostics: [], summaries: [], calico: false };
  const diagnostics: Diagnostic[] = [
    {
      code: DOCUMENT_TOO_LARGE,
      severity: 'information',
      message: `This document is too large to check in full (${text.length.toLocaleString('en-US')} characters; the limit is ${limit.toLocaleString('en-US')}): only its YAML syntax is checked. Raise the limit with the calico.maxDocumentSize setting or calico-lint's --max-document-size option.`,
      start: api.start,
      end: api.end,
      data: { size: text.length, limit },
    },
  ];
  const errors: ErrorToken[] = [];
  try {
    const parser = new Parser();
    let n = 0;
    for (const lexeme of new Lexer().lex(text)) {
      for (const token of parser.next(lexeme)) collectErrors(token, errors);
      if (++n % TOKENS_PER_STEP === 0) {
        prune(parser, errors);
        if (errors.length >= MAX_ERRORS) break;
        if (pause()) yield;
      }
    }
    for (const token of parser.end()) collectErrors(token, errors);
  } catch (e) {
    // The parser does not throw on any input; if it ever does, say that the check is incomplete.
    diagnostics.push({
      code: 'internal-error',
      severity: 'warning',
      message: `calico-policy-tools could not finish checking the YAML syntax of this document (${e instanceof Error ? e.message : String(e)}). Please report this with the document.`,
      start: api.start,
      end: api.end,
    });
  }
  for (const e of errors.slice(0, MAX_ERRORS)) {
    const start = Math.min(e.offset, text.length);
    diagnostics.push({
      code: 'yaml-syntax',
      severity: 'error',
      message: `YAML syntax error: ${e.source ? `${e.message}: ${quoteSource(e.source)}` : e.message}`,
      start,
      end: Math.min(text.length, start + Math.max(1, e.source.length)),
    });
  }
  diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);
  return { diagnostics, summaries: [], calico: true };
}
