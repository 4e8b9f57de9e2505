/**
 * The objects of apply/create steps, from wherever the scenario writes them: a file next to it,
 * an inline YAML text, one object or a list. Each keeps positions in the file the user edits
 * (inside a `|` block too), and is checked the way the emulated API server would judge it.
 */
import * as path from 'path';
import { isScalar, type Document, type Node } from 'yaml';
import { InputError, type SourceLocation } from '../errors';
import type { KObject } from '../kube/object';
import type { KubeVersion } from '../kube/version';
import { checkManifest } from '../kube/manifest-check';
import type { ResolvedManifest, YamlPath } from './loaded';
import { locatorFor, type Locator } from './locator';
import { fieldName } from './problem';
import { findMatchers } from '../check/matchers';
import { parseYaml, filePositions, type OffsetToLocation, type ParsedYaml, type PositionMap } from './source';
import { isMap } from './step-shape';
import { documentValue } from './values';

/** Reads a file; undefined when it does not exist or cannot be read. */
export type ReadFile = (file: string) => Promise<string | undefined>;

/**
 * Manifest files read and parsed so far, by the path they were read from (undefined: not
 * readable). Scenarios apply the same file again and again (a suite's shared manifests/ directory,
 * one file in several steps); it is read, parsed and checked against the API of a version once per
 * load. The parsed documents are only read, and every use builds its own objects from them.
 */
export type ManifestFiles = Map<string, Promise<ManifestFile | undefined>>;

interface ManifestFile {
  parsed: ParsedYaml;
  /** what the API check found in the file's objects, by Kubernetes version (the same objects every time) */
  apiErrors: Map<KubeVersion, InputError[]>;
}

export interface ManifestContext {
  scenarioFile: string;
  /** the scenario's text, document, positions and locator */
  text: string;
  /** the scenario's text split into lines, when an inline manifest first needs them */
  lines: () => readonly string[];
  doc: Document;
  at: OffsetToLocation;
  locator: Locator;
  version: KubeVersion;
  readFile: ReadFile;
  manifestFiles: ManifestFiles;
}

export interface ManifestsResult {
  manifests: ResolvedManifest[];
  errors: InputError[];
}

/**
 * Resolves the value of an apply/create step at `valuePath`. With `expectError` the API is
 * expected to refuse the objects, so they are not checked against the API rules here.
 */
export async function resolveManifests(value: unknown, valuePath: YamlPath, expectError: boolean, ctx: ManifestContext): Promise<ManifestsResult> {
  let found: ManifestsResult & { apiErrors?: ManifestFile['apiErrors'] };
  if (typeof value === 'string') {
    found = value.includes('\n') ? inlineManifests(value, valuePath, ctx) : await fileManifests(value, valuePath, ctx);
  } else if (Array.isArray(value)) {
    found = { manifests: value.filter(isMap).map((item, i) => objectManifest(item, [...valuePath, i], ctx.locator)), errors: [] };
  } else if (isMap(value)) {
    found = { manifests: [objectManifest(value, valuePath, ctx.locator)], errors: [] };
  } else {
    return { manifests: [], errors: [] }; // the schema reports the wrong type
  }
  if (expectError) return found;
  const apiErrors = found.apiErrors?.get(ctx.version) ?? found.manifests.flatMap((m) => apiProblems(m, ctx.version));
  found.apiErrors?.set(ctx.version, apiErrors);
  return { manifests: found.manifests, errors: [...found.errors, ...apiErrors] };
}

function objectManifest(object: Record<string, unknown>, at: YamlPath, locator: Locator): ResolvedManifest {
  return { object: object as KObject, location: locator.locate(at), locate: (p) => locator.locate([...at, ...p]), locateKey: (p) => locator.locateKey([...at, ...p]) };
}

function apiProblems(m: ResolvedManifest, version: KubeVersion): InputError[] {
  const o = m.object as unknown as Record<string, unknown>;
  // Objects without apiVersion or kind are reported by the schema (or below); the API check needs both.
  if (typeof o['apiVersion'] !== 'string' || typeof o['kind'] !== 'string') return [];
  const problems = checkManifest(m.object, version);
  if (problems.length === 0) return [];
  // A matcher in a manifest is reported as misplaced (manifestShape, the schema); what the API
  // would make of the marker object standing in for it is no news.
  const matchers = findMatchers(m.object).map((f) => f.path);
  const atMatcher = (path: YamlPath) => matchers.some((mp) => mp.length <= path.length && mp.every((seg, i) => seg === path[i]));
  return problems
    .filter((p) => !atMatcher(p.path))
    .map((p) => new InputError(p.code, p.message, (p.atKey && m.locateKey ? m.locateKey : m.locate)(p.path), p.hint));
}

