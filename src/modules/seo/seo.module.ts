import { Module } from '@nestjs/common';
import { PostsModule } from '../posts/posts.module';
import { PublicPages } from './public-pages';

/**
 * Pages for search engines: public posts' titles and tags in the HTML, the sitemap and
 * robots.txt. `configureApp` mounts `PublicPages.handler` before the web client.
 */
@Module({
  imports: [PostsModule],
  providers: [PublicPages],
  exports: [PublicPages],
})
export class SeoModule {}
