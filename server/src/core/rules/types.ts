/**
 * What a rule is, and the context it runs in.
 *
 * A rule owns one diagnostic code: its default severity, a one-line summary (used by docs, SARIF
 * and the settings schema), the check that finds problems in one Calico resource, and optionally
 * the fixes for what it found. Rules see one resource at a time through `ResourceContext`, so their
 * results can be cached per YAML document; checks that need several documents or files are
 * `WorkspaceRule`s and read the workspace index instead.
 *
 * Invariants: checks are pure functions of the resource (no clocks, no I/O, no global state), never
 * throw on malformed input (every field may be missing or of the wrong type), and report spans on
 * the exact key or value at fault.
 */
import type { Diagnostic, Fix, Severity, Span } from '../types';
import type { YMap, YNode } from '../yaml/tree';
import type { Edition } from '../schema/catalog';

/** Where a rule's findings come from, for documentation. */
export type RuleOrigin =
  | 'yaml'        // the YAML itself does not parse
  | 'schema'      // the CRD's OpenAPI schema (types, enums, patterns, ranges, unknown fields)
  | 'cel'         // a CRD `x-kubernetes-validations` rule
  | 'validator'   // Calico's Go validator or Go decoding
  | 'component'   // another component refuses it (Cilium, Terway, conntrack-cleaner, Kubernetes)
  | 'semantics'   // accepted by Calico, but very likely not what the author meant
  | 'advice';     // information and hints

export interface RuleMeta {
  /** Stable kebab-case code. */
  code: string;
  severity: Severity;
  origin: RuleOrigin;
  /** One sentence, our own words, shown in docs, SARIF and settings. */
  summary: string;
  /** CEL expressions (verbatim from the CRDs) that this rule implements, if any. */
  celRules?: readonly string[];
  /**
   * The editions whose checks this is (for docs and the README); omit for both. A rule limited to
   * `enterprise` runs only in that edition.
   */
  editions?: readonly Edition[];
}

/** A problem found by a check, before the engine attaches the code's severity. */
export interface Finding extends Span {
  message: string;
  data?: unknown;
  related?: Diagnostic['related'];
  tags?: Diagnostic['tags'];
  /** Overrides the rule's default severity for this finding only (rarely needed). */
  severity?: Severity;
}

/** One Calico resource as a rule sees it. Spans are relative to `text`. */
export interface ResourceContext {
  /** The resource's `kind` (e.g. `GlobalNetworkPolicy`). */
  kind: string;
  /** The Calico API the resource is checked against (schemas, kinds, edition-specific checks). */
  edition: Edition;
  /** The whole resource mapping (apiVersion, kind, metadata, spec…). */
  root: YMap;
  /** The text of the YAML document the resource is in. */
  text: string;
  /** Reports a finding under the given rule's code. */
  report(code: string, finding: Finding): void;
}

export interface ResourceRule extends RuleMeta {
  /** Kinds this rule applies to; omit for all Calico kinds. */
  kinds?: readonly string[];
  check?(ctx: ResourceContext): void;
}

/** Information a fix needs about the document it edits. */
export interface FixContext {
  /** Text of the YAML document that holds the diagnostic. */
  text: string;
  root: YNode | null;
  diagnostic: Diagnostic;
  /** Every diagnostic of the same document (offsets relative to `text`), for fixes that act on several. */
  others: readonly Diagnostic[];
  /**
   * The document's own analysis (offsets relative to `text`, before settings apply), so a fix can
   * tell whether the text it would copy carries an error.
   */
  problems: readonly Diagnostic[];
  /**
   * Shared by every fix computed for this document in one request (a code action, a fix-all), so
   * a provider can compute what depends only on the document once (the resources, a policy's
   * "add every reply rule" fix) instead of once per diagnostic: a document with thousands of
   * diagnostics must not cost thousands of passes over itself.
   */
  memo: Map<string, unknown>;
}

export interface FixProvider {
  code: string;
  fixes(ctx: FixContext): Fix[];
}
