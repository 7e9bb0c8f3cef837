/**
 * Quick fix for `unknown-field`: rename the key to the field the message suggested. Unsafe, since
 * a misspelled key may also be a field from another kind or version that should be removed instead.
 */
import type { FixProvider } from '../rules/types';
import type { UnknownFieldData } from '../rules/unknown-field';

export const renameUnknownField: FixProvider = {
  code: 'unknown-field',
  fixes({ text, diagnostic }) {
    const data = diagnostic.data as UnknownFieldData | undefined;
    if (!data?.suggestion) return [];
    const current = text.slice(diagnostic.start, diagnostic.end);
    // Keep the user's quoting style: replace only the characters of the name inside any quotes.
    const inner = current.indexOf(data.field);
    if (inner === -1) return [];
    const start = diagnostic.start + inner;
    return [
      {
        id: 'rename-field',
        title: `Rename '${data.field}' to '${data.suggestion}'`,
        safe: false,
        edits: [{ start, end: start + data.field.length, newText: data.suggestion }],
      },
    ];
  },
};
