/**
 * Content negotiation on the Accept header (apiserver pkg/endpoints/handlers/negotiation): the
 * alternative representations clients ask for with media type parameters — a Table
 * (`as=Table;g=meta.k8s.io;v=v1|v1beta1`), partial object metadata
 * (`as=PartialObjectMetadata[List]`) and aggregated discovery
 * (`as=APIGroupDiscoveryList;g=apidiscovery.k8s.io;v=v2|v2beta1`). The first acceptable entry wins;
 * plain application/json means the object itself.
 */
export type Representation =
  | { as: 'object' }
  | { as: 'table'; version: 'v1' | 'v1beta1' }
  | { as: 'partial'; list: boolean }
  | { as: 'aggregated'; version: 'v2' | 'v2beta1' };

interface MediaType {
  type: string;
  params: Record<string, string>;
}

function parseAccept(header: string | undefined): MediaType[] {
  if (!header) return [];
  return header.split(',').map((entry) => {
    const [type, ...rest] = entry.split(';').map((s) => s.trim());
    const params: Record<string, string> = {};
    for (const p of rest) {
      const i = p.indexOf('=');
      if (i > 0) params[p.slice(0, i).trim()] = p.slice(i + 1).trim();
    }
    return { type: type ?? '', params };
  });
}

/** What the client accepts, in its order of preference. */
export function negotiate(header: string | undefined): Representation {
  for (const m of parseAccept(header)) {
    const { as, g, v } = m.params;
    if (m.type !== 'application/json' && m.type !== '*/*' && m.type !== 'application/*') continue;
    if (!as) return { as: 'object' };
    if (as === 'Table' && g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1')) return { as: 'table', version: v };
    if ((as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') && g === 'meta.k8s.io') return { as: 'partial', list: as.endsWith('List') };
    if (as === 'APIGroupDiscoveryList' && g === 'apidiscovery.k8s.io' && (v === 'v2' || v === 'v2beta1')) return { as: 'aggregated', version: v };
  }
  return { as: 'object' };
}
