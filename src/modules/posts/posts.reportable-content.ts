import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import {
  ReportableContentSource,
  type ReportableContent,
  type ReportableTarget,
} from '../../common/moderation/reportable-content';
import { CommentsService } from './comments.service';
import { PostsService } from './posts.service';

/** Posts as moderation sees them: a hidden post is gone for members, kept for moderators. */
@Injectable()
@ReportableContentSource()
export class PostReportableContent implements ReportableContent {
  readonly type = 'post';

  constructor(private readonly posts: PostsService) {}

  find(id: string, reporter: AuthMember): Promise<ReportableTarget | null> {
    return this.posts.findPostForReport(id, reporter);
  }

  hide(em: EntityManager, id: string): Promise<boolean> {
    return this.posts.hidePost(em, id);
  }
}

/** Comments as moderation sees them: reportable while they and their post are shown. */
@Injectable()
@ReportableContentSource()
export class CommentReportableContent implements ReportableContent {
  readonly type = 'comment';

  constructor(private readonly comments: CommentsService) {}

  find(id: string, reporter: AuthMember): Promise<ReportableTarget | null> {
    return this.comments.findForReport(id, reporter);
  }

  hide(em: EntityManager, id: string): Promise<boolean> {
    return this.comments.hide(em, id);
  }
}
