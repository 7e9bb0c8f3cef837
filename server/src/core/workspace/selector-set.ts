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
    const anchor = anchorOf(selector);
    this.where.set(item, anchor);
    if (anchor.key === undefined) this.anywhere.add(item);
    else if (anchor.value === undefined) {
      let s = this.byKey.get(anchor.key);
      if (!s) this.byKey.set(anchor.key, (s = new Set()));
      s.add(item);
    } else {
      let m = this.byValue.get(anchor.key);
      if (!m) this.byValue.set(anchor.key, (m = new Map()));
      let s = m.get(anchor.value);
      if (!s) m.set(anchor.value, (s = new Set()));
      s.add(item);
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

/**
 * The label a selector's matches must all carry, preferring one with a single required value
 * (the most selective filing); `{}` when the selector requires no label (or is unknown).
 */
export function anchorOf(selector: Selector | null): { key?: string; value?: string } {
  if (!selector) return {};
  let key: string | undefined;
  for (const [k, r] of selector.labelRestrictions()) {
    if (!r.mustBePresent) continue;
    const values = r.mustHaveOneOfValues;
    if (values && values.length === 1) return { key: k, value: values[0]! };
    if (key === undefined) key = k;
  }
  return key === undefined ? {} : { key };
}

/** Labelled items, by key, filed by label name and value to find the ones a selector might match. */
export class LabelIndex<T> {
  private all = new Map<string, T>();
  private byKey = new Map<string, Map<string, Map<string, T>>>();

  add(key: string, item: T, labels: Readonly<Record<string, string>>): void {
    this.all.set(key, item);
    for (const [k, v] of Object.entries(labels)) {
      let m = this.byKey.get(k);
      if (!m) this.byKey.set(k, (m = new Map()));
      let s = m.get(v);
      if (!s) m.set(v, (s = new Map()));
      s.set(key, item);
    }
  }

  delete(key: string, labels: Readonly<Record<string, string>>): void {
    this.all.delete(key);
    for (const [k, v] of Object.entries(labels)) this.byKey.get(k)?.get(v)?.delete(key);
  }

  /** Items that might match `selector` (a superset of the matching ones). */
  *candidates(selector: Selector | null): Iterable<T> {
    const anchor = anchorOf(selector);
    if (anchor.key === undefined) {
      yield* this.all.values();
      return;
    }
    const m = this.byKey.get(anchor.key);
    if (!m) return;
    if (anchor.value !== undefined) {
      const s = m.get(anchor.value);
      if (s) yield* s.values();
      return;
    }
    for (const s of m.values()) yield* s.values();
  }
}
