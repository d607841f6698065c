import type { Command } from './command';

// Placeholder until the outline command is built; replaced by its owner.
export const outlineCommand: Command = {
  name: 'outline',
  summary: '(not built yet)',
  help: 'fountain-provenance outline: not built yet',
  async run(_args, io) {
    io.stderr('fountain-provenance outline: not built yet\n');
    return 2;
  },
};
