import { Counter, Gauge, type Registry } from 'prom-client';
import { METRIC_PREFIX } from '../infra/metrics/registry.ts';

export interface ControllerMetrics {
  /** This replica started or stopped acting: leading the Lease, or running with leader election off. */
  leading(leads: boolean): void;
  informerRestarted(resource: string, reason: string): void;
}

export function createControllerMetrics(registry: Registry): ControllerMetrics {
  const leader = new Gauge({ name: `${METRIC_PREFIX}leader`, help: '1 when this replica leads (or leader election is off) and acts, 0 on a standby', registers: [registry] });
  const informerRestarts = new Counter({ name: `${METRIC_PREFIX}informer_restarts_total`, help: 'Informer watch restarts by resource and reason', labelNames: ['resource', 'reason'], registers: [registry] });
  return {
    leading: (leads) => leader.set(leads ? 1 : 0),
    informerRestarted: (resource, reason) => informerRestarts.inc({ resource, reason }),
  };
}
