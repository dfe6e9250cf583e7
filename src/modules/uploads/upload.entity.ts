import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Member } from '../members/member.entity';
import { UPLOAD_PURPOSES, type UploadPurpose } from './upload-processing';

/**
 * A file a member uploaded. The bytes live in the storage under content-addressed keys
 * (`storage_key`, and `webp_key` for an image's WebP variant); rows are what access and
 * the clean-up read. `application_id` is set when a Golden Crown application cites the
 * file as evidence (its decision starts the retention period).
 */
@Entity('uploads')
@Index('IDX_uploads_owner_created', ['ownerId', 'createdAt'])
@Index('IDX_uploads_storage_key', ['storageKey'])
export class Upload {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_uploads' })
  id!: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId!: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'FK_uploads_owner' })
  owner?: Member;

  @Column({ type: 'enum', enum: UPLOAD_PURPOSES })
  purpose!: UploadPurpose;

  @Column({ name: 'content_type', type: 'varchar', length: 64 })
  contentType!: string;

  @Column({ type: 'integer' })
  bytes!: number;

  @Column({ type: 'integer', nullable: true })
  width!: number | null;

  @Column({ type: 'integer', nullable: true })
  height!: number | null;

  @Column({ name: 'storage_key', type: 'varchar', length: 80 })
  storageKey!: string;

  @Column({ name: 'webp_key', type: 'varchar', length: 80, nullable: true })
  webpKey!: string | null;

  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A storage key whose rows are gone: deleted from the store once no row uses it. */
@Entity('upload_garbage')
export class UploadGarbage {
  @PrimaryColumn({
    name: 'storage_key',
    type: 'varchar',
    length: 80,
    primaryKeyConstraintName: 'PK_upload_garbage',
  })
  storageKey!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
