// Helpers for lab 08's tests: the server-child processes this test process started and that are still alive
// (read from /proc: parent pid and command line), and whether a pid is alive.
import { readdirSync, readFileSync } from 'node:fs';

/** Live processes whose command line runs src/rpc/server-child.ts and whose parent is `parent`. */
export function serverChildrenOf(parent = process.pid): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const ppid = /PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      const state = /State:\s+(\w)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      if (cmd.includes('server-child.ts') && Number(ppid) === parent && state !== 'Z') pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Whether `pid` names a live (not zombie) process. */
export function alive(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return !/State:\s+Z/.test(status);
  } catch {
    return false;
  }
}

/** The connection preface an HTTP/2 client sends first (RFC 9113, 3.4): 24 bytes. */
export const H2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';

/** HTTP/2 frames in a client's byte stream after its preface: 9-byte header (length, type, flags, stream), payload. */
export function h2Frames(bytes: Buffer): { type: number; flags: number; stream: number; payload: Buffer }[] {
  if (bytes.subarray(0, 24).toString('latin1') !== H2_PREFACE) throw new Error('no HTTP/2 preface');
  const frames = [];
  let at = 24;
  while (at + 9 <= bytes.length) {
    const length = bytes.readUIntBE(at, 3);
    frames.push({
      type: bytes[at + 3],
      flags: bytes[at + 4],
      stream: bytes.readUInt32BE(at + 5) & 0x7fffffff,
      payload: bytes.subarray(at + 9, at + 9 + length),
    });
    at += 9 + length;
  }
  return frames;
}
