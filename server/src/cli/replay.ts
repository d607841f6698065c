import type { Command } from './command';

// Placeholder until the replay command is built; replaced by its owner.
export const replayCommand: Command = {
  name: 'replay',
  summary: '(not built yet)',
  help: 'fountain-provenance replay: not built yet',
  async run(_args, io) {
    io.stderr('fountain-provenance replay: not built yet\n');
    return 2;
  },
};
