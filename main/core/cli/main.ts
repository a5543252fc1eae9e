#!/usr/bin/env node
/** The `orderbell` command: the receive path, the hub and a sender, without Electron. */
import { UsageError } from './args';
import type { Command } from './command';
import { answer } from './answer';
import { hub } from './hub';
import { listen } from './listen';
import { printTest } from './print-test';
import { report } from './report';
import { send, SendError } from './send';

const commands: Command[] = [listen, hub, send, answer, printTest, report];

const usage = `Usage: orderbell <command> [options]

Commands:
${commands.map((command) => `  ${command.name.padEnd(10)} ${command.summary}`).join('\n')}

Run "orderbell <command> --help" for a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage);
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}"; try: ${commands.map((c) => c.name).join(', ')}`);
    await command.run(args);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`orderbell${command ? ` ${command.name}` : ''}: ${error.message}`);
      return 2;
    }
    if (error instanceof SendError) {
      console.error(`orderbell ${command!.name}: ${error.message}`);
      return 1;
    }
    console.error(`orderbell: ${(error as Error).message}`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
