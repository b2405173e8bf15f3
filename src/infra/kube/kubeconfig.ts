import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

interface ClusterLike {
  server?: string;
  skipTLSVerify?: boolean;
  proxyUrl?: string;
}

type CreateAgent = (cluster: ClusterLike | null, options: AgentOptions) => HttpAgent;

/**
 * @kubernetes/client-node 1.x builds a new agent, and so a new TCP+TLS connection, for every
 * request (upstream kubernetes-client/javascript#2893, fixed only in 2.x, which needs Node 22).
 * This gives a KubeConfig one keep-alive agent per cluster instead: 50 calls, one connection.
 */
export function withConnectionReuse(kc: KubeConfig, maxSockets = 32): KubeConfig {
  const target = kc as unknown as { createAgent: CreateAgent };
  const original = target.createAgent.bind(kc);
  const agents = new Map<string, HttpAgent>();
  target.createAgent = (cluster, options) => {
    if (cluster?.proxyUrl) return original(cluster, options);
    const key = cluster?.server ?? '';
    let agent = agents.get(key);
    if (!agent) {
      const shared = { ...options, keepAlive: true, maxSockets };
      agent = key.startsWith('http:') ? new HttpAgent(shared) : new HttpsAgent(shared);
      agents.set(key, agent);
    }
    return agent;
  };
  return kc;
}

export interface KubeConfigSource {
  /** A kubeconfig file; when absent, the in-cluster service account is used. */
  kubeconfigPath?: string;
  /** A kubeconfig document (YAML or JSON), e.g. from the embedded simulator. */
  kubeconfigText?: string;
  context?: string;
}

export function loadKubeConfig(source: KubeConfigSource = {}): KubeConfig {
  const kc = new KubeConfig();
  if (source.kubeconfigText) kc.loadFromString(source.kubeconfigText);
  else if (source.kubeconfigPath) kc.loadFromFile(source.kubeconfigPath);
  else kc.loadFromCluster();
  if (source.context) kc.setCurrentContext(source.context);
  return withConnectionReuse(kc);
}
