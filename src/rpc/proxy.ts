// A byte-counting TCP relay on loopback: every connection to it is relayed to 127.0.0.1:target, and the bytes each
// way are counted on its sockets (client to server = sent, server to client = received), optionally kept for
// inspection. The wire table puts it between a client and the server; no stack knows it is there. Tests:
// test/rpc/wire.test.ts.
import net from 'node:net';

export interface CountingProxy {
  port: number;
  /** Bytes relayed so far: sent (client to server) and received (server to client), and connections accepted. */
  counts(): { sent: number; received: number; connections: number };
  /** The client-to-server bytes relayed so far, in order (only when created with keep: true). */
  sentBytes(): Buffer;
  close(): Promise<void>;
}

export async function countingProxy(target: number, o: { keep?: boolean } = {}): Promise<CountingProxy> {
  let sent = 0;
  let received = 0;
  let connections = 0;
  const kept: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((down) => {
    connections++;
    down.setNoDelay(true);
    const up = net.connect({ port: target, host: '127.0.0.1', noDelay: true });
    sockets.add(down).add(up);
    down.on('data', (c: Buffer) => {
      sent += c.length;
      if (o.keep) kept.push(Buffer.from(c));
      up.write(c);
    });
    up.on('data', (c: Buffer) => {
      received += c.length;
      down.write(c);
    });
    const end = () => {
      down.destroy();
      up.destroy();
      sockets.delete(down);
      sockets.delete(up);
    };
    for (const s of [down, up]) {
      s.on('error', end);
      s.on('close', end);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    counts: () => ({ sent, received, connections }),
    sentBytes: () => Buffer.concat(kept),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
