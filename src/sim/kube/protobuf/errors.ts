/**
 * Why a protobuf request body could not be turned into an object, with the answer the API server
 * gives: 400 for a body that is not valid Kubernetes protobuf, 415 for a kind the simulator has no
 * protobuf schema for (the real server would decode it; the client can send JSON instead).
 */
export class ProtobufDecodeError extends Error {
  readonly code: 400 | 415;
  readonly reason: 'BadRequest' | 'UnsupportedMediaType';

  constructor(code: 400 | 415, message: string) {
    super(message);
    this.name = 'ProtobufDecodeError';
    this.code = code;
    this.reason = code === 400 ? 'BadRequest' : 'UnsupportedMediaType';
  }

  static malformed(message: string): ProtobufDecodeError {
    return new ProtobufDecodeError(400, message);
  }

  static unsupportedKind(apiVersion: string, kind: string): ProtobufDecodeError {
    return new ProtobufDecodeError(
      415,
      `the simulated API server does not decode protobuf for ${kind} (${apiVersion}); send it as JSON instead, e.g. write a manifest and use \`kubectl create -f\` or \`kubectl apply -f\``,
    );
  }
}
