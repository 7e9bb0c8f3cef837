/**
 * Hover: explains what is under the cursor.
 * - the untracked-policy flags (`doNotTrack`, `preDNAT`, `applyOnForward`): what they do and why;
 * - selectors: Calico's canonical form (or the syntax error), and which HostEndpoints,
 *   GlobalNetworkSets and NetworkSets of the workspace they match;
 * - `kind`: what the kind is, with its Calico reference page;
 * - a HostEndpoint's `kind` or `metadata.name`: the policies that apply to it, stage by stage, in
 *   evaluation order (`policy/describe.ts`);
 * - any other key: for the fields people write by hand, a sentence or two of our own
 *   (`field-docs.ts`); then the field's type, allowed values and ranges, from the schema; then the
 *   section of Calico's reference that covers it.
 */
import type { Workspace } from '../workspace/workspace';
import { parseSegment } from '../analysis/segment';
import { findResources } from '../analysis/resources';
import { locate, type PathStep } from '../yaml/locate';
import { parseSelector } from '../selector';
import { describeSchema, isRequired, schemaAt } from '../schema/lookup';
import { DEFAULT_EDITION } from '../schema/catalog';
import { FLAG_DOCS } from './flag-docs';
import { fieldDoc } from './field-docs';
import { ENTERPRISE_KIND_DOCS, ENTERPRISE_KINDS_URL, KIND_DOCS, kindDocsUrl } from './kinds';
import { conntrackHover, felixConntrackHover } from './conntrack-hover';
import { describeHostEndpoint } from '../policy/describe';
import { getString, getValue } from '../yaml/tree';

export interface HoverResult {
  /** Markdown. */
  contents: string;
  start: number;
  end: number;
}

const SELECTOR_KEYS = new Set(['selector', 'notSelector', 'namespaceSelector', 'serviceAccountSelector', 'nodeSelector', 'peerSelector', 'localWorkloadSelector']);
const FLAG_KINDS = new Set(['GlobalNetworkPolicy', 'StagedGlobalNetworkPolicy']);
const MAX_LISTED = 8;

function keysOf(path: readonly PathStep[]): Array<string | number> {
  return path.map((p) => p.key);
}

function matchesList(ws: Workspace, match: (labels: Record<string, string>) => boolean): string {
  const byKind = new Map<string, string[]>();
  let total = 0;
  for (const { summary: s } of ws.index.labelledResources()) {
    total++;
    if (!match(s.labels ?? {})) continue;
    const names = byKind.get(s.kind) ?? [];
    names.push(s.namespace ? `${s.namespace}/${s.name ?? '?'}` : (s.name ?? '?'));
    byKind.set(s.kind, names);
  }
  if (total === 0) return 'No HostEndpoints or network sets are defined in the workspace to match against.';
  if (byKind.size === 0) return `Matches none of the ${total} HostEndpoints and network sets in the workspace.`;
  const lines: string[] = [];
  for (const [kind, names] of byKind) {
    names.sort();
    const shown = names.slice(0, MAX_LISTED).map((n) => `\`${n}\``).join(', ');
    lines.push(`- ${kind}: ${shown}${names.length > MAX_LISTED ? ` and ${names.length - MAX_LISTED} more` : ''}`);
  }
  return `Matches in the workspace:\n${lines.join('\n')}`;
}

