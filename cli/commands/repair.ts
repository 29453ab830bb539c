import type { Command } from 'commander';

// Placeholder until the 'repair' command lands; registers nothing.
export function register(_program: Command): void {}
