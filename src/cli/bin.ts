#!/usr/bin/env node
import { main } from './main.js';
import { exitOnClosedPipe, processIo } from './io.js';

exitOnClosedPipe([process.stdout, process.stderr], (code) => process.exit(code));
process.exitCode = await main(process.argv.slice(2), processIo());
