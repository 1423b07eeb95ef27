#!/usr/bin/env node
// `gridroster` (npx gridroster … from the clone): the command line in client/cli, run through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../client/cli/main.ts');
await main();
