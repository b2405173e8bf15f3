import { field, message, type MessageSchema } from './types.ts';

// Field numbers: k8s.io/api policy/v1 generated.proto; JSON tags and pointers: policy/v1 types.go, v1.32.

export const POLICY_V1: readonly MessageSchema[] = [
  message('policy.v1.PodDisruptionBudget', [
    field(1, 'metadata', 'meta.v1.ObjectMeta', 'omitempty'),
    field(2, 'spec', 'policy.v1.PodDisruptionBudgetSpec', 'omitempty'),
    field(3, 'status', 'policy.v1.PodDisruptionBudgetStatus', 'omitempty'),
  ]),
  message('policy.v1.PodDisruptionBudgetSpec', [
    field(1, 'minAvailable', 'intstr.IntOrString', 'omitempty', 'pointer'),
    field(2, 'selector', 'meta.v1.LabelSelector', 'omitempty', 'pointer'),
    field(3, 'maxUnavailable', 'intstr.IntOrString', 'omitempty', 'pointer'),
    field(4, 'unhealthyPodEvictionPolicy', 'string', 'omitempty', 'pointer'),
  ]),
  message('policy.v1.PodDisruptionBudgetStatus', [
    field(1, 'observedGeneration', 'int64', 'omitempty'),
    field(2, 'disruptedPods', 'meta.v1.Time', 'map', 'omitempty'),
    field(3, 'disruptionsAllowed', 'int32'),
    field(4, 'currentHealthy', 'int32'),
    field(5, 'desiredHealthy', 'int32'),
    field(6, 'expectedPods', 'int32'),
    field(7, 'conditions', 'meta.v1.Condition', 'repeated', 'omitempty'),
  ]),
];
