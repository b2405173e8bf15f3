import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, errors } from '../errors.ts';
import { decodeKubernetesProtobuf, ProtobufDecodeError, type KindDefaults } from '../protobuf/index.ts';
import { mediaTypeOf } from './negotiation.ts';

/** kube-apiserver's limit on request bodies. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.reject(errors.requestEntityTooLarge(MAX_BODY_BYTES));
  // Plain events rather than an async iterator: this is on every write's path.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(errors.requestEntityTooLarge(MAX_BODY_BYTES));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

const JSON_TYPES = new Set(['application/json', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', '']);

/**
 * Decodes a body as JSON, YAML where the real server accepts it, or Kubernetes protobuf (what
 * kubectl's typed `create` generators send); 400 for anything malformed.
 */
export function decodeBody(raw: Buffer, contentType: string | undefined, kind?: KindDefaults): unknown {
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === 'application/vnd.kubernetes.protobuf') {
    try {
      return decodeKubernetesProtobuf(raw, kind);
    } catch (error) {
      if (error instanceof ProtobufDecodeError) throw new ApiError({ code: error.code, reason: error.reason, message: error.message });
      throw error;
    }
  }
  const text = raw.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    if (mediaType === 'application/yaml' || mediaType === 'application/apply-patch+yaml') return parseYaml(text);
    if (!JSON_TYPES.has(mediaType)) {
      throw new ApiError({ code: 415, reason: 'UnsupportedMediaType', message: `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml` });
    }
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw errors.badRequest(`error decoding request body: ${(error as Error).message}`);
  }
}
