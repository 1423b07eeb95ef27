/**
 * The command line as the binary runs it, in a process of its own, with its peak resident memory
 * reported on the last line of stderr (`maxRssKiB=…`) for bench/import.ts.
 */
import { processIo } from '../client/cli/io';
import { run } from '../client/cli/main';

const code = await run(process.argv.slice(2), processIo());
process.stderr.write(`\nmaxRssKiB=${process.resourceUsage().maxRSS}\n`);
process.exit(code);
