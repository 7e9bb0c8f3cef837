/**
 * Analyses one YAML document (one segment of a file) on its own.
 *
 * This is the unit of caching: the result depends only on the document's text, so a file model can
 * keep it until that text changes. Offsets in the result are relative to the segment's text; the
 * file model shifts them. Settings are not applied here (see `config.ts`) so the cache survives a
 * settings change; line-level suppression comments are, because they live in the same text.
 *
 * Invariant: never throws. A rule that throws on some input is reported as an internal-error
 * diagnostic on the resource instead of taking the document's other diagnostics down with it.
 */
import { Composer, Parser, type CST, type Document } from 'yaml';
import type { Diagnostic, Span } from '../types';
import { buildTree, getPair, type ParsedSegment, type YMap, type YNode } from '../yaml/tree';
import { parseSegmentFast } from '../yaml/cst-tree';
import { parseSegmentQuick } from '../yaml/quick-parse';
import { KUBERNETES_MAX_DEPTH, blankDeepLines, blankRegions, scanNesting } from '../yaml/depth';
import { findResources, isTemplate, mentionsCalicoApi, type ResourceRef } from './resources';
import { analyzeOversized } from './oversized';
import { keepInText } from './text-span';
import { findSuppressions, isLineSuppressed, type Suppressions } from './suppressions';
import { RULES_BY_CODE, resourceRulesFor } from '../rules/registry';
import type { Finding, ResourceContext } from '../rules/types';
import { checkResourceShape } from '../rules/resource-shape';
import { checkConntrack } from '../rules/conntrack';
import { summarize, type ResourceSummary } from '../workspace/summary';
import { DEFAULT_EDITION, type Edition } from '../schema/catalog';

export interface SegmentAnalysis {
  /** Diagnostics with offsets relative to the segment, before settings are applied. */
  diagnostics: Diagnostic[];
  /** What the workspace index needs to know about each Calico resource in the segment. */
  summaries: ResourceSummary[];
  /** The segment holds a Calico document (or something that declares a Calico apiVersion). */
  calico: boolean;
  /** Codes silenced for the whole file by `# calico-ignore-file` in this segment. */
  fileSuppress?: string[] | null;
  /** Line-level `# calico-ignore` directives, kept for cross-document diagnostics. */
  suppressions?: Suppressions;
  /**
   * Some resource here can get a cross-document diagnostic (a HostEndpoint, an untracked or
   * pre-DNAT policy, a policy with a tier or only Log rules), so the workspace rules need to look
   * at this document. Documents holding a resource defined twice are visited too, as the
   * workspace index says (that changes without this document changing).
   */
  crossDocument?: boolean;
}

export type { ParsedSegment } from '../yaml/tree';

// `uniqueKeys: false`: the composer's check is quadratic in a mapping's size; `buildTree` finds
// repeated keys itself, by the same rule, in one pass.
const PARSE_OPTIONS = { schema: 'failsafe', uniqueKeys: false, prettyErrors: false, strict: true } as const;

/**
 * Parses a segment into our trees. Exposed for fixes, hover and completion, which re-parse on demand.
 *
 * Three paths give the same result; each declines what it cannot reproduce exactly and hands the
 * text to the next. The quick path (`parseSegmentQuick`, a hand-written scanner for the YAML subset
 * Calico files use) takes almost every document; the CST path (`parseSegmentFast`, built from the
 * `yaml` parser's CST without the composer) takes most of the rest; the reference path takes
 * whatever is left, including every text with problems.
 */
export function parseSegment(text: string): ParsedSegment {
  return parseSegmentQuick(text) ?? parseSegmentFast(text) ?? parseSegmentReference(text);
}

