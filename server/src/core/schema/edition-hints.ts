/**
 * Open-source edition only: is a field or value that the open-source schema rejects one that
 * Calico Enterprise/Cloud accepts at the same place? Then the error stays (open-source Calico
 * rejects it) but its message says where the field comes from and how to switch edition, and no
 * open-source name is suggested for it.
 *
 * Invariants: asked only while reporting a schema error, so an Enterprise schema is parsed (not
 * compiled) only when a document has such an error; the walk follows the error's instance path
 * once, so the cost is that path's length.
 */
import { schemaAt, propertiesOf, type Schema } from './lookup';
import { quoteValue } from '../util/strings';
import { ENABLE_ENTERPRISE } from '../rules/enterprise-kind';
import type { UnknownFieldData } from '../rules/unknown-field';
import type { InvalidValueData } from '../rules/invalid-value';

/** `/spec/egress/0/destination` → ['spec', 'egress', 0, 'destination'] (JSON pointer, as ajv reports it). */
function pathOf(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((raw) => {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(seg) ? Number(seg) : seg;
  });
}

function enterpriseSchemaAt(kind: string, pointer: string): Schema | undefined {
  return schemaAt(kind, pathOf(pointer), 'enterprise');
}

/** Whether the Enterprise schema of `kind` has a field `name` in the mapping at `pointer`. */
export function enterpriseHasField(kind: string, pointer: string, name: string): boolean {
  return propertiesOf(enterpriseSchemaAt(kind, pointer)).includes(name);
}

/** Whether the Enterprise schema of `kind` lists `value` among the allowed values at `pointer`. */
export function enterpriseAllowsValue(kind: string, pointer: string, value: unknown): boolean {
  const s = enterpriseSchemaAt(kind, pointer);
  const allowed = s?.['enum'];
  return Array.isArray(allowed) && allowed.some((a) => a === value);
}

export interface EditionData {
  /** The field or value exists in Calico Enterprise/Cloud. */
  edition: 'enterprise';
}

export function enterpriseFieldMessage(field: string, where: string): { message: string; data: UnknownFieldData & EditionData } {
  const place = where ? ` in ${where}` : '';
  return {
    message: `'${field}'${place} is a Calico Enterprise/Cloud field; open-source Calico rejects it. If this resource is for Calico Enterprise or Calico Cloud, ${ENABLE_ENTERPRISE}.`,
    data: { field, edition: 'enterprise' },
  };
}

export function enterpriseValueMessage(field: string, value: unknown, allowed: readonly unknown[]): { message: string; data: InvalidValueData & EditionData } {
  const shown = allowed.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
  return {
    message: `${quoteValue(value)} is a Calico Enterprise/Cloud value for '${field}'; open-source Calico accepts only: ${shown.join(', ')}. If this resource is for Calico Enterprise or Calico Cloud, ${ENABLE_ENTERPRISE}.`,
    data: { allowed, edition: 'enterprise' },
  };
}
