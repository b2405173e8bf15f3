/** What representation a client asked for in its Accept header. */
export type Representation = 'object' | 'table' | 'partial-metadata';

export function representationOf(accept: string | undefined): Representation | 'unacceptable' {
  if (!accept) return 'object';
  for (const clause of accept.split(',')) {
    const [mediaType, ...params] = clause.split(';').map((s) => s.trim());
    const p = Object.fromEntries(params.map((x) => x.split('=').map((s) => s.trim()) as [string, string]));
    if (mediaType === 'application/json' || mediaType === '*/*' || mediaType === 'application/*') {
      if (p.as === undefined) return 'object';
      if (p.g === 'meta.k8s.io' && (p.v === 'v1' || p.v === 'v1beta1')) {
        if (p.as === 'Table') return 'table';
        if (p.as === 'PartialObjectMetadata' || p.as === 'PartialObjectMetadataList') return 'partial-metadata';
      }
    }
    if (mediaType === 'application/yaml') return 'object';
  }
  return 'unacceptable';
}

export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
