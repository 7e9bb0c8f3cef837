/**
 * A set of selectors that can quickly find the ones that may match a label set.
 *
 * Each selector is filed under one label it requires, taken from Calico's label restrictions
 * (the per-label lower bound on what a match must carry): under that label's required value when
 * it has one, else under the label's name; selectors that require nothing are kept apart. Looking
 * up a label set then only evaluates the selectors filed under its labels (plus the unrestricted
 * ones), instead of every selector. Evaluation still decides: filing only prunes.
 */
import type { Selector } from '../selector';

export class SelectorSet<T> {
  private byValue = new Map<string, Map<string, Set<T>>>();
  private byKey = new Map<string, Set<T>>();
  private anywhere = new Set<T>();
  private where = new Map<T, { key?: string; value?: string }>();

  add(item: T, selector: Selector | null): void {
    if (!selector) {
      this.anywhere.add(item);
      this.where.set(item, {});
      return;
    }
    let bestKey: string | undefined;
    let bestValues: readonly string[] | undefined;
    for (const [key, r] of selector.labelRestrictions()) {
      if (!r.mustBePresent) continue;
      const values = r.mustHaveOneOfValues;
      if (values && values.length === 1 && (!bestValues || bestValues.length !== 1)) {
        bestKey = key;
        bestValues = values;
      } else if (!bestKey) bestKey = key;
    }
    if (bestKey !== undefined && bestValues && bestValues.length === 1) {
      const value = bestValues[0]!;
      let m = this.byValue.get(bestKey);
      if (!m) this.byValue.set(bestKey, (m = new Map()));
      let s = m.get(value);
      if (!s) m.set(value, (s = new Set()));
      s.add(item);
      this.where.set(item, { key: bestKey, value });
    } else if (bestKey !== undefined) {
      let s = this.byKey.get(bestKey);
      if (!s) this.byKey.set(bestKey, (s = new Set()));
      s.add(item);
      this.where.set(item, { key: bestKey });
    } else {
      this.anywhere.add(item);
      this.where.set(item, {});
    }
  }

  delete(item: T): void {
    const w = this.where.get(item);
    if (!w) return;
    this.where.delete(item);
    if (w.key === undefined) this.anywhere.delete(item);
    else if (w.value === undefined) this.byKey.get(w.key)?.delete(item);
    else this.byValue.get(w.key)?.get(w.value)?.delete(item);
  }

  /** Items whose selector might match `labels` (a superset of the matching ones). */
  *candidates(labels: Readonly<Record<string, string>>): Iterable<T> {
    yield* this.anywhere;
    for (const key of Object.keys(labels)) {
      const k = this.byKey.get(key);
      if (k) yield* k;
      const v = this.byValue.get(key)?.get(labels[key]!);
      if (v) yield* v;
    }
  }
}
