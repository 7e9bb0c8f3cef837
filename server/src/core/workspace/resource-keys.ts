/**
 * Which resource a definition is: Calico's identity of a resource (kind, namespace for the
 * namespaced kinds, name), and the definitions of each identity in the order they would be
 * applied, so the index can treat a resource defined twice as the one definition that wins.
 *
 * Identity, as Calico stores resources (projectcalico/calico, libcalico-go/lib/backend/k8s/
 * resources/resources.go): the v3 name is stored as written, for policies too. Calico v3.30 and
 * later no longer rewrite a default-tier policy `foo` to `default.foo`; the `default.` prefix is
 * only trimmed when reading objects that older versions stored without the metadata annotation
 * (`determinePolicyName`, and the v3.32 migration in calicoctl/calicoctl/commands/datastore/
 * migrate/policyname.go). So `foo` and `default.foo` are two resources, and names are compared
 * exactly. A namespaced resource without `metadata.namespace` goes wherever the applying command
 * puts it; it is only the same resource as another definition without a namespace (one apply of
 * both files puts them in the same namespace), never the same as one naming a namespace.
 *
 * A definition that Calico refuses (`rejected`) never replaces anything, so it has no identity
 * here; nor has a resource without a name.
 *
 * Invariant: each key's definitions stay sorted by the order the caller defines, provided that
 * order between two definitions never changes while both are held (the file model guarantees it
 * for documents of one file, and files keep their rank). Adding and removing cost O(log k) to find
 * the place plus a move of the k definitions of the same key (k is almost always 1).
 */
import { KINDS } from '../schema/catalog';
import type { ResourceSummary } from './summary';

const NAMESPACED = new Set(KINDS.filter((k) => k.scope === 'Namespaced').map((k) => k.kind));
const KNOWN = new Set(KINDS.map((k) => k.kind));

/** Calico's identity of the resource, or undefined when it has none we can compare. */
export function identityOf(s: ResourceSummary): string | undefined {
  if (s.rejected || s.name === undefined || s.name === '' || !KNOWN.has(s.kind)) return undefined;
  const ns = NAMESPACED.has(s.kind) ? (s.namespace ?? '\u0001') : '';
  return `${s.kind}\u0000${ns}\u0000${s.name}`;
}

export interface Change<T> {
  /** The definition that was in effect before, when it is no longer. */
  before?: T;
  /** The definition in effect now, when it changed. */
  after?: T;
}

export class ResourceKeys<T> {
  private byKey = new Map<string, T[]>();
  /** How many keys have more than one definition (0 lets per-publish checks skip all lookups). */
  duplicated = 0;

  constructor(private readonly compare: (a: T, b: T) => number) {}

  /** Adds a definition; says which definition took or lost effect (the last one wins). */
  add(key: string, item: T): Change<T> {
    const list = this.byKey.get(key);
    if (!list) {
      this.byKey.set(key, [item]);
      return { after: item };
    }
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(list[mid]!, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    const last = list[list.length - 1]!;
    if (list.length === 1) this.duplicated++;
    list.splice(lo, 0, item);
    return lo === list.length - 1 ? { before: last, after: item } : {};
  }

  /** Removes a definition; says which definition took or lost effect. */
  remove(key: string, item: T): Change<T> {
    const list = this.byKey.get(key);
    if (!list) return {};
    const at = list.lastIndexOf(item);
    if (at < 0) return {};
    const wasLast = at === list.length - 1;
    list.splice(at, 1);
    if (list.length === 1) this.duplicated--;
    if (list.length === 0) this.byKey.delete(key);
    return wasLast ? (list.length > 0 ? { before: item, after: list[list.length - 1]! } : { before: item }) : {};
  }

  /** The definitions of `key` in the order they apply (the last one wins); empty when none. */
  definitions(key: string): readonly T[] {
    return this.byKey.get(key) ?? [];
  }
}
