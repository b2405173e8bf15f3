import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario, ScenarioError } from '../../../src/sim/cluster/scenario/scenario-file.ts';

const BASE = `
cluster:
  nodeGroups: [{ name: general, offering: k8s-4-8, nodes: 1 }]
workloads:
  - name: web
    replicas: 2
    requests: { cpu: 500m, memory: 512Mi }
`;

function problems(text: string): string[] {
  try {
    parseScenario(text, 'test.yaml');
  } catch (error) {
    if (error instanceof ScenarioError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('scenario files', () => {
  it('read durations, quantities and defaults', () => {
    const s = parseScenario(`${BASE}\nsteps:\n  - { at: 1m30s, scale: web, replicas: 10 }\nend: { after: 20m, when: allRunning }\n`);
    expect(s.workloads[0]).toMatchObject({ name: 'web', namespace: 'default', kind: 'Deployment', replicas: 2, requests: { cpu: { text: '500m', value: 500 }, memory: { text: '512Mi', value: 512 * 2 ** 20 } } });
    expect(s.steps[0]).toMatchObject({ at: 90_000, scale: 'web', replicas: 10 });
    expect(s.end).toEqual({ after: 1_200_000, when: 'allRunning' });
    expect(s.cluster.nodeGroups).toEqual([{ name: 'general', offering: 'k8s-4-8', nodes: 1 }]);
  });

  it.each([
    ['a scale step without replicas', 'steps:\n  - { at: 30s, scale: web }', 'steps[0].replicas: a scale step needs replicas'],
    ['a step with two actions', 'steps:\n  - { at: 30s, scale: web, replicas: 3, delete: web }', 'steps[0]: one action per step, found scale and delete'],
    ['a step without an action', 'steps:\n  - { at: 30s }', 'steps[0]: a step needs one action: scale, usage, fault, killNode, addNodes, delete'],
    ['a step for a workload that does not exist', 'steps:\n  - { at: 30s, scale: api, replicas: 3 }', 'steps[0].scale: no workload named "api"'],
    ['a bad duration', 'steps:\n  - { at: soon, scale: web, replicas: 3 }', 'steps[0].at: invalid duration "soon": expected e.g. 30s, 5m, 1h30m or 250ms'],
    ['a usage step without a level', 'steps:\n  - { at: 1m, usage: web }', 'steps[0].usage: a usage step needs cpu or memory'],
    ['cpu outside a usage step', 'steps:\n  - { at: 1m, scale: web, replicas: 1, cpu: 10m }', 'steps[0].cpu: cpu and memory belong to a usage step'],
    ['an unknown node group', 'steps:\n  - { at: 1m, killNode: { group: gpu } }', 'steps[0].killNode.group: no node group named "gpu"'],
    ['an unknown fault', 'steps:\n  - { at: 1m, fault: { outage: true } }', 'steps[0].fault: Unrecognized key: "outage"'],
    ['an error rate above 1', 'steps:\n  - { at: 1m, fault: { errors: { endpoint: addNode, rate: 2 } } }', 'steps[0].fault.errors.rate: Too big: expected number to be <=1'],
    ['an end without a time limit', 'end: { when: allRunning }', 'end.after: expected a duration such as 30s, 5m or 1h30m'],
    ['an unknown end condition', 'end: { after: 1m, when: quiet }', 'end.when: Invalid input'],
  ])('name the path of %s', (_name, extra, expected) => {
    expect(problems(`${BASE}\n${extra}\n`)).toContain(expected);
  });

  it.each([
    ['an unknown key', 'workloads:\n  - { name: web, replica: 3 }', 'workloads[0]: Unrecognized key: "replica"'],
    ['a bad quantity', 'workloads:\n  - { name: web, requests: { cpu: lots } }', 'workloads[0].requests.cpu: expected a Kubernetes quantity such as 250m, 2, 512Mi or 1Gi, got "lots"'],
    ['a name that is not a DNS label', 'workloads:\n  - { name: Web }', 'workloads[0].name: must be a DNS-1123 label: lower case letters, digits and -'],
    ['replicas on a DaemonSet', 'workloads:\n  - { name: agent, kind: DaemonSet, replicas: 2 }', 'workloads[0].replicas: a DaemonSet runs one pod per eligible node: remove replicas'],
    ['duplicate workloads', 'workloads:\n  - { name: web }\n  - { name: web }', 'workloads[1].name: duplicate workload "web"'],
    ['a negative node count', 'cluster:\n  nodeGroups: [{ name: g, offering: 104, nodes: -1 }]', 'cluster.nodeGroups[0].nodes: Too small: expected number to be >=0'],
    ['a wrong type', 'timeScale: fast', 'timeScale: Invalid input: expected number, received string'],
  ])('name the path of %s at the top', (_name, text, expected) => {
    expect(problems(text)).toContain(expected);
  });

  it('report YAML syntax errors with the file name', () => {
    expect(() => parseScenario('workloads: [', 'broken.yaml')).toThrow(/^broken\.yaml: invalid scenario:\n {2}YAML: /);
  });

  it('accept every example in examples/scenarios', () => {
    const dir = 'examples/scenarios';
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(() => loadScenario(join(dir, f))).not.toThrow();
  });
});
