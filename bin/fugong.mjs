#!/usr/bin/env node
// Entry point of the `fugong` CLI. The server runs from its TypeScript sources through tsx,
// so a fresh clone needs no compile step; `start` also builds the web app when it is missing.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/cli.ts');
await main(process.argv);
