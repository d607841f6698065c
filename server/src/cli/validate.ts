import type { Command } from './command';

// Placeholder until the validate command is built; replaced by its owner.
export const validateCommand: Command = {
  name: 'validate',
  summary: '(not built yet)',
  help: 'fountain-provenance validate: not built yet',
  async run(_args, io) {
    io.stderr('fountain-provenance validate: not built yet\n');
    return 2;
  },
};
