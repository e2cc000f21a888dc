import { describe, expect, it } from 'vitest';
import { FORMAT_IDS } from '../../src/formats/ids.js';
import { FILE_FORMATS, REGISTERED_IDS } from '../../src/formats/registry.js';

describe('format registry', () => {
  it('lists the same ids as the light-weight id list, once each', () => {
    expect([...FORMAT_IDS]).toEqual([...REGISTERED_IDS]);
    expect(new Set(REGISTERED_IDS).size).toBe(REGISTERED_IDS.length);
  });

  it('gives every format its own file extension and a note for every query', () => {
    expect(new Set(FILE_FORMATS.map((f) => f.extension)).size).toBe(FILE_FORMATS.length);
    for (const f of FILE_FORMATS)
      expect(Object.keys(f.notes).sort()).toEqual(['append', 'filter', 'lookup', 'scan', 'sum']);
  });
});
