/**
 * `duplicate-resource` (warning): the same resource (kind, namespace for the namespaced kinds,
 * name; see workspace/resource-keys.ts for Calico's identity) defined more than once among the
 * files checked. Applying them all leaves only the definition applied last: `calicoctl apply` and
 * `kubectl apply` replace a resource that exists. The warning sits on each later definition's
 * `metadata.name`, with related locations on the first definition and, for a definition that is
 * itself replaced, on the one that wins.
 *
 * Order: files in the order the workspace gives (the CLI: argument and walk order; the editor:
 * sorted URIs), then documents in file order. The cross-document checks count only the
 * definition applied last (the index takes the others out of its counts).
 *
 * Cost: the workspace visits only documents that hold a duplicated resource (the index keeps
 * them per file), and a duplicated resource walks its k definitions (k is almost always 2).
 */
import type { Diagnostic, RelatedSpan } from '../types';
import type { WorkspaceRule } from './workspace-registry';
import type { Member } from '../workspace/index';
import type { SlotView } from '../analysis/file';
import { quoteValue } from '../util/strings';

/** The `data` of a duplicate-resource diagnostic. */
export interface DuplicateResourceData {
  kind: string;
  name: string;
  namespace?: string;
  /** How many definitions the resource has. */
  definitions: number;
  /** This definition's place among them, from 0 (the first applied); never 0 here. */
  position: number;
}

/**
 * A file's name in a message: a path (the CLI's ids) as given, a URI (the editor's) by its last
 * segment, decoded; the related location then gives the full place.
 */
export function displayName(fileId: string): string {
  if (!fileId.includes('://')) return fileId;
  let end = fileId.length;
  while (end > 0 && (fileId[end - 1] === '/' || fileId[end - 1] === '\\')) end--;
  const cut = fileId.slice(0, end);
  const slash = Math.max(cut.lastIndexOf('/'), cut.lastIndexOf('\\'));
  const last = slash >= 0 ? cut.slice(slash + 1) : cut;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * Where `other` is, as seen from a diagnostic in (`fileId`, `slot`): its name's span, named by
 * its document (`at`) unless it is in this one, so the workspace places it where that document
 * is at publish time.
 */
function locate(fileId: string, slot: SlotView, other: Member, message: string): RelatedSpan {
  const span = other.summary.nameSpan;
  if (other.fileId === fileId && other.slotId === slot.id) return { start: span.start, end: span.end, message };
  return { start: span.start, end: span.end, message, at: { fileId: other.fileId, slotId: other.slotId } };
}

function where(fileId: string, other: Member, earlier: boolean): string {
  return other.fileId === fileId ? `${earlier ? 'earlier' : 'later'} in this file` : `in ${quoteValue(displayName(other.fileId))}`;
}

export const rule: WorkspaceRule = {
  code: 'duplicate-resource',
  severity: 'warning',
  origin: 'semantics',
  summary: 'The same resource (kind, namespace, name) defined more than once: the definition applied last replaces the others.',
  checkSlot(index, fileId, slot, out) {
    slot.result.summaries.forEach((s, i) => {
      if (!index.isDuplicated(s)) return;
      const defs = index.duplicatesOf(fileId, slot.id, i);
      if (!defs) return;
      let position = -1;
      for (let k = 0; k < defs.length; k++) {
        const d = defs[k]!;
        if (d.fileId === fileId && d.slotId === slot.id && d.index === i) position = k;
      }
      if (position <= 0) return;
      const first = defs[0]!;
      const last = defs[defs.length - 1]!;
      const ns = s.namespace !== undefined ? ` in namespace ${quoteValue(s.namespace)}` : '';
      const what = `${s.kind} ${quoteValue(s.name)}${ns}`;
      const replaced = position < defs.length - 1;
      const related: RelatedSpan[] = [];
      related.push(locate(fileId, slot, first, `first definition of ${what}`));
      if (replaced) related.push(locate(fileId, slot, last, `the definition of ${what} that is applied last`));
      const count = defs.length === 2 ? 'twice' : `${defs.length} times`;
      const head = `${what} is defined ${count} (first ${where(fileId, first, true)}); applying them all leaves only the definition applied last`;
      const tail = replaced
        ? `, which is the one ${where(fileId, last, false)}: this one is replaced and does not take effect.`
        : `, and this is it: it replaces the earlier ${defs.length === 2 ? 'one' : 'ones'}, and the other cross-file checks use it.`;
      const data: DuplicateResourceData = { kind: s.kind, name: s.name!, definitions: defs.length, position };
      if (s.namespace !== undefined) data.namespace = s.namespace;
      const d: Diagnostic = {
        code: 'duplicate-resource',
        severity: 'warning',
        message: head + tail,
        start: s.nameSpan.start,
        end: s.nameSpan.end,
        data,
      };
      d.related = related;
      out.push(d);
    });
  },
};
