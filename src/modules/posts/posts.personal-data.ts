import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';
import { PostComment } from './comment.entity';
import { PostLike } from './post-like.entity';
import { Post } from './post.entity';

/**
 * The member's posts, comments and likes. On erasure they all stay: the content is the
 * community's, shown under "deleted member", and a like points at an id that no longer
 * identifies anyone.
 */
@Injectable()
@PersonalDataSource()
export class PostsPersonalData implements PersonalData {
  readonly section = 'posts';

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async export(memberId: string): Promise<unknown> {
    const em = this.dataSource.manager;
    const [posts, comments, likes] = await Promise.all([
      em.find(Post, { where: { authorId: memberId }, order: { createdAt: 'ASC' } }),
      em.find(PostComment, { where: { authorId: memberId }, order: { createdAt: 'ASC' } }),
      em.find(PostLike, { where: { memberId }, order: { createdAt: 'ASC' } }),
    ]);
    return {
      posts: posts.map((post) => ({
        id: post.id,
        title: post.title,
        body: post.body,
        tags: post.tags,
        visibility: post.visibility,
        deletedAt: post.deletedAt?.toISOString() ?? null,
        hiddenAt: post.hiddenAt?.toISOString() ?? null,
        createdAt: post.createdAt.toISOString(),
        updatedAt: post.updatedAt.toISOString(),
      })),
      comments: comments.map((comment) => ({
        id: comment.id,
        postId: comment.postId,
        parentId: comment.parentId,
        body: comment.body,
        deletedAt: comment.deletedAt?.toISOString() ?? null,
        hiddenAt: comment.hiddenAt?.toISOString() ?? null,
        createdAt: comment.createdAt.toISOString(),
      })),
      likes: likes.map((like) => ({
        postId: like.postId,
        createdAt: like.createdAt.toISOString(),
      })),
    };
  }

  async erase(): Promise<void> {}
}
