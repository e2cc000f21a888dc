// Errors a user can fix (bad parameter, missing or malformed file). The CLI prints their one-line message and exits
// with code 2, without a stack trace and without writing a report. Tests: test/core/params.test.ts,
// test/core/cli.test.ts.

export class InputError extends Error {
  override readonly name = 'InputError';
  readonly exitCode = 2;
}

export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError;
}
