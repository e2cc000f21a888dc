// The operating system's page cache: a read of a recently used file is served from memory, not from the device.
// With --cold the lab drops it before each timed run (Linux, root only: sync, then write 1 to
// /proc/sys/vm/drop_caches, which empties the whole machine's page cache). Tests: test/formats/pagecache.test.ts.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { InputError } from '../core/errors.js';

export const DROP_CACHES = '/proc/sys/vm/drop_caches';

/** Writes dirty pages back, then drops the clean ones; throws InputError saying why when it cannot. */
export function dropPageCache(): void {
  if (process.platform !== 'linux')
    throw new InputError(`--cold works on Linux only (it writes ${DROP_CACHES}); this is ${process.platform}`);
  if (process.getuid?.() !== 0)
    throw new InputError(`--cold needs root: it writes ${DROP_CACHES}; run as root or leave --cold out`);
  try {
    execFileSync('sync');
    writeFileSync(DROP_CACHES, '1');
  } catch (error) {
    throw new InputError(
      `--cold could not drop the page cache (${(error as Error).message.split('\n')[0]}); leave --cold out`,
    );
  }
}
