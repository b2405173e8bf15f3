/**
 * kubectl's typed `create` generators, each with flags that exercise what its object can carry.
 * Every one of them POSTs its object as protobuf.
 */

/** Files some generators read; made fresh for each capture session. */
export interface GeneratorFiles {
  /** Bytes that are not UTF-8, so `create configmap --from-file` puts them in binaryData. */
  binaryFile: string;
  certFile: string;
  keyFile: string;
}

export interface GeneratorCase {
  /** The fixture's file stem. */
  name: string;
  /** Arguments after `kubectl`. */
  args(files: GeneratorFiles): string[];
  /** Whether the simulator decodes this kind (false: it must answer 415). */
  supported: boolean;
  /** False when the body carries a private key: such a case is checked live only, never saved. */
  saveFixture: boolean;
}

export const BINARY_FILE_CONTENT = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x41]);

const create = (name: string, ...args: string[]): GeneratorCase => ({ name, args: () => ['create', ...args], supported: true, saveFixture: true });

export const GENERATOR_CASES: readonly GeneratorCase[] = [
  create('namespace', 'namespace', 'n1'),
  {
    ...create('configmap'),
    args: (files) => ['create', 'configmap', 'c', '--from-literal=a=b', '--from-literal=greeting=hello world', `--from-file=blob=${files.binaryFile}`],
  },
  create('secret-generic', 'secret', 'generic', 's', '--from-literal=password=p&ss=1', '--type=example.com/opaque'),
  {
    ...create('secret-tls'),
    args: (files) => ['create', 'secret', 'tls', 't', `--cert=${files.certFile}`, `--key=${files.keyFile}`],
    saveFixture: false,
  },
  create('secret-docker-registry', 'secret', 'docker-registry', 'd', '--docker-server=registry.example', '--docker-username=u', '--docker-password=pw', '--docker-email=u@example.com'),
  create('serviceaccount', 'serviceaccount', 'sa'),
  create('service-clusterip', 'service', 'clusterip', 'cip', '--tcp=5678:8080', '--tcp=443:https'),
  create('service-clusterip-headless', 'service', 'clusterip', 'headless', '--clusterip=None'),
  create('service-nodeport', 'service', 'nodeport', 'ns', '--tcp=80:8080', '--node-port=30080'),
  create('service-loadbalancer', 'service', 'loadbalancer', 'lb', '--tcp=443:https'),
  create('service-externalname', 'service', 'externalname', 'en', '--external-name=db.example.com'),
  create('deployment', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3', '--port=80', '--', 'sleep', '10'),
  create('deployment-two-images-zero-replicas', 'deployment', 'pair', '--image=nginx:1.27', '--image=busybox', '--replicas=0'),
  create('pdb-min-available', 'poddisruptionbudget', 'p', '--selector=app=web', '--min-available=50%'),
  create('pdb-max-unavailable', 'pdb', 'q', '--selector=app in (web,api),!legacy', '--max-unavailable=1'),
  create('role', 'role', 'r', '--verb=get,list', '--resource=pods,deployments.apps', '--resource-name=web'),
  create('rolebinding', 'rolebinding', 'rb', '--role=r', '--serviceaccount=default:sa', '--user=alice', '--group=devs'),
  create('clusterrole', 'clusterrole', 'cr', '--verb=get', '--non-resource-url=/healthz', '--non-resource-url=/metrics'),
  create('clusterrole-aggregated', 'clusterrole', 'agg', '--aggregation-rule=rbac.example.com/aggregate-to-view=true'),
  create('clusterrolebinding', 'clusterrolebinding', 'crb', '--clusterrole=cr', '--user=alice', '--serviceaccount=kube-system:builder'),
  { ...create('quota', 'quota', 'q', '--hard=pods=10,requests.cpu=2'), supported: false },
];

/** The command as it reads with the files' paths left out, for the fixture index. */
export function commandLine(c: GeneratorCase): string[] {
  return c.args({ binaryFile: '<binary file>', certFile: '<cert file>', keyFile: '<key file>' });
}