/** Hover at `offset` (UTF-16, whole file) of file `fileId`. */
export function getHover(ws: Workspace, fileId: string, offset: number): HoverResult | undefined {
  const file = ws.getFile(fileId);
  if (!file || offset < 0 || offset > file.length) return undefined;
  const doc = file.documentAt(offset);
  const local = offset - doc.start;
  const parsed = parseSegment(doc.text);
  for (const { root } of parsed.roots) {
    const refs = findResources(root);
    const res = refs.find((r) => r.family === 'calico' && r.node.start <= local && local <= r.node.end);
    if (!res) {
      // Conntrack configuration of other components (Terway, Cilium, conntrack-cleaner).
      const other = ws.settings.conntrack === false ? undefined : refs.find((r) => r.family === 'other' && r.node.start <= local && local <= r.node.end);
      const h = other ? conntrackHover(other.node, doc.text, local) : undefined;
      if (h) return { contents: h.contents, start: h.start + doc.start, end: h.end + doc.start };
      continue;
    }
    const kind = res.kind ?? '';
    const loc = locate(res.node, local);
    if (!loc) return undefined;
    const keys = keysOf(loc.path);
    const shift = (s: { start: number; end: number }) => ({ start: s.start + doc.start, end: s.end + doc.start });
    if (loc.onKey) {
      const key = loc.onKey.keyText!;
      const span = shift(loc.onKey.key);
      if (FLAG_KINDS.has(kind) && keys.length === 2 && keys[0] === 'spec' && FLAG_DOCS[key]) return { contents: FLAG_DOCS[key]!, ...span };
      // From the schemas of the edition in use: an Enterprise field has a hover only there.
      const edition = ws.settings.edition ?? DEFAULT_EDITION;
      const schema = schemaAt(kind, keys, edition);
      if (!schema) {
        // In the open-source edition, a field only Calico Enterprise/Cloud has: say so, and how to
        // validate for that edition (the error on it says the same).
        const enterprise = edition === 'oss' ? schemaAt(kind, keys, 'enterprise') : undefined;
        if (!enterprise) return undefined;
        return { contents: `**${key}** (Calico Enterprise/Cloud only): ${describeSchema(enterprise)}

Open-source Calico refuses this field. To validate these files for Calico Enterprise or Calico Cloud, set \`calico.edition\` to \`enterprise\`.`, ...span };
      }
      const parent = schemaAt(kind, keys.slice(0, -1), edition);
      const req = isRequired(parent, key) ? ' (required)' : '';
      const doc = fieldDoc(kind, keys);
      const felix = kind === 'FelixConfiguration' ? felixConntrackHover(res.node, keys) : undefined;
      const pre = felix ? `${felix}\n\n` : '';
      // Our sentences first, then the schema's facts, then the reference section.
      if (doc) return { contents: `${pre}**${key}**${req} — ${doc.text}\n\n${describeSchema(schema)}\n\n[Calico reference: ${doc.label}](${doc.url})`, ...span };
      return { contents: `${pre}**${key}**${req}: ${describeSchema(schema)}`, ...span };
    }
    const last = keys[keys.length - 1];
    const node = loc.node;
    // A HostEndpoint's kind or name: the policies that apply to it, stage by stage.
    const onName = keys.length === 2 && keys[0] === 'metadata' && keys[1] === 'name';
    if (kind === 'HostEndpoint' && ((keys.length === 1 && last === 'kind') || onName)) {
      const name = getString(getValue(res.node, 'metadata'), 'name');
      const heps = name === undefined ? [] : ws.index.policies.hostEndpointsNamed(name);
      const hep = heps.find((h) => h.fileId === fileId && ws.getFile(fileId)?.slotStart(h.slotId) === doc.start) ?? heps.find((h) => h.fileId === fileId) ?? heps[0];
      if (hep) {
        const head = !onName && KIND_DOCS[kind] ? `**${kind}** — ${KIND_DOCS[kind]!.summary}\n\n[Calico reference](${kindDocsUrl(kind)})\n\n` : '';
        return { contents: head + describeHostEndpoint(ws.index.policies, hep), ...shift(node) };
      }
    }
    if (typeof last === 'string' && last === 'kind' && keys.length === 1 && KIND_DOCS[kind]) {
      return { contents: `**${kind}** — ${KIND_DOCS[kind]!.summary}\n\n[Calico reference](${kindDocsUrl(kind)})`, ...shift(node) };
    }
    if (typeof last === 'string' && last === 'kind' && keys.length === 1 && ENTERPRISE_KIND_DOCS[kind]) {
      const hint = ws.settings.edition === 'enterprise' ? '' : '\n\nOnly Calico Enterprise and Calico Cloud have this kind. To validate it, set `calico.edition` to `enterprise`.';
      return { contents: `**${kind}** (Calico Enterprise/Cloud) — ${ENTERPRISE_KIND_DOCS[kind]!}${hint}\n\n[Calico Enterprise reference](${ENTERPRISE_KINDS_URL})`, ...shift(node) };
    }
    if (typeof last === 'string' && SELECTOR_KEYS.has(last) && node.kind === 'scalar' && node.type === 'string') {
      const r = parseSelector(String(node.value));
      if (!r.ok) return { contents: `**Selector** — does not parse: ${r.error.message} (at character ${r.error.offset + 1}).`, ...shift(node) };
      const sel = r.selector;
      const body = [`**Selector** \`${sel.canonical}\``, '', matchesList(ws, (labels) => sel.matches(labels))];
      if (sel.isAll) body.push('', 'An empty selector or `all()` selects everything.');
      return { contents: body.join('\n'), ...shift(node) };
    }
    return undefined;
  }
  return undefined;
}
