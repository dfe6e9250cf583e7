import { CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Member } from '../members/member.entity';

/** A member follows a tag: posts with it join their `feed=following`. */
@Entity('tag_follows')
export class TagFollow {
  @PrimaryColumn({ name: 'member_id', type: 'uuid', primaryKeyConstraintName: 'PK_tag_follows' })
  memberId!: string;

  /** Lower-cased and trimmed, as posts store their tags. */
  @PrimaryColumn({ type: 'varchar', length: 32, primaryKeyConstraintName: 'PK_tag_follows' })
  tag!: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'FK_tag_follows_member' })
  member?: Member;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
