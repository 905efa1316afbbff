#!/usr/bin/env node
// Installed-use launcher of the command line (contracts/cli.md): runs the CLI
// built by `npm run build` (out/main/cli.js). `npm run cli` runs the source with tsx instead.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write(
    `plecto-dirsync: the command line is not built (${cli} is missing).\n` +
      'Run "npm run build" in the app folder first, or use "npm run cli -- <command>".\n',
  );
  process.exit(2);
}
// cli.js runs the command line as soon as it is loaded and sets process.exitCode.
require(cli);
