// Builds the three bundles with esbuild: the VS Code client (with `vscode` left external), the
// language server and the CLI (both self-contained so any editor or CI job can run them with plain
// Node). `--production` minifies and drops source maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readFile } from 'node:fs/promises';

/**
 * The Calico Enterprise schemas (schemas/enterprise/<kind>.json) go into the bundles as JSON
 * text, not as object literals: a JavaScript engine must build every object literal when the
 * bundle starts, while a string literal costs only a scan. `core/schema/catalog.ts` parses a
 * kind's text the first time that kind is needed, so an open-source user pays nothing for them.
 * (Run from TypeScript directly, as the tests do, the import is the parsed object; the catalog
 * accepts both.) kinds.json stays an object: it is small and needed at once.
 */
const lazyEnterpriseSchemas = {
  name: 'lazy-enterprise-schemas',
  setup(build) {
    build.onLoad({ filter: /[\\/]schemas[\\/]enterprise[\\/][a-z]+\.json$/ }, async (args) => {
      if (args.path.endsWith('kinds.json')) return undefined;
      const text = await readFile(args.path, 'utf8');
      JSON.parse(text); // a broken file fails the build, not the first user of the kind
      return { contents: `export default { lazyJsonText: ${JSON.stringify(text)} };`, loader: 'js' };
    });
  },
};

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [lazyEnterpriseSchemas],
  // jsonc-parser's default (UMD) build loads its modules with a dynamic require that a bundle
  // cannot resolve; its ES module build is the same code with static imports.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log('esbuild: watching client, server and CLI');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