/**
 * The reference implementation: the `yaml` package's parser and composer (what `parseAllDocuments`
 * does, with `prettyErrors: false`), and `buildTree`. The fast path must give the same result
 * whenever it gives one (test/unit/cst-tree.test.ts compares them).
 *
 * Before composing, the CST is scanned for nesting depth (`yaml/depth.ts`): collections nested
 * deeper than any Calico field are blanked out of the text, so that neither the composer nor any
 * later walk recurses deeper than that, and a document nested deeper than Kubernetes accepts gets
 * its error at the collection that goes one level too far.
 */
export function parseSegmentReference(text: string): ParsedSegment {
  const roots: ParsedSegment['roots'] = [];
  const problems: Diagnostic[] = [];
  let docs: Document.Parsed[];
  let streamErrors: readonly { message: string; pos: [number, number] }[] = [];
  try {
    let source = text;
    let tokens: CST.Token[];
    try {
      tokens = Array.from(new Parser().parse(source));
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      // The parser's own recursion on a huge dedent (see blankDeepLines).
      source = blankDeepLines(text);
      tokens = Array.from(new Parser().parse(source));
    }
    const nesting = scanNesting(tokens);
    if (nesting.blank.length > 0) tokens = Array.from(new Parser().parse(blankRegions(source, nesting.blank)));
    if (nesting.tooDeep) {
      problems.push({
        code: 'yaml-syntax',
        severity: 'error',
        message: `This collection is nested more than ${KUBERNETES_MAX_DEPTH.toLocaleString('en-US')} levels deep; Kubernetes' YAML and JSON decoding refuse documents nested this deeply.`,
        ...nesting.tooDeep,
      });
    }
    const composer = new Composer(PARSE_OPTIONS);
    docs = Array.from(composer.compose(tokens));
    // An empty stream (comments and whitespace only) can still carry errors, e.g. a stray tab.
    if (docs.length === 0) streamErrors = composer.streamInfo().errors;
  } catch (e) {
    problems.push(internalError(0, Math.min(text.length, 1), e));
    return { roots, problems };
  }
  for (const err of streamErrors) {
    problems.push({ code: 'yaml-syntax', severity: 'error', message: `YAML syntax error: ${err.message.split('\n')[0]}`, start: err.pos[0], end: err.pos[1] });
  }
  for (const doc of docs) {
    const { root, problems: p } = buildTree(doc);
    roots.push({ root, offset: doc.range[0] });
    for (const pr of p) {
      problems.push({ code: pr.code, severity: 'error', message: pr.message, start: pr.start, end: Math.max(pr.end, pr.start) });
    }
  }
  for (const pr of problems) keepInText(pr, text);
  return { roots, problems };
}


function internalError(start: number, end: number, e: unknown): Diagnostic {
  const msg = e instanceof Error ? e.message : String(e);
  return {
    code: 'internal-error',
    severity: 'warning',
    message: `calico-policy-tools could not finish checking this resource (${msg}). Please report this with the document.`,
    start,
    end,
  };
}

function collectScalarSpans(roots: ParsedSegment['roots']): Span[] {
  const spans: Span[] = [];
  const visit = (n: YNode | null): void => {
    if (!n) return;
    if (n.kind === 'scalar') {
      if (n.end > n.start) spans.push({ start: n.start, end: n.end });
    } else if (n.kind === 'seq') n.items.forEach(visit);
    else
      for (const p of n.pairs) {
        visit(p.key);
        visit(p.value);
      }
  };
  roots.forEach((r) => visit(r.root));
  return spans;
}

/** Runs every applicable rule on one Calico resource. */
export function checkResource(ref: ResourceRef & { node: YMap }, text: string, out: Diagnostic[], edition: Edition = DEFAULT_EDITION): void {
  const steps = checkResourceSteps(ref, text, out, NEVER, edition);
  while (!steps.next().done);
}

