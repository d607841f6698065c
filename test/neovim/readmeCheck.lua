-- Run after the README's Neovim configuration (loaded with -u): the script opened on the
-- command line gets a client, a paste gets flagged, the writer is the configured one.
local result = {}
local function finish(code)
  local file = io.open(os.getenv('FP_OUT'), 'w')
  file:write(vim.fn.json_encode(result))
  file:close()
  if code == 0 then vim.cmd('qa!') else vim.cmd('cq 1') end
end

local ok, err = pcall(function()
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype
  local client
  if not vim.wait(15000, function()
    client = vim.lsp.get_active_clients()[1]
    return client ~= nil and client.initialized and vim.lsp.buf_is_attached(bufnr, client.id)
  end, 20) then error('no language client attached to the script') end
  result.client = client.name
  vim.api.nvim_buf_set_lines(bufnr, 20, 20, false, { 'A line that arrives all at once, far longer than any keystroke could be.', '' })
  local found
  if not vim.wait(15000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if code == 'provenance.unattributed' then found = d end
    end
    return found ~= nil
  end, 20) then error('no provenance.unattributed diagnostic') end
  result.line = found.lnum
  local response = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 20, character = 0 }, ['end'] = { line = 20, character = 1 } },
    context = { diagnostics = {} },
  }, 10000, bufnr)
  result.actions = {}
  for _, action in ipairs(response.result or {}) do table.insert(result.actions, action.title) end
end)

if not ok then
  result.error = tostring(err)
  finish(1)
else
  finish(0)
end
