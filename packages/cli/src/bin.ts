#!/usr/bin/env node
import { processIo } from './io.ts';
import { runCli } from './program.ts';

const io = processIo();
process.exitCode = await runCli(process.argv.slice(2), io);
