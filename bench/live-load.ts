import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

/**
 * The subscribers of the live benchmark, in a process of their own (`node --import tsx
 * bench/live-load.ts`), so the sockets' client work never shares the server's event loop. It
 * speaks the graphql-transport-ws protocol directly (a graphql-ws client per socket would cost
 * this process more than the server) and records when each pushed event arrived.
 */
export type LoadCommand =
  | { type: 'raw'; url: string; count: number }
  | { type: 'subscribe'; url: string; count: number; tokens: string[]; shiftIds: string[]; query: string }
  | { type: 'report' }
  | { type: 'close' };

export interface Receipt {
  /** The event's cursor (gridroster) or the frame's send time (raw floor). */
  key: string;
  /** Wall-clock milliseconds (performance.timeOrigin + performance.now()). */
  at: number;
}

export interface LoadReport {
  receipts: Receipt[];
  opened: number;
  /** Close codes seen, with how many sockets closed so. */
  closes: Record<string, number>;
  errors: number;
}

const wallClock = () => performance.timeOrigin + performance.now();

/** Starts the load process and returns a way to send it commands (each answered once). */
export function startLoadProcess(): { send(command: LoadCommand): Promise<unknown>; stop(): Promise<void> } {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  let pending: ((value: unknown) => void) | null = null;
  child.on('message', (message) => { pending?.(message); pending = null; });
  return {
    send: (command) => new Promise((resolve) => { pending = resolve; child.send(command); }),
    stop: () => new Promise((resolve) => { child.once('exit', () => resolve()); child.kill(); }),
  };
}

const sockets: WebSocket[] = [];
const receipts: Receipt[] = [];
const closes: Record<string, number> = {};
let errors = 0;

function track(socket: WebSocket): void {
  sockets.push(socket);
  socket.on('close', (code) => { closes[code] = (closes[code] ?? 0) + 1; });
  socket.on('error', () => { errors++; });
}

/** Opens sockets a few hundred at a time; resolves once each is open (or failed). */
async function openAll(count: number, open: (i: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < count; start += 200) {
    await Promise.all(Array.from({ length: Math.min(200, count - start) }, (_, k) => open(start + k).catch(() => { errors++; })));
  }
}

function openRaw(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    track(socket);
    socket.on('message', (data) => receipts.push({ key: String(JSON.parse(String(data)).ts), at: wallClock() }));
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
}

function openSubscriber(url: string, token: string, shiftId: string, query: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    track(socket);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => {
      const at = wallClock();
      const message = JSON.parse(String(data));
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: { filter: { shiftId } } } }));
        resolve();
      } else if (message.type === 'next' && message.payload?.data) {
        receipts.push({ key: message.payload.data.rosterChanged.cursor, at });
      } else if (message.type === 'error' || message.payload?.errors) {
        errors++;
      }
    });
    socket.once('error', reject);
    socket.once('close', () => resolve());
  });
}

/** A new phase counts its own closes and errors. */
function resetCounts(): void {
  for (const code of Object.keys(closes)) delete closes[code];
  errors = 0;
}

async function handle(command: LoadCommand): Promise<unknown> {
  switch (command.type) {
    case 'raw':
      resetCounts();
      await openAll(command.count, () => openRaw(command.url));
      return { opened: sockets.length };
    case 'subscribe':
      resetCounts();
      await openAll(command.count, (i) => openSubscriber(command.url, command.tokens[i % command.tokens.length], command.shiftIds[i % command.shiftIds.length], command.query));
      return { opened: sockets.length };
    case 'report': {
      const report: LoadReport = { receipts: receipts.splice(0), opened: sockets.length, closes: { ...closes }, errors };
      return report;
    }
    case 'close':
      for (const socket of sockets.splice(0)) socket.terminate();
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { closed: true };
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  process.on('message', (command: LoadCommand) => {
    void handle(command).then((answer) => process.send!(answer));
  });
}
