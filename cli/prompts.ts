/**
 * The CLI's questions to a person, through @inquirer/prompts (no key handling
 * of our own). Only asked on a terminal: a command that would ask checks
 * `isInteractive()` first and does something documented otherwise.
 */
import { confirm } from '@inquirer/prompts';

/** stdin and stdout are both a terminal: someone can read the screen and answer. */
export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

/** Ctrl-C (or the terminal closing) inside a prompt: @inquirer's ExitPromptError. */
export function isPromptExit(err: unknown): boolean {
  return err instanceof Error && err.name === 'ExitPromptError';
}

/** `repair approve` on a terminal: the explicit yes (default no). */
export async function askApproval(hash: string, approver: string): Promise<boolean> {
  return confirm({
    message: `Sign repair ${hash.slice(0, 16)} as ${approver}? This approves exactly the commands and the predicted result above`,
    default: false,
  });
}
