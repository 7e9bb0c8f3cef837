/**
 * `unknown-field`: a key the resource's schema does not define. kubectl's strict field validation
 * and calicoctl both refuse unknown fields, so this is an error. The message suggests the closest
 * known field, since most unknown fields are typos or wrong capitalisation.
 */
import type { ResourceRule } from './types';
import { closest } from '../util/strings';

export const rule: ResourceRule = {
  code: 'unknown-field',
  severity: 'error',
  origin: 'schema',
  summary: 'A field that this kind of resource does not have.',
};

/** Data attached to the diagnostic, used by the rename fix. */
export interface UnknownFieldData {
  field: string;
  suggestion?: string;
}

export function unknownFieldMessage(field: string, where: string, known: readonly string[]): { message: string; data: UnknownFieldData } {
  const suggestion = closest(field, known);
  const place = where ? ` in ${where}` : '';
  let message = `Unknown field '${field}'${place}.`;
  if (suggestion) {
    message += suggestion.toLowerCase() === field.toLowerCase()
      ? ` Field names are case-sensitive: did you mean '${suggestion}'?`
      : ` Did you mean '${suggestion}'?`;
  } else if (known.length > 0 && known.length <= 12) {
    message += ` Known fields: ${known.join(', ')}.`;
  }
  const data: UnknownFieldData = { field };
  if (suggestion) data.suggestion = suggestion;
  return { message, data };
}
