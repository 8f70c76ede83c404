import net from 'node:net';

/**
 * A TCP relay in front of a test server that can fall silent: while `isSilent`, bytes in both directions are
 * dropped and the connections stay open, like a switch or a PLC that hangs without closing anything.
 */
export interface BlackholeProxy {
  readonly port: number;
  isSilent: boolean;
  close(): Promise<void>;
}

export async function startBlackholeProxy(targetPort: number): Promise<BlackholeProxy> {
  const sockets = new Set<net.Socket>();
  const proxy = {
    port: 0,
    isSilent: false,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const relay = (from: net.Socket, to: net.Socket) => {
    from.on('data', (chunk) => {
      if (!proxy.isSilent) to.write(chunk);
    });
    from.on('close', () => to.destroy());
    from.on('error', () => to.destroy());
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(proxy, { port: (server.address() as net.AddressInfo).port });
}
