import type { Registry } from 'prom-client';
import { sendJson, sendText, startOpsServer, type OpsServer } from '../infra/http/ops-server.ts';
import { formatRecord } from '../policy/scaling/index.ts';
import type { Controller } from './controller.ts';
import { explain, nothingToExplain, parseExplainQuery } from './decision-explain.ts';

/** Measures event-loop lag: a process whose loop stalls is not healthy even if it answers eventually. */
export class LoopLag {
  #lagMs = 0;
  #timer: NodeJS.Timeout;

  constructor(intervalMs = 500) {
    let expected = Date.now() + intervalMs;
    this.#timer = setInterval(() => {
      const now = Date.now();
      this.#lagMs = Math.max(0, now - expected);
      expected = now + intervalMs;
    }, intervalMs);
    this.#timer.unref();
  }

  get lagMs(): number {
    return this.#lagMs;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

const MAX_HEALTHY_LAG_MS = 5_000;

/** /metrics, /healthz and /readyz. Readiness never calls VPSie: it reports the client's last known state. */
export function startHealthServer(controller: () => Controller | undefined, registry: Registry, lag: LoopLag, options: { host: string; port: number }): Promise<OpsServer> {
  return startOpsServer(
    {
      '/metrics': async (_req, res) => sendText(res, 200, await registry.metrics(), registry.contentType),
      '/healthz': (_req, res) =>
        lag.lagMs > MAX_HEALTHY_LAG_MS ? sendJson(res, 503, { status: 'unhealthy', eventLoopLagMs: lag.lagMs }) : sendJson(res, 200, { status: 'ok', eventLoopLagMs: lag.lagMs }),
      '/readyz': (_req, res) => {
        const c = controller();
        const body = {
          informersSynced: c?.isSynced() ?? false,
          role: c ? (c.isLeader() ? 'leader' : 'standby') : 'starting',
          leader: c?.leader() ?? '',
          vpsie: c ? c.vpsie.circuitState : 'unknown',
        };
        sendJson(res, body.informersSynced ? 200 : 503, body);
      },
    },
    options,
  );
}

/**
 * /debug/actors: every actor with its state, a context summary and its last transitions.
 * /debug/explain?pod=NS/NAME or ?node=NAME: the latest verdict on it in plain words (`vpsie-autoscaler explain`).
 * /debug/decisions: the latest decision rounds in plain words.
 */
export function startDebugServer(controller: () => Controller | undefined, options: { host: string; port: number }): Promise<OpsServer> {
  return startOpsServer(
    {
      '/debug/actors': (_req, res) => {
        const c = controller();
        if (!c) return sendJson(res, 503, { error: 'controller not started' });
        sendJson(res, 200, { at: new Date().toISOString(), leader: c.leader(), isLeader: c.isLeader(), ...c.supervisor.view() });
      },
      '/debug/explain': (req, res) => {
        const query = parseExplainQuery(new URL(req.url ?? '/', 'http://debug').searchParams);
        if ('error' in query) return sendJson(res, 400, { error: query.error });
        const c = controller();
        if (!c) return sendJson(res, 503, { error: 'controller not started' });
        const verdict = query.kind === 'pod' ? c.decisions.forPod(query.subject) : c.decisions.forNode(query.subject);
        if (!verdict) return sendJson(res, 404, { error: nothingToExplain(query, { isLeader: c.isLeader(), leader: c.leader() }) });
        sendJson(res, 200, explain(query, verdict));
      },
      '/debug/decisions': (_req, res) => {
        const c = controller();
        if (!c) return sendJson(res, 503, { error: 'controller not started' });
        const rounds = c.decisions.recentRounds().map((r) => ({ kind: r.kind, at: r.at, outcome: r.record.outcome, text: formatRecord(r.record) }));
        sendJson(res, 200, { rounds });
      },
    },
    options,
  );
}
