import { Command, CommanderError } from 'commander';
import { registerExplain } from './explain.ts';
import { registerRun } from './run.ts';
import { registerSim } from './sim.ts';
import { registerSimulate } from './simulate.ts';
import { registerVpsie } from './vpsie.ts';
import { registerWebhook } from './webhook.ts';

export function buildProgram(): Command {
  const program = new Command()
    .name('vpsie-autoscaler')
    .description('Kubernetes node autoscaler for the VPSie cloud')
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerExplain(program);
  registerRun(program);
  registerSim(program);
  registerSimulate(program);
  registerVpsie(program);
  registerWebhook(program);
  return program;
}

/** Usage errors exit with 2, failures with 1; both print one line, never a stack to a user. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    // A command reports failure by setting process.exitCode (e.g. `vpsie check`); keep it.
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
