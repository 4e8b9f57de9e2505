/**
 * A node's images: the containerd image store, the kubelet's serial image puller
 * (serializeImagePulls defaults to true: one pull at a time, others queue behind it) and the
 * kubelet-wide image pull back-off (pkg/kubelet/images/image_manager.go, puller.go).
 */
import type { ImageBehaviour } from '../context';
import { Backoff } from './backoff';
import { normalizeImage } from './images';
import { pullNotFoundError } from './messages';
import type { Timers } from './task';
import { DEFAULT_PULL_SECONDS, FAILED_PULL_SECONDS, IMAGE_BACKOFF_INITIAL_MS, IMAGE_BACKOFF_MAX_MS } from './timing';

/** chosen: a queued pull of an image another pull just fetched only resolves the manifest. */
const ALREADY_FETCHED_PULL_MS = 100;

export type PullOutcome =
  | { ok: true; pullMs: number; totalMs: number }
  | { ok: false; error: string };

interface QueuedPull {
  image: string;
  queuedAt: number;
  done: (r: PullOutcome) => void;
}

export class ImageService {
  private readonly present = new Set<string>();
  private readonly queue: QueuedPull[] = [];
  private busy = false;
  readonly backoff = new Backoff(IMAGE_BACKOFF_INITIAL_MS, IMAGE_BACKOFF_MAX_MS);
  /** the last pull error per back-off key (kubernetes#127918 shows it during ImagePullBackOff) */
  readonly lastPullError = new Map<string, string>();
  /** called when the set of images changes (node status lists them) */
  onChange: () => void = () => {};

  constructor(
    private readonly timers: Timers,
    private readonly behaviours: Record<string, ImageBehaviour>,
    preloaded: Iterable<string>,
  ) {
    for (const i of preloaded) this.present.add(normalizeImage(i));
  }

  has(image: string): boolean {
    return this.present.has(normalizeImage(image));
  }

  /** Images in the store, as their normalized names. */
  list(): string[] {
    return [...this.present];
  }

  /** Queues a pull; `done` runs when it finished (after the pulls queued before it). */
  pull(image: string, done: (r: PullOutcome) => void): void {
    this.queue.push({ image, queuedAt: this.timers.now(), done });
    this.pump();
  }

  /** Forgets everything in flight (the node stopped); the store keeps its images. */
  reset(): void {
    this.queue.length = 0;
    this.busy = false;
  }

  private pump(): void {
    if (this.busy) return;
    const next = this.queue.shift();
    if (!next) return;
    this.busy = true;
    const behaviour = this.behaviourOf(next.image);
    const fails = behaviour?.pull === 'fail';
    const pullMs = fails
      ? (behaviour?.pullSeconds ?? FAILED_PULL_SECONDS) * 1000
      : this.has(next.image) ? ALREADY_FETCHED_PULL_MS : (behaviour?.pullSeconds ?? DEFAULT_PULL_SECONDS) * 1000;
    this.timers.after(pullMs, () => {
      this.busy = false;
      if (fails) next.done({ ok: false, error: pullNotFoundError(normalizeImage(next.image)) });
      else {
        const added = !this.has(next.image);
        this.present.add(normalizeImage(next.image));
        next.done({ ok: true, pullMs, totalMs: this.timers.now() - next.queuedAt });
        if (added) this.onChange();
      }
      this.pump();
    });
  }

  /** The scenario's images[...] entry: by the reference as written, else by its normalized name. */
  private behaviourOf(image: string): ImageBehaviour | undefined {
    if (this.behaviours[image]) return this.behaviours[image];
    const n = normalizeImage(image);
    const key = Object.keys(this.behaviours).find((k) => normalizeImage(k) === n);
    return key === undefined ? undefined : this.behaviours[key];
  }
}
