import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { VISIBILITIES, type Visibility } from './post.types';

@Entity('posts')
@Index('IDX_posts_feed', ['createdAt', 'id'])
@Index('IDX_posts_author', ['authorId', 'createdAt'])
@Index('IDX_posts_created_author', ['createdAt', 'authorId'])
// GIN indexes: created by hand in the migration (TypeORM's diff cannot see them).
@Index('IDX_posts_tags', { synchronize: false })
@Index('IDX_posts_search_tokens', { synchronize: false })
export class Post {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  /** Markdown as written. */
  @Column({ type: 'text' })
  body!: string;

  /** `body` rendered and sanitized when written; reads never render. */
  @Column({ name: 'body_html', type: 'text' })
  bodyHtml!: string;

  /** The first image of the body that is the author's own upload (`coverImageUrl`). */
  @Column({ name: 'cover_upload_id', type: 'uuid', nullable: true })
  coverUploadId!: string | null;

  /**
   * Plain text of `body` for lists, at most 200 code points (see excerpt.ts): computed when
   * written, so lists never read or render the body.
   */
  @Column({ type: 'varchar', length: 200, default: '' })
  excerpt!: string;

  /** Lower-cased, trimmed, distinct, at most five. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ type: 'enum', enum: VISIBILITIES, default: 'public' })
  visibility!: Visibility;

  /** Distinct search tokens of title, body and tags (see common/search/search-tokens.ts). */
  @Column({ name: 'search_tokens', type: 'text', array: true, default: () => "'{}'" })
  searchTokens!: string[];

  /**
   * Weights of the post's heaviest search tokens (see `documentWeights`): search ranks from
   * these instead of reading title and body again.
   */
  @Column({ name: 'search_weights', type: 'jsonb', default: () => "'{}'" })
  searchWeights!: Record<string, number>;

  /** Kept by the like routes in the same transaction as the like row. */
  @Column({ name: 'like_count', type: 'integer', default: 0 })
  likeCount!: number;

  /** Soft delete by the author or a moderator. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  /** When the title or body last changed after creation; `null` if they never did. */
  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt!: Date | null;

  /** Hidden by a moderator (a resolved report). */
  @Column({ name: 'hidden_at', type: 'timestamptz', nullable: true })
  hiddenAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
