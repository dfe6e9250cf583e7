import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { MentionResolver } from '../mentions/mention-resolver';
import { markdownMentions, markdownUploadIds, renderMarkdown } from './markdown';

/** A post's or comment's body rendered for storage, and the members it mentions. */
export interface RenderedBody {
  bodyHtml: string;
  /** At most ten, in order of appearance. */
  mentionedIds: string[];
}

/**
 * Renders post and comment bodies at write time: its `@` mentions resolved (one query),
 * the images that are the author's own `post_image` uploads found (one query), then
 * Markdown to sanitized HTML with the resolved mentions as profile links; other images
 * become links.
 */
@Injectable()
export class PostRenderer {
  constructor(
    private readonly mentions: MentionResolver,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** `authorId`: whose uploads show as images (none without it). */
  async render(body: string, em?: EntityManager, authorId?: string): Promise<RenderedBody> {
    const { mentions, memberIds } = await this.mentions.resolve(markdownMentions(body), em);
    const ownUploads = await this.ownUploads(body, authorId, em);
    return { bodyHtml: renderMarkdown(body, mentions, ownUploads), mentionedIds: memberIds };
  }

  private async ownUploads(
    body: string,
    authorId: string | undefined,
    em?: EntityManager,
  ): Promise<Set<string>> {
    const ids = markdownUploadIds(body);
    if (authorId === undefined || ids.length === 0) return new Set();
    const rows = await (em ?? this.dataSource.manager).query<{ id: string }[]>(
      `SELECT id FROM uploads WHERE id = ANY($1::uuid[]) AND owner_id = $2 AND purpose = 'post_image'`,
      [ids, authorId],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** The members `body` mentions, without rendering (an edit's previous body). */
  async mentionedIn(body: string, em?: EntityManager): Promise<string[]> {
    return (await this.mentions.resolve(markdownMentions(body), em)).memberIds;
  }
}