/** `checkResource` in steps: it pauses between rules whenever `pause()` says so. */
function* checkResourceSteps(ref: ResourceRef & { node: YMap }, text: string, out: Diagnostic[], pause: () => boolean, edition: Edition): Generator<void, void, void> {
  const kind = ref.kind ?? '';
  let current = '';
  const ctx: ResourceContext = {
    kind,
    edition,
    root: ref.node,
    text,
    report(code: string, f: Finding) {
      const meta = RULES_BY_CODE.get(code);
      const d: Diagnostic = {
        code,
        severity: f.severity ?? meta?.severity ?? 'error',
        message: f.message,
        start: f.start,
        end: Math.max(f.end, f.start),
      };
      if (f.data !== undefined) d.data = f.data;
      if (f.related) d.related = f.related;
      if (f.tags) d.tags = f.tags;
      out.push(d);
    },
  };
  try {
    current = 'resource-shape';
    if (!checkResourceShape(ctx)) return;
    for (const rule of resourceRulesFor(kind, edition)) {
      current = rule.code;
      rule.check!(ctx);
      if (pause()) yield;
    }
  } catch (e) {
    out.push(internalError(ref.node.start, Math.min(ref.node.end, ref.node.start + 1), new Error(`${current}: ${e instanceof Error ? e.message : String(e)}`)));
  }
}

/** Bounds on the work one document may cost. */
export interface AnalysisLimits {
  /**
   * The Calico API the documents are checked against (open source or Enterprise/Cloud). It acts
   * inside the analysis (which schemas, which kinds), so a change re-analyses every Calico document.
   */
  edition: Edition;
  /**
   * Documents longer than this (in UTF-16 code units, about bytes for YAML) get only a syntax
   * check and a `document-too-large` note; 0 means no limit.
   */
  maxDocumentSize: number;
}

/** 1 MiB: above what the Kubernetes API server stores in one object (etcd's limit is 1.5 MiB of JSON, YAML is larger). */
export const DEFAULT_LIMITS: AnalysisLimits = { maxDocumentSize: 1 << 20, edition: DEFAULT_EDITION };

const NEVER = (): boolean => false;

/** Whether a document of this length is beyond the limit. */
export function isOversized(length: number, limits: AnalysisLimits): boolean {
  return limits.maxDocumentSize > 0 && length > limits.maxDocumentSize;
}

