/**
 * Child of the synth bench: engineer A's `benchSynth()` (bench/synth.ts) for
 * 2,000 resources (`all` as the second argument: row d-all's 25 kinds), timed here around the call (module load included, as a
 * `tfdoctor synth` run pays it), with the process's peak memory.
 */
const resources = Number(process.argv[2] ?? 2000);
// `all`: row d-all, an account holding all 25 kinds (bench/synth-all.ts).
const allKinds = process.argv[3] === 'all';
const cpu0 = process.cpuUsage();
const t0 = performance.now();
// A variable specifier: bench/synth.ts is engineer A's file and may land after this one.
const specifier = './synth.js';
const mod = (await import(specifier)) as { benchSynth: (opts?: unknown) => unknown };
const t1 = performance.now();
const result = await mod.benchSynth({ resources, allKinds });
const t2 = performance.now();
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${JSON.stringify({
    loadMs: t1 - t0,
    synthMs: t2 - t1,
    totalMs: t2 - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRss: process.resourceUsage().maxRSS * 1024,
    result: typeof result === 'object' && result !== null ? result : { value: result },
  })}\n`,
);
