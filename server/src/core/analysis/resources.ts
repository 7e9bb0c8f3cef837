/**
 * Finds the Kubernetes-style resources inside one YAML document and decides which are ours.
 *
 * A document may be a single resource, a top-level YAML list of resources (calicoctl accepts
 * that), or a `kind: List` / `kind: <Kind>List` wrapper with `items` (what `kubectl get -o yaml`
 * and `calicoctl get -o yaml` print). Only resources whose `apiVersion` is `projectcalico.org/v3`
 * are validated; `crd.projectcalico.org/v1` resources get an advisory note; everything else is
 * silently ignored, so Deployments, Helm values or CI files never get a diagnostic from us.
 */
import { getString, getValue, type YMap, type YNode } from '../yaml/tree';
import { ENTERPRISE_KINDS, KINDS, apiVersionOf } from '../schema/catalog';

export const CALICO_API_VERSION = 'projectcalico.org/v3';

/**
 * The other API groups of Calico Enterprise/Cloud (the WAF kinds, the license usage report),
 * with the kinds each serves. Their resources are Calico's in either edition: validated in the
 * Enterprise edition, a note in the open-source one. Deciding this without the edition keeps a
 * document's being Calico or not independent of it.
 */
const ENTERPRISE_GROUP_KINDS = new Map<string, Set<string>>();
for (const k of ENTERPRISE_KINDS) {
  const api = apiVersionOf(k);
  if (api === CALICO_API_VERSION) continue;
  let set = ENTERPRISE_GROUP_KINDS.get(api);
  if (!set) ENTERPRISE_GROUP_KINDS.set(api, (set = new Set()));
  set.add(k.kind);
}
export const CALICO_CRD_API_VERSION = 'crd.projectcalico.org/v1';

/**
 * - `calico`: `projectcalico.org/v3`, fully validated;
 * - `calico-crd`: `crd.projectcalico.org/v1`, Calico's internal storage format (advisory note only);
 * - `calico-misversioned`: clearly meant for Calico but under an apiVersion Calico does not serve
 *   (`projectcalico.org/v1`, or a Calico-only kind such as `HostEndpoint` under `v1`);
 * - `other`: not ours; never reported on.
 */
export type ResourceFamily = 'calico' | 'calico-crd' | 'calico-misversioned' | 'other';

// Kinds that exist only in Calico. NetworkPolicy is left out on purpose: under a non-Calico
// apiVersion it is most likely a Kubernetes NetworkPolicy, which is none of our business.
const CALICO_ONLY_KINDS = new Set(
  KINDS.map((k) => k.kind).filter((k) => k !== 'NetworkPolicy'),
);

export interface ResourceRef {
  node: YMap;
  family: ResourceFamily;
  apiVersion: string | undefined;
  kind: string | undefined;
}

function familyOf(apiVersion: string | undefined, kind: string | undefined): ResourceFamily {
  if (apiVersion === CALICO_API_VERSION) return 'calico';
  // Any kind under the WAF group (its own near misses included); only the served kind elsewhere.
  if (apiVersion !== undefined && ENTERPRISE_GROUP_KINDS.has(apiVersion)) {
    if (apiVersion.endsWith('.projectcalico.org/v3') || (kind !== undefined && ENTERPRISE_GROUP_KINDS.get(apiVersion)!.has(kind))) return 'calico';
  }
  if (apiVersion === CALICO_CRD_API_VERSION) return 'calico-crd';
  if (apiVersion !== undefined && /(^|\.)projectcalico\.org\//.test(apiVersion)) return 'calico-misversioned';
  // A group-less apiVersion (`v1`, `v3`) or none at all, with a kind only Calico has. Legacy
  // calicoctl v1 documents use lower-case kinds (`hostEndpoint`, `policy`) and so stay untouched.
  if (kind !== undefined && CALICO_ONLY_KINDS.has(kind) && (apiVersion === undefined || !apiVersion.includes('/'))) return 'calico-misversioned';
  return 'other';
}

function isListKind(kind: string | undefined): boolean {
  return kind !== undefined && kind.endsWith('List');
}

/** Lists the resources of a document, descending into lists and `kind: List` wrappers. */
export function findResources(root: YNode | null): ResourceRef[] {
  const out: ResourceRef[] = [];
  const visit = (node: YNode | null | undefined, depth: number): void => {
    if (!node || depth > 4) return;
    if (node.kind === 'seq') {
      for (const item of node.items) visit(item, depth + 1);
      return;
    }
    if (node.kind !== 'map') return;
    const apiVersion = getString(node, 'apiVersion');
    const kind = getString(node, 'kind');
    const items = getValue(node, 'items');
    if (isListKind(kind) && items && items.kind === 'seq') {
      for (const item of items.items) visit(item, depth + 1);
      return;
    }
    out.push({ node, family: familyOf(apiVersion, kind), apiVersion, kind });
  };
  visit(root, 0);
  return out;
}

/**
 * A cheap textual test used when a document does not parse: does it declare a Calico apiVersion?
 * It lets a broken Calico document still get its syntax errors reported.
 */
export function mentionsCalicoApi(text: string): boolean {
  return calicoApiLine(text) !== undefined;
}

/**
 * Where a document declares a Calico apiVersion: the span of the first such `apiVersion` line,
 * from the key to the end of the line, found by a textual scan (no parse).
 */
export function calicoApiLine(text: string): { start: number; end: number } | undefined {
  // One unambiguous way to read the indentation and the optional dash: written as two competing
  // `[ \t]*` runs around an optional `-`, the pattern cost the square of a line's leading blanks.
  const m = /^[ \t]*(?:-[ \t]*)?(["']?apiVersion)["']?[ \t]*:[ \t]*["']?(?:crd\.)?projectcalico\.org\//m.exec(text);
  if (!m) return undefined;
  const start = m.index + m[0].indexOf(m[1]!);
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return { start, end };
}

/**
 * Go templates (Helm charts, Kustomize-rendered sources) are not YAML until rendered; we stay out
 * of them entirely rather than report errors on `{{ .Values.x }}`.
 */
export function isTemplate(text: string): boolean {
  // Some `{{` has a `}}` after it exactly when the first one does: two scans, not one search from
  // every `{{` (a lazy `{{[\s\S]*?}}` pattern costs the square of the text on many `{{`).
  const open = text.indexOf('{{');
  if (open === -1 || text.indexOf('}}', open + 2) === -1) return false;
  return /\{\{-?\s*(?:[.$]|if\b|end\b|range\b|with\b|include\b|template\b|define\b|else\b|toYaml\b|tpl\b|\/\*)/.test(text);
}
