/**
 * The shape of the generated field-type table (manifest-types.generated.ts, written by
 * scripts/generate-manifest-types.js from Kubernetes' OpenAPI v3 documents) and its look-ups.
 * A field type is a compact string; see the script for the grammar.
 */
import { MANIFEST_TYPES } from './manifest-types.generated';
import { minorOf, type KubeVersion } from './version';

export interface StructType {
  /** JSON field name -> field type */
  fields: Record<string, string>;
  /** JSON field name -> the embedded Go structs it is promoted from (`VolumeSource`, `TypeMeta`) */
  embedded?: Record<string, string>;
}

export interface ReleaseTypes {
  /** the module the OpenAPI documents were read from */
  source: string;
  /** `apps/v1 Deployment` -> its struct type */
  kinds: Record<string, string>;
  /** the newer release whose struct types these extend (none: the table's `types`) */
  basedOn?: string;
  /** struct types that differ from those of `basedOn` */
  types: Record<string, StructType>;
}

export interface ManifestTypeTable {
  /** supported minor -> the release whose documents describe it (the nearest newer one on disk) */
  readsFrom: Record<string, string>;
  releases: Record<string, ReleaseTypes>;
  /** the newest release's struct types, by short name (`apps.v1.DeploymentSpec`) */
  types: Record<string, StructType>;
}

/** The struct types of one served version, or undefined when its documents do not describe the kind. */
export interface KindTypes {
  root: string;
  struct(name: string): StructType | undefined;
}

export function kindTypes(apiVersion: string, kind: string, version: KubeVersion, table: ManifestTypeTable = MANIFEST_TYPES): KindTypes | undefined {
  const release = table.releases[table.readsFrom[minorOf(version)] ?? ''];
  const root = release && Object.hasOwn(release.kinds, `${apiVersion} ${kind}`) ? release.kinds[`${apiVersion} ${kind}`] : undefined;
  if (!release || !root) return undefined;
  const struct = (name: string): StructType | undefined => {
    for (let r: ReleaseTypes | undefined = release; r; r = r.basedOn ? table.releases[r.basedOn] : undefined) {
      if (Object.hasOwn(r.types, name)) return r.types[name];
    }
    return Object.hasOwn(table.types, name) ? table.types[name] : undefined;
  };
  return { root, struct };
}
