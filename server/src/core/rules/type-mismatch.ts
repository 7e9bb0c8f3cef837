/**
 * `type-mismatch`: a value of the wrong JSON type (a string where a number belongs, a scalar where
 * a list belongs…). Values are typed as Kubernetes tooling types YAML (YAML 1.1 rules), so the
 * message explains the common surprises: quoted numbers, and unquoted `yes`/`no`/`on`/`off`.
 */
import type { ResourceRule } from './types';
import type { YNode } from '../yaml/tree';
import { quoteValue } from '../util/strings';

export const rule: ResourceRule = {
  code: 'type-mismatch',
  severity: 'error',
  origin: 'schema',
  summary: 'A value has the wrong type (for example text where a number is expected).',
};

const ARTICLE: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

export function describeNode(node: YNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  switch (node.type) {
    case 'string':
      return `the string ${quoteValue(node.value)}`;
    case 'integer':
    case 'float':
      return `the number ${node.text}`;
    case 'boolean':
      return `the boolean ${node.text}`;
    case 'null':
      return 'an empty value';
  }
}

export function typeMismatchMessage(field: string, expected: readonly string[], node: YNode): string {
  const want = expected.map((t) => ARTICLE[t] ?? t).join(' or ');
  let message = `${field ? `'${field}'` : 'This value'} must be ${want}, not ${describeNode(node)}.`;
  if (node.kind === 'scalar') {
    const wantsNumber = expected.includes('integer') || expected.includes('number');
    if (node.type === 'string' && node.style !== 'plain' && wantsNumber && /^-?\d+(\.\d+)?$/.test(node.text)) {
      message += ' Remove the quotes to make it a number.';
    } else if (expected.includes('string') && node.type === 'boolean' && !/^(true|false)$/i.test(node.text)) {
      message += ` YAML 1.1, which Kubernetes tools use, reads an unquoted '${node.text}' as a boolean: quote it.`;
    } else if (expected.includes('string') && (node.type === 'integer' || node.type === 'float' || node.type === 'boolean')) {
      message += ' Quote it to make it a string.';
    } else if (expected.includes('boolean') && node.type === 'string' && /^(true|false|yes|no|on|off)$/i.test(node.text)) {
      message += ' Remove the quotes to make it a boolean.';
    }
  }
  return message;
}
