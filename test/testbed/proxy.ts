/**
 * A TCP relay on loopback in front of the emulator, that can be stopped and
 * started again on the same port: a backend endpoint that goes away in the
 * middle of a terraform run (connection refused) and comes back with its data,
 * as when the network or the credentials to a real S3 fail during an apply.
 * Killing a second emulator process would lose the state it holds (moto keeps
 * everything in memory), so the data stays in the emulator and only the path
 * to it is cut.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface StoppableProxy {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  port: number;
  /** Closes the listener and every open connection: new connections are refused. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Connections accepted so far. */
  connections(): number;
}

export async function startProxy(targetPort: number, port = 0): Promise<StoppableProxy> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  let server: Server | undefined;
  let bound = port;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const srv = createServer((client) => {
        accepted++;
        const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream);
        upstream.pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      srv.once('error', reject);
      srv.listen(bound, '127.0.0.1', () => {
        const a = srv.address();
        bound = typeof a === 'object' && a ? a.port : bound;
        server = srv;
        resolve();
      });
    });
  await listen();
  return {
    get endpoint() {
      return `http://127.0.0.1:${bound}`;
    },
    get port() {
      return bound;
    },
    async stop() {
      const srv = server;
      server = undefined;
      for (const s of sockets) s.destroy();
      if (srv) await new Promise<void>((r) => srv.close(() => r()));
    },
    async start() {
      if (!server) await listen();
    },
    connections: () => accepted,
  };
}
