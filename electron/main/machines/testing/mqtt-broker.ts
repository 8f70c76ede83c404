import net from 'node:net';
import { Aedes } from 'aedes';

/** An in-process MQTT broker (aedes) on 127.0.0.1 for the tests; `close()` also drops every client. */
export interface TestMqttBroker {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function startMqttBroker(port = 0): Promise<TestMqttBroker> {
  const broker = await Aedes.createBroker();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as net.AddressInfo).port;
  return {
    port: actualPort,
    url: `mqtt://127.0.0.1:${actualPort}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}
