import { readFileSync, writeFileSync } from 'node:fs';
import { machine, type BenchResult } from './support';
import { coldStart } from './cold-start';
import { registerVolunteersBench } from './register-volunteers';
import { signupsBench } from './signups';
import { rosterBench } from './roster';
import { hoursBench } from './hours';

/** Runs every benchmark in turn and writes docs/benchmarks.md. `npm run bench -- name` runs one. */
const benches: Record<string, () => Promise<BenchResult>> = {
  'cold-start': coldStart,
  'register-volunteers': registerVolunteersBench,
  signups: signupsBench,
  roster: rosterBench,
  hours: hoursBench,
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
const file = new URL('../docs/benchmarks.md', import.meta.url);
if (only.length === 0) {
  writeFileSync(file, lines.join('\n'));
  console.log('docs/benchmarks.md written');
} else {
  // A partial run (`npm run bench -- name`) replaces (or adds) only its own sections.
  writeFileSync(file, mergeSections(readFileSync(file, 'utf8'), results));
  console.log(`docs/benchmarks.md: ${results.map((r) => r.name).join(', ')} updated`);
}

function mergeSections(text: string, fresh: BenchResult[]): string {
  let merged = text.trimEnd() + '\n';
  for (const r of fresh) {
    const section = [`## ${r.name}`, '', `Run on ${new Date().toISOString().slice(0, 10)}, ${machine()}.`, '', '| measure | value | notes |', '| --- | --- | --- |',
      ...r.rows.map((row) => `| ${row.join(' | ')} |`), ''].join('\n');
    const start = merged.indexOf(`## ${r.name}\n`);
    if (start < 0) { merged += '\n' + section; continue; }
    const next = merged.indexOf('\n## ', start + 3);
    merged = merged.slice(0, start) + section + (next < 0 ? '' : merged.slice(next + 1));
  }
  return merged;
}
process.exit(0);