/** Analyses one segment's text. */
export function analyzeSegment(text: string, limits: AnalysisLimits = DEFAULT_LIMITS): SegmentAnalysis {
  const steps = analyzeSegmentSteps(text, limits, NEVER);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `analyzeSegment` in steps, for callers that must stay responsive: it pauses (yields) after the
 * parse and between rules whenever `pause()` returns true, and resumes where it stopped.
 */
export function* analyzeSegmentSteps(text: string, limits: AnalysisLimits, pause: () => boolean): Generator<void, SegmentAnalysis, void> {
  if (isOversized(text.length, limits)) return yield* analyzeOversized(text, limits.maxDocumentSize, pause);
  if (isTemplate(text)) return { diagnostics: [], summaries: [], calico: false };
  const parsed = parseSegment(text);
  if (pause()) yield;
  const diagnostics: Diagnostic[] = [];
  const summaries: ResourceSummary[] = [];
  let calico = false;
  for (const { root } of parsed.roots) {
    for (const ref of findResources(root)) {
      if (ref.family === 'other') {
        // Not Calico, but possibly conntrack configuration of ours (Terway, Cilium, conntrack-cleaner).
        if (checkConntrack(ref.node, text, diagnostics)) calico = true;
        continue;
      }
      calico = true;
      if (ref.family === 'calico-crd') {
        diagnostics.push({
          code: 'use-v3-api',
          severity: RULES_BY_CODE.get('use-v3-api')?.severity ?? 'information',
          message: `'crd.projectcalico.org/v1' is the storage format Calico uses internally; write resources with 'apiVersion: projectcalico.org/v3' and apply them with calicoctl or the Calico API server.`,
          start: ref.node.start,
          end: Math.min(ref.node.end, lineEnd(text, ref.node.start)),
        });
        continue;
      }
      if (ref.family === 'calico-misversioned') {
        reportMisversioned(ref, diagnostics);
        continue;
      }
      const before = diagnostics.length;
      yield* checkResourceSteps(ref, text, diagnostics, pause, limits.edition);
      const s = summarize(ref.node, ref.kind);
      if (s) {
        // Calico refuses a resource with any error, so cross-document checks must not rely on it.
        for (let i = before; i < diagnostics.length; i++) if (diagnostics[i]!.severity === 'error') s.rejected = true;
        summaries.push(s);
      }
    }
  }
  if (!calico && parsed.problems.length > 0 && mentionsCalicoApi(text)) calico = true;
  // After a syntax error the parser's recovery can attach the rest of the document to the wrong
  // parent, so findings from that line on would be guesses: keep only what comes before it.
  const firstSyntax = parsed.problems.reduce((min, p) => (p.code === 'yaml-syntax' ? Math.min(min, p.start) : min), Infinity);
  let checked = diagnostics;
  if (firstSyntax !== Infinity) {
    const cut = text.lastIndexOf('\n', firstSyntax - 1) + 1;
    checked = diagnostics.filter((d) => d.start < cut);
  }
  // The Enterprise-kind note is said once per document, however many such resources it lists.
  let notes = 0;
  for (const d of checked) if (d.code === 'enterprise-kind') notes++;
  if (notes > 1) {
    let seen = false;
    checked = checked.filter((d) => {
      if (d.code !== 'enterprise-kind') return true;
      if (seen) return false;
      seen = true;
      return true;
    });
  }
  // `concat`, not a spread: a document can have more problems than a call has room for arguments.
  const all = parsed.problems.length === 0 ? checked : parsed.problems.concat(checked);
  const sup: Suppressions = findSuppressions(text, () => collectScalarSpans(parsed.roots));
  const kept = sup.lines.length === 0 ? all : all.filter((d) => !isLineSuppressed(sup, d.code, d.start));
  kept.sort((a, b) => a.start - b.start || a.end - b.end);
  const result: SegmentAnalysis = { diagnostics: kept, summaries, calico };
  // Resources that relate to others: host endpoints, host policy, policies and their tiers. (Any
  // resource may also be defined twice; the workspace visits those documents as the index says.)
  if (summaries.some(isCrossDocument)) result.crossDocument = true;
  if (sup.file !== undefined) result.fileSuppress = sup.file;
  if (sup.lines.length > 0) result.suppressions = sup;
  return result;
}

function isCrossDocument(s: ResourceSummary): boolean {
  const p = s.policy;
  // A GlobalNetworkPolicy with rules may be shadowed by another policy of its tier
  // (rule-shadowed-by-policy), which only the workspace can tell.
  return s.kind === 'HostEndpoint' || (!!p && (p.doNotTrack || p.preDNAT || p.logOnly || (p.tier !== undefined && p.tier !== '') || (s.kind === 'GlobalNetworkPolicy' && p.ruleCount > 0)));
}

function reportMisversioned(ref: ResourceRef, out: Diagnostic[]): void {
  const api = getPair(ref.node, 'apiVersion');
  const at = api?.value ?? api?.key ?? getPair(ref.node, 'kind')?.value ?? ref.node;
  const shown = ref.apiVersion === undefined ? 'no apiVersion' : `'${ref.apiVersion}'`;
  out.push({
    code: 'invalid-api-version',
    severity: RULES_BY_CODE.get('invalid-api-version')?.severity ?? 'error',
    message: `Calico does not serve ${ref.kind ?? 'resources'} under ${shown}; use 'apiVersion: projectcalico.org/v3'.`,
    start: at.start,
    end: at.end,
    data: { apiVersion: ref.apiVersion ?? null },
  });
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  const end = nl === -1 ? text.length : nl;
  return end > from && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}
