// A language model provider for the tests: one model that streams a fixed reply in parts,
// so "Draft with AI" can run end to end with no network and no account.
const vscode = require('vscode');

const vendor = 'fountain-provenance-test';
const model = {
  id: 'fake-screenwriter-1',
  name: 'Fake Screenwriter',
  family: 'fake-screenwriter',
  version: '1.0.0',
  maxInputTokens: 100000,
  maxOutputTokens: 4000,
  capabilities: {},
};
/** What the model says, in the parts it streams. */
const reply = ['LAMP KEEPER\n', 'The light keeps turning ', 'whether anyone watches or not.\n'];

function activate(context) {
  const requests = [];
  context.subscriptions.push(
    vscode.lm.registerLanguageModelChatProvider(vendor, {
      provideLanguageModelChatInformation: async () => [model],
      provideLanguageModelChatResponse: async (_model, messages, _options, progress) => {
        requests.push(messages.map((m) => m.content.map((p) => p.value ?? '').join('')).join('\n'));
        for (const part of reply) progress.report(new vscode.LanguageModelTextPart(part));
      },
      provideTokenCount: async (_model, text) => Math.ceil((typeof text === 'string' ? text.length : 100) / 4),
    }),
  );
  return { vendor, model, reply: reply.join(''), requests };
}

module.exports = { activate, deactivate() {} };
