// Placeholder: the language server entry point (issue 4) replaces this file.
process.stderr.write('fountain-provenance-server: not built yet\n');
process.exitCode = 2;
