import type { Command } from './command';

// Placeholder until the report command is built; replaced by its owner.
export const reportCommand: Command = {
  name: 'report',
  summary: '(not built yet)',
  help: 'fountain-provenance report: not built yet',
  async run(_args, io) {
    io.stderr('fountain-provenance report: not built yet\n');
    return 2;
  },
};
