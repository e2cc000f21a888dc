// Node 20 has no Symbol.dispose, which TypeScript's `using` declaration calls on scope exit. Import this module
// (for its side effect) before defining anything disposable. Symbol.for('Symbol.dispose') is the same fallback the
// esbuild/oxc down-levelling helpers use, so handles made here work with `using` however the file was compiled.
// Tests: test/concurrency/lock.test.ts.
(Symbol as { dispose?: symbol }).dispose ??= Symbol.for('Symbol.dispose');

export {};
