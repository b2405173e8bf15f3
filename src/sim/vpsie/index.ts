export { startSimVpsie, type StartSimVpsieOptions, type SimVpsie } from './server.ts';
export { SimCloud, type SimCloudOptions } from './cloud.ts';
export { SimApiError, type SimVm, type SimVmEvent, type SimVmStatus, type SimCluster, type SimNodeGroup, type CreateClusterSpec } from './model.ts';
export { SimFaults, type FaultSpec, type EndpointFault, type SimEndpoint, type TlsFault } from './faults.ts';
export { SimRequestLog, type SimRequestRecord } from './requestLog.ts';
export { DATACENTERS, K8S_OFFERINGS, type SimDatacenter, type SimK8sOffering, type SimOffering } from './catalogue.ts';
export { createSimClock, type SimClock, type SimClockOptions } from './clock.ts';
export type { AsyncCreation } from './routes.ts';
