#!/usr/bin/env node
import { exitOnClosedPipe, processIo } from './io.js';
import { VERSION } from './version.js';

exitOnClosedPipe([process.stdout, process.stderr], (code) => process.exit(code));
const argv = process.argv.slice(2);
// `deriv --version` answers before loading the option parser: it is the command scripts run most.
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) process.stdout.write(`${VERSION}\n`);
else process.exitCode = await (await import('./main.js')).main(argv, processIo());
