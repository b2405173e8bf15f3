import { field, message, type MessageSchema } from './types.ts';

// Field numbers: k8s.io/api core/v1 generated.proto; JSON tags and pointers: core/v1 types.go,
// v1.32. The pod template's messages are in core-v1-pod.ts.

export const CORE_V1: readonly MessageSchema[] = [
  message('core.v1.Namespace', [
    field(1, 'metadata', 'meta.v1.ObjectMeta', 'omitempty'),
    field(2, 'spec', 'core.v1.NamespaceSpec', 'omitempty'),
    field(3, 'status', 'core.v1.NamespaceStatus', 'omitempty'),
  ]),
  message('core.v1.NamespaceSpec', [field(1, 'finalizers', 'string', 'repeated', 'omitempty')]),
  message('core.v1.NamespaceStatus', [
    field(1, 'phase', 'string', 'omitempty'),
    field(2, 'conditions', 'core.v1.NamespaceCondition', 'repeated', 'omitempty'),
  ]),
  message('core.v1.NamespaceCondition', [
    field(1, 'type', 'string'),
    field(2, 'status', 'string'),
    field(4, 'lastTransitionTime', 'meta.v1.Time', 'omitempty'),
    field(5, 'reason', 'string', 'omitempty'),
    field(6, 'message', 'string', 'omitempty'),
  ]),

  message('core.v1.ConfigMap', [
    field(1, 'metadata', 'meta.v1.ObjectMeta', 'omitempty'),
    field(4, 'immutable', 'bool', 'omitempty', 'pointer'),
    field(2, 'data', 'string', 'map', 'omitempty'),
    field(3, 'binaryData', 'bytes', 'map', 'omitempty'),
  ]),
  message('core.v1.Secret', [
    field(1, 'metadata', 'meta.v1.ObjectMeta', 'omitempty'),
    field(5, 'immutable', 'bool', 'omitempty', 'pointer'),
    field(2, 'data', 'bytes', 'map', 'omitempty'),
    field(4, 'stringData', 'string', 'map', 'omitempty'),
    field(3, 'type', 'string', 'omitempty'),
  ]),

  message('core.v1.ServiceAccount', [
    field(1, 'metadata', 'meta.v1.ObjectMeta', 'omitempty'),
    field(2, 'secrets', 'core.v1.ObjectReference', 'repeated', 'omitempty'),
    field(3, 'imagePullSecrets', 'core.v1.LocalObjectReference', 'repeated', 'omitempty'),
    field(4, 'automountServiceAccountToken', 'bool', 'omitempty', 'pointer'),
  ]),
  message('core.v1.ObjectReference', [
    field(1, 'kind', 'string', 'omitempty'),
    field(2, 'namespace', 'string', 'omitempty'),
    field(3, 'name', 'string', 'omitempty'),
    field(4, 'uid', 'string', 'omitempty'),
    field(5, 'apiVersion', 'string', 'omitempty'),
    field(6, 'resourceVersion', 'string', 'omitempty'),
    field(7, 'fieldPath', 'string', 'omitempty'),
  ]),
  message('core.v1.LocalObjectReference', [field(1, 'name', 'string', 'omitempty')]),

  message('core.v1.Service', [
    field(1, 'metadata', 'meta.v1.ObjectMeta', 'omitempty'),
    field(2, 'spec', 'core.v1.ServiceSpec', 'omitempty'),
    field(3, 'status', 'core.v1.ServiceStatus', 'omitempty'),
  ]),
  message('core.v1.ServiceSpec', [
    field(1, 'ports', 'core.v1.ServicePort', 'repeated', 'omitempty'),
    field(2, 'selector', 'string', 'map', 'omitempty'),
    field(3, 'clusterIP', 'string', 'omitempty'),
    field(18, 'clusterIPs', 'string', 'repeated', 'omitempty'),
    field(4, 'type', 'string', 'omitempty'),
    field(5, 'externalIPs', 'string', 'repeated', 'omitempty'),
    field(7, 'sessionAffinity', 'string', 'omitempty'),
    field(8, 'loadBalancerIP', 'string', 'omitempty'),
    field(9, 'loadBalancerSourceRanges', 'string', 'repeated', 'omitempty'),
    field(10, 'externalName', 'string', 'omitempty'),
    field(11, 'externalTrafficPolicy', 'string', 'omitempty'),
    field(12, 'healthCheckNodePort', 'int32', 'omitempty'),
    field(13, 'publishNotReadyAddresses', 'bool', 'omitempty'),
    field(14, 'sessionAffinityConfig', 'core.v1.SessionAffinityConfig', 'omitempty', 'pointer'),
    field(19, 'ipFamilies', 'string', 'repeated', 'omitempty'),
    field(17, 'ipFamilyPolicy', 'string', 'omitempty', 'pointer'),
    field(20, 'allocateLoadBalancerNodePorts', 'bool', 'omitempty', 'pointer'),
    field(21, 'loadBalancerClass', 'string', 'omitempty', 'pointer'),
    field(22, 'internalTrafficPolicy', 'string', 'omitempty', 'pointer'),
    field(23, 'trafficDistribution', 'string', 'omitempty', 'pointer'),
  ]),
  message('core.v1.ServicePort', [
    field(1, 'name', 'string', 'omitempty'),
    field(2, 'protocol', 'string', 'omitempty'),
    field(6, 'appProtocol', 'string', 'omitempty', 'pointer'),
    field(3, 'port', 'int32'),
    field(4, 'targetPort', 'intstr.IntOrString', 'omitempty'),
    field(5, 'nodePort', 'int32', 'omitempty'),
  ]),
  message('core.v1.SessionAffinityConfig', [field(1, 'clientIP', 'core.v1.ClientIPConfig', 'omitempty', 'pointer')]),
  message('core.v1.ClientIPConfig', [field(1, 'timeoutSeconds', 'int32', 'omitempty', 'pointer')]),
  message('core.v1.ServiceStatus', [
    field(1, 'loadBalancer', 'core.v1.LoadBalancerStatus', 'omitempty'),
    field(2, 'conditions', 'meta.v1.Condition', 'repeated', 'omitempty'),
  ]),
  message('core.v1.LoadBalancerStatus', [field(1, 'ingress', 'core.v1.LoadBalancerIngress', 'repeated', 'omitempty')]),
  message('core.v1.LoadBalancerIngress', [
    field(1, 'ip', 'string', 'omitempty'),
    field(2, 'hostname', 'string', 'omitempty'),
    field(3, 'ipMode', 'string', 'omitempty', 'pointer'),
    field(4, 'ports', 'core.v1.PortStatus', 'repeated', 'omitempty'),
  ]),
  message('core.v1.PortStatus', [field(1, 'port', 'int32'), field(2, 'protocol', 'string'), field(3, 'error', 'string', 'omitempty', 'pointer')]),
];
