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
 * A second session goes beyond diagnostics, through Neovim's plain LSP requests
 * (`vim.lsp.buf_request_sync`): a quick fix is requested and applied to the buffer (Neovim then
 * sends the edit back as a didChange), hover, the outline, go to definition from a policy's
 * selector to the host endpoint in the other buffer, and references back.
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

interface NvimRun {
  stderr: string;
  result: Record<string, unknown>;
}

/** Writes `files` and the Lua script to a temporary folder, runs headless Neovim on it, and reads the JSON it wrote. */
async function runNvim(t: { after(fn: () => void): void }, files: Record<string, string>, lua: string, first: string): Promise<NvimRun> {
  const dir = mkdtempSync(join(tmpdir(), 'calico-nvim-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const out = join(dir, 'result.json');
  const config = join(dir, 'test.lua');
  writeFileSync(config, lua);
  const env = {
    ...process.env,
    CALICO_OUT: out,
    CALICO_FILE: join(dir, first),
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
  // Neovim's own waits are 20 s; this outer limit only guards against a wedged editor.
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
  return { stderr, result: JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown> };
}

test('Neovim (a third-party LSP client) receives our diagnostics with the right ranges', { skip: hasNvim ? false : 'nvim is not on PATH (install neovim to run this test)' }, async (t) => {
  const { stderr, result: raw } = await runNvim(t, { 'hostendpoint.yaml': TEXT }, LUA, 'hostendpoint.yaml');
  const result = raw as {
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

const POLICY = [
  'apiVersion: projectcalico.org/v3',
  'kind: GlobalNetworkPolicy',
  'metadata:',
  '  name: allow-web',
  'spec:',
  "  selector: role == 'web'",
  '  ingress:',
  '  - action: Allow',
  '    protocol: TCP',
  '    destination:',
  '      ports: [443]',
  '',
].join('\n');

const NAV_LUA = `
local out = vim.env.CALICO_OUT
local function finish(result)
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end
-- One synchronous request through Neovim's client; the result of our (only) client.
local function request(bufnr, method, params)
  local res, err = vim.lsp.buf_request_sync(bufnr, method, params, 20000)
  assert(res, 'no answer to ' .. method .. ': ' .. tostring(err))
  for _, r in pairs(res) do
    assert(not r.err and not r.error, method .. ' failed: ' .. vim.inspect(r.err or r.error))
    return r.result
  end
  error('no client answered ' .. method)
end
-- Diagnostics back in LSP form (Neovim keeps code and data in user_data.lsp; the lines used here
-- are ASCII, so its byte columns are also UTF-16 columns).
local function lsp_diags(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(list, {
      range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
      severity = d.severity, message = d.message, source = d.source,
      code = d.code or lsp.code, data = lsp.data,
    })
  end
  return list
end
local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'calico',
    cmd = { vim.env.CALICO_NODE, vim.env.CALICO_SERVER, '--stdio' },
    root_dir = vim.env.CALICO_DIR,
  })
  assert(client_id, 'the language server did not start')
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.CALICO_FILE))
  local hep = vim.api.nvim_get_current_buf()
  assert(vim.lsp.buf_attach_client(hep, client_id), 'could not attach the client')
  local hep_uri = vim.uri_from_bufnr(hep)
  assert(vim.wait(20000, function() return #vim.diagnostic.get(hep) >= 2 end, 20), 'no diagnostics')

  -- A quick fix for the misspelled 'labelz', requested with its diagnostic and applied.
  local target
  for _, d in ipairs(lsp_diags(hep)) do
    if d.code == 'unknown-field' and d.range.start.line == 2 then target = d end
  end
  assert(target, 'no unknown-field diagnostic on line 3')
  local actions = request(hep, 'textDocument/codeAction', {
    textDocument = { uri = hep_uri }, range = target.range, context = { diagnostics = { target } },
  })
  local titles, chosen = {}, nil
  for _, a in ipairs(actions or {}) do
    table.insert(titles, a.title)
    if a.kind == 'quickfix' and a.edit and not chosen then chosen = a end
  end
  assert(chosen, 'no quick fix offered: ' .. vim.inspect(titles))
  vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  local fixed_line = vim.api.nvim_buf_get_lines(hep, 2, 3, false)[1]
  -- Neovim sends the edit as a didChange; wait for the diagnostics of the new text.
  local cleared = vim.wait(20000, function()
    for _, d in ipairs(vim.diagnostic.get(hep)) do
      if d.lnum == 2 then return false end
    end
    return true
  end, 20)

  local hover = request(hep, 'textDocument/hover', { textDocument = { uri = hep_uri }, position = { line = 1, character = 8 } })
  local symbols = request(hep, 'textDocument/documentSymbol', { textDocument = { uri = hep_uri } })

  -- The policy, in a second buffer: its selector selects the host endpoint, now labelled.
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.CALICO_DIR .. '/policy.yaml'))
  local pol = vim.api.nvim_get_current_buf()
  assert(vim.lsp.buf_attach_client(pol, client_id), 'could not attach the client to the policy')
  local pol_uri = vim.uri_from_bufnr(pol)
  local definition = request(pol, 'textDocument/definition', { textDocument = { uri = pol_uri }, position = { line = 5, character = 14 } })
  local references = request(hep, 'textDocument/references', {
    textDocument = { uri = hep_uri }, position = { line = 3, character = 9 }, context = { includeDeclaration = false },
  })
  local pol_symbols = request(pol, 'textDocument/documentSymbol', { textDocument = { uri = pol_uri } })
  -- Code lenses come unresolved; each is resolved on its own, as clients do when they draw it.
  local lens_titles = {}
  for _, lens in ipairs(request(hep, 'textDocument/codeLens', { textDocument = { uri = hep_uri } }) or {}) do
    local resolved = request(hep, 'codeLens/resolve', lens)
    table.insert(lens_titles, resolved and resolved.command and resolved.command.title or vim.NIL)
  end
  local workspace_symbols = request(pol, 'workspace/symbol', { query = 'web-node' })
  finish({
    lens_titles = lens_titles, workspace_symbols = workspace_symbols,
    fixed_line = fixed_line, cleared = cleared, action = chosen.title,
    hover = hover and hover.contents or vim.NIL,
    symbols = symbols, pol_symbols = pol_symbols,
    definition = definition, references = references,
    hep_uri = hep_uri, pol_uri = pol_uri,
  })
end)
if not ok then finish({ error = tostring(err) }) end
`;

const NAV_HEP = ['apiVersion: projectcalico.org/v3', 'kind: HostEndpoint', 'metadata: {name: web-node-1-eth0, labelz: {role: web}}', 'spec:', '  interfaceName: eth0', '  node: web-node-1', ''].join('\n');

test('Neovim: a quick fix applied, hover, outline, definition, references, code lenses and workspace symbols through plain LSP', { skip: hasNvim ? false : 'nvim is not on PATH (install neovim to run this test)' }, async (t) => {
  // The host endpoint's name sits on line 3 in block style so references can start from it.
  const hepText = NAV_HEP.replace('metadata: {name: web-node-1-eth0, labelz: {role: web}}', 'metadata: {labelz: {role: web},\n  name: web-node-1-eth0}');
  const { stderr, result: raw } = await runNvim(t, { 'hostendpoint.yaml': hepText, 'policy.yaml': POLICY }, NAV_LUA, 'hostendpoint.yaml');
  type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
  type Symbol = { name: string; range: Range; selectionRange: Range; children?: Symbol[] };
  const result = raw as {
    error?: string;
    fixed_line: string;
    cleared: boolean;
    action: string;
    hover: { kind: string; value: string };
    symbols: Symbol[];
    pol_symbols: Symbol[];
    definition: { uri: string; range: Range }[];
    references: { uri: string; range: Range }[];
    hep_uri: string;
    pol_uri: string;
    lens_titles: string[];
    workspace_symbols: { name: string; location: { uri: string } }[];
  };
  assert.equal(result.error, undefined, `Lua error: ${result.error}; stderr: ${stderr}`);
  assert.equal(result.fixed_line, 'metadata: {labels: {role: web},', `the fix (${result.action}) was applied to the buffer`);
  assert.equal(result.cleared, true, 'the diagnostic went away after the fix');
  assert.match(result.hover.value, /\*\*HostEndpoint\*\*/);
  assert.deepEqual(result.symbols.map((s) => s.name), ['HostEndpoint web-node-1-eth0']);
  const nameRange = { start: { line: 3, character: 8 }, end: { line: 3, character: 23 } };
  assert.deepEqual(result.symbols[0]!.selectionRange, nameRange);
  assert.deepEqual(result.pol_symbols[0]!.children!.map((c) => c.name), ['ingress[0] Allow TCP → 443']);
  assert.deepEqual(result.definition, [{ uri: result.hep_uri, range: nameRange }]);
  assert.deepEqual(result.references, [{ uri: result.pol_uri, range: { start: { line: 3, character: 8 }, end: { line: 3, character: 17 } } }]);
  assert.equal(result.lens_titles.length, 1, JSON.stringify(result.lens_titles));
  assert.match(result.lens_titles[0]!, /^1 policy applies/);
  assert.deepEqual(result.workspace_symbols.map((x) => [x.name, x.location.uri]), [['web-node-1-eth0', result.hep_uri]]);
});
