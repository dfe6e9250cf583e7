import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Member } from '../members/member.entity';
import { Post } from './post.entity';

/** A member kept a post to read again (`GET /api/members/me/bookmarks`). */
@Entity('post_bookmarks')
@Index('IDX_post_bookmarks_member_created', ['memberId', 'createdAt', 'postId'])
@Index('IDX_post_bookmarks_post', ['postId'])
export class PostBookmark {
  @PrimaryColumn({ name: 'member_id', type: 'uuid', primaryKeyConstraintName: 'PK_post_bookmarks' })
  memberId!: string;

  @PrimaryColumn({ name: 'post_id', type: 'uuid', primaryKeyConstraintName: 'PK_post_bookmarks' })
  postId!: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'FK_post_bookmarks_member' })
  member?: Member;

  @ManyToOne(() => Post, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_id', foreignKeyConstraintName: 'FK_post_bookmarks_post' })
  post?: Post;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
