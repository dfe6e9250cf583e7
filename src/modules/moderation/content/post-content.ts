import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthMember } from '../../../common/auth/auth-member';
import { PostsService } from '../../posts/posts.service';
import type { ReportableContent, ReportableTarget } from './reportable-content';

@Injectable()
export class PostContent implements ReportableContent {
  readonly type = 'post' as const;

  constructor(private readonly posts: PostsService) {}

  find(id: string, reporter: AuthMember): Promise<ReportableTarget | null> {
    return this.posts.findPostForReport(id, reporter);
  }

  hide(em: EntityManager, id: string): Promise<boolean> {
    return this.posts.hidePost(em, id);
  }
}

@Injectable()
export class CommentContent implements ReportableContent {
  readonly type = 'comment' as const;

  constructor(private readonly posts: PostsService) {}

  find(id: string, reporter: AuthMember): Promise<ReportableTarget | null> {
    return this.posts.findCommentForReport(id, reporter);
  }

  hide(em: EntityManager, id: string): Promise<boolean> {
    return this.posts.hideComment(em, id);
  }
}
