/**
 * `required-field`: a field the schema requires is missing. The diagnostic sits on the key of the
 * object that lacks it (or the list item), where the field has to be added.
 */
import type { ResourceRule } from './types';

export const rule: ResourceRule = {
  code: 'required-field',
  severity: 'error',
  origin: 'schema',
  summary: 'A required field is missing.',
};

export function requiredFieldMessage(field: string, where: string): string {
  return where ? `'${where}' is missing the required field '${field}'.` : `The resource is missing the required field '${field}'.`;
}
