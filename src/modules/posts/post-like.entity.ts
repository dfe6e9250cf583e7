import { CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('post_likes')
@Index('IDX_post_likes_member', ['memberId'])
export class PostLike {
  @PrimaryColumn({ name: 'post_id', type: 'uuid' })
  postId!: string;

  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
