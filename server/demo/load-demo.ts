import type { Db } from '../platform/db';
import type { AppDeps } from '../context';

/** Placeholder until the demo data set lands (see server/demo/). */
export async function loadDemo(_db: Db, _deps: AppDeps, print: (line: string) => void): Promise<void> {
  print('demo: not loaded yet');
}
