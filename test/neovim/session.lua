-- Headless Neovim (0.7+) as a real LSP client of the built server. Run by neovim.test.ts:
--   FP_SERVER=<dist/server.js> FP_OUT=<result.json> nvim --headless -u NONE -i NONE -n -c 'luafile session.lua' <script>
-- Writes what it saw as JSON to FP_OUT, then quits (exit code 1 on any error).
local result = { steps = {} }

local function step(name, value)
  table.insert(result.steps, name)
  result[name] = value
end

local function finish(code)
  local file = io.open(os.getenv('FP_OUT'), 'w')
  file:write(vim.fn.json_encode(result))
  file:close()
  if code == 0 then vim.cmd('qa!') else vim.cmd('cq 1') end
end

local function codes(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(out, { code = code, lnum = d.lnum, message = d.message })
  end
  return out
end

local function find(bufnr, code)
  for _, d in ipairs(codes(bufnr)) do
    if d.code == code then return d end
  end
  return nil
end

local function wait(what, predicate)
  if not vim.wait(15000, predicate, 20) then error('timed out waiting for ' .. what) end
end

local ok, err = pcall(function()
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'fountain'
  local client_id = vim.lsp.start_client({
    name = 'fountain-provenance',
    cmd = { 'node', os.getenv('FP_SERVER'), '--stdio' },
    root_dir = vim.fn.expand('%:p:h'),
    settings = { fountainProvenance = { writer = { name = 'Nia Vim', email = 'nia@example.invalid' } } },
    -- Neovim 0.7 neither declares workspace/configuration nor pushes settings by itself.
    on_init = function(c)
      c.notify('workspace/didChangeConfiguration', { settings = c.config.settings })
    end,
  })
  if not client_id then error('the server did not start') end
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  wait('initialize', function() return client.initialized end)

  -- A long insertion nobody labelled: the server flags it.
  local pasted = 'The kettle screams. Somewhere upstairs a radio plays a song nobody has heard since 1987.'
  vim.api.nvim_buf_set_lines(bufnr, 20, 20, false, { pasted, '' })
  wait('provenance.unattributed', function() return find(bufnr, 'provenance.unattributed') ~= nil end)
  local pasted_at = find(bufnr, 'provenance.unattributed').lnum
  step('pasted', find(bufnr, 'provenance.unattributed'))
  step('pastedText', vim.api.nvim_buf_get_lines(bufnr, 20, 21, false)[1])

  -- Lines typed above it: the diagnostic follows the text.
  vim.api.nvim_buf_set_lines(bufnr, 2, 2, false, { 'Notes: typed' })
  vim.api.nvim_buf_set_lines(bufnr, 2, 2, false, { 'Revision: blue' })
  wait('the diagnostic to move', function()
    local d = find(bufnr, 'provenance.unattributed')
    return d ~= nil and d.lnum == pasted_at + 2
  end)
  step('moved', find(bufnr, 'provenance.unattributed'))

  -- The quick fix: attest it as the writer's own (a command the server executes).
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 22, character = 0 }, ['end'] = { line = 22, character = 5 } }, -- the pasted line, moved
    context = { diagnostics = {} },
  }
  local response = client.request_sync('textDocument/codeAction', params, 10000, bufnr)
  if not response or response.err then error('codeAction failed: ' .. vim.inspect(response)) end
  local titles = {}
  local attest
  for _, action in ipairs(response.result or {}) do
    table.insert(titles, action.title)
    if not attest and action.command and action.command.command == 'fountainProvenance.attest' then attest = action end
  end
  step('actions', titles)
  if not attest then error('no attest action') end
  local done = client.request_sync('workspace/executeCommand', attest.command, 10000, bufnr)
  if not done or done.err then error('attest failed: ' .. vim.inspect(done)) end
  wait('the finding to go', function() return find(bufnr, 'provenance.unattributed') == nil end)
  step('attested', codes(bufnr))

  -- Generated text through the server's command: Neovim applies the edit the server sends.
  local gen = client.request_sync('workspace/executeCommand', {
    command = 'fountainProvenance.insertGenerated',
    arguments = { {
      uri = vim.uri_from_bufnr(bufnr),
      range = { start = { line = 24, character = 0 }, ['end'] = { line = 24, character = 0 } },
      text = 'Steam curls off the bread like a question nobody wants to answer.\n\n',
      tool = 'neovim-test', model = 'gpt-4o',
    } },
  }, 10000, bufnr)
  if not gen or gen.err then error('insertGenerated failed: ' .. vim.inspect(gen)) end
  step('generated', gen.result)
  local runs = client.request_sync('fountainProvenance/runs', { uri = vim.uri_from_bufnr(bufnr), range = gen.result.range }, 10000, bufnr)
  local kinds = {}
  for _, run in ipairs(runs.result.runs) do table.insert(kinds, run.kind) end
  step('generatedKinds', kinds)
  wait('disclosure.title-page-missing', function() return find(bufnr, 'disclosure.title-page-missing') ~= nil end)

  -- An edit quick fix: the server's WorkspaceEdit applied by Neovim.
  local d = find(bufnr, 'disclosure.title-page-missing')
  params.range = { start = { line = d.lnum, character = 0 }, ['end'] = { line = d.lnum, character = 0 } }
  response = client.request_sync('textDocument/codeAction', params, 10000, bufnr)
  local edit
  for _, action in ipairs(response.result or {}) do
    if not edit and action.edit then edit = action.edit end
  end
  if not edit then error('no edit action for the title page') end
  vim.lsp.util.apply_workspace_edit(edit, 'utf-16')
  wait('the title page finding to go', function() return find(bufnr, 'disclosure.title-page-missing') == nil end)
  local disclosure = ''
  for _, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, 12, false)) do
    if line:match('^AI Disclosure:') then disclosure = line end
  end
  step('disclosure', disclosure)
  step('final', codes(bufnr))
end)

if not ok then
  result.error = tostring(err)
  pcall(function()
    result.diagnostics = codes(0)
    result.lines = vim.api.nvim_buf_get_lines(0, 0, 30, false)
  end)
  finish(1)
else
  finish(0)
end
