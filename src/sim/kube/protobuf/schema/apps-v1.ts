import { field, message, type MessageSchema } from './types.ts';

// Field numbers: k8s.io/api apps/v1 generated.proto; JSON tags and pointers: apps/v1 types.go,
// v1.32 (DeploymentSpec.podReplacementPolicy and DeploymentStatus.terminatingReplicas came later).

export const APPS_V1: readonly MessageSchema[] = [
  message('apps.v1.Deployment', [
    field(1, 'metadata', 'meta.v1.ObjectMeta', 'omitempty'),
    field(2, 'spec', 'apps.v1.DeploymentSpec', 'omitempty'),
    field(3, 'status', 'apps.v1.DeploymentStatus', 'omitempty'),
  ]),
  message('apps.v1.DeploymentSpec', [
    field(1, 'replicas', 'int32', 'omitempty', 'pointer'),
    field(2, 'selector', 'meta.v1.LabelSelector', 'pointer'),
    field(3, 'template', 'core.v1.PodTemplateSpec'),
    field(4, 'strategy', 'apps.v1.DeploymentStrategy', 'omitempty'),
    field(5, 'minReadySeconds', 'int32', 'omitempty'),
    field(6, 'revisionHistoryLimit', 'int32', 'omitempty', 'pointer'),
    field(7, 'paused', 'bool', 'omitempty'),
    field(9, 'progressDeadlineSeconds', 'int32', 'omitempty', 'pointer'),
  ]),
  message('apps.v1.DeploymentStrategy', [
    field(1, 'type', 'string', 'omitempty'),
    field(2, 'rollingUpdate', 'apps.v1.RollingUpdateDeployment', 'omitempty', 'pointer'),
  ]),
  message('apps.v1.RollingUpdateDeployment', [
    field(1, 'maxUnavailable', 'intstr.IntOrString', 'omitempty', 'pointer'),
    field(2, 'maxSurge', 'intstr.IntOrString', 'omitempty', 'pointer'),
  ]),
  message('apps.v1.DeploymentStatus', [
    field(1, 'observedGeneration', 'int64', 'omitempty'),
    field(2, 'replicas', 'int32', 'omitempty'),
    field(3, 'updatedReplicas', 'int32', 'omitempty'),
    field(7, 'readyReplicas', 'int32', 'omitempty'),
    field(4, 'availableReplicas', 'int32', 'omitempty'),
    field(5, 'unavailableReplicas', 'int32', 'omitempty'),
    field(6, 'conditions', 'apps.v1.DeploymentCondition', 'repeated', 'omitempty'),
    field(8, 'collisionCount', 'int32', 'omitempty', 'pointer'),
  ]),
  message('apps.v1.DeploymentCondition', [
    field(1, 'type', 'string'),
    field(2, 'status', 'string'),
    field(6, 'lastUpdateTime', 'meta.v1.Time', 'omitempty'),
    field(7, 'lastTransitionTime', 'meta.v1.Time', 'omitempty'),
    field(4, 'reason', 'string', 'omitempty'),
    field(5, 'message', 'string', 'omitempty'),
  ]),
];
