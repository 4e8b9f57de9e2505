/**
 * EnsureImageExists of the kubelet's image manager (pkg/kubelet/images/image_manager.go): the
 * pull policy against the node's image store, the per pod and image pull back-off, and the
 * Pulling / Pulled / Failed / BackOff events.
 */
import type { Container } from 'kubernetes-types/core/v1';
import type { KubeVersion } from '../../kube/version';
import type { EventType } from '../events';
import type { ImageService, PullOutcome, PullWaiter } from './image-service';
import { imageSize, pullPolicy } from './images';
import * as msg from './messages';
import { result, waitFor, type Resume, type Signal, type Step, type Task } from './task';

export type ImageResult = { ok: true } | { ok: false; reason: 'ErrImageNeverPull' | 'ImagePullBackOff' | 'ErrImagePull'; message: string };

export interface ImageContext {
  images: ImageService;
  version: KubeVersion;
  podUid: string;
  now(): number;
  event(type: EventType, reason: string, message: string): void;
}

/** EnsureImageExists for one container: its result says whether the container can be created. */
export class EnsureImage implements Task<ImageResult>, Signal, PullWaiter {
  /** the pull's outcome, once it ended; undefined before the pull (or when none was needed) */
  private outcome: PullOutcome | undefined;
  private resume: Resume | undefined;
  private pulling = false;

  constructor(
    private readonly ctx: ImageContext,
    private readonly c: Container,
  ) {}

  next(): Step<ImageResult> {
    return this.pulling ? this.afterPull() : this.beforePull();
  }

  private beforePull(): Step<ImageResult> {
    const { ctx } = this;
    const image = this.c.image ?? '';
    const { images, version } = ctx;
    const policy = pullPolicy(this.c);
    const present = images.has(image);
    if (policy === 'Never' && !present) {
      const message = msg.neverPullMessage(image);
      ctx.event('Warning', 'ErrImageNeverPull', message);
      return result({ ok: false, reason: 'ErrImageNeverPull', message });
    }
    if (present && policy !== 'Always') {
      ctx.event('Normal', 'Pulled', msg.alreadyPresentMessage(version, image));
      return result({ ok: true });
    }
    const key = this.backoffKey();
    if (images.backoff.isInBackOffSinceUpdate(key, ctx.now())) {
      ctx.event('Normal', 'BackOff', msg.backOffPullMessage(image));
      return result({ ok: false, reason: 'ImagePullBackOff', message: msg.imagePullBackOffWaiting(version, image, images.lastPullError.get(key)) });
    }
    images.lastPullError.delete(key);
    ctx.event('Normal', 'Pulling', msg.pullingMessage(image));
    this.pulling = true;
    return waitFor(this);
  }

  arm(resume: Resume): void {
    this.resume = resume;
    this.ctx.images.pull(this.c.image ?? '', this);
  }

  pulled(outcome: PullOutcome): void {
    this.outcome = outcome;
    this.resume!.wake();
  }

  private afterPull(): Step<ImageResult> {
    const { ctx } = this;
    const image = this.c.image ?? '';
    const { images } = ctx;
    const outcome = this.outcome!;
    const now = ctx.now();
    if (!outcome.ok) {
      ctx.event('Warning', 'Failed', msg.failedPullMessage(image, outcome.error));
      images.backoff.next(this.backoffKey(), now, now);
      images.lastPullError.set(this.backoffKey(), outcome.error);
      return result({ ok: false, reason: 'ErrImagePull', message: outcome.error });
    }
    ctx.event('Normal', 'Pulled', msg.pulledMessage(ctx.version, image, outcome.pullMs, outcome.totalMs, imageSize(image)));
    images.backoff.gc(now);
    return result({ ok: true });
  }

  /** the back-off is per pod and image */
  private backoffKey(): string {
    return `${this.ctx.podUid}_${this.c.image ?? ''}`;
  }
}
