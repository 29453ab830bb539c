/**
 * The CLI owns the process, so its signals are handled here and nowhere in src/
 * (the library is a guest: it only takes an AbortSignal).
 *
 * Terraform runs detached (its own process group, so a kill reaches its provider
 * plugins too), which means Ctrl-C in the terminal never reaches it. So:
 *   - first SIGINT/SIGTERM: abort the command's signal and ask every running
 *     terraform to stop cleanly (it releases the state lock; SIGKILL after the
 *     grace). The command then fails with "cancelled" (exit 1). With no
 *     terraform running and no command listening, exit at once (130/143).
 *   - second one: SIGKILL every terraform group and exit now (130/143).
 *   - on exit, whatever terraform is still running is SIGKILLed.
 */
import { killRunningTerraform, runningTerraformCount, stopRunningTerraform } from '../src/state/terraform/exec.js';

const controller = new AbortController();
let listening = false;
let installed = false;
let interrupts = 0;

const codeOf = (sig: NodeJS.Signals): number => (sig === 'SIGINT' ? 130 : 143);

function onSignal(sig: NodeJS.Signals): void {
  interrupts += 1;
  if (interrupts === 1 && (listening || runningTerraformCount() > 0)) {
    controller.abort(new Error(`interrupted (${sig})`));
    stopRunningTerraform();
    return;
  }
  killRunningTerraform();
  process.exit(codeOf(sig));
}

/** Installs the handlers (once, from cli/main.ts). */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.once('exit', killRunningTerraform);
}

/**
 * The signal a command passes to the library; calling this says the command
 * stops by itself once it is aborted (so the first Ctrl-C does not exit at once).
 */
export function commandSignal(): AbortSignal {
  listening = true;
  return controller.signal;
}
