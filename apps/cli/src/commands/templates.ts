/** `farsight templates` — lists the built-in scan templates. */
import type { Command } from 'commander';
import { BUILTIN_TEMPLATES } from '@farsight/scanner/templates';
import { renderTable } from '../output/table-format.ts';

/** Adds the `templates` command. */
export function registerTemplatesCommand(program: Command): void {
  program
    .command('templates')
    .description('list the built-in scan templates and what they scan')
    .option('--json', 'print the templates as JSON')
    .action((opts: { json?: boolean }) => {
      const list = Object.values(BUILTIN_TEMPLATES);
      if (opts.json) { process.stdout.write(`${JSON.stringify(list, null, 2)}\n`); return; }
      process.stdout.write(renderTable(
        ['ID', 'TCP PORTS', 'UDP PORTS', 'SERVICES', 'CHECKS', 'MAX HOSTS', 'DESCRIPTION'],
        list.map((t) => [t.id, t.tcpPorts, t.udpPorts || '-', t.serviceDetection ? 'yes' : 'no', t.checkCategories.join('+') || 'none',
          String(t.performance.maxParallelHosts), t.description]),
      ));
    });
}
