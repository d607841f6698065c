import type { Command } from './command';

// Placeholder until the stats command is built; replaced by its owner.
export const statsCommand: Command = {
  name: 'stats',
  summary: '(not built yet)',
  help: 'fountain-provenance stats: not built yet',
  async run(_args, io) {
    io.stderr('fountain-provenance stats: not built yet\n');
    return 2;
  },
};
