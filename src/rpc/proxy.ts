// A byte-counting TCP relay on loopback: every connection to it is relayed to 127.0.0.1:target, and the bytes each
// way are counted on its sockets (client to server = sent, server to client = received), optionally kept for
// inspection or handed to a tap (src/rpc/call-bytes.ts splits them per call into headers, data and the rest). The
// wire table puts it between a client and the server; no stack knows it is there. Tests: test/rpc/wire.test.ts,
// test/rpc/call-bytes.test.ts.
import net from 'node:net';
import type { ConnectionTap } from './call-bytes.js';

export interface CountingProxy {
  port: number;
  /** Bytes relayed so far: sent (client to server) and received (server to client), and connections accepted. */
  counts(): { sent: number; received: number; connections: number };
  /** The client-to-server bytes relayed so far, in order (only when created with keep: true). */
  sentBytes(): Buffer;
  close(): Promise<void>;
}

/**
 * A relay to 127.0.0.1:`target` on a port the kernel picks. keep: remember the client-to-server bytes; tap: called
 * once per accepted connection, its taps get every chunk each way in order (before the chunk is passed on).
 */
export async function countingProxy(
  target: number,
  o: { keep?: boolean; tap?: { connection(): ConnectionTap } } = {},
): Promise<CountingProxy> {
  let sent = 0;
  let received = 0;
  let connections = 0;
  const kept: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((down) => {
    connections++;
    down.setNoDelay(true);
    const up = net.connect({ port: target, host: '127.0.0.1', noDelay: true });
    const tap = o.tap?.connection();
    sockets.add(down).add(up);
    down.on('data', (c: Buffer) => {
      sent += c.length;
      if (o.keep) kept.push(Buffer.from(c));
      tap?.sent(c);
      up.write(c);
    });
    up.on('data', (c: Buffer) => {
      received += c.length;
      tap?.received(c);
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
