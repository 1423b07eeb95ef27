/**
 * "Tell me once this transaction has committed": a writer marks its transaction with a topic
 * (afterCommit) and the database wrapper (db.ts) announces the topics after COMMIT succeeds.
 * Nothing is announced for a transaction that rolls back, and nothing runs inside the transaction,
 * so whoever listens (a NOTIFY, a wake-up) never sits in the writer's hot path or holds its locks.
 */
const topicsOf = new WeakMap<object, Set<string>>();

/** Marks `tx` so that `topic` is announced once it commits. An untracked transaction is ignored. */
export function afterCommit(tx: object, topic: string): void {
  topicsOf.get(tx)?.add(topic);
}

/** Starts collecting marks for a top-level transaction and every savepoint opened inside it. */
export function trackCommit(tx: object): Set<string> {
  const topics = new Set<string>();
  follow(tx, topics);
  return topics;
}

/** A savepoint is a new transaction object; its marks count for the top-level transaction. */
function follow(tx: object, topics: Set<string>): void {
  topicsOf.set(tx, topics);
  const nested = tx as { transaction?: (work: (inner: object) => unknown, ...rest: unknown[]) => unknown };
  if (typeof nested.transaction !== 'function') return;
  const open = nested.transaction.bind(tx);
  nested.transaction = (work, ...rest) => open((inner: object) => {
    follow(inner, topics);
    return work(inner);
  }, ...rest);
}
