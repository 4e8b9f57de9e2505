/**
 * Every field path of a served kind, read from the generated field-type table: the same struct
 * types the decoder checks a manifest against (manifest-types.generated.ts). A path is written
 * with '.' between fields, `[*]` for every item of a list and `{*}` for every value of a map
 * (`spec.template.spec.containers[*].ports[*].containerPort`). A struct reached again below
 * itself (a recursive type) ends the walk at the field that reaches it.
 */
import { MANIFEST_TYPES } from './manifest-types.generated';
import { kindTypes, type ManifestTypeTable } from './manifest-types';
import { minorOf, type KubeVersion } from './version';

export interface FieldPath {
  /** `spec.template.spec.containers[*].image` */
  path: string;
  /** the field's type string in the table's grammar (`s`, `@core.v1.Container`, `[]@...`) */
  type: string;
}

/** Served kinds of one release, as `apiVersion Kind` keys, in the table's order. */
export function describedKinds(version: KubeVersion, table: ManifestTypeTable = MANIFEST_TYPES): string[] {
  const release = table.releases[table.readsFrom[minorOf(version)] ?? ''];
  return release ? Object.keys(release.kinds) : [];
}

/** Every field path of `apiVersion Kind` in `version` (empty when the table does not describe it). */
export function fieldPaths(kindKey: string, version: KubeVersion, table: ManifestTypeTable = MANIFEST_TYPES): FieldPath[] {
  const split = kindKey.lastIndexOf(' ');
  const types = kindTypes(kindKey.slice(0, split), kindKey.slice(split + 1), version, table);
  if (!types) return [];
  const out: FieldPath[] = [];
  const walk = (structName: string, prefix: string, seen: readonly string[]): void => {
    for (const [field, type] of Object.entries(types.struct(structName)?.fields ?? {})) {
      const path = prefix ? `${prefix}.${field}` : field;
      out.push({ path, type });
      const { struct, suffix } = elementStruct(type);
      if (struct && !seen.includes(struct)) walk(struct, path + suffix, [...seen, struct]);
    }
  };
  walk(types.root, '', [types.root]);
  return out;
}

/** The struct a field type leads to through lists and maps, and the path suffix that walks them. */
function elementStruct(type: string): { struct?: string; suffix: string } {
  let t = type.includes('~') ? type.slice(type.indexOf('~') + 1) : type;
  let suffix = '';
  for (;;) {
    if (t.startsWith('[]')) { suffix += '[*]'; t = t.slice(2); }
    else if (t.startsWith('{}')) { suffix += '{*}'; t = t.slice(2); }
    else break;
    if (t.includes('~')) t = t.slice(t.indexOf('~') + 1);
  }
  return t.startsWith('@') ? { struct: t.slice(1), suffix } : { suffix };
}
