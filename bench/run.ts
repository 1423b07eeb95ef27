import { writeFileSync } from 'node:fs';
import { machine, type BenchResult } from './support';
import { coldStart } from './cold-start';
import { registerVolunteersBench } from './register-volunteers';
import { signupsBench } from './signups';
import { rosterBench } from './roster';

/** Runs every benchmark in turn and writes docs/benchmarks.md. `npm run bench -- name` runs one. */
const benches: Record<string, () => Promise<BenchResult>> = {
  'cold-start': coldStart,
  'register-volunteers': registerVolunteersBench,
  signups: signupsBench,
  roster: rosterBench,
};

const only = process.argv.slice(2);
const results: BenchResult[] = [];
for (const [name, run] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`bench: ${name}…`);
  const result = await run();
  for (const [measure, value] of result.rows) console.log(`  ${measure}: ${value}`);
  results.push(result);
}

const lines = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.`,
  `Machine: ${machine()}.`,
  '',
  ...results.flatMap((r) => [`## ${r.name}`, '', '| measure | value | notes |', '| --- | --- | --- |', ...r.rows.map((row) => `| ${row.join(' | ')} |`), '']),
];
// A partial run (`npm run bench -- name`) prints its numbers but leaves the full record alone.
if (only.length === 0) {
  writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), lines.join('\n'));
  console.log('docs/benchmarks.md written');
}
process.exit(0);
