import type { Command } from './command';

// Placeholder until the parse command is built; replaced by its owner.
export const parseCommand: Command = {
  name: 'parse',
  summary: '(not built yet)',
  help: 'fountain-provenance parse: not built yet',
  async run(_args, io) {
    io.stderr('fountain-provenance parse: not built yet\n');
    return 2;
  },
};
