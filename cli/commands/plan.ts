import type { Command } from 'commander';

// Placeholder until the 'plan' command lands; registers nothing.
export function register(_program: Command): void {}
