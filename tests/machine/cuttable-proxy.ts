import net from 'node:net';

// A TCP proxy on 127.0.0.1 between a terminal and the central server, whose cable a test can pull: `cut()`
// drops every open connection and refuses new ones until `restore()`. Requests in flight die as they would
// when a switch port goes dark, so the terminal sees real network errors, not a mocked fetch.

export interface CuttableProxy {
  readonly port: number;
  readonly isCut: boolean;
  /** Connections refused while cut: the terminal kept trying. */
  readonly refused: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startCuttableProxy(targetPort: number): Promise<CuttableProxy> {
  const open = new Set<net.Socket>();
  let isCut = false;
  let refused = 0;

  const server = net.createServer((client) => {
    if (isCut) {
      refused++;
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      // Either side failing ends both, like a broken link.
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });

  return {
    port: (server.address() as net.AddressInfo).port,
    get isCut() {
      return isCut;
    },
    get refused() {
      return refused;
    },
    cut() {
      isCut = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      isCut = false;
    },
    close() {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
