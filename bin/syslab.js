#!/usr/bin/env node
// The package's bin: registers tsx so the TypeScript sources run directly (no build step), then starts the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
