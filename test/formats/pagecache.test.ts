import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { dropPageCache } from '../../src/formats/pagecache.js';

// Only the refusals are tested: really dropping the page cache would slow down everything else on the machine.
describe('dropPageCache', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.skipIf(process.platform !== 'linux')('refuses without root, saying why', () => {
    vi.spyOn(process, 'getuid').mockReturnValue(1000);
    expect(() => dropPageCache()).toThrow(InputError);
    expect(() => dropPageCache()).toThrow(
      '--cold needs root: it writes /proc/sys/vm/drop_caches; run as root or leave --cold out',
    );
  });

  it('refuses off Linux', () => {
    const platform = vi.spyOn(process, 'platform', 'get').mockReturnValue('darwin');
    expect(() => dropPageCache()).toThrow(
      '--cold works on Linux only (it writes /proc/sys/vm/drop_caches); this is darwin',
    );
    platform.mockRestore();
  });
});
