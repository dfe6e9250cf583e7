import { Injectable } from '@nestjs/common';
import type { DiscussionNamespace } from './discussion.events';

/**
 * Holds the gateway's namespace once it is initialized, so the presence tracker and the
 * domain-event listener can reach the sockets without being the gateway.
 */
@Injectable()
export class DiscussionServer {
  private namespace?: DiscussionNamespace;

  attach(namespace: DiscussionNamespace): void {
    this.namespace = namespace;
  }

  /** `undefined` before the gateway is initialized (or in an app without sockets). */
  get nsp(): DiscussionNamespace | undefined {
    return this.namespace;
  }
}
