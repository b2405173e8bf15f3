import { labelSelectorFromObject, matchesLabels } from '../selectors/index.ts';
import { type FieldError, forbidden, invalid, required } from '../schema/index.ts';
import type { KubeObject, TypeStrategy } from '../types.ts';
import { crdStrategy } from './crd-strategy.ts';
import { admitPod, defaultPodSpec, qosClass } from './pod-defaults.ts';

type Json = Record<string, unknown>;

function spec(obj: KubeObject): Json {
  return (obj.spec ??= {}) as Json;
}

function containerProblems(podSpec: Json | undefined, path: string): FieldError[] {
  const containers = podSpec?.containers as Json[] | undefined;
  if (!Array.isArray(containers) || containers.length === 0) {
    return [required(`${path}.containers`)];
  }
  const problems: FieldError[] = [];
  containers.forEach((c, i) => {
    for (const field of ['name', 'image']) {
      if (typeof c[field] !== 'string' || c[field] === '') {
        problems.push(required(`${path}.containers[${i}].${field}`));
      }
    }
  });
  return problems;
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Json).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Deployments, ReplicaSets and DaemonSets: selector required, matching the template, immutable. */
function workloadProblems(obj: KubeObject, old: KubeObject | undefined): FieldError[] {
  const s = spec(obj);
  const problems: FieldError[] = [];
  const selector = s.selector as Json | undefined;
  const template = (s.template ?? {}) as Json;
  const templateLabels = ((template.metadata ?? {}) as Json).labels as Record<string, string> | undefined;
  if (!selector || (!selector.matchLabels && !selector.matchExpressions)) {
    problems.push(required('spec.selector'));
  } else if (!matchesLabels(labelSelectorFromObject(selector as never), templateLabels ?? {})) {
    problems.push(invalid('spec.template.metadata.labels', templateLabels ?? {}, '`selector` does not match template `labels`'));
  }
  if (old && selector && stableJson(selector) !== stableJson(spec(old).selector)) {
    problems.push(invalid('spec.selector', selector, 'field is immutable'));
  }
  if (typeof s.replicas === 'number' && s.replicas < 0) {
    problems.push(invalid('spec.replicas', s.replicas, 'must be greater than or equal to 0'));
  }
  problems.push(...containerProblems(template.spec as Json | undefined, 'spec.template.spec'));
  return problems;
}

function defaultTemplate(obj: KubeObject): void {
  const template = (spec(obj).template ??= {}) as Json;
  defaultPodSpec((template.spec ??= {}) as Json);
}

// The fields kube-apiserver lets a pod update change; everything else in spec is immutable.
const MUTABLE_POD_FIELDS = ['activeDeadlineSeconds', 'terminationGracePeriodSeconds', 'tolerations'];

function podSpecWithoutMutable(s: Json): string {
  const copy: Json = { ...s };
  for (const f of MUTABLE_POD_FIELDS) delete copy[f];
  for (const list of ['containers', 'initContainers']) {
    if (Array.isArray(copy[list])) copy[list] = (copy[list] as Json[]).map(({ image: _image, ...rest }) => rest);
  }
  return stableJson(copy);
}

const pod: TypeStrategy = {
  prepareForCreate(obj) {
    const s = spec(obj);
    defaultPodSpec(s);
    admitPod(s);
    obj.status = { phase: 'Pending', qosClass: qosClass(s) };
  },
  validate(obj, old) {
    const problems = containerProblems(spec(obj), 'spec');
    if (old && podSpecWithoutMutable(spec(obj)) !== podSpecWithoutMutable(spec(old))) {
      problems.push(
        forbidden(
          'spec',
          'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
        ),
      );
    }
    return problems;
  },
};

const namespace: TypeStrategy = {
  prepareForCreate(obj) {
    spec(obj).finalizers ??= ['kubernetes'];
    obj.status = { phase: 'Active' };
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name ?? '' };
  },
};

const service: TypeStrategy = {
  prepareForCreate(obj, ctx) {
    const s = spec(obj);
    s.type ??= 'ClusterIP';
    s.sessionAffinity ??= 'None';
    if (s.clusterIP === undefined || s.clusterIP === '') s.clusterIP = ctx.allocateClusterIP();
    if (s.clusterIP !== 'None') s.clusterIPs ??= [s.clusterIP];
    for (const port of (s.ports as Json[] | undefined) ?? []) {
      port.protocol ??= 'TCP';
      port.targetPort ??= port.port;
    }
    obj.status = { loadBalancer: {} };
  },
};

const deployment: TypeStrategy = {
  prepareForCreate(obj) {
    const s = spec(obj);
    s.replicas ??= 1;
    s.revisionHistoryLimit ??= 10;
    s.progressDeadlineSeconds ??= 600;
    s.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
    defaultTemplate(obj);
    obj.status = {};
  },
  prepareForUpdate(obj) {
    defaultTemplate(obj);
  },
  validate: workloadProblems,
};

const replicaSet: TypeStrategy = {
  prepareForCreate(obj) {
    spec(obj).replicas ??= 1;
    defaultTemplate(obj);
    obj.status = { replicas: 0 };
  },
  prepareForUpdate(obj) {
    defaultTemplate(obj);
  },
  validate: workloadProblems,
};

const daemonSet: TypeStrategy = {
  prepareForCreate(obj) {
    const s = spec(obj);
    s.revisionHistoryLimit ??= 10;
    s.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
    defaultTemplate(obj);
    obj.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
  },
  prepareForUpdate(obj) {
    defaultTemplate(obj);
  },
  validate: workloadProblems,
};

const podDisruptionBudget: TypeStrategy = {
  prepareForCreate(obj) {
    obj.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  },
  validate(obj) {
    const s = spec(obj);
    if (s.minAvailable !== undefined && s.maxUnavailable !== undefined) {
      return [invalid('spec', s, 'minAvailable and maxUnavailable cannot be both set')];
    }
    return [];
  },
};

const secret: TypeStrategy = {
  prepareForCreate(obj) {
    obj.type ??= 'Opaque';
    foldStringData(obj);
  },
  prepareForUpdate(obj) {
    foldStringData(obj);
  },
};

/** `stringData` is write-only: the server encodes it into `data` and never stores it. */
function foldStringData(obj: KubeObject): void {
  const stringData = obj.stringData as Record<string, string> | undefined;
  if (!stringData) return;
  const data = (obj.data ??= {}) as Record<string, string>;
  for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  delete obj.stringData;
}

export const strategies: Record<string, TypeStrategy> = {
  '/pods': pod,
  '/namespaces': namespace,
  '/services': service,
  '/secrets': secret,
  'apps/deployments': deployment,
  'apps/replicasets': replicaSet,
  'apps/daemonsets': daemonSet,
  'policy/poddisruptionbudgets': podDisruptionBudget,
  'apiextensions.k8s.io/customresourcedefinitions': crdStrategy,
};
