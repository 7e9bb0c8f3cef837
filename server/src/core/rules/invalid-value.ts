/**
 * `invalid-value`: a value of the right type that Calico does not accept: not one of the allowed
 * values, not in the required format, or rejected by one of Calico's own value checks.
 */
import type { ResourceRule } from './types';
import { closest, quoteValue } from '../util/strings';

export const rule: ResourceRule = {
  code: 'invalid-value',
  severity: 'error',
  origin: 'schema',
  summary: 'A value that Calico does not accept for this field.',
};

export interface InvalidValueData {
  allowed?: readonly unknown[];
  suggestion?: string;
}

export function enumMessage(field: string, value: unknown, allowed: readonly unknown[]): { message: string; data: InvalidValueData } {
  const shown = allowed.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
  const suggestion = typeof value === 'string' ? closest(value, allowed.filter((a): a is string => typeof a === 'string')) : undefined;
  let message = `${quoteValue(value)} is not a valid value for '${field}'; use one of: ${shown.join(', ')}.`;
  if (suggestion) message += ` Did you mean '${suggestion}'?`;
  const data: InvalidValueData = { allowed };
  if (suggestion) data.suggestion = suggestion;
  return { message, data };
}
