/**
 * Runs a bench child (a `node --import tsx` process) and reads its one JSON
 * line: memory is measured in a process of its own, so the bench's emulator
 * clients and earlier steps do not inflate it.
 */
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

export async function runChild<T>(script: string, args: readonly string[], env: Record<string, string> = {}): Promise<T> {
  const r = await execa(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], {
    cwd: ROOT,
    env,
    reject: false,
    stdin: 'ignore',
  });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.exitCode !== 0 || !line.startsWith('{')) {
    throw new Error(`${script} failed (exit ${r.exitCode ?? 'signal'}): ${(r.stderr || r.stdout).trim().slice(-2000)}`);
  }
  return JSON.parse(line) as T;
}
