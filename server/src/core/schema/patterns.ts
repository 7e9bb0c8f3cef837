/**
 * Human descriptions of the regular expressions Calico's CRDs use, so a pattern failure says
 * "a Go duration such as 90s or 1m30s" instead of printing a regular expression. Patterns not
 * listed here are shown as they are.
 */

const KNOWN: Array<[RegExp, string]> = [
  [/^\^\(\[0-9\]\+\(\\\\?\.\[0-9\]\+\)\?\(ms\|s\|m\|h\)\)\*\$$/, 'expected a duration made of numbers with units ms, s, m or h, such as 90s or 1m30s'],
  [/^\^\(\(\[0-9\]\*\(\\\.\[0-9\]\*\)\?\(ms\|s\|h\|m\|us\)\+\)\+\|Auto\)\$$/, "expected a duration such as 500ms or 2s, or 'Auto'"],
  [/^\^\(\?i\)\((.*)\)\?\$$/, 'expected one of: $1 (any letter case), or empty'],
];

export function describePattern(pattern: string): string {
  for (const [re, text] of KNOWN) {
    const m = re.exec(pattern);
    if (m) return text.replace('$1', (m[1] ?? '').split('|').join(', '));
  }
  if (pattern.length > 120) return 'it does not have the expected format';
  return `expected a value matching ${pattern}`;
}
