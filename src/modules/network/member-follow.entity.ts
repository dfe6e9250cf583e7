import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Member } from '../members/member.entity';

/** `follower` follows `followed`: their posts join the follower's `feed=following`. */
@Entity('member_follows')
@Index('IDX_member_follows_followed', ['followedId', 'createdAt', 'followerId'])
@Index('IDX_member_follows_follower', ['followerId', 'createdAt', 'followedId'])
export class MemberFollow {
  @PrimaryColumn({
    name: 'follower_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_member_follows',
  })
  followerId!: string;

  @PrimaryColumn({
    name: 'followed_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_member_follows',
  })
  followedId!: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'follower_id', foreignKeyConstraintName: 'FK_member_follows_follower' })
  follower?: Member;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'followed_id', foreignKeyConstraintName: 'FK_member_follows_followed' })
  followed?: Member;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
