/**
 * Where each rule's documentation lives. The pages ship inside the package (`docs/rules/`), so
 * links work offline: by default they are `file:` URLs next to the installed server. A different
 * base (for example a published copy of the docs) can be configured.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Finds the `docs/rules` directory of the installed package, starting from the bundle's folder. */
function findDocsDir(): string | undefined {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (const candidate of [resolve(here, '..', 'docs', 'rules'), resolve(here, '..', '..', '..', 'docs', 'rules'), resolve(process.cwd(), 'docs', 'rules')]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

let cachedBase: string | undefined | null = null;

export function defaultDocsBase(): string | undefined {
  if (cachedBase === null) {
    const dir = findDocsDir();
    cachedBase = dir ? pathToFileURL(dir + '/').href : undefined;
  }
  return cachedBase;
}

/** Returns a function mapping a rule code to its documentation URL. */
export function docsUrlResolver(base: string | undefined = defaultDocsBase()): (code: string) => string | undefined {
  if (!base) return () => undefined;
  const b = base.endsWith('/') ? base : `${base}/`;
  return (code: string) => `${b}${encodeURIComponent(code)}.md`;
}

export function docsPath(code: string): string | undefined {
  const dir = findDocsDir();
  return dir ? join(dir, `${code}.md`) : undefined;
}
