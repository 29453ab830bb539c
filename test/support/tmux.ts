/**
 * A real pseudo-terminal for tests: a command in a detached tmux session of a
 * fixed size, on its own server (`-L`, a socket per use), keys sent with
 * send-keys, the screen read back with capture-pane. Waits poll the screen
 * until a deadline; nothing sleeps a fixed time. `kill()` ends the server.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { execa } from 'execa';

const EXIT_MARK = 'tmux-test-exit-status=';

export interface TmuxStart {
  /** argv of the command (quoted for tmux's shell here). */
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  width?: number;
  height?: number;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export class TmuxSession {
  readonly socket = `tfdoctor-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly target = 'review:0.0';
  private env: NodeJS.ProcessEnv = {};

  private tmux(args: string[]) {
    return execa('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { env: this.env, reject: false });
  }

  /** Starts the server and the command; the pane stays after the command exits so its last screen and status can be read. */
  async start(o: TmuxStart): Promise<void> {
    // The server is started by this call, so it (and the command) gets this environment.
    this.env = { ...o.env, TERM: 'xterm-256color' };
    delete this.env['TMUX'];
    const r = await this.tmux([
      'start-server', ';',
      'set-option', '-g', 'remain-on-exit', 'on', ';',
      'set-option', '-g', 'history-limit', '20000', ';',
      // The shell prints the exit status on the screen: tmux 3.3's #{pane_dead_status} is sometimes never set.
      'new-session', '-d', '-s', 'review', '-x', String(o.width ?? 160), '-y', String(o.height ?? 50), '-c', o.cwd,
      `${o.argv.map(shellQuote).join(' ')}; echo "${EXIT_MARK}$?"`,
    ]);
    if (r.exitCode !== 0) throw new Error(`tmux new-session failed: ${r.stderr}`);
  }

  /** Literal text, as typed. */
  async type(text: string): Promise<void> {
    const r = await this.tmux(['send-keys', '-t', this.target, '-l', text]);
    if (r.exitCode !== 0) throw new Error(`tmux send-keys failed: ${r.stderr}`);
  }

  /** Named keys (Enter, Down, Up, C-c). */
  async keys(...keys: string[]): Promise<void> {
    const r = await this.tmux(['send-keys', '-t', this.target, ...keys]);
    if (r.exitCode !== 0) throw new Error(`tmux send-keys failed: ${r.stderr}`);
  }

  /** The whole pane: scrollback and the visible screen, lines joined where they wrapped (with the exit line, see `output`). */
  async screen(): Promise<string> {
    const r = await this.tmux(['capture-pane', '-p', '-J', '-S', '-', '-t', this.target]);
    if (r.exitCode !== 0) throw new Error(`tmux capture-pane failed: ${r.stderr}`);
    return r.stdout;
  }

  /** What the command itself put on the screen: without the exit line and tmux's "Pane is dead" notice. */
  async output(): Promise<string> {
    return (await this.screen()).replace(new RegExp(`\\n?${EXIT_MARK}\\d+\\n[\\s\\S]*$`), '\n');
  }

  /** Polls the screen until `text` appears `times` times; returns the screen. */
  async waitFor(text: string, o: { times?: number; timeoutMs?: number } = {}): Promise<string> {
    const times = o.times ?? 1;
    const deadline = Date.now() + (o.timeoutMs ?? 30_000);
    let last = '';
    for (;;) {
      last = await this.screen();
      if (last.split(text).length - 1 >= times) return last;
      if (await this.exitStatus() !== undefined) {
        last = await this.screen();
        if (last.split(text).length - 1 >= times) return last;
        throw new Error(`the command exited before ${JSON.stringify(text)} appeared (x${times}); screen:\n${last}`);
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(text)} (x${times}); screen:\n${last}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** The command's exit status once it has exited (as its shell printed it), else undefined. */
  async exitStatus(): Promise<number | undefined> {
    const m = new RegExp(`^${EXIT_MARK}(\\d+)$`, 'm').exec(await this.screen());
    return m ? Number(m[1]) : undefined;
  }

  /** Polls until the command exits; returns its status. */
  async waitForExit(timeoutMs = 60_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.exitStatus();
      if (s !== undefined) return s;
      if (Date.now() > deadline) throw new Error(`timed out waiting for the command to exit; screen:\n${await this.screen()}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** Ends the server and everything in it, and removes its socket file. */
  async kill(): Promise<void> {
    const path = (await this.tmux(['display-message', '-p', '#{socket_path}'])).stdout.trim();
    await this.tmux(['kill-server']);
    if (path.includes(this.socket)) await rm(path, { force: true });
  }
}
