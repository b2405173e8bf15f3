import type { Command } from 'commander';
import { Option } from 'commander';
import { startController, type Controller } from '../app/controller.ts';
import { LoopLag, startDebugServer, startHealthServer } from '../app/ops-endpoints.ts';
import { controllerConfigSchema } from '../infra/config/schema.ts';
import { ConfigError, loadConfig } from '../infra/config/load.ts';
import { SETTINGS } from '../infra/config/settings.ts';
import { loadKubeConfig } from '../infra/kube/kubeconfig.ts';
import { createLogger } from '../infra/log/logger.ts';
import { createRegistry } from '../infra/metrics/registry.ts';
import { onShutdownSignal } from './signals.ts';

/** The description and default of a setting, read from the schema so --help never disagrees with it. */
function describe(path: string): string {
  let node: unknown = controllerConfigSchema;
  for (const key of path.split('.')) {
    const shape = (node as { shape?: Record<string, unknown>; def?: { innerType?: unknown } }).shape ?? ((node as { def?: { innerType?: { shape?: Record<string, unknown> } } }).def?.innerType?.shape);
    node = shape?.[key];
  }
  const zodNode = node as { description?: string; def?: { defaultValue?: unknown } } | undefined;
  const fallback = zodNode?.def?.defaultValue;
  return `${zodNode?.description ?? ''}${fallback !== undefined && typeof fallback !== 'object' ? ` (default ${String(fallback)})` : ''}`;
}

/** Adds one flag per setting; values are typed later, by the same rules as the environment. */
export function addSettingFlags(command: Command): Command {
  for (const s of SETTINGS) {
    const flag = s.type === 'boolean' ? `--${s.flag} [bool]` : `--${s.flag} <value>`;
    command.addOption(new Option(flag, `${describe(s.path)} [env ${s.env}]`));
  }
  return command.option('--config <file>', 'YAML config file (flags and environment override it)');
}

/** Flag values by setting path, as given; the config loader types them by the same rules as the environment. */
export function flagValues(options: Record<string, unknown>): Record<string, string | true> {
  const values: Record<string, string | true> = {};
  for (const s of SETTINGS) {
    const raw = options[s.flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())];
    if (raw !== undefined) values[s.path] = raw === true ? true : String(raw);
  }
  return values;
}

export function registerRun(program: Command): void {
  const command = program.command('run').description('run the autoscaler against a cluster (in-cluster config by default)');
  addSettingFlags(command).action(async (options: Record<string, unknown>) => {
    let config;
    try {
      config = loadConfig({ file: options.config as string | undefined, env: process.env, flags: flagValues(options) });
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = 2;
        return;
      }
      throw error;
    }
    const log = createLogger({ level: config.logLevel });
    const registry = createRegistry();
    const lag = new LoopLag();
    let controller: Controller | undefined;
    const health = await startHealthServer(() => controller, registry, lag, config.metrics);
    const debug = config.debug.port !== undefined ? await startDebugServer(() => controller, { host: config.debug.host, port: config.debug.port }) : undefined;
    log.info({ metrics: health.url, debug: debug?.url }, 'serving health and metrics');
    try {
      const kc = loadKubeConfig({ kubeconfigPath: config.kubeconfig });
      controller = await startController(config, { kc, log, registry });
      const signal = await onShutdownSignal();
      log.info({ signal, graceSeconds: config.shutdownGraceSeconds }, 'shutting down: no new work; letting effects in flight finish');
      await controller.stop({ graceMs: config.shutdownGraceSeconds * 1000 });
      log.info('stopped; leader lease released');
    } finally {
      await controller?.stop();
      await debug?.close();
      await health.close();
      lag.stop();
    }
  });
}
