import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MentionResolver } from '../mentions/mention-resolver';
import { markdownMentions, renderMarkdown } from './markdown';

/** A post's or comment's body rendered for storage, and the members it mentions. */
export interface RenderedBody {
  bodyHtml: string;
  /** At most ten, in order of appearance. */
  mentionedIds: string[];
}

/**
 * Renders post and comment bodies at write time: its `@` mentions resolved (one query),
 * then Markdown to sanitized HTML with the resolved mentions as profile links.
 */
@Injectable()
export class PostRenderer {
  constructor(private readonly mentions: MentionResolver) {}

  async render(body: string, em?: EntityManager): Promise<RenderedBody> {
    const { mentions, memberIds } = await this.mentions.resolve(markdownMentions(body), em);
    return { bodyHtml: renderMarkdown(body, mentions), mentionedIds: memberIds };
  }

  /** The members `body` mentions, without rendering (an edit's previous body). */
  async mentionedIn(body: string, em?: EntityManager): Promise<string[]> {
    return (await this.mentions.resolve(markdownMentions(body), em)).memberIds;
  }
}
