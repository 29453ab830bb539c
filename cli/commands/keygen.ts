import type { Command } from 'commander';

// Placeholder until the 'keygen' command lands; registers nothing.
export function register(_program: Command): void {}
