/**
 * EnsureImageExists of the kubelet's image manager (pkg/kubelet/images/image_manager.go): the
 * pull policy against the node's image store, the per pod and image pull back-off, and the
 * Pulling / Pulled / Failed / BackOff events.
 */
import type { Container } from 'kubernetes-types/core/v1';
import type { KubeVersion } from '../../kube/version';
import type { EventType } from '../events';
import type { ImageService, PullOutcome } from './image-service';
import { imageSize, pullPolicy } from './images';
import * as msg from './messages';
import type { Task } from './task';

export type ImageResult = { ok: true } | { ok: false; reason: 'ErrImageNeverPull' | 'ImagePullBackOff' | 'ErrImagePull'; message: string };

export interface ImageContext {
  images: ImageService;
  version: KubeVersion;
  podUid: string;
  now(): number;
  event(type: EventType, reason: string, message: string): void;
}

export function* ensureImage(ctx: ImageContext, c: Container): Task<ImageResult> {
  const image = c.image ?? '';
  const { images, version } = ctx;
  const policy = pullPolicy(c);
  const present = images.has(image);
  if (policy === 'Never' && !present) {
    const message = msg.neverPullMessage(image);
    ctx.event('Warning', 'ErrImageNeverPull', message);
    return { ok: false, reason: 'ErrImageNeverPull', message };
  }
  if (present && policy !== 'Always') {
    ctx.event('Normal', 'Pulled', msg.alreadyPresentMessage(version, image));
    return { ok: true };
  }
  const key = `${ctx.podUid}_${image}`;
  if (images.backoff.isInBackOffSinceUpdate(key, ctx.now())) {
    ctx.event('Normal', 'BackOff', msg.backOffPullMessage(image));
    return { ok: false, reason: 'ImagePullBackOff', message: msg.imagePullBackOffWaiting(version, image, images.lastPullError.get(key)) };
  }
  images.lastPullError.delete(key);
  ctx.event('Normal', 'Pulling', msg.pullingMessage(image));
  let outcome: PullOutcome | undefined;
  yield (resume) => images.pull(image, (o) => {
    outcome = o;
    resume();
  });
  const now = ctx.now();
  if (!outcome!.ok) {
    ctx.event('Warning', 'Failed', msg.failedPullMessage(image, outcome!.error));
    images.backoff.next(key, now, now);
    images.lastPullError.set(key, outcome!.error);
    return { ok: false, reason: 'ErrImagePull', message: outcome!.error };
  }
  ctx.event('Normal', 'Pulled', msg.pulledMessage(version, image, outcome!.pullMs, outcome!.totalMs, imageSize(image)));
  images.backoff.gc(now);
  return { ok: true };
}
