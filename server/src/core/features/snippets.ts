/**
 * The snippets of `snippets/calico.json` (the file VS Code reads through the extension's
 * `contributes.snippets`), offered by the server as completion items so every editor gets them.
 * `expandSnippet` turns a body into plain text with each placeholder at its default, for clients
 * without snippet support and for the test that validates every snippet.
 */
import snippetsJson from '../../../../snippets/calico.json';

export interface Snippet {
  name: string;
  prefix: string;
  description: string;
  /** The body in VS Code / LSP snippet syntax. */
  body: string;
}

export const SNIPPETS: readonly Snippet[] = Object.entries(snippetsJson as Record<string, { prefix: string; description: string; body: string[] }>).map(
  ([name, s]) => ({ name, prefix: s.prefix, description: s.description, body: s.body.join('\n') }),
);

/**
 * Expands snippet syntax to plain text: `${1:default}` → default, `${1|a,b|}` → `a`, and
 * `$1`/`${1}`/`$0` → the value the same tab stop got elsewhere (or nothing); every occurrence of a
 * tab stop takes the default of its first placeholder,
 * and `\$`, `\}`, `\\` → the literal character.
 */
export function expandSnippet(body: string): string {
  const values = new Map<string, string>();
  // First pass: learn each tab stop's default from its placeholder or choice.
  const learn = /\$\{(\d+):([^{}]*)\}|\$\{(\d+)\|([^|]*)\|\}/g;
  for (const m of body.matchAll(learn)) {
    const id = m[1] ?? m[3]!;
    if (values.has(id)) continue;
    values.set(id, m[2] !== undefined ? m[2] : (m[4] ?? '').split(',')[0]!);
  }
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length && '$}\\'.includes(body[i + 1]!)) {
      out += body[++i];
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    const rest = body.slice(i);
    const plain = /^\$(\d+)/.exec(rest);
    if (plain) {
      out += values.get(plain[1]!) ?? '';
      i += plain[0].length - 1;
      continue;
    }
    const braced = /^\$\{(\d+)(?::([^{}]*)|\|([^|]*)\|)?\}/.exec(rest);
    if (braced) {
      // Every occurrence of a tab stop shows the value of its first placeholder, as editors do.
      out += values.get(braced[1]!) ?? '';
      i += braced[0].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}
