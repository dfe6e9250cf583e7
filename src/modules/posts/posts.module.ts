import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { MentionsModule } from '../mentions/mentions.module';
import { UploadsModule } from '../uploads/uploads.module';
import { PostComment } from './comment.entity';
import { CommentsService } from './comments.service';
import { PostLike } from './post-like.entity';
import { BookmarksController, MemberPostsController } from './bookmarks.controller';
import { BookmarksPersonalData } from './bookmarks.personal-data';
import { PostBookmark } from './post-bookmark.entity';
import { PostListsService } from './post-lists.service';
import { Post } from './post.entity';
import { PostImageAccess } from './post-image-access';
import { PostRenderer } from './post-renderer';
import { PostVisibilityService } from './post-visibility.service';
import { CommentsController, PostsController, TagsController } from './posts.controller';
import { PostsService } from './posts.service';
import { PostsPersonalData } from './posts.personal-data';
import { CommentReportableContent, PostReportableContent } from './posts.reportable-content';

@Module({
  imports: [
    TypeOrmModule.forFeature([Post, PostComment, PostLike, PostBookmark]),
    AuditModule,
    MentionsModule,
    UploadsModule,
  ],
  controllers: [
    PostsController,
    CommentsController,
    TagsController,
    BookmarksController,
    MemberPostsController,
  ],
  providers: [
    PostsService,
    CommentsService,
    PostListsService,
    BookmarksPersonalData,
    PostsPersonalData,
    PostVisibilityService,
    PostRenderer,
    PostImageAccess,
    PostReportableContent,
    CommentReportableContent,
  ],
  exports: [PostsService, PostVisibilityService],
})
export class PostsModule {}
