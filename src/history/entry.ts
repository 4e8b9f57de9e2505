/**
 * The recorded history of a run: every observed change of every object, in order, plus markers
 * for the start and end of each step (history windows refer to step names).
 */
import type { KObject } from '../kube/object';

export interface ObjectChange {
  /** milliseconds since the scenario started, on the backend's clock */
  t: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  kind: string;
  namespace?: string;
  name: string;
  /** the object after the change (for DELETED: its last state) */
  object: KObject;
}

export interface StepMarker {
  t: number;
  type: 'STEP_START' | 'STEP_END';
  step: string;
}

export type HistoryEntry = ObjectChange | StepMarker;

export function isObjectChange(e: HistoryEntry): e is ObjectChange {
  return e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED';
}
