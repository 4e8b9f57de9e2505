/**
 * A node's images: the containerd image store, the kubelet's serial image puller
 * (serializeImagePulls defaults to true: one pull at a time, others queue behind it) and the
 * kubelet-wide image pull back-off (pkg/kubelet/images/image_manager.go, puller.go).
 */
import type { ImageBehaviour } from '../context';
import { Backoff } from './backoff';
import { normalizeImage } from './images';
import { pullNotFoundError } from './messages';
import type { Runnable } from '../clock';
import type { Timers } from './task';
import { DEFAULT_PULL_SECONDS, FAILED_PULL_SECONDS, IMAGE_BACKOFF_INITIAL_MS, IMAGE_BACKOFF_MAX_MS } from './timing';

/** chosen: a queued pull of an image another pull just fetched only resolves the manifest. */
const ALREADY_FETCHED_PULL_MS = 100;

export type PullOutcome =
  | { ok: true; pullMs: number; totalMs: number }
  | { ok: false; error: string };

/** Who hears that the set of images changed (the node status lists them). */
export interface ImageStoreListener {
  imagesChanged(): void;
}

/** Who waits for a pull. */
export interface PullWaiter {
  pulled(outcome: PullOutcome): void;
}

interface QueuedPull {
  image: string;
  queuedAt: number;
  waiter: PullWaiter;
}

/** The pull in progress: it ends when its timer runs. */
interface CurrentPull extends QueuedPull {
  fails: boolean;
  pullMs: number;
}

export class ImageService implements Runnable {
  private readonly present = new Set<string>();
  private readonly queue: QueuedPull[] = [];
  /** the pull the serial puller is doing */
  private current: CurrentPull | undefined;
  readonly backoff = new Backoff(IMAGE_BACKOFF_INITIAL_MS, IMAGE_BACKOFF_MAX_MS);
  /** the last pull error per back-off key (kubernetes#127918 shows it during ImagePullBackOff) */
  readonly lastPullError = new Map<string, string>();
  constructor(
    private readonly timers: Timers,
    private readonly behaviours: Record<string, ImageBehaviour>,
    preloaded: Iterable<string>,
    private readonly listener: ImageStoreListener,
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

  /** Queues a pull; `waiter` hears when it finished (after the pulls queued before it). */
  pull(image: string, waiter: PullWaiter): void {
    this.queue.push({ image, queuedAt: this.timers.now(), waiter });
    this.pump();
  }

  /** Forgets everything in flight (the node stopped); the store keeps its images. */
  reset(): void {
    this.queue.length = 0;
    this.current = undefined;
  }

  private pump(): void {
    if (this.current) return;
    const next = this.queue.shift();
    if (!next) return;
    const behaviour = this.behaviourOf(next.image);
    const fails = behaviour?.pull === 'fail';
    const pullMs = fails
      ? (behaviour?.pullSeconds ?? FAILED_PULL_SECONDS) * 1000
      : this.has(next.image) ? ALREADY_FETCHED_PULL_MS : (behaviour?.pullSeconds ?? DEFAULT_PULL_SECONDS) * 1000;
    this.current = { ...next, fails, pullMs };
    this.timers.after(pullMs, this);
  }

  /** The current pull ends. */
  run(): void {
    const pull = this.current!;
    this.current = undefined;
    if (pull.fails) pull.waiter.pulled({ ok: false, error: pullNotFoundError(normalizeImage(pull.image)) });
    else {
      const added = !this.has(pull.image);
      this.present.add(normalizeImage(pull.image));
      pull.waiter.pulled({ ok: true, pullMs: pull.pullMs, totalMs: this.timers.now() - pull.queuedAt });
      if (added) this.listener.imagesChanged();
    }
    this.pump();
  }

  /** The scenario's images[...] entry: by the reference as written, else by its normalized name. */
  private behaviourOf(image: string): ImageBehaviour | undefined {
    if (this.behaviours[image]) return this.behaviours[image];
    const n = normalizeImage(image);
    const key = Object.keys(this.behaviours).find((k) => normalizeImage(k) === n);
    return key === undefined ? undefined : this.behaviours[key];
  }
}
