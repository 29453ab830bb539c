/**
 * `tfdoctor report merge FILE... [--out FILE]`: joins the reports of a sharded
 * fleet run (one per Kubernetes Indexed Job pod, see deploy/) into one
 * FleetReport. It only reads and writes report files: exit 0 when merged,
 * 1 when the inputs overlap or are not reports.
 */
import type { Command } from 'commander';
import { mergeReports, readReportFile } from '../../src/run/merge.js';
import { writeFileAtomic } from '../../src/fs/write-file-atomic.js';

export function register(program: Command): void {
  const report = program.command('report').description('Work with saved tfdoctor reports.');
  report
    .command('merge')
    .description('Join shard reports (fleet reports or single-account reports) into one fleet report; refuses an account seen twice.')
    .argument('<files...>', 'report JSON files written by `plan --report`')
    .option('--out <file>', 'write the merged fleet report here instead of stdout')
    .action(async (files: string[], opts: { out?: string }) => {
      const inputs = [];
      for (const file of files) inputs.push(await readReportFile(file));
      const { report: merged, warnings } = mergeReports(inputs);
      for (const w of warnings) process.stderr.write(`tfdoctor: warning: ${w}\n`);
      const text = `${JSON.stringify(merged, null, 2)}\n`;
      if (opts.out) {
        await writeFileAtomic(opts.out, text);
        const findings = merged.reports.reduce((n, r) => n + r.findings.length, 0);
        process.stderr.write(
          `merged ${files.length} file(s): ${merged.reports.length} account report(s), ${findings} finding(s), ${merged.failures.length} failure(s) -> ${opts.out}\n`,
        );
      } else {
        process.stdout.write(text);
      }
    });
}

