#!/usr/bin/env node
import { runCli } from './cli.js';

const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());
process.exitCode = await runCli(process.argv.slice(2), { signal: stop.signal });
