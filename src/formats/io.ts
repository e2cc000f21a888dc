// Counting the bytes a reader takes from a file, at the layer the library reads through: the JS readers here get
// their bytes only from these functions (whole-file streams or positional reads), and the native engines (SQLite,
// DuckDB) are counted from the kernel's per-process read counters. Tests: test/formats/io.test.ts.
import { closeSync, createReadStream, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { InputError } from '../core/errors.js';

export interface ReadCounter {
  /** Bytes handed to the reader. */
  bytes: number;
  /** Read calls made. */
  reads: number;
}

export const newCounter = (): ReadCounter => ({ bytes: 0, reads: 0 });

/** A file opened for positional reads (pread), every read counted. */
export class CountingFile {
  readonly size: number;
  private fd: number | undefined;

  constructor(
    readonly path: string,
    private readonly counter: ReadCounter,
  ) {
    this.fd = openSync(path, 'r');
    this.size = fstatSync(this.fd).size;
  }

  /** Reads [offset, offset + length) into a fresh buffer (shorter at the end of the file). */
  readAt(offset: number, length: number): Buffer {
    if (this.fd === undefined) throw new Error(`${this.path} is closed`);
    const len = Math.max(0, Math.min(length, this.size - offset));
    const buf = Buffer.from(new ArrayBuffer(len)); // its own ArrayBuffer, not a slice of Node's shared pool
    let done = 0;
    while (done < len) {
      const n = readSync(this.fd, buf, done, len - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    this.counter.bytes += done;
    this.counter.reads += 1;
    return done === len ? buf : buf.subarray(0, done);
  }

  /** The same read into an ArrayBuffer of its own (what hyparquet's AsyncBuffer.slice returns). */
  readArrayBuffer(offset: number, length: number): ArrayBuffer {
    const buf = this.readAt(offset, length);
    return buf.byteOffset === 0 && buf.buffer.byteLength === buf.length
      ? (buf.buffer as ArrayBuffer)
      : (buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Reads a whole file in one counted read (the Arrow IPC reader needs the bytes in memory). */
export function readWholeFile(path: string, counter: ReadCounter): Buffer {
  const buf = readFileSync(path);
  counter.bytes += buf.length;
  counter.reads += 1;
  return buf;
}

/** The file as a stream of chunks of `chunkBytes`, every chunk counted: how the line formats are scanned. */
export async function* readChunks(path: string, counter: ReadCounter, chunkBytes = 1 << 20): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes })) {
    const buf = chunk as Buffer;
    counter.bytes += buf.length;
    counter.reads += 1;
    yield buf;
  }
}

const FILE_ERRORS: Record<string, string> = {
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: operation not permitted',
  ENOENT: 'does not exist',
  ELOOP: 'is a symlink loop',
  EISDIR: 'is a folder, not a file',
  ENAMETOOLONG: 'has a name that is too long',
};

/**
 * The one-line InputError for a file the user named that cannot be read (`flag` names the option), or undefined
 * when `error` is not a file-system error, so the caller rethrows it as the bug it is.
 */
export function fileInputError(flag: string, path: string, error: unknown): InputError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why = code === undefined ? undefined : FILE_ERRORS[code];
  if (why === undefined) return undefined;
  return new InputError(`${flag} "${path}" ${why} (${code}); expected a readable file`);
}

/** Opens and closes `path` for reading, so an unreadable --input fails before any work, with one line. */
export function checkReadable(flag: string, path: string): void {
  try {
    closeSync(openSync(path, 'r'));
  } catch (error) {
    throw fileInputError(flag, path, error) ?? error;
  }
}

export interface ProcIo {
  /** Bytes returned by read() and pread() system calls, page cache hits included. */
  rchar: number;
  /** Bytes the process caused to be fetched from the storage device (0 when everything came from the page cache). */
  readBytes: number;
  /** Read system calls made. */
  syscr: number;
  /** The size of the counters' own text: reading them is a read() that the next sample includes. */
  probeBytes: number;
}

/** The kernel's I/O counters for this process (Linux /proc/self/io), or undefined where there are none. */
export function procIo(): ProcIo | undefined {
  let text: string;
  try {
    text = readFileSync('/proc/self/io', 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    rchar: field('rchar'),
    readBytes: field('read_bytes'),
    syscr: field('syscr'),
    probeBytes: Buffer.byteLength(text),
  };
}

export const procIoAvailable = (): boolean => procIo() !== undefined;

let probeCalls: number | undefined;

/** Read system calls that one procIo() sample makes itself (measured once). */
function probeSyscalls(): number {
  if (probeCalls === undefined) {
    const a = procIo();
    const b = procIo();
    probeCalls = a && b ? b.syscr - a.syscr : 0;
  }
  return probeCalls;
}

/** The I/O between two samples, less the first sample's own read. */
export function ioBetween(before: ProcIo, after: ProcIo): { rchar: number; readBytes: number; syscr: number } {
  return {
    rchar: after.rchar - before.rchar - before.probeBytes,
    readBytes: after.readBytes - before.readBytes,
    syscr: Math.max(0, after.syscr - before.syscr - probeSyscalls()),
  };
}

/**
 * Runs fn and adds to the counter the bytes this process read through system calls meanwhile: the count for
 * native libraries (SQLite, DuckDB) whose reads JS cannot see. Without /proc/self/io the counter is left as is.
 */
export async function countSyscallReads<T>(counter: ReadCounter, fn: () => T | Promise<T>): Promise<T> {
  probeSyscalls();
  const before = procIo();
  const result = await fn();
  const after = procIo();
  if (before && after) {
    const io = ioBetween(before, after);
    counter.bytes += io.rchar;
    counter.reads += io.syscr;
  }
  return result;
}
