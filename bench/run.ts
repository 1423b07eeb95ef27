import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { machine, type BenchResult } from './support';
import { coldStart } from './cold-start';
import { registerVolunteersBench } from './register-volunteers';
import { signupsBench } from './signups';
import { rosterBench } from './roster';
import { hoursBench } from './hours';
import { liveBench } from './live';
import { rosterPeerBench } from './roster-peer';
import { importBench } from './import';
import { floorBench } from './floor';
import { consoleBundleBench } from './console-bundle';

/** Runs every benchmark in turn and writes docs/benchmarks.md. `npm run bench -- name` runs one. */
const benches: Record<string, () => Promise<BenchResult>> = {
  'cold-start': coldStart,
  'register-volunteers': registerVolunteersBench,
  signups: signupsBench,
  floor: floorBench,
  roster: rosterBench,
  hours: hoursBench,
  live: liveBench,
  'roster-peer': rosterPeerBench,
  import: importBench,
  'console-bundle': consoleBundleBench,
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

const today = new Date().toISOString().slice(0, 10);
const sectionOf = (r: BenchResult) => [
  `## ${r.name}`, '', `Run on ${today}; machine: ${machine()}.`, '',
  '| measure | value | notes |', '| --- | --- | --- |', ...r.rows.map((row) => `| ${row.join(' | ')} |`), '',
].join('\n');
const file = new URL('../docs/benchmarks.md', import.meta.url);
// Each run replaces its own sections, dated, and keeps the rest: the notes written beside the
// numbers (what a profile showed, what is left) survive a full `npm run bench` too.
let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n';
for (const result of results) {
  const heading = `## ${result.name}\n`;
  const at = text.indexOf(heading);
  const next = at < 0 ? -1 : text.indexOf('\n## ', at + heading.length);
  text = at < 0 ? `${text.trimEnd()}\n\n${sectionOf(result)}` : text.slice(0, at) + sectionOf(result) + (next < 0 ? '' : text.slice(next + 1));
}
writeFileSync(file, text);
console.log(`docs/benchmarks.md: ${results.map((r) => r.name).join(', ')} updated`);
process.exit(0);
