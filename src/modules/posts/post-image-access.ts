import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { uploadUrl } from '../uploads/upload-url';
import { UploadsService } from '../uploads/uploads.service';
import { notRemoved } from './post-query';
import { visibleLevels } from './post.types';

/**
 * Who may see a post image: whoever may see a post or comment of its uploader that shows it
 * (Markdown shows only the author's own uploads). The posts feature gives the uploads
 * feature this rule, so storage knows owners by id only.
 */
@Injectable()
export class PostImageAccess implements OnModuleInit {
  constructor(
    private readonly uploads: UploadsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.uploads.addReadRule('post_image', (viewer, upload) => this.shows(viewer, upload));
  }

  private async shows(
    viewer: AuthMember | undefined,
    upload: { id: string; ownerId: string },
  ): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM posts p
        WHERE p.author_id = $1 AND ${notRemoved('p', undefined)} AND p.visibility = ANY($3)
          AND p.body LIKE $2
       UNION ALL
       SELECT 1 FROM post_comments c JOIN posts p ON p.id = c.post_id
        WHERE c.author_id = $1 AND ${notRemoved('c', undefined)} AND ${notRemoved('p', undefined)}
          AND p.visibility = ANY($3) AND c.body LIKE $2
       LIMIT 1`,
      [upload.ownerId, `%${uploadUrl(upload.id)}%`, visibleLevels(viewer)],
    );
    return rows.length > 0;
  }
}