async function fileManifests(relative: string, valuePath: YamlPath, ctx: ManifestContext): Promise<ManifestsResult & { apiErrors?: ManifestFile['apiErrors'] }> {
  const file = path.isAbsolute(relative) ? relative : path.join(path.dirname(ctx.scenarioFile), relative);
  const read = await manifestFile(file, ctx);
  if (read === undefined) {
    const looksInline = /:\s/.test(relative);
    return {
      manifests: [],
      errors: [
        new InputError(
          'FILE_NOT_FOUND',
          `manifest file '${relative}' not found (looked for ${file})`,
          ctx.locator.locate(valuePath),
          looksInline ? 'inline YAML must be a block of several lines: write "apply: |" and the objects below it' : 'paths are relative to the scenario file',
        ),
      ],
    };
  }
  return { ...documentsOf(read.parsed, ctx.locator.locate(valuePath)), apiErrors: read.apiErrors };
}

function manifestFile(file: string, ctx: ManifestContext): Promise<ManifestFile | undefined> {
  let read = ctx.manifestFiles.get(file);
  if (!read) {
    read = ctx.readFile(file).then((text) => (text === undefined ? undefined : { parsed: parseYaml(text, filePositions(file)), apiErrors: new Map() }));
    ctx.manifestFiles.set(file, read);
  }
  return read;
}

function inlineManifests(text: string, valuePath: YamlPath, ctx: ManifestContext): ManifestsResult {
  const node = ctx.doc.getIn(valuePath, true) as Node | undefined;
  const start = ctx.locator.locate(valuePath);
  return documentsOf(parseYaml(text, blockPositions(node, text, ctx) ?? (() => start)), start);
}

/**
 * Positions inside a literal block (`|`): its lines are the file's lines after the header, each
 * indented by the block's indentation. Other string styles fold or unescape their text, so
 * their inner positions are not mapped (everything points at the string's start).
 */
function blockPositions(node: Node | undefined, value: string, ctx: ManifestContext): PositionMap | undefined {
  if (!isScalar(node) || node.type !== 'BLOCK_LITERAL' || !node.range) return undefined;
  const header = ctx.at(node.range[0]);
  const fileLines = ctx.lines();
  const valueLines = value.split('\n');
  const first = valueLines.findIndex((l) => l.trim() !== '');
  if (first < 0) return undefined;
  const sourceLine = fileLines[header.line + first] ?? '';
  const indent = sourceLine.length - valueLines[first]!.length;
  if (indent < 0) return undefined;
  return (line, column) => ({ file: header.file, line: header.line + line, column: indent + column });
}

function documentsOf(parsed: ParsedYaml, fallback: SourceLocation): ManifestsResult {
  const text = parsed.text;
  if (parsed.errors.length > 0) return { manifests: [], errors: parsed.errors };
  const manifests: ResolvedManifest[] = [];
  const errors: InputError[] = [];
  for (const doc of parsed.docs) {
    const contents = doc.contents as Node;
    const location = contents.range ? parsed.at(contents.range[0]) : fallback;
    const locator = locatorFor(doc, text, parsed.at, location);
    const converted = documentValue(doc, text, parsed.at);
    errors.push(...converted.errors);
    const shapeErrors = manifestShape(converted.value, locator);
    if (shapeErrors.length > 0) {
      errors.push(...shapeErrors);
      continue;
    }
    manifests.push({ object: converted.value as KObject, location, locate: (p) => locator.locate(p), locateKey: (p) => locator.locateKey(p) });
  }
  return { manifests, errors };
}

/** What kubectl checks before sending (its messages: "apiVersion not set", "kind not set"), and no matchers. */
function manifestShape(value: unknown, locator: Locator): InputError[] {
  if (!isMap(value)) {
    return [new InputError('MANIFEST_INVALID', 'a manifest must be a map with apiVersion, kind and metadata', locator.locate([]))];
  }
  const errors: InputError[] = [];
  for (const field of ['apiVersion', 'kind']) {
    if (typeof value[field] !== 'string' || value[field] === '') {
      errors.push(new InputError('MANIFEST_INVALID', `${field} not set`, locator.locate(field in value ? [field] : [])));
    }
  }
  for (const { path: at, matcher } of findMatchers(value)) {
    errors.push(new InputError('SCHEMA', `${fieldName(at)}: the matcher !${matcher.kind} cannot be used in a manifest`, matcher.location ?? locator.locate(at), 'matchers belong in expect, expectHistory and expectError'));
  }
  return errors;
}
