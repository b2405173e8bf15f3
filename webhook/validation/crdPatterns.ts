/** Patterns and limits shared by the NodeGroup and VPSieNode schemas (deploy/crds). */
export const DATACENTER_ID = /^[a-zA-Z0-9_-]+$/;
export const OFFERING_ID = /^[a-zA-Z0-9-]+$/;
export const KUBERNETES_VERSION = /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export const IDENTIFIER_MAX_LENGTH = 128;
export const OFFERING_ID_MAX_LENGTH = 64;
export const KUBERNETES_VERSION_MAX_LENGTH = 64;
export const MAX_NODES_LIMIT = 1000;
