// shiftText on samples whose answer is known by hand: b = a + 300 µs for 10 calls each (every pairwise difference
// holds 300 at the median, interval well above 0), the reverse (less), equal samples (interval holds 0), 2 calls
// against 2 (4 differences: too few for any 95% interval), and an empty side; usText switches to ms at 10 ms.
import { describe, expect, it } from 'vitest';
import { shiftText, usText } from '../../src/rpc/shift.js';

const a = [100, 101, 102, 103, 104, 105, 106, 107, 108, 109];
const plus = (xs: number[], d: number) => xs.map((x) => x + d);

describe('shiftText', () => {
  it('names a clear shift, more or less', () => {
    expect(shiftText(a, plus(a, 300))).toBe('300 µs more');
    expect(shiftText(plus(a, 300), a)).toBe('300 µs less');
  });
  it('says no clear difference when the interval holds 0', () => {
    expect(shiftText(a, [...a].reverse())).toBe('no clear difference');
  });
  it('says it cannot tell with too few calls or none', () => {
    expect(shiftText([1, 2], [1001, 1002])).toBe('too few calls to tell');
    expect(shiftText([], a)).toBe('too few calls to tell');
  });
});

describe('usText', () => {
  it('is µs below 10 ms, ms from there', () => {
    expect(usText(9_999)).toBe('9,999 µs');
    expect(usText(12_500)).toBe('12.5 ms');
  });
});
