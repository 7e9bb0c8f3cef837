/**
 * `out-of-range`: a number outside its allowed range, or a string or list that is too long or too
 * short for the schema.
 */
import type { ResourceRule } from './types';

export const rule: ResourceRule = {
  code: 'out-of-range',
  severity: 'error',
  origin: 'schema',
  summary: 'A number, length or item count outside the allowed range.',
};
