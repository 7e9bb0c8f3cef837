/**
 * A real third-party LSP client: Neovim's built-in client (Debian ships 0.7) starts
 * `node dist/server.js --stdio`, opens a Calico file with two mistakes, and reports the
 * diagnostics it received. Waiting happens inside Neovim (`vim.wait` polls
 * `vim.diagnostic.get` in its own event loop, with a timeout); the Node side only awaits the
 * process exit and reads the JSON file Neovim wrote.
 *
 * Neovim stores columns as byte offsets and converts the server's UTF-16 columns itself, so the
 * line with an emoji before the faulty key checks that both sides agree on the position encoding.
 *
 * Skipped when `nvim` is not on PATH (`.ci/run` installs it when it can).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_JS } from '../support/lspClient';

const hasNvim = spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;

const TEXT = [
  'apiVersion: projectcalico.org/v3',
  'kind: HostEndpoint',
  'metadata: {name: web-node-1-eth0, annotations: {note: "café 🙂"}, labelz: {role: web}}',
  'spec:',
  '  interface: eth0',
  '  node: web-node-1',
  '  expectedIPs: ["10.0.0.1"]',
  '',
].join('\n');

const LUA = `
local out = vim.env.CALICO_OUT
local function finish(result)
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end
local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'calico',
    cmd = { vim.env.CALICO_NODE, vim.env.CALICO_SERVER, '--stdio' },
    root_dir = vim.env.CALICO_DIR,
  })
  assert(client_id, 'the language server did not start')
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.CALICO_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'could not attach the client')
  local got = vim.wait(20000, function()
    return #vim.diagnostic.get(bufnr) >= 2
  end, 20)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(list, {
      code = d.code or lsp.code,
      source = d.source,
      severity = d.severity,
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    })
  end
  local client = vim.lsp.get_client_by_id(client_id)
  finish({ ok = got, encoding = client and client.offset_encoding or vim.NIL, diagnostics = list })
end)
if not ok then finish({ error = tostring(err) }) end
`;

test('Neovim (a third-party LSP client) receives our diagnostics with the right ranges', { skip: hasNvim ? false : 'nvim is not on PATH (install neovim to run this test)' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'calico-nvim-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'hostendpoint.yaml');
  const out = join(dir, 'result.json');
  const config = join(dir, 'test.lua');
  writeFileSync(file, TEXT);
  writeFileSync(config, LUA);
  const env = {
    ...process.env,
    CALICO_OUT: out,
    CALICO_FILE: file,
    CALICO_DIR: dir,
    CALICO_NODE: process.execPath,
    CALICO_SERVER: SERVER_JS,
    // Keep Neovim's state, logs and shada out of the user's home.
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_STATE_HOME: join(dir, 'state'),
    XDG_CACHE_HOME: join(dir, 'cache'),
  };
  const nvim = spawn('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${config}`], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  nvim.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  nvim.stdout.on('data', () => undefined);
  // Neovim's own wait is 20 s; this outer limit only guards against a wedged editor.
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    new Promise<number | null>((resolve) => nvim.on('exit', (c) => resolve(c))),
    new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), 60_000);
    }),
  ]);
  clearTimeout(timer);
  if (code === 'timeout') nvim.kill('SIGKILL');
  assert.notEqual(code, 'timeout', `nvim did not exit; stderr: ${stderr}`);

  const result = JSON.parse(readFileSync(out, 'utf8')) as {
    ok?: boolean;
    error?: string;
    encoding?: string;
    diagnostics: { code: string; source: string; severity: number; lnum: number; col: number; end_lnum: number; end_col: number }[];
  };
  assert.equal(result.error, undefined, `Lua error: ${result.error}; stderr: ${stderr}`);
  assert.equal(result.ok, true, `no diagnostics within 20 s: ${JSON.stringify(result)}; stderr: ${stderr}`);
  assert.equal(result.encoding, 'utf-16', 'Neovim converts our columns as UTF-16');

  // Neovim's positions are 0-based lines and byte columns.
  const lines = TEXT.split('\n');
  const byteRange = (line: number, needle: string) => {
    const at = lines[line]!.indexOf(needle);
    const col = Buffer.byteLength(lines[line]!.slice(0, at));
    return { lnum: line, col, end_lnum: line, end_col: col + Buffer.byteLength(needle) };
  };
  const errors = result.diagnostics
    .filter((d) => d.severity === 1)
    .sort((a, b) => a.lnum - b.lnum)
    .map(({ code, source, lnum, col, end_lnum, end_col }) => ({ code, source, lnum, col, end_lnum, end_col }));
  assert.deepEqual(errors, [
    { code: 'unknown-field', source: 'calico', ...byteRange(2, 'labelz') },
    { code: 'unknown-field', source: 'calico', ...byteRange(4, 'interface') },
  ]);
});
