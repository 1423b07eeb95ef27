import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the test server whose connections can be cut at any moment, as a phone
 * losing its network would: both ends are destroyed at once, mid-frame or not.
 */
export interface CuttingProxy {
  /** ws:// URL through the proxy. */
  wsUrl: string;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Destroys every open connection; answers how many there were. */
  cut(): number;
  close(): Promise<void>;
}

export async function startCuttingProxy(target: string): Promise<CuttingProxy> {
  const { hostname, port, pathname } = new URL(target);
  const open = new Set<[Socket, Socket]>();
  let accepted = 0;
  const server: Server = createServer((client) => {
    accepted += 1;
    const upstream = connect(Number(port), hostname);
    const pair: [Socket, Socket] = [client, upstream];
    open.add(pair);
    const drop = () => { open.delete(pair); client.destroy(); upstream.destroy(); };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  const cut = () => {
    const n = open.size;
    for (const [a, b] of [...open]) { a.destroy(); b.destroy(); }
    open.clear();
    return n;
  };
  return {
    wsUrl: `ws://127.0.0.1:${address.port}${pathname}`,
    get accepted() { return accepted; },
    cut,
    close() {
      cut();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
